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

        /// <summary>
        /// Makes writers of <paramref name="table"/> that delete and re-insert a set of rows wait for each other until
        /// <paramref name="transaction"/> ends. SQLite's write lock already does; other engines take a lock.
        /// </summary>
        public virtual void SerializeWriters(DbConnection connection, DbTransaction transaction, string table)
        {
        }
    }
}
