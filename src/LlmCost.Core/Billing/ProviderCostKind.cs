namespace LlmCost.Core.Billing
{
    /// <summary>What a provider report line counts: money (a cost report) or tokens and requests (a usage report).</summary>
    public enum ProviderCostKind
    {
        Cost,
        Usage,
    }
}
