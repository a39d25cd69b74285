using System.Management.Automation;
using LlmCost.PowerShell.Infrastructure;
using LlmCost.PowerShell.Output;

namespace LlmCost.PowerShell.Commands
{
    /// <summary>The audit trail of re-pricing runs, newest first.</summary>
    [Cmdlet(VerbsCommon.Get, "LlmRepriceHistory")]
    [OutputType(typeof(LlmRepriceRun))]
    public sealed class GetLlmRepriceHistoryCommand : LlmCostCmdlet
    {
        protected override void EndProcessing()
        {
            foreach (var run in Store.GetRepriceRuns()) WriteObject(LlmRepriceRun.From(run));
        }
    }
}
