using System.Management.Automation;
using LlmCost.Core.Queries;
using LlmCost.PowerShell.Infrastructure;
using LlmCost.PowerShell.Output;

namespace LlmCost.PowerShell.Commands
{
    /// <summary>Streams stored requests with their costs.</summary>
    [Cmdlet(VerbsCommon.Get, "LlmUsage")]
    [OutputType(typeof(LlmUsageRecord))]
    public sealed class GetLlmUsageCommand : CostQueryCmdlet
    {
        /// <summary><para type="description">Only requests without a known price.</para></summary>
        [Parameter]
        public SwitchParameter Unpriced { get; set; }

        protected override void ProcessRecord()
        {
            var q = BuildQuery();
            q.OnlyUnpriced = Unpriced;
            long found = 0;
            foreach (RequestCost r in LlmCost.Core.Pricing.ContractTerms.Of(Store).Apply(Store.GetRequests(q)))
            {
                if (Stopping) return;
                found++;
                WriteObject(LlmUsageRecord.From(r));
            }

            WarnIfNothingMatched(q, found);
        }
    }
}
