using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using LlmCost.Core.Money;
using LlmCost.Core.Pricing;
using LlmCost.Core.Queries;
using LlmCost.Core.Usage;
using Microsoft.Data.Sqlite;

namespace LlmCost.Core.Storage
{
    /// <summary>The SQLite store: WAL, foreign keys, busy timeout; migrations applied on open.</summary>
    public sealed partial class SqliteCostStore : ICostStore
    {
        private const long HourMs = 3_600_000L;
        internal const int PageSize = 16384;
        private readonly string _connectionString;
        private readonly object _priceLock = new object();
        private PriceBook _prices;
        private (long Count, long MaxId) _priceVersion;

        private SqliteCostStore(string path, string connectionString, PriceCatalog catalog)
        {
            Path = path;
            _connectionString = connectionString;
            Catalog = catalog;
            _prices = new PriceBook(catalog);
        }

        public string Path { get; }
        public PriceCatalog Catalog { get; }

        public PriceBook Prices
        {
            get
            {
                RefreshPricesIfChanged();
                return _prices;
            }
        }

        /// <summary>Opens (creating when needed) the database at <paramref name="path"/> (default: <see cref="StorePaths.DefaultDatabasePath"/>).</summary>
        public static SqliteCostStore Open(string? path = null, PriceCatalog? catalog = null)
        {
            string full = System.IO.Path.GetFullPath(string.IsNullOrWhiteSpace(path) ? StorePaths.DefaultDatabasePath() : path!);
            string? dir = System.IO.Path.GetDirectoryName(full);
            if (!string.IsNullOrEmpty(dir)) Directory.CreateDirectory(dir!);
            if (!File.Exists(full)) CreatePrivateFile(full);

            var csb = new SqliteConnectionStringBuilder
            {
                DataSource = full,
                Mode = SqliteOpenMode.ReadWriteCreate,
                Cache = SqliteCacheMode.Private,
                ForeignKeys = true,
                Pooling = true,
                DefaultTimeout = 30,
            };
            var store = new SqliteCostStore(full, csb.ToString(), catalog ?? PriceCatalog.Builtin);
            try
            {
                using var conn = store.OpenConnection();
                using (var cmd = conn.CreateCommand())
                {
                    // 16 KB pages for a new database (an existing one keeps its size): a quarter of the page reads and
                    // writes of SQLite's 4 KB default on bulk imports. Only takes effect before the first table exists.
                    cmd.CommandText = "PRAGMA page_size=" + PageSize + "; PRAGMA journal_mode=WAL;";
                    cmd.ExecuteNonQuery();
                }

                Migrator.Migrate(conn, databasePath: full);
            }
            catch (SqliteException ex)
            {
                throw new StoreException("StoreOpenFailed", $"Cannot open the LlmCost database '{full}': {ex.Message}", ex);
            }

            store.RefreshPricesIfChanged();
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

        /// <summary>Runs <paramref name="work"/> on an open connection (for other core components: budgets, imports).</summary>
        public T WithConnection<T>(Func<SqliteConnection, T> work)
        {
            using var conn = OpenConnection();
            return work(conn);
        }

        public void Dispose()
        {
            // Connections are pooled per operation; nothing is held between calls.
        }

        // ---------------------------------------------------------------- recording

        public RecordResult Record(UsageRecord record, DuplicatePolicy policy = DuplicatePolicy.Skip)
        {
            RecordResult? result = null;
            RecordMany(new[] { record }, policy, r => result = r);
            return result!;
        }

        public BatchResult RecordMany(IEnumerable<UsageRecord> records, DuplicatePolicy policy = DuplicatePolicy.Skip,
            Action<RecordResult>? onRecorded = null, int batchSize = 5000)
        {
            if (records == null) throw new ArgumentNullException(nameof(records));
            if (batchSize < 1) batchSize = 1;
            var book = Prices;
            var total = new BatchResult();
            var pending = new List<(UsageRecord, RecordResult)>(Math.Min(batchSize, 1024));
            using var conn = OpenConnection();
            foreach (var record in records)
            {
                pending.Add((record, Price(book, record)));
                if (pending.Count >= batchSize)
                {
                    WriteBatch(conn, pending, policy, total, onRecorded);
                    pending.Clear();
                }
            }

            if (pending.Count > 0) WriteBatch(conn, pending, policy, total, onRecorded);
            return total;
        }

        /// <summary>Throws <see cref="InvalidUsageException"/> naming the field when the record cannot be stored.</summary>
        public static void Validate(UsageRecord record)
        {
            record.Tokens.Validate();
            if (string.IsNullOrWhiteSpace(record.Model))
            {
                throw new InvalidUsageException("InvalidUsageText", "Model is required.", new[] { "Model" });
            }

            ValidateTags(record.Tags);
            RejectFormula(record.Model, "Model");
            RejectFormula(record.SessionId, "SessionId");
        }

        internal static RecordResult Price(PriceBook book, UsageRecord record)
        {
            Validate(record);
            var lookup = book.Lookup(record.Provider, record.Model, record.OccurredAtUtc);
            long? cost = null;
            if (lookup.Price != null)
            {
                cost = Nano.FromDecimal(CostCalculator.Calculate(record.Tokens, lookup.Price, record.IsBatch).Total);
            }

            string key = RequestKeyFor(lookup.Provider, lookup.Model, record);
            return new RecordResult
            {
                Provider = lookup.Provider,
                Model = lookup.Model,
                PricedModel = lookup.PricedModel,
                SessionId = string.IsNullOrEmpty(record.SessionId) ? null : record.SessionId,
                OccurredAtUtc = record.OccurredAtUtc,
                Status = lookup.Status,
                CostNano = cost,
                Tokens = record.Tokens,
                Tags = record.Tags,
                RequestKey = key,
                RequestHash = RequestKeyHash(key),
                PriceRef = lookup.Price?.Reference,
            };
        }

        /// <summary>
        /// Starts a <see cref="BulkRecorder"/>: records are priced on the caller's thread and written on a background
        /// thread in transactions of <paramref name="batchSize"/> rows. Call <see cref="BulkRecorder.Complete"/> at the end.
        /// </summary>
        public BulkRecorder OpenBulkRecorder(DuplicatePolicy policy = DuplicatePolicy.Skip, int batchSize = 8192) => new BulkRecorder(this, policy, batchSize);

        /// <summary>provider:request id, or a content hash when the request has no id.</summary>
        public static string RequestKeyFor(string provider, string model, UsageRecord r)
        {
            if (!string.IsNullOrEmpty(r.RequestId)) return provider + ":" + r.RequestId;
            var t = r.Tokens;
            string content = string.Join("|", provider, model, ToMs(r.OccurredAtUtc).ToString(CultureInfo.InvariantCulture),
                r.SessionId ?? "", t.InputTokens, t.CacheReadTokens, t.CacheWrite5mTokens, t.CacheWrite1hTokens,
                t.OutputTokens, t.ReasoningTokens, r.IsBatch ? "b" : "");
            using var sha = SHA256.Create();
            byte[] hash = sha.ComputeHash(Encoding.UTF8.GetBytes(content));
            var sb = new StringBuilder(ContentKeyScheme + ":", 7 + 32);
            for (int i = 0; i < 16; i++) sb.Append(hash[i].ToString("x2", CultureInfo.InvariantCulture));
            return sb.ToString();
        }

        /// <summary>
        /// The stored hash of a request key: 64-bit FNV-1a over its UTF-8 bytes. It only narrows the search; equal keys
        /// are confirmed on the text. Never change it: stored rows carry it (migration 0004 computed it for old rows).
        /// </summary>
        [MethodImpl(JitHints.Hot)]
        public static long RequestKeyHash(string key)
        {
            const ulong Offset = 14695981039346656037UL, Prime = 1099511628211UL;
            ulong hash = Offset;
            foreach (char c in key)
            {
                if (c >= 0x80)
                {
                    hash = Offset;
                    foreach (byte b in Encoding.UTF8.GetBytes(key)) hash = (hash ^ b) * Prime;
                    return unchecked((long)hash);
                }

                hash = (hash ^ c) * Prime;
            }

            return unchecked((long)hash);
        }

        /// <summary>Spreadsheets run text starting with '=' as a formula: such ids and names are refused at the door.</summary>
        internal static void RejectFormula(string? text, string field)
        {
            if (text != null && text.StartsWith("=", StringComparison.Ordinal))
            {
                throw new InvalidUsageException("InvalidUsageText", $"{field} '{text}' must not start with '=' (spreadsheets would run it as a formula).", new[] { field });
            }
        }

        private static void ValidateTags(IReadOnlyList<string>? tags)
        {
            if (tags == null) return;
            foreach (var tag in tags)
            {
                if (string.IsNullOrWhiteSpace(tag) || tag.IndexOf(',') >= 0)
                {
                    throw new InvalidUsageException("InvalidUsageText", $"Tag '{tag}' is not valid: tags must be non-empty and contain no comma.", new[] { "Tags" });
                }

                RejectFormula(tag, "Tags");
            }
        }

        private static string? EncodeTags(IReadOnlyList<string>? tags) =>
            tags == null || tags.Count == 0 ? null : "," + string.Join(",", tags.Select(t => t.Trim()).Distinct(StringComparer.Ordinal)) + ",";

        internal static IReadOnlyList<string> DecodeTags(string? tags) =>
            string.IsNullOrEmpty(tags) ? Array.Empty<string>() : tags!.Split(new[] { ',' }, StringSplitOptions.RemoveEmptyEntries);

        /// <summary>Writes <paramref name="batch"/> in one transaction of its own.</summary>
        private static void WriteBatch(SqliteConnection conn, List<(UsageRecord Record, RecordResult Result)> batch, DuplicatePolicy policy,
            BatchResult total, Action<RecordResult>? onRecorded)
        {
            using (var tx = conn.BeginTransaction(deferred: false))
            {
                WriteRows(conn, tx, batch, policy, total);
                tx.Commit();
            }

            if (onRecorded != null)
            {
                foreach (var (_, r) in batch) onRecorded(r);
            }
        }

        /// <summary>Writes sessions, request rows and their rollups inside <paramref name="tx"/>; marks each result added, replaced or duplicate.</summary>
        [MethodImpl(JitHints.Hot)]
        internal static void WriteRows(SqliteConnection conn, SqliteTransaction tx, List<(UsageRecord Record, RecordResult Result)> batch, DuplicatePolicy policy, BatchResult total)
        {
            long now = ToMs(DateTime.UtcNow);

            // Sessions first: request rows reference them.
            var sessions = new Dictionary<string, (long First, long Last)>(StringComparer.Ordinal);
            foreach (var (_, r) in batch)
            {
                if (r.SessionId == null) continue;
                long t = ToMs(r.OccurredAtUtc);
                sessions[r.SessionId] = sessions.TryGetValue(r.SessionId, out var s) ? (Math.Min(s.First, t), Math.Max(s.Last, t)) : (t, t);
            }

            using (var cmd = conn.CreateCommand())
            {
                cmd.Transaction = tx;
                cmd.CommandText = "INSERT INTO sessions (session_id, first_seen, last_seen) VALUES ($id, $f, $l) " +
                                  "ON CONFLICT (session_id) DO UPDATE SET first_seen = MIN(first_seen, excluded.first_seen), last_seen = MAX(last_seen, excluded.last_seen)";
                var id = cmd.Parameters.Add("$id", SqliteType.Text);
                var f = cmd.Parameters.Add("$f", SqliteType.Integer);
                var l = cmd.Parameters.Add("$l", SqliteType.Integer);
                cmd.Prepare();
                foreach (var kv in sessions)
                {
                    id.Value = kv.Key;
                    f.Value = kv.Value.First;
                    l.Value = kv.Value.Last;
                    cmd.ExecuteNonQuery();
                }
            }

            var rollup = new Dictionary<(long, string, string, string), CostTotals>();
            // Each row owns its hash (a unique index): a new request is stored by the insert itself; when the hash is
            // taken, the row holding it is read to tell the same request (a duplicate) from a different key (a collision).
            var collisions = LoadCollisions(conn, tx);
            using var insert = new RawStatement(conn,
                "INSERT INTO request_costs (request_key, provider_request_id, session_id, occurred_at, provider, model, priced_model, " +
                "input_tokens, cache_read_tokens, cache_write_5m_tokens, cache_write_1h_tokens, output_tokens, reasoning_tokens, " +
                "cost_nano, currency, pricing_status, price_ref_id, is_batch, tags, source_id, latency_ms, recorded_at, request_hash) " +
                "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, 'USD', ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22) " +
                "ON CONFLICT (request_hash) DO NOTHING");
            insert.Int(21, now);
            using var keyAt = new RawStatement(conn, "SELECT request_key FROM request_costs WHERE request_hash = ?1");
            using var labels = new LabelIds(conn);

            // Only rows that actually differ are rewritten; the update trigger moves their rollup contribution.
            using var replace = policy != DuplicatePolicy.Replace ? null : new RawStatement(conn,
                "UPDATE request_costs SET provider_request_id = ?2, session_id = ?3, occurred_at = ?4, provider = ?5, model = ?6, " +
                "priced_model = ?7, input_tokens = ?8, cache_read_tokens = ?9, cache_write_5m_tokens = ?10, cache_write_1h_tokens = ?11, " +
                "output_tokens = ?12, reasoning_tokens = ?13, cost_nano = ?14, pricing_status = ?15, price_ref_id = ?16, is_batch = ?17, " +
                "tags = ?18, source_id = ?19, latency_ms = ?20 " +
                "WHERE request_hash = ?22 AND request_key = ?1 AND NOT (input_tokens = ?8 AND cache_read_tokens = ?9 AND cache_write_5m_tokens = ?10 " +
                "AND cache_write_1h_tokens = ?11 AND output_tokens = ?12 AND reasoning_tokens = ?13 AND occurred_at = ?4 " +
                "AND session_id IS ?3 AND model = ?6 AND provider = ?5 AND cost_nano IS ?14 AND is_batch = ?17)");

            foreach (var (record, r) in batch)
            {
                long hash = collisions.Count != 0 && collisions.TryGetValue(r.RequestKey, out long moved) ? moved : r.RequestHash;
                Bind(insert, record, r, hash, labels);
                bool added = insert.Execute() == 1;
                if (!added)
                {
                    keyAt.Int(1, hash);
                    if (keyAt.FirstText() != r.RequestKey)
                    {
                        hash = PlaceCollidedKey(conn, tx, keyAt, r.RequestKey, collisions, out added);
                        if (added)
                        {
                            Bind(insert, record, r, hash, labels);
                            if (insert.Execute() != 1) throw new InvalidOperationException($"The free hash {hash} for request '{r.RequestKey}' was taken.");
                        }
                    }
                }

                if (added)
                {
                    r.Added = true;
                    total.Added++;
                    var key = ((ToMs(r.OccurredAtUtc) / HourMs) * HourMs, r.SessionId ?? "", r.Provider, r.Model);
                    if (!rollup.TryGetValue(key, out var agg)) rollup[key] = agg = new CostTotals();
                    agg.Requests++;
                    if (r.CostNano == null) agg.UnpricedRequests++;
                    agg.InputTokens += r.Tokens.InputTokens;
                    agg.CacheReadTokens += r.Tokens.CacheReadTokens;
                    agg.CacheWrite5mTokens += r.Tokens.CacheWrite5mTokens;
                    agg.CacheWrite1hTokens += r.Tokens.CacheWrite1hTokens;
                    agg.OutputTokens += r.Tokens.OutputTokens;
                    agg.ReasoningTokens += r.Tokens.ReasoningTokens;
                    agg.CostNano += r.CostNano ?? 0;
                }
                else if (replace != null)
                {
                    Bind(replace, record, r, hash, labels);
                    if (replace.Execute() == 1)
                    {
                        r.Replaced = true;
                        total.Replaced++;
                    }
                    else
                    {
                        total.Duplicates++;
                    }
                }
                else
                {
                    total.Duplicates++;
                }

                if ((r.Added || r.Replaced) && r.CostNano == null) total.Unpriced++;
            }

            WriteRollups(conn, tx, rollup);
        }

        private static Dictionary<string, long> LoadCollisions(SqliteConnection conn, SqliteTransaction tx)
        {
            var map = new Dictionary<string, long>(StringComparer.Ordinal);
            using var cmd = conn.CreateCommand();
            cmd.Transaction = tx;
            cmd.CommandText = "SELECT request_key, request_hash FROM request_key_collisions";
            using var reader = cmd.ExecuteReader();
            while (reader.Read()) map[reader.GetString(0)] = reader.GetInt64(1);
            return map;
        }

        /// <summary>
        /// A key whose hash belongs to a different key: finds it under a derived hash (<c>key #n</c>), or the first free
        /// derived hash, which is recorded in request_key_collisions. <paramref name="isFree"/> says which it is.
        /// </summary>
        private static long PlaceCollidedKey(SqliteConnection conn, SqliteTransaction tx, RawStatement keyAt, string key,
            Dictionary<string, long> collisions, out bool isFree)
        {
            for (int n = 1; ; n++)
            {
                long derived = RequestKeyHash(key + " #" + n.ToString(CultureInfo.InvariantCulture));
                keyAt.Int(1, derived);
                string? holder = keyAt.FirstText();
                if (holder == key)
                {
                    isFree = false;
                    return derived;
                }

                if (holder != null) continue;
                using var cmd = conn.CreateCommand();
                cmd.Transaction = tx;
                cmd.CommandText = "INSERT INTO request_key_collisions (request_key, request_hash) VALUES ($k, $h)";
                cmd.Parameters.AddWithValue("$k", key);
                cmd.Parameters.AddWithValue("$h", derived);
                cmd.ExecuteNonQuery();
                collisions[key] = derived;
                isFree = true;
                return derived;
            }
        }

        /// <summary>Binds ?1..?20 and ?22 of the insert and update statements.</summary>
        private static void Bind(RawStatement s, UsageRecord record, RecordResult r, long hash, LabelIds labels)
        {
            s.Text(1, r.RequestKey);
            s.Int(22, hash);
            s.Text(2, StoredRequestId(r, record.RequestId));
            s.Text(3, r.SessionId);
            s.Int(4, ToMs(r.OccurredAtUtc));
            s.Text(5, r.Provider);
            s.Text(6, r.Model);
            s.Text(7, r.PricedModel);
            s.Int(8, r.Tokens.InputTokens);
            s.Int(9, r.Tokens.CacheReadTokens);
            s.Int(10, r.Tokens.CacheWrite5mTokens);
            s.Int(11, r.Tokens.CacheWrite1hTokens);
            s.Int(12, r.Tokens.OutputTokens);
            s.Int(13, r.Tokens.ReasoningTokens);
            s.Int(14, r.CostNano);
            s.Text(15, StatusText(r.Status));
            s.Int(16, labels.Id(r.PriceRef));
            s.Int(17, record.IsBatch ? 1 : 0);
            s.Text(18, EncodeTags(record.Tags));
            s.Int(19, labels.Id(record.Source));
            s.Real(20, record.LatencyMs);
        }

        /// <summary>
        /// provider_request_id as stored: null when the request key is 'provider:request id' and so already holds it
        /// (<see cref="RequestIdSql"/> reads it back from the key). A provider named like the content-hash prefix keeps its id.
        /// </summary>
        private static string? StoredRequestId(RecordResult r, string? requestId)
        {
            if (requestId == null || r.Provider == ContentKeyScheme) return requestId;
            string key = r.RequestKey, provider = r.Provider;
            bool inKey = key.Length == provider.Length + 1 + requestId.Length && key[provider.Length] == ':'
                         && key.StartsWith(provider, StringComparison.Ordinal) && key.EndsWith(requestId, StringComparison.Ordinal);
            return inKey ? null : requestId;
        }

        /// <summary>The scheme of the key of a request without an id (see <see cref="RequestKeyFor"/>).</summary>
        private const string ContentKeyScheme = "sha256";

        /// <summary>provider_request_id as the caller gave it (see <see cref="StoredRequestId"/>).</summary>
        internal const string RequestIdSql =
            "COALESCE(provider_request_id, CASE WHEN provider <> '" + ContentKeyScheme + "' AND substr(request_key, 1, length(provider) + 1) = provider || ':' " +
            "THEN substr(request_key, length(provider) + 2) END)";

        private static void WriteRollups(SqliteConnection conn, SqliteTransaction tx, Dictionary<(long, string, string, string), CostTotals> rollup)
        {
            if (rollup.Count == 0) return;
            using var cmd = conn.CreateCommand();
            cmd.Transaction = tx;
            cmd.CommandText =
                "INSERT INTO cost_rollups_hourly VALUES ($h, $s, $p, $m, $n, $u, $in, $cr, $cw5, $cw1, $out, $rea, $cost) " +
                "ON CONFLICT (hour_start, session_id, provider, model) DO UPDATE SET requests = requests + excluded.requests, " +
                "unpriced_requests = unpriced_requests + excluded.unpriced_requests, input_tokens = input_tokens + excluded.input_tokens, " +
                "cache_read_tokens = cache_read_tokens + excluded.cache_read_tokens, cache_write_5m_tokens = cache_write_5m_tokens + excluded.cache_write_5m_tokens, " +
                "cache_write_1h_tokens = cache_write_1h_tokens + excluded.cache_write_1h_tokens, output_tokens = output_tokens + excluded.output_tokens, " +
                "reasoning_tokens = reasoning_tokens + excluded.reasoning_tokens, cost_nano = cost_nano + excluded.cost_nano";
            string[] names = { "$h", "$s", "$p", "$m", "$n", "$u", "$in", "$cr", "$cw5", "$cw1", "$out", "$rea", "$cost" };
            var ps = names.Select(n => cmd.Parameters.Add(n, n == "$s" || n == "$p" || n == "$m" ? SqliteType.Text : SqliteType.Integer)).ToArray();
            cmd.Prepare();
            foreach (var kv in rollup)
            {
                var (h, s, pr, m) = kv.Key;
                var a = kv.Value;
                object[] values = { h, s, pr, m, a.Requests, a.UnpricedRequests, a.InputTokens, a.CacheReadTokens, a.CacheWrite5mTokens, a.CacheWrite1hTokens, a.OutputTokens, a.ReasoningTokens, a.CostNano };
                for (int i = 0; i < ps.Length; i++) ps[i].Value = values[i];
                cmd.ExecuteNonQuery();
            }
        }

        public static string StatusText(PricingStatus s) => s switch
        {
            PricingStatus.Priced => "priced",
            PricingStatus.Custom => "custom",
            _ => "unpriced",
        };

        private static readonly DateTime Epoch = new DateTime(1970, 1, 1, 0, 0, 0, DateTimeKind.Utc);

        public static long ToMs(DateTime time)
        {
            var utc = time.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(time, DateTimeKind.Utc) : time.ToUniversalTime();
            return (utc - Epoch).Ticks / TimeSpan.TicksPerMillisecond;
        }

        public static DateTime FromMs(long ms) => Epoch.AddTicks(ms * TimeSpan.TicksPerMillisecond);

        // ---------------------------------------------------------------- prices

        public ModelPrice AddPrice(ModelPrice price)
        {
            long id;
            using (var conn = OpenConnection())
            using (var tx = conn.BeginTransaction(deferred: false))
            {
                id = InsertPrice(conn, tx, price);
                tx.Commit();
            }

            RefreshPricesIfChanged();
            return GetCustomPrices().First(x => x.Id == id);
        }

        /// <summary>
        /// Adds many prices in one transaction. A price identical to the stored custom price for the same provider,
        /// model and effective date is skipped, so importing the same file twice changes nothing. When the input names
        /// the same provider, model and date twice, the first wins.
        /// </summary>
        public (int Added, int Unchanged) AddPrices(IEnumerable<ModelPrice> prices, Action<ModelPrice, bool>? onEach = null)
        {
            int added = 0, unchanged = 0;
            using (var conn = OpenConnection())
            using (var tx = conn.BeginTransaction(deferred: false))
            {
                var existing = ReadCustomPrices(conn, tx)
                    .GroupBy(p => (PriceCatalog.NormalizeProvider(p.Provider), p.Model.ToLowerInvariant(), p.EffectiveFrom))
                    .ToDictionary(g => g.Key, g => g.OrderByDescending(p => p.Id).First());
                var seen = new HashSet<(string, string, DateTime?)>();
                foreach (var price in prices)
                {
                    string provider = PriceCatalog.NormalizeProvider(price.Provider ?? "");
                    string model = Catalog.NormalizeModel(provider, price.Model ?? "", out _);
                    var key = (provider, model.ToLowerInvariant(), price.EffectiveFrom);
                    if (!seen.Add(key) || (existing.TryGetValue(key, out var old) && SamePrices(old, price)))
                    {
                        unchanged++;
                        onEach?.Invoke(price, false);
                        continue;
                    }

                    InsertPrice(conn, tx, price);
                    added++;
                    onEach?.Invoke(price, true);
                }

                tx.Commit();
            }

            RefreshPricesIfChanged();
            return (added, unchanged);
        }

        private static bool SamePrices(ModelPrice a, ModelPrice b)
        {
            static string Key(PriceSet s) => string.Join("|", Nano.FromDecimal(s.Input), Nano.FromDecimal(s.Output), s.CacheRead.HasValue ? Nano.FromDecimal(s.CacheRead.Value) : -1,
                s.CacheWrite5m.HasValue ? Nano.FromDecimal(s.CacheWrite5m.Value) : -1, s.CacheWrite1h.HasValue ? Nano.FromDecimal(s.CacheWrite1h.Value) : -1,
                s.Reasoning.HasValue ? Nano.FromDecimal(s.Reasoning.Value) : -1, s.PerRequest.HasValue ? Nano.FromDecimal(s.PerRequest.Value) : -1);
            return Key(a.Base) == Key(b.Base) && a.EffectiveTo == b.EffectiveTo && a.BatchMultiplier == b.BatchMultiplier &&
                   a.Tiers.Count == b.Tiers.Count && a.Tiers.Zip(b.Tiers, (x, y) => x.Threshold == y.Threshold && Key(x.Prices) == Key(y.Prices)).All(ok => ok);
        }

        private long InsertPrice(SqliteConnection conn, SqliteTransaction tx, ModelPrice price)
        {
            if (price == null) throw new ArgumentNullException(nameof(price));
            if (string.IsNullOrWhiteSpace(price.Provider)) throw new LlmCostException("InvalidPrice", "A custom price needs a provider.");
            if (string.IsNullOrWhiteSpace(price.Model)) throw new LlmCostException("InvalidPrice", "A custom price needs a model.");
            if (!string.Equals(price.Currency, "USD", StringComparison.OrdinalIgnoreCase))
            {
                throw new LlmCostException("UnsupportedCurrency", $"Currency '{price.Currency}' is not supported yet; prices and costs are in USD.");
            }

            string what = $"Price of {price.Provider}/{price.Model}";
            price.Base.Validate(what);
            foreach (var t in price.Tiers) t.Prices.Validate(what + $" (tier above {t.Threshold})");
            if (price.EffectiveFrom.HasValue && price.EffectiveTo.HasValue && price.EffectiveTo <= price.EffectiveFrom)
            {
                throw new LlmCostException("InvalidPrice", $"{what}: EffectiveTo must be after EffectiveFrom.");
            }

            if (price.BatchMultiplier is decimal bm && (bm <= 0 || bm > 1))
            {
                throw new LlmCostException("InvalidPrice", $"{what}: BatchMultiplier must be greater than 0 and at most 1.");
            }

            string provider = PriceCatalog.NormalizeProvider(price.Provider);
            string model = Catalog.NormalizeModel(provider, price.Model, out _);
            using var cmd = conn.CreateCommand();
            cmd.Transaction = tx;
            cmd.CommandText =
                "INSERT INTO model_prices (provider, model, effective_from, effective_to, currency, input_nano, cache_read_nano, cache_write_5m_nano, " +
                "cache_write_1h_nano, output_nano, reasoning_nano, per_request_nano, tiers, batch_multiplier, source, created_at) VALUES " +
                "($p, $m, $f, $t, 'USD', $in, $cr, $cw5, $cw1, $out, $rea, $req, $tiers, $bm, $src, $now); SELECT last_insert_rowid();";
            cmd.Parameters.AddWithValue("$p", provider);
            cmd.Parameters.AddWithValue("$m", model);
            cmd.Parameters.AddWithValue("$f", price.EffectiveFrom.HasValue ? ToMs(price.EffectiveFrom.Value) : (object)DBNull.Value);
            cmd.Parameters.AddWithValue("$t", price.EffectiveTo.HasValue ? ToMs(price.EffectiveTo.Value) : (object)DBNull.Value);
            var b = price.Base;
            cmd.Parameters.AddWithValue("$in", Nano.FromDecimal(b.Input));
            cmd.Parameters.AddWithValue("$cr", NanoOrNull(b.CacheRead));
            cmd.Parameters.AddWithValue("$cw5", NanoOrNull(b.CacheWrite5m));
            cmd.Parameters.AddWithValue("$cw1", NanoOrNull(b.CacheWrite1h));
            cmd.Parameters.AddWithValue("$out", Nano.FromDecimal(b.Output));
            cmd.Parameters.AddWithValue("$rea", NanoOrNull(b.Reasoning));
            cmd.Parameters.AddWithValue("$req", NanoOrNull(b.PerRequest));
            cmd.Parameters.AddWithValue("$tiers", price.Tiers.Count == 0 ? (object)DBNull.Value : SerializeTiers(price.Tiers));
            cmd.Parameters.AddWithValue("$bm", price.BatchMultiplier.HasValue ? price.BatchMultiplier.Value.ToString(CultureInfo.InvariantCulture) : (object)DBNull.Value);
            cmd.Parameters.AddWithValue("$src", string.IsNullOrEmpty(price.Source) || price.Source == "builtin" ? "custom" : price.Source);
            cmd.Parameters.AddWithValue("$now", ToMs(DateTime.UtcNow));
            return (long)cmd.ExecuteScalar()!;
        }

        public IReadOnlyList<ModelPrice> GetCustomPrices()
        {
            using var conn = OpenConnection();
            return ReadCustomPrices(conn);
        }

        public PriceLookup LookupPrice(string? provider, string model, DateTime atUtc) => Prices.Lookup(provider, model, atUtc);

        private static object NanoOrNull(decimal? d) => d.HasValue ? Nano.FromDecimal(d.Value) : (object)DBNull.Value;

        private static string SerializeTiers(IReadOnlyList<PriceTier> tiers)
        {
            using var ms = new MemoryStream();
            using (var w = new Utf8JsonWriter(ms))
            {
                w.WriteStartArray();
                foreach (var t in tiers)
                {
                    w.WriteStartObject();
                    w.WriteNumber("threshold", t.Threshold);
                    WritePrice(w, "input", t.Prices.Input);
                    WritePrice(w, "output", t.Prices.Output);
                    WritePrice(w, "cacheRead", t.Prices.CacheRead);
                    WritePrice(w, "cacheWrite5m", t.Prices.CacheWrite5m);
                    WritePrice(w, "cacheWrite1h", t.Prices.CacheWrite1h);
                    WritePrice(w, "reasoning", t.Prices.Reasoning);
                    WritePrice(w, "perRequest", t.Prices.PerRequest);
                    w.WriteEndObject();
                }

                w.WriteEndArray();
            }

            return Encoding.UTF8.GetString(ms.ToArray());
        }

        private static void WritePrice(Utf8JsonWriter w, string name, decimal? value)
        {
            if (value.HasValue) w.WriteString(name, value.Value.ToString(CultureInfo.InvariantCulture));
        }

        private static IReadOnlyList<PriceTier> DeserializeTiers(string? json)
        {
            if (string.IsNullOrEmpty(json)) return Array.Empty<PriceTier>();
            using var doc = JsonDocument.Parse(json!);
            return doc.RootElement.EnumerateArray().Select(t => new PriceTier(t.GetProperty("threshold").GetInt64(), new PriceSet
            {
                Input = Dec(t, "input") ?? 0m,
                Output = Dec(t, "output") ?? 0m,
                CacheRead = Dec(t, "cacheRead"),
                CacheWrite5m = Dec(t, "cacheWrite5m"),
                CacheWrite1h = Dec(t, "cacheWrite1h"),
                Reasoning = Dec(t, "reasoning"),
                PerRequest = Dec(t, "perRequest"),
            })).ToArray();

            static decimal? Dec(JsonElement e, string n) =>
                e.TryGetProperty(n, out var v) ? decimal.Parse(v.GetString()!, NumberStyles.Number, CultureInfo.InvariantCulture) : (decimal?)null;
        }

        private static List<ModelPrice> ReadCustomPrices(SqliteConnection conn, SqliteTransaction? tx = null)
        {
            var list = new List<ModelPrice>();
            using var cmd = conn.CreateCommand();
            cmd.Transaction = tx;
            cmd.CommandText =
                "SELECT price_id, provider, model, effective_from, effective_to, currency, input_nano, cache_read_nano, cache_write_5m_nano, " +
                "cache_write_1h_nano, output_nano, reasoning_nano, per_request_nano, tiers, batch_multiplier, source FROM model_prices ORDER BY price_id";
            using var r = cmd.ExecuteReader();
            while (r.Read())
            {
                var set = new PriceSet
                {
                    Input = Nano.ToDecimal(r.GetInt64(6)),
                    CacheRead = r.IsDBNull(7) ? null : Nano.ToDecimal(r.GetInt64(7)),
                    CacheWrite5m = r.IsDBNull(8) ? null : Nano.ToDecimal(r.GetInt64(8)),
                    CacheWrite1h = r.IsDBNull(9) ? null : Nano.ToDecimal(r.GetInt64(9)),
                    Output = Nano.ToDecimal(r.GetInt64(10)),
                    Reasoning = r.IsDBNull(11) ? null : Nano.ToDecimal(r.GetInt64(11)),
                    PerRequest = r.IsDBNull(12) ? null : Nano.ToDecimal(r.GetInt64(12)),
                };
                list.Add(new ModelPrice(r.GetString(1), r.GetString(2), set)
                {
                    Id = r.GetInt64(0),
                    EffectiveFrom = r.IsDBNull(3) ? null : FromMs(r.GetInt64(3)),
                    EffectiveTo = r.IsDBNull(4) ? null : FromMs(r.GetInt64(4)),
                    Currency = r.GetString(5),
                    Tiers = DeserializeTiers(r.IsDBNull(13) ? null : r.GetString(13)),
                    BatchMultiplier = r.IsDBNull(14) ? null : decimal.Parse(r.GetString(14), NumberStyles.Number, CultureInfo.InvariantCulture),
                    Source = r.GetString(15),
                });
            }

            return list;
        }

        private void RefreshPricesIfChanged()
        {
            using var conn = OpenConnection();
            using var cmd = conn.CreateCommand();
            cmd.CommandText = "SELECT COUNT(*), COALESCE(MAX(price_id), 0) FROM model_prices";
            (long, long) version;
            using (var r = cmd.ExecuteReader())
            {
                r.Read();
                version = (r.GetInt64(0), r.GetInt64(1));
            }

            lock (_priceLock)
            {
                if (version == _priceVersion) return;
                _prices = new PriceBook(Catalog, ReadCustomPrices(conn));
                _priceVersion = version;
            }
        }

        // ---------------------------------------------------------------- info

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
            info.FirstRequestUtc = r.IsDBNull(0) ? null : FromMs(r.GetInt64(0));
            info.LastRequestUtc = r.IsDBNull(1) ? null : FromMs(r.GetInt64(1));
            return info;
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

        private static void CreatePrivateFile(string path)
        {
            using (new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.ReadWrite))
            {
            }

            if (!RuntimeInformation.IsOSPlatform(OSPlatform.Windows))
            {
                try
                {
                    NativeMethods.chmod(path, Convert.ToInt32("600", 8));
                }
                catch (Exception ex) when (ex is DllNotFoundException || ex is EntryPointNotFoundException)
                {
                    // Best effort: the directory's permissions still apply.
                }
            }
        }

        private static class NativeMethods
        {
            [DllImport("libc", SetLastError = true)]
#pragma warning disable SA1300, IDE1006
            public static extern int chmod(string pathname, int mode);
#pragma warning restore SA1300, IDE1006
        }
    }
}
