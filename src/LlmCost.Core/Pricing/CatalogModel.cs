using System;
using System.Collections.Generic;
using System.Linq;

namespace LlmCost.Core.Pricing
{
    public sealed class CatalogModel
    {
        internal CatalogModel(CatalogProvider provider, string id, string name, bool deprecated, IReadOnlyList<MatchClause> match)
        {
            Provider = provider;
            Id = id;
            Name = name;
            Deprecated = deprecated;
            Match = match;
        }

        public CatalogProvider Provider { get; }
        public string Id { get; }
        public string Name { get; }
        public bool Deprecated { get; }
        internal IReadOnlyList<MatchClause> Match { get; }
        /// <summary>Price history, oldest first; each entry's EffectiveTo is the next one's EffectiveFrom.</summary>
        public List<ModelPrice> Prices { get; } = new List<ModelPrice>();

        public ModelPrice? PriceAt(DateTime utc)
        {
            // A loop rather than LastOrDefault with a lambda: this runs once per imported request (no closure per call).
            for (int i = Prices.Count - 1; i >= 0; i--)
            {
                if (Prices[i].IsEffectiveAt(utc)) return Prices[i];
            }

            return null;
        }

        public bool IsMatch(string model) =>
            string.Equals(Id, model, StringComparison.OrdinalIgnoreCase) || MatchClause.Any(Match, model);
    }
}
