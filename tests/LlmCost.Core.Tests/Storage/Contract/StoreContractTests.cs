using System;
using LlmCost.Core.Billing;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using LlmCost.Core.Budgets;
using LlmCost.Core.Pricing;
using LlmCost.Core.Queries;
using LlmCost.Core.Storage;
using LlmCost.Core.Tests.Postgres;
using LlmCost.Core.Usage;

namespace LlmCost.Core.Tests.StoreContract
{
    /// <summary>
    /// What every storage engine must answer alike: the same records give the same costs, groupings in a time zone,
    /// filters, re-imports, bulk writes, budgets and alerts. Run against SQLite and PostgreSQL (the subclasses), with
    /// every expected value worked out by hand here.
    ///
    /// Prices (custom, so they do not move with the catalog): acme/m1 1 $ input, 2 $ output per million tokens;
    /// acme/m2 10 $ / 20 $; acme/m3 has none (unpriced). The five requests:
    ///   r1 m1 2025-03-29 22:30Z session a,   tags x   1,000,000 in / 500,000 out  1 + 1     = $2.00
    ///   r2 m1 2025-03-29 23:30Z session a,   no tags  2,000,000 in / 0 out        2         = $2.00
    ///   r3 m2 2025-03-30 12:00Z session b,   tags x,y 300,000 in / 10,000 out     3 + 0.2   = $3.20
    ///   r4 m3 2025-03-31 08:00Z session b,   no tags  10 in / 10 out              unpriced
    ///   r5 m1 2025-04-01 00:00Z session c-1, no tags  0 in / 250,000 out          0.5       = $0.50
    /// Total $7.70, 5 requests, 1 unpriced. In Europe/Berlin (CET +1, CEST +2 from 2025-03-30 01:00Z) r2 falls on
    /// 30 March and r5 on 1 April.
    /// </summary>
    public abstract class StoreContractTests
    {
        /// <summary>A new, empty store of the engine under test.</summary>
        protected abstract ICostStore NewStore();

        private static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");

        private static UsageRecord Rec(string id, string model, DateTime at, long input, long output, string session, params string[] tags) =>
            new UsageRecord("acme", model, at, new TokenUsage(input, output)) { RequestId = id, SessionId = session, Tags = tags.Length == 0 ? null : tags };

        private static readonly UsageRecord[] Five =
        {
            Rec("r1", "m1", Utc.At(2025, 3, 29, 22, 30), 1_000_000, 500_000, "a", "x"),
            Rec("r2", "m1", Utc.At(2025, 3, 29, 23, 30), 2_000_000, 0, "a"),
            Rec("r3", "m2", Utc.At(2025, 3, 30, 12), 300_000, 10_000, "b", "x", "y"),
            Rec("r4", "m3", Utc.At(2025, 3, 31, 8), 10, 10, "b"),
            Rec("r5", "m1", Utc.At(2025, 4, 1), 0, 250_000, "c-1"),
        };

        private ICostStore Seeded()
        {
            var store = NewStore();
            store.AddPrice(new ModelPrice("acme", "m1", new PriceSet { Input = 1m, Output = 2m }));
            store.AddPrice(new ModelPrice("acme", "m2", new PriceSet { Input = 10m, Output = 20m }));
            var result = store.RecordMany(Five);
            Assert.Equal((5L, 1L), (result.Added, result.Unpriced));
            return store;
        }

        private static string Groups(IEnumerable<CostGroup> groups) =>
            string.Join("; ", groups.Select(g => $"{g.Key}={g.Totals.Cost:0.00##}/{g.Totals.Requests}"));

        [Fact]
        public void Totals_AndFilters()
        {
            using var store = Seeded();
            var all = store.GetTotals(new CostQuery());
            Assert.Equal((5L, 1L, 7.70m), (all.Requests, all.UnpricedRequests, all.Cost));
            Assert.Equal(3_300_010L, all.InputTokens); // 1,000,000 + 2,000,000 + 300,000 + 10 + 0
            Assert.Equal(760_010L, all.OutputTokens); // 500,000 + 0 + 10,000 + 10 + 250,000

            Assert.Equal(0.50m, store.GetTotals(new CostQuery { Sessions = new[] { "c-*" } }).Cost);
            Assert.Equal(7.20m, store.GetTotals(new CostQuery { Sessions = new[] { "a", "b" } }).Cost);
            Assert.Equal(3.20m, store.GetTotals(new CostQuery { Models = new[] { "*2" } }).Cost);
            Assert.Equal(4.50m, store.GetTotals(new CostQuery { Models = new[] { "M1" } }).Cost); // model patterns ignore case
            Assert.Equal(3.20m, store.GetTotals(new CostQuery { Tags = new[] { "y" } }).Cost);
            Assert.Equal(5.20m, store.GetTotals(new CostQuery { Tags = new[] { "x" } }).Cost);
            Assert.Equal(7.70m, store.GetTotals(new CostQuery { Providers = new[] { "acme" } }).Cost);
            Assert.Equal(1, store.GetTotals(new CostQuery { OnlyUnpriced = true }).Requests);
            // [30 March 00:00Z, 1 April 00:00Z): r3 and r4; r5 at the end instant is outside.
            var range = store.GetTotals(new CostQuery { Since = Utc.At(2025, 3, 30), Until = Utc.At(2025, 4, 1) });
            Assert.Equal((2L, 3.20m), (range.Requests, range.Cost));
        }

        [Fact]
        public void ARangeCutInsideAnHour_AndOneOnWholeHours_AgreeWithTheRequests()
        {
            using var store = Seeded();
            // From 22:00Z (a whole hour: summaries) and from 22:00:00.001Z (rows): both take all five requests.
            Assert.Equal(7.70m, store.GetTotals(new CostQuery { Since = Utc.At(2025, 3, 29, 22) }).Cost);
            Assert.Equal(7.70m, store.GetTotals(new CostQuery { Since = Utc.At(2025, 3, 29, 22).AddMilliseconds(1) }).Cost);
            // From 22:31Z: r1 (22:30) is out, r2 (23:30) in: 7.70 - 2.00.
            Assert.Equal((4L, 5.70m), (store.GetTotals(new CostQuery { Since = Utc.At(2025, 3, 29, 22, 31) }).Requests, store.GetTotals(new CostQuery { Since = Utc.At(2025, 3, 29, 22, 31) }).Cost));
            // India (+05:30): days computed from the requests themselves. r1 22:30Z = 04:00 on the 30th; r2 23:30Z = 05:00;
            // r3 12:00Z = 17:30; r4 08:00Z on the 31st = 13:30; r5 00:00Z on 1 April = 05:30.
            var india = TimeZoneInfo.FindSystemTimeZoneById("Asia/Kolkata");
            Assert.Equal("2025-03-30=7.20/3; 2025-03-31=0.00/1; 2025-04-01=0.50/1", Groups(store.GetCosts(new CostQuery { GroupBy = CostGrouping.Day, TimeZone = india })));
            Assert.True(store.Check().Healthy);
        }

