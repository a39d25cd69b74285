using System;
using LlmCost.Core.Billing;

namespace LlmCost.PowerShell.Output
{
    /// <summary>One day × provider × model of Compare-LlmProviderCost.</summary>
    public sealed class LlmBillComparison
    {
        public DateTime Day { get; set; }
        public string Provider { get; set; } = "";
        public string Model { get; set; } = "";
        public long TrackedRequests { get; set; }
        public decimal TrackedCost { get; set; }
        public decimal TrackedListCost { get; set; }
        public long TrackedUnpriced { get; set; }
        public decimal? BilledCost { get; set; }
        public decimal? Difference { get; set; }
        /// <summary>Match, BillHigher, TrackedHigher, NotTracked or NotBilled.</summary>
        public string Status { get; set; } = "";
        public long TrackedInputTokens { get; set; }
        public long TrackedOutputTokens { get; set; }
        public long? BilledInputTokens { get; set; }
        public long? BilledOutputTokens { get; set; }
        public long? BilledRequests { get; set; }
        public string Currency { get; set; } = "USD";

        internal static LlmBillComparison From(BillComparison c) => new LlmBillComparison
        {
            Day = c.Day,
            Provider = c.Provider,
            Model = c.Model,
            TrackedRequests = c.TrackedRequests,
            TrackedCost = c.TrackedCost,
            TrackedListCost = c.TrackedListCost,
            TrackedUnpriced = c.TrackedUnpriced,
            BilledCost = c.BilledCost,
            Difference = c.Difference,
            Status = c.Status.ToString(),
            TrackedInputTokens = c.TrackedInputTokens,
            TrackedOutputTokens = c.TrackedOutputTokens,
            BilledInputTokens = c.BilledInputTokens,
            BilledOutputTokens = c.BilledOutputTokens,
            BilledRequests = c.BilledRequests,
        };
    }
}
