using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using LlmCost.Core.Money;
using LlmCost.Core.Pricing;
using LlmCost.Core.Queries;
using LlmCost.Core.Storage;
using LlmCost.Core.Storage.Sqlite;
using LlmCost.Core.Usage;
using Microsoft.Data.Sqlite;

namespace LlmCost.Core.Tests
{
    public class StoreTests
    {
        private static UsageRecord Rec(string model, DateTime at, long input, long output, string? session = null, string? id = null, string? provider = null) =>
            new UsageRecord(provider, model, at, new TokenUsage(input, output)) { SessionId = session, RequestId = id };

        [Fact]
        public void RecordingTheSameRequestTwice_CountsItOnce()
        {
            using var dir = new TempDir();
            using var store = SqliteCostStore.Open(dir.File("s.db"));
            // groq llama-3.3-70b-versatile 0.59/0.79: 1200 x 0.59 + 300 x 0.79 = 945 -> $0.000945 (example 7)
            var first = store.Record(Rec("llama-3.3-70b-versatile", Utc.At(2025, 6, 1, 10), 1200, 300, "s1", "req-1", "groq"));
            var second = store.Record(Rec("llama-3.3-70b-versatile", Utc.At(2025, 6, 1, 10), 1200, 300, "s1", "req-1", "groq"));
            Assert.True(first.Added);
            Assert.True(second.Duplicate);
            Assert.Equal("groq:req-1", first.RequestKey);
            var totals = store.GetTotals(new CostQuery());
            Assert.Equal(1, totals.Requests);
            Assert.Equal(0.000945m, totals.Cost);
        }

        [Fact]
        public void RequestsWithoutId_AreDeduplicatedByContent()
        {
            using var dir = new TempDir();
            using var store = SqliteCostStore.Open(dir.File("s.db"));
            var records = new[]
            {
                Rec("gpt-4o", Utc.At(2025, 6, 1, 10), 100, 10, "s"),
                Rec("gpt-4o", Utc.At(2025, 6, 1, 10), 100, 10, "s"),
                Rec("gpt-4o", Utc.At(2025, 6, 1, 10), 100, 11, "s"),
            };
            var result = store.RecordMany(records);
            Assert.Equal(2, result.Added);
            Assert.Equal(1, result.Duplicates);
            Assert.Equal(3, store.RecordMany(records).Duplicates);
        }

        [Fact]
        public void UnknownModel_IsStoredUnpricedNeverAsZero()
        {
            using var dir = new TempDir();
            using var store = SqliteCostStore.Open(dir.File("s.db"));
            var r = store.Record(Rec("acme-llm-7b", Utc.At(2025, 6, 1), 1000, 100, "s"));
            Assert.Equal(PricingStatus.Unpriced, r.Status);
            Assert.Null(r.CostNano);
            store.Record(Rec("gpt-4o", Utc.At(2025, 6, 1), 1000, 0, "s")); // 1000 x 2.5 = 2500 -> $0.0025
            var totals = store.GetTotals(new CostQuery { Sessions = new[] { "s" } });
            Assert.Equal(2, totals.Requests);
            Assert.Equal(1, totals.UnpricedRequests);
            Assert.Equal(0.0025m, totals.Cost);
            var row = store.GetRequests(new CostQuery { OnlyUnpriced = true }).Single();
            Assert.Equal("unpriced", row.PricingStatus);
            Assert.Null(row.Cost);
            Assert.Equal("unknown", row.Provider);
        }

        [Fact]
        public void OneMillionOneTokenRequests_SumExactly()
        {
            using var dir = new TempDir();
            using var store = SqliteCostStore.Open(dir.File("s.db"));
            store.AddPrice(new ModelPrice("test", "cheap", new PriceSet { Input = 0.075m, Output = 0m }));
            DateTime t0 = Utc.At(2025, 1, 1);
            var records = Enumerable.Range(0, 1_000_000).Select(i =>
                new UsageRecord("test", "cheap", t0.AddSeconds(i), new TokenUsage(1, 0)) { RequestId = "r" + i });
            var result = store.RecordMany(records, batchSize: 50_000);
            Assert.Equal(1_000_000, result.Added);
            // Each request: 1 x 0.075 / 1e6 = $0.000000075 = 75 nano-USD exactly; x 1e6 = $0.075.
            var totals = store.GetTotals(new CostQuery());
            Assert.Equal(0.075m, totals.Cost);
            Assert.Equal(75_000_000, totals.CostNano);
        }

