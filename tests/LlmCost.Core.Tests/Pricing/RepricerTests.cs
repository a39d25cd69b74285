using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using LlmCost.Core.Pricing;
using LlmCost.Core.Queries;
using LlmCost.Core.Storage;
using LlmCost.Core.Storage.Sqlite;
using LlmCost.Core.Usage;

namespace LlmCost.Core.Tests
{
    public sealed class RepricerTests
    {
        [Fact]
        public void APriceAddedLater_PricesTheStoredRequests_WithAPreviewFirst_AndAnAuditRecord()
        {
            using var dir = new TempDir();
            using var store = SqliteCostStore.Open(dir.File("r.db"));
            // Two acme-7b requests (unknown model: unpriced) and one gpt-4o request (cost-rules example 1, $0.005615).
            store.Record(new UsageRecord("acme", "acme-7b", Utc.At(2025, 6, 10), new TokenUsage(1_000_000, 1_000_000)) { RequestId = "a1" });
            store.Record(new UsageRecord("acme", "acme-7b", Utc.At(2025, 6, 20), new TokenUsage(2_000_000, 0)) { RequestId = "a2" });
            store.Record(new UsageRecord("openai", "gpt-4o", Utc.At(2025, 6, 10), new TokenUsage(2006, 300, 1920)) { RequestId = "o1" });
            store.AddPrice(new ModelPrice("acme", "acme-7b", new PriceSet { Input = 0.5m, Output = 1.5m }) { EffectiveFrom = Utc.At(2025, 1, 1) });

            var repricer = new Repricer(store);
            var (preview, noRun) = repricer.Reprice(new CostQuery(), preview: true, reason: null, runBy: "test");
            Assert.Null(noRun);
            var acme = preview.Single(l => l.Model == "acme-7b");
            // a1: 1M x $0.5 + 1M x $1.5 = $2; a2: 2M x $0.5 = $1.
            Assert.Equal((2L, 2L, 2L, 0m, 3m), (acme.Rows, acme.Changed, acme.NewlyPriced, acme.OldTotal, acme.NewTotal));
            Assert.Equal(0L, preview.Single(l => l.Model == "gpt-4o").Changed);
            Assert.Equal(2, store.GetTotals(new CostQuery()).UnpricedRequests); // the preview changed nothing

            var (_, run) = repricer.Reprice(new CostQuery(), preview: false, reason: "acme contract price", runBy: "test");
            Assert.NotNull(run);
            // Examined: all three; old total $0.005615 (gpt-4o only), new total $3.005615.
            Assert.Equal((3L, 2L, 2L, 5_615_000L, 3_005_615_000L), (run!.RowsExamined, run.RowsChanged, run.NewlyPriced, run.OldTotalNano, run.NewTotalNano));
            var totals = store.GetTotals(new CostQuery());
            Assert.Equal(0, totals.UnpricedRequests);
            Assert.Equal(3.005615m, totals.Cost);
            Assert.True(store.Check().Healthy); // the summaries moved with the rows

            var history = store.GetRepriceRuns();
            Assert.Equal("acme contract price", Assert.Single(history).Reason);
            var (_, again) = repricer.Reprice(new CostQuery(), preview: false, reason: null, runBy: "test");
            Assert.Null(again); // nothing changed: no empty run in the audit trail

            // Re-pricing writes with the triggers off on its connection; the pooled connections after it must have them on
            // again, or a replaced row would stay in the summaries twice. a2 re-imported with 1M tokens: $0.50.
            for (int i = 0; i < 3; i++)
            {
                using var bulk = TestBulk.Open(store, DuplicatePolicy.Replace);
                bulk.Add(new UsageRecord("acme", "acme-7b", Utc.At(2025, 6, 20), new TokenUsage(1_000_000, 0)) { RequestId = "a2" });
                bulk.Complete();
            }

            Assert.Equal(0L, store.Check().RollupMismatches);
            Assert.Equal(2.505615m, store.GetTotals(new CostQuery()).Cost);
        }

