using System;

namespace LlmCost.Core.Analysis
{
    /// <summary>One suggestion to spend less, with the scope it looked at and the numbers it rests on.</summary>
    public sealed class CostRecommendation
    {
        /// <summary>1 for the largest monthly saving.</summary>
        public int Rank { get; set; }
        public RecommendationKind Kind { get; set; }
        /// <summary>What the rule looked at: "model anthropic/claude-opus-4-1" or "session abc".</summary>
        public string Scope { get; set; } = "";
        /// <summary>The session, for the session rules.</summary>
        public string? SessionId { get; set; }
        /// <summary>The provider and (catalog) model of the requests, when they are all of one model.</summary>
        public string? Provider { get; set; }
        public string? Model { get; set; }
        /// <summary>What to do, in one line.</summary>
        public string Suggestion { get; set; } = "";
        /// <summary>The requests the estimate is over.</summary>
        public long Requests { get; set; }
        /// <summary>What those requests cost at the prices in effect at their times.</summary>
        public decimal Cost { get; set; }
        /// <summary>What they would have cost with the suggestion followed.</summary>
        public decimal EstimatedCost { get; set; }
        public decimal Saving => Cost - EstimatedCost;
        /// <summary>The saving scaled from the days the window covers (<see cref="Since"/> to <see cref="Until"/>) to a month of 30.4375 days, six decimals.</summary>
        public decimal MonthlySaving { get; set; }
        /// <summary>The numbers behind it, and its assumptions, in words.</summary>
        public string Evidence { get; set; } = "";
        /// <summary>
        /// The days the saving is scaled from, [Since, Until) UTC: the window, starting at the day of its first request when
        /// recording began later, and ending now when the window reaches into the future; at least one day.
        /// </summary>
        public DateTime Since { get; set; }
        public DateTime Until { get; set; }
    }
}
