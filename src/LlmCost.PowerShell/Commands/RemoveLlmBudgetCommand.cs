using System.Management.Automation;
using LlmCost.Core.Budgets;
using LlmCost.PowerShell.Infrastructure;

namespace LlmCost.PowerShell.Commands
{
    /// <summary>Removes budgets and their alert history.</summary>
    [Cmdlet(VerbsCommon.Remove, "LlmBudget", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(void))]
    public sealed class RemoveLlmBudgetCommand : LlmCostCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(BudgetNameCompleter))]
        public string[] Name { get; set; } = new string[0];

        protected override void ProcessRecord()
        {
            var service = new BudgetService(Store);
            foreach (string name in Name)
            {
                if (service.Get(name).Count == 0)
                {
                    WriteError(new ErrorRecord(new ItemNotFoundException(BudgetService.NotFound(name).Message), "BudgetNotFound", ErrorCategory.ObjectNotFound, name));
                    continue;
                }

                foreach (var b in service.Get(name))
                {
                    if (ShouldProcess(b.Name, "Remove budget and its alerts")) service.Remove(b.Name);
                }
            }
        }
    }
}