        [Fact]
        public void Groupings_InATimeZone()
        {
            using var store = Seeded();
            Assert.Equal("2025-03-29=2.00/1; 2025-03-30=5.20/2; 2025-03-31=0.00/1; 2025-04-01=0.50/1",
                Groups(store.GetCosts(new CostQuery { GroupBy = CostGrouping.Day, TimeZone = Berlin })));
            Assert.Equal("2025-03-29=4.00/2; 2025-03-30=3.20/1; 2025-03-31=0.00/1; 2025-04-01=0.50/1",
                Groups(store.GetCosts(new CostQuery { GroupBy = CostGrouping.Day })));
            // Weeks start on Monday: 24 March (r1-r3) and 31 March (r4, r5).
            Assert.Equal("2025-03-24=7.20/3; 2025-03-31=0.50/2", Groups(store.GetCosts(new CostQuery { GroupBy = CostGrouping.Week, TimeZone = Berlin })));
            Assert.Equal("2025-03=7.20/4; 2025-04=0.50/1", Groups(store.GetCosts(new CostQuery { GroupBy = CostGrouping.Month, TimeZone = Berlin })));
            // r1 22:30Z = 23:30 CET; r2 23:30Z = 00:30 CET (summer time starts at 01:00Z); r3 12:00Z = 14:00 CEST;
            // r4 08:00Z = 10:00 CEST; r5 00:00Z = 02:00 CEST.
            Assert.Equal("2025-03-29 23:00=2.00/1; 2025-03-30 00:00=2.00/1; 2025-03-30 14:00=3.20/1; 2025-03-31 10:00=0.00/1; 2025-04-01 02:00=0.50/1",
                Groups(store.GetCosts(new CostQuery { GroupBy = CostGrouping.Hour, TimeZone = Berlin })));
            Assert.Equal("m1=4.50/3; m2=3.20/1; m3=0.00/1", Groups(store.GetCosts(new CostQuery { GroupBy = CostGrouping.Model })));
            Assert.Equal("a=4.00/2; b=3.20/2; c-1=0.50/1", Groups(store.GetCosts(new CostQuery { GroupBy = CostGrouping.Session })));
            Assert.Equal("x=5.20/2; y=3.20/1; =2.50/3", Groups(store.GetCosts(new CostQuery { GroupBy = CostGrouping.Tag })));
            Assert.Equal("2025-03-30 | m2=3.20/1; 2025-03-30 | m1=2.00/1",
                Groups(store.GetCosts(new CostQuery { Groupings = new[] { CostGrouping.Day, CostGrouping.Model }, TimeZone = Berlin, Since = Utc.At(2025, 3, 29, 23), Until = Utc.At(2025, 3, 31) })));
            var shares = store.GetCosts(new CostQuery { GroupBy = CostGrouping.Session });
            Assert.Equal(4.00m / 7.70m, shares[0].Share);
        }

        [Fact]
        public void Requests_ComeBackWithEveryField_InTimeOrder()
        {
            using var store = Seeded();
            var rows = store.GetRequests(new CostQuery()).ToList();
            Assert.Equal(new[] { "r1", "r2", "r3", "r4", "r5" }, rows.Select(r => r.RequestId));
            var r3 = rows[2];
            Assert.Equal(("acme:r3", "b", "acme", "m2", 3.20m, "custom"), (r3.RequestKey, r3.SessionId, r3.Provider, r3.Model, r3.Cost, r3.PricingStatus));
            Assert.Equal(new[] { "x", "y" }, r3.Tags);
            Assert.Equal(Utc.At(2025, 3, 30, 12), r3.OccurredAtUtc);
            Assert.Null(rows[3].Cost);
            Assert.Equal(new[] { "c-1" }, store.GetSessionIds("c"));
            Assert.Equal(3, store.GetModels().Count);
            var info = store.GetInfo();
            Assert.Equal((5L, 1L, 3L, 2L), (info.Requests, info.UnpricedRequests, info.Sessions, info.CustomPrices));
            Assert.Equal(Utc.At(2025, 4, 1), info.LastRequestUtc);
            Assert.True(store.Check().Healthy);
        }

        [Fact]
        public void ReImport_CountsNothingTwice_AndReplaceRewritesOnlyWhatChanged()
        {
            using var store = Seeded();
            var again = store.RecordMany(Five);
            Assert.Equal((0L, 5L), (again.Added, again.Duplicates));
            // r5 with twice the output: 500,000 x 2 = $1.00 instead of $0.50.
            var changed = Five.Select(r => r.RequestId == "r5" ? Rec("r5", "m1", Utc.At(2025, 4, 1), 0, 500_000, "c-1") : r).ToList();
            var replaced = store.RecordMany(changed, DuplicatePolicy.Replace);
            Assert.Equal((0L, 1L, 4L), (replaced.Added, replaced.Replaced, replaced.Duplicates));
            Assert.Equal((5L, 8.20m), (store.GetTotals(new CostQuery()).Requests, store.GetTotals(new CostQuery()).Cost));
            Assert.True(store.Check().Healthy, string.Join("; ", store.Check().Problems()));
        }

