using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using LlmCost.Core.Ingestion;
using LlmCost.Core.Pricing;
using LlmCost.Core.Queries;
using LlmCost.Core.Storage;
using LlmCost.Core.Usage;

namespace LlmCost.Core.Tests
{
    /// <summary>
    /// Service tiers: read from the payload, kept with the request, priced with the tier's own price or left unpriced,
    /// never at the standard price. gpt-4o ($ per million tokens): standard 2.5 input / 1.25 cache read / 10 output;
    /// priority (LiteLLM) 4.25 / 2.125 / 17; flex and batch half the standard price.
    /// </summary>
    public sealed class ServiceTierTests : IDisposable
    {
        private readonly TempDir _dir = new TempDir();
        private readonly ICostStore _store;

        public ServiceTierTests()
        {
            _store = CostStores.Open(_dir.File("tiers.db"));
        }

        public void Dispose()
        {
            _store.Dispose();
            _dir.Dispose();
        }

        private static string OpenAi(string tier) =>
            "{\"id\":\"chatcmpl-" + tier + "\",\"object\":\"chat.completion\",\"created\":1756728000,\"model\":\"gpt-4o-2024-08-06\",\"service_tier\":\"" + tier + "\"," +
            "\"usage\":{\"prompt_tokens\":100000,\"completion_tokens\":10000,\"total_tokens\":110000,\"prompt_tokens_details\":{\"cached_tokens\":20000}}}";

        [Fact]
        public void TheTier_IsReadFromOpenAiAndAnthropicPayloads()
        {
            Assert.Equal("priority", PayloadParser.Parse(OpenAi("priority"))!.ServiceTier);
            Assert.Null(PayloadParser.Parse(OpenAi("default"))!.ServiceTier);
            var flex = PayloadParser.Parse(OpenAi("flex"))!;
            Assert.Equal(("flex", true), (flex.ServiceTier, flex.IsBatch));
            var anthropic = PayloadParser.Parse("{\"id\":\"msg_p\",\"type\":\"message\",\"model\":\"claude-sonnet-4-5\",\"usage\":{\"input_tokens\":10,\"output_tokens\":1,\"service_tier\":\"priority\"}}")!;
            Assert.Equal("priority", anthropic.ServiceTier);
        }

        [Fact]
        public void Priority_IsPricedWithTheTiersOwnPrice_WhereTheReferenceDataHasOne()
        {
            // 100,000 in of which 20,000 cached, 10,000 out. Priority: 80,000 x 4.25 + 20,000 x 2.125 + 10,000 x 17
            // = 0.34 + 0.0425 + 0.17 = 0.5525. Standard would be 0.2 + 0.025 + 0.1 = 0.325; flex half of it, 0.1625.
            var records = new[] { "priority", "default", "flex" }.Select(t => PayloadParser.Parse(OpenAi(t))!.ToRecord(DateTime.UtcNow)).ToList();
            var result = new UsageRecorder(_store).Record(records);
            Assert.Equal(new decimal?[] { 0.5525m, 0.325m, 0.1625m }, result.Recorded.Select(r => r.Cost));
            // Kept with each request: chatcmpl-default, chatcmpl-flex, chatcmpl-priority.
            Assert.Equal(new[] { null, "flex", "priority" }, _store.GetRequests(new CostQuery()).OrderBy(r => r.RequestId, StringComparer.Ordinal).Select(r => r.ServiceTier));
        }

