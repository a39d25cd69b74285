using System;
using System.Collections.Generic;
using LlmCost.Core.Queries;

namespace LlmCost.Core.Export
{
    /// <summary>The columns of an exported request row, the same for Export-LlmCost -Path and llmcost export.</summary>
    public static class RequestExport
    {
        public static readonly IReadOnlyList<string> Columns = new[]
        {
            "OccurredAt", "SessionId", "Provider", "Model", "PricedModel", "InputTokens", "CacheReadTokens", "CacheWrite5mTokens",
            "CacheWrite1hTokens", "OutputTokens", "ReasoningTokens", "Cost", "Currency", "PricingStatus", "IsBatch", "Tags", "RequestId", "RequestKey", "Source", "SourceCost",
            "ServiceTier", "ContractedCost",
        };

        /// <summary>One request's cells in <see cref="Columns"/> order: UTC time, cost null when unpriced, tags joined by ';'.</summary>
        public static object?[] Row(RequestCost r) => new object?[]
        {
            DateTime.SpecifyKind(r.OccurredAtUtc, DateTimeKind.Utc), r.SessionId, r.Provider, r.Model, r.PricedModel, r.InputTokens, r.CacheReadTokens,
            r.CacheWrite5mTokens, r.CacheWrite1hTokens, r.OutputTokens, r.ReasoningTokens, r.Cost, r.Currency, r.PricingStatus, r.IsBatch,
            string.Join(";", r.Tags), r.RequestId, r.RequestKey, r.Source, r.SourceCost, r.ServiceTier, r.ContractedCost,
        };
    }
}
