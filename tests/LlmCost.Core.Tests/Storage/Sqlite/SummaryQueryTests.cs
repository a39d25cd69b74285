using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using LlmCost.Core.Queries;
using LlmCost.Core.Storage;
using LlmCost.Core.Storage.Sqlite;
using LlmCost.Core.Usage;

namespace LlmCost.Core.Tests
{
    /// <summary>
    /// Grouped summaries read from the hourly and daily rollups (issue 14): exact against the request rows for every
    /// grouping, multi-key grouping, time zone (DST, half-hour and 45-minute offsets) and range; hand-worked DST and
    /// midnight cases; shares; and the rollups kept equal under replaces, re-pricing and deletes, and by the migration.
    /// </summary>
    public sealed class SummaryQueryTests
    {
        private static readonly string[] Zones = { "UTC", "Europe/Berlin", "America/New_York", "Asia/Kolkata", "Asia/Kathmandu", "Pacific/Chatham" };

        private static readonly CostGrouping[][] Groupings =
        {
            Array.Empty<CostGrouping>(),
            new[] { CostGrouping.Day },
            new[] { CostGrouping.Week },
            new[] { CostGrouping.Month },
            new[] { CostGrouping.Hour },
            new[] { CostGrouping.Model },
            new[] { CostGrouping.Tag },
            new[] { CostGrouping.Day, CostGrouping.Model },
            new[] { CostGrouping.Provider, CostGrouping.Month, CostGrouping.Tag },
            new[] { CostGrouping.Session, CostGrouping.Week },
        };

        /// <summary>3,000 requests from 2025-02-20 to 2025-04-30: across New York's (9 Mar) and Berlin's (30 Mar) DST changes and two month ends.</summary>
        private static List<UsageRecord> Workload()
        {
            var rng = new Random(20250330);
            var models = new[] { ("openai", "gpt-4o"), ("openai", "gpt-4o-mini"), ("anthropic", "claude-sonnet-4-20250514"), ("acme", "acme-7b") };
            var tagSets = new[] { null, new[] { "a" }, new[] { "a", "b" }, new[] { "b" } };
            var t0 = Utc.At(2025, 2, 20);
            var list = new List<UsageRecord>();
            for (int i = 0; i < 3000; i++)
            {
                var (provider, model) = models[rng.Next(models.Length)];
                var at = t0.AddSeconds(rng.Next(69 * 24 * 3600));
                list.Add(new UsageRecord(provider, model, at, new TokenUsage(rng.Next(1, 5000), rng.Next(1, 800)))
                {
                    RequestId = "r" + i.ToString(CultureInfo.InvariantCulture),
                    SessionId = rng.Next(8) == 0 ? null : "s" + rng.Next(6).ToString(CultureInfo.InvariantCulture),
                    Tags = tagSets[rng.Next(tagSets.Length)],
                });
            }

            return list;
        }

        [Fact]
        public void EveryGroupingZoneAndRange_EqualsTheSumsOfTheRequestRows()
        {
            using var dir = new TempDir();
            using var store = SqliteCostStore.Open(dir.File("s.db"));
            store.RecordMany(Workload());
            var raw = store.GetRequests(new CostQuery()).ToList();
            Assert.Equal(3000, raw.Count);
            Assert.Contains(raw, r => r.CostNano == null); // acme-7b has no price

            var ranges = new (DateTime?, DateTime?, string Filter)[]
            {
                (null, null, ""),
                (Utc.At(2025, 3, 1, 7, 13), Utc.At(2025, 4, 11, 22, 47), ""),
                (Utc.At(2025, 3, 29, 23), Utc.At(2025, 3, 31, 1), "tag"),
                (Utc.At(2025, 3, 9, 6, 30), Utc.At(2025, 3, 9, 6, 50), ""),
                (Utc.At(2025, 2, 25, 12), null, "provider"),
                (null, Utc.At(2025, 4, 2, 3, 30), "session"),
                (Utc.At(2025, 3, 1), Utc.At(2025, 4, 1), "unpriced"),
            };
            int checkedGroups = 0;
            foreach (string zoneId in Zones)
            {
                var tz = TimeZoneInfo.FindSystemTimeZoneById(zoneId);
                foreach (var keys in Groupings)
                {
                    foreach (var (since, until, filter) in ranges)
                    {
                        var q = new CostQuery { Since = since, Until = until, TimeZone = tz, Groupings = keys };
                        if (filter == "tag") q.Tags = new[] { "b" };
                        if (filter == "provider") q.Providers = new[] { "openai" };
                        if (filter == "session") q.Sessions = new[] { "s1", "s4" };
                        if (filter == "unpriced") q.OnlyUnpriced = true;
                        checkedGroups += CompareWithRows(store.GetCosts(q), raw, q, tz, $"{zoneId} {string.Join(",", keys)} {since:o}..{until:o} {filter}");
                    }
                }
            }

            Assert.True(checkedGroups > 10_000, $"only {checkedGroups} groups compared");
        }

