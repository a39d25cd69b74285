using System;

namespace LlmCost.Core.Billing
{
    /// <summary>One day × provider × model: what was tracked next to what the provider's report says.</summary>
    public sealed class BillComparison
    {
        /// <summary>The UTC day (providers bill by UTC day).</summary>
        public DateTime Day { get; set; }
        public string Provider { get; set; } = "";
        /// <summary>The catalog model id (dated ids folded into it, as the bill's own are); "(all)" where the bill is not broken down by model.</summary>
        public string Model { get; set; } = "";
        public long TrackedRequests { get; set; }
        /// <summary>What the tracked requests cost after contract discounts (Set-LlmContractDiscount): what the bill is held against.</summary>
        public decimal TrackedCost { get; set; }
        /// <summary>Their cost at list prices (the same as <see cref="TrackedCost"/> without contract discounts).</summary>
        public decimal TrackedListCost { get; set; }
        /// <summary>Tracked requests of this day and model that could not be priced: their cost is not in <see cref="TrackedCost"/>.</summary>
        public long TrackedUnpriced { get; set; }
        /// <summary>What the cost report says; null when it has no cost for the day.</summary>
        public decimal? BilledCost { get; set; }
        /// <summary>Billed less tracked: positive when the bill is higher. Null when not billed.</summary>
        public decimal? Difference => BilledCost.HasValue ? BilledCost.Value - TrackedCost : (decimal?)null;
        public BillStatus Status { get; set; }
        public long TrackedInputTokens { get; set; }
        public long TrackedOutputTokens { get; set; }
        /// <summary>From the usage report, where one was imported for the day; null otherwise.</summary>
        public long? BilledInputTokens { get; set; }
        public long? BilledOutputTokens { get; set; }
        public long? BilledRequests { get; set; }
    }
}
