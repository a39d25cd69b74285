using System;
using LlmCost.Core.Analysis;

namespace LlmCost.PowerShell.Output
{
    /// <summary>One suggestion of Get-LlmCostRecommendation.</summary>
    public sealed class LlmCostRecommendation
    {
        public int Rank { get; set; }
        /// <summary>CheaperModel, Batch, PromptCaching or LongerCacheWrites.</summary>
        public string Kind { get; set; } = "";
        public string Scope { get; set; } = "";
        public string? SessionId { get; set; }
        public string? Provider { get; set; }
        public string? Model { get; set; }
        public string Suggestion { get; set; } = "";
        public long Requests { get; set; }
        public decimal Cost { get; set; }
        public decimal EstimatedCost { get; set; }
        public decimal Saving { get; set; }
        public decimal MonthlySaving { get; set; }
        public string Evidence { get; set; } = "";
        public DateTime Since { get; set; }
        public DateTime Until { get; set; }
        public string Currency { get; set; } = "USD";

        internal static LlmCostRecommendation From(CostRecommendation r) => new LlmCostRecommendation
        {
            Rank = r.Rank,
            Kind = r.Kind.ToString(),
            Scope = r.Scope,
            SessionId = r.SessionId,
            Provider = r.Provider,
            Model = r.Model,
            Suggestion = r.Suggestion,
            Requests = r.Requests,
            Cost = r.Cost,
            EstimatedCost = r.EstimatedCost,
            Saving = r.Saving,
            MonthlySaving = r.MonthlySaving,
            Evidence = r.Evidence,
            Since = r.Since,
            Until = r.Until,
        };
    }
}
