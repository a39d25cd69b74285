using System.Collections.Generic;

namespace LlmCost.Core.Analysis
{
    /// <summary>What the stored usage of a scope would have cost under one <see cref="WhatIfScenario"/>.</summary>
    public sealed class ModelCostComparison
    {
        public string Alternative { get; set; } = "";
        public WhatIfScenario Scenario { get; set; } = new WhatIfScenario();
        /// <summary>Requests in the scope.</summary>
        public long Requests { get; set; }
        /// <summary>Requests priced both as stored and under the alternative: the ones the costs below are over.</summary>
        public long Compared { get; set; }
        /// <summary>Their cost under the alternative.</summary>
        public decimal Cost { get; set; }
        /// <summary>Their cost as stored.</summary>
        public decimal ActualCost { get; set; }
        public decimal Difference => Cost - ActualCost;
        /// <summary>Difference as a percentage of the actual cost, two decimals; null when that is 0.</summary>
        public decimal? DifferencePercent => ActualCost == 0 ? (decimal?)null : decimal.Round(Difference / ActualCost * 100m, 2, System.MidpointRounding.AwayFromZero);
        /// <summary>Requests the alternative could not price (no price known for the model at the request's time).</summary>
        public long NotPriced { get; set; }
        /// <summary>Requests stored unpriced (they cannot be compared, whatever the alternative costs).</summary>
        public long StoredUnpriced { get; set; }
        /// <summary>Why requests could not be priced: each model without a price, with its requests and days (at most ten models).</summary>
        public IReadOnlyList<string> Reasons { get; set; } = System.Array.Empty<string>();
    }
}
