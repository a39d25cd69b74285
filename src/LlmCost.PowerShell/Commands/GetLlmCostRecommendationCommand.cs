using System.Collections.Generic;
using System.Management.Automation;
using LlmCost.Core;
using LlmCost.Core.Analysis;
using LlmCost.PowerShell.Infrastructure;
using LlmCost.PowerShell.Output;

namespace LlmCost.PowerShell.Commands
{
    /// <summary>
    /// Ranked suggestions to spend less (a cheaper model of the family, batch, prompt caching, 1-hour cache writes), each
    /// with its monthly saving and the numbers behind it, from the stored usage of a window (the last 30 days by default).
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "LlmCostRecommendation")]
    [OutputType(typeof(LlmCostRecommendation))]
    public sealed class GetLlmCostRecommendationCommand : CostQueryCmdlet
    {
        /// <summary><para type="description">Leave out suggestions saving less than this a month (USD); 1 by default, 0 for all.</para></summary>
        [Parameter]
        [ValidateRange(0.0, 1e12)]
        public decimal MinimumSaving { get; set; } = 1m;

        /// <summary><para type="description">Only these kinds: CheaperModel, Batch, PromptCaching, LongerCacheWrites.</para></summary>
        [Parameter]
        public RecommendationKind[]? Kind { get; set; }

        /// <summary><para type="description">Time zone of -Since/-Until without an offset; UTC by default.</para></summary>
        [Parameter]
        public string? TimeZone { get; set; }

        protected override void EndProcessing()
        {
            var q = BuildQuery(ResolveZone(TimeZone));
            IReadOnlyList<CostRecommendation> found;
            var progress = new ProgressRecord(1, "Get-LlmCostRecommendation", "Reading the stored requests");
            try
            {
                found = CostRecommender.Recommend(Store, q, new RecommendationOptions { MinimumMonthlySaving = MinimumSaving }, StopToken, n =>
                {
                    progress.StatusDescription = $"{n:N0} requests read";
                    WriteProgress(progress);
                });
                progress.RecordType = ProgressRecordType.Completed;
                WriteProgress(progress);
            }
            catch (LlmCostException ex)
            {
                ThrowTerminatingError(ToError(ex, Since));
                return;
            }
            catch (System.OperationCanceledException)
            {
                return;
            }

            var kinds = Kind == null ? null : new HashSet<RecommendationKind>(Kind);
            foreach (var r in found)
            {
                if (kinds == null || kinds.Contains(r.Kind)) WriteObject(LlmCostRecommendation.From(r));
            }
        }
    }
}
