namespace LlmCost.Core.Pricing
{
    /// <summary>One price row as a query returns it: the provider and model it is shown under, and the price.</summary>
    public sealed class PriceRow
    {
        public PriceRow(string provider, string model, ModelPrice price)
        {
            Provider = provider;
            Model = model;
            Price = price;
        }

        public string Provider { get; }
        public string Model { get; }
        public ModelPrice Price { get; }

        public void Deconstruct(out string provider, out string model, out ModelPrice price)
        {
            provider = Provider;
            model = Model;
            price = Price;
        }
    }
}
