using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
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
    [OutputType(typeof(LlmUsageRecord), typeof(LlmCostSummary), typeof(FileInfo), typeof(PSObject))]
    public sealed class ExportLlmCostCommand : CostQueryCmdlet
    {
        private const string QuerySet = "Query";
        private const string PipeSet = "InputObject";
        private readonly List<object> _piped = new List<object>();

        [Parameter(ParameterSetName = PipeSet, Mandatory = true, ValueFromPipeline = true)]
        public PSObject? InputObject { get; set; }

        /// <summary><para type="description">Rows per group instead of per request: one or more keys as Get-LlmCost takes them (-GroupBy Day,Model).</para></summary>
        [Parameter(ParameterSetName = QuerySet)]
        public CostGrouping[]? GroupBy { get; set; }

        [Parameter(ParameterSetName = QuerySet)]
        public string? TimeZone { get; set; }

        [Parameter]
        public string? Path { get; set; }

        [Parameter]
        public ExportFormat Format { get; set; } = ExportFormat.Csv;

        /// <summary><para type="description">Overwrite a read-only file too (an existing file is overwritten without it, as Export-Csv does).</para></summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        /// <summary><para type="description">Refuse to overwrite an existing file (FileExists).</para></summary>
        [Parameter]
        public SwitchParameter NoClobber { get; set; }

        [Parameter]
        public SwitchParameter PassThru { get; set; }

        /// <summary><para type="description">With -Format Focus: one row per request and token kind instead of per day, provider, model and token kind.</para></summary>
        [Parameter(ParameterSetName = QuerySet)]
        public SwitchParameter Detail { get; set; }

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
                if (Format == ExportFormat.Focus) Fail("FocusReadsTheStore", "-Format Focus reads the store itself: give the query parameters (-Since, -Until, ...) instead of piped objects.", null);
                if (Path == null) return;
                rows = _piped;
            }
            else if (Format == ExportFormat.Focus)
            {
                ExportFocus();
                return;
            }
            else
            {
                if (Detail) Fail("DetailNeedsFocus", "-Detail is for -Format Focus (the other formats are per request already).", null);
                var keys = ResolveGroupings(GroupBy);
                var q = BuildQuery(ResolveZone(TimeZone));
                if (keys.Count == 0)
                {
                    rows = LlmCost.Core.Pricing.ContractTerms.Of(Store).Apply(Store.GetRequests(q)).Select(r => (object)LlmUsageRecord.From(r));
                }
                else
                {
                    q.Groupings = keys;
                    q.WithContractedCost = true;
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

            string full = OutputFile(Path, NoClobber, Force);
            if (!ShouldProcess(full, $"Export costs as {Format}")) return;
            var list = rows.ToList();
            bool usage = list.Count == 0 ? ResolveGroupings(GroupBy).Count == 0 : list[0] is LlmUsageRecord;
            var columns = usage ? LlmUsageRecord.Columns : LlmCostSummary.Columns;
            var cells = list.Select(r => r is LlmUsageRecord u ? u.ToRow() : ((LlmCostSummary)r).ToRow());
            try
            {
                // Read-only targets got here only with -Force (checked above).
                AtomicFile.Write(full, writer => TabularWriter.Write(writer, Format, columns, cells), clearReadOnly: true);
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                Fail("FileWriteFailed", $"Cannot write '{full}': {ex.Message}", full, ErrorCategory.WriteError);
            }

            if (PassThru) WriteObject(new FileInfo(full));
        }


        /// <summary>FinOps FOCUS 1.2 rows: objects with the FOCUS columns as properties, or a CSV file with -Path.</summary>
        private void ExportFocus()
        {
            if (ResolveGroupings(GroupBy).Count > 0) Fail("GroupByWithFocus", "-Format Focus has its own grouping (day, provider, model, token kind; -Detail per request): leave out -GroupBy.", null);
            var focus = new FocusExport(Store);
            var rows = focus.Rows(BuildQuery(ResolveZone(TimeZone)), Detail);
            if (Path == null)
            {
                foreach (var row in rows)
                {
                    if (Stopping) return;
                    var o = new PSObject();
                    for (int i = 0; i < FocusExport.Columns.Count; i++) o.Properties.Add(new PSNoteProperty(FocusExport.Columns[i], row[i]));
                    WriteObject(o);
                }
            }
            else
            {
                string full = OutputFile(Path, NoClobber, Force);
                if (!ShouldProcess(full, "Export costs as FOCUS 1.2 CSV")) return;
                try
                {
                    AtomicFile.Write(full, writer => TabularWriter.Write(writer, ExportFormat.Focus, FocusExport.Columns, rows), clearReadOnly: true);
                }
                catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
                {
                    Fail("FileWriteFailed", $"Cannot write '{full}': {ex.Message}", full, ErrorCategory.WriteError);
                }

                if (PassThru) WriteObject(new FileInfo(full));
            }

            if (focus.Unpriced > 0)
            {
                WriteWarning($"{focus.Unpriced:N0} unpriced requests are not in the FOCUS rows: set their price (Set-LlmModelPrice) and re-price (Update-LlmCost -Reprice) to include them.");
            }
        }
    }
}
