using System;
using System.Collections.Generic;
using System.Linq;
using LlmCost.Core.Storage;

namespace LlmCost.Core.Pricing
{
    /// <summary>
    /// The price questions every front end asks (list, price at a date, history), answered the same way everywhere:
    /// built-in catalog prices together with the store's custom prices.
    /// </summary>
    public sealed class PriceQueries
    {
        private readonly PriceCatalog _catalog;
        private readonly Func<PriceBook> _book;
        private readonly Func<IReadOnlyList<ModelPrice>> _custom;

        /// <summary>Catalog prices with the store's custom prices.</summary>
        public PriceQueries(ICostStore store)
        {
            if (store == null) throw new ArgumentNullException(nameof(store));
            _catalog = store.Catalog;
            _book = () => store.Prices;
            _custom = store.GetCustomPrices;
        }

        /// <summary>Catalog prices only: for a machine that has no store yet (a price lookup never creates one).</summary>
        public PriceQueries(PriceCatalog catalog)
        {
            _catalog = catalog ?? throw new ArgumentNullException(nameof(catalog));
            var book = new PriceBook(catalog);
            _book = () => book;
            _custom = () => Array.Empty<ModelPrice>();
        }

        /// <summary>Every catalog model's price at <paramref name="atUtc"/>, then every custom price; of one provider when given.</summary>
        public IReadOnlyList<PriceRow> List(string? provider, DateTime atUtc)
        {
            string? id = provider == null ? null : PriceCatalog.NormalizeProvider(provider);
            var rows = new List<PriceRow>();
            foreach (var m in _catalog.Models.Where(m => id == null || m.Provider.Id == id))
            {
                var p = m.PriceAt(atUtc);
                if (p != null) rows.Add(new PriceRow(m.Provider.Id, m.Id, p));
            }

            rows.AddRange(_custom().Where(p => id == null || p.Provider == id).Select(p => new PriceRow(p.Provider, p.Model, p)));
            return rows;
        }

        /// <summary>The price a request of this model at <paramref name="atUtc"/> is priced with (a custom price wins from its date); null when none.</summary>
        public PriceRow? At(string? provider, string model, DateTime atUtc)
        {
            var lookup = _book().Lookup(provider, model, atUtc);
            return lookup.Price == null ? null : new PriceRow(lookup.Provider, lookup.PricedModel ?? lookup.Model, lookup.Price);
        }

        /// <summary>Every price the model has had, built-in and custom, oldest first; empty when none is known.</summary>
        public IReadOnlyList<PriceRow> History(string? provider, string model)
        {
            var lookup = _book().Lookup(provider, model, DateTime.UtcNow);
            return (lookup.CatalogModel?.Prices ?? Enumerable.Empty<ModelPrice>())
                .Concat(_custom().Where(p => p.Provider == lookup.Provider && (p.Model == lookup.Model || p.Model == lookup.CatalogModel?.Id)))
                .OrderBy(p => p.EffectiveFrom ?? DateTime.MinValue)
                .Select(p => new PriceRow(lookup.Provider, p.Model, p))
                .ToList();
        }

        /// <summary>The error for a model without a price (the same id and text in every front end).</summary>
        public static LlmCostException NotFound(string model, string? provider) =>
            new LlmCostException("PriceNotFound", $"No price is known for model '{model}'{(provider != null ? " of provider '" + provider + "'" : "")}.");
    }
}
