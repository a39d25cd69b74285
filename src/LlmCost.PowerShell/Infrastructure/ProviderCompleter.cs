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
    public sealed class ProviderCompleter : CompleterBase
    {
        protected override IEnumerable<string> Values(IDictionary bound, string prefix) => PriceCatalog.Builtin.Providers.Select(p => p.Id);
    }
}
