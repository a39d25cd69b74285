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
        public static ICostStore Open(string? database = null, PriceCatalog? catalog = null)
        {
            if (database != null && LooksLikeConnectionString(database))
            {
                throw new StoreException("StoreEngineNotSupported",
                    "A PostgreSQL connection string was given, but this version stores costs in a SQLite file only: give a file path.");
            }

            return SqliteCostStore.Open(database, catalog);
        }

        /// <summary>postgres:// or postgresql:// URIs and key=value connection strings naming a host.</summary>
        public static bool LooksLikeConnectionString(string database)
        {
            string d = database.TrimStart();
            return d.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase) || d.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase) ||
                   (d.IndexOf('=') > 0 && d.IndexOf("host", StringComparison.OrdinalIgnoreCase) >= 0 && d.IndexOf(';') >= 0);
        }
    }
}
