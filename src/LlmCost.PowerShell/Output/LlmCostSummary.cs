using System;
using LlmCost.Core.Queries;

namespace LlmCost.PowerShell.Output
{
    /// <summary>Totals of a group of requests (Get-LlmCost).</summary>
    public sealed class LlmCostSummary
    {
        /// <summary>What the rows are grouped by: None, or one or more of Session, Hour, Day, Week, Month, Model, Provider, Tag ("Day,Model").</summary>
        public string GroupBy { get; set; } = "None";
        /// <summary>The group: a session id, model, provider, tag, or the period (yyyy-MM-dd, yyyy-MM); with several keys, their values joined by " | ".</summary>
        public string Key { get; set; } = "";
        /// <summary>Start of a time group in UTC.</summary>
        public DateTime? PeriodStart { get; set; }
        public string? Provider { get; set; }
        public string? Model { get; set; }
        public string? SessionId { get; set; }
        public string? Tag { get; set; }
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
        /// <summary>The group's part of the total cost of the query, 0 to 1 (null when that total is 0).</summary>
        public decimal? Share { get; set; }
        /// <summary>The cost less contract discounts (Set-LlmContractDiscount); the list cost (Cost) when there are none.</summary>
        public decimal? ContractedCost { get; set; }

        public static readonly string[] Columns =
        {
            "GroupBy", "Key", "PeriodStart", "Provider", "Model", "SessionId", "Tag", "Requests", "UnpricedRequests", "InputTokens", "CacheReadTokens",
            "CacheWriteTokens", "OutputTokens", "ReasoningTokens", "Cost", "Currency", "Share", "ContractedCost",
        };

        public object?[] ToRow() => new object?[]
        {
            GroupBy, Key, PeriodStart, Provider, Model, SessionId, Tag, Requests, UnpricedRequests, InputTokens, CacheReadTokens, CacheWriteTokens,
            OutputTokens, ReasoningTokens, Cost, Currency, Share, ContractedCost,
        };

        internal static LlmCostSummary From(CostGroup g)
        {
            var t = g.Totals;
            return new LlmCostSummary
            {
                GroupBy = CostGroupings.Describe(g.Groupings),
                Key = g.Key,
                PeriodStart = g.PeriodStartUtc.HasValue ? DateTime.SpecifyKind(g.PeriodStartUtc.Value, DateTimeKind.Utc) : (DateTime?)null,
                Provider = g.Provider,
                Model = g.Model,
                SessionId = string.IsNullOrEmpty(g.SessionId) ? null : g.SessionId,
                Tag = string.IsNullOrEmpty(g.Tag) ? null : g.Tag,
                Share = g.Share,
                Requests = t.Requests,
                UnpricedRequests = t.UnpricedRequests,
                InputTokens = t.InputTokens,
                CacheReadTokens = t.CacheReadTokens,
                CacheWriteTokens = t.CacheWrite5mTokens + t.CacheWrite1hTokens,
                OutputTokens = t.OutputTokens,
                ReasoningTokens = t.ReasoningTokens,
                Cost = t.KnownCost,
                ContractedCost = t.AllUnpriced ? (decimal?)null : t.ContractedCost,
            };
        }
    }
}
