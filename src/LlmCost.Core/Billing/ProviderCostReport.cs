using System;
using System.Collections.Generic;
using System.Linq;

namespace LlmCost.Core.Billing
{
    /// <summary>
    /// The lines of one or more pages of a provider report, with the buckets they cover. Storing it replaces every line
    /// stored before for the same provider, kind and bucket start: a later report of a day (costs are revised until
    /// the day closes) wins, and importing the same report again changes nothing.
    /// </summary>
    public sealed class ProviderCostReport
    {
        public string Provider { get; set; } = "";
        public ProviderCostKind Kind { get; set; }
        /// <summary>The start of every bucket the report holds, those without lines included (a day billed at $0).</summary>
        public IReadOnlyList<DateTime> Buckets { get; set; } = Array.Empty<DateTime>();
        public IReadOnlyList<ProviderCostLine> Lines { get; set; } = Array.Empty<ProviderCostLine>();
        public string Source { get; set; } = "";

        /// <summary>The pages of one report as one (a bucket on two pages: the later page's).</summary>
        public static ProviderCostReport Merge(IReadOnlyList<ProviderCostReport> pages)
        {
            if (pages.Count == 1) return pages[0];
            var byBucket = new SortedDictionary<DateTime, List<ProviderCostLine>>();
            foreach (var page in pages)
            {
                foreach (var start in page.Buckets) byBucket[start] = new List<ProviderCostLine>();
                foreach (var line in page.Lines) byBucket[line.StartsAtUtc].Add(line);
            }

            return new ProviderCostReport
            {
                Provider = pages[0].Provider,
                Kind = pages[0].Kind,
                Buckets = byBucket.Keys.ToList(),
                Lines = byBucket.Values.SelectMany(l => l).ToList(),
                Source = pages[0].Source,
            };
        }
    }
}
