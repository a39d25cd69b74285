namespace LlmCost.Core.Pricing
{
    public enum PricingStatus
    {
        Priced,
        Unpriced,
        Custom,
    }
}
