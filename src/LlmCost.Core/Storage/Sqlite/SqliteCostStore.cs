using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using LlmCost.Core.Budgets;
using LlmCost.Core.Pricing;
using LlmCost.Core.Queries;
using LlmCost.Core.Time;
using Microsoft.Data.Sqlite;

namespace LlmCost.Core.Storage.Sqlite
{
    /// <summary>
    /// The SQLite store: one file, WAL, foreign keys, busy timeout; migrations applied on open. Each port is served by
    /// a class of its own in this folder (writer, reader, prices, budgets); this class opens the file and connections.
    /// </summary>
    public sealed class SqliteCostStore : ICostStore
    {
        internal const int PageSize = 16384;
        private readonly string _connectionString;
        private readonly SqlitePriceRepository _prices;
        private readonly SqliteCostReader _reader;
        private readonly SqliteBudgetRepository _budgets;

        private SqliteCostStore(string path, string connectionString, PriceCatalog? catalog)
        {
            Path = path;
            _connectionString = connectionString;
            _prices = new SqlitePriceRepository(this, catalog);
            _reader = new SqliteCostReader(this);
            _budgets = new SqliteBudgetRepository(this);
        }

        public string Path { get; }

        /// <summary>Opens the database at <paramref name="path"/> (default: <see cref="StorePaths.DefaultDatabasePath"/>), creating it when <paramref name="access"/> allows.</summary>
        public static SqliteCostStore Open(string? path = null, PriceCatalog? catalog = null, StoreAccess access = StoreAccess.CreateIfMissing)
        {
            string full = System.IO.Path.GetFullPath(string.IsNullOrWhiteSpace(path) ? StorePaths.DefaultDatabasePath() : path!);
            if (Directory.Exists(full))
            {
                throw new StoreException("StoreIsADirectory", $"'{full}' is a directory, not an LlmCost database: give the path of a database file (e.g. {System.IO.Path.Combine(full, "llmcost.db")}).");
            }

            if (!File.Exists(full))
            {
                if (access == StoreAccess.ReadExisting) throw CostStores.NotFound(full);
                string? dir = System.IO.Path.GetDirectoryName(full);
                try
                {
                    if (!string.IsNullOrEmpty(dir)) Directory.CreateDirectory(dir!);
                    CreatePrivateFile(full);
                }
                catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
                {
                    throw new StoreException("StoreOpenFailed", $"Cannot create the LlmCost database '{full}': {ex.Message}", ex);
                }
            }

            var csb = new SqliteConnectionStringBuilder
            {
                DataSource = full,
                Mode = SqliteOpenMode.ReadWriteCreate,
                Cache = SqliteCacheMode.Private,
                ForeignKeys = true,
                Pooling = true,
                DefaultTimeout = 30,
            };
            var store = new SqliteCostStore(full, csb.ToString(), catalog);
            try
            {
                using var conn = store.OpenConnection();
                string mode;
                using (var cmd = conn.CreateCommand())
                {
                    cmd.CommandText = "PRAGMA journal_mode";
                    mode = Convert.ToString(cmd.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) ?? "";
                }

                if (!string.Equals(mode, "wal", StringComparison.OrdinalIgnoreCase))
                {
                    // A new store (an existing one is already WAL: switching needs a lock, so it is only done once).
                    // 16 KB pages: a quarter of the page reads and writes of SQLite's 4 KB default on bulk imports; only
                    // takes effect before the first table exists.
                    using var cmd = conn.CreateCommand();
                    cmd.CommandText = "PRAGMA page_size=" + PageSize + "; PRAGMA journal_mode=WAL;";
                    cmd.ExecuteNonQuery();
                }

                Migrator.Migrate(conn, databasePath: full);
            }
            catch (SqliteException ex) when (SqliteErrors.Explain(ex, full) is StoreException clear)
            {
                // Damaged, read-only (when migrations must run), full: say what it means and what to do.
                throw clear;
            }
            catch (SqliteException ex)
            {
                throw new StoreException("StoreOpenFailed", $"Cannot open the LlmCost database '{full}': {ex.Message}", ex);
            }

            return store;
        }