        [Fact]
        public void BulkWriter_StoresEachKeyOnce_AndTheFileStateWithIt()
        {
            using var store = NewStore();
            store.AddPrice(new ModelPrice("acme", "m1", new PriceSet { Input = 1m, Output = 2m }));
            var pricer = new RequestPricer(store.Prices);
            using (var bulk = store.OpenBulkWriter(DuplicatePolicy.Skip, 2))
            {
                bulk.Add(pricer.Price(Rec("b1", "m1", Utc.At(2025, 5, 1), 1_000_000, 0, "s")));
                bulk.Add(pricer.Price(Rec("b2", "m1", Utc.At(2025, 5, 1, 1), 0, 1_000_000, "s")));
                bulk.Add(pricer.Price(Rec("b1", "m1", Utc.At(2025, 5, 1), 1_000_000, 0, "s"))); // read twice
                bulk.MarkFileRead(new ImportFileState { Path = "/logs/a.jsonl", Size = 10, ModifiedMs = 5, HeadHash = "h", Offset = 10, Lines = 3, Format = "jsonl" });
                var result = bulk.Complete();
                Assert.Equal((2L, 1L), (result.Added, result.Duplicates));
            }

            // b1 1,000,000 x 1 = $1; b2 1,000,000 x 2 = $2.
            Assert.Equal((2L, 3.00m), (store.GetTotals(new CostQuery()).Requests, store.GetTotals(new CostQuery()).Cost));
            var state = store.GetImportFileStates()["/logs/a.jsonl"];
            Assert.Equal((10L, 3L, "jsonl"), (state.Offset, state.Lines, state.Format));

            // An abandoned bulk writer stores nothing.
            using (var bulk = store.OpenBulkWriter(DuplicatePolicy.Skip, 100))
            {
                bulk.Add(pricer.Price(Rec("b3", "m1", Utc.At(2025, 5, 2), 1, 1, "s")));
            }

            Assert.Equal(2, store.GetTotals(new CostQuery()).Requests);
        }

        [Fact]
        public void BulkWriter_ALaterCopyReplacesAnEarlierOne_AcrossBatches()
        {
            using var store = NewStore();
            store.AddPrice(new ModelPrice("acme", "m1", new PriceSet { Input = 1m, Output = 2m }));
            var pricer = new RequestPricer(store.Prices);
            BatchResult result;
            using (var bulk = store.OpenBulkWriter(DuplicatePolicy.Replace, 4096))
            {
                // 10,000 requests of 1,000 input tokens, then each read again: the even ones twice in a row, with 2,000
                // and then 3,000 input tokens (later snapshots: the last wins), the odd ones unchanged. 25,000 records
                // are more than two batches of any engine (PostgreSQL's are at least 8,192), so a key's copies fall
                // in the same batch and in later ones.
                for (int i = 0; i < 10_000; i++) bulk.Add(pricer.Price(Rec("k" + i, "m1", Utc.At(2025, 5, 1).AddMinutes(i), 1_000, 0, "s" + (i % 7))));
                for (int i = 0; i < 10_000; i++)
                {
                    if (i % 2 == 0) bulk.Add(pricer.Price(Rec("k" + i, "m1", Utc.At(2025, 5, 1).AddMinutes(i), 2_000, 0, "s" + (i % 7))));
                    bulk.Add(pricer.Price(Rec("k" + i, "m1", Utc.At(2025, 5, 1).AddMinutes(i), i % 2 == 0 ? 3_000 : 1_000, 0, "s" + (i % 7))));
                }

                bulk.MarkFileRead(new ImportFileState { Path = "/logs/big.jsonl", Size = 99, ModifiedMs = 5, HeadHash = "h", Offset = 99, Lines = 25_000, Format = "jsonl" });
                result = bulk.Complete();
            }

            // How many replaces a run of copies counts is the engine's (one per copy, or one per batch); every record
            // is counted once.
            Assert.Equal((10_000L, 15_000L), (result.Added, result.Replaced + result.Duplicates));
            // Even: 5,000 x 3,000 tokens x $1/M = $15; odd: 5,000 x 1,000 x $1/M = $5. Input 15M + 5M tokens.
            var totals = store.GetTotals(new CostQuery());
            Assert.Equal((10_000L, 20.00m, 20_000_000L), (totals.Requests, totals.Cost, totals.InputTokens));
            Assert.Equal(25_000L, store.GetImportFileStates()["/logs/big.jsonl"].Lines);
            Assert.True(store.Check().Healthy, string.Join("; ", store.Check().Problems()));
        }

        [Fact]
        public void BulkWriter_ABatchWithAKnownKey_AmongBatchesOfNewOnes_CountsEachRecordOnce()
        {
            using var store = NewStore();
            store.AddPrice(new ModelPrice("acme", "m1", new PriceSet { Input = 1m, Output = 2m }));
            var pricer = new RequestPricer(store.Prices);
            BatchResult result;
            using (var bulk = store.OpenBulkWriter(DuplicatePolicy.Skip, 8192))
            {
                // Three batches of 8,192 (PostgreSQL's smallest): all new, then one key of the first batch read again,
                // then all new. Every tenth request is of a model without a price.
                for (int i = 0; i < 3 * 8192; i++)
                {
                    string key = i == 8192 + 100 ? "n5" : "n" + i;
                    bulk.Add(pricer.Price(Rec(key, i % 10 == 0 ? "mystery" : "m1", Utc.At(2025, 7, 1).AddSeconds(i), 1_000, 0, "s" + (i % 13))));
                }

                result = bulk.Complete();
            }

            // 24,576 records, one already known: 24,575 added. Unpriced: i = 0, 10, ..., 24,570, 2,458 of them (8,292 is
            // priced). The priced ones: 24,575 - 2,458 = 22,117 x 1,000 input tokens x $1/M = $22.117.
            Assert.Equal((24_575L, 1L, 2_458L), (result.Added, result.Duplicates, result.Unpriced));
            var totals = store.GetTotals(new CostQuery());
            Assert.Equal((24_575L, 22.117m, 2_458L), (totals.Requests, totals.Cost, totals.UnpricedRequests));
            Assert.True(store.Check().Healthy, string.Join("; ", store.Check().Problems()));
        }

        [Theory]
        [InlineData(DuplicatePolicy.Skip)]
        [InlineData(DuplicatePolicy.Replace)]
        public async Task BulkWriters_ImportingTheSameRequestsAtOnce_StoreEachOnce(DuplicatePolicy policy)
        {
            using var store = NewStore();
            await ImportTheSameRequestsFromThreeHostsAtOnce(store, policy);
        }

