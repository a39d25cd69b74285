using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Linq;
using System.Management.Automation;
using LlmCost.Core;
using LlmCost.Core.Ingestion;
using LlmCost.PowerShell.Infrastructure;
using LlmCost.PowerShell.Output;

namespace LlmCost.PowerShell.Commands
{
    /// <summary>Imports usage files: provider responses, OpenAI batch output, Claude Code logs, CSV; idempotent and incremental.</summary>
    [Cmdlet(VerbsData.Import, "LlmUsage", SupportsShouldProcess = true)]
    [OutputType(typeof(LlmImportSummary))]
    public sealed class ImportLlmUsageCommand : LlmCostCmdlet
    {
        protected override bool CreatesStore => true;

        private readonly List<string> _files = new List<string>();
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("FullName")]
        public string[] Path { get; set; } = Array.Empty<string>();

        [Parameter]
        public SwitchParameter Recurse { get; set; }

        [Parameter]
        public ImportFormat Format { get; set; } = ImportFormat.Auto;

        [Parameter]
        [ArgumentCompleter(typeof(SessionCompleter))]
        public string? SessionId { get; set; }

        [Parameter]
        [ArgumentCompleter(typeof(ProviderCompleter))]
        public string? Provider { get; set; }

        [Parameter]
        public SwitchParameter Force { get; set; }

        protected override void ProcessRecord()
        {
            foreach (var p in Path)
            {
                // PowerShell paths and wildcards (./logs/*.jsonl, ~/.claude/projects) resolve like Get-ChildItem's.
                Collection<string> resolved;
                try
                {
                    resolved = SessionState.Path.GetResolvedProviderPathFromPSPath(p, out _);
                }
                catch (ItemNotFoundException ex)
                {
                    WriteError(new ErrorRecord(ex, "FileNotFound", ErrorCategory.ObjectNotFound, p));
                    continue;
                }

                var found = UsageImporter.ExpandPaths(resolved, Recurse).ToList();
                if (found.Count == 0)
                {
                    var none = UsageImporter.NoFilesFound(resolved.Count == 1 ? resolved[0] : p, Recurse, "-Recurse");
                    WriteError(new ErrorRecord(none, none.ErrorId, ErrorCategory.ObjectNotFound, p));
                    continue;
                }

                _files.AddRange(found);
            }
        }

        protected override void EndProcessing()
        {
            var files = _files.Distinct(StringComparer.Ordinal).ToList();
            if (files.Count == 0) return;
            if (!ShouldProcess($"{files.Count} file(s)", "Import usage")) return;
            var options = new ImportOptions { Recurse = Recurse, Format = Format, SessionId = SessionId, Provider = Provider, Force = Force };
            var errors = new List<ImportError>();
            var progress = new ProgressRecord(1, "Import-LlmUsage", "Reading usage files");
            ImportSummary summary;
            try
            {
                summary = new UsageImporter(Store).Import(files, options, errors.Add, p =>
                {
                    progress.StatusDescription = $"{p.Lines:N0} lines, {p.Records:N0} records: {System.IO.Path.GetFileName(p.File)}";
                    progress.PercentComplete = p.BytesTotal > 0 ? (int)Math.Min(100, 100 * p.BytesRead / p.BytesTotal) : -1;
                    WriteProgress(progress);
                    FlushErrors(errors);
                }, StopToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (LlmCostException ex)
            {
                ThrowTerminatingError(ToError(ex, null));
                return;
            }

            FlushErrors(errors);
            progress.RecordType = ProgressRecordType.Completed;
            WriteProgress(progress);
            WriteObject(LlmImportSummary.From(summary));
        }

        private void FlushErrors(List<ImportError> errors)
        {
            foreach (var e in errors)
            {
                var ex = new LlmCostException(e.ErrorId, e.ToString());
                WriteError(new ErrorRecord(ex, e.ErrorId, e.ErrorId == "FileNotFound" || e.ErrorId == "FileReadFailed" ? ErrorCategory.ReadError : ErrorCategory.InvalidData, e.File + (e.Line > 0 ? ":" + e.Line : "")));
            }

            errors.Clear();
        }
    }
}
