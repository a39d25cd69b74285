using System.Linq;
using System.Management.Automation;
using LlmCost.Core;
using LlmCost.Core.Budgets;
using LlmCost.Core.Notifications;
using LlmCost.PowerShell.Infrastructure;
using LlmCost.PowerShell.Output;

namespace LlmCost.PowerShell.Commands
{
    /// <summary>Creates or replaces a budget.</summary>
    [Cmdlet(VerbsCommon.Set, "LlmBudget", SupportsShouldProcess = true)]
    [OutputType(typeof(LlmBudgetStatus))]
    public sealed class SetLlmBudgetCommand : LlmCostCmdlet
    {
        protected override bool CreatesStore => true;

        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(BudgetNameCompleter))]
        public string Name { get; set; } = "";

        /// <summary><para type="description">The limit in USD.</para></summary>
        [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true)]
        [Alias("Limit")]
        public decimal Amount { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        public BudgetPeriod Period { get; set; } = BudgetPeriod.Monthly;

        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string TimeZone { get; set; } = "UTC";

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(ProviderCompleter))]
        public string? Provider { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(ModelCompleter))]
        public string? Model { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("SessionId")]
        [ArgumentCompleter(typeof(SessionCompleter))]
        public string? Session { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string? Tag { get; set; }

        /// <summary><para type="description">Alert thresholds in percent; default 50, 80, 100 (or $env:LLMCOST_THRESHOLDS).</para></summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public int[]? Threshold { get; set; }

        /// <summary><para type="description">A hard budget: the .NET embedding API refuses requests in scope once it is spent.</para></summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public SwitchParameter Hard { get; set; }

        /// <summary><para type="description">Notification targets: webhook:URL, slack:URL, teams:URL, email:ADDRESS (URL may be env:VARIABLE).</para></summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string[]? Notify { get; set; }

        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void ProcessRecord()
        {
            var settings = NotificationSettings.FromEnvironment();
            var budget = new Budget
            {
                Name = Name,
                Amount = Amount,
                Period = Period,
                TimeZone = TimeZone,
                Provider = Provider,
                Model = Model,
                SessionId = Session,
                Tag = Tag,
                Thresholds = Threshold ?? settings.DefaultThresholds ?? Budget.DefaultThresholds,
                Enforcement = Hard ? BudgetEnforcement.Hard : BudgetEnforcement.Soft,
                Notify = Notify ?? new string[0],
            };
            try
            {
                budget.Validate();
            }
            catch (LlmCostException ex)
            {
                ThrowTerminatingError(ToError(ex, Name));
            }

            if (!ShouldProcess(Name, $"Set budget of {Amount} USD {Period.ToString().ToLowerInvariant()}")) return;
            try
            {
                var service = new BudgetService(Store, settings);
                var saved = service.Set(budget);
                if (PassThru)
                {
                    foreach (var s in service.Evaluate(saved)) WriteObject(LlmBudgetStatus.From(s));
                }
            }
            catch (LlmCostException ex)
            {
                WriteError(ToError(ex, Name));
            }
        }
    }
}
