using System;
using System.Collections.Generic;

namespace LlmCost.Core.Usage
{
    /// <summary>One API request's usage as it arrives from a parser, a cmdlet or the embedding API.</summary>
    public sealed class UsageRecord
    {
        /// <summary>A request's usage.</summary>
        /// <param name="provider">The provider id; null to infer it from the model.</param>
        /// <param name="model">The model id as the provider reported it.</param>
        /// <param name="occurredAtUtc">When the request was made; it picks the price in force. A time without a kind is taken as UTC.</param>
        /// <param name="tokens">The token counts.</param>
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
        /// <summary>The model id as the provider reported it.</summary>
        public string Model { get; set; }
        /// <summary>When the request was made, UTC.</summary>
        public DateTime OccurredAtUtc { get; }
        /// <summary>The token counts.</summary>
        public TokenUsage Tokens { get; set; }
        /// <summary>The provider's request or message id. With the provider it makes the idempotency key.</summary>
        public string? RequestId { get; set; }
        /// <summary>The session (conversation, job, user) the request belongs to.</summary>
        public string? SessionId { get; set; }
        /// <summary>True for batch API requests, priced at the batch discount.</summary>
        public bool IsBatch { get; set; }
        private string? _serviceTier;

        /// <summary>
        /// The service tier the provider reported ("priority", "flex", ...); null for the standard one. A tier with a
        /// price of its own is priced with it, or left unpriced: see <see cref="Pricing.ServiceTiers"/>.
        /// </summary>
        public string? ServiceTier
        {
            get => _serviceTier;
            set => _serviceTier = Pricing.ServiceTiers.Normalize(value);
        }
        /// <summary>Free labels for budgets and reports; no commas.</summary>
        public IReadOnlyList<string>? Tags { get; set; }
        /// <summary>Where the record came from: "cli", "cmdlet", a file path, "handler".</summary>
        public string? Source { get; set; }
        /// <summary>How long the request took, when known.</summary>
        public double? LatencyMs { get; set; }
        /// <summary>
        /// The cost another tool recorded for this request (LiteLLM's spend, Langfuse's total cost), kept beside ours so
        /// differences are visible; never used to price the request.
        /// </summary>
        public decimal? SourceCost { get; set; }

        /// <summary>Throws <see cref="InvalidUsageException"/> naming the field when the record cannot be stored.</summary>
        public void Validate()
        {
            Tokens.Validate();
            if (string.IsNullOrWhiteSpace(Model))
            {
                throw new InvalidUsageException("InvalidUsageText", "Model is required.", new[] { "Model" });
            }

            if (Tags != null)
            {
                foreach (var tag in Tags)
                {
                    if (string.IsNullOrWhiteSpace(tag) || tag.IndexOf(',') >= 0)
                    {
                        throw new InvalidUsageException("InvalidUsageText", $"Tag '{tag}' is not valid: tags must be non-empty and contain no comma.", new[] { "Tags" });
                    }

                    RejectFormula(tag, "Tags");
                }
            }

            if (SourceCost.HasValue && (SourceCost.Value < 0 || SourceCost.Value > Pricing.RequestPricer.MaxRequestCost))
            {
                throw new InvalidUsageException("InvalidUsageCount", $"The source's cost {SourceCost.Value} is outside 0 to {Pricing.RequestPricer.MaxRequestCost}.", new[] { "SourceCost" });
            }

            RejectFormula(Model, "Model");
            RejectFormula(SessionId, "SessionId");
        }

        /// <summary>Spreadsheets run text starting with '=' as a formula: such ids and names are refused at the door.</summary>
        public static void RejectFormula(string? text, string field)
        {
            if (text != null && text.StartsWith("=", StringComparison.Ordinal))
            {
                throw new InvalidUsageException("InvalidUsageText", $"{field} '{text}' must not start with '=' (spreadsheets would run it as a formula).", new[] { field });
            }
        }
    }
}
