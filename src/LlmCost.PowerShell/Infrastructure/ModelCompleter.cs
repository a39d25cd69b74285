using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using LlmCost.Core.Budgets;
using LlmCost.Core.Pricing;
using LlmCost.Core.Storage;

namespace LlmCost.PowerShell.Infrastructure
{
    public sealed class ModelCompleter : CompleterBase
    {
        protected override IEnumerable<string> Values(IDictionary bound, string prefix)
        {
            string? provider = bound.Contains("Provider") ? (bound["Provider"] as string ?? (bound["Provider"] as string[])?.FirstOrDefault()) : null;
            var models = PriceCatalog.Builtin.Providers
                .Where(p => provider == null || p.Id == PriceCatalog.NormalizeProvider(provider))
                .SelectMany(p => p.Models.Select(m => m.Id)).ToList();
            if (StoreExists(bound))
            {
                using var store = CostStores.Open(DatabaseOf(bound), StoreAccess.ReadExisting);
                models.AddRange(store.GetCustomPrices().Select(p => p.Model));
            }

            return models;
        }
    }
}
