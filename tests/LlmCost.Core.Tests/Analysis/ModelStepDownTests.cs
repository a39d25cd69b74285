using System;
using System.Linq;
using LlmCost.Core.Analysis;
using LlmCost.Core.Pricing;

namespace LlmCost.Core.Tests.Analysis
{
    /// <summary>The step-down data a recommendation suggests from only ever names cheaper, priced, current catalog models.</summary>
    public sealed class ModelStepDownTests
    {
        [Fact]
        public void EveryStep_NamesCatalogModels_AndGoesToACheaperOneThatIsPricedNow()
        {
            var now = DateTime.UtcNow;
            var catalog = PriceCatalog.Builtin;
            CatalogModel Model(string provider, string id) =>
                catalog.FindProvider(provider)?.Models.SingleOrDefault(m => m.Id == id) ?? throw new Xunit.Sdk.XunitException($"{provider}/{id} is not in the catalog");

            Assert.NotEmpty(ModelStepDowns.Builtin.All);
            foreach (var step in ModelStepDowns.Builtin.All)
            {
                var to = Model(step.Provider, step.To);
                Assert.False(to.Deprecated, $"{step.To} is deprecated");
                var toPrice = to.PriceAt(now) ?? throw new Xunit.Sdk.XunitException($"{step.To} has no price now");
                foreach (var id in step.From)
                {
                    var fromPrice = Model(step.Provider, id).PriceAt(now) ?? throw new Xunit.Sdk.XunitException($"{id} has no price now");
                    Assert.True(toPrice.Base.Input < fromPrice.Base.Input && toPrice.Base.Output <= fromPrice.Base.Output,
                        $"{step.To} ({toPrice.Base.Input}/{toPrice.Base.Output}) is not cheaper than {id} ({fromPrice.Base.Input}/{fromPrice.Base.Output})");
                    Assert.Same(step, ModelStepDowns.Builtin.For(step.Provider, id));
                }
            }

            Assert.Null(ModelStepDowns.Builtin.For("openai", "gpt-4o-mini"));
        }
    }
}
