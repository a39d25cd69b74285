using System.Management.Automation;
using LlmCost.PowerShell.Infrastructure;
using LlmCost.PowerShell.Output;

namespace LlmCost.PowerShell.Commands
{
    [Cmdlet(VerbsData.Initialize, "LlmCostStore", SupportsShouldProcess = true)]
    [OutputType(typeof(LlmStoreInfo))]
    public sealed class InitializeLlmCostStoreCommand : LlmCostCmdlet
    {
        protected override bool CreatesStore => true;

        protected override void EndProcessing()
        {
            if (!ShouldProcess(LlmCost.Core.Storage.CostStores.Describe(DatabasePath), "Create or migrate the LlmCost database")) return;
            WriteObject(LlmStoreInfo.From(Store.GetInfo()));
        }
    }
}
