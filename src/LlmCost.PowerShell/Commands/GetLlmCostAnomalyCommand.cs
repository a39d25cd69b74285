using System;
using System.Collections.Generic;
using System.Management.Automation;
using LlmCost.Core.Budgets;
using LlmCost.PowerShell.Infrastructure;
using LlmCost.PowerShell.Output;

namespace LlmCost.PowerShell.Commands
{
    /// <summary>Days (and sessions) whose spend is far outside the recent norm (median / MAD).</summary>
    [Cmdlet(VerbsCommon.Get, "LlmCostAnomaly")]
    [OutputType(typeof(LlmCostAnomaly))]
    public sealed class GetLlmCostAnomalyCommand : LlmCostCmdlet
    {
        [Parameter]
        public DateTime? Since { get; set; }

        [Parameter]
        public DateTime? Until { get; set; }

        [Parameter]
        [ValidateRange(3, 365)]
        public int WindowDays { get; set; } = 14;

        [Parameter]
        [ValidateRange(1.0, 100.0)]
        public double Threshold { get; set; } = 3.5;

        [Parameter]
        [ValidateSet("all", "provider", "model", "session")]
        public string[] Scope { get; set; } = { "all", "provider", "model", "session" };

        [Parameter]
        public string? TimeZone { get; set; }

        protected override void ProcessRecord()
        {
            TimeZoneInfo? tz = ResolveZone(TimeZone);
            var options = new AnomalyOptions
            {
                Since = LlmCost.Core.Time.TimeInput.ToUtc(Since, tz),
                Until = LlmCost.Core.Time.TimeInput.ToUtc(Until, tz),
                WindowDays = WindowDays,
                MinHistoryDays = Math.Min(7, WindowDays),
                Threshold = Threshold,
                TimeZone = tz,
                Scopes = new HashSet<string>(Scope, StringComparer.OrdinalIgnoreCase),
            };
            foreach (var a in new AnomalyDetector(Store).Detect(options)) WriteObject(LlmCostAnomaly.From(a));
        }
    }
}
