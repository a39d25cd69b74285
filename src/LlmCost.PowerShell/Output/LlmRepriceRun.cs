using System;
using LlmCost.Core.Storage;

namespace LlmCost.PowerShell.Output
{
    /// <summary>One re-pricing run of the audit trail (Get-LlmRepriceHistory).</summary>
    public sealed class LlmRepriceRun
    {
        public long RunId { get; set; }
        public DateTime RunAt { get; set; }
        public string RunBy { get; set; } = "";
        public string? Reason { get; set; }
        public string Scope { get; set; } = "";
        public long RowsExamined { get; set; }
        public long RowsChanged { get; set; }
        public long NewlyPriced { get; set; }
        public decimal OldTotal { get; set; }
        public decimal NewTotal { get; set; }

        internal static LlmRepriceRun From(RepriceRun r) => new LlmRepriceRun
        {
            RunId = r.RunId,
            RunAt = DateTime.SpecifyKind(r.RunAtUtc, DateTimeKind.Utc),
            RunBy = r.RunBy,
            Reason = r.Reason,
            Scope = r.Scope,
            RowsExamined = r.RowsExamined,
            RowsChanged = r.RowsChanged,
            NewlyPriced = r.NewlyPriced,
            OldTotal = r.OldTotal,
            NewTotal = r.NewTotal,
        };
    }
}
