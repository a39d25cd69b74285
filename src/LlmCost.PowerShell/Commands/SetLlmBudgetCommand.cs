using System.Management.Automation;
using LlmCost.Core;
using LlmCost.Core.Budgets;
using LlmCost.Core.Notifications;
using LlmCost.PowerShell.Infrastructure;
using LlmCost.PowerShell.Output;

namespace LlmCost.PowerShell.Commands
{
    /// <summary>Creates a budget, or changes the properties given of an existing one (the others are kept).</summary>
    [Cmdlet(VerbsCommon.Set, "LlmBudget", SupportsShouldProcess = true)]
    [OutputType(typeof(LlmBudgetStatus))]
    public sealed class SetLlmBudgetCommand : LlmCostCmdlet
    {
        protected override bool CreatesStore => true;

        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(BudgetNameCompleter))]
        public string Name { get; set; } = "";

        /// <summary><para type="description">The limit in USD; required for a new budget.</para></summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("Limit")]
        public decimal? Amount { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        public BudgetPeriod? Period { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string? TimeZone { get; set; }

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
            // Only what is given changes: Set-LlmBudget team-a -Amount 600 keeps the budget's scope and targets.
            // An empty text ('') removes a scope filter; -Notify @() removes the targets.
            bool Given(string name) => MyInvocation.BoundParameters.ContainsKey(name);
            var change = new BudgetChange
            {
                Amount = Amount,
                Period = Period,
                TimeZone = TimeZone,
                Provider = Given(nameof(Provider)) ? Provider ?? "" : null,
                Model = Given(nameof(Model)) ? Model ?? "" : null,
                SessionId = Given(nameof(Session)) ? Session ?? "" : null,
                Tag = Given(nameof(Tag)) ? Tag ?? "" : null,
                Thresholds = Threshold,
                Enforcement = Given(nameof(Hard)) ? (Hard ? BudgetEnforcement.Hard : BudgetEnforcement.Soft) : (BudgetEnforcement?)null,
                Notify = Given(nameof(Notify)) ? Notify ?? new string[0] : null,
            };
            if (!ShouldProcess(Name, Amount.HasValue ? $"Set budget to {Amount} USD" : "Change budget")) return;
            try
            {
                var service = new BudgetService(Store, settings);
                var saved = service.Apply(Name, change);
                if (PassThru)
                {
                    foreach (var s in service.Evaluate(saved)) WriteObject(LlmBudgetStatus.From(s));
                }
            }
            catch (LlmCostException ex) when (ErrorIds.KindOf(ex.ErrorId) == ErrorKind.InvalidArgument)
            {
                ThrowTerminatingError(ToError(ex, Name)); // a bad definition stops the command
            }
            catch (LlmCostException ex)
            {
                WriteError(ToError(ex, Name));
            }
        }
    }
}
