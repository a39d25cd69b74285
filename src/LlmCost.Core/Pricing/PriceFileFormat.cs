namespace LlmCost.Core.Pricing
{
    public enum PriceFileFormat
    {
        /// <summary>LiteLLM's model_prices_and_context_window.json (USD per token).</summary>
        LiteLlm,
        /// <summary>LlmCost's catalog format (docs/price-catalog.md).</summary>
        LlmCost,
    }
}