        internal SqliteConnection OpenConnection()
        {
            var conn = new SqliteConnection(_connectionString);
            conn.Open();
            using var cmd = conn.CreateCommand();
            cmd.CommandText = "PRAGMA busy_timeout=10000; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;";
            cmd.ExecuteNonQuery();
            return conn;
        }


        public void Dispose()
        {
            // Connections are pooled per operation; nothing is held between calls.
        }

        // ---------------------------------------------------------------- IRequestWriter

        public PriceBook Prices => _prices.Prices;

        public BatchResult Write(IReadOnlyList<PricedRequest> requests, DuplicatePolicy policy)
        {
            if (requests == null) throw new ArgumentNullException(nameof(requests));
            if (requests.Count == 0) return new BatchResult();
            return SqliteErrors.Guard(Path, () =>
            {
                using var conn = OpenConnection();
                return SqliteRequestWriter.Write(conn, requests, policy);
            });
        }

        public void UpdateCosts(IReadOnlyList<CostUpdate> updates) => SqliteErrors.Guard(Path, () =>
        {
            if (updates.Count == 0) return;
            using var conn = OpenConnection();
            using var tx = conn.BeginTransaction(deferred: false);
            using var labels = new LabelIds(conn);
            using var cmd = conn.CreateCommand();
            cmd.Transaction = tx;
            // The update trigger moves each row's contribution in the hourly summaries.
            cmd.CommandText = "UPDATE request_costs SET cost_nano = $c, pricing_status = $s, priced_model = $m, price_ref_id = $r WHERE request_row = $row";
            var c = cmd.Parameters.Add("$c", SqliteType.Integer);
            var st = cmd.Parameters.Add("$s", SqliteType.Text);
            var m = cmd.Parameters.Add("$m", SqliteType.Text);
            var r = cmd.Parameters.Add("$r", SqliteType.Integer);
            var row = cmd.Parameters.Add("$row", SqliteType.Integer);
            foreach (var u in updates)
            {
                c.Value = (object?)u.CostNano ?? DBNull.Value;
                st.Value = u.PricingStatus;
                m.Value = (object?)u.PricedModel ?? DBNull.Value;
                r.Value = (object?)labels.Id(u.PriceRef) ?? DBNull.Value;
                row.Value = u.Row;
                cmd.ExecuteNonQuery();
            }

            tx.Commit();
        });

        public long AddRepriceRun(RepriceRun run) => SqliteErrors.Guard(Path, () =>
        {
            using var conn = OpenConnection();
            using var cmd = conn.CreateCommand();
            cmd.CommandText = "INSERT INTO reprice_runs (run_at, run_by, reason, scope, rows_examined, rows_changed, newly_priced, old_total_nano, new_total_nano) " +
                              "VALUES ($at, $by, $why, $scope, $ex, $ch, $np, $old, $new); SELECT last_insert_rowid();";
            cmd.Parameters.AddWithValue("$at", UnixMs.From(run.RunAtUtc));
            cmd.Parameters.AddWithValue("$by", run.RunBy);
            cmd.Parameters.AddWithValue("$why", (object?)run.Reason ?? DBNull.Value);
            cmd.Parameters.AddWithValue("$scope", run.Scope);
            cmd.Parameters.AddWithValue("$ex", run.RowsExamined);
            cmd.Parameters.AddWithValue("$ch", run.RowsChanged);
            cmd.Parameters.AddWithValue("$np", run.NewlyPriced);
            cmd.Parameters.AddWithValue("$old", run.OldTotalNano);
            cmd.Parameters.AddWithValue("$new", run.NewTotalNano);
            return (long)cmd.ExecuteScalar()!;
        });

