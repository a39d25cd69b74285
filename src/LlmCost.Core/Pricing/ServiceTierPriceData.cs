using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;

namespace LlmCost.Core.Pricing
{
    /// <summary>
    /// The priority service tier's prices the catalog's source lacks (Pricing/service-tier-prices.json, from LiteLLM),
    /// attached to every catalog price whose standard prices are the ones they were published next to: a priority price
    /// never lands on a period with other standard prices (an older snapshot, a changed price).
    /// </summary>
    internal static class ServiceTierPriceData
    {
        private sealed class Entry
        {
            public string Provider = "";
            public string Model = "";
            public PriceSet Standard = new PriceSet();
            public PriceSet Priority = new PriceSet();
        }

        private static readonly Lazy<IReadOnlyList<Entry>> Entries = new Lazy<IReadOnlyList<Entry>>(Load);

        public static void ApplyTo(PriceCatalog catalog)
        {
            foreach (var e in Entries.Value)
            {
                var model = catalog.Resolve(e.Provider, e.Model);
                if (model == null) continue;
                foreach (var price in model.Prices)
                {
                    if (price.Tiers.Count > 0 || price.ServiceTierPrices.ContainsKey(ServiceTiers.Priority)) continue;
                    var b = price.Base;
                    if (b.Input != e.Standard.Input || b.Output != e.Standard.Output || b.CacheRead != e.Standard.CacheRead) continue;
                    var priority = b.Clone();
                    priority.Input = e.Priority.Input;
                    priority.Output = e.Priority.Output;
                    priority.CacheRead = e.Priority.CacheRead;
                    var all = price.ServiceTierPrices.ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal);
                    all[ServiceTiers.Priority] = priority;
                    price.ServiceTierPrices = all;
                }
            }
        }

        private static IReadOnlyList<Entry> Load()
        {
            using var stream = typeof(ServiceTierPriceData).Assembly.GetManifestResourceStream("LlmCost.Pricing.service-tier-prices.json")!;
            using var doc = JsonDocument.Parse(stream);
            return doc.RootElement.GetProperty("prices").EnumerateArray().Select(p => new Entry
            {
                Provider = p.GetProperty("provider").GetString()!,
                Model = p.GetProperty("model").GetString()!,
                Standard = Set(p.GetProperty("standard")),
                Priority = Set(p.GetProperty("priority")),
            }).ToList();

            static PriceSet Set(JsonElement e) => new PriceSet
            {
                Input = Dec(e, "input")!.Value,
                Output = Dec(e, "output")!.Value,
                CacheRead = Dec(e, "cacheRead"),
            };

            static decimal? Dec(JsonElement e, string name) =>
                e.TryGetProperty(name, out var v) ? decimal.Parse(v.GetString()!, NumberStyles.Number, CultureInfo.InvariantCulture) : (decimal?)null;
        }
    }
}
