using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using LlmCost.Core.Pricing;
using LlmCost.Core.Storage;
using LlmCost.Core.Storage.Sqlite;
using LlmCost.Core.Usage;

namespace LlmCost.Core.Tests
{
    public class PriceFileReaderTests
    {
        private static readonly string LiteLlmExcerpt = Path.Combine(AppContext.BaseDirectory, "Fixtures", "litellm-excerpt.json");

        private static IReadOnlyList<ModelPrice> ReadLiteLlm(List<string>? warnings = null)
        {
            using var f = File.OpenRead(LiteLlmExcerpt);
            return PriceFileReader.Read(f, PriceFileFormat.LiteLlm, "litellm-excerpt.json", Utc.At(2026, 1, 1), w => warnings?.Add(w));
        }

        [Fact]
        public void LiteLlm_PerTokenPricesBecomePerMillion()
        {
            var warnings = new List<string>();
            var prices = ReadLiteLlm(warnings);
            // gpt-4o: input 2.5e-06/token = $2.5/M, cached 1.25e-06 = $1.25/M, output 1e-05 = $10/M, batches 1.25e-06 / 2.5e-06 = 0.5
            var gpt4o = prices.Single(p => p.Model == "gpt-4o");
            Assert.Equal("openai", gpt4o.Provider);
            Assert.Equal(2.5m, gpt4o.Base.Input);
            Assert.Equal(1.25m, gpt4o.Base.CacheRead);
            Assert.Equal(10m, gpt4o.Base.Output);
            Assert.Equal(0.5m, gpt4o.BatchMultiplier);
            Assert.Equal(Utc.At(2026, 1, 1), gpt4o.EffectiveFrom);

            // dall-e-3 bills per image, sample_spec is documentation: neither is imported; the image model is reported.
            Assert.DoesNotContain(prices, p => p.Model.Contains("dall-e") || p.Model == "sample_spec");
            Assert.Contains(warnings, w => w.Contains("dall-e-3"));
        }

        [Fact]
        public void LiteLlm_TiersAndOneHourWritesAndProviderPrefixes()
        {
            var prices = ReadLiteLlm();
            // claude-sonnet-4-5: 3e-06 -> 3, 1h write 6e-06 -> 6, above 200k: input 6e-06 -> 6, output 2.25e-05 -> 22.5, 1h write 1.2e-05 -> 12
            var sonnet = prices.Single(p => p.Model == "claude-sonnet-4-5");
            Assert.Equal(3m, sonnet.Base.Input);
            Assert.Equal(6m, sonnet.Base.CacheWrite1h);
            var tier = Assert.Single(sonnet.Tiers);
            Assert.Equal(200000, tier.Threshold);
            Assert.Equal(6m, tier.Prices.Input);
            Assert.Equal(22.5m, tier.Prices.Output);
            Assert.Equal(12m, tier.Prices.CacheWrite1h);

            var gemini = prices.Single(p => p.Model == "gemini-2.5-pro");
            Assert.Equal("google", gemini.Provider);
            var groq = prices.Single(p => p.Model == "llama-3.3-70b-versatile");
            Assert.Equal("groq", groq.Provider);
            Assert.Equal(0.59m, groq.Base.Input);
        }

        [Fact]
        public void ImportingTwice_AddsNothingTheSecondTime_AndImportedPricesApplyFromTheirDate()
        {
            using var dir = new TempDir();
            using var store = SqliteCostStore.Open(dir.File("s.db"));
            var (added, unchanged) = store.AddPrices(ReadLiteLlm());
            Assert.Equal(5, added);
            Assert.Equal(0, unchanged);
            var again = store.AddPrices(ReadLiteLlm());
            Assert.Equal((0, 5), again);

            // Before 2026-01-01 the built-in catalog prices the request; from then on the imported row does.
            var before = store.Record(new UsageRecord("groq", "llama-3.3-70b-versatile", Utc.At(2025, 12, 31), new TokenUsage(1200, 300)) { RequestId = "a" });
            var after = store.Record(new UsageRecord("groq", "llama-3.3-70b-versatile", Utc.At(2026, 1, 2), new TokenUsage(1200, 300)) { RequestId = "b" });
            Assert.Equal(PricingStatus.Priced, before.Status);
            Assert.Equal(PricingStatus.Custom, after.Status);
            // 1200 x 0.59 + 300 x 0.79 = 945 -> $0.000945 either way (same list price)
            Assert.Equal(0.000945m, after.Cost);
        }

        [Fact]
        public void OwnFormat_RoundTripsThroughTheCatalogLoader()
        {
            const string json = "{\"formatVersion\":1,\"providers\":[{\"id\":\"acme\",\"name\":\"Acme\",\"models\":[{\"id\":\"acme-7b\",\"match\":[],\"prices\":[" +
                                "{\"effectiveFrom\":null,\"input\":\"0.2\",\"output\":\"0.4\"},{\"effectiveFrom\":\"2025-05-01\",\"input\":\"0.1\",\"output\":\"0.3\"}]}]}]}";
            using var dir = new TempDir();
            using var store = SqliteCostStore.Open(dir.File("s.db"));
            var prices = PriceFileReader.Read(new MemoryStream(Encoding.UTF8.GetBytes(json)), PriceFileFormat.LlmCost, "acme.json", Utc.At(2025, 1, 1));
            Assert.Equal(2, store.AddPrices(prices).Added);
            // 1000 in + 1000 out: April at 0.2/0.4 -> 600 -> $0.0006; June at 0.1/0.3 -> 400 -> $0.0004
            Assert.Equal(0.0006m, store.Record(new UsageRecord("acme", "acme-7b", Utc.At(2025, 4, 1), new TokenUsage(1000, 1000)) { RequestId = "1" }).Cost);
            Assert.Equal(0.0004m, store.Record(new UsageRecord("acme", "acme-7b", Utc.At(2025, 6, 1), new TokenUsage(1000, 1000)) { RequestId = "2" }).Cost);
        }

        [Theory]
        [InlineData("{\"m\": {\"input_cost_per_token\": \"cheap\", \"litellm_provider\": \"openai\"}}", "input_cost_per_token")]
        [InlineData("{\"m\": {\"input_cost_per_token\": -1e-06, \"litellm_provider\": \"openai\"}}", "negative")]
        [InlineData("{\"m\": {\"input_cost_per_token\": 1e-06,,, }", "line 1")]
        [InlineData("[1, 2]", "one JSON object")]
        public void BadLiteLlmFiles_AreRefusedNamingTheProblem(string json, string expected)
        {
            var ex = Assert.Throws<LlmCostException>(() =>
                PriceFileReader.Read(new MemoryStream(Encoding.UTF8.GetBytes(json)), PriceFileFormat.LiteLlm, "bad.json", null));
            Assert.Equal("InvalidPriceFile", ex.ErrorId);
            Assert.Contains("bad.json", ex.Message);
            Assert.Contains(expected, ex.Message);
        }
    }
}
