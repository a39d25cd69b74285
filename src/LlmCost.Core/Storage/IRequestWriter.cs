using System.Collections.Generic;
using LlmCost.Core.Pricing;

namespace LlmCost.Core.Storage
{
    /// <summary>Port: persists requests already priced by <see cref="RequestPricer"/>. A writer never prices or validates.</summary>
    public interface IRequestWriter
    {
        /// <summary>The prices a request is priced with now (built-in catalog overlaid with the store's custom prices).</summary>
        PriceBook Prices { get; }

        /// <summary>Writes <paramref name="requests"/> in one transaction, with their sessions and rollups; sets Added/Replaced on each.</summary>
        BatchResult Write(IReadOnlyList<PricedRequest> requests, DuplicatePolicy policy);

        /// <summary>A writer for a long stream of requests from one producer (an import), written in the background.</summary>
        IBulkRequestWriter OpenBulkWriter(DuplicatePolicy policy, int batchSize);

        /// <summary>Writes new prices of stored requests in one transaction, summaries kept exact.</summary>
        void UpdateCosts(IReadOnlyList<CostUpdate> updates);

        /// <summary>Keeps a re-pricing run in the audit trail; returns its id.</summary>
        long AddRepriceRun(RepriceRun run);

        /// <summary>The re-pricing runs, newest first.</summary>
        IReadOnlyList<RepriceRun> GetRepriceRuns();
    }
}
