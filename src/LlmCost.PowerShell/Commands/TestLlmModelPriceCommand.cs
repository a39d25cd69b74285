using System;
using System.Collections.Generic;
using System.Management.Automation;
using LlmCost.Core;
using LlmCost.Core.Pricing;
using LlmCost.PowerShell.Infrastructure;
using LlmCost.PowerShell.Output;

namespace LlmCost.PowerShell.Commands
{
    /// <summary>
    /// Audits the prices in effect (the built-in catalog and the store's custom prices) against a reference file:
    /// genai-prices' data-v2.json or LiteLLM's price file. Writes one object per price that differs; nothing when all agree.
    /// </summary>
    [Cmdlet(VerbsDiagnostic.Test, "LlmModelPrice")]
    [OutputType(typeof(LlmPriceDisagreement))]
    public sealed class TestLlmModelPriceCommand : LlmCostCmdlet
    {
        /// <summary><para type="description">The reference file: genai-prices' data-v2.json (its price history) or LiteLLM's model_prices_and_context_window.json (current prices).</para></summary>
        [Parameter(Mandatory = true, Position = 0)]
        [ValidateNotNullOrEmpty]
        public string Reference { get; set; } = "";

        /// <summary><para type="description">Only these providers; by default every provider of the catalog.</para></summary>
        [Parameter]
        public string[]? Provider { get; set; }

        protected override void EndProcessing()
        {
            string path = SessionState.Path.GetUnresolvedProviderPathFromPSPath(Reference);
            IReadOnlyList<PriceDisagreement> found;
            try
            {
                // Without a store, the built-in catalog is what is in effect: an audit never creates one.
                var prices = StoreExists ? Store.Prices : new PriceBook(PriceCatalog.Builtin);
                found = PriceAudit.Compare(prices, PriceAudit.ReadReference(path), Provider, DateTime.UtcNow);
            }
            catch (LlmCostException ex)
            {
                ThrowTerminatingError(ToError(ex, path));
                return;
            }

            foreach (var d in found) WriteObject(LlmPriceDisagreement.From(d));
        }
    }
}
