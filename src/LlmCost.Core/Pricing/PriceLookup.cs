namespace LlmCost.Core.Pricing
{
    /// <summary>The outcome of looking up the price of a model at a time.</summary>
    public sealed class PriceLookup
    {
        public PriceLookup(string provider, string model, CatalogModel? catalogModel, ModelPrice? price)
        {
            Provider = provider;
            Model = model;
            CatalogModel = catalogModel;
            Price = price;
        }

        /// <summary>The provider id: given, inferred from the catalog, or "unknown".</summary>
        public string Provider { get; }
        /// <summary>The model id as given, without "models/" or "provider/" prefixes.</summary>
        public string Model { get; }
        public CatalogModel? CatalogModel { get; }
        public ModelPrice? Price { get; }
        public PricingStatus Status => Price == null ? PricingStatus.Unpriced : Price.IsCustom ? PricingStatus.Custom : PricingStatus.Priced;
        public string? PricedModel => Price?.Model;

        /// <summary>True when the model has a price but not for the request's service tier (<see cref="WithoutTierPrice"/>).</summary>
        public bool TierWithoutPrice { get; private set; }

        /// <summary>The same model with no price: what a request on a service tier without a price of its own gets.</summary>
        public PriceLookup WithoutTierPrice() => new PriceLookup(Provider, Model, CatalogModel, null) { TierWithoutPrice = true };
    }
}
