using System.Management.Automation;
using LlmCost.PowerShell.Infrastructure;
using LlmCost.PowerShell.Output;

namespace LlmCost.PowerShell.Commands
{
    [Cmdlet(VerbsCommon.Get, "LlmCostStore")]
    [OutputType(typeof(LlmStoreInfo))]
    public sealed class GetLlmCostStoreCommand : LlmCostCmdlet
    {
        protected override void EndProcessing()
        {
            WriteObject(LlmStoreInfo.From(Store.GetInfo()));
        }
    }
}
