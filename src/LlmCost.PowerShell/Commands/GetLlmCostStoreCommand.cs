using System.IO;
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
            if (!File.Exists(DatabasePath))
            {
                Fail("StoreNotFound", $"There is no LlmCost database at '{DatabasePath}'. Create it with Initialize-LlmCostStore (or record usage).", DatabasePath, ErrorCategory.ObjectNotFound);
            }

            WriteObject(LlmStoreInfo.From(Store.GetInfo()));
        }
    }
}
