using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using LlmCost.Core;
using LlmCost.Core.Analysis;
using LlmCost.PowerShell.Infrastructure;
using LlmCost.PowerShell.Output;

namespace LlmCost.PowerShell.Commands
{
    /// <summary>
    /// What-if: the stored usage of a scope (the filters of Get-LlmCost) priced as if it had run on other models, in
    /// batch mode, or with a cache hit rate; one object per alternative.
    /// </summary>
    [Cmdlet(VerbsData.Compare, "LlmModelCost")]
    [OutputType(typeof(LlmModelCostComparison))]
    public sealed class CompareLlmModelCostCommand : CostQueryCmdlet
    {
        /// <summary><para type="description">The models to price the scope with: model ids, or provider/model. Without any, each request keeps its own model (to see -Batch or -CacheHitRate alone).</para></summary>
        [Parameter(Position = 0)]
        [Alias("To")]
        [ArgumentCompleter(typeof(ModelCompleter))]
        public string[]? Alternative { get; set; }

        /// <summary><para type="description">Price the alternatives as batch requests.</para></summary>
        [Parameter]
        public SwitchParameter Batch { get; set; }

        /// <summary><para type="description">Share of each request's input read from the prompt cache, 0 to 1.</para></summary>
        [Parameter]
        [ValidateRange(0.0, 1.0)]
        public decimal? CacheHitRate { get; set; }

        /// <summary><para type="description">Time zone of -Since/-Until without an offset; UTC by default.</para></summary>
        [Parameter]
        public string? TimeZone { get; set; }

        protected override void EndProcessing()
        {
            var scenarios = WhatIfScenario.For(Alternative, Batch.IsPresent, CacheHitRate);
            var q = BuildQuery(ResolveZone(TimeZone));
            IReadOnlyList<ModelCostComparison> results;
            try
            {
                results = ModelCostComparer.Compare(Store, q, scenarios, StopToken);
            }
            catch (LlmCostException ex)
            {
                ThrowTerminatingError(ToError(ex, Alternative));
                return;
            }
            catch (System.OperationCanceledException)
            {
                return;
            }

            WarnIfNothingMatched(q, results.Count == 0 ? 0 : results[0].Requests);
            foreach (var r in results)
            {
                if (r.NotPriced > 0) WriteWarning($"{r.Alternative}: {r.NotPriced} request(s) could not be priced ({string.Join("; ", r.Reasons)}); they are not in its cost.");
                WriteObject(LlmModelCostComparison.From(r));
            }
        }
    }
}