        [Fact]
        public void ACorrectedPrice_ChangesOnlyTheRequestsInItsPeriodAndScope()
        {
            using var dir = new TempDir();
            using var store = SqliteCostStore.Open(dir.File("c.db"));
            store.Record(new UsageRecord("openai", "gpt-4o", Utc.At(2025, 6, 10), new TokenUsage(1_000_000, 0)) { RequestId = "june" });
            store.Record(new UsageRecord("openai", "gpt-4o", Utc.At(2025, 7, 10), new TokenUsage(1_000_000, 0)) { RequestId = "july" });
            // A contract price of $2 per million input from July on (list price $2.50).
            store.AddPrice(new ModelPrice("openai", "gpt-4o", new PriceSet { Input = 2m, Output = 8m }) { EffectiveFrom = Utc.At(2025, 7, 1) });
            var (lines, run) = new Repricer(store).Reprice(new CostQuery { Models = new[] { "gpt-4o" } }, preview: false, reason: "contract", runBy: "test");
            var line = Assert.Single(lines);
            Assert.Equal((2L, 1L, 5.0m, 4.5m), (line.Rows, line.Changed, line.OldTotal, line.NewTotal)); // June stays $2.50, July $2.50 -> $2
            Assert.Equal("model=gpt-4o", run!.Scope);
            Assert.True(store.Check().Healthy);
        }

        [Fact]
        public void ARequestAnotherWriterChangesWhileItIsBeingRepriced_IsPricedFromWhatItHoldsWhenWritten()
        {
            using var dir = new TempDir();
            string db = dir.File("race.db");
            using var store = SqliteCostStore.Open(db);
            // 25,000 requests (two batches, so one is read while the other is written), each with 10 output tokens.
            var t0 = Utc.At(2025, 6, 1);
            store.RecordMany(Enumerable.Range(0, 25_000).Select(i => new UsageRecord("acme", "acme-7b", t0.AddSeconds(i), new TokenUsage(0, 10)) { RequestId = "r" + i, SessionId = "s" + (i % 7) }).ToList());
            long target = store.GetRequests(new CostQuery()).Single(r => r.RequestId == "r24000").Row;

            bool changed = false;
            CostUpdate? Price(StoredPricing r)
            {
                if (r.Row == target && !changed)
                {
                    // Another process stores a corrected count for this request after it was read (its trigger moves the summaries).
                    changed = true;
                    using var other = new Microsoft.Data.Sqlite.SqliteConnection("Data Source=" + db);
                    other.Open();
                    using var cmd = other.CreateCommand();
                    cmd.CommandText = "PRAGMA busy_timeout=10000; UPDATE request_costs SET output_tokens = 7 WHERE request_row = $r";
                    cmd.Parameters.AddWithValue("$r", target);
                    cmd.ExecuteNonQuery();
                }

                // A price of 1,000 nano-USD per output token.
                long cost = r.OutputTokens * 1_000;
                return r.CostNano == cost ? null : new CostUpdate { CostNano = cost, PricingStatus = "custom", PricedModel = r.Model };
            }

            var counted = new List<RepricedRow>();
            store.Reprice(new CostQuery(), Price, counted.Add, write: true, CancellationToken.None);

            Assert.True(changed);
            Assert.Equal(25_000, counted.Count); // each request counted once
            // 24,999 x 10 x 1,000 + 7 x 1,000 = 249,997,000 nano-USD: the changed request priced from its 7 tokens, not the 10 read first.
            Assert.Equal(7_000L, counted.Single(c => c.Update != null && c.Update.Row == target).Update!.CostNano);
            Assert.Equal(7_000L, store.GetRequests(new CostQuery()).Single(r => r.Row == target).CostNano);
            Assert.Equal(0.249997m, store.GetTotals(new CostQuery()).Cost);
            var check = store.Check();
            Assert.True(check.Healthy, string.Join("; ", check.Problems()));
        }