        [Fact]
        public void Priority_WithoutAPriceOfItsOwn_IsUnpriced_NeverStandard_UntilOneIsImported_AndReprice()
        {
            // claude-sonnet-4-5 has no priority price in the reference data: unpriced, with the reason.
            var parsed = PayloadParser.Parse("{\"id\":\"msg_p\",\"type\":\"message\",\"model\":\"claude-sonnet-4-5\",\"usage\":{\"input_tokens\":10000,\"output_tokens\":1000,\"service_tier\":\"priority\"}}")!;
            var recorded = new UsageRecorder(_store).Record(new[] { parsed.ToRecord(Utc.At(2025, 10, 1)) }).Recorded.Single();
            Assert.Equal((PricingStatus.Unpriced, (decimal?)null, true), (recorded.Status, recorded.Cost, recorded.UnpricedTier));
            Assert.StartsWith("no priority-tier price for anthropic/claude-sonnet-4-5", recorded.UnpricedReason);
            Assert.Equal(1L, _store.GetTotals(new CostQuery()).UnpricedRequests);

            // A LiteLLM-format price with priority prices (made up: 5.4 / 27 $ per M): 10,000 x 5.4 + 1,000 x 27 = 0.054 +
            // 0.027 = 0.081 once re-priced; the stored tier is what makes re-pricing pick the priority price.
            string file = _dir.File("priority.json");
            File.WriteAllText(file, "{\"claude-sonnet-4-5\":{\"litellm_provider\":\"anthropic\",\"mode\":\"chat\",\"input_cost_per_token\":3e-06,\"output_cost_per_token\":1.5e-05," +
                "\"input_cost_per_token_priority\":5.4e-06,\"output_cost_per_token_priority\":2.7e-05}}");
            IReadOnlyList<ModelPrice> prices;
            using (var f = File.OpenRead(file)) prices = PriceFileReader.Read(f, PriceFileFormat.LiteLlm, "priority.json", Utc.At(2025, 1, 1), _ => { });
            Assert.Equal(5.4m, prices.Single().ServiceTierPrices["priority"].Input);
            _store.AddPrices(prices);
            // The stored custom price keeps its priority prices (read back from the store).
            Assert.Equal(27m, _store.GetCustomPrices().Single().ServiceTierPrices["priority"].Output);
            new Repricer(_store).Reprice(new CostQuery(), preview: false, reason: "priority prices", runBy: "test");
            var row = _store.GetRequests(new CostQuery()).Single();
            Assert.Equal(("priority", 0.081m), (row.ServiceTier, row.Cost));
        }

        [Fact]
        public void ACsvFile_MayNameTheTier()
        {
            // gpt-4o, 100,000 in / 10,000 out: priority 0.425 + 0.17 = 0.595; standard 0.35; flex 0.175.
            string csv = _dir.File("usage.csv");
            File.WriteAllText(csv, "timestamp,provider,model,input_tokens,output_tokens,request_id,service_tier\n" +
                "2025-09-01T10:00:00Z,openai,gpt-4o,100000,10000,c1,priority\n" +
                "2025-09-01T10:01:00Z,openai,gpt-4o,100000,10000,c2,default\n" +
                "2025-09-01T10:02:00Z,openai,gpt-4o,100000,10000,c3,flex\n");
            var errors = new List<ImportError>();
            new UsageImporter(_store).Import(new[] { csv }, new ImportOptions(), errors.Add);
            Assert.Empty(errors);
            Assert.Equal(new (string?, string?, decimal?)[] { ("c1", "priority", 0.595m), ("c2", null, 0.35m), ("c3", "flex", 0.175m) },
                _store.GetRequests(new CostQuery()).OrderBy(r => r.RequestId, StringComparer.Ordinal).Select(r => (r.RequestId, r.ServiceTier, r.Cost)));
        }

        [Fact]
        public void APriorityPrice_IsNeverAttachedToAPeriodWithOtherStandardPrices()
        {
            // Every built-in priority price sits on a period whose standard input/output match the ones LiteLLM lists.
            var withPriority = PriceCatalog.Builtin.Models.SelectMany(m => m.Prices).Where(p => p.ServiceTierPrices.ContainsKey("priority")).ToList();
            Assert.Contains(withPriority, p => p.Model == "gpt-4o");
            Assert.All(withPriority, p => Assert.True(p.ServiceTierPrices["priority"].Input > p.Base.Input, p.Model));
            // Above a context tier no priority price is known: a tiered price gets none.
            Assert.DoesNotContain(withPriority, p => p.Tiers.Count > 0);
        }
    }
}
