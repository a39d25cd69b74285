using System.Data.Common;

namespace LlmCost.Core.Storage.Sql
{
    /// <summary>
    /// What the engine-neutral repositories in this folder need from a storage engine (SQLite, PostgreSQL): a
    /// connection, and a transaction that writes. Their SQL is the subset both engines speak (ON CONFLICT, RETURNING,
    /// @named parameters, double-quoted names).
    /// </summary>
    internal abstract class SqlEngine
    {
        /// <summary>An open connection, set up for this store.</summary>
        public abstract DbConnection Open();

        /// <summary>A transaction that will write (SQLite takes the write lock at once, so it never has to upgrade and fail).</summary>
        public abstract DbTransaction BeginWrite(DbConnection connection);
    }
}
