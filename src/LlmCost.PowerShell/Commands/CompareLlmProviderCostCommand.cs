using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using LlmCost.Core;
using LlmCost.Core.Billing;
using LlmCost.Core.Time;
using LlmCost.PowerShell.Infrastructure;
using LlmCost.PowerShell.Output;

namespace LlmCost.PowerShell.Commands
{
    /// <summary>
    /// Tracked cost next to the imported provider reports, per UTC day × provider × model: tracked, billed, the
    /// difference and a status (Match, BillHigher, TrackedHigher, NotTracked, NotBilled).
    /// </summary>
    [Cmdlet(VerbsData.Compare, "LlmProviderCost")]
    [OutputType(typeof(LlmBillComparison))]
    public sealed class CompareLlmProviderCostCommand : LlmCostCmdlet
    {
        /// <summary><para type="description">First UTC day; by default the first day of the imported reports.</para></summary>
        [Parameter]
        public DateTime? Since { get; set; }

        /// <summary><para type="description">End (exclusive); by default the end of the imported reports.</para></summary>
        [Parameter]
        public DateTime? Until { get; set; }

        /// <summary><para type="description">Only these providers (of those with an imported report).</para></summary>
        [Parameter]
        [ArgumentCompleter(typeof(ProviderCompleter))]
        public string[]? Provider { get; set; }

        /// <summary><para type="description">Only rows with these statuses: Match, BillHigher, TrackedHigher, NotTracked, NotBilled.</para></summary>
        [Parameter]
        public BillStatus[]? Status { get; set; }

        protected override void EndProcessing()
        {
            IReadOnlyList<BillComparison> rows;
            try
            {
                DateTime? since = TimeInput.ToUtc(Since, null);
                DateTime? until = TimeInput.ToUtc(Until, null);
                TimeInput.CheckRange(since, until);
                rows = BillReconciler.Compare(Store, since, until, Provider);
            }
            catch (LlmCostException ex)
            {
                ThrowTerminatingError(ToError(ex, Since));
                return;
            }

            var wanted = Status == null ? null : new HashSet<BillStatus>(Status);
            foreach (var row in rows.Where(r => wanted == null || wanted.Contains(r.Status))) WriteObject(LlmBillComparison.From(row));
        }
    }
}
