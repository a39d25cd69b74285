using System.IO;
using System.Linq;
using System.Text;
using LlmCost.Core.Billing;

namespace LlmCost.Core.Tests.Billing
{
    public sealed class ProviderReportReaderTests
    {
        private static ProviderCostReport Read(string json, ProviderCostKind? kind = null) => ProviderReportReader.Read(Encoding.UTF8.GetBytes(json), "bill.json", kind);

        private static string Error(string json, ProviderCostKind? kind = null) =>
            Assert.Throws<LlmCostException>(() => Read(json, kind)) is var ex && ex.ErrorId == "InvalidProviderReport" ? ex.Message : "wrong id: " + ex.ErrorId;

        [Fact]
        public void OpenAiCosts_TwoPages_ModelFromTheLineItem()
        {
            var r = ProviderReportReader.ReadFile(Path.Combine(BillReconcilerTests.Folder, "openai-costs.json"));
            Assert.Equal(("openai", ProviderCostKind.Cost, 3, 6), (r.Provider, r.Kind, r.Buckets.Count, r.Lines.Count));
            Assert.Equal(new[] { "gpt-4o-2024-08-06", "gpt-4o-2024-08-06", "gpt-4o-2024-08-06", "gpt-4o-2024-08-06", "web search tool calls", "gpt-4o-mini-2024-07-18" }, r.Lines.Select(l => l.Model));
            // 0.5 + 0.2 + 0.25 + 0.1 + 0.05 + 0.3 = 1.4
            Assert.Equal(1.4m, r.Lines.Sum(l => l.Amount!.Value));
            Assert.Equal(Utc.At(2025, 9, 4), r.Lines.Last().StartsAtUtc);
        }

        [Fact]
        public void AnthropicCosts_AreCents_AndAnEmptyBucketIsAZeroDay()
        {
            var r = ProviderReportReader.ReadFile(Path.Combine(BillReconcilerTests.Folder, "anthropic-costs.json"));
            Assert.Equal(("anthropic", ProviderCostKind.Cost), (r.Provider, r.Kind));
            // "3.0" and "3.5" cents: $0.03 and $0.035; the empty 09-02 bucket a $0 line without a model.
            Assert.Equal(new decimal?[] { 0.03m, 0.035m, 0m }, r.Lines.Select(l => l.Amount));
            Assert.Equal(new[] { "claude-sonnet-4-20250514", "claude-sonnet-4-20250514", null }, r.Lines.Select(l => l.Model));
        }

        [Fact]
        public void AnthropicUsage_InputCountsCachedAndWrittenTokens()
        {
            var r = Read("{\"data\":[{\"starting_at\":\"2025-09-01T00:00:00Z\",\"ending_at\":\"2025-09-02T00:00:00Z\",\"results\":[{\"uncached_input_tokens\":100," +
                "\"cache_read_input_tokens\":2000,\"cache_creation\":{\"ephemeral_5m_input_tokens\":30,\"ephemeral_1h_input_tokens\":4},\"output_tokens\":500," +
                "\"model\":\"claude-sonnet-4-20250514\",\"service_tier\":\"standard\"}]}],\"has_more\":false,\"next_page\":null}");
            var l = Assert.Single(r.Lines);
            // 100 + 2,000 + 30 + 4 = 2,134 input tokens, of which 2,000 read and 34 written.
            Assert.Equal((ProviderCostKind.Usage, 2134L, 2000L, 34L, 500L), (l.Kind, l.InputTokens, l.CacheReadTokens, l.CacheWriteTokens, l.OutputTokens));
        }

        [Fact]
        public void BadReports_NameTheFileAndTheField()
        {
            Assert.Equal("bill.json: data[0].results[0].amount: is not a decimal string of cents (\"123.45\").",
                Error("{\"data\":[{\"starting_at\":\"2025-09-01T00:00:00Z\",\"ending_at\":\"2025-09-02T00:00:00Z\",\"results\":[{\"amount\":12.5,\"currency\":\"USD\"}]}]}"));
            Assert.Equal("bill.json: data[0].results[0].amount.currency: is 'eur'; costs are kept in USD.",
                Error("{\"data\":[{\"start_time\":1756684800,\"end_time\":1756771200,\"results\":[{\"object\":\"organization.costs.result\",\"amount\":{\"value\":1,\"currency\":\"eur\"}}]}]}"));
            Assert.StartsWith("bill.json: [1].data[0].results[0]: is a usage line in a cost report",
                Error("[{\"data\":[{\"start_time\":1756684800,\"end_time\":1756771200,\"results\":[{\"object\":\"organization.costs.result\",\"amount\":{\"value\":1,\"currency\":\"usd\"}}]}]}," +
                      "{\"data\":[{\"start_time\":1756771200,\"end_time\":1756857600,\"results\":[{\"object\":\"organization.usage.completions.result\",\"input_tokens\":1,\"output_tokens\":1}]}]}]"));
            Assert.StartsWith("bill.json: data: missing", Error("{\"object\":\"list\"}"));
            Assert.StartsWith("bill.json: data[0]: has neither start_time (OpenAI) nor starting_at (Anthropic)", Error("{\"data\":[{\"day\":1}]}"));
            Assert.StartsWith("bill.json: line 1: is not valid JSON", Error("{\"data\": ["));
            Assert.StartsWith("bill.json: data: every bucket is empty", Error("{\"data\":[{\"start_time\":1756684800,\"end_time\":1756771200,\"results\":[]}]}"));
            // Told the kind, the same empty report is a day billed at $0.
            Assert.Equal(0m, Read("{\"data\":[{\"start_time\":1756684800,\"end_time\":1756771200,\"results\":[]}]}", ProviderCostKind.Cost).Lines.Single().Amount);
        }
    }
}
