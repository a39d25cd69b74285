using System.Management.Automation;
using LlmCost.Core;
using LlmCost.PowerShell.Infrastructure;
using LlmCost.PowerShell.Output;

namespace LlmCost.PowerShell.Commands
{
    /// <summary>Checks the store (integrity, summaries against rows, unique keys); a damaged store also writes StoreDamaged.</summary>
    [Cmdlet(VerbsDiagnostic.Test, "LlmCostStore")]
    [OutputType(typeof(LlmStoreCheck))]
    public sealed class TestLlmCostStoreCommand : LlmCostCmdlet
    {
        protected override void EndProcessing()
        {
            var check = Store.Check();
            var result = LlmStoreCheck.From(check);
            WriteObject(result);
            if (!check.Healthy)
            {
                var ex = new LlmCostException("StoreDamaged", $"The store '{check.Path}' is damaged: {result.Problems}. Restore it from a backup (docs/reliability.md).");
                WriteError(new ErrorRecord(ex, ex.ErrorId, ErrorCategory.InvalidData, check.Path));
            }
        }
    }
}
