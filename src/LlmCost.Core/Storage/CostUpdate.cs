namespace LlmCost.Core.Storage
{
    /// <summary>A stored request's new price, as re-pricing computed it.</summary>
    public sealed class CostUpdate
    {
        /// <summary>The stored row (<see cref="Queries.RequestCost.Row"/>).</summary>
        public long Row { get; set; }
        public long? CostNano { get; set; }
        public string PricingStatus { get; set; } = "";
        public string? PricedModel { get; set; }
        public string? PriceRef { get; set; }
    }
}
