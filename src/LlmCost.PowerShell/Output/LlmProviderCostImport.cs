using System;
using LlmCost.Core.Billing;

namespace LlmCost.PowerShell.Output
{
    /// <summary>One report stored by Import-LlmProviderCost.</summary>
    public sealed class LlmProviderCostImport
    {
        public string Provider { get; set; } = "";
        /// <summary>Cost or Usage.</summary>
        public string Kind { get; set; } = "";
        public string Source { get; set; } = "";
        public DateTime? FirstDay { get; set; }
        public DateTime? LastDay { get; set; }
        public int Buckets { get; set; }
        public int Lines { get; set; }
        public long Replaced { get; set; }
        public decimal? Amount { get; set; }
        public string Currency { get; set; } = "USD";

        internal static LlmProviderCostImport From(ProviderCostImport i) => new LlmProviderCostImport
        {
            Provider = i.Provider,
            Kind = i.Kind.ToString(),
            Source = i.Source,
            FirstDay = i.FirstDay,
            LastDay = i.LastDay,
            Buckets = i.Buckets,
            Lines = i.Lines,
            Replaced = i.Replaced,
            Amount = i.Amount,
        };
    }
}
