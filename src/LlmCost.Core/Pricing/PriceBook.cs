using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;

namespace LlmCost.Core.Pricing
{
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
            // An import prices run after run of the same model: the last answer is reused when the names are the same
            // instances and the price in effect is the same one (no hashing of the names, no new lookup per request).
            var last = _last;
            var r = last != null && ReferenceEquals(last.GivenProvider, provider) && ReferenceEquals(last.GivenModel, model) ? last.Resolution : Resolve(provider, model);
            var price = FindCustom(r.Custom, atUtc) ?? FindCustom(r.CustomForCatalogId, atUtc) ?? r.CatalogModel?.PriceAt(atUtc);
            if (last != null && last.Resolution == r && last.Lookup.Price == price && ReferenceEquals(last.GivenProvider, provider) && ReferenceEquals(last.GivenModel, model)) return last.Lookup;
            var lookup = new PriceLookup(r.Provider, r.Model, r.CatalogModel, price);
            _last = new LastLookup(provider, model, r, lookup);
            return lookup;
        }

        /// <summary>The last lookup, replaced as a whole (a book may be shared between threads).</summary>
        private sealed class LastLookup
        {
            public readonly string? GivenProvider;
            public readonly string GivenModel;
            public readonly Resolution Resolution;
            public readonly PriceLookup Lookup;

            public LastLookup(string? givenProvider, string givenModel, Resolution resolution, PriceLookup lookup)
            {
                GivenProvider = givenProvider;
                GivenModel = givenModel;
                Resolution = resolution;
                Lookup = lookup;
            }
        }

        private volatile LastLookup? _last;

        /// <summary>What a provider and model name resolve to, independent of time: computed once per name.</summary>
        private sealed class Resolution
        {
            public string Provider = "";
            public string Model = "";
            public CatalogModel? CatalogModel;
            public List<ModelPrice>? Custom;
            public List<ModelPrice>? CustomForCatalogId;
        }

        private readonly ConcurrentDictionary<(string?, string), Resolution> _resolved = new ConcurrentDictionary<(string?, string), Resolution>();

        private Resolution Resolve(string? provider, string model)
        {
            if (_resolved.TryGetValue((provider, model), out var known)) return known;
            string bare = _catalog.NormalizeModel(provider, model, out string? normalizedProvider);
            var catalogModel = _catalog.Resolve(normalizedProvider, bare);
            string providerId = normalizedProvider ?? catalogModel?.Provider.Id ?? FindCustomProvider(bare) ?? _catalog.ProviderByNamingRule(bare) ?? "unknown";
            var r = new Resolution
            {
                Provider = providerId,
                Model = bare,
                CatalogModel = catalogModel,
                Custom = _custom.TryGetValue(Key(providerId, bare), out var list) ? list : null,
                CustomForCatalogId = catalogModel != null && _custom.TryGetValue(Key(providerId, catalogModel.Id), out var byId) ? byId : null,
            };
            if (_resolved.Count > 10_000) _resolved.Clear();
            _resolved[(provider, model)] = r;
            return r;
        }

        private static ModelPrice? FindCustom(List<ModelPrice>? list, DateTime atUtc)
        {
            if (list == null) return null;
            // The newest custom price that has started applies until the next one starts, unless it has an explicit end.
            ModelPrice? started = null;
            foreach (var p in list)
            {
                if (!p.EffectiveFrom.HasValue || p.EffectiveFrom.Value <= atUtc)
                {
                    started = p;
                    break;
                }
            }

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
