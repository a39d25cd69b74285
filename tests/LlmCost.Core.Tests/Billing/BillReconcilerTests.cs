using System;
using System.IO;
using System.Linq;
using LlmCost.Core.Billing;
using LlmCost.Core.Storage;
using LlmCost.Core.Usage;

namespace LlmCost.Core.Tests.Billing
{
    /// <summary>
    /// Reconciliation on a fixture bill (Fixtures/bills, README there) with a known missing day, against requests
    /// tracked in a real SQLite store. Tracked, at catalog prices ($ per million tokens):
    ///   09-01 openai gpt-4o-2024-08-06, 2 x 100,000 in / 10,000 out at 2.5 / 10: 2 x (0.25 + 0.1) = 0.70
    ///   09-01 anthropic claude-sonnet-4-20250514, 10,000 in / 1,000 out at 3 / 15: 0.03 + 0.015 = 0.045
    ///   09-01 groq llama-3.3-70b-versatile (no groq report imported: never compared)
    ///   09-02 openai gpt-4o, 100,000 in / 10,000 out: 0.35
    ///   09-03 openai gpt-4o-mini, 100,000 in / 10,000 out at 0.15 / 0.6: 0.015 + 0.006 = 0.021
    /// Billed: openai 09-01 gpt-4o 0.5 + 0.2 = 0.70; 09-02 gpt-4o 0.25 + 0.1 = 0.35 and web search 0.05; 09-03 no
    /// bucket; 09-04 gpt-4o-mini 0.30. anthropic 09-01 claude-sonnet-4 3.0 + 3.5 cents = 0.065; 09-02 empty ($0).
    /// </summary>
    public sealed class BillReconcilerTests : IDisposable
    {
        public static string Folder => Path.GetFullPath(Path.Combine(Ingestion.ResponseCorpus.Folder, "..", "bills"));

        private readonly TempDir _dir = new TempDir();
        private readonly ICostStore _store;

        public BillReconcilerTests()
        {
            _store = CostStores.Open(_dir.File("bill.db"));
            var d1 = Utc.At(2025, 9, 1, 10);
            _store.RecordMany(new[]
            {
                new UsageRecord("openai", "gpt-4o-2024-08-06", d1, new TokenUsage(100_000, 10_000)) { RequestId = "o1" },
                new UsageRecord("openai", "gpt-4o-2024-08-06", d1.AddHours(1), new TokenUsage(100_000, 10_000)) { RequestId = "o2" },
                new UsageRecord("anthropic", "claude-sonnet-4-20250514", d1, new TokenUsage(10_000, 1_000)) { RequestId = "a1" },
                new UsageRecord("groq", "llama-3.3-70b-versatile", d1, new TokenUsage(1_000, 100)) { RequestId = "g1" },
                new UsageRecord("openai", "gpt-4o", d1.AddDays(1), new TokenUsage(100_000, 10_000)) { RequestId = "o3" },
                new UsageRecord("openai", "gpt-4o-mini", d1.AddDays(2), new TokenUsage(100_000, 10_000)) { RequestId = "o4" },
            });
        }

        public void Dispose()
        {
            _store.Dispose();
            _dir.Dispose();
        }

        private void ImportAll()
        {
            foreach (var file in new[] { "openai-costs.json", "openai-usage.json", "anthropic-costs.json" })
            {
                _store.SaveProviderCosts(ProviderReportReader.ReadFile(Path.Combine(Folder, file)));
            }
        }

        private static string Row(BillComparison r) =>
            $"{r.Day:MM-dd} {r.Provider} {r.Model}: tracked {r.TrackedCost} ({r.TrackedRequests}), billed {r.BilledCost?.ToString() ?? "-"}, {r.Status}";

