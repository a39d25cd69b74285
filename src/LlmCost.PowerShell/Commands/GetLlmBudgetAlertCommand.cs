using System;
using System.Management.Automation;
using LlmCost.Core.Budgets;
using LlmCost.PowerShell.Infrastructure;
using LlmCost.PowerShell.Output;

namespace LlmCost.PowerShell.Commands
{
    /// <summary>Recorded budget alerts with their delivery status, newest first.</summary>
    [Cmdlet(VerbsCommon.Get, "LlmBudgetAlert")]
    [OutputType(typeof(LlmBudgetAlert))]
    public sealed class GetLlmBudgetAlertCommand : LlmCostCmdlet
    {
        [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(BudgetNameCompleter))]
        public string? Name { get; set; }

        [Parameter]
        public DateTime? Since { get; set; }

        protected override void ProcessRecord()
        {
            foreach (var a in new BudgetService(Store).GetAlerts(Name, LlmCost.Core.Time.TimeInput.ToUtc(Since, null))) WriteObject(LlmBudgetAlert.From(a));
        }
    }
}
