using System.Management.Automation;
using LlmCost.PowerShell.Infrastructure;

namespace LlmCost.PowerShell.Commands
{
    /// <summary>Removes contract discounts by id (Get-LlmContractDiscount | Remove-LlmContractDiscount).</summary>
    [Cmdlet(VerbsCommon.Remove, "LlmContractDiscount", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(void))]
    public sealed class RemoveLlmContractDiscountCommand : LlmCostCmdlet
    {
        /// <summary><para type="description">The discounts' ids.</para></summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        public long[] Id { get; set; } = new long[0];

        protected override void ProcessRecord()
        {
            foreach (long id in Id)
            {
                if (!ShouldProcess($"contract discount {id}", "Remove")) continue;
                if (!Store.RemoveContractDiscount(id))
                {
                    WriteError(new ErrorRecord(new ItemNotFoundException($"There is no contract discount with id {id} (Get-LlmContractDiscount lists them)."),
                        "DiscountNotFound", ErrorCategory.ObjectNotFound, id));
                }
            }
        }
    }
}
