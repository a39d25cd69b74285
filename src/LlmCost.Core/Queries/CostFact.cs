using System;

namespace LlmCost.Core.Queries
{
    /// <summary>
    /// What a contracted cost needs of a stored request: who served it, when, its list cost, and the two things a query
    /// can group by beyond those (session, tags). Read instead of the whole <see cref="RequestCost"/> (a fifth of the
    /// columns, in storage order).
    /// </summary>
    public sealed class CostFact
    {
        public string Provider { get; set; } = "";

        public string Model { get; set; } = "";

        public DateTime OccurredAtUtc { get; set; }

        /// <summary>The list cost in nano-USD; null when unpriced.</summary>
        public long? CostNano { get; set; }

        public string? SessionId { get; set; }

        /// <summary>The tags as stored (<see cref="Storage.StoredTags"/>), not decoded.</summary>
        public string? StoredTags { get; set; }
    }
}
