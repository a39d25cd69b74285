using System;

namespace LlmCost.Core.Budgets
{
    public sealed class AlertDelivery
    {
        public long DeliveryId { get; set; }
        /// <summary>The target, with webhook paths masked.</summary>
        public string Target { get; set; } = "";
        /// <summary><c>pending</c>, <c>sending</c>, <c>delivered</c> or <c>failed</c>.</summary>
        public string Status { get; set; } = "";
        public int Attempts { get; set; }
        public string? LastError { get; set; }
        public DateTime? DeliveredUtc { get; set; }
    }
}
