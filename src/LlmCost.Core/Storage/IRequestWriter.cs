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
        /// Re-prices the stored requests of <paramref name="scope"/>: each is handed to <paramref name="reprice"/>, which
        /// returns its new price, or null to leave it as it is. With <paramref name="write"/>, the store reads and writes
        /// a batch at a time in one write transaction (the cost it replaces is the one it read, summaries kept exact);
        /// without, it writes nothing and reads every row from one snapshot.
        /// </summary>
        void Reprice(CostQuery scope, Func<StoredPricing, CostUpdate?> reprice, bool write, CancellationToken cancel);

        /// <summary>Keeps a re-pricing run in the audit trail; returns its id.</summary>
        long AddRepriceRun(RepriceRun run);

        /// <summary>The re-pricing runs, newest first.</summary>
        IReadOnlyList<RepriceRun> GetRepriceRuns();
    }
}
