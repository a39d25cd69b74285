using LlmCost.Core.Pricing;

namespace LlmCost.PowerShell.Output
{
    /// <summary>One model's line of Update-LlmCost -Reprice: rows, changes, old and new totals.</summary>
    public sealed class LlmRepriceResult
    {
        public string Provider { get; set; } = "";
        public string Model { get; set; } = "";
        public long Rows { get; set; }
        public long Changed { get; set; }
        public long NewlyPriced { get; set; }
        public decimal OldTotal { get; set; }
        public decimal NewTotal { get; set; }
        public decimal Difference { get; set; }
        /// <summary>True for a preview (-WhatIf): nothing was written.</summary>
        public bool Preview { get; set; }
        public long? RunId { get; set; }

        internal static LlmRepriceResult From(RepriceLine l, bool preview, long? runId) => new LlmRepriceResult
        {
            Provider = l.Provider,
            Model = l.Model,
            Rows = l.Rows,
            Changed = l.Changed,
            NewlyPriced = l.NewlyPriced,
            OldTotal = l.OldTotal,
            NewTotal = l.NewTotal,
            Difference = l.Difference,
            Preview = preview,
            RunId = runId,
        };
    }
}
