namespace LlmCost.Core.Pricing
{
    /// <summary>What re-pricing does (or, as a preview, would do) to one model's stored requests.</summary>
    public sealed class RepriceLine
    {
        public string Provider { get; set; } = "";
        public string Model { get; set; } = "";
        public long Rows { get; set; }
        public long Changed { get; set; }
        /// <summary>Requests that had no price and get one.</summary>
        public long NewlyPriced { get; set; }
        public long OldTotalNano { get; set; }
        public long NewTotalNano { get; set; }
        public decimal OldTotal => Money.Nano.ToDecimal(OldTotalNano);
        public decimal NewTotal => Money.Nano.ToDecimal(NewTotalNano);
        public decimal Difference => NewTotal - OldTotal;
    }
}
