using System.Management.Automation;
using LlmCost.Core.Queries;
using LlmCost.PowerShell.Infrastructure;
using LlmCost.PowerShell.Output;

namespace LlmCost.PowerShell.Commands
{
    /// <summary>Cost and token totals, optionally grouped.</summary>
    [Cmdlet(VerbsCommon.Get, "LlmCost")]
    [OutputType(typeof(LlmCostSummary))]
    public sealed class GetLlmCostCommand : CostQueryCmdlet
    {
        /// <summary><para type="description">One or more keys: Session, Hour, Day, Week, Month, Model, Provider, Tag (at most one calendar period), e.g. -GroupBy Day,Model.</para></summary>
        [Parameter]
        public CostGrouping[]? GroupBy { get; set; }

        /// <summary><para type="description">Time zone of Day, Week and Month groups (IANA id); UTC by default.</para></summary>
        [Parameter]
        public string? TimeZone { get; set; }

        protected override void ProcessRecord()
        {
            var keys = ResolveGroupings(GroupBy);
            var q = BuildQuery(ResolveZone(TimeZone));
            q.Groupings = keys;
            q.WithContractedCost = true;
            var groups = Store.GetCosts(q);
            if (groups.Count == 0 && keys.Count == 0)
            {
                WriteObject(LlmCostSummary.From(new CostGroup { GroupBy = CostGrouping.None }));
                WarnIfNothingMatched(q, 0);
                return;
            }

            long unpriced = 0, requests = 0;
            // One session asked for (Get-LlmCost -GroupBy Session | Get-LlmCost): its total keeps the session's name.
            string? oneSession = keys.Count == 0 && Session != null && Session.Length == 1 && !WildcardPattern.ContainsWildcardCharacters(Session[0]) ? Session[0] : null;
            foreach (var g in groups)
            {
                unpriced += g.Totals.UnpricedRequests;
                requests += g.Totals.Requests;
                var summary = LlmCostSummary.From(g);
                if (oneSession != null)
                {
                    summary.Key = oneSession;
                    summary.SessionId = oneSession;
                }

                WriteObject(summary);
            }

            WarnIfNothingMatched(q, requests);

            if (unpriced > 0)
            {
                WriteWarning($"{unpriced} request(s) have no known price and are not in the costs (see Get-LlmUsage -Unpriced).");
            }
        }
    }
}
