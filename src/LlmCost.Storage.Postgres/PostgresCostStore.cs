using System;
using System.Collections.Generic;
using System.Threading;
using LlmCost.Core;
using LlmCost.Core.Budgets;
using LlmCost.Core.Pricing;
using LlmCost.Core.Queries;
using LlmCost.Core.Storage;
using LlmCost.Core.Storage.Sql;
using LlmCost.Core.Time;
using Npgsql;

namespace LlmCost.Storage.Postgres
{
    /// <summary>
    /// The team store: the core's storage ports on PostgreSQL, for many hosts sharing one ledger. Opened by
    /// <see cref="CostStores.Open"/> when -Database / --db / $LLMCOST_DB is a connection string or postgresql:// URI.
    /// Budgets, prices, import states and re-pricing runs use the core's engine-neutral repositories; request rows,
    /// bulk writes and queries are here.
    /// </summary>
    public sealed class PostgresCostStore : ICostStore
    {
        private readonly NpgsqlDataSource _source;
        private readonly SqlPriceRepository _prices;
        private readonly SqlBudgetRepository _budgets;
        private readonly PostgresCostReader _reader;

        private PostgresCostStore(NpgsqlDataSource source, string display, PriceCatalog? catalog)
        {
            _source = source;
            Path = display;
            Engine = new PostgresEngine(source, display);
            _prices = new SqlPriceRepository(Engine, catalog);
            _budgets = new SqlBudgetRepository(Engine);
            _reader = new PostgresCostReader(this);
        }

        /// <summary>Where the store is, without the password: postgresql://user@host:port/database.</summary>
        public string Path { get; }

        internal PostgresEngine Engine { get; }

        /// <summary>
        /// Opens (and brings up to date) the store a connection string names. The database must exist (a team store is
        /// created by its administrator, docs/team-store.md); its tables are created on first use, whatever
        /// <paramref name="access"/> asks (it guards against a mistyped file name, which a database name cannot be).
        /// </summary>
        public static PostgresCostStore Open(string connectionString, PriceCatalog? catalog = null, StoreAccess access = StoreAccess.CreateIfMissing)
        {
            var csb = PostgresConnectionString.Parse(connectionString);
            string display = PostgresConnectionString.Display(csb);
            var source = NpgsqlDataSource.Create(csb);
            var store = new PostgresCostStore(source, display, catalog);
            try
            {
                // The database itself is the store: its administrator created it (a name that does not exist fails here
                // with StoreNotFound), so even a read brings a new, empty one up to date rather than refusing it.
                using var conn = store.Engine.OpenConnection();
                PostgresErrors.Guard(display, () => PostgresMigrator.Migrate(conn, display));
                return store;
            }
            catch
            {
                source.Dispose();
                throw;
            }
        }

        public void Dispose() => _source.Dispose();

        // ---------------------------------------------------------------- IRequestWriter
        public PriceBook Prices => PostgresErrors.Guard(Path, () => _prices.Prices);

        public BatchResult Write(IReadOnlyList<PricedRequest> requests, DuplicatePolicy policy)
        {
            if (requests == null) throw new ArgumentNullException(nameof(requests));
            if (requests.Count == 0) return new BatchResult();
            return PostgresErrors.Guard(Path, () => PostgresErrors.RetryingConflicts(() =>
            {
                using var conn = Engine.OpenConnection();
                return PostgresRequestWriter.Write(conn, requests, policy);
            }));
        }

        public IBulkRequestWriter OpenBulkWriter(DuplicatePolicy policy, int batchSize) => new PostgresBulkWriter(this, policy, batchSize);

        public void Reprice(CostQuery scope, Func<StoredPricing, CostUpdate?> price, Action<RepricedRow> counted, bool write, CancellationToken cancel) =>
            PostgresErrors.Guard(Path, () => PostgresRepricing.Run(this, scope, price, counted, write, cancel));

