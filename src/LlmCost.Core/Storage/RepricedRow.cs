namespace LlmCost.Core.Storage
{
    /// <summary>
    /// A stored request once re-pricing is done with it: its provider and model, the cost it had, and the price written
    /// (or that a preview would write); null when it was left as it was.
    /// </summary>
    public readonly struct RepricedRow
    {
        public RepricedRow(string provider, string model, long? oldCostNano, CostUpdate? update)
        {
            Provider = provider;
            Model = model;
            OldCostNano = oldCostNano;
            Update = update;
        }

        public string Provider { get; }
        public string Model { get; }
        public long? OldCostNano { get; }
        public CostUpdate? Update { get; }
    }
}
