using System.Collections.Generic;

namespace LlmCost.Core.Budgets
{
    /// <summary>What a request about to be sent is attributed to; hard budgets whose scope covers it may refuse it.</summary>
    public sealed class RequestScope
    {
        /// <summary>The provider id, e.g. openai.</summary>
        public string? Provider { get; set; }
        /// <summary>The model id as the request names it.</summary>
        public string? Model { get; set; }
        /// <summary>The session the request belongs to, if any.</summary>
        public string? SessionId { get; set; }
        /// <summary>The request's tags.</summary>
        public IReadOnlyList<string>? Tags { get; set; }
    }
}