        /// <summary>
        /// Three hosts import the same 20,000 requests (more than two batches of any engine) at once, the third in the
        /// opposite order, so their batches meet keys the others have written or are writing: each stored once (and, the
        /// copies being equal, none replaced).
        /// </summary>
        protected static async Task ImportTheSameRequestsFromThreeHostsAtOnce(ICostStore store, DuplicatePolicy policy)
        {
            store.AddPrice(new ModelPrice("acme", "m1", new PriceSet { Input = 1m, Output = 2m }));
            var pricer = new RequestPricer(store.Prices);
            var records = Enumerable.Range(0, 20_000).Select(i => pricer.Price(Rec("h" + i, "m1", Utc.At(2025, 8, 1).AddSeconds(i), 1_000, 0, "s" + (i % 5)))).ToList();
            BatchResult Import(IEnumerable<PricedRequest> requests)
            {
                using var bulk = store.OpenBulkWriter(policy, 8192);
                foreach (var r in requests) bulk.Add(r);
                return bulk.Complete();
            }

            var results = await Task.WhenAll(
                Task.Run(() => Import(records)), Task.Run(() => Import(records)), Task.Run(() => Import(Enumerable.Reverse(records))));
            Assert.Equal(20_000L, results.Sum(r => r.Added));
            Assert.All(results, r => Assert.Equal((20_000L, 0L), (r.Added + r.Duplicates, r.Replaced)));
            // 20,000 x 1,000 input tokens x $1/M = $20.
            var totals = store.GetTotals(new CostQuery());
            Assert.Equal((20_000L, 20.00m), (totals.Requests, totals.Cost));
            Assert.True(store.Check().Healthy, string.Join("; ", store.Check().Problems()));
        }

        [Fact]
        public void BulkWriter_StoresEveryFieldAsTheRequestWriterDoes()
        {
            var records = new[]
            {
                new UsageRecord("acme", "m1", Utc.At(2025, 6, 1, 9), new TokenUsage(1_000_000, 20_000, cacheReadTokens: 300_000, cacheWrite5mTokens: 40_000, cacheWrite1hTokens: 5_000, reasoningTokens: 700))
                {
                    RequestId = "full", SessionId = "sessão ✓ 🚀", Tags = new[] { "team:a", "x=y" }, Source = "import:ünïcode.jsonl", LatencyMs = 1234.5,
                    SourceCost = 0.123456789m, IsBatch = true,
                },
                new UsageRecord("acme", "m3", Utc.At(2025, 6, 1, 10), new TokenUsage(5, 6)) { RequestId = "bare" }, // unpriced, no session
            };
            IReadOnlyList<RequestCost> Stored(ICostStore store) => store.GetRequests(new CostQuery()).OrderBy(r => r.RequestId, StringComparer.Ordinal).ToList();

            using var single = NewStore();
            using var bulk = NewStore();
            foreach (var store in new[] { single, bulk }) store.AddPrice(new ModelPrice("acme", "m1", new PriceSet { Input = 1m, Output = 2m }));
            single.RecordMany(records);
            var pricer = new RequestPricer(bulk.Prices);
            using (var writer = bulk.OpenBulkWriter(DuplicatePolicy.Skip, 100))
            {
                foreach (var r in records) writer.Add(pricer.Price(r));
                Assert.Equal(2L, writer.Complete().Added);
            }

            string Fields(RequestCost r) => string.Join("|", r.RequestKey, r.RequestId, r.SessionId, r.OccurredAtUtc.ToString("O"), r.Provider, r.Model, r.PricedModel,
                r.InputTokens, r.CacheReadTokens, r.CacheWrite5mTokens, r.CacheWrite1hTokens, r.OutputTokens, r.ReasoningTokens, r.CostNano, r.PricingStatus,
                r.PriceRef, r.IsBatch, r.ServiceTier, string.Join(",", r.Tags), r.Source, r.LatencyMs, r.SourceCostNano);
            Assert.Equal(Stored(single).Select(Fields), Stored(bulk).Select(Fields));
            var full = Stored(bulk)[1];
            Assert.Equal(("sessão ✓ 🚀", "import:ünïcode.jsonl", 1234.5, 123_456_789L, true), (full.SessionId, full.Source, full.LatencyMs, full.SourceCostNano, full.IsBatch));
            Assert.Equal(new[] { "team:a", "x=y" }, full.Tags);
            Assert.Equal((null, null, "unpriced"), (Stored(bulk)[0].SessionId, Stored(bulk)[0].CostNano, Stored(bulk)[0].PricingStatus));
        }

        [Fact]
        public void BudgetCheck_AlertsEachThresholdOnce()
        {
            using var store = Seeded();
            var service = new BudgetService(store, clock: () => Utc.At(2025, 3, 31, 12));
            service.Set(new Budget { Name = "march", Amount = 8m, Period = BudgetPeriod.Monthly, TimeZone = "Europe/Berlin", Notify = new[] { "https://127.0.0.1:9/hook" } });
            // March in Berlin: r1 + r2 + r3 = $7.20 of $8 = 90%: the 50% and 80% thresholds are crossed, not 100%.
            var first = service.Check();
            Assert.Equal(7.20m, first.Statuses.Single().Spent);
            Assert.Equal(new[] { 50, 80 }, first.NewAlerts.Select(a => a.Threshold).OrderBy(t => t));
            Assert.Empty(service.Check().NewAlerts);
            Assert.Equal(2, store.GetAlerts(null).Count);

            // Each alert has one delivery; a claim holds it until it is finished or its lease runs out.
            var due = store.GetDueDeliveries(Utc.At(2025, 3, 31, 11));
            Assert.Equal(2, due.Count);
            var claimed = store.ClaimDelivery(due[0], "host-a", Utc.At(2025, 3, 31, 12), Utc.At(2025, 3, 31, 11));
            Assert.NotNull(claimed);
            Assert.Null(store.ClaimDelivery(due[0], "host-b", Utc.At(2025, 3, 31, 12), Utc.At(2025, 3, 31, 11)));
            store.FinishDelivery(due[0], "host-a", Utc.At(2025, 3, 31, 12), null);
            Assert.Contains(store.GetAlerts(null).SelectMany(a => a.Deliveries), d => d.Status == "delivered");
        }

