using System;
using System.Collections.Generic;
using LlmCost.Core.Pricing;

namespace LlmCost.Core.Storage
{
    /// <summary>Port: the custom prices a user keeps in the store (built-in prices come from the catalog).</summary>
    public interface IPriceRepository
    {
        /// <summary>The catalog the store's prices are overlaid on.</summary>
        PriceCatalog Catalog { get; }

        ModelPrice AddPrice(ModelPrice price);

        /// <summary>Adds many prices in one transaction, skipping ones identical to what is stored.</summary>
        (int Added, int Unchanged) AddPrices(IEnumerable<ModelPrice> prices, Action<ModelPrice, bool>? onEach = null);

        IReadOnlyList<ModelPrice> GetCustomPrices();

        /// <summary>Keeps <paramref name="update"/> as the catalog this store prices with, instead of the built-in one.</summary>
        StoredCatalog SaveCatalog(CatalogUpdate update);

        /// <summary>Drops the kept catalogs: the built-in one prices again. False when there was none.</summary>
        bool ResetCatalog();

        /// <summary>The kept catalog in effect, or null when the built-in one is.</summary>
        StoredCatalog? GetStoredCatalog();

        /// <summary>Stores a contract discount (validated first); returns it with its id.</summary>
        ContractDiscount AddContractDiscount(ContractDiscount discount);

        /// <summary>Every contract discount, oldest first.</summary>
        IReadOnlyList<ContractDiscount> GetContractDiscounts();

        /// <summary>Removes a contract discount; false when there is none with that id.</summary>
        bool RemoveContractDiscount(long id);
    }
}
