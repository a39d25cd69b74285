namespace LlmCost.Core.Budgets
{
    /// <summary>A threshold crossed by just-recorded usage (a warning for the person recording).</summary>
    public sealed class ThresholdCrossing
    {
        public string Budget { get; set; } = "";
        public int Threshold { get; set; }
        public AlertLevel Level { get; set; }
        public decimal Spent { get; set; }
        public decimal Limit { get; set; }
        public string? SessionId { get; set; }

        public override string ToString() =>
            $"Budget '{Budget}'{(SessionId != null ? " (session " + SessionId + ")" : "")} crossed {Threshold}%: " +
            $"{Spent.ToString("0.######", System.Globalization.CultureInfo.InvariantCulture)} of {Limit.ToString("0.######", System.Globalization.CultureInfo.InvariantCulture)} USD.";
    }
}