        public IReadOnlyList<RepriceRun> GetRepriceRuns()
        {
            using var conn = OpenConnection();
            using var cmd = conn.CreateCommand();
            cmd.CommandText = "SELECT run_id, run_at, run_by, reason, scope, rows_examined, rows_changed, newly_priced, old_total_nano, new_total_nano FROM reprice_runs ORDER BY run_id DESC";
            var list = new List<RepriceRun>();
            using var r = cmd.ExecuteReader();
            while (r.Read())
            {
                list.Add(new RepriceRun
                {
                    RunId = r.GetInt64(0),
                    RunAtUtc = UnixMs.ToUtc(r.GetInt64(1)),
                    RunBy = r.GetString(2),
                    Reason = r.IsDBNull(3) ? null : r.GetString(3),
                    Scope = r.GetString(4),
                    RowsExamined = r.GetInt64(5),
                    RowsChanged = r.GetInt64(6),
                    NewlyPriced = r.GetInt64(7),
                    OldTotalNano = r.GetInt64(8),
                    NewTotalNano = r.GetInt64(9),
                });
            }

            return list;
        }

        public IBulkRequestWriter OpenBulkWriter(DuplicatePolicy policy = DuplicatePolicy.Skip, int batchSize = 8192) => new SqliteBulkWriter(this, policy, batchSize);

        // ---------------------------------------------------------------- ICostReader

        public CostTotals GetTotals(CostQuery query) => SqliteErrors.Guard(Path, () => _reader.GetTotals(query));

        public IReadOnlyList<CostGroup> GetCosts(CostQuery query) => SqliteErrors.Guard(Path, () => _reader.GetCosts(query));

        public IEnumerable<RequestCost> GetRequests(CostQuery query) => _reader.GetRequests(query);

        // ---------------------------------------------------------------- IPriceRepository

        public PriceCatalog Catalog => _prices.Catalog;

        public ModelPrice AddPrice(ModelPrice price) => SqliteErrors.Guard(Path, () => _prices.AddPrice(price));

        public (int Added, int Unchanged) AddPrices(IEnumerable<ModelPrice> prices, Action<ModelPrice, bool>? onEach = null) => SqliteErrors.Guard(Path, () => _prices.AddPrices(prices, onEach));

        public IReadOnlyList<ModelPrice> GetCustomPrices() => _prices.GetCustomPrices();

        // ---------------------------------------------------------------- IBudgetRepository

        public void SaveBudget(Budget budget, DateTime nowUtc) => SqliteErrors.Guard(Path, () => _budgets.SaveBudget(budget, nowUtc));

        public IReadOnlyList<Budget> GetBudgets() => _budgets.GetBudgets();

        public bool RemoveBudget(string name) => SqliteErrors.Guard(Path, () => _budgets.RemoveBudget(name));

        public IReadOnlyList<BudgetAlert> AddAlerts(IReadOnlyList<BudgetAlert> alerts, IReadOnlyList<string> targets, DateTime nowUtc) => SqliteErrors.Guard(Path, () => _budgets.AddAlerts(alerts, targets, nowUtc));

        public IReadOnlyList<CostAnomaly> AddAnomalies(IReadOnlyList<CostAnomaly> anomalies, IReadOnlyList<string> targets, DateTime nowUtc) => SqliteErrors.Guard(Path, () => _budgets.AddAnomalies(anomalies, targets, nowUtc));

        public IReadOnlyList<long> GetDueDeliveries(DateTime staleBeforeUtc) => _budgets.GetDueDeliveries(staleBeforeUtc);

        public ClaimedDelivery? ClaimDelivery(long deliveryId, string claimant, DateTime nowUtc, DateTime staleBeforeUtc) => _budgets.ClaimDelivery(deliveryId, claimant, nowUtc, staleBeforeUtc);

        public void FinishDelivery(long deliveryId, string claimant, DateTime nowUtc, string? error) => _budgets.FinishDelivery(deliveryId, claimant, nowUtc, error);

        public IReadOnlyList<BudgetAlert> GetAlerts(DateTime? sinceUtc) => _budgets.GetAlerts(sinceUtc);

        // ---------------------------------------------------------------- IImportFileStates

        public ImportFileState? GetImportFileState(string path)
        {
            using var conn = OpenConnection();
            return SqliteImportFileStates.Read(conn, path);
        }

        // ---------------------------------------------------------------- store information

