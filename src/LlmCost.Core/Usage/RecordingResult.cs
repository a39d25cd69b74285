using System;
using System.Collections.Generic;
using System.Linq;
using LlmCost.Core.Budgets;
using LlmCost.Core.Pricing;

namespace LlmCost.Core.Usage
{
    /// <summary>What recording did: the requests written, the records refused, and budget thresholds crossed.</summary>
    public sealed class RecordingResult
    {
        public IReadOnlyList<PricedRequest> Recorded { get; set; } = Array.Empty<PricedRequest>();
        public IReadOnlyList<RejectedRecord> Rejected { get; set; } = Array.Empty<RejectedRecord>();
        public IReadOnlyList<ThresholdCrossing> Crossings { get; set; } = Array.Empty<ThresholdCrossing>();

        /// <summary>Requests newly stored without a price (unknown model): front ends warn about each, never show $0.</summary>
        public IEnumerable<PricedRequest> NewlyUnpriced => Recorded.Where(r => r.Added && r.Status == PricingStatus.Unpriced);
    }
}
