using System.Management.Automation;
using LlmCost.Core;
using LlmCost.Core.Pricing;
using LlmCost.PowerShell.Infrastructure;
using LlmCost.PowerShell.Output;

namespace LlmCost.PowerShell.Commands
{
    /// <summary>
    /// Loads a newer genai-prices data-v2.json into the store as the catalog it prices new requests with, instead of the
    /// module's built-in one (every user of the store gets it, no module upgrade); -Reset goes back to the built-in one.
    /// Stored costs do not change: Update-LlmCost -Reprice re-prices them.
    /// </summary>
    [Cmdlet(VerbsData.Update, "LlmModelPrice", SupportsShouldProcess = true, DefaultParameterSetName = LoadSet)]
    [OutputType(typeof(LlmPriceCatalog))]
    public sealed class UpdateLlmModelPriceCommand : LlmCostCmdlet
    {
        private const string LoadSet = "Load";
        private const string ResetSet = "Reset";

        /// <summary><para type="description">genai-prices' data-v2.json (a newer copy than the module's).</para></summary>
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = LoadSet)]
        [ValidateNotNullOrEmpty]
        [Alias("FullName")]
        public string Path { get; set; } = "";

        /// <summary><para type="description">Drop the loaded catalog: the built-in one prices again.</para></summary>
        [Parameter(Mandatory = true, ParameterSetName = ResetSet)]
        public SwitchParameter Reset { get; set; }

        protected override bool CreatesStore => true;

        protected override void EndProcessing()
        {
            string store = Core.Storage.CostStores.Describe(DatabasePath);
            try
            {
                if (Reset)
                {
                    if (!ShouldProcess(store, "Price with the built-in catalog again")) return;
                    Store.ResetCatalog();
                    WriteObject(LlmPriceCatalog.From(null));
                    return;
                }

                string full = SessionState.Path.GetUnresolvedProviderPathFromPSPath(Path);
                // Read and converted in full before anything is stored: a bad file changes nothing.
                var update = CatalogRefresh.Build(full);
                if (!ShouldProcess(store, $"Price with the catalog of {update.Source} ({update.Models} models; providers {string.Join(", ", update.Providers)})")) return;
                var kept = Store.SaveCatalog(update);
                WriteWarning("Stored costs keep the prices they were recorded with: preview the change with Update-LlmCost -Reprice -WhatIf.");
                WriteObject(LlmPriceCatalog.From(kept));
            }
            catch (LlmCostException ex)
            {
                ThrowTerminatingError(ToError(ex, Path));
            }
        }
    }
}
