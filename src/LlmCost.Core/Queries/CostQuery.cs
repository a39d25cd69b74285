using System;
using System.Collections.Generic;

namespace LlmCost.Core.Queries
{
    /// <summary>Filters for cost and usage queries. Times are UTC; the range is [Since, Until).</summary>
    public sealed class CostQuery
    {
        public DateTime? Since { get; set; }
        public DateTime? Until { get; set; }
        public IReadOnlyList<string>? Sessions { get; set; }
        public IReadOnlyList<string>? Providers { get; set; }
        /// <summary>Model names; '*' and '?' are wildcards.</summary>
        public IReadOnlyList<string>? Models { get; set; }
        public IReadOnlyList<string>? Tags { get; set; }
        public bool OnlyUnpriced { get; set; }

        /// <summary>
        /// Also sum the contracted cost (list cost less contract discounts) into <see cref="CostTotals.ContractedCostNano"/>.
        /// With discounts stored this reads the query's requests once more, so only reports ask for it, never budget checks.
        /// </summary>
        public bool WithContractedCost { get; set; }
        private IReadOnlyList<CostGrouping> _groupings = Array.Empty<CostGrouping>();

        /// <summary>The keys groups are formed by, in order (e.g. Day, Model); empty for one total. See <see cref="CostGroupings.Normalize"/>.</summary>
        public IReadOnlyList<CostGrouping> Groupings
        {
            get => _groupings;
            set => _groupings = CostGroupings.Normalize(value);
        }

        /// <summary>A single grouping key (None for one total); the first key when there are several. Setting it replaces all keys.</summary>
        public CostGrouping GroupBy
        {
            get => _groupings.Count == 0 ? CostGrouping.None : _groupings[0];
            set => _groupings = CostGroupings.Normalize(new[] { value });
        }

        /// <summary>Time zone for Day/Week/Month groups; UTC when null.</summary>
        public TimeZoneInfo? TimeZone { get; set; }

        /// <summary>
        /// The filters given (Session, Provider, Model, Tag) with their values: when a query with filters finds nothing,
        /// front ends warn naming them, so a typo is never a silent $0.
        /// </summary>
        public IReadOnlyList<(string Filter, string Value)> GivenFilters()
        {
            var list = new List<(string, string)>();
            void Add(string name, IReadOnlyList<string>? values)
            {
                if (values != null) foreach (var v in values) list.Add((name, v));
            }

            Add("Session", Sessions);
            Add("Provider", Providers);
            Add("Model", Models);
            Add("Tag", Tags);
            return list;
        }

        /// <summary>The same filters, range and time zone with no grouping: the query of a total.</summary>
        internal CostQuery Ungrouped() => new CostQuery
        {
            Since = Since,
            Until = Until,
            Sessions = Sessions,
            Providers = Providers,
            Models = Models,
            Tags = Tags,
            OnlyUnpriced = OnlyUnpriced,
            TimeZone = TimeZone,
        };
    }
}
