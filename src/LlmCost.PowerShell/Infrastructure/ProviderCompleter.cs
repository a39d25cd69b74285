using System.Collections;
using System.Collections.Generic;
using System.Linq;
using LlmCost.Core.Pricing;

namespace LlmCost.PowerShell.Infrastructure
{
    public sealed class ProviderCompleter : CompleterBase
    {
        protected override IEnumerable<string> Values(IDictionary bound, string prefix) => PriceCatalog.Builtin.Providers.Select(p => p.Id);
    }
}
