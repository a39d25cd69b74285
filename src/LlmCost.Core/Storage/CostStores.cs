using System;
using LlmCost.Core.Pricing;
using LlmCost.Core.Storage.Sqlite;

namespace LlmCost.Core.Storage
{
    /// <summary>
    /// Opens a store from the value of -Database / --db / $LLMCOST_DB: the one place that picks the storage engine.
    /// A file path (or nothing: the per-user default) is a SQLite store; a connection string or postgresql:// URI is the
    /// PostgreSQL team store.
    /// </summary>
    public static class CostStores
    {
        /// <param name="database">A file path; null for $LLMCOST_DB, else the per-user default.</param>
        /// <param name="access">Reads, exports and checks pass <see cref="StoreAccess.ReadExisting"/>: a mistyped path then fails with StoreNotFound instead of answering $0 from a new, empty store.</param>
        /// <param name="catalog">The price catalog; null for the built-in one.</param>
        public static ICostStore Open(string? database = null, StoreAccess access = StoreAccess.CreateIfMissing, PriceCatalog? catalog = null)
        {
            string target = string.IsNullOrWhiteSpace(database) ? StorePaths.DefaultDatabasePath() : database!;
            if (LooksLikeConnectionString(target)) return OpenPostgres(target, access, catalog);
            return SqliteCostStore.Open(target, catalog, access);
        }

        /// <summary>
        /// How a front end that links the PostgreSQL store opens it (the natively compiled llmcost, which cannot load an
        /// assembly at run time, sets it at start-up). Unset, the store's assembly is looked up next to this one.
        /// </summary>
        public static Func<string, PriceCatalog?, StoreAccess, ICostStore>? PostgresOpener { get; set; }

        private const string PostgresAssembly = "LlmCost.Storage.Postgres";
        private const string PostgresStoreType = "LlmCost.Storage.Postgres.PostgresCostStore";

        /// <summary>
        /// The PostgreSQL store lives in its own assembly (net8.0, with Npgsql), loaded only when a connection string is
        /// given: a SQLite command never pays for it, and the core stays netstandard2.0.
        /// </summary>
        private static ICostStore OpenPostgres(string connectionString, StoreAccess access, PriceCatalog? catalog)
        {
            var opener = PostgresOpener;
            if (opener != null) return opener(connectionString, catalog, access);
            return OpenPostgresByName(connectionString, access, catalog);
        }

        // Reached only where the assembly is loaded by name (the PowerShell module), never in a trimmed, native build.
        [System.Diagnostics.CodeAnalysis.UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "Not reached when PostgresOpener is set.")]
        [System.Diagnostics.CodeAnalysis.UnconditionalSuppressMessage("Trimming", "IL2075", Justification = "Not reached when PostgresOpener is set.")]
        [System.Diagnostics.CodeAnalysis.UnconditionalSuppressMessage("SingleFile", "IL3000", Justification = "Not reached when PostgresOpener is set.")]
        private static ICostStore OpenPostgresByName(string connectionString, StoreAccess access, PriceCatalog? catalog)
        {
            var type = Type.GetType(PostgresStoreType + ", " + PostgresAssembly, throwOnError: false);
            if (type == null)
            {
                // Not resolvable by name (a PowerShell module loads its assemblies by path): next to this one.
                string? dir = System.IO.Path.GetDirectoryName(typeof(CostStores).Assembly.Location);
                string file = System.IO.Path.Combine(dir ?? "", PostgresAssembly + ".dll");
                if (System.IO.File.Exists(file)) type = System.Reflection.Assembly.LoadFrom(file).GetType(PostgresStoreType, throwOnError: false);
            }

            var open = type?.GetMethod("Open", new[] { typeof(string), typeof(PriceCatalog), typeof(StoreAccess) });
            if (open == null)
            {
                throw new StoreException("StoreEngineNotSupported",
                    "A PostgreSQL connection string was given, but " + PostgresAssembly + ".dll is not installed next to LlmCost.Core.dll " +
                    "(it comes with the llmcost tool and the PowerShell module on PowerShell 7.4+): give a file path, or install one of those.");
            }

            try
            {
                return (ICostStore)open.Invoke(null, new object?[] { connectionString, catalog, access })!;
            }
            catch (System.Reflection.TargetInvocationException ex) when (ex.InnerException != null)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(ex.InnerException).Throw();
                throw;
            }
        }

        /// <summary>True when <paramref name="database"/> (default: $LLMCOST_DB or the per-user file) names a store that exists.</summary>
        public static bool Exists(string? database = null)
        {
            string target = string.IsNullOrWhiteSpace(database) ? StorePaths.DefaultDatabasePath() : database!;
            if (LooksLikeConnectionString(target)) return true;
            return System.IO.File.Exists(System.IO.Path.GetFullPath(target));
        }

        /// <summary>The error for a store that does not exist (the same text in every front end).</summary>
        public static StoreException NotFound(string path) => new StoreException("StoreNotFound",
            $"There is no LlmCost database at '{path}': check -Database / --db / $LLMCOST_DB. A new store is created by recording usage " +
            "(Add-LlmUsage, Import-LlmUsage, llmcost add, llmcost import) or by Initialize-LlmCostStore.");

        /// <summary>
        /// The store named, safe to show (a -WhatIf message, an error's target): a connection string without its password
        /// (key=value or URI form); a file path as it is.
        /// </summary>
        public static string Describe(string database)
        {
            if (!LooksLikeConnectionString(database)) return database;
            string d = database.Trim();
            int scheme = d.IndexOf("://", StringComparison.Ordinal);
            if (scheme > 0)
            {
                int at = d.IndexOf('@', scheme + 3);
                int colon = at < 0 ? -1 : d.IndexOf(':', scheme + 3, at - scheme - 3);
                if (colon >= 0) d = d.Substring(0, colon) + d.Substring(at);
                return System.Text.RegularExpressions.Regex.Replace(d, "([?&]password=)[^&]*", "$1***", System.Text.RegularExpressions.RegexOptions.IgnoreCase);
            }

            return System.Text.RegularExpressions.Regex.Replace(d, @"(?i)(^|;)\s*(password|pwd)\s*=[^;]*", "$1$2=***");
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
