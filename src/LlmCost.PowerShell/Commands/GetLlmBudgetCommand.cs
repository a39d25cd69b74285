using System.Management.Automation;
using LlmCost.Core.Budgets;
using LlmCost.PowerShell.Infrastructure;
using LlmCost.PowerShell.Output;

namespace LlmCost.PowerShell.Commands
{
    /// <summary>Budgets with spent, remaining, percent, forecast and status for their current period.</summary>
    [Cmdlet(VerbsCommon.Get, "LlmBudget")]
    [OutputType(typeof(LlmBudgetStatus))]
    public sealed class GetLlmBudgetCommand : LlmCostCmdlet
    {
        /// <summary><para type="description">Budget names; * and ? are wildcards. All budgets when omitted.</para></summary>
        [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(BudgetNameCompleter))]
        public string[]? Name { get; set; }

        protected override void ProcessRecord()
        {
            var service = new BudgetService(Store);
            foreach (string pattern in Name ?? new[] { "*" })
            {
                var budgets = service.Get(pattern);
                if (budgets.Count == 0 && !WildcardPattern.ContainsWildcardCharacters(pattern))
                {
                    WriteError(new ErrorRecord(new ItemNotFoundException(BudgetService.NotFound(pattern).Message), "BudgetNotFound", ErrorCategory.ObjectNotFound, pattern));
                    continue;
                }

                foreach (var b in budgets)
                {
                    foreach (var s in service.Evaluate(b)) WriteObject(LlmBudgetStatus.From(s));
                }
            }
        }
    }
}
