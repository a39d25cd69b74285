using System;
using System.Linq;

namespace LlmCost.Core.Billing
{
    /// <summary>What storing one provider report did.</summary>
    public sealed class ProviderCostImport
    {
        public string Provider { get; set; } = "";
        public ProviderCostKind Kind { get; set; }
        public string Source { get; set; } = "";
        /// <summary>The first and last bucket start of the report (UTC days).</summary>
        public DateTime? FirstDay { get; set; }
        public DateTime? LastDay { get; set; }
        public int Buckets { get; set; }
        public int Lines { get; set; }
        /// <summary>Lines stored before for the same buckets, now replaced.</summary>
        public long Replaced { get; set; }
        /// <summary>Cost reports: the report's total; null for usage reports.</summary>
        public decimal? Amount { get; set; }

        /// <summary>The summary of <paramref name="report"/>, before it is stored (<see cref="Replaced"/> is set by the caller).</summary>
        public static ProviderCostImport Of(ProviderCostReport report) => new ProviderCostImport
        {
            Provider = report.Provider,
            Kind = report.Kind,
            Source = report.Source,
            FirstDay = report.Buckets.Count == 0 ? (DateTime?)null : report.Buckets.Min().Date,
            LastDay = report.Buckets.Count == 0 ? (DateTime?)null : report.Buckets.Max().Date,
            Buckets = report.Buckets.Count,
            Lines = report.Lines.Count,
            Amount = report.Kind == ProviderCostKind.Cost ? Money.Nano.ToDecimal(report.Lines.Sum(l => l.AmountNano ?? 0)) : (decimal?)null,
        };
    }
}
