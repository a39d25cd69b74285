using System;
using System.Collections.Generic;

namespace LlmCost.Core.Queries
{
    /// <summary>One group of a grouped cost query.</summary>
    public sealed class CostGroup
    {
        private IReadOnlyList<CostGrouping> _groupings = Array.Empty<CostGrouping>();

        /// <summary>The keys of the query that formed this group (e.g. Day, Model); empty for a total.</summary>
        public IReadOnlyList<CostGrouping> Groupings
        {
            get => _groupings;
            set => _groupings = CostGroupings.Normalize(value);
        }

        /// <summary>The single (or first) grouping key; None for a total.</summary>
        public CostGrouping GroupBy
        {
            get => _groupings.Count == 0 ? CostGrouping.None : _groupings[0];
            set => _groupings = CostGroupings.Normalize(new[] { value });
        }

        /// <summary>
        /// The group's key: session id, model, provider, tag, or the period start as yyyy-MM-dd (yyyy-MM for months,
        /// yyyy-MM-dd HH:00 for hours); with several keys, their values joined by " | " in the order asked.
        /// </summary>
        public string Key { get; set; } = "";
        /// <summary>For time groups: the period's start in the query's time zone (local wall time) and in UTC.</summary>
        public DateTime? PeriodStart { get; set; }
        public DateTime? PeriodStartUtc { get; set; }
        /// <summary>For model and provider groups, the provider.</summary>
        public string? Provider { get; set; }
        /// <summary>For model groups, the model.</summary>
        public string? Model { get; set; }
        /// <summary>For session groups, the session id ("" for requests without one).</summary>
        public string? SessionId { get; set; }
        /// <summary>For tag groups, the tag ("" for requests without tags).</summary>
        public string? Tag { get; set; }
        /// <summary>
        /// This group's part of the query's total cost, 0 to 1; null when the total is 0. With Tag groups a request with two
        /// tags is in two groups, so their shares can add up to more than 1.
        /// </summary>
        public decimal? Share { get; set; }
        public CostTotals Totals { get; set; } = new CostTotals();
    }
}
