using System;
using LlmCost.Core.Usage;

namespace LlmCost.Core.Ingestion
{
    /// <summary>
    /// How one API's payload maps to the six counts — data, not code, in the spirit of genai-prices' extractors.
    /// Paths are dot-separated from the payload root; counts are those of docs/cost-rules.md.
    /// </summary>
    internal sealed class Extractor
    {
        public string Name = "";
        public string? Provider;
        /// <summary>A field path that must exist (and optionally equal a value) for this extractor to apply.</summary>
        public (string Path, string? Value)[] When = Array.Empty<(string, string?)>();
        public string Usage = "usage";
        public string[] ModelPaths = { "model" };
        public string[] IdPaths = { "id" };
        public string? CreatedUnixSeconds;
        public string? CreatedIso;
        public CountMapping[] Counts = Array.Empty<CountMapping>();
        /// <summary>Anthropic: the counts read are Anthropic's own (input without the cache; Write5m holds all cache writes) and go through <see cref="TokenUsage.FromAnthropic"/>.</summary>
        public bool AnthropicCacheRule;
        /// <summary>
        /// A field (from the payload root) naming the service tier, and the tiers billed at the provider's batch rates:
        /// OpenAI's flex processing ("Tokens are priced at Batch API rates"), Anthropic's batch results. Other tiers
        /// (OpenAI's priority) are priced at the standard price: docs/cost-rules.md says so.
        /// </summary>
        public string? TierPath;
        public string[] BatchTiers = Array.Empty<string>();
        /// <summary>An array below the usage object listing the request's steps, each with its own counts in this extractor's mapping.</summary>
        public string? StepsPath;
        /// <summary>How each type of step is billed (docs/cost-rules.md); a type not listed is recorded unpriced, never dropped.</summary>
        public (string Type, StepBilling Billing)[] Steps = Array.Empty<(string, StepBilling)>();
    }
}