        public long AddRepriceRun(RepriceRun run) => PostgresErrors.Guard(Path, () =>
        {
            using var conn = Engine.OpenConnection();
            return SqlRepriceRuns.Add(conn, run);
        });

        public IReadOnlyList<RepriceRun> GetRepriceRuns() => PostgresErrors.Guard(Path, () =>
        {
            using var conn = Engine.OpenConnection();
            return SqlRepriceRuns.All(conn);
        });

        public long SaveProviderCosts(Core.Billing.ProviderCostReport report) => PostgresErrors.Guard(Path, () => SqlProviderCosts.Save(Engine, report));

        public IReadOnlyList<Core.Billing.ProviderCostLine> GetProviderCosts(DateTime? since, DateTime? until, IReadOnlyList<string>? providers) => PostgresErrors.Guard(Path, () =>
        {
            using var conn = Engine.OpenConnection();
            return SqlProviderCosts.Get(conn, since, until, providers);
        });

        // ---------------------------------------------------------------- ICostReader
        public CostTotals GetTotals(CostQuery query) => PostgresErrors.Guard(Path, () => ContractedCosts.Fill(this, query, _reader.GetTotals(query)));

        public IReadOnlyList<CostGroup> GetCosts(CostQuery query) => PostgresErrors.Guard(Path, () => ContractedCosts.Fill(this, query, _reader.GetCosts(query)));

        public IEnumerable<RequestCost> GetRequests(CostQuery query) => _reader.GetRequests(query);

        public IEnumerable<CostFact> GetCostFacts(CostQuery query) => _reader.GetCostFacts(query);

        public IReadOnlyList<string> GetSessionIds(string? prefix = null, int limit = 1000) => PostgresErrors.Guard(Path, () =>
        {
            using var conn = Engine.OpenConnection();
            using var cmd = new NpgsqlCommand(
                // From the hourly summary with the session (far fewer rows than requests; its session index), newest first.
                "SELECT session_id FROM cost_rollups_hourly WHERE session_id <> '' AND (@p::text IS NULL OR starts_with(session_id, @p::text)) " +
                "GROUP BY session_id HAVING SUM(requests) > 0 ORDER BY MAX(hour_start) DESC, session_id LIMIT @n", conn);
            cmd.Parameters.AddWithValue("p", NpgsqlTypes.NpgsqlDbType.Text, (object?)prefix ?? DBNull.Value);
            cmd.Parameters.AddWithValue("n", limit);
            var list = new List<string>();
            using var r = cmd.ExecuteReader();
            while (r.Read()) list.Add(r.GetString(0));
            return (IReadOnlyList<string>)list;
        });

        public IReadOnlyList<(string Provider, string Model)> GetModels() => PostgresErrors.Guard(Path, () =>
        {
            using var conn = Engine.OpenConnection();
            // From the hourly summary per model, which holds every stored provider/model pair in far fewer rows.
            using var cmd = new NpgsqlCommand(
                "SELECT provider, model FROM cost_rollups_hourly_by_model GROUP BY provider, model HAVING SUM(requests) > 0 ORDER BY SUM(requests) DESC, provider, model", conn);
            var list = new List<(string, string)>();
            using var r = cmd.ExecuteReader();
            while (r.Read()) list.Add((r.GetString(0), r.GetString(1)));
            return (IReadOnlyList<(string, string)>)list;
        });

