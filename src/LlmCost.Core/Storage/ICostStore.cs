using System;

namespace LlmCost.Core.Storage
{
    /// <summary>
    /// A whole store: every storage port over one database. Opened by <see cref="CostStores.Open"/> from the
    /// -Database / --db value; SQLite implements it (Storage/Sqlite/), and a second engine plugs in there.
    /// </summary>
    public interface ICostStore : IRequestWriter, ICostReader, IPriceRepository, IBudgetRepository, IImportFileStates, IProviderCostRepository, IDisposable
    {
        /// <summary>Where the store is: a file path, or a connection string with its password left out.</summary>
        string Path { get; }

        /// <summary>
        /// Writes a consistent copy of the whole store to <paramref name="destinationPath"/> (a new file, owner-only), safe
        /// while other processes write; <paramref name="overwrite"/> replaces an existing file.
        /// </summary>
        void Backup(string destinationPath, bool overwrite);
    }
}
