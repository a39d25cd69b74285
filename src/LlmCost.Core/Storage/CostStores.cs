using System;
using LlmCost.Core.Pricing;
using LlmCost.Core.Storage.Sqlite;

namespace LlmCost.Core.Storage
{
    /// <summary>
    /// Opens a store from the value of -Database / --db / $LLMCOST_DB: the one place that picks the storage engine.
    /// A file path (or nothing: the per-user default) is a SQLite store; a second engine plugs in here.
    /// </summary>
    public static class CostStores
    {
        /// <param name="database">A file path; null for $LLMCOST_DB, else the per-user default.</param>
        /// <param name="access">Reads, exports and checks pass <see cref="StoreAccess.ReadExisting"/>: a mistyped path then fails with StoreNotFound instead of answering $0 from a new, empty store.</param>
        /// <param name="catalog">The price catalog; null for the built-in one.</param>
        public static ICostStore Open(string? database = null, StoreAccess access = StoreAccess.CreateIfMissing, PriceCatalog? catalog = null)
        {
            if (database != null && LooksLikeConnectionString(database))
            {
                throw new StoreException("StoreEngineNotSupported",
                    "A PostgreSQL connection string was given, but this version stores costs in a SQLite file only: give a file path.");
            }

            return SqliteCostStore.Open(database, catalog, access);
        }

        /// <summary>True when <paramref name="database"/> (default: $LLMCOST_DB or the per-user file) names a store that exists.</summary>
        public static bool Exists(string? database = null)
        {
            if (database != null && LooksLikeConnectionString(database)) return true;
            return System.IO.File.Exists(System.IO.Path.GetFullPath(string.IsNullOrWhiteSpace(database) ? StorePaths.DefaultDatabasePath() : database!));
        }

        /// <summary>The error for a store that does not exist (the same text in every front end).</summary>
        public static StoreException NotFound(string path) => new StoreException("StoreNotFound",
            $"There is no LlmCost database at '{path}': check -Database / --db / $LLMCOST_DB. A new store is created by recording usage " +
            "(Add-LlmUsage, Import-LlmUsage, llmcost add, llmcost import) or by Initialize-LlmCostStore.");

        /// <summary>postgres:// or postgresql:// URIs and key=value connection strings naming a host.</summary>
        public static bool LooksLikeConnectionString(string database)
        {
            string d = database.TrimStart();
            return d.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase) || d.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase) ||
                   (d.IndexOf('=') > 0 && d.IndexOf("host", StringComparison.OrdinalIgnoreCase) >= 0 && d.IndexOf(';') >= 0);
        }
    }
}