        public StoreInfo GetInfo()
        {
            using var conn = OpenConnection();
            var info = new StoreInfo
            {
                Path = Path,
                SchemaVersion = Migrator.CurrentVersion(conn),
                CodeSchemaVersion = Migrator.LatestVersion,
                SizeBytes = new[] { Path, Path + "-wal" }.Where(File.Exists).Sum(f => new FileInfo(f).Length),
            };
            using var cmd = conn.CreateCommand();
            cmd.CommandText =
                "SELECT COALESCE(SUM(requests), 0), COALESCE(SUM(unpriced_requests), 0) FROM cost_rollups_hourly; " +
                "SELECT COUNT(*) FROM sessions; SELECT COUNT(*) FROM model_prices; SELECT COUNT(*) FROM budgets; " +
                "SELECT MIN(occurred_at), MAX(occurred_at) FROM request_costs;";
            using var r = cmd.ExecuteReader();
            r.Read();
            info.Requests = r.GetInt64(0);
            info.UnpricedRequests = r.GetInt64(1);
            r.NextResult();
            r.Read();
            info.Sessions = r.GetInt64(0);
            r.NextResult();
            r.Read();
            info.CustomPrices = r.GetInt64(0);
            r.NextResult();
            r.Read();
            info.Budgets = r.GetInt64(0);
            r.NextResult();
            r.Read();
            info.FirstRequestUtc = r.IsDBNull(0) ? null : UnixMs.ToUtc(r.GetInt64(0));
            info.LastRequestUtc = r.IsDBNull(1) ? null : UnixMs.ToUtc(r.GetInt64(1));
            return info;
        }

