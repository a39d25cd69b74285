using System;
using System.Management.Automation;
using LlmCost.Core.Reports;
using LlmCost.Core.Time;
using LlmCost.PowerShell.Infrastructure;

namespace LlmCost.PowerShell.Commands
{
    /// <summary>
    /// Serves the live dashboard, its JSON and Prometheus /metrics (docs/reports.md) until Ctrl+C; writes the page's
    /// address first. Loopback only unless -ListenAddress names another address and -AllowRemote is given.
    /// </summary>
    [Cmdlet(VerbsLifecycle.Start, "LlmCostDashboard")]
    [OutputType(typeof(Uri))]
    public sealed class StartLlmCostDashboardCommand : LlmCostCmdlet
    {
        [Parameter(Position = 0)]
        [ValidateRange(1, 65535)]
        public int Port { get; set; } = 8787;

        [Parameter]
        public string ListenAddress { get; set; } = "127.0.0.1";

        /// <summary><para type="description">Allow a non-loopback -ListenAddress: the page has no authentication.</para></summary>
        [Parameter]
        public SwitchParameter AllowRemote { get; set; }

        [Parameter]
        public DateTime? Since { get; set; }

        [Parameter]
        public DateTime? Until { get; set; }

        [Parameter]
        public string? TimeZone { get; set; }

        [Parameter]
        [ValidateRange(0, 86400)]
        public int RefreshSeconds { get; set; } = 30;

        protected override void EndProcessing()
        {
            var zone = ResolveZone(TimeZone);
            var options = new DashboardOptions { Since = TimeInput.ToUtc(Since, zone), Until = TimeInput.ToUtc(Until, zone), TimeZone = zone };
            var server = new DashboardServer(Store, ListenAddress, Port, AllowRemote, options, RefreshSeconds);
            server.Start();
            try
            {
                WriteObject(new Uri(server.Url));
                WriteVerbose($"Serving {server.Url}, {server.Url}api/dashboard and {server.Url}metrics; Ctrl+C stops.");
                StopToken.WaitHandle.WaitOne();
            }
            finally
            {
                server.Dispose();
            }
        }
    }
}