        [Fact]
        public void Reprice_WritesWhatTheCallbackReturns_AndAPreviewWritesNothing()
        {
            using var store = Seeded();
            var seen = new List<string>();
            CostUpdate? PriceTheUnpriced(StoredPricing r)
            {
                seen.Add($"{r.Model}:{r.CostNano?.ToString() ?? "null"}:{r.PricingStatus}");
                return r.CostNano == null ? new CostUpdate { CostNano = 1_000, PricingStatus = "custom", PricedModel = "m3" } : null;
            }

            var counted = new List<RepricedRow>();
            store.Reprice(new CostQuery(), PriceTheUnpriced, counted.Add, write: false, CancellationToken.None);
            Assert.Equal(5, seen.Count);
            Assert.Equal(5, counted.Count);
            Assert.Single(counted, c => c.Update != null && c.OldCostNano == null);
            Assert.Single(seen, s => s.EndsWith(":null:unpriced", StringComparison.Ordinal));
            Assert.Equal(1L, store.GetTotals(new CostQuery()).UnpricedRequests);

            seen.Clear();
            counted.Clear();
            store.Reprice(new CostQuery(), PriceTheUnpriced, counted.Add, write: true, CancellationToken.None);
            Assert.Equal(5, seen.Count);
            Assert.Equal(new long?[] { 1_000 }, counted.Where(c => c.Update != null).Select(c => c.Update!.CostNano));
            // The unpriced request now costs 1,000 nano-USD (0.000001 USD) on top of the 7.70 USD of the others.
            var totals = store.GetTotals(new CostQuery());
            Assert.Equal((0L, 7.700001m), (totals.UnpricedRequests, totals.Cost));
            Assert.True(store.Check().Healthy, string.Join("; ", store.Check().Problems()));

            // A scope limits what is read: one model's requests only.
            seen.Clear();
            store.Reprice(new CostQuery { Models = new[] { "m2" } }, PriceTheUnpriced, _ => { }, write: true, CancellationToken.None);
            Assert.Equal(new[] { "m2:3200000000:custom" }, seen); // its 3.20 USD, priced by the store's custom price
        }

        [Fact]
        public void Reprice_ARequestReplacedWhileItIsBeingRepriced_IsPricedFromWhatItHoldsWhenWritten()
        {
            using var store = NewStore();
            store.AddPrice(new ModelPrice("acme", "m1", new PriceSet { Input = 1m, Output = 2m }));
            var t0 = Utc.At(2025, 6, 1);
            // 25,000 requests of 10 output tokens each: several batches, so one can be read while another is written.
            store.RecordMany(Enumerable.Range(0, 25_000).Select(i => Rec("q" + i, "m1", t0.AddSeconds(i), 0, 10, "s" + (i % 7))).ToList());
            var target = t0.AddSeconds(24_000);

            bool replaced = false;
            CostUpdate? Price(StoredPricing r)
            {
                if (r.OccurredAtUtc == target && !replaced)
                {
                    // Another host re-imports this request with a corrected count after it was read: 7 output tokens.
                    replaced = true;
                    using var bulk = store.OpenBulkWriter(DuplicatePolicy.Replace, 1);
                    bulk.Add(new RequestPricer(store.Prices).Price(Rec("q24000", "m1", target, 0, 7, "s" + (24_000 % 7))));
                    bulk.Complete();
                }

                // A price of 1,000 nano-USD per output token.
                long cost = r.OutputTokens * 1_000;
                return r.CostNano == cost ? null : new CostUpdate { CostNano = cost, PricingStatus = "custom", PricedModel = r.Model };
            }

            var counted = new List<RepricedRow>();
            store.Reprice(new CostQuery(), Price, counted.Add, write: true, CancellationToken.None);

            Assert.True(replaced);
            Assert.Equal(25_000, counted.Count); // each request counted once
            var q24000 = store.GetRequests(new CostQuery()).Single(r => r.RequestId == "q24000");
            Assert.Equal(7_000L, q24000.CostNano); // priced from the 7 tokens it held when written, not the 10 read first
            // 24,999 x 10 x 1,000 + 7 x 1,000 = 249,997,000 nano-USD.
            Assert.Equal(0.249997m, store.GetTotals(new CostQuery()).Cost);
            Assert.True(store.Check().Healthy, string.Join("; ", store.Check().Problems()));
        }

        [Fact]
        public void Copy_IntoAndOutOfTheEngine_KeepsEveryCost_AndARerunAddsNothing()
        {
            using var dir = new TempDir();
            using var laptop = CostStores.Open(dir.File("laptop.db"));
            laptop.AddPrice(new ModelPrice("acme", "m1", new PriceSet { Input = 1m, Output = 2m }));
            laptop.AddPrice(new ModelPrice("acme", "m2", new PriceSet { Input = 10m, Output = 20m }));
            laptop.RecordMany(Five);
            new BudgetService(laptop).Set(new Budget { Name = "team", Amount = 100m });

            using var team = NewStore();
            var first = StoreCopier.Copy(laptop, team);
            Assert.Equal((5L, 5L, 0L, 2, 1), (first.Requests, first.Added, first.AlreadyThere, first.PricesAdded, first.Budgets));
            var again = StoreCopier.Copy(laptop, team);
            Assert.Equal((0L, 5L, 0), (again.Added, again.AlreadyThere, again.PricesAdded));
            Assert.Equal("2025-03-29=2.00/1; 2025-03-30=5.20/2; 2025-03-31=0.00/1; 2025-04-01=0.50/1",
                Groups(team.GetCosts(new CostQuery { GroupBy = CostGrouping.Day, TimeZone = Berlin })));
            Assert.Equal("team", team.GetBudgets().Single().Name);

            // And back into a new file: the same requests, keys and costs.
            using var back = CostStores.Open(dir.File("back.db"));
            StoreCopier.Copy(team, back);
            Assert.Equal(laptop.GetRequests(new CostQuery()).Select(r => (r.RequestKey, r.CostNano, r.SessionId, string.Join(",", r.Tags))),
                back.GetRequests(new CostQuery()).Select(r => (r.RequestKey, r.CostNano, r.SessionId, string.Join(",", r.Tags))));
        }