        public StoreInfo GetInfo() => PostgresErrors.Guard(Path, () =>
        {
            using var conn = Engine.OpenConnection();
            var info = new StoreInfo
            {
                Path = Path,
                SchemaVersion = PostgresMigrator.CurrentVersion(conn),
                CodeSchemaVersion = PostgresMigrator.LatestVersion,
                CreatedWith = PostgresMigrator.ReadMeta(conn, "created_with"),
                UpgradedWith = PostgresMigrator.ReadMeta(conn, "upgraded_with"),
            };
            using var cmd = new NpgsqlCommand(
                "SELECT COUNT(*), COUNT(*) FILTER (WHERE cost_nano IS NULL), COUNT(DISTINCT session_id), MIN(occurred_at), MAX(occurred_at), " +
                "(SELECT COUNT(*) FROM model_prices), (SELECT COUNT(*) FROM budgets), pg_database_size(current_database()) FROM request_costs", conn);
            using var r = cmd.ExecuteReader();
            r.Read();
            info.Requests = r.GetInt64(0);
            info.UnpricedRequests = r.GetInt64(1);
            info.Sessions = r.GetInt64(2);
            info.FirstRequestUtc = r.IsDBNull(3) ? null : UnixMs.ToUtc(r.GetInt64(3));
            info.LastRequestUtc = r.IsDBNull(4) ? null : UnixMs.ToUtc(r.GetInt64(4));
            info.CustomPrices = r.GetInt64(5);
            info.Budgets = r.GetInt64(6);
            info.SizeBytes = r.GetInt64(7);
            return info;
        });

