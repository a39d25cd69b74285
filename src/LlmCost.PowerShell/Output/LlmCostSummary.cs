using System;
using LlmCost.Core.Queries;

namespace LlmCost.PowerShell.Output
{
    /// <summary>Totals of a group of requests (Get-LlmCost).</summary>
    public sealed class LlmCostSummary
    {
        /// <summary>What the rows are grouped by: None, Session, Hour, Day, Week, Month, Model, Provider or Tag.</summary>
        public string GroupBy { get; set; } = "None";
        /// <summary>The group: a session id, model, provider, tag, or the period (yyyy-MM-dd, yyyy-MM).</summary>
        public string Key { get; set; } = "";
        /// <summary>Start of a time group in UTC.</summary>
        public DateTime? PeriodStart { get; set; }
        public string? Provider { get; set; }
        public string? Model { get; set; }
        public string? SessionId { get; set; }
        public long Requests { get; set; }
        public long UnpricedRequests { get; set; }
        public long InputTokens { get; set; }
        public long CacheReadTokens { get; set; }
        public long CacheWriteTokens { get; set; }
        public long OutputTokens { get; set; }
        public long ReasoningTokens { get; set; }
        /// <summary>The cost of the priced requests; null when every request of the group is unpriced.</summary>
        public decimal? Cost { get; set; }
        public string Currency { get; set; } = "USD";

        public static readonly string[] Columns =
        {
            "GroupBy", "Key", "PeriodStart", "Provider", "Model", "SessionId", "Requests", "UnpricedRequests", "InputTokens", "CacheReadTokens",
            "CacheWriteTokens", "OutputTokens", "ReasoningTokens", "Cost", "Currency",
        };

        public object?[] ToRow() => new object?[]
        {
            GroupBy, Key, PeriodStart, Provider, Model, SessionId, Requests, UnpricedRequests, InputTokens, CacheReadTokens, CacheWriteTokens,
            OutputTokens, ReasoningTokens, Cost, Currency,
        };

        internal static LlmCostSummary From(CostGroup g)
        {
            var t = g.Totals;
            return new LlmCostSummary
            {
                GroupBy = g.GroupBy.ToString(),
                Key = g.Key,
                PeriodStart = g.PeriodStartUtc.HasValue ? DateTime.SpecifyKind(g.PeriodStartUtc.Value, DateTimeKind.Utc) : (DateTime?)null,
                Provider = g.GroupBy == CostGrouping.Provider ? g.Key : g.Provider,
                Model = g.GroupBy == CostGrouping.Model ? g.Key : null,
                SessionId = g.GroupBy == CostGrouping.Session ? (g.Key.Length == 0 ? null : g.Key) : null,
                Requests = t.Requests,
                UnpricedRequests = t.UnpricedRequests,
                InputTokens = t.InputTokens,
                CacheReadTokens = t.CacheReadTokens,
                CacheWriteTokens = t.CacheWrite5mTokens + t.CacheWrite1hTokens,
                OutputTokens = t.OutputTokens,
                ReasoningTokens = t.ReasoningTokens,
                Cost = t.KnownCost,
            };
        }
    }
}
