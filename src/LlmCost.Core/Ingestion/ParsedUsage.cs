using System;
using LlmCost.Core.Usage;

namespace LlmCost.Core.Ingestion
{
    /// <summary>One request's usage read from a provider payload.</summary>
    public sealed class ParsedUsage
    {
        public string? Provider { get; set; }
        public string? Model { get; set; }
        public string? RequestId { get; set; }
        public DateTime? Timestamp { get; set; }
        public TokenUsage Tokens { get; set; }
        public bool IsBatch { get; set; }
        public string? SessionId { get; set; }
        /// <summary>Which extractor read it (openai-chat, anthropic, ...).</summary>
        public string Source { get; set; } = "";

        public UsageRecord ToRecord(DateTime fallbackTimeUtc, string? sessionId = null, string? source = null) =>
            new UsageRecord(Provider, Model ?? "", Timestamp ?? fallbackTimeUtc, Tokens)
            {
                RequestId = RequestId,
                SessionId = sessionId ?? SessionId,
                IsBatch = IsBatch,
                Source = source ?? Source,
            };
    }
}