        [Fact]
        public void ALoadedCatalog_PricesNewRequests_KeepsItsDates_AndResets()
        {
            // The genai-prices excerpt with gpt-4o's input raised from 2.5 to 4 $/M from 2026-01-01 (its earlier period kept).
            using var dir = new TempDir();
            string excerpt = System.IO.File.ReadAllText(System.IO.Path.Combine(AppContext.BaseDirectory, "Fixtures", "genai-prices-excerpt.json"));
            var doc = System.Text.Json.Nodes.JsonNode.Parse(excerpt)!.AsArray();
            var gpt4o = doc.Single(p => (string)p!["id"]! == "openai")!["models"]!.AsArray().Single(m => (string)m!["id"]! == "gpt-4o")!;
            var old = gpt4o["prices"]!.DeepClone();
            gpt4o["prices"] = new System.Text.Json.Nodes.JsonArray(
                new System.Text.Json.Nodes.JsonObject { ["prices"] = old },
                new System.Text.Json.Nodes.JsonObject
                {
                    ["constraint"] = new System.Text.Json.Nodes.JsonObject { ["start_date"] = "2026-01-01" },
                    ["prices"] = new System.Text.Json.Nodes.JsonObject { ["input_mtok"] = 4, ["cache_read_mtok"] = 1.25, ["output_mtok"] = 10 },
                });
            string file = dir.File("data-v2.json");
            System.IO.File.WriteAllText(file, doc.ToJsonString());

            using var store = NewStore();
            Assert.Null(store.GetStoredCatalog());
            var kept = store.SaveCatalog(CatalogRefresh.Build(file));
            Assert.Equal("data-v2.json", kept.Source);
            // 1,000,000 input tokens of gpt-4o: $2.50 on 2025-06-01 (the first period), $4.00 on 2026-02-01 (the new one).
            var before = store.Record(new UsageRecord("openai", "gpt-4o", Utc.At(2025, 6, 1), new TokenUsage(1_000_000, 0)) { RequestId = "c1" });
            var after = store.Record(new UsageRecord("openai", "gpt-4o", Utc.At(2026, 2, 1), new TokenUsage(1_000_000, 0)) { RequestId = "c2" });
            Assert.Equal((2.5m, 4m), (before.Cost, after.Cost));
            Assert.Equal(PricingStatus.Priced, after.Status); // a refreshed catalog is not a custom price
            // Providers the file lacks come from the built-in catalog: mistral is not in the excerpt.
            Assert.NotNull(store.Prices.Lookup(null, "mistral-large-2512", Utc.At(2026, 2, 1)).Price);

            Assert.True(store.ResetCatalog());
            Assert.Null(store.GetStoredCatalog());
            Assert.Equal(2.5m, store.Record(new UsageRecord("openai", "gpt-4o", Utc.At(2026, 2, 1), new TokenUsage(1_000_000, 0)) { RequestId = "c3" }).Cost);
        }

        [Fact]
        public void ABadCatalogFile_ChangesNothing()
        {
            using var dir = new TempDir();
            string file = dir.File("data-v2.json");
            // A price constraint the conversion does not know: refused, naming the entry.
            System.IO.File.WriteAllText(file, "[{\"id\":\"openai\",\"name\":\"OpenAI\",\"models\":[{\"id\":\"gpt-x\",\"match\":{\"equals\":\"gpt-x\"}," +
                                              "\"prices\":[{\"constraint\":{\"weekday\":\"monday\"},\"prices\":{\"input_mtok\":1}}]}]}]");
            var ex = Assert.Throws<LlmCostException>(() => CatalogRefresh.Build(file));
            Assert.Equal("InvalidPriceFile", ex.ErrorId);
            Assert.Contains("openai/gpt-x", ex.Message);
            using var store = NewStore();
            Assert.Null(store.GetStoredCatalog());
        }

