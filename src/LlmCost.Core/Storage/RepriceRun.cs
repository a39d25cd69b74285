using System;

namespace LlmCost.Core.Storage
{
    /// <summary>One re-pricing run, as the audit trail keeps it.</summary>
    public sealed class RepriceRun
    {
        public long RunId { get; set; }
        public DateTime RunAtUtc { get; set; }
        public string RunBy { get; set; } = "";
        public string? Reason { get; set; }
        /// <summary>The filters of the run, as text (e.g. "model=acme-7b since=2025-06-01T00:00:00Z").</summary>
        public string Scope { get; set; } = "";
        public long RowsExamined { get; set; }
        public long RowsChanged { get; set; }
        public long NewlyPriced { get; set; }
        public long OldTotalNano { get; set; }
        public long NewTotalNano { get; set; }
        public decimal OldTotal => Money.Nano.ToDecimal(OldTotalNano);
        public decimal NewTotal => Money.Nano.ToDecimal(NewTotalNano);
    }
}
