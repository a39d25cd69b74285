using System.Linq;
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
    }
}
