using System.Collections.Generic;
using LlmCost.Core.Queries;

namespace LlmCost.Core.Storage
{
    /// <summary>Port: reads stored costs, exactly, from whatever summaries the engine keeps.</summary>
    public interface ICostReader
    {
        CostTotals GetTotals(CostQuery query);
        IReadOnlyList<CostGroup> GetCosts(CostQuery query);
        IEnumerable<RequestCost> GetRequests(CostQuery query);

        /// <summary>The query's requests as <see cref="CostFact"/>s, in no particular order: what the contracted cost is summed from.</summary>
        IEnumerable<CostFact> GetCostFacts(CostQuery query);
        IReadOnlyList<string> GetSessionIds(string? prefix = null, int limit = 1000);

        /// <summary>The distinct provider and model ids stored, most used first.</summary>
        IReadOnlyList<(string Provider, string Model)> GetModels();
        StoreInfo GetInfo();

        /// <summary>Checks the store: the engine's integrity check, summaries against the rows, unique request keys. Reads only.</summary>
        StoreCheck Check();
    }
}
