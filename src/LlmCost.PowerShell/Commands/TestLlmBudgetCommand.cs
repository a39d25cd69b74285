using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using LlmCost.Core;
using LlmCost.Core.Budgets;
using LlmCost.Core.Notifications;
using LlmCost.PowerShell.Infrastructure;
using LlmCost.PowerShell.Output;

namespace LlmCost.PowerShell.Commands
{
    /// <summary>
    /// For scheduled tasks: evaluates budgets, records newly reached thresholds once per period, sends notifications
    /// (retrying failed ones) and returns the statuses; -FailOnBreach ends with a terminating error when one is spent.
    /// </summary>
    [Cmdlet(VerbsDiagnostic.Test, "LlmBudget", SupportsShouldProcess = true)]
    [OutputType(typeof(LlmBudgetStatus))]
    public sealed class TestLlmBudgetCommand : LlmCostCmdlet
    {
        private readonly List<string> _names = new List<string>();

        [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(BudgetNameCompleter))]
        public string[]? Name { get; set; }

        [Parameter]
        public SwitchParameter FailOnBreach { get; set; }

        [Parameter]
        public SwitchParameter IncludeAnomalies { get; set; }

        protected override void ProcessRecord()
        {
            if (Name != null) _names.AddRange(Name);
        }

        protected override void EndProcessing()
        {
            var settings = NotificationSettings.FromEnvironment();
            using var notifier = new Notifier(settings);
            var service = new BudgetService(Store, settings, notifier);
            var budgets = _names.Count == 0 ? service.Get() : _names.SelectMany(n => service.Get(n)).GroupBy(b => b.Id).Select(g => g.First()).ToList();
            foreach (var n in _names.Where(n => !WildcardPattern.ContainsWildcardCharacters(n) && service.Get(n).Count == 0))
            {
                WriteError(new ErrorRecord(new ItemNotFoundException(BudgetService.NotFound(n).Message), "BudgetNotFound", ErrorCategory.ObjectNotFound, n));
            }

            IReadOnlyList<BudgetStatus> statuses;
            if (!ShouldProcess(budgets.Count + " budget(s)", "Record new alerts and send notifications"))
            {
                // -WhatIf: evaluate only, record and send nothing.
                statuses = budgets.SelectMany(b => service.Evaluate(b)).ToList();
            }
            else
            {
                var result = service.Check(budgets, IncludeAnomalies);
                statuses = result.Statuses;
                foreach (var a in result.NewAlerts)
                {
                    WriteVerbose($"New alert: {a.Budget}{(a.SessionId != null ? " session " + a.SessionId : "")} reached {a.Threshold}% ({a.Level}).");
                }

                foreach (var a in result.NewAnomalies)
                {
                    WriteWarning($"Spending anomaly: {a.ScopeKind} '{a.Scope}' on {a.Day:yyyy-MM-dd} spent {a.Spent} USD, expected {a.ExpectedLow}..{a.ExpectedHigh}.");
                }

                foreach (var e in result.DeliveryErrors)
                {
                    WriteError(new ErrorRecord(new LlmCostException("NotificationFailed", e + " (it is retried by the next check)"), "NotificationFailed", ErrorCategory.ConnectionError, null));
                }
            }

            foreach (var s in statuses) WriteObject(LlmBudgetStatus.From(s));

            var breached = statuses.Where(s => s.IsBreached).ToList();
            if (FailOnBreach && breached.Count > 0)
            {
                string which = string.Join(", ", breached.Select(s => s.Budget + (s.SessionId != null ? "/" + s.SessionId : "")));
                ThrowTerminatingError(new ErrorRecord(new LlmCostException("BudgetBreached", $"Budget(s) spent: {which}."), "BudgetBreached", ErrorCategory.LimitsExceeded, which));
            }
        }
    }
}