        [Fact]
        public async Task ProviderReports_ReplaceTheirBuckets_EvenFromConcurrentImports_AndCompareAlike()
        {
            using var store = NewStore();
            string folder = Billing.BillReconcilerTests.Folder;
            var costs = ProviderReportReader.ReadFile(System.IO.Path.Combine(folder, "openai-costs.json"));
            // Four importers of the same report at once: each bucket's lines are replaced, never doubled (6 lines).
            await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => store.SaveProviderCosts(costs))));
            Assert.Equal(6, store.GetProviderCosts(null, null, null).Count);
            store.SaveProviderCosts(ProviderReportReader.ReadFile(System.IO.Path.Combine(folder, "anthropic-costs.json")));
            // 09-01: gpt-4o 100,000 in / 10,000 out twice (2 x 0.35 = 0.70, billed 0.70); 09-02 one (0.35, billed 0.35
            // plus web search 0.05 never tracked); 09-04 gpt-4o-mini billed 0.30, never tracked.
            store.RecordMany(new[]
            {
                new UsageRecord("openai", "gpt-4o-2024-08-06", Utc.At(2025, 9, 1, 9), new TokenUsage(100_000, 10_000)) { RequestId = "b1" },
                new UsageRecord("openai", "gpt-4o", Utc.At(2025, 9, 1, 23, 59), new TokenUsage(100_000, 10_000)) { RequestId = "b2" },
                new UsageRecord("openai", "gpt-4o", Utc.At(2025, 9, 2, 0, 1), new TokenUsage(100_000, 10_000)) { RequestId = "b3" },
            });
            var rows = BillReconciler.Compare(store, null, null, new[] { "openai" });
            Assert.Equal(new[]
            {
                "09-01 gpt-4o 0.70/0.70 Match", "09-02 gpt-4o 0.35/0.35 Match", "09-02 web search tool calls 0/0.05 NotTracked", "09-04 gpt-4o-mini 0/0.30 NotTracked",
            }, rows.Select(r => $"{r.Day:MM-dd} {r.Model} {r.TrackedCost:0.00##}/{r.BilledCost:0.00##} {r.Status}".Replace("0.00/", "0/")));
            Assert.Equal(2, store.GetProviderCosts(Utc.At(2025, 9, 1), Utc.At(2025, 9, 3), new[] { "anthropic" }).Count(l => l.Amount > 0));
        }

        [Fact]
        public void TheServiceTier_IsKept_AndRepricingPricesWithIt()
        {
            using var store = NewStore();
            // gpt-4o, 100,000 in / 10,000 out: priority 4.25 / 17 $ per M = 0.425 + 0.17 = 0.595; standard 0.25 + 0.1 = 0.35.
            store.RecordMany(new[]
            {
                new UsageRecord("openai", "gpt-4o", Utc.At(2025, 9, 1), new TokenUsage(100_000, 10_000)) { RequestId = "p1", ServiceTier = "priority" },
                new UsageRecord("openai", "gpt-4o", Utc.At(2025, 9, 1), new TokenUsage(100_000, 10_000)) { RequestId = "s1", ServiceTier = "default" },
            });
            var rows = store.GetRequests(new CostQuery()).OrderBy(r => r.RequestId, StringComparer.Ordinal).ToList();
            Assert.Equal(new[] { ("priority", (decimal?)0.595m), (null, 0.35m) }, rows.Select(r => (r.ServiceTier, r.Cost)));
            var (lines, _) = new Repricer(store).Reprice(new CostQuery(), preview: true, reason: null, runBy: "test");
            Assert.Equal(0L, lines.Sum(l => l.Changed));
            // A copy keeps it.
            using var dir = new TempDir();
            using var copy = CostStores.Open(dir.File("copy.db"));
            StoreCopier.Copy(store, copy);
            Assert.Equal("priority", copy.GetRequests(new CostQuery { Sessions = null }).Single(r => r.RequestId == "p1").ServiceTier);
        }

        [Fact]
        public void CostFacts_AreTheRequestsWhoServedThemWhenTheirListCostSessionAndTags()
        {
            using var store = NewStore();
            store.RecordMany(new[]
            {
                new UsageRecord("openai", "gpt-4o", Utc.At(2026, 1, 1, 9), new TokenUsage(100_000, 10_000)) { RequestId = "f1", SessionId = "s1", Tags = new[] { "team:a", "env:prod" } },
                new UsageRecord("acme", "acme-7b", Utc.At(2026, 1, 2, 9), new TokenUsage(1_000, 100)) { RequestId = "f2" },
            });

            // gpt-4o: 100,000 x $2.50 + 10,000 x $10 per million = $0.35; acme-7b has no price (unpriced: null).
            var facts = store.GetCostFacts(new CostQuery()).OrderBy(f => f.OccurredAtUtc).ToList();
            Assert.Equal(2, facts.Count);
            Assert.Equal(("openai", "gpt-4o", Utc.At(2026, 1, 1, 9), (long?)350_000_000L, "s1"),
                (facts[0].Provider, facts[0].Model, facts[0].OccurredAtUtc, facts[0].CostNano, facts[0].SessionId));
            Assert.Equal(new[] { "env:prod", "team:a" }, StoredTags.Decode(facts[0].StoredTags).OrderBy(t => t, StringComparer.Ordinal));
            Assert.Equal(("acme", "acme-7b", (long?)null, (string?)null), (facts[1].Provider, facts[1].Model, facts[1].CostNano, facts[1].SessionId));
            // The query's filters apply as to every read.
            Assert.Equal("gpt-4o", Assert.Single(store.GetCostFacts(new CostQuery { Since = Utc.At(2026, 1, 1), Until = Utc.At(2026, 1, 2) })).Model);
        }

        [Fact]
        public void ContractDiscounts_GiveAContractedCostBesideTheListCost()
        {
            using var store = NewStore();
            // List costs ($ per M): gpt-4o 100,000 in / 10,000 out = 0.25 + 0.1 = 0.35; gpt-4o-mini the same counts =
            // 0.015 + 0.006 = 0.021; claude-sonnet-4-5 10,000 in / 1,000 out = 0.03 + 0.015 = 0.045.
            store.RecordMany(new[]
            {
                new UsageRecord("openai", "gpt-4o", Utc.At(2025, 12, 31, 23), new TokenUsage(100_000, 10_000)) { RequestId = "d1" },
                new UsageRecord("openai", "gpt-4o-2024-08-06", Utc.At(2026, 1, 1, 1), new TokenUsage(100_000, 10_000)) { RequestId = "d2" },
                new UsageRecord("openai", "gpt-4o-mini", Utc.At(2026, 1, 2, 9), new TokenUsage(100_000, 10_000)) { RequestId = "d3" },
                new UsageRecord("anthropic", "claude-sonnet-4-5-20250929", Utc.At(2026, 1, 2, 10), new TokenUsage(10_000, 1_000)) { RequestId = "d4" },
            });
            // 20 % off OpenAI from 2026-01-01; 30 % off gpt-4o from then (the model's wins); 10 % off claude-sonnet-4-5
            // (its catalog id covers the dated id) from 2026-01-02.
            store.AddContractDiscount(new ContractDiscount { Provider = "openai", Percent = 20m, EffectiveFrom = Utc.At(2026, 1, 1), Note = "MSA" });
            store.AddContractDiscount(new ContractDiscount { Provider = "openai", Model = "gpt-4o", Percent = 30m, EffectiveFrom = Utc.At(2026, 1, 1) });
            store.AddContractDiscount(new ContractDiscount { Provider = "anthropic", Model = "claude-sonnet-4-5", Percent = 10m, EffectiveFrom = Utc.At(2026, 1, 2) });
            Assert.Equal(3, store.GetContractDiscounts().Count);

            // Contracted: d1 before the discounts 0.35; d2 0.35 x 0.7 = 0.245; d3 0.021 x 0.8 = 0.0168; d4 0.045 x 0.9 =
            // 0.0405. List 0.766, contracted 0.6523.
            var totals = store.GetTotals(new CostQuery { WithContractedCost = true });
            Assert.Equal((0.766m, 0.6523m), (totals.Cost, totals.ContractedCost));
            Assert.Null(store.GetTotals(new CostQuery()).ContractedCostNano); // only when asked (budget checks never pay for it)
            // By day in Berlin (UTC+1): d1 (23:00 UTC on 12-31) falls on 1 January with d2: 0.70 list, 0.595 contracted.
            var days = store.GetCosts(new CostQuery { GroupBy = CostGrouping.Day, TimeZone = Berlin, WithContractedCost = true });
            Assert.Equal(new[] { ("2026-01-01", 0.70m, 0.595m), ("2026-01-02", 0.066m, 0.0573m) }, days.Select(g => (g.Key, g.Totals.Cost, g.Totals.ContractedCost)));
            var models = store.GetCosts(new CostQuery { GroupBy = CostGrouping.Model, WithContractedCost = true });
            Assert.Equal(new[] { ("gpt-4o", 0.35m, 0.35m), ("gpt-4o-2024-08-06", 0.35m, 0.245m), ("claude-sonnet-4-5-20250929", 0.045m, 0.0405m), ("gpt-4o-mini", 0.021m, 0.0168m) },
                models.Select(g => (g.Model!, g.Totals.Cost, g.Totals.ContractedCost)));
            // By provider: OpenAI 0.35 + 0.35 + 0.021 = 0.721 list, 0.35 + 0.245 + 0.0168 = 0.6118 contracted; by session
            // (none given: one "" group) and by tag (none: one "" group), the totals.
            Assert.Equal(new[] { ("openai", 0.721m, 0.6118m), ("anthropic", 0.045m, 0.0405m) },
                store.GetCosts(new CostQuery { GroupBy = CostGrouping.Provider, WithContractedCost = true }).Select(g => (g.Key, g.Totals.Cost, g.Totals.ContractedCost)));
            Assert.Equal(0.6523m, store.GetCosts(new CostQuery { GroupBy = CostGrouping.Session, WithContractedCost = true }).Single().Totals.ContractedCost);
            Assert.Equal(0.6523m, store.GetCosts(new CostQuery { GroupBy = CostGrouping.Tag, WithContractedCost = true }).Single().Totals.ContractedCost);
            // Each request, as exports see them.
            Assert.Equal(new decimal?[] { 0.35m, 0.245m, 0.0168m, 0.0405m }, ContractTerms.Of(store).Apply(store.GetRequests(new CostQuery())).Select(r => r.ContractedCost));
            // The FOCUS export: ListCost at the list price, ContractedCost, EffectiveCost and BilledCost after the discount,
            // to the nano-dollar once the rows are added up.
            var focus = new LlmCost.Core.Export.FocusExport(store).Rows(new CostQuery(), detail: false).ToList();
            decimal Sum(string column) => focus.Sum(row => (decimal)row[LlmCost.Core.Export.FocusExport.Columns.ToList().IndexOf(column)]!);
            Assert.Equal((0.766m, 0.6523m, 0.6523m, 0.6523m), (Sum("ListCost"), Sum("ContractedCost"), Sum("EffectiveCost"), Sum("BilledCost")));

            Assert.True(store.RemoveContractDiscount(store.GetContractDiscounts().Single(d => d.Model == "gpt-4o").Id));
            // gpt-4o now under the provider's 20 %: d2 0.28; total 0.35 + 0.28 + 0.0168 + 0.0405 = 0.6873.
            Assert.Equal(0.6873m, store.GetTotals(new CostQuery { WithContractedCost = true }).ContractedCost);
            Assert.Equal("InvalidDiscount", Assert.Throws<LlmCostException>(() => store.AddContractDiscount(new ContractDiscount { Provider = "openai", Percent = 120m })).ErrorId);
        }

        [Fact]
        public async Task ConcurrentWriters_StoreEachRequestOnce()
        {
            using var store = Seeded();
            var batch = Enumerable.Range(0, 300).Select(i => Rec("c" + i, "m1", Utc.At(2025, 6, 1).AddSeconds(i), 1_000, 0, "conc")).ToList();
            var writers = Enumerable.Range(0, 4).Select(_ => Task.Run(() => store.RecordMany(batch).Added)).ToList();
            var added = await Task.WhenAll(writers);
            Assert.Equal(300, added.Sum());
            // 300 x 1,000 input x 1 $/M = $0.30
            Assert.Equal((300L, 0.30m), (store.GetTotals(new CostQuery { Sessions = new[] { "conc" } }).Requests, store.GetTotals(new CostQuery { Sessions = new[] { "conc" } }).Cost));
        }
    }

    public sealed class SqliteStoreContractTests : StoreContractTests, IDisposable
    {
        private readonly TempDir _dir = new TempDir();

        protected override ICostStore NewStore() => CostStores.Open(_dir.File(Guid.NewGuid().ToString("N") + ".db"));

        public void Dispose() => _dir.Dispose();
    }

    [Collection(PostgresCollection.Name)]
    public sealed class PostgresStoreContractTests : StoreContractTests
    {
        private readonly PostgresCluster _cluster;

        public PostgresStoreContractTests(PostgresCluster cluster)
        {
            _cluster = cluster;
        }

        // Through the same factory the front ends use: a connection string opens the PostgreSQL store.
        protected override ICostStore NewStore() => CostStores.Open(_cluster.NewDatabase());

        [Theory]
        [InlineData(DuplicatePolicy.Skip)]
        [InlineData(DuplicatePolicy.Replace)]
        public async Task BulkWritersImportingTheSameRequestsAtOnce_NeverDeadlock(DuplicatePolicy policy)
        {
            // The contract test above passes even when PostgreSQL breaks deadlocks (the writers run the victim's
            // transaction again), so this counts them: a build whose writers took the same keys in different orders
            // deadlocked 2 to 8 times here (three runs), and took twice as long.
            string connection = _cluster.NewDatabase();
            using (var store = CostStores.Open(connection))
            {
                await ImportTheSameRequestsFromThreeHostsAtOnce(store, policy);
            }

            // A server process reports its counts as it exits: close the pooled connections and wait for them to go.
            Npgsql.NpgsqlConnection.ClearAllPools();
            long Scalar(string sql) => PostgresCluster.Scalar(connection, sql);

            var waited = System.Diagnostics.Stopwatch.StartNew();
            while (Scalar("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()") > 0)
            {
                Assert.True(waited.Elapsed < TimeSpan.FromSeconds(30), "the writers' server processes did not exit");
                Thread.Sleep(50);
            }

            Assert.Equal(0L, Scalar("SELECT deadlocks FROM pg_stat_database WHERE datname = current_database()"));
        }

        [Fact]
        public void TheStoreUnderTest_IsPostgres_AndItsPathHidesThePassword()
        {
            using var store = NewStore();
            Assert.IsType<LlmCost.Storage.Postgres.PostgresCostStore>(store);
            Assert.StartsWith($"postgresql://{PostgresCluster.User}@127.0.0.1:{_cluster.Port}/t_", store.Path);
            Assert.DoesNotContain(PostgresCluster.Password, store.Path);
            Assert.Equal((LlmCost.Storage.Postgres.PostgresMigrator.LatestVersion, LlmCost.Storage.Postgres.PostgresMigrator.LatestVersion), (store.GetInfo().SchemaVersion, store.GetInfo().CodeSchemaVersion));
        }
    }
}
