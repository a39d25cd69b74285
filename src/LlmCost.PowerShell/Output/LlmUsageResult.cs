using System;
using LlmCost.Core.Pricing;

namespace LlmCost.PowerShell.Output
{
    /// <summary>The outcome of recording one request (Add-LlmUsage -PassThru).</summary>
    public sealed class LlmUsageResult
    {
        /// <summary><c>Added</c>, <c>Replaced</c> or <c>Duplicate</c>.</summary>
        public string Status { get; set; } = "";
        public DateTime OccurredAt { get; set; }
        public string? SessionId { get; set; }
        public string Provider { get; set; } = "";
        public string Model { get; set; } = "";
        public string? PricedModel { get; set; }
        public string PricingStatus { get; set; } = "";
        public decimal? Cost { get; set; }
        public string Currency { get; set; } = "USD";
        public string RequestKey { get; set; } = "";

        internal static LlmUsageResult From(PricedRequest r) => new LlmUsageResult
        {
            Status = r.Added ? "Added" : r.Replaced ? "Replaced" : "Duplicate",
            OccurredAt = DateTime.SpecifyKind(r.OccurredAtUtc, DateTimeKind.Utc),
            SessionId = r.SessionId,
            Provider = r.Provider,
            Model = r.Model,
            PricedModel = r.PricedModel,
            PricingStatus = PricedRequest.StatusText(r.Status),
            Cost = r.Cost,
            RequestKey = r.RequestKey,
        };
    }
}
