using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using LlmCost.Core.Pricing;

namespace LlmCost.Core.Tests
{
    /// <summary>The embedded catalog checked against a committed excerpt of the reference data (genai-prices v2).</summary>
    public class PriceCatalogTests
    {
        private static readonly string ExcerptPath = Path.Combine(AppContext.BaseDirectory, "Fixtures", "genai-prices-excerpt.json");

        public static IEnumerable<object[]> ExcerptModels()
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(ExcerptPath));
            foreach (var provider in doc.RootElement.EnumerateArray())
            {
                foreach (var model in provider.GetProperty("models").EnumerateArray())
                {
                    yield return new object[] { provider.GetProperty("id").GetString()!, model.GetProperty("id").GetString()! };
                }
            }
        }

        private static JsonElement FindModel(JsonDocument doc, string provider, string model) =>
            doc.RootElement.EnumerateArray().Single(p => p.GetProperty("id").GetString() == provider)
                .GetProperty("models").EnumerateArray().Single(m => m.GetProperty("id").GetString() == model);

        [Fact]
        public void Excerpt_CoversTheFourMainProviders()
        {
            var providers = ExcerptModels().Select(x => (string)x[0]).Distinct().ToList();
            Assert.Contains("openai", providers);
            Assert.Contains("anthropic", providers);
            Assert.Contains("google", providers);
            Assert.Contains("groq", providers);
            Assert.True(ExcerptModels().Count() >= 10);
        }

        [Theory]
        [MemberData(nameof(ExcerptModels))]
        public void EveryPriceEntryOfTheExcerpt_MatchesTheCatalog(string provider, string modelId)
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(ExcerptPath));
            var model = FindModel(doc, provider, modelId);
            var catalogModel = PriceCatalog.Builtin.Resolve(provider, modelId);
            Assert.NotNull(catalogModel);
            Assert.Equal(modelId, catalogModel!.Id);

            var prices = model.GetProperty("prices");
            var entries = prices.ValueKind == JsonValueKind.Array ? prices.EnumerateArray().ToList() : new List<JsonElement> { default };
            Assert.Equal(entries.Count, catalogModel.Prices.Count);
            foreach (var entry in entries)
            {
                var set = prices.ValueKind == JsonValueKind.Array ? entry.GetProperty("prices") : prices;
                DateTime at = new DateTime(2023, 1, 1, 0, 0, 0, DateTimeKind.Utc);
                if (prices.ValueKind == JsonValueKind.Array && entry.TryGetProperty("constraint", out var c) && c.TryGetProperty("start_date", out var sd))
                {
                    at = DateTime.SpecifyKind(DateTime.ParseExact(sd.GetString()!, "yyyy-MM-dd", CultureInfo.InvariantCulture), DateTimeKind.Utc);
                }

                var ours = catalogModel.PriceAt(at);
                Assert.NotNull(ours);
                Check(set, "input_mtok", ours!, p => p.Input);
                Check(set, "output_mtok", ours!, p => p.Output);
                Check(set, "cache_read_mtok", ours!, p => p.CacheRead);
                Check(set, "cache_write_mtok", ours!, p => p.CacheWrite5m);
                Check(set, "cache_write_1h_mtok", ours!, p => p.CacheWrite1h);
            }
        }

        private static void Check(JsonElement set, string field, ModelPrice ours, Func<PriceSet, decimal?> pick)
        {
            if (!set.TryGetProperty(field, out var v)) return;
            if (v.ValueKind == JsonValueKind.Number)
            {
                Assert.Equal(v.GetDecimal(), pick(ours.Base));
                return;
            }

            Assert.Equal(v.GetProperty("base").GetDecimal(), pick(ours.Base));
            foreach (var tier in v.GetProperty("tiers").EnumerateArray())
            {
                long start = tier.GetProperty("start").GetInt64();
                var ourTier = ours.Tiers.Single(t => t.Threshold == start);
                Assert.Equal(tier.GetProperty("price").GetDecimal(), pick(ourTier.Prices));
            }
        }

        [Theory]
        [MemberData(nameof(ExcerptModels))]
        public void EveryExactAliasOfTheExcerpt_ResolvesToItsModel(string provider, string modelId)
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(ExcerptPath));
            var model = FindModel(doc, provider, modelId);
            foreach (string alias in ExactAliases(model.GetProperty("match")))
            {
                Assert.Equal(modelId, PriceCatalog.Builtin.Resolve(provider, alias)?.Id);
            }
        }

        private static IEnumerable<string> ExactAliases(JsonElement match)
        {
            if (match.TryGetProperty("equals", out var e)) yield return e.GetString()!;
            if (match.TryGetProperty("or", out var or))
            {
                foreach (var m in or.EnumerateArray())
                {
                    foreach (var s in ExactAliases(m)) yield return s;
                }
            }
        }

        [Theory]
        // The prices of the worked examples in cost-rules.md, as the catalog holds them.
        [InlineData("openai", "gpt-4o", "2.5", "1.25", "10")]
        [InlineData("openai", "gpt-4o-mini", "0.15", "0.075", "0.6")]
        [InlineData("openai", "o4-mini", "1.1", null, "4.4")]
        [InlineData("anthropic", "claude-sonnet-4-5", "3", "0.3", "15")]
        [InlineData("anthropic", "claude-haiku-4-5", "1", "0.1", "5")]
        [InlineData("google", "gemini-2.5-pro", "1.25", "0.125", "10")]
        [InlineData("groq", "llama-3.3-70b-versatile", "0.59", null, "0.79")]
        public void WorkedExamplePrices_AreInTheCatalog(string provider, string model, string input, string? cacheRead, string output)
        {
            var p = PriceCatalog.Builtin.FindPrice(provider, model, new DateTime(2025, 11, 1, 0, 0, 0, DateTimeKind.Utc));
            Assert.NotNull(p);
            Assert.Equal(decimal.Parse(input, CultureInfo.InvariantCulture), p!.Base.Input);
            Assert.Equal(decimal.Parse(output, CultureInfo.InvariantCulture), p.Base.Output);
            if (cacheRead != null) Assert.Equal(decimal.Parse(cacheRead, CultureInfo.InvariantCulture), p.Base.CacheRead);
            Assert.Equal(0.5m, p.BatchMultiplier);
        }

        [Fact]
        public void Catalog_HasManyModelsPerMainProvider()
        {
            foreach (var (provider, atLeast) in new[] { ("openai", 40), ("anthropic", 10), ("google", 20), ("groq", 10) })
            {
                Assert.True(PriceCatalog.Builtin.FindProvider(provider)!.Models.Count >= atLeast, provider);
            }
        }

        [Fact]
        public void UnknownModel_DoesNotResolve()
        {
            Assert.Null(PriceCatalog.Builtin.Resolve(null, "acme-llm-7b-ft"));
            Assert.Null(PriceCatalog.Builtin.Resolve("openai", "claude-sonnet-4-5"));
            Assert.Null(PriceCatalog.Builtin.Resolve("no-such-provider", "gpt-4o"));
        }

        [Fact]
        public void ModelTheCatalogLacks_IsFiledUnderTheProviderWhoseNamingRuleMatches_AndStaysUnpriced()
        {
            var book = new PriceBook(PriceCatalog.Builtin);
            var at = new DateTime(2026, 1, 5, 0, 0, 0, DateTimeKind.Utc);
            // Only mistral's rule ((mi|code|dev|magi|mini)stral) matches; no listed model does.
            var devstral = book.Lookup(null, "devstral-small-latest", at);
            Assert.Equal(("mistral", PricingStatus.Unpriced), (devstral.Provider, devstral.Status));
            // No rule matches: the provider stays unknown rather than guessed.
            Assert.Equal("unknown", book.Lookup(null, "acme-7b", at).Provider);
        }
    }
}
