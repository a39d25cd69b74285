using System;
using System.Collections.Generic;
using System.Management.Automation;
using LlmCost.Core;
using LlmCost.Core.Billing;
using LlmCost.Core.Time;
using LlmCost.PowerShell.Infrastructure;
using LlmCost.PowerShell.Output;

namespace LlmCost.PowerShell.Commands
{
    /// <summary>
    /// Stores the providers' own cost and usage reports (OpenAI organization costs and usage, Anthropic cost and usage
    /// reports), from files or fetched from the admin API, so Compare-LlmProviderCost can hold tracked cost against the
    /// bill. A later report of a day replaces that day's lines; importing the same report twice changes nothing.
    /// </summary>
    [Cmdlet(VerbsData.Import, "LlmProviderCost", SupportsShouldProcess = true, DefaultParameterSetName = PathSet)]
    [OutputType(typeof(LlmProviderCostImport))]
    public sealed class ImportLlmProviderCostCommand : LlmCostCmdlet
    {
        private const string PathSet = "Path";
        private const string FetchSet = "Fetch";
        private readonly List<string> _paths = new List<string>();
        /// <summary><para type="description">Report files: a page as the API returns it, or a JSON array of pages.</para></summary>
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = PathSet, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        [Alias("FullName")]
        public string[] Path { get; set; } = Array.Empty<string>();

        /// <summary><para type="description">Cost or Usage: needed only for a report whose buckets are all empty (it cannot say which it is).</para></summary>
        [Parameter(ParameterSetName = PathSet)]
        public ProviderCostKind? Kind { get; set; }

        /// <summary><para type="description">Fetch this provider's reports from its admin API (openai: $OPENAI_ADMIN_KEY; anthropic: $ANTHROPIC_ADMIN_API_KEY).</para></summary>
        [Parameter(Mandatory = true, ParameterSetName = FetchSet)]
        [ValidateSet("openai", "anthropic")]
        public string Provider { get; set; } = "";

        /// <summary><para type="description">First UTC day to fetch.</para></summary>
        [Parameter(Mandatory = true, ParameterSetName = FetchSet)]
        public DateTime Since { get; set; }

        /// <summary><para type="description">End of the days to fetch (exclusive); today (UTC) by default.</para></summary>
        [Parameter(ParameterSetName = FetchSet)]
        public DateTime? Until { get; set; }

        /// <summary><para type="description">The API's address, for a proxy or a test server; the provider's own by default.</para></summary>
        [Parameter(ParameterSetName = FetchSet)]
        public Uri? BaseUri { get; set; }

        protected override bool CreatesStore => true;

        protected override void ProcessRecord()
        {
            if (ParameterSetName == PathSet) _paths.AddRange(Path);
        }

        protected override void EndProcessing()
        {
            var reports = new List<ProviderCostReport>();
            object target = ParameterSetName == PathSet ? (object)_paths : Provider;
            try
            {
                if (ParameterSetName == PathSet)
                {
                    // Every file read and checked before anything is stored: a bad one changes nothing.
                    foreach (var p in _paths) reports.Add(ProviderReportReader.ReadFile(SessionState.Path.GetUnresolvedProviderPathFromPSPath(p), Kind));
                }
                else
                {
                    DateTime since = TimeInput.ToUtc(Since, null).Date;
                    DateTime until = (TimeInput.ToUtc(Until, null) ?? DateTime.UtcNow.Date.AddDays(1)).Date;
                    TimeInput.CheckRange(since, until);
                    string key = ProviderCostFetcher.KeyFromEnvironment(Provider);
                    reports.AddRange(new ProviderCostFetcher().Fetch(Provider, since, until, key, BaseUri, m => WriteVerbose(m), StopToken));
                }

                foreach (var report in reports)
                {
                    var summary = ProviderCostImport.Of(report);
                    if (!ShouldProcess(Core.Storage.CostStores.Describe(DatabasePath),
                        $"Store {report.Provider}'s {report.Kind.ToString().ToLowerInvariant()} report {report.Source} ({summary.Buckets} day(s), {summary.Lines} line(s))"))
                    {
                        continue;
                    }

                    summary.Replaced = Store.SaveProviderCosts(report);
                    WriteObject(LlmProviderCostImport.From(summary));
                }
            }
            catch (LlmCostException ex)
            {
                ThrowTerminatingError(ToError(ex, target));
            }
            catch (OperationCanceledException)
            {
            }
        }
    }
}
