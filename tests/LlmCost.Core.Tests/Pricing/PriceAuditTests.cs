using System;
using System.IO;
using System.Linq;
using LlmCost.Core.Pricing;
using LlmCost.Core.Storage;

namespace LlmCost.Core.Tests
{
    /// <summary>Test-LlmModelPrice's audit against the reference excerpts of the fixtures.</summary>
    public sealed class PriceAuditTests : IDisposable
    {
        private static readonly string Fixtures = Path.Combine(AppContext.BaseDirectory, "Fixtures");
        private readonly TempDir _dir = new TempDir();

        public void Dispose() => _dir.Dispose();

        [Fact]
        public void AgainstItsOwnSource_OnlyTheCorrectedErrorDiffers_WithItsNote()
        {
            // The catalog was built from genai-prices; the excerpt is verbatim: the one difference is o3's cached input
            // before 2025-06-10, corrected from the source's 0.5 to the launch price 2.5 (docs/pricing.md).
            var found = PriceAudit.Compare(new PriceBook(PriceCatalog.Builtin), PriceAudit.ReadReference(Path.Combine(Fixtures, "genai-prices-excerpt.json")), null, DateTime.UtcNow);
            var d = Assert.Single(found);
            Assert.Equal(("openai", "o3", "cacheRead", 2.5m, 0.5m), (d.Provider, d.Model, d.Kind, d.Ours, d.Reference));
            Assert.Null(d.EffectiveFrom);
            Assert.StartsWith("known error of genai-prices", d.Note);
        }

        [Fact]
        public void AgainstLiteLlm_ACustomPriceShowsAsOurs()
        {
            string reference = Path.Combine(Fixtures, "litellm-excerpt.json");
            // The excerpt's five models agree with the built-in catalog (gpt-4o 2.5 / 10, claude-sonnet-4-5 3 / 15, ...).
            Assert.Empty(PriceAudit.Compare(new PriceBook(PriceCatalog.Builtin), PriceAudit.ReadReference(reference), null, DateTime.UtcNow));

            using var store = CostStores.Open(_dir.File("audit.db"));
            store.AddPrice(new ModelPrice("openai", "gpt-4o", new PriceSet { Input = 2m, Output = 8m, CacheRead = 1m }) { EffectiveFrom = Utc.At(2025, 1, 1) });
            var found = PriceAudit.Compare(store.Prices, PriceAudit.ReadReference(reference), new[] { "openai" }, Utc.At(2026, 1, 1));
            Assert.Equal(new[] { ("input", 2m, 2.5m), ("cacheRead", 1m, 1.25m), ("output", 8m, 10m) },
                found.Select(f => (f.Kind, f.Ours!.Value, f.Reference!.Value)));
            Assert.All(found, f => Assert.Equal(("gpt-4o", "custom"), (f.Model, f.OurSource)));
        }

        [Fact]
        public void ABadReference_IsAClearError()
        {
            string bad = _dir.File("bad.json");
            File.WriteAllText(bad, "[{\"id\": \"openai\", \"name\": \"OpenAI\", \"models\": [ {\"id\": \"x\"");
            Assert.Equal("InvalidPriceFile", Assert.Throws<LlmCostException>(() => PriceAudit.ReadReference(bad)).ErrorId);
            Assert.Equal("PriceFileNotFound", Assert.Throws<LlmCostException>(() => PriceAudit.ReadReference(_dir.File("missing.json"))).ErrorId);
        }
    }
}
