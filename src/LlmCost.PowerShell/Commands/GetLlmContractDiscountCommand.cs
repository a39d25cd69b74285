using System.Linq;
using System.Management.Automation;
using LlmCost.PowerShell.Infrastructure;
using LlmCost.PowerShell.Output;

namespace LlmCost.PowerShell.Commands
{
    /// <summary>The contract discounts kept in the store, oldest first.</summary>
    [Cmdlet(VerbsCommon.Get, "LlmContractDiscount")]
    [OutputType(typeof(LlmContractDiscount))]
    public sealed class GetLlmContractDiscountCommand : LlmCostCmdlet
    {
        /// <summary><para type="description">Only the discounts with this provider.</para></summary>
        [Parameter(Position = 0)]
        [ArgumentCompleter(typeof(ProviderCompleter))]
        public string? Provider { get; set; }

        protected override void EndProcessing()
        {
            foreach (var d in Store.GetContractDiscounts().Where(d => Provider == null || string.Equals(d.Provider, Provider, System.StringComparison.OrdinalIgnoreCase)))
            {
                WriteObject(LlmContractDiscount.From(d));
            }
        }
    }
}