        /// <summary>The expected groups, summed here from the request rows with the zone's own conversion.</summary>
        private static int CompareWithRows(IReadOnlyList<CostGroup> groups, List<RequestCost> raw, CostQuery q, TimeZoneInfo tz, string what)
        {
            var rows = raw.Where(r => (!q.Since.HasValue || r.OccurredAtUtc >= q.Since) && (!q.Until.HasValue || r.OccurredAtUtc < q.Until)
                                      && (q.Tags == null || r.Tags.Intersect(q.Tags).Any())
                                      && (q.Providers == null || q.Providers.Contains(r.Provider))
                                      && (q.Sessions == null || q.Sessions.Contains(r.SessionId))
                                      && (!q.OnlyUnpriced || r.CostNano == null)).ToList();
            var expected = new Dictionary<string, (long Requests, long Cost, long Input, long Output, long Unpriced)>();
            foreach (var r in rows)
            {
                var local = TimeZoneInfo.ConvertTimeFromUtc(r.OccurredAtUtc, tz);
                foreach (var tag in q.Groupings.Contains(CostGrouping.Tag) ? (r.Tags.Count == 0 ? new[] { "" } : r.Tags.ToArray()) : new[] { "" })
                {
                    string key = string.Join(" | ", q.Groupings.Select(k => k switch
                    {
                        CostGrouping.Hour => local.ToString("yyyy-MM-dd HH:00", CultureInfo.InvariantCulture),
                        CostGrouping.Day => local.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                        CostGrouping.Week => local.Date.AddDays(-(((int)local.DayOfWeek + 6) % 7)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                        CostGrouping.Month => local.ToString("yyyy-MM", CultureInfo.InvariantCulture),
                        CostGrouping.Model => r.Model,
                        CostGrouping.Provider => r.Provider,
                        CostGrouping.Session => r.SessionId ?? "",
                        _ => tag,
                    }));
                    expected.TryGetValue(key, out var e);
                    expected[key] = (e.Requests + 1, e.Cost + (r.CostNano ?? 0), e.Input + r.InputTokens, e.Output + r.OutputTokens,
                        e.Unpriced + (r.CostNano == null ? 1 : 0));
                }
            }

            if (q.Groupings.Count == 0)
            {
                // One total (or none at all when nothing is in range).
                Assert.True(rows.Count == 0 ? groups.Count == 0 || groups[0].Totals.Requests == 0 : groups.Count == 1, what);
                if (rows.Count == 0) return 1;
            }

            Assert.True(expected.Count == groups.Count, $"{what}: {groups.Count} groups, expected {expected.Count}");
            long total = rows.Sum(r => r.CostNano ?? 0);
            foreach (var g in groups)
            {
                Assert.True(expected.TryGetValue(g.Key, out var e), $"{what}: unexpected group '{g.Key}'");
                Assert.True(e.Requests == g.Totals.Requests, $"{what} '{g.Key}': {g.Totals.Requests} requests, expected {e.Requests}");
                Assert.True(e.Cost == g.Totals.CostNano, $"{what} '{g.Key}': {g.Totals.CostNano} nano-USD, expected {e.Cost}");
                Assert.Equal(e.Input, g.Totals.InputTokens);
                Assert.Equal(e.Output, g.Totals.OutputTokens);
                Assert.Equal(e.Unpriced, g.Totals.UnpricedRequests);
                Assert.Equal(total == 0 ? (decimal?)null : e.Cost / (decimal)total, g.Share);
            }

            return groups.Count;
        }

        [Fact]
        public void DayAndModel_InNewYork_AcrossItsDstChangeAndUtcMidnight_ByHand()
        {
            using var dir = new TempDir();
            using var store = SqliteCostStore.Open(dir.File("s.db"));
            var ny = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
            // gpt-4o $2.50 in / $10 out per 1M; gpt-4o-mini $0.15 / $0.60.
            // 2025-03-09 is New York's spring-forward day: local midnight is 05:00Z, the next midnight 04:00Z (23 hours).
            store.RecordMany(new[]
            {
                // 2025-03-09T04:30Z = 23:30 EST on 8 March: 1000 in, 100 out of gpt-4o = 0.0025 + 0.001 = $0.0035
                Rec("openai", "gpt-4o", Utc.At(2025, 3, 9, 4, 30), 1000, 100, "1"),
                // 05:30Z = 00:30 EST on 9 March: 2000 in of gpt-4o = $0.005
                Rec("openai", "gpt-4o", Utc.At(2025, 3, 9, 5, 30), 2000, 0, "2"),
                // 2025-03-10T00:30Z = 20:30 EDT on 9 March (after UTC midnight, same local day): 10000 in of mini = $0.0015
                Rec("openai", "gpt-4o-mini", Utc.At(2025, 3, 10, 0, 30), 10000, 0, "3"),
                // 03:59Z = 23:59 EDT on 9 March: 1000 out of mini = $0.0006
                Rec("openai", "gpt-4o-mini", Utc.At(2025, 3, 10, 3, 59), 0, 1000, "4"),
                // 04:00Z = 00:00 EDT on 10 March: 1000 out of gpt-4o = $0.01
                Rec("openai", "gpt-4o", Utc.At(2025, 3, 10, 4, 0), 0, 1000, "5"),
            });
            var groups = store.GetCosts(new CostQuery { TimeZone = ny, Groupings = new[] { CostGrouping.Day, CostGrouping.Model } });
            Assert.Equal(new[] { "2025-03-08 | gpt-4o", "2025-03-09 | gpt-4o", "2025-03-09 | gpt-4o-mini", "2025-03-10 | gpt-4o" }, groups.Select(g => g.Key));
            Assert.Equal(new[] { 0.0035m, 0.005m, 0.0021m, 0.01m }, groups.Select(g => g.Totals.Cost));
            Assert.Equal(Utc.At(2025, 3, 9, 5), groups[1].PeriodStartUtc); // 9 March began at 00:00 EST
            Assert.Equal(Utc.At(2025, 3, 10, 4), groups[3].PeriodStartUtc); // 10 March began at 00:00 EDT
            Assert.All(groups, g => Assert.Equal("openai", g.Provider));
            // Total $0.0206: shares 0.0035/0.0206, ...
            Assert.Equal(0.0035m / 0.0206m, groups[0].Share);
            Assert.Equal(0.01m / 0.0206m, groups[3].Share);

            // In UTC the same requests fall on 9 March (two) and 10 March (three).
            var utcDays = store.GetCosts(new CostQuery { GroupBy = CostGrouping.Day });
            Assert.Equal(new[] { "2025-03-09", "2025-03-10" }, utcDays.Select(g => g.Key));
            Assert.Equal(new[] { 0.0085m, 0.0121m }, utcDays.Select(g => g.Totals.Cost));
        }

        [Fact]
        public void Shares_AreEachGroupsPartOfTheTotal_ByHand()
        {
            using var dir = new TempDir();
            using var store = SqliteCostStore.Open(dir.File("s.db"));
            // gpt-4o: 1M input = $2.50 and 100k output = $1.00 -> $3.50; gpt-4o-mini: 1M input = $0.15, 1M output = $0.60 -> $0.75; acme-7b unpriced.
            store.RecordMany(new[]
            {
                Rec("openai", "gpt-4o", Utc.At(2025, 6, 1, 10), 1_000_000, 100_000, "1"),
                Rec("openai", "gpt-4o-mini", Utc.At(2025, 6, 2, 10), 1_000_000, 1_000_000, "2"),
                Rec("acme", "acme-7b", Utc.At(2025, 6, 2, 11), 1000, 1000, "3"),
            });
            var byModel = store.GetCosts(new CostQuery { GroupBy = CostGrouping.Model });
            Assert.Equal(new[] { "gpt-4o", "gpt-4o-mini", "acme-7b" }, byModel.Select(g => g.Key));
            Assert.Equal(3.50m / 4.25m, byModel[0].Share);
            Assert.Equal(0.75m / 4.25m, byModel[1].Share);
            Assert.Equal(0m, byModel[2].Share);
            Assert.Null(store.GetCosts(new CostQuery { GroupBy = CostGrouping.Model, Models = new[] { "acme-7b" } }).Single().Share); // total $0
        }

        [Fact]
        public void ARangeWithoutRequests_IsZero_AlsoWithMinutesAtItsEdges()
        {
            using var dir = new TempDir();
            using var store = SqliteCostStore.Open(dir.File("s.db"));
            store.Record(Rec("openai", "gpt-4o", Utc.At(2025, 6, 1, 10), 1000, 1000, "1"));
            // Months later, with minutes at both ends: request rows are read for the edges and hold nothing there.
            var q = new CostQuery { Since = Utc.At(2025, 11, 3, 7, 13), Until = Utc.At(2025, 12, 2, 9, 41), TimeZone = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin") };
            var totals = store.GetTotals(q);
            Assert.Equal((0L, 0L, 0m), (totals.Requests, totals.UnpricedRequests, totals.Cost));
            q.GroupBy = CostGrouping.Day;
            Assert.Empty(store.GetCosts(q));
        }

        [Fact]
        public void BadGroupingCombinations_AreRefusedByName()
        {
            var two = Assert.Throws<LlmCostException>(() => new CostQuery { Groupings = new[] { CostGrouping.Day, CostGrouping.Month } });
            Assert.Equal("ConflictingGroupBy", two.ErrorId);
            Assert.Contains("Day,Month", two.Message);
            var twice = Assert.Throws<LlmCostException>(() => new CostQuery { Groupings = new[] { CostGrouping.Model, CostGrouping.Model } });
            Assert.Equal("DuplicateGroupBy", twice.ErrorId);
        }

        [Fact]
        public void Rollups_StayEqualToTheRequests_UnderReplacesRepricingTagChangesAndDeletes()
        {
            using var dir = new TempDir();
            string db = dir.File("s.db");
            using var store = SqliteCostStore.Open(db);
            var work = Workload();
            store.RecordMany(work);

            // Re-import a tenth with other counts and tags (replace): the update trigger moves them in every rollup.
            using (var bulk = TestBulk.Open(store, DuplicatePolicy.Replace))
            {
                foreach (var r in work.Where((_, i) => i % 10 == 0))
                {
                    bulk.Add(new UsageRecord(r.Provider, r.Model, r.OccurredAtUtc.AddHours(7), new TokenUsage(r.Tokens.InputTokens + 5, 3))
                    {
                        RequestId = r.RequestId,
                        SessionId = r.SessionId,
                        Tags = new[] { "moved" },
                    });
                }

                bulk.Complete();
            }

            TestDb.Exec(db, "UPDATE request_costs SET cost_nano = cost_nano + 7 WHERE cost_nano IS NOT NULL AND request_row % 3 = 0");
            TestDb.Exec(db, "UPDATE request_costs SET tags = ',c,' WHERE request_row % 5 = 1");
            TestDb.Exec(db, "DELETE FROM request_costs WHERE request_row % 11 = 2");
            Assert.True(store.Check().Healthy);
            Assert.Equal(0L, store.Check().RollupMismatches);

            var raw = store.GetRequests(new CostQuery()).ToList();
            var berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
            foreach (var keys in Groupings)
            {
                var q = new CostQuery { TimeZone = berlin, Groupings = keys };
                CompareWithRows(store.GetCosts(q), raw, q, berlin, "after changes " + string.Join(",", keys));
            }

            // A corrupted summary is found by the check, at every level.
            foreach (var (table, time) in new[] { ("cost_rollups_daily_by_model", "day_start"), ("cost_rollups_daily_total", "day_start"), ("cost_rollups_hourly_total", "hour_start"), ("cost_rollups_daily_by_session", "day_start"), ("cost_rollups_monthly_by_model", "month_start") })
            {
                TestDb.Exec(db, $"UPDATE {table} SET cost_nano = cost_nano + 1 WHERE {time} = (SELECT MIN({time}) FROM {table})");
                Assert.True(store.Check().RollupMismatches > 0, table);
                TestDb.Exec(db, $"UPDATE {table} SET cost_nano = cost_nano - 1 WHERE {time} = (SELECT MIN({time}) FROM {table})");
                Assert.Equal(0L, store.Check().RollupMismatches);
            }
        }

        [Fact]
        public void TheMigration_BuildsTheNewRollupsFromAnOlderStore()
        {
            using var dir = new TempDir();
            string db = dir.File("old.db");
            // A version-10 store with rows as its writer left them: requests plus hourly rollups without tags.
            TestDb.MigrateTo(db, 10);
            TestDb.Exec(db, "INSERT INTO sessions (session_id, first_seen, last_seen) VALUES ('s1', 0, 0)");
            TestDb.Exec(db,
                "INSERT INTO request_costs (request_key, request_hash, session_id, occurred_at, provider, model, input_tokens, cache_read_tokens, " +
                "cache_write_5m_tokens, cache_write_1h_tokens, output_tokens, reasoning_tokens, cost_nano, currency, pricing_status, is_batch, tags, recorded_at) VALUES " +
                // gpt-4o 1000 in = $0.0025 = 2,500,000 nano; 1000 out = $0.01
                "('openai:a', 1, 's1', 1740787200000, 'openai', 'gpt-4o', 1000, 0, 0, 0, 0, 0, 2500000, 'USD', 'priced', 0, ',x,', 0), " +
                "('openai:b', 2, NULL, 1740790800000, 'openai', 'gpt-4o', 0, 0, 0, 0, 1000, 0, 10000000, 'USD', 'priced', 0, NULL, 0)");
            TestDb.Exec(db,
                "INSERT INTO cost_rollups_hourly SELECT (occurred_at / 3600000) * 3600000, COALESCE(session_id, ''), provider, model, COUNT(*), " +
                "SUM(cost_nano IS NULL), SUM(input_tokens), SUM(cache_read_tokens), SUM(cache_write_5m_tokens), SUM(cache_write_1h_tokens), " +
                "SUM(output_tokens), SUM(reasoning_tokens), SUM(COALESCE(cost_nano, 0)) FROM request_costs GROUP BY 1, 2, 3, 4");

            using var store = SqliteCostStore.Open(db);
            Assert.True(store.Check().Healthy);
            // 1740787200000 = 2025-03-01T00:00Z, the second an hour later: one day, $0.0125, $0.0025 of it tagged x.
            var day = store.GetCosts(new CostQuery { GroupBy = CostGrouping.Day }).Single();
            Assert.Equal("2025-03-01", day.Key);
            Assert.Equal(0.0125m, day.Totals.Cost);
            Assert.Equal(0.0025m, store.GetTotals(new CostQuery { Tags = new[] { "x" }, Since = Utc.At(2025, 2, 1) }).Cost);
            Assert.Equal(2L, TestDb.Scalar(db, "SELECT COUNT(*) FROM cost_rollups_hourly_by_model")); // 00:00 and 01:00
            Assert.Equal(2L, TestDb.Scalar(db, "SELECT COUNT(*) FROM cost_rollups_daily_by_model")); // one day, tagged x and untagged
            Assert.Equal(2L, TestDb.Scalar(db, "SELECT COUNT(*) FROM cost_rollups_daily_by_session")); // s1 tagged x, no session untagged
            Assert.Equal(2L, TestDb.Scalar(db, "SELECT COUNT(*) FROM cost_rollups_hourly_total")); // 00:00 and 01:00
            Assert.Equal(12_500_000L, TestDb.Scalar(db, "SELECT cost_nano FROM cost_rollups_daily_total")); // $0.0025 + $0.01, one day
            Assert.Equal(1740787200000L, TestDb.Scalar(db, "SELECT MIN(month_start) FROM cost_rollups_monthly_by_model")); // March 2025
            Assert.Equal(2L, TestDb.Scalar(db, "SELECT COUNT(*) FROM cost_rollups_monthly_by_model")); // tagged x and untagged
        }

        private static UsageRecord Rec(string provider, string model, DateTime at, long input, long output, string id) =>
            new UsageRecord(provider, model, at, new TokenUsage(input, output)) { RequestId = id };
    }
}
