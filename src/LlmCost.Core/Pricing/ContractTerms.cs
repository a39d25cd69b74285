using System;
using System.Collections.Generic;
using System.Linq;
using LlmCost.Core.Money;

namespace LlmCost.Core.Pricing
{
    /// <summary>
    /// The contract discounts of a store, and the one rule of which applies to a request: of those in effect at its
    /// time for its provider, one naming its model wins over one for the whole provider, and of equals the latest
    /// to start (then the latest stored). A request's contracted cost is its list cost × (1 - percent / 100), rounded
    /// to nano-USD.
    /// </summary>
    public sealed class ContractTerms
    {
        private readonly IReadOnlyList<ContractDiscount> _discounts;
        private readonly PriceCatalog? _catalog;

        /// <param name="discounts">The discounts.</param>
        /// <param name="catalog">The catalog a model name is resolved with (a catalog id covers its dated ids); not needed without discounts.</param>
        public ContractTerms(IReadOnlyList<ContractDiscount> discounts, PriceCatalog? catalog)
        {
            _discounts = discounts;
            _catalog = catalog;
        }

        public bool IsEmpty => _discounts.Count == 0;

        /// <summary>The terms of a store. The catalog is only loaded when it has discounts: a listing or an export of a store
        /// without any does not pay for parsing it.</summary>
        public static ContractTerms Of(Storage.ICostStore store)
        {
            var discounts = store.GetContractDiscounts();
            return new ContractTerms(discounts, discounts.Count == 0 ? null : store.Prices.Catalog);
        }

        /// <summary>The requests with their contracted cost set (<see cref="Queries.RequestCost.ContractedCostNano"/>), streamed.</summary>
        public IEnumerable<Queries.RequestCost> Apply(IEnumerable<Queries.RequestCost> requests)
        {
            foreach (var r in requests)
            {
                r.ContractedCostNano = IsEmpty ? r.CostNano : ContractedCostNano(r.Provider, r.Model, r.OccurredAtUtc, r.CostNano);
                yield return r;
            }
        }

        /// <summary>The discount that applies to a request of <paramref name="provider"/>/<paramref name="model"/> at <paramref name="utc"/>, or null.</summary>
        public ContractDiscount? For(string provider, string model, DateTime utc)
        {
            ContractDiscount? best = null;
            foreach (var d in _discounts)
            {
                if (!string.Equals(d.Provider, provider, StringComparison.OrdinalIgnoreCase) || !d.IsEffectiveAt(utc)) continue;
                if (d.Model != null && !Names(d.Model, provider, model)) continue;
                if (best == null || Rank(d).CompareTo(Rank(best)) > 0) best = d;
            }

            return best;
        }

        /// <summary>The contracted cost of a request with list cost <paramref name="listCostNano"/> (null stays null: unpriced).</summary>
        public long? ContractedCostNano(string provider, string model, DateTime utc, long? listCostNano)
        {
            if (listCostNano == null) return null;
            var d = For(provider, model, utc);
            return d == null ? listCostNano : Nano.FromDecimal(Nano.ToDecimal(listCostNano.Value) * d.Factor);
        }

        private static (int Specific, DateTime From, long Id) Rank(ContractDiscount d) => (d.Model == null ? 0 : 1, d.EffectiveFrom ?? DateTime.MinValue, d.Id);

        private bool Names(string pattern, string provider, string model)
        {
            if (Budgets.Wildcard.IsMatch(pattern, model)) return true;
            // A catalog id covers its dated ids (claude-sonnet-4-5 names claude-sonnet-4-5-20250929).
            var catalogModel = _catalog?.Resolve(provider, model);
            return catalogModel != null && string.Equals(catalogModel.Id, pattern, StringComparison.OrdinalIgnoreCase);
        }
    }
}
