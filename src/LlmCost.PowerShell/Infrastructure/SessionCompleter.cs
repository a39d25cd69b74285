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
    public sealed class SessionCompleter : CompleterBase
    {
        protected override IEnumerable<string> Values(IDictionary bound, string prefix)
        {
            if (!StoreExists(bound)) return Array.Empty<string>();
            using var store = CostStores.Open(DatabaseOf(bound), StoreAccess.ReadExisting);
            return store.GetSessionIds(prefix, 200);
        }
    }
}
