namespace LlmCost.Core.Analysis
{
    /// <summary>The rule a <see cref="CostRecommendation"/> comes from (docs/analysis.md describes each).</summary>
    public enum RecommendationKind
    {
        /// <summary>A cheaper model of the same provider family for a model's requests.</summary>
        CheaperModel,
        /// <summary>Batch requests for a session that is not interactive.</summary>
        Batch,
        /// <summary>Prompt caching for a session that sends large repeated input and never reads the cache.</summary>
        PromptCaching,
        /// <summary>1-hour instead of 5-minute cache writes where the cache is written again within the hour.</summary>
        LongerCacheWrites,
    }
}