        public void Backup(string destinationPath, bool overwrite)
        {
            string full = System.IO.Path.GetFullPath(destinationPath);
            if (string.Equals(full, Path, StringComparison.Ordinal)) throw new StoreException("BackupFailed", $"'{full}' is the store itself: give another path.");
            if (Directory.Exists(full)) throw new StoreException("BackupFailed", $"'{full}' is a directory: give the path of the backup file.");
            if (File.Exists(full))
            {
                if (!overwrite) throw new StoreException("FileExists", $"'{full}' exists: give -Force / --force to replace it.");
                // A pooled connection of this process to the old file would go on reading the deleted copy.
                SqliteConnection.ClearAllPools();
                foreach (var f in new[] { full, full + "-wal", full + "-shm" }) File.Delete(f);
            }

            try
            {
                string? dir = System.IO.Path.GetDirectoryName(full);
                if (!string.IsNullOrEmpty(dir)) Directory.CreateDirectory(dir!);
                CreatePrivateFile(full);
                using var source = OpenConnection();
                using var copy = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = full, Pooling = false }.ToString());
                copy.Open();
                // SQLite's online backup: a consistent snapshot page by page, while writers go on.
                source.BackupDatabase(copy);
            }
            catch (Exception ex) when (ex is SqliteException || ex is IOException || ex is UnauthorizedAccessException)
            {
                throw new StoreException("BackupFailed", $"Cannot back up '{Path}' to '{full}': {ex.Message}", ex);
            }
        }

        public StoreCheck Check()
        {
            var check = new StoreCheck { Path = Path };
            using var conn = OpenConnection();
            var integrity = new List<string>();
            try
            {
                using (var cmd = conn.CreateCommand())
                {
                    cmd.CommandText = "PRAGMA integrity_check(20)";
                    using var r = cmd.ExecuteReader();
                    while (r.Read()) integrity.Add(r.GetString(0));
                }

                check.Integrity = integrity;
                if (!(integrity.Count == 1 && integrity[0] == "ok")) return check; // the tables cannot be trusted enough to compare

                using (var cmd = conn.CreateCommand())
                {
                    // The hourly rollups must equal their request rows, both ways (a rollup without rows counts too).
                    const string Rows =
                        "SELECT (occurred_at / 3600000) * 3600000 AS h, COALESCE(session_id, '') AS s, provider AS p, model AS m, COUNT(*) AS n, " +
                        "SUM(cost_nano IS NULL) AS u, SUM(input_tokens) AS i, SUM(cache_read_tokens) AS cr, SUM(cache_write_5m_tokens) AS w5, " +
                        "SUM(cache_write_1h_tokens) AS w1, SUM(output_tokens) AS o, SUM(reasoning_tokens) AS re, SUM(COALESCE(cost_nano, 0)) AS c " +
                        "FROM request_costs GROUP BY 1, 2, 3, 4";
                    const string Rollups =
                        "SELECT hour_start, session_id, provider, model, requests, unpriced_requests, input_tokens, cache_read_tokens, cache_write_5m_tokens, " +
                        "cache_write_1h_tokens, output_tokens, reasoning_tokens, cost_nano FROM cost_rollups_hourly WHERE requests <> 0";
                    cmd.CommandText = $"SELECT (SELECT COUNT(*) FROM ({Rows} EXCEPT {Rollups})) + (SELECT COUNT(*) FROM ({Rollups} EXCEPT {Rows})); " +
                                      "SELECT COUNT(*) FROM (SELECT request_key FROM request_costs GROUP BY request_key HAVING COUNT(*) > 1); " +
                                      "SELECT COUNT(*) FROM request_costs;";
                    using var r = cmd.ExecuteReader();
                    r.Read();
                    check.RollupMismatches = r.GetInt64(0);
                    r.NextResult();
                    r.Read();
                    check.DuplicateRequestKeys = r.GetInt64(0);
                    r.NextResult();
                    r.Read();
                    check.Requests = r.GetInt64(0);
                }
            }
            catch (SqliteException ex)
            {
                // A store too damaged to read is the answer, not a crash.
                integrity.Add(ex.Message);
                check.Integrity = integrity;
            }

            return check;
        }

        public IReadOnlyList<(string Provider, string Model)> GetModels()
        {
            using var conn = OpenConnection();
            using var cmd = conn.CreateCommand();
            // The rollups hold every stored provider/model pair, in far fewer rows than the requests.
            cmd.CommandText = "SELECT provider, model FROM cost_rollups_hourly GROUP BY provider, model ORDER BY SUM(requests) DESC";
            var list = new List<(string, string)>();
            using var r = cmd.ExecuteReader();
            while (r.Read()) list.Add((r.GetString(0), r.GetString(1)));
            return list;
        }

        public IReadOnlyList<string> GetSessionIds(string? prefix = null, int limit = 1000)
        {
            using var conn = OpenConnection();
            using var cmd = conn.CreateCommand();
            cmd.CommandText = "SELECT session_id FROM sessions WHERE $p IS NULL OR substr(session_id, 1, length($p)) = $p ORDER BY last_seen DESC LIMIT $n";
            cmd.Parameters.AddWithValue("$p", (object?)prefix ?? DBNull.Value);
            cmd.Parameters.AddWithValue("$n", limit);
            var list = new List<string>();
            using var r = cmd.ExecuteReader();
            while (r.Read()) list.Add(r.GetString(0));
            return list;
        }

        /// <summary>
        /// Creates the empty database file readable by its owner only (0600) from the first byte: created with that mode
        /// by open(2), never chmod-ed afterwards, so no other user can open it in between. SQLite gives the -wal and
        /// -shm files the database file's mode. Another process creating the same store at the same moment is not an
        /// error: the file exists, which is all that is needed.
        /// </summary>
        private static void CreatePrivateFile(string path)
        {
            if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows))
            {
                try
                {
                    using (new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.ReadWrite))
                    {
                    }
                }
                catch (IOException) when (File.Exists(path))
                {
                }

                return;
            }

            bool mac = RuntimeInformation.IsOSPlatform(OSPlatform.OSX);
            int flags = 0x1 /* O_WRONLY */ | (mac ? 0x200 : 0x40) /* O_CREAT */ | (mac ? 0x800 : 0x80) /* O_EXCL */;
            int fd = NativeMethods.open(path, flags, Convert.ToInt32("600", 8));
            if (fd >= 0)
            {
                NativeMethods.close(fd);
                return;
            }

            int errno = Marshal.GetLastWin32Error();
            const int EEXIST = 17;
            if (errno == EEXIST) return; // created by another process just now
            throw new IOException($"cannot create the file (errno {errno})");
        }

        private static class NativeMethods
        {
#pragma warning disable SA1300, IDE1006
            [DllImport("libc", SetLastError = true)]
            public static extern int open(string pathname, int flags, int mode);

            [DllImport("libc", SetLastError = true)]
            public static extern int close(int fd);
#pragma warning restore SA1300, IDE1006
        }
    }
}
