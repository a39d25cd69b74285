using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Runtime.CompilerServices;
using LlmCost.Core.Money;
using LlmCost.Core.Pricing;
using LlmCost.Core.Queries;
using LlmCost.Core.Time;
using LlmCost.Core.Usage;
using Microsoft.Data.Sqlite;

namespace LlmCost.Core.Storage.Sqlite
{
    /// <summary>
    /// Writes priced requests: sessions, request rows and the hourly rollups in one transaction. SQLite-specific:
    /// rows are found by a 64-bit hash of their key (<see cref="SqliteRequestHash"/>) with collisions moved aside,
    /// and the insert statement is bound positionally and reused (<see cref="RawStatement"/>).
    /// </summary>
    internal static class SqliteRequestWriter
    {
        internal const long HourMs = 3_600_000L;

        /// <summary>Writes <paramref name="batch"/> in one transaction of its own; sets Added/Replaced on each request.</summary>
        public static BatchResult Write(SqliteConnection conn, IReadOnlyList<PricedRequest> batch, DuplicatePolicy policy)
        {
            using var statements = new StatementCache(conn);
            return Write(statements, batch, policy);
        }

        /// <summary>As <see cref="Write(SqliteConnection, IReadOnlyList{PricedRequest}, DuplicatePolicy)"/>, with statements kept prepared by the caller.</summary>
        public static BatchResult Write(StatementCache statements, IReadOnlyList<PricedRequest> batch, DuplicatePolicy policy)
        {
            var total = new BatchResult();
            foreach (var r in batch) r.StorageHash = SqliteRequestHash.Of(r.RequestKey);
            using (var tx = statements.Connection.BeginTransaction(deferred: false))
            {
                WriteRows(statements, tx, batch, policy, total, new SummaryChanges());
                tx.Commit();
            }

            return total;
        }

