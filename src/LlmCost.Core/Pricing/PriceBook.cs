using System;
using System.Collections.Generic;
using System.Linq;

namespace LlmCost.Core.Pricing
{
    public enum PricingStatus
    {
        Priced,
        Unpriced,
        Custom,
    }

    /// <summary>The outcome of looking up the price of a model at a time.</summary>
    public sealed class PriceLookup
    {
        public PriceLookup(string provider, string model, CatalogModel? catalogModel, ModelPrice? price)
        {
            Provider = provider;
            Model = model;
            CatalogModel = catalogModel;
            Price = price;
        }

        /// <summary>The provider id: given, inferred from the catalog, or "unknown".</summary>
        public string Provider { get; }
        /// <summary>The model id as given, without "models/" or "provider/" prefixes.</summary>
        public string Model { get; }
        public CatalogModel? CatalogModel { get; }
        public ModelPrice? Price { get; }
        public PricingStatus Status => Price == null ? PricingStatus.Unpriced : Price.IsCustom ? PricingStatus.Custom : PricingStatus.Priced;
        public string? PricedModel => Price?.Model;
    }

    /// <summary>Built-in catalog prices overlaid with custom prices, which win from their effective date.</summary>
    public sealed class PriceBook
    {
        private readonly PriceCatalog _catalog;
        private readonly Dictionary<string, List<ModelPrice>> _custom;

        public PriceBook(PriceCatalog catalog, IEnumerable<ModelPrice>? customPrices = null)
        {
            _catalog = catalog;
            _custom = new Dictionary<string, List<ModelPrice>>(StringComparer.OrdinalIgnoreCase);
            foreach (var p in customPrices ?? Enumerable.Empty<ModelPrice>())
            {
                string key = Key(PriceCatalog.NormalizeProvider(p.Provider), p.Model);
                if (!_custom.TryGetValue(key, out var list)) _custom[key] = list = new List<ModelPrice>();
                list.Add(p);
            }

            foreach (var list in _custom.Values)
            {
                // Later effective dates first; for equal dates the most recently added row wins.
                list.Sort((a, b) =>
                {
                    int c = Nullable.Compare(b.EffectiveFrom, a.EffectiveFrom);
                    return c != 0 ? c : Nullable.Compare(b.Id, a.Id);
                });
            }
        }

        public PriceCatalog Catalog => _catalog;

        public PriceLookup Lookup(string? provider, string model, DateTime atUtc)
        {
            string bare = _catalog.NormalizeModel(provider, model, out string? normalizedProvider);
            var catalogModel = _catalog.Resolve(normalizedProvider, bare);
            string providerId = normalizedProvider ?? catalogModel?.Provider.Id ?? FindCustomProvider(bare) ?? "unknown";

            var custom = FindCustom(providerId, bare, atUtc)
                ?? (catalogModel != null ? FindCustom(providerId, catalogModel.Id, atUtc) : null);
            if (custom != null) return new PriceLookup(providerId, bare, catalogModel, custom);

            return new PriceLookup(providerId, bare, catalogModel, catalogModel?.PriceAt(atUtc));
        }

        private ModelPrice? FindCustom(string provider, string model, DateTime atUtc)
        {
            if (!_custom.TryGetValue(Key(provider, model), out var list)) return null;
            // The newest custom price that has started applies until the next one starts, unless it has an explicit end.
            var started = list.FirstOrDefault(p => !p.EffectiveFrom.HasValue || p.EffectiveFrom.Value <= atUtc);
            return started != null && (!started.EffectiveTo.HasValue || atUtc < started.EffectiveTo.Value) ? started : null;
        }

        private string? FindCustomProvider(string model)
        {
            string suffix = "\u0001" + model;
            var hit = _custom.Keys.FirstOrDefault(k => k.EndsWith(suffix, StringComparison.OrdinalIgnoreCase));
            return hit?.Substring(0, hit.IndexOf('\u0001'));
        }

        private static string Key(string provider, string model) => provider + "\u0001" + model;
    }
}
