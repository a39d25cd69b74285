using System;
using System.Management.Automation;
using LlmCost.Core;
using LlmCost.Core.Pricing;
using LlmCost.PowerShell.Infrastructure;
using LlmCost.PowerShell.Output;

namespace LlmCost.PowerShell.Commands
{
    /// <summary>Re-prices stored requests with the prices now in effect at each one's time; -WhatIf previews per model.</summary>
    [Cmdlet(VerbsData.Update, "LlmCost", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(LlmRepriceResult))]
    public sealed class UpdateLlmCostCommand : CostQueryCmdlet
    {
        /// <summary><para type="description">Re-price the stored requests in scope.</para></summary>
        [Parameter(Mandatory = true)]
        public SwitchParameter Reprice { get; set; }

        /// <summary><para type="description">Why: kept in the audit trail (Get-LlmRepriceHistory).</para></summary>
        [Parameter]
        public string? Reason { get; set; }

        protected override void EndProcessing()
        {
            var scope = BuildQuery();
            bool write = ShouldProcess(Repricer.Describe(scope), "Re-price stored requests with the prices now in effect");
            var progress = new ProgressRecord(1, "Update-LlmCost", write ? "Re-pricing the stored requests" : "Reading the stored requests");
            try
            {
                var (lines, run) = new Repricer(Store).Reprice(scope, preview: !write, Reason, Environment.UserName, StopToken, n =>
                {
                    progress.StatusDescription = $"{n:N0} requests done";
                    WriteProgress(progress);
                });
                progress.RecordType = ProgressRecordType.Completed;
                WriteProgress(progress);
                foreach (var line in lines) WriteObject(LlmRepriceResult.From(line, !write, run?.RunId));
            }
            catch (LlmCostException ex)
            {
                ThrowTerminatingError(ToError(ex, null));
            }
            catch (OperationCanceledException)
            {
                // Stopped: the batches committed so far stay re-priced and are in Get-LlmRepriceHistory.
            }
        }
    }
}
