using System;
using System.Collections.Generic;
using LlmCost.Core.Export;
using LlmCost.Core.Queries;

namespace LlmCost.PowerShell.Output
{
    // The objects the cmdlets write (one type per file in this folder). Stable property sets for Export-Excel and
    // ConvertTo-Json: money as decimal in USD, times as UTC DateTime, counts as long, ids as strings, nulls rather than
    // missing properties.

    /// <summary>One stored request with its cost (Get-LlmUsage).</summary>
    public sealed class LlmUsageRecord
    {
        public DateTime OccurredAt { get; set; }
        public string? SessionId { get; set; }
        public string Provider { get; set; } = "";
        public string Model { get; set; } = "";
        public string? PricedModel { get; set; }
        public long InputTokens { get; set; }
        public long CacheReadTokens { get; set; }
        public long CacheWrite5mTokens { get; set; }
        public long CacheWrite1hTokens { get; set; }
        public long OutputTokens { get; set; }
        public long ReasoningTokens { get; set; }
        /// <summary>Null when the model has no known price (PricingStatus unpriced).</summary>
        public decimal? Cost { get; set; }
        public string Currency { get; set; } = "USD";
        public string PricingStatus { get; set; } = "";
        public bool IsBatch { get; set; }
        public string Tags { get; set; } = "";
        public string? RequestId { get; set; }
        public string RequestKey { get; set; } = "";
        public string? Source { get; set; }
        /// <summary>The cost the tool it was imported from (LiteLLM, Langfuse) had recorded; null otherwise.</summary>
        public decimal? SourceCost { get; set; }
        /// <summary>The service tier the request ran on ("priority", "flex"); null for the standard tier.</summary>
        public string? ServiceTier { get; set; }
        /// <summary>The cost less contract discounts (Set-LlmContractDiscount); the list cost (Cost) when there are none.</summary>
        public decimal? ContractedCost { get; set; }

        /// <summary>The export columns (<see cref="RequestExport.Columns"/>); <see cref="ToRow"/> fills them in the same order.</summary>
        public static IReadOnlyList<string> Columns => RequestExport.Columns;

        public object?[] ToRow() => new object?[]
        {
            OccurredAt, SessionId, Provider, Model, PricedModel, InputTokens, CacheReadTokens, CacheWrite5mTokens, CacheWrite1hTokens,
            OutputTokens, ReasoningTokens, Cost, Currency, PricingStatus, IsBatch, Tags, RequestId, RequestKey, Source, SourceCost, ServiceTier, ContractedCost,
        };

        internal static LlmUsageRecord From(RequestCost r) => new LlmUsageRecord
        {
            OccurredAt = DateTime.SpecifyKind(r.OccurredAtUtc, DateTimeKind.Utc),
            SessionId = r.SessionId,
            Provider = r.Provider,
            Model = r.Model,
            PricedModel = r.PricedModel,
            InputTokens = r.InputTokens,
            CacheReadTokens = r.CacheReadTokens,
            CacheWrite5mTokens = r.CacheWrite5mTokens,
            CacheWrite1hTokens = r.CacheWrite1hTokens,
            OutputTokens = r.OutputTokens,
            ReasoningTokens = r.ReasoningTokens,
            Cost = r.Cost,
            Currency = r.Currency,
            PricingStatus = r.PricingStatus,
            IsBatch = r.IsBatch,
            Tags = string.Join(";", r.Tags),
            RequestId = r.RequestId,
            RequestKey = r.RequestKey,
            Source = r.Source,
            SourceCost = r.SourceCost,
            ServiceTier = r.ServiceTier,
            ContractedCost = r.ContractedCost,
        };
    }
}