        /// <summary>
        /// PostgreSQL keeps its own integrity; what is checked here is what LlmCost relies on: each request key once, and
        /// each summary row equal to the sums of its request rows (rows that sum to nothing left out on both sides).
        /// </summary>
        public StoreCheck Check() => PostgresErrors.Guard(Path, () =>
        {
            using var conn = Engine.OpenConnection();
            long Scalar(string sql)
            {
                using var cmd = new NpgsqlCommand(sql, conn);
                return System.Convert.ToInt64(cmd.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
            }

            // The summaries are split in shards (migration 0003): each key's shards are summed first.
            const string Summed = "SUM(requests), SUM(unpriced_requests), SUM(input_tokens), SUM(cache_read_tokens), SUM(cache_write_5m_tokens), " +
                                  "SUM(cache_write_1h_tokens), SUM(output_tokens), SUM(reasoning_tokens), SUM(cost_nano)";
            const string FromRows = "COUNT(*), COUNT(*) FILTER (WHERE cost_nano IS NULL), SUM(input_tokens), SUM(cache_read_tokens), SUM(cache_write_5m_tokens), " +
                                    "SUM(cache_write_1h_tokens), SUM(output_tokens), SUM(reasoning_tokens), COALESCE(SUM(cost_nano), 0)";
            string Differ(string table, string keys, string rowKeys)
            {
                string summary = $"SELECT {keys}, {Summed} FROM {table} GROUP BY {keys} HAVING SUM(requests) <> 0 OR SUM(cost_nano) <> 0";
                string rows = $"SELECT {rowKeys}, {FromRows} FROM request_costs GROUP BY {rowKeys}";
                return $"SELECT COUNT(*) FROM ((({summary}) EXCEPT ({rows})) UNION ALL (({rows}) EXCEPT ({summary}))) d";
            }

            long mismatches =
                Scalar(Differ("cost_rollups_hourly", "hour_start, session_id, provider, model, tags", "(occurred_at / 3600000) * 3600000, COALESCE(session_id, ''), provider, model, COALESCE(tags, '')")) +
                Scalar(Differ("cost_rollups_hourly_by_model", "hour_start, provider, model, tags", "(occurred_at / 3600000) * 3600000, provider, model, COALESCE(tags, '')"));
            return new StoreCheck
            {
                Path = Path,
                Integrity = new[] { "ok" },
                Requests = Scalar("SELECT COUNT(*) FROM request_costs"),
                DuplicateRequestKeys = Scalar("SELECT COUNT(*) - COUNT(DISTINCT request_key) FROM request_costs"),
                RollupMismatches = mismatches,
            };
        });

        public void Backup(string destinationPath, bool overwrite) =>
            throw new StoreException("BackupNotSupported",
                $"{Path} is a PostgreSQL store: back it up with pg_dump (docs/team-store.md), or copy it to a file with Copy-LlmCostStore.");

        // ---------------------------------------------------------------- IPriceRepository
        public PriceCatalog Catalog => _prices.Catalog;

        public ModelPrice AddPrice(ModelPrice price) => PostgresErrors.Guard(Path, () => _prices.AddPrice(price));

        public (int Added, int Unchanged) AddPrices(IEnumerable<ModelPrice> prices, Action<ModelPrice, bool>? onEach = null) =>
            PostgresErrors.Guard(Path, () => _prices.AddPrices(prices, onEach));

        public StoredCatalog SaveCatalog(CatalogUpdate update) => PostgresErrors.Guard(Path, () => _prices.SaveCatalog(update));

        public bool ResetCatalog() => PostgresErrors.Guard(Path, () => _prices.ResetCatalog());

        public StoredCatalog? GetStoredCatalog() => PostgresErrors.Guard(Path, () => _prices.GetStoredCatalog());

        public ContractDiscount AddContractDiscount(ContractDiscount discount) => PostgresErrors.Guard(Path, () =>
        {
            using var conn = Engine.OpenConnection();
            return SqlContractDiscounts.Add(conn, discount);
        });

        public IReadOnlyList<ContractDiscount> GetContractDiscounts() => PostgresErrors.Guard(Path, () =>
        {
            using var conn = Engine.OpenConnection();
            return (IReadOnlyList<ContractDiscount>)SqlContractDiscounts.All(conn);
        });

        public bool RemoveContractDiscount(long id) => PostgresErrors.Guard(Path, () =>
        {
            using var conn = Engine.OpenConnection();
            return SqlContractDiscounts.Remove(conn, id);
        });

        public IReadOnlyList<ModelPrice> GetCustomPrices() => PostgresErrors.Guard(Path, () => _prices.GetCustomPrices());

        // ---------------------------------------------------------------- IBudgetRepository
        public void SaveBudget(Budget budget, DateTime nowUtc) => PostgresErrors.Guard(Path, () => _budgets.SaveBudget(budget, nowUtc));

        public IReadOnlyList<Budget> GetBudgets() => PostgresErrors.Guard(Path, () => _budgets.GetBudgets());

        public bool RemoveBudget(string name) => PostgresErrors.Guard(Path, () => _budgets.RemoveBudget(name));

        public IReadOnlyList<BudgetAlert> AddAlerts(IReadOnlyList<BudgetAlert> alerts, IReadOnlyList<string> targets, DateTime nowUtc) =>
            PostgresErrors.Guard(Path, () => _budgets.AddAlerts(alerts, targets, nowUtc));

        public IReadOnlyList<CostAnomaly> AddAnomalies(IReadOnlyList<CostAnomaly> anomalies, IReadOnlyList<string> targets, DateTime nowUtc) =>
            PostgresErrors.Guard(Path, () => _budgets.AddAnomalies(anomalies, targets, nowUtc));

        public IReadOnlyList<long> GetDueDeliveries(DateTime staleBeforeUtc) => PostgresErrors.Guard(Path, () => _budgets.GetDueDeliveries(staleBeforeUtc));

        public ClaimedDelivery? ClaimDelivery(long deliveryId, string claimant, DateTime nowUtc, DateTime staleBeforeUtc) =>
            PostgresErrors.Guard(Path, () => _budgets.ClaimDelivery(deliveryId, claimant, nowUtc, staleBeforeUtc));

        public void FinishDelivery(long deliveryId, string claimant, DateTime nowUtc, string? error) =>
            PostgresErrors.Guard(Path, () => _budgets.FinishDelivery(deliveryId, claimant, nowUtc, error));

        public IReadOnlyList<BudgetAlert> GetAlerts(DateTime? sinceUtc) => PostgresErrors.Guard(Path, () => _budgets.GetAlerts(sinceUtc));

        // ---------------------------------------------------------------- IImportFileStates
        public IReadOnlyDictionary<string, ImportFileState> GetImportFileStates() => PostgresErrors.Guard(Path, () =>
        {
            using var conn = Engine.OpenConnection();
            return (IReadOnlyDictionary<string, ImportFileState>)SqlImportFileStates.ReadAll(conn);
        });
    }
}
