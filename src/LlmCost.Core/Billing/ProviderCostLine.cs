using System;

namespace LlmCost.Core.Billing
{
    /// <summary>
    /// One line of a provider's own cost or usage report (OpenAI's organization costs and usage, Anthropic's cost and
    /// usage reports): what the bill says for one time bucket, kept apart from the tracked requests it is compared with.
    /// </summary>
    public sealed class ProviderCostLine
    {
        public string Provider { get; set; } = "";
        public ProviderCostKind Kind { get; set; }
        /// <summary>The bucket, [StartsAtUtc, EndsAtUtc).</summary>
        public DateTime StartsAtUtc { get; set; }
        public DateTime EndsAtUtc { get; set; }
        /// <summary>The model as the report names it; null when the report is not grouped by model.</summary>
        public string? Model { get; set; }
        /// <summary>The report's own label of the line (OpenAI's line item, Anthropic's token or cost type); null when not grouped.</summary>
        public string? LineItem { get; set; }
        /// <summary>Project (OpenAI) or workspace (Anthropic) id; null when not grouped by it.</summary>
        public string? Project { get; set; }
        /// <summary>Cost lines: the amount in nano-USD.</summary>
        public long? AmountNano { get; set; }
        public decimal? Amount => Money.Nano.ToDecimal(AmountNano);
        /// <summary>Usage lines: all input tokens (cached and written included), cache reads, cache writes, output, requests.</summary>
        public long? InputTokens { get; set; }
        public long? CacheReadTokens { get; set; }
        public long? CacheWriteTokens { get; set; }
        public long? OutputTokens { get; set; }
        public long? Requests { get; set; }
        /// <summary>The file or address the line came from.</summary>
        public string Source { get; set; } = "";
    }
}