        [Fact]
        public void AFailureWhileTheNextBatchIsRead_StopsTheRun_WithWhatWasCommittedExact_AndTheConnectionsAsBefore()
        {
            using var dir = new TempDir();
            using var store = SqliteCostStore.Open(dir.File("fail.db"));
            var t0 = Utc.At(2025, 6, 1);
            store.RecordMany(Enumerable.Range(0, 25_000).Select(i => new UsageRecord("acme", "acme-7b", t0.AddSeconds(i), new TokenUsage(0, 10)) { RequestId = "r" + i }).ToList());
            CostUpdate? Price(StoredPricing r)
            {
                // The third batch's reading fails (rows are read 10,000 at a time, in row order).
                if (r.Row > 20_000) throw new InvalidOperationException("price source gone");
                return r.CostNano == 10_000 ? null : new CostUpdate { CostNano = 10_000, PricingStatus = "custom", PricedModel = r.Model };
            }

            var counted = new List<RepricedRow>();
            var ex = Assert.Throws<InvalidOperationException>(() => store.Reprice(new CostQuery(), Price, counted.Add, write: true, CancellationToken.None));
            Assert.Equal("price source gone", ex.Message);
            // Whole batches were committed or not at all; the summaries equal the rows either way.
            Assert.Equal(0, counted.Count % 10_000);
            var totals = store.GetTotals(new CostQuery());
            Assert.Equal(counted.Count, 25_000 - totals.UnpricedRequests);
            Assert.True(store.Check().Healthy);

            // The pooled connections have their triggers and foreign keys on again: a replaced request moves the summaries.
            using (var bulk = TestBulk.Open(store, DuplicatePolicy.Replace))
            {
                bulk.Add(new UsageRecord("acme", "acme-7b", t0, new TokenUsage(0, 20)) { RequestId = "r0" });
                bulk.Complete();
            }

            Assert.Equal(0L, store.Check().RollupMismatches);
        }

        [Fact]
        public void ARunStoppedPartWay_KeepsWhatItCommitted_AndTheAuditTrailSaysSo()
        {
            using var dir = new TempDir();
            using var store = SqliteCostStore.Open(dir.File("stop.db"));
            var t0 = Utc.At(2025, 6, 1);
            // 25,000 acme-7b requests of 1,000,000 input tokens, unpriced until a price of $0.5 per million is added.
            store.RecordMany(Enumerable.Range(0, 25_000).Select(i => new UsageRecord("acme", "acme-7b", t0.AddSeconds(i), new TokenUsage(1_000_000, 0)) { RequestId = "r" + i }).ToList());
            store.AddPrice(new ModelPrice("acme", "acme-7b", new PriceSet { Input = 0.5m, Output = 1.5m }) { EffectiveFrom = Utc.At(2025, 1, 1) });

            using var stop = new CancellationTokenSource();
            var reported = new List<long>();
            Assert.ThrowsAny<OperationCanceledException>(() => new Repricer(store).Reprice(new CostQuery(), preview: false, reason: "contract", runBy: "test", stop.Token, n =>
            {
                reported.Add(n);
                stop.Cancel(); // the user stops it once the first batch (10,000 requests) is in
            }));

            Assert.Equal(new[] { 10_000L }, reported);
            var run = Assert.Single(store.GetRepriceRuns());
            // 10,000 requests x $0.50 = $5,000, committed; the other 15,000 are still unpriced.
            Assert.Equal((10_000L, 10_000L, 5_000_000_000_000L), (run.RowsExamined, run.RowsChanged, run.NewTotalNano));
            Assert.Equal("contract; stopped after 10,000 requests", run.Reason);
            var totals = store.GetTotals(new CostQuery());
            Assert.Equal((15_000L, 5_000m), (totals.UnpricedRequests, totals.Cost));
            Assert.True(store.Check().Healthy);
        }
    }
}
