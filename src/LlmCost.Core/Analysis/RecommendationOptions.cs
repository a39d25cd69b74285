using System;

namespace LlmCost.Core.Analysis
{
    /// <summary>How <see cref="CostRecommender"/> looks: the clock, the smallest saving worth showing, the step-down data.</summary>
    public sealed class RecommendationOptions
    {
        /// <summary>The default window ends here and starts <see cref="DefaultWindowDays"/> before it.</summary>
        public DateTime NowUtc { get; set; } = DateTime.UtcNow;

        public const int DefaultWindowDays = 30;

        /// <summary>Suggestions saving less than this a month (USD) are left out.</summary>
        public decimal MinimumMonthlySaving { get; set; } = 1m;

        public ModelStepDowns StepDowns { get; set; } = ModelStepDowns.Builtin;
    }
}
