using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using LlmCost.Core.Budgets;
using LlmCost.Core.Storage;

namespace LlmCost.PowerShell.Infrastructure
{
    public sealed class BudgetNameCompleter : CompleterBase
    {
        protected override IEnumerable<string> Values(IDictionary bound, string prefix)
        {
            if (!StoreExists(bound)) return Array.Empty<string>();
            using var store = CostStores.Open(DatabaseOf(bound), StoreAccess.ReadExisting);
            return new BudgetService(store).Get().Select(b => b.Name);
        }
    }
}
