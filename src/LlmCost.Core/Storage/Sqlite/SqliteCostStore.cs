using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
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
        private readonly Sql.SqlPriceRepository _prices;
        private readonly SqliteCostReader _reader;
        private readonly Sql.SqlBudgetRepository _budgets;

        private SqliteCostStore(string path, string connectionString, PriceCatalog? catalog)
        {
            Path = path;
            _connectionString = connectionString;
            _prices = new Sql.SqlPriceRepository(new SqliteEngine(this), catalog);
            _reader = new SqliteCostReader(this);
            _budgets = new Sql.SqlBudgetRepository(new SqliteEngine(this));
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
                    SqlitePrivateFile.Create(full);
                }
                catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
                {
                    throw new StoreException("StoreOpenFailed", $"Cannot create the LlmCost database '{full}': {ex.Message}", ex);
                }
            }

            // Only what differs from Microsoft.Data.Sqlite's defaults (read-write-create, private cache, pooled, 30 s):
            // an enum keyword is written and read back through reflection on every store open, about 1 ms of a short
            // command in the natively compiled CLI.
            var csb = new SqliteConnectionStringBuilder
            {
                DataSource = full,
                ForeignKeys = true,
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
            // Connections are pooled per operation; only the recording connection is held between calls.
            lock (_recorderLock) DropRecorder();
        }

        // Optimisation of the single-recording path (docs/benchmarks.md, "Recording one request"): a connection of
        // its own whose statements stay prepared, used by one writer at a time; a concurrent writer takes a pooled
        // connection as before. After any failure it is dropped and opened afresh on the next write.
        private readonly object _recorderLock = new object();
        private StatementCache? _recorder;

        /// <summary>
        /// The recording connection checkpoints every 200 WAL pages, not SQLite's 1,000: with 16 KiB pages and seven
        /// summaries a commit writes about 13 pages, and a 1,000-page checkpoint (16 MB copied and synced every ~75
        /// recordings) was the recordings' 99th percentile (12 ms); smaller ones cost 2-3 ms and keep the WAL short.
        /// </summary>
        private SqliteConnection RecordingConnection()
        {
            var conn = OpenConnection();
            using var cmd = conn.CreateCommand();
            cmd.CommandText = "PRAGMA wal_autocheckpoint=200";
            cmd.ExecuteNonQuery();
            return conn;
        }

        private void DropRecorder()
        {
            var recorder = _recorder;
            _recorder = null;
            if (recorder == null) return;
            recorder.Dispose();
            recorder.Connection.Dispose();
        }

        // ---------------------------------------------------------------- IRequestWriter

        public PriceBook Prices => _prices.Prices;

        public BatchResult Write(IReadOnlyList<PricedRequest> requests, DuplicatePolicy policy)
        {
            if (requests == null) throw new ArgumentNullException(nameof(requests));
            if (requests.Count == 0) return new BatchResult();
            return SqliteErrors.Guard(Path, () =>
            {
                if (Monitor.TryEnter(_recorderLock))
                {
                    try
                    {
                        _recorder ??= new StatementCache(RecordingConnection());
                        return SqliteRequestWriter.Write(_recorder, requests, policy);
                    }
                    catch
                    {
                        DropRecorder();
                        throw;
                    }
                    finally
                    {
                        Monitor.Exit(_recorderLock);
                    }
                }

                using var conn = OpenConnection();
                return SqliteRequestWriter.Write(conn, requests, policy);
            });
        }

        public void Reprice(CostQuery scope, Func<StoredPricing, CostUpdate?> price, Action<RepricedRow> counted, bool write, CancellationToken cancel) =>
            SqliteErrors.Guard(Path, () => SqliteRepricing.Run(this, scope, price, counted, write, cancel));

        public long AddRepriceRun(RepriceRun run) => SqliteErrors.Guard(Path, () =>
        {
            using var conn = OpenConnection();
            return Sql.SqlRepriceRuns.Add(conn, run);
        });

        public IReadOnlyList<RepriceRun> GetRepriceRuns()
        {
            using var conn = OpenConnection();
            return Sql.SqlRepriceRuns.All(conn);
        }

        public long SaveProviderCosts(Billing.ProviderCostReport report) => SqliteErrors.Guard(Path, () => Sql.SqlProviderCosts.Save(new SqliteEngine(this), report));

        public IReadOnlyList<Billing.ProviderCostLine> GetProviderCosts(DateTime? since, DateTime? until, IReadOnlyList<string>? providers) => SqliteErrors.Guard(Path, () =>
        {
            using var conn = OpenConnection();
            return Sql.SqlProviderCosts.Get(conn, since, until, providers);
        });

        public IBulkRequestWriter OpenBulkWriter(DuplicatePolicy policy = DuplicatePolicy.Skip, int batchSize = 8192) => new SqliteBulkWriter(this, policy, batchSize);

        // ---------------------------------------------------------------- ICostReader

        public CostTotals GetTotals(CostQuery query) => SqliteErrors.Guard(Path, () => ContractedCosts.Fill(this, query, _reader.GetTotals(query)));

        public IReadOnlyList<CostGroup> GetCosts(CostQuery query) => SqliteErrors.Guard(Path, () => ContractedCosts.Fill(this, query, _reader.GetCosts(query)));

        public IEnumerable<RequestCost> GetRequests(CostQuery query) => _reader.GetRequests(query);

        public IEnumerable<CostFact> GetCostFacts(CostQuery query) => _reader.GetCostFacts(query);

        // ---------------------------------------------------------------- IPriceRepository

        public PriceCatalog Catalog => _prices.Catalog;

        public ModelPrice AddPrice(ModelPrice price) => SqliteErrors.Guard(Path, () => _prices.AddPrice(price));

        public (int Added, int Unchanged) AddPrices(IEnumerable<ModelPrice> prices, Action<ModelPrice, bool>? onEach = null) => SqliteErrors.Guard(Path, () => _prices.AddPrices(prices, onEach));

        public StoredCatalog SaveCatalog(CatalogUpdate update) => SqliteErrors.Guard(Path, () => _prices.SaveCatalog(update));

        public bool ResetCatalog() => SqliteErrors.Guard(Path, () => _prices.ResetCatalog());

        public StoredCatalog? GetStoredCatalog() => SqliteErrors.Guard(Path, () => _prices.GetStoredCatalog());

        public ContractDiscount AddContractDiscount(ContractDiscount discount) => SqliteErrors.Guard(Path, () =>
        {
            using var conn = OpenConnection();
            return Sql.SqlContractDiscounts.Add(conn, discount);
        });

        public IReadOnlyList<ContractDiscount> GetContractDiscounts() => SqliteErrors.Guard(Path, () =>
        {
            using var conn = OpenConnection();
            return (IReadOnlyList<ContractDiscount>)Sql.SqlContractDiscounts.All(conn);
        });

        public bool RemoveContractDiscount(long id) => SqliteErrors.Guard(Path, () =>
        {
            using var conn = OpenConnection();
            return Sql.SqlContractDiscounts.Remove(conn, id);
        });

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

        public IReadOnlyDictionary<string, ImportFileState> GetImportFileStates() => SqliteErrors.Guard(Path, () =>
        {
            using var conn = OpenConnection();
            return Sql.SqlImportFileStates.ReadAll(conn);
        });

        // ---------------------------------------------------------------- store information

        public StoreInfo GetInfo()
        {
            using var conn = OpenConnection();
            var info = new StoreInfo
            {
                Path = Path,
                SchemaVersion = Migrator.CurrentVersion(conn),
                CodeSchemaVersion = Migrator.LatestVersion,
                CreatedWith = Migrator.ReadMeta(conn, "created_with"),
                UpgradedWith = Migrator.ReadMeta(conn, "upgraded_with"),
                SizeBytes = new[] { Path, Path + "-wal" }.Where(File.Exists).Sum(f => new FileInfo(f).Length),
            };
            using var cmd = conn.CreateCommand();
            cmd.CommandText =
                "SELECT COALESCE(SUM(requests), 0), COALESCE(SUM(unpriced_requests), 0) FROM cost_rollups_daily_total; " +
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

        public void Backup(string destinationPath, bool overwrite) => SqliteStoreCare.Backup(this, destinationPath, overwrite);

        public StoreCheck Check() => SqliteStoreCare.Check(this);

        public IReadOnlyList<(string Provider, string Model)> GetModels()
        {
            using var conn = OpenConnection();
            using var cmd = conn.CreateCommand();
            // The rollups hold every stored provider/model pair, in far fewer rows than the requests.
            cmd.CommandText = "SELECT provider, model FROM cost_rollups_daily_by_model GROUP BY provider, model ORDER BY SUM(requests) DESC";
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

    }
}
