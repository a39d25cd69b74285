using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using LlmCost.Core;
using LlmCost.Core.Time;
using LlmCost.Core.Queries;

namespace LlmCost.PowerShell.Infrastructure
{
    /// <summary>The filters shared by Get-LlmUsage, Get-LlmCost and Export-LlmCost.</summary>
    public abstract class CostQueryCmdlet : LlmCostCmdlet
    {
        /// <summary><para type="description">Only these sessions; * and ? are wildcards (doc*).</para></summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("SessionId")]
        [ArgumentCompleter(typeof(SessionCompleter))]
        public string[]? Session { get; set; }

        /// <summary><para type="description">Start of the range (inclusive). A time with an offset or Z, or a local time such as (Get-Date).Date, is that instant; a date or time without an offset ('2025-06-01') is read in -TimeZone, UTC when not given, as the CLI reads it.</para></summary>
        [Parameter]
        public DateTime? Since { get; set; }

        /// <summary><para type="description">End of the range (exclusive); read as -Since is. It must not be before -Since.</para></summary>
        [Parameter]
        public DateTime? Until { get; set; }

        /// <summary><para type="description">Only these providers (openai, anthropic, google, groq, ...).</para></summary>
        [Parameter]
        [ArgumentCompleter(typeof(ProviderCompleter))]
        public string[]? Provider { get; set; }

        /// <summary><para type="description">Only these models; * and ? are wildcards. A model name also matches its dated and alias ids (o3 matches o3-2025-04-16).</para></summary>
        [Parameter]
        [ArgumentCompleter(typeof(ModelCompleter))]
        public string[]? Model { get; set; }

        /// <summary><para type="description">Only requests with one of these tags.</para></summary>
        [Parameter]
        public string[]? Tag { get; set; }

        /// <summary>The query of the filters; times without an offset are read in <paramref name="zone"/> (UTC when null).</summary>
        protected CostQuery BuildQuery(TimeZoneInfo? zone = null)
        {
            var q = new CostQuery
            {
                Sessions = Session,
                Since = TimeInput.ToUtc(Since, zone),
                Until = TimeInput.ToUtc(Until, zone),
                Providers = Provider,
                Models = Model,
                Tags = Tag,
                TimeZone = zone,
            };
            try
            {
                TimeInput.CheckRange(q.Since, q.Until);
            }
            catch (LlmCostException ex)
            {
                ThrowTerminatingError(ToError(ex, Since));
            }

            ModelFilter.Expand(q, Store);
            return q;
        }

        /// <summary>The grouping keys of -GroupBy (Day,Model); a bad combination stops the command (ConflictingGroupBy, DuplicateGroupBy).</summary>
        protected IReadOnlyList<CostGrouping> ResolveGroupings(CostGrouping[]? keys)
        {
            try
            {
                return CostGroupings.Normalize(keys);
            }
            catch (LlmCostException ex)
            {
                ThrowTerminatingError(ToError(ex, keys));
                return Array.Empty<CostGrouping>();
            }
        }

        /// <summary>Warns when filters were given and nothing matched them: a typo is never a silent $0.</summary>
        protected void WarnIfNothingMatched(CostQuery q, long requestsFound)
        {
            var filters = q.GivenFilters();
            if (requestsFound > 0 || filters.Count == 0) return;
            string named = string.Join(" ", filters.Select(f => $"-{f.Filter} '{f.Value}'"));
            WriteWarning($"No stored request matches {named}{(q.Since.HasValue || q.Until.HasValue ? " in the range given" : "")}.");
        }


    }
}
