using System;
using System.Collections.Generic;
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
        /// <summary>The service tier the payload reports (normalized: null for the standard tier).</summary>
        public string? ServiceTier { get; set; }
        public string? SessionId { get; set; }
        /// <summary>Which extractor read it (openai-chat, anthropic, ...).</summary>
        public string Source { get; set; } = "";
        /// <summary>
        /// Billed steps of this request outside its own counts that are priced with another model (Anthropic advisor
        /// iterations), or whose billing is not known (stored unpriced): each becomes a record of its own.
        /// </summary>
        public List<ParsedStep>? Steps { get; set; }

        /// <summary>Whether the request has steps, that is more records than its own (<see cref="ToRecords"/>).</summary>
        public bool HasSteps => Steps != null && Steps.Count > 0;

        /// <summary>The records of the steps, next to <paramref name="request"/>'s record: same provider, time, session and tags; key = the request's id + "#iteration-N".</summary>
        public IEnumerable<UsageRecord> StepRecords(UsageRecord request)
        {
            if (Steps == null) yield break;
            foreach (var step in Steps)
            {
                yield return new UsageRecord(request.Provider, step.Model, request.OccurredAtUtc, step.Tokens)
                {
                    RequestId = request.RequestId == null ? null : request.RequestId + "#iteration-" + step.Index.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    SessionId = request.SessionId,
                    IsBatch = request.IsBatch,
                    ServiceTier = request.ServiceTier,
                    Tags = request.Tags,
                    Source = request.Source,
                };
            }
        }

        /// <summary>The request's record followed by its steps' records.</summary>
        public IReadOnlyList<UsageRecord> ToRecords(DateTime fallbackTimeUtc, string? sessionId = null, string? source = null)
        {
            var main = ToRecord(fallbackTimeUtc, sessionId, source);
            // Most requests have no steps: one small array instead of a list and an iterator (an import allocates per line).
            if (!HasSteps) return new[] { main };
            var all = new List<UsageRecord> { main };
            all.AddRange(StepRecords(main));
            return all;
        }

        public UsageRecord ToRecord(DateTime fallbackTimeUtc, string? sessionId = null, string? source = null) =>
            new UsageRecord(Provider, Model ?? "", Timestamp ?? fallbackTimeUtc, Tokens)
            {
                RequestId = RequestId,
                SessionId = sessionId ?? SessionId,
                IsBatch = IsBatch,
                ServiceTier = ServiceTier,
                Source = source ?? Source,
            };
    }
}

