using System;
using System.Collections.Generic;
using LlmCost.Core.Queries;

namespace LlmCost.Core.Storage.Sqlite
{
    /// <summary>
    /// What a write changes in the seven summaries, summed per hour, session, provider, model and tags, then written
    /// once per key: the hourly one per session as summed, and the coarser ones (per hour, day and month without the
    /// session, per day with it, totals per hour and per day) summed from it. Optimisation of the write paths
    /// (docs/benchmarks.md, "Re-pricing"): one instance lives for a whole import or re-pricing run and keeps its tables
    /// and sums between batches. Built anew per batch they were large-object allocations that re-pricing a sparse
    /// store paid for in garbage collections.
    /// </summary>
    internal sealed class SummaryChanges
    {
        private const long DayMs = 86_400_000L;

        /// <summary>What a summary table has in its key besides the hour, day or month.</summary>
        private enum KeyShape
        {
            /// <summary>Session, provider, model, tags.</summary>
            Session,
            /// <summary>Provider, model, tags.</summary>
            Model,
            /// <summary>Nothing: totals.</summary>
            Time,
        }

        private sealed class Summary
        {
            public readonly KeyShape Shape;
            public readonly Dictionary<(long, string, string, string, string), CostTotals> Rows = new Dictionary<(long, string, string, string, string), CostTotals>();
            public readonly string UpsertSql;

            public Summary(string table, string keyColumns, KeyShape shape)
            {
                Shape = shape;
                string keys = shape == KeyShape.Session ? "?1, ?2, ?3, ?4, ?5" : shape == KeyShape.Model ? "?1, ?3, ?4, ?5" : "?1";
                UpsertSql = $"INSERT INTO {table} VALUES ({keys}, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14) " +
                    $"ON CONFLICT ({keyColumns}) DO UPDATE SET requests = requests + excluded.requests, " +
                    "unpriced_requests = unpriced_requests + excluded.unpriced_requests, input_tokens = input_tokens + excluded.input_tokens, " +
                    "cache_read_tokens = cache_read_tokens + excluded.cache_read_tokens, cache_write_5m_tokens = cache_write_5m_tokens + excluded.cache_write_5m_tokens, " +
                    "cache_write_1h_tokens = cache_write_1h_tokens + excluded.cache_write_1h_tokens, output_tokens = output_tokens + excluded.output_tokens, " +
                    "reasoning_tokens = reasoning_tokens + excluded.reasoning_tokens, cost_nano = cost_nano + excluded.cost_nano";
            }
        }

        private readonly Summary _hourly = new Summary("cost_rollups_hourly", "hour_start, session_id, provider, model, tags", KeyShape.Session);
        private readonly Summary _hourlyByModel = new Summary("cost_rollups_hourly_by_model", "hour_start, provider, model, tags", KeyShape.Model);
        private readonly Summary _dailyByModel = new Summary("cost_rollups_daily_by_model", "day_start, provider, model, tags", KeyShape.Model);
        private readonly Summary _dailyBySession = new Summary("cost_rollups_daily_by_session", "day_start, session_id, provider, model, tags", KeyShape.Session);
        private readonly Summary _monthlyByModel = new Summary("cost_rollups_monthly_by_model", "month_start, provider, model, tags", KeyShape.Model);
        private readonly Summary _hourlyTotal = new Summary("cost_rollups_hourly_total", "hour_start", KeyShape.Time);
        private readonly Summary _dailyTotal = new Summary("cost_rollups_daily_total", "day_start", KeyShape.Time);
        private readonly Summary[] _all;
        private readonly Stack<CostTotals> _spare = new Stack<CostTotals>();
        private (long, string, string, string, string) _lastKey;
        private CostTotals? _last;
        private bool _derived;

        public SummaryChanges()
        {
            _all = new[] { _hourly, _hourlyByModel, _dailyByModel, _dailyBySession, _monthlyByModel, _hourlyTotal, _dailyTotal };
        }

        /// <summary>The sums of one hour × session × provider × model × tags, to add a change to.</summary>
        public CostTotals For(long hourStart, string session, string provider, string model, string tags)
        {
            if (_derived) throw new InvalidOperationException("The coarser summaries were already summed: nothing can be added before Write or Clear.");
            var key = (hourStart, session, provider, model, tags);
            // Consecutive rows mostly share their key: the last one's sums are kept at hand.
            if (_last != null && key.Equals(_lastKey)) return _last;
            if (!_hourly.Rows.TryGetValue(key, out var sums)) _hourly.Rows[key] = sums = Take();
            _lastKey = key;
            _last = sums;
            return sums;
        }

        /// <summary>
        /// Sums the coarser summaries' changes from the hourly ones (done by <see cref="Write"/> when not done before):
        /// re-pricing does it on its reading thread, so the writing thread only writes.
        /// </summary>
        public void Derive()
        {
            if (_derived) return;
            _derived = true;
            foreach (var kv in _hourly.Rows)
            {
                var (h, s, p, m, t) = kv.Key;
                long day = (h / DayMs) * DayMs;
                AddTo(_hourlyByModel, (h, "", p, m, t), kv.Value);
                AddTo(_dailyByModel, (day, "", p, m, t), kv.Value);
                AddTo(_dailyBySession, (day, s, p, m, t), kv.Value);
                AddTo(_monthlyByModel, (RollupPlan.FloorToMonth(day), "", p, m, t), kv.Value);
                AddTo(_hourlyTotal, (h, "", "", "", ""), kv.Value);
                AddTo(_dailyTotal, (day, "", "", "", ""), kv.Value);
            }
        }

        /// <summary>Writes every changed key to the seven summaries and starts again empty.</summary>
        public void Write(StatementCache statements)
        {
            if (_hourly.Rows.Count == 0) return;
            Derive();
            foreach (var summary in _all) Upsert(statements, summary);
            Clear();
        }

        /// <summary>Forgets every change not yet written.</summary>
        public void Clear()
        {
            foreach (var summary in _all)
            {
                foreach (var sums in summary.Rows.Values) _spare.Push(sums);
                summary.Rows.Clear(); // keeps its capacity for the next batch
            }

            _last = null;
            _derived = false;
        }

        private CostTotals Take()
        {
            if (_spare.Count == 0) return new CostTotals();
            var sums = _spare.Pop();
            sums.Reset();
            return sums;
        }

        private void AddTo(Summary summary, (long, string, string, string, string) key, CostTotals add)
        {
            if (!summary.Rows.TryGetValue(key, out var sums)) summary.Rows[key] = sums = Take();
            sums.Add(add);
        }

        private static void Upsert(StatementCache statements, Summary summary)
        {
            var upsert = statements.Get(summary.UpsertSql);
            var shape = summary.Shape;
            foreach (var kv in summary.Rows)
            {
                var (h, s, p, m, t) = kv.Key;
                var a = kv.Value;
                upsert.Int(1, h);
                if (shape == KeyShape.Session) upsert.Text(2, s);
                if (shape != KeyShape.Time)
                {
                    upsert.Text(3, p);
                    upsert.Text(4, m);
                    upsert.Text(5, t);
                }

                upsert.Int(6, a.Requests);
                upsert.Int(7, a.UnpricedRequests);
                upsert.Int(8, a.InputTokens);
                upsert.Int(9, a.CacheReadTokens);
                upsert.Int(10, a.CacheWrite5mTokens);
                upsert.Int(11, a.CacheWrite1hTokens);
                upsert.Int(12, a.OutputTokens);
                upsert.Int(13, a.ReasoningTokens);
                upsert.Int(14, a.CostNano);
                upsert.Execute();
            }
        }
    }
}