        [Fact]
        public void PriceHistory_O3BeforeAndAfterTheChange()
        {
            using var dir = new TempDir();
            using var store = SqliteCostStore.Open(dir.File("s.db"));
            // 1000 in + 1000 out: on 2025-06-01 at 10/40 -> $0.05; on 2025-06-11 at 2/8 -> $0.01
            var before = store.Record(Rec("o3", Utc.At(2025, 6, 1, 12), 1000, 1000, "s", "a", "openai"));
            var after = store.Record(Rec("o3", Utc.At(2025, 6, 11, 12), 1000, 1000, "s", "b", "openai"));
            Assert.Equal(0.05m, before.Cost);
            Assert.Equal(0.01m, after.Cost);
            Assert.Equal(0.06m, store.GetTotals(new CostQuery { Sessions = new[] { "s" } }).Cost);
        }

        [Theory]
        [InlineData(null, "gpt-4o-2024-08-06", "openai", "gpt-4o")]
        [InlineData("anthropic", "claude-sonnet-4-5-20250929", "anthropic", "claude-sonnet-4-5")]
        [InlineData(null, "claude-sonnet-4-5-20250929", "anthropic", "claude-sonnet-4-5")]
        [InlineData("google", "models/gemini-2.5-pro", "google", "gemini-2.5-pro")]
        [InlineData(null, "models/gemini-2.5-pro", "google", "gemini-2.5-pro")]
        [InlineData(null, "openai/gpt-4o-mini", "openai", "gpt-4o-mini")]
        [InlineData("gemini", "gemini-2.5-pro", "google", "gemini-2.5-pro")]
        public void AliasesAndDatedIds_ResolveToTheirPrices(string? provider, string model, string expectedProvider, string expectedModel)
        {
            using var dir = new TempDir();
            using var store = SqliteCostStore.Open(dir.File("s.db"));
            var r = store.Record(Rec(model, Utc.At(2025, 10, 1), 1000, 100, null, "x", provider));
            Assert.Equal(PricingStatus.Priced, r.Status);
            Assert.Equal(expectedProvider, r.Provider);
            Assert.Equal(expectedModel, r.PricedModel);
        }

        [Fact]
        public void CustomPrice_OverridesBuiltinFromItsEffectiveDate()
        {
            using var dir = new TempDir();
            using var store = SqliteCostStore.Open(dir.File("s.db"));
            store.AddPrice(new ModelPrice("openai", "gpt-4o", new PriceSet { Input = 1m, Output = 1m }) { EffectiveFrom = Utc.At(2025, 7, 1) });
            // Before: list price 2.5 -> 1000 x 2.5 = $0.0025. After: negotiated 1.0 -> $0.001.
            var before = store.Record(Rec("gpt-4o", Utc.At(2025, 6, 30), 1000, 0, null, "1", "openai"));
            var after = store.Record(Rec("gpt-4o-2024-08-06", Utc.At(2025, 7, 2), 1000, 0, null, "2", "openai"));
            Assert.Equal(PricingStatus.Priced, before.Status);
            Assert.Equal(0.0025m, before.Cost);
            Assert.Equal(PricingStatus.Custom, after.Status);
            Assert.Equal(0.001m, after.Cost);
        }

        [Fact]
        public void CustomPrice_IsVisibleToASecondStoreInstance()
        {
            using var dir = new TempDir();
            using var a = SqliteCostStore.Open(dir.File("s.db"));
            using var b = SqliteCostStore.Open(dir.File("s.db"));
            Assert.Equal(PricingStatus.Unpriced, b.Prices.Lookup("acme", "in-house", Utc.At(2025, 1, 1)).Status);
            a.AddPrice(new ModelPrice("acme", "in-house", new PriceSet { Input = 1m, Output = 2m }));
            Assert.Equal(PricingStatus.Custom, b.Prices.Lookup("acme", "in-house", Utc.At(2025, 1, 1)).Status);
            Assert.Equal(PricingStatus.Custom, b.Prices.Lookup(null, "in-house", Utc.At(2025, 1, 1)).Status);
        }

