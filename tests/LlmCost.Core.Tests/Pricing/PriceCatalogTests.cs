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
                string? from = null;
                if (prices.ValueKind == JsonValueKind.Array && entry.TryGetProperty("constraint", out var c) && c.TryGetProperty("start_date", out var sd))
                {
                    from = sd.GetString();
                    at = DateTime.SpecifyKind(DateTime.ParseExact(from!, "yyyy-MM-dd", CultureInfo.InvariantCulture), DateTimeKind.Utc);
                }

                var ours = catalogModel.PriceAt(at);
                Assert.NotNull(ours);
                // A known error of the source is the one place the catalog differs from it, by the corrected value.
                var fixes = CatalogCorrections.Builtin.For(provider, modelId, from);
                Check(set, "input_mtok", ours!, p => p.Input, fixes.FirstOrDefault(f => f.Field == "input"));
                Check(set, "output_mtok", ours!, p => p.Output, fixes.FirstOrDefault(f => f.Field == "output"));
                Check(set, "cache_read_mtok", ours!, p => p.CacheRead, fixes.FirstOrDefault(f => f.Field == "cacheRead"));
                Check(set, "cache_write_mtok", ours!, p => p.CacheWrite5m, fixes.FirstOrDefault(f => f.Field == "cacheWrite5m"));
                Check(set, "cache_write_1h_mtok", ours!, p => p.CacheWrite1h, fixes.FirstOrDefault(f => f.Field == "cacheWrite1h"));
            }
        }

        private static void Check(JsonElement set, string field, ModelPrice ours, Func<PriceSet, decimal?> pick, CatalogCorrection? fix = null)
        {
            if (!set.TryGetProperty(field, out var v)) return;
            if (v.ValueKind == JsonValueKind.Number)
            {
                decimal source = v.GetDecimal();
                Assert.Equal(fix != null && fix.SourceValue == source ? fix.Value : source, pick(ours.Base));
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

        [Fact]
        public void RepeatedLookups_OfTheSameNames_FollowEffectiveDatesAndCustomPrices()
        {
            // The book reuses its last answer for the same name instances: the price must still change with the date
            // (o3: $10 input per million before 2025-06-10, $2 after) and a custom price must still win from its own date.
            string provider = "openai", model = "o3";
            var custom = new ModelPrice("openai", "o3", new PriceSet { Input = 1m, Output = 4m }) { EffectiveFrom = new DateTime(2025, 8, 1, 0, 0, 0, DateTimeKind.Utc), Source = "custom" };
            var book = new PriceBook(PriceCatalog.Builtin, new[] { custom });
            var may = new DateTime(2025, 5, 1, 0, 0, 0, DateTimeKind.Utc);
            var july = new DateTime(2025, 7, 1, 0, 0, 0, DateTimeKind.Utc);
            var september = new DateTime(2025, 9, 1, 0, 0, 0, DateTimeKind.Utc);
            var inputs = new[] { may, may, july, may, september, july, september }
                .Select(at => book.Lookup(provider, model, at))
                .Select(l => (l.Price!.Base.Input, l.Status)).ToArray();
            Assert.Equal(new[]
            {
                (10m, PricingStatus.Priced), (10m, PricingStatus.Priced), (2m, PricingStatus.Priced), (10m, PricingStatus.Priced),
                (1m, PricingStatus.Custom), (2m, PricingStatus.Priced), (1m, PricingStatus.Custom),
            }, inputs);
            // Another model in between, then the first again: each keeps its own price.
            Assert.Equal("gpt-4o", book.Lookup("openai", "gpt-4o", july).Model);
            Assert.Equal(2m, book.Lookup(provider, model, july).Price!.Base.Input);
        }

        [Fact]
        public void O3CachedInput_BeforeThePriceCut_IsTheLaunchPrice_NotTheSourcesError()
        {
            // OpenAI's o3 launch price (2025-04-16): 10 input, 2.50 cached input, 40 output per million; from 2025-06-10:
            // 2, 0.50, 8. genai-prices gives the first period 0.5 (docs/pricing.md, Pricing/catalog-corrections.json).
            var before = PriceCatalog.Builtin.Resolve("openai", "o3")!.PriceAt(new DateTime(2025, 5, 1, 0, 0, 0, DateTimeKind.Utc))!;
            var after = PriceCatalog.Builtin.Resolve("openai", "o3")!.PriceAt(new DateTime(2025, 7, 1, 0, 0, 0, DateTimeKind.Utc))!;
            Assert.Equal((10m, 2.5m, 40m), (before.Base.Input, before.Base.CacheRead, before.Base.Output));
            Assert.Equal((2m, 0.5m, 8m), (after.Base.Input, after.Base.CacheRead, after.Base.Output));
            // 1,000,000 cached input tokens of 1,000,000 on 2025-05-01: 1 x 2.5 = $2.50, not $0.50.
            var cost = CostCalculator.Calculate(new Usage.TokenUsage(1_000_000, 0, 1_000_000), before, false).Total;
            Assert.Equal(2.5m, cost);
        }

        [Fact]
        public void RebuildingTheCatalogFromTheExcerpt_AppliesTheCorrections()
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(ExcerptPath));
            var providers = doc.RootElement.EnumerateArray().Select(p => p.GetProperty("id").GetString()!).ToList();
            var log = new List<string>();
            byte[] built = GenAiPricesConverter.Convert(doc, providers, CatalogCorrections.Builtin, log.Add);
            var catalog = PriceCatalog.Load(new MemoryStream(built));
            Assert.Equal(2.5m, catalog.Resolve("openai", "o3")!.PriceAt(new DateTime(2025, 5, 1, 0, 0, 0, DateTimeKind.Utc))!.Base.CacheRead);
            // Without the corrections: the source's own value.
            var raw = PriceCatalog.Load(new MemoryStream(GenAiPricesConverter.Convert(doc, providers)));
            Assert.Equal(0.5m, raw.Resolve("openai", "o3")!.PriceAt(new DateTime(2025, 5, 1, 0, 0, 0, DateTimeKind.Utc))!.Base.CacheRead);
        }
    }
}
