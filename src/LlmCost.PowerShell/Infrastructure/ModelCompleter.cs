using System.Collections;
using System.Collections.Generic;
using System.Linq;
using LlmCost.Core.Pricing;
using LlmCost.Core.Storage;

namespace LlmCost.PowerShell.Infrastructure
{
    public sealed class ModelCompleter : CompleterBase
    {
        protected override IEnumerable<string> Values(IDictionary bound, string prefix)
        {
            string? provider = bound.Contains("Provider") ? (bound["Provider"] as string ?? (bound["Provider"] as string[])?.FirstOrDefault()) : null;
            string? wanted = provider == null ? null : PriceCatalog.NormalizeProvider(provider);
            var models = new List<string>();
            // The models in the store first (most used first), then custom prices, then the catalog.
            if (StoreExists(bound))
            {
                using var store = CostStores.Open(DatabaseOf(bound), StoreAccess.ReadExisting);
                models.AddRange(store.GetModels().Where(m => wanted == null || m.Provider == wanted).Select(m => m.Model));
                models.AddRange(store.GetCustomPrices().Where(p => wanted == null || p.Provider == wanted).Select(p => p.Model));
            }

            models.AddRange(PriceCatalog.Builtin.Providers.Where(p => wanted == null || p.Id == wanted).SelectMany(p => p.Models.Select(m => m.Id)));
            return models.Distinct(System.StringComparer.OrdinalIgnoreCase);
        }
    }
}
