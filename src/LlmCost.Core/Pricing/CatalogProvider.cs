using System.Collections.Generic;

namespace LlmCost.Core.Pricing
{
    public sealed class CatalogProvider
    {
        internal CatalogProvider(string id, string name, decimal? batchMultiplier, IReadOnlyList<MatchClause> modelMatch)
        {
            Id = id;
            Name = name;
            BatchMultiplier = batchMultiplier;
            ModelMatch = modelMatch;
        }

        public string Id { get; }
        public string Name { get; }
        public decimal? BatchMultiplier { get; }
        internal IReadOnlyList<MatchClause> ModelMatch { get; }
        public List<CatalogModel> Models { get; } = new List<CatalogModel>();
    }
}
