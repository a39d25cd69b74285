using System.Collections.Generic;

namespace LlmCost.Core.Budgets
{
    /// <summary>What a request about to be sent is attributed to; hard budgets whose scope covers it may refuse it.</summary>
    public sealed class RequestScope
    {
        public string? Provider { get; set; }
        public string? Model { get; set; }
        public string? SessionId { get; set; }
        public IReadOnlyList<string>? Tags { get; set; }
    }
}
