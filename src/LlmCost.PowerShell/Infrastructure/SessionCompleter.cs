using System;
using System.Collections;
using System.Collections.Generic;
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