        [Fact]
        public void InvalidCounts_AreRefusedAndNothingIsStored()
        {
            using var dir = new TempDir();
            using var store = SqliteCostStore.Open(dir.File("s.db"));
            var bad = new UsageRecord("openai", "gpt-4o", Utc.At(2025, 1, 1), new TokenUsage(10, 0, cacheReadTokens: 20));
            var ex = Assert.Throws<InvalidUsageException>(() => store.RecordMany(new[] { Rec("gpt-4o", Utc.At(2025, 1, 1), 5, 5), bad }));
            Assert.Contains("CacheReadTokens", ex.Message);
            Assert.Equal(0, store.GetTotals(new CostQuery()).Requests);
        }

        [Fact]
        public void ReplacePolicy_KeepsTheLatestSnapshotAndRollupsFollow()
        {
            using var dir = new TempDir();
            using var store = SqliteCostStore.Open(dir.File("s.db"));
            store.Record(Rec("gpt-4o", Utc.At(2025, 6, 1, 10, 5), 1000, 10, "s", "msg_1", "openai"));
            var r = store.Record(Rec("gpt-4o", Utc.At(2025, 6, 1, 10, 5), 1000, 500, "s", "msg_1", "openai"), DuplicatePolicy.Replace);
            Assert.True(r.Replaced);
            var same = store.Record(Rec("gpt-4o", Utc.At(2025, 6, 1, 10, 5), 1000, 500, "s", "msg_1", "openai"), DuplicatePolicy.Replace);
            Assert.True(same.Duplicate);
            // 1000 x 2.5 + 500 x 10 = 7500 -> $0.0075, one request
            var totals = store.GetTotals(new CostQuery());
            Assert.Equal(1, totals.Requests);
            Assert.Equal(500, totals.OutputTokens);
            Assert.Equal(0.0075m, totals.Cost);
        }

        [Fact]
        public void DeletingASession_CascadesToRequestsAndRollups()
        {
            using var dir = new TempDir();
            string db = dir.File("s.db");
            using var store = SqliteCostStore.Open(db);
            store.Record(Rec("gpt-4o", Utc.At(2025, 6, 1, 10), 1000, 0, "gone", "1", "openai"));
            store.Record(Rec("gpt-4o", Utc.At(2025, 6, 1, 10), 1000, 0, "kept", "2", "openai"));
            TestDb.Exec(db, "DELETE FROM sessions WHERE session_id = 'gone'");
            var totals = store.GetTotals(new CostQuery());
            Assert.Equal(1, totals.Requests);
            Assert.Equal(0.0025m, totals.Cost);
            Assert.Empty(store.GetRequests(new CostQuery { Sessions = new[] { "gone" } }));
        }

        [Fact]
        public void ConcurrentRecordingFromEightThreads_LosesNothing()
        {
            using var dir = new TempDir();
            string db = dir.File("concurrent.db");
            SqliteCostStore.Open(db).Dispose();
            const int Threads = 8;
            const int PerThread = 400;
            using var start = new ManualResetEventSlim(false);
            var errors = new System.Collections.Concurrent.ConcurrentQueue<Exception>();
            var threads = Enumerable.Range(0, Threads).Select(t => new Thread(() =>
            {
                try
                {
                    using var store = SqliteCostStore.Open(db);
                    start.Wait();
                    for (int i = 0; i < PerThread; i++)
                    {
                        // Every request: 1000 x 2.5 + 100 x 10 = 3500 -> $0.0035
                        store.Record(Rec("gpt-4o", Utc.At(2025, 6, 1).AddMinutes(i), 1000, 100, "session-" + (i % 50), $"t{t}-{i}", "openai"));
                    }
                }
                catch (Exception ex)
                {
                    errors.Enqueue(ex);
                }
            })).ToArray();
            foreach (var th in threads) th.Start();
            start.Set();
            foreach (var th in threads) th.Join();
            Assert.Empty(errors);

            using var check = SqliteCostStore.Open(db);
            var totals = check.GetTotals(new CostQuery());
            Assert.Equal(Threads * PerThread, totals.Requests);
            Assert.Equal(Threads * PerThread * 0.0035m, totals.Cost);
            Assert.Equal(Threads * PerThread, check.GetRequests(new CostQuery()).Count());
            Assert.Equal(50, check.GetCosts(new CostQuery { GroupBy = CostGrouping.Session }).Count);
        }

