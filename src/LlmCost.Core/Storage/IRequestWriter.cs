using System;
using System.Collections.Generic;
using System.Threading;
using LlmCost.Core.Pricing;
using LlmCost.Core.Queries;

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

        /// <summary>
        /// Re-prices the stored requests of <paramref name="scope"/>. <paramref name="price"/> gives a request's new price,
        /// or null to leave it as it is; it may run on another thread, and again for a request another writer changed
        /// while it was being re-priced, so it must count nothing. <paramref name="counted"/> then sees each request once,
        /// on the calling thread, after its new price is committed (or, without <paramref name="write"/>, as a preview
        /// would write it: nothing is written, and every row is read from one snapshot). Writing, the cost a new price
        /// replaces is the one the row holds, and the summaries move by exactly the difference.
        /// </summary>
        void Reprice(CostQuery scope, Func<StoredPricing, CostUpdate?> price, Action<RepricedRow> counted, bool write, CancellationToken cancel);

        /// <summary>Keeps a re-pricing run in the audit trail; returns its id.</summary>
        long AddRepriceRun(RepriceRun run);

        /// <summary>The re-pricing runs, newest first.</summary>
        IReadOnlyList<RepriceRun> GetRepriceRuns();
    }
}