        /// <summary>
        /// Writes sessions, request rows and their rollups inside <paramref name="tx"/>; marks each result added, replaced
        /// or duplicate. <paramref name="rollup"/> is empty before and after: a bulk write keeps one for all its batches.
        /// </summary>
        [MethodImpl(JitHints.Hot)]
        internal static void WriteRows(StatementCache statements, SqliteTransaction tx, IReadOnlyList<PricedRequest> batch, DuplicatePolicy policy, BatchResult total,
            SummaryChanges rollup)
        {
            var conn = statements.Connection;
            long now = UnixMs.From(DateTime.UtcNow);

            // Sessions first: request rows reference them.
            var sessions = new Dictionary<string, (long First, long Last)>(StringComparer.Ordinal);
            foreach (var r in batch)
            {
                if (r.SessionId == null) continue;
                long t = UnixMs.From(r.OccurredAtUtc);
                sessions[r.SessionId] = sessions.TryGetValue(r.SessionId, out var s) ? (Math.Min(s.First, t), Math.Max(s.Last, t)) : (t, t);
            }

            if (sessions.Count > 0)
            {
                var upsertSession = statements.Get("INSERT INTO sessions (session_id, first_seen, last_seen) VALUES (?1, ?2, ?3) " +
                    "ON CONFLICT (session_id) DO UPDATE SET first_seen = MIN(first_seen, excluded.first_seen), last_seen = MAX(last_seen, excluded.last_seen)");
                foreach (var kv in sessions)
                {
                    upsertSession.Text(1, kv.Key);
                    upsertSession.Int(2, kv.Value.First);
                    upsertSession.Int(3, kv.Value.Last);
                    upsertSession.Execute();
                }
            }

            // Each row owns its hash (a unique index): a new request is stored by the insert itself; when the hash is
            // taken, the row holding it is read to tell the same request (a duplicate) from a different key (a collision).
            var collisions = LoadCollisions(statements, tx);
            var insert = statements.Get(
                "INSERT INTO request_costs (request_key, provider_request_id, session_id, occurred_at, provider, model, priced_model, " +
                "input_tokens, cache_read_tokens, cache_write_5m_tokens, cache_write_1h_tokens, output_tokens, reasoning_tokens, " +
                "cost_nano, currency, pricing_status, price_ref_id, is_batch, tags, source_id, latency_ms, recorded_at, request_hash, source_cost_nano, service_tier) " +
                "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, 'USD', ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24) " +
                "ON CONFLICT (request_hash) DO NOTHING");
            insert.Int(21, now);
            var keyAt = statements.Get("SELECT request_key FROM request_costs WHERE request_hash = ?1");
            var labels = new LabelIds(statements);

            // Only rows that actually differ are rewritten; the update trigger moves their rollup contribution.
            var replace = policy != DuplicatePolicy.Replace ? null : statements.Get(
                "UPDATE request_costs SET provider_request_id = ?2, session_id = ?3, occurred_at = ?4, provider = ?5, model = ?6, " +
                "priced_model = ?7, input_tokens = ?8, cache_read_tokens = ?9, cache_write_5m_tokens = ?10, cache_write_1h_tokens = ?11, " +
                "output_tokens = ?12, reasoning_tokens = ?13, cost_nano = ?14, pricing_status = ?15, price_ref_id = ?16, is_batch = ?17, " +
                "tags = ?18, source_id = ?19, latency_ms = ?20, source_cost_nano = ?23, service_tier = ?24 " +
                "WHERE request_hash = ?22 AND request_key = ?1 AND NOT (input_tokens = ?8 AND cache_read_tokens = ?9 AND cache_write_5m_tokens = ?10 " +
                "AND cache_write_1h_tokens = ?11 AND output_tokens = ?12 AND reasoning_tokens = ?13 AND occurred_at = ?4 " +
                "AND session_id IS ?3 AND model = ?6 AND provider = ?5 AND cost_nano IS ?14 AND is_batch = ?17 AND service_tier IS ?24)");

            foreach (var r in batch)
            {
                var record = r.Record;
                string? tags = StoredTags.Encode(record.Tags); // once: the row and its summary key both need it
                long hash = collisions.Count != 0 && collisions.TryGetValue(r.RequestKey, out long moved) ? moved : r.StorageHash;
                Bind(insert, record, r, hash, tags, labels);
                bool added = insert.Execute() == 1;
                if (!added)
                {
                    keyAt.Int(1, hash);
                    if (keyAt.FirstText() != r.RequestKey)
                    {
                        hash = PlaceCollidedKey(conn, tx, keyAt, r.RequestKey, collisions, out added);
                        if (added)
                        {
                            Bind(insert, record, r, hash, tags, labels);
                            if (insert.Execute() != 1) throw new InvalidOperationException($"The free hash {hash} for request '{r.RequestKey}' was taken.");
                        }
                    }
                }

                if (added)
                {
                    r.Added = true;
                    total.Added++;
                    var agg = rollup.For((UnixMs.From(r.OccurredAtUtc) / HourMs) * HourMs, r.SessionId ?? "", r.Provider, r.Model, tags ?? "");
                    agg.Requests++;
                    if (r.CostNano == null) agg.UnpricedRequests++;
                    agg.InputTokens += r.Tokens.InputTokens;
                    agg.CacheReadTokens += r.Tokens.CacheReadTokens;
                    agg.CacheWrite5mTokens += r.Tokens.CacheWrite5mTokens;
                    agg.CacheWrite1hTokens += r.Tokens.CacheWrite1hTokens;
                    agg.OutputTokens += r.Tokens.OutputTokens;
                    agg.ReasoningTokens += r.Tokens.ReasoningTokens;
                    agg.CostNano = checked(agg.CostNano + (r.CostNano ?? 0)); // never wraps around
                }
                else if (replace != null)
                {
                    // The update trigger moves the row's contribution in cost_rollups_hourly: rows added earlier in this
                    // batch must be there first, or the trigger would subtract from nothing and the request count twice.
                    rollup.Write(statements);

                    Bind(replace, record, r, hash, tags, labels);
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

            rollup.Write(statements);
        }

        private static Dictionary<string, long> LoadCollisions(StatementCache statements, SqliteTransaction tx)
        {
            var map = new Dictionary<string, long>(StringComparer.Ordinal);
            // Almost every store has none: a cheap check with a kept statement first.
            if (statements.Get("SELECT EXISTS (SELECT 1 FROM request_key_collisions)").FirstInt64() != 1) return map;
            var conn = statements.Connection;
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
                long derived = SqliteRequestHash.Of(key + " #" + n.ToString(CultureInfo.InvariantCulture));
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

        /// <summary>Binds ?1..?20 and ?22..?24 of the insert and update statements.</summary>
        private static void Bind(RawStatement s, UsageRecord record, PricedRequest r, long hash, string? tags, LabelIds labels)
        {
            s.Text(1, r.RequestKey);
            s.Int(22, hash);
            s.Text(2, StoredRequestId(r, record.RequestId));
            s.Text(3, r.SessionId);
            s.Int(4, UnixMs.From(r.OccurredAtUtc));
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
            s.Text(15, PricedRequest.StatusText(r.Status));
            s.Int(16, labels.Id(r.PriceRef));
            s.Int(17, record.IsBatch ? 1 : 0);
            s.Text(18, tags);
            s.Int(19, labels.Id(record.Source));
            s.Real(20, record.LatencyMs);
            s.Int(23, record.SourceCost.HasValue ? Nano.FromDecimal(record.SourceCost.Value) : (long?)null);
            s.Text(24, record.ServiceTier);
        }

        /// <summary>
        /// provider_request_id as stored: null when the request key is 'provider:request id' and so already holds it
        /// (<see cref="RequestIdSql"/> reads it back from the key). A provider named like the content-hash prefix keeps its id.
        /// </summary>
        private static string? StoredRequestId(PricedRequest r, string? requestId)
        {
            if (requestId == null || r.Provider == ContentKeyScheme) return requestId;
            string key = r.RequestKey, provider = r.Provider;
            bool inKey = key.Length == provider.Length + 1 + requestId.Length && key[provider.Length] == ':'
                         && key.StartsWith(provider, StringComparison.Ordinal) && key.EndsWith(requestId, StringComparison.Ordinal);
            return inKey ? null : requestId;
        }

        private const string ContentKeyScheme = RequestPricer.ContentKeyScheme;

        /// <summary>provider_request_id as the caller gave it (see <see cref="StoredRequestId"/>).</summary>
        internal const string RequestIdSql =
            "COALESCE(provider_request_id, CASE WHEN provider <> '" + ContentKeyScheme + "' AND substr(request_key, 1, length(provider) + 1) = provider || ':' " +
            "THEN substr(request_key, length(provider) + 2) END)";

        /// <summary>Foreign keys on or off for the connection (a no-op inside a transaction: SQLite's rule).</summary>
        internal static void SetForeignKeys(SqliteConnection conn, bool on)
        {
            using var pragma = conn.CreateCommand();
            pragma.CommandText = on ? "PRAGMA foreign_keys=ON" : "PRAGMA foreign_keys=OFF";
            pragma.ExecuteNonQuery();
        }

        /// <summary>Triggers on or off for this connection only (SQLITE_DBCONFIG_ENABLE_TRIGGER).</summary>
        internal static void SetTriggers(SqliteConnection conn, bool on)
        {
            const int EnableTrigger = 1003; // SQLITE_DBCONFIG_ENABLE_TRIGGER
            int rc = SQLitePCL.raw.sqlite3_db_config(conn.Handle, EnableTrigger, on ? 1 : 0, out int now);
            if (rc != 0 || now != (on ? 1 : 0)) throw new InvalidOperationException($"SQLite did not turn triggers {(on ? "on" : "off")} (code {rc}).");
        }
    }
}
