using System;
using System.Diagnostics;
using System.IO;
using System.Management.Automation;
using System.Runtime.InteropServices;
using LlmCost.Core.Export;
using LlmCost.Core.Reports;
using LlmCost.Core.Time;
using LlmCost.PowerShell.Infrastructure;

namespace LlmCost.PowerShell.Commands
{
    /// <summary>Writes the dashboard as one self-contained HTML file (docs/reports.md); the same page as llmcost report --html.</summary>
    [Cmdlet(VerbsData.Export, "LlmCostReport", SupportsShouldProcess = true)]
    [OutputType(typeof(FileInfo))]
    public sealed class ExportLlmCostReportCommand : LlmCostCmdlet
    {
        [Parameter(Mandatory = true, Position = 0)]
        public string Path { get; set; } = "";

        [Parameter]
        public DateTime? Since { get; set; }

        [Parameter]
        public DateTime? Until { get; set; }

        [Parameter]
        public string? TimeZone { get; set; }

        /// <summary><para type="description">Open the file in the default browser when it is written.</para></summary>
        [Parameter]
        public SwitchParameter Open { get; set; }

        /// <summary><para type="description">Refuse to overwrite an existing file (FileExists).</para></summary>
        [Parameter]
        public SwitchParameter NoClobber { get; set; }

        protected override void EndProcessing()
        {
            var zone = ResolveZone(TimeZone);
            string full = OutputFile(Path, NoClobber, overwriteReadOnly: true);
            var options = new DashboardOptions { Since = TimeInput.ToUtc(Since, zone), Until = TimeInput.ToUtc(Until, zone), TimeZone = zone };
            if (!ShouldProcess(full, "Write the cost dashboard")) return;

            WriteProgress(new ProgressRecord(1, "Export-LlmCostReport", "Reading the summaries") { PercentComplete = 10 });
            var dashboard = new DashboardBuilder(Store).Build(options);
            WriteProgress(new ProgressRecord(1, "Export-LlmCostReport", "Writing " + full) { PercentComplete = 90 });
            try
            {
                AtomicFile.Write(full, w => HtmlDashboardWriter.Write(w, dashboard));
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                Fail("FileWriteFailed", $"Cannot write '{full}': {ex.Message}", full, ErrorCategory.WriteError);
            }

            WriteProgress(new ProgressRecord(1, "Export-LlmCostReport", "Done") { RecordType = ProgressRecordType.Completed });
            WriteObject(new FileInfo(full));
            if (Open) OpenInBrowser(full);
        }

        private void OpenInBrowser(string file)
        {
            try
            {
                var psi = RuntimeInformation.IsOSPlatform(OSPlatform.Windows) ? new ProcessStartInfo(file) { UseShellExecute = true }
                    : new ProcessStartInfo(RuntimeInformation.IsOSPlatform(OSPlatform.OSX) ? "open" : "xdg-open", "\"" + file + "\"") { UseShellExecute = false };
                Process.Start(psi)?.Dispose();
            }
            catch (Exception ex) when (ex is System.ComponentModel.Win32Exception || ex is InvalidOperationException)
            {
                // The file is written; only the browser could not be started (a server without a desktop).
                WriteWarning($"The report is at '{file}', but no browser could be opened: {ex.Message}");
            }
        }
    }
}
