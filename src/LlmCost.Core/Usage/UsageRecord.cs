using System;
using System.Collections.Generic;

namespace LlmCost.Core.Usage
{
    /// <summary>One API request's usage as it arrives from a parser, a cmdlet or the embedding API.</summary>
    public sealed class UsageRecord
    {
        public UsageRecord(string? provider, string model, DateTime occurredAtUtc, TokenUsage tokens)
        {
            Provider = provider;
            Model = model ?? throw new ArgumentNullException(nameof(model));
            OccurredAtUtc = occurredAtUtc.Kind == DateTimeKind.Unspecified
                ? DateTime.SpecifyKind(occurredAtUtc, DateTimeKind.Utc)
                : occurredAtUtc.ToUniversalTime();
            Tokens = tokens;
        }

        /// <summary>Provider id (openai, anthropic, google, groq, ...). Null lets the catalog infer it from the model.</summary>
        public string? Provider { get; set; }
        public string Model { get; set; }
        public DateTime OccurredAtUtc { get; }
        public TokenUsage Tokens { get; set; }
        /// <summary>The provider's request or message id. With the provider it makes the idempotency key.</summary>
        public string? RequestId { get; set; }
        public string? SessionId { get; set; }
        public bool IsBatch { get; set; }
        public IReadOnlyList<string>? Tags { get; set; }
        /// <summary>Where the record came from: "cli", "cmdlet", a file path, "handler".</summary>
        public string? Source { get; set; }
        public double? LatencyMs { get; set; }
    }
}