        [Fact]
        public void RollupQueries_MatchRawRowsForArbitraryRangesAndGroups()
        {
            using var dir = new TempDir();
            using var store = SqliteCostStore.Open(dir.File("s.db"));
            var rng = new Random(7);
            string[] models = { "gpt-4o", "gpt-4o-mini", "acme-unknown" };
            string[] sessions = { "a", "b", "c" };
            DateTime t0 = Utc.At(2025, 3, 29);
            var records = Enumerable.Range(0, 3000).Select(i => Rec(models[rng.Next(3)], t0.AddSeconds(rng.Next(4 * 86400)), rng.Next(5000), rng.Next(500),
                sessions[rng.Next(3)], "r" + i)).ToList();
            store.RecordMany(records);
            var raw = store.GetRequests(new CostQuery()).ToList();

            var ranges = new (DateTime?, DateTime?)[]
            {
                (null, null),
                (t0.AddMinutes(37), null),
                (null, t0.AddDays(2).AddMinutes(13)),
                (t0.AddHours(5).AddSeconds(1), t0.AddDays(3).AddMinutes(59)),
                (t0.AddHours(5).AddMinutes(10), t0.AddHours(5).AddMinutes(50)),
                (t0.AddHours(6), t0.AddHours(30)),
            };
            foreach (var (since, until) in ranges)
            {
                var inRange = raw.Where(r => (!since.HasValue || r.OccurredAtUtc >= since) && (!until.HasValue || r.OccurredAtUtc < until)).ToList();
                var totals = store.GetTotals(new CostQuery { Since = since, Until = until });
                Assert.Equal(inRange.Count, totals.Requests);
                Assert.Equal(inRange.Sum(r => r.CostNano ?? 0), totals.CostNano);
                Assert.Equal(inRange.Count(r => r.CostNano == null), totals.UnpricedRequests);
                Assert.Equal(inRange.Sum(r => r.InputTokens), totals.InputTokens);

                var bySession = store.GetCosts(new CostQuery { Since = since, Until = until, GroupBy = CostGrouping.Session });
                foreach (var g in bySession)
                {
                    Assert.Equal(inRange.Where(r => r.SessionId == g.Key).Sum(r => r.CostNano ?? 0), g.Totals.CostNano);
                }

                var byDay = store.GetCosts(new CostQuery { Since = since, Until = until, GroupBy = CostGrouping.Day });
                Assert.Equal(inRange.Select(r => r.OccurredAtUtc.Date).Distinct().Count(), byDay.Count);
                foreach (var g in byDay)
                {
                    Assert.Equal(inRange.Where(r => r.OccurredAtUtc.Date == g.PeriodStartUtc).Sum(r => r.CostNano ?? 0), g.Totals.CostNano);
                }
            }

            var byModel = store.GetCosts(new CostQuery { GroupBy = CostGrouping.Model, Models = new[] { "gpt-4o*" } });
            Assert.Equal(new[] { "gpt-4o", "gpt-4o-mini" }, byModel.Select(g => g.Key).OrderBy(k => k));
        }

        [Fact]
        public void DayGroups_InABudgetTimeZoneAcrossDst()
        {
            using var dir = new TempDir();
            using var store = SqliteCostStore.Open(dir.File("s.db"));
            var berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
            // 2025-03-30 is the spring-forward day in Berlin (23 hours long). 2025-03-29T23:30Z is 00:30 on the 30th local.
            store.Record(Rec("gpt-4o", Utc.At(2025, 3, 29, 22, 30), 1000, 0, null, "1", "openai")); // 23:30 on the 29th local
            store.Record(Rec("gpt-4o", Utc.At(2025, 3, 29, 23, 30), 1000, 0, null, "2", "openai")); // 00:30 on the 30th local
            store.Record(Rec("gpt-4o", Utc.At(2025, 3, 30, 21, 30), 1000, 0, null, "3", "openai")); // 23:30 CEST on the 30th
            store.Record(Rec("gpt-4o", Utc.At(2025, 3, 30, 22, 30), 1000, 0, null, "4", "openai")); // 00:30 on the 31st
            var days = store.GetCosts(new CostQuery { GroupBy = CostGrouping.Day, TimeZone = berlin });
            Assert.Equal(new[] { "2025-03-29", "2025-03-30", "2025-03-31" }, days.Select(d => d.Key));
            Assert.Equal(new long[] { 1, 2, 1 }, days.Select(d => d.Totals.Requests));
            Assert.Equal(Utc.At(2025, 3, 29, 23), days[1].PeriodStartUtc);

            var india = TimeZoneInfo.FindSystemTimeZoneById("Asia/Kolkata");
            // +05:30: 2025-03-29T18:29Z is 23:59 on the 29th, 18:31Z is 00:01 on the 30th (within the same UTC hour).
            store.Record(Rec("gpt-4o", Utc.At(2025, 3, 29, 18, 29), 1000, 0, null, "5", "openai"));
            store.Record(Rec("gpt-4o", Utc.At(2025, 3, 29, 18, 31), 1000, 0, null, "6", "openai"));
            var indiaDays = store.GetCosts(new CostQuery { GroupBy = CostGrouping.Day, TimeZone = india, Until = Utc.At(2025, 3, 29, 19) });
            Assert.Equal(new long[] { 1, 1 }, indiaDays.Select(d => d.Totals.Requests));
        }

