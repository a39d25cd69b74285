using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Text;
using LlmCost.Core.Export;
using LlmCost.Core.Queries;
using LlmCost.PowerShell.Infrastructure;
using LlmCost.PowerShell.Output;

namespace LlmCost.PowerShell.Commands
{
    /// <summary>
    /// Without -Path: flat rows (one per request, or per group with -GroupBy) for Export-Excel. With -Path: writes
    /// CSV (RFC 4180) or JSON itself. Piped usage or cost objects are exported as they come.
    /// </summary>
    [Cmdlet(VerbsData.Export, "LlmCost", SupportsShouldProcess = true, DefaultParameterSetName = QuerySet)]
    [OutputType(typeof(LlmUsageRecord), typeof(LlmCostSummary), typeof(FileInfo))]
    public sealed class ExportLlmCostCommand : CostQueryCmdlet
    {
        private const string QuerySet = "Query";
        private const string PipeSet = "InputObject";
        private readonly List<object> _piped = new List<object>();

        [Parameter(ParameterSetName = PipeSet, Mandatory = true, ValueFromPipeline = true)]
        public PSObject? InputObject { get; set; }

        [Parameter(ParameterSetName = QuerySet)]
        public CostGrouping GroupBy { get; set; } = CostGrouping.None;

        [Parameter(ParameterSetName = QuerySet)]
        public string? TimeZone { get; set; }

        [Parameter]
        public string? Path { get; set; }

        [Parameter]
        public ExportFormat Format { get; set; } = ExportFormat.Csv;

        /// <summary><para type="description">Overwrite an existing file.</para></summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void ProcessRecord()
        {
            if (ParameterSetName != PipeSet || InputObject == null) return;
            object o = InputObject.BaseObject;
            if (o is LlmUsageRecord || o is LlmCostSummary)
            {
                if (Path == null) WriteObject(o);
                else _piped.Add(o);
            }
            else
            {
                WriteError(new ErrorRecord(new PSArgumentException($"Export-LlmCost takes the objects of Get-LlmUsage and Get-LlmCost, not {o.GetType().Name}."),
                    "UnsupportedInputObject", ErrorCategory.InvalidType, o));
            }
        }

        protected override void EndProcessing()
        {
            IEnumerable<object> rows;
            if (ParameterSetName == PipeSet)
            {
                if (Path == null) return;
                rows = _piped;
            }
            else
            {
                var q = BuildQuery();
                if (GroupBy == CostGrouping.None)
                {
                    rows = Store.GetRequests(q).Select(r => (object)LlmUsageRecord.From(r));
                }
                else
                {
                    q.GroupBy = GroupBy;
                    q.TimeZone = ResolveZone(TimeZone);
                    rows = Store.GetCosts(q).Select(g => (object)LlmCostSummary.From(g));
                }

                if (Path == null)
                {
                    foreach (var row in rows)
                    {
                        if (Stopping) return;
                        WriteObject(row);
                    }

                    return;
                }
            }

            string full = SessionState.Path.GetUnresolvedProviderPathFromPSPath(Path);
            if (File.Exists(full) && !Force)
            {
                Fail("FileExists", $"'{full}' exists; use -Force to overwrite it.", full, ErrorCategory.ResourceExists);
            }

            if (!ShouldProcess(full, $"Export costs as {Format}")) return;
            var list = rows.ToList();
            bool usage = list.Count == 0 ? GroupBy == CostGrouping.None : list[0] is LlmUsageRecord;
            var columns = usage ? LlmUsageRecord.Columns : LlmCostSummary.Columns;
            var cells = list.Select(r => r is LlmUsageRecord u ? u.ToRow() : ((LlmCostSummary)r).ToRow());
            using (var writer = new StreamWriter(full, false, new UTF8Encoding(false)))
            {
                TabularWriter.Write(writer, Format, columns, cells);
            }

            if (PassThru) WriteObject(new FileInfo(full));
        }
    }
}