        [Fact]
        public void EveryDayProviderAndModel_IsComparedWithTheBill()
        {
            ImportAll();
            var rows = BillReconciler.Compare(_store, null, null, null);
            Assert.Equal(new[]
            {
                // 0.065 - 0.045 = 0.02, over the tolerance (a cent, or 1 % of 0.065).
                "09-01 anthropic claude-sonnet-4-0: tracked 0.045 (1), billed 0.065, BillHigher",
                "09-01 openai gpt-4o: tracked 0.7 (2), billed 0.7, Match",
                // The empty bucket: the bill says $0 for the day, and nothing was tracked.
                "09-02 anthropic (all): tracked 0 (0), billed 0, Match",
                "09-02 openai gpt-4o: tracked 0.35 (1), billed 0.35, Match",
                "09-02 openai web search tool calls: tracked 0 (0), billed 0.05, NotTracked",
                // The known missing day.
                "09-03 openai gpt-4o-mini: tracked 0.021 (1), billed -, NotBilled",
                "09-04 openai gpt-4o-mini: tracked 0 (0), billed 0.3, NotTracked",
            }, rows.Select(Row));
            var gpt = rows[1];
            Assert.Equal((200_000L, 20_000L, 2L), (gpt.BilledInputTokens, gpt.BilledOutputTokens, gpt.BilledRequests));
            Assert.Equal((200_000L, 20_000L), (gpt.TrackedInputTokens, gpt.TrackedOutputTokens));
            Assert.Equal(0.02m, rows[0].Difference);
            Assert.Null(rows[5].Difference);
        }

        [Fact]
        public void ARange_AndAProvider_NarrowTheComparison()
        {
            ImportAll();
            var rows = BillReconciler.Compare(_store, Utc.At(2025, 9, 2), Utc.At(2025, 9, 3), new[] { "openai" });
            Assert.Equal(new[]
            {
                "09-02 openai gpt-4o: tracked 0.35 (1), billed 0.35, Match",
                "09-02 openai web search tool calls: tracked 0 (0), billed 0.05, NotTracked",
            }, rows.Select(Row));
        }

        [Fact]
        public void ImportingAgain_ReplacesTheSameDays_NeverAddsToThem()
        {
            ImportAll();
            var report = ProviderReportReader.ReadFile(Path.Combine(Folder, "openai-costs.json"));
            // Six lines over three buckets: the second import replaces exactly them.
            Assert.Equal(6L, _store.SaveProviderCosts(report));
            Assert.Equal(6, _store.GetProviderCosts(null, null, new[] { "openai" }).Count(l => l.Kind == ProviderCostKind.Cost));
            // A revised 09-01 (one line of 0.71) replaces that day's two lines and leaves the other days alone.
            string revised = "{\"object\":\"page\",\"data\":[{\"object\":\"bucket\",\"start_time\":1756684800,\"end_time\":1756771200,\"results\":[" +
                "{\"object\":\"organization.costs.result\",\"amount\":{\"value\":0.71,\"currency\":\"usd\"},\"line_item\":\"gpt-4o-2024-08-06, input\",\"project_id\":null}]}],\"has_more\":false,\"next_page\":null}";
            Assert.Equal(2L, _store.SaveProviderCosts(ProviderReportReader.Read(System.Text.Encoding.UTF8.GetBytes(revised), "revised.json")));
            var day1 = BillReconciler.Compare(_store, Utc.At(2025, 9, 1), Utc.At(2025, 9, 2), new[] { "openai" }).Single();
            // 0.71 - 0.70 = 0.01: within a cent, a match.
            Assert.Equal((0.71m, BillStatus.Match), (day1.BilledCost, day1.Status));
        }

        [Fact]
        public void TheBill_IsHeldAgainstTheContractedCost()
        {
            ImportAll();
            // 10 % off OpenAI from 2025-09-01: gpt-4o on 09-01 is 0.70 list, 0.63 contracted, against a bill of 0.70:
            // 0.07 over a cent and 1 % of the bill, so the bill is higher (the discount is not on it).
            _store.AddContractDiscount(new Core.Pricing.ContractDiscount { Provider = "openai", Percent = 10m, EffectiveFrom = Utc.At(2025, 9, 1) });
            var row = BillReconciler.Compare(_store, Utc.At(2025, 9, 1), Utc.At(2025, 9, 2), new[] { "openai" }).Single();
            Assert.Equal((0.63m, 0.70m, 0.7m, BillStatus.BillHigher), (row.TrackedCost, row.TrackedListCost, row.BilledCost!.Value, row.Status));
        }

        [Fact]
        public void WithoutAnyReport_TheComparisonSaysWhatToImport()
        {
            var ex = Assert.Throws<LlmCostException>(() => BillReconciler.Compare(_store, null, null, null));
            Assert.Equal("NoProviderCost", ex.ErrorId);
            Assert.Contains("Import-LlmProviderCost", ex.Message);
        }
    }
}