        [Fact]
        public void Tags_FilterAndGroup()
        {
            using var dir = new TempDir();
            using var store = SqliteCostStore.Open(dir.File("s.db"));
            var a = Rec("gpt-4o", Utc.At(2025, 6, 1), 1000, 0, null, "1", "openai");
            a.Tags = new[] { "team-a", "prod" };
            var b = Rec("gpt-4o", Utc.At(2025, 6, 1), 2000, 0, null, "2", "openai");
            b.Tags = new[] { "team-b" };
            store.RecordMany(new[] { a, b });
            Assert.Equal(0.0025m, store.GetTotals(new CostQuery { Tags = new[] { "team-a" } }).Cost);
            var groups = store.GetCosts(new CostQuery { GroupBy = CostGrouping.Tag });
            Assert.Equal(new[] { "prod", "team-a", "team-b" }, groups.Select(g => g.Key).OrderBy(k => k));
            Assert.Throws<InvalidUsageException>(() => store.Record(new UsageRecord("openai", "gpt-4o", Utc.At(2025, 1, 1), new TokenUsage(1, 1)) { Tags = new[] { "a,b" } }));
        }

        [Fact]
        public void OutOfRangeCountsAndCosts_AreRefused_AndAnUnrepresentableTotalIsAnError()
        {
            using var dir = new TempDir();
            string db = dir.File("s.db");
            using var store = SqliteCostStore.Open(db);
            // 700,000,000,000,000 output tokens: above the 10^12 a request may carry.
            var tooMany = Assert.Throws<InvalidUsageException>(() => store.Record(new UsageRecord("openai", "gpt-4o", Utc.At(2025, 6, 1), new TokenUsage(1, 700_000_000_000_000))));
            Assert.Contains("OutputTokens", tooMany.Fields);
            // 10^12 output tokens of gpt-4o at $10 per million = $10,000,000: above the $1,000,000 one request may cost.
            var tooCostly = Assert.Throws<InvalidUsageException>(() => store.Record(new UsageRecord("openai", "gpt-4o", Utc.At(2025, 6, 1), new TokenUsage(1, 1_000_000_000_000))));
            Assert.Equal("CostOutOfRange", tooCostly.ErrorId);

            // Two daily rollup rows of 9e18 nano-USD each (as a corrupt or older store might hold): the sum cannot be
            // represented, and the reader says so instead of returning a clamped $9,223,372,036.854776.
            for (int h = 0; h < 2; h++)
            {
                TestDb.Exec(db, "INSERT INTO cost_rollups_daily_by_model VALUES ($d, 'openai', 'gpt-4o', '', 1, 0, 1, 0, 0, 0, 1, 0, 9000000000000000000)", ("$d", (object)(h * 86_400_000L)));
                TestDb.Exec(db, "INSERT INTO cost_rollups_daily_total VALUES ($d, 1, 0, 1, 0, 0, 0, 1, 0, 9000000000000000000)", ("$d", (object)(h * 86_400_000L)));
                // January and February 1970.
                TestDb.Exec(db, "INSERT INTO cost_rollups_monthly_by_model VALUES ($m, 'openai', 'gpt-4o', '', 1, 0, 1, 0, 0, 0, 1, 0, 9000000000000000000)", ("$m", (object)(h * 2_678_400_000L)));
            }

            // Both levels of summary: a plain total (totals per day) and one by model (whole months).
            var ex = Assert.Throws<LlmCostException>(() => store.GetTotals(new CostQuery()));
            Assert.Equal("TotalOutOfRange", ex.ErrorId);
            ex = Assert.Throws<LlmCostException>(() => store.GetCosts(new CostQuery { GroupBy = CostGrouping.Provider }));
            Assert.Equal("TotalOutOfRange", ex.ErrorId);
        }
    }
}
