using System;
using System.Linq;
using System.Management.Automation;
using LlmCost.Core.Pricing;
using LlmCost.PowerShell.Infrastructure;
using LlmCost.PowerShell.Output;

namespace LlmCost.PowerShell.Commands
{
    /// <summary>The price of a model at a date (custom prices included), its history, or the catalog.</summary>
    [Cmdlet(VerbsCommon.Get, "LlmModelPrice", DefaultParameterSetName = ModelSet)]
    [OutputType(typeof(LlmModelPrice))]
    public sealed class GetLlmModelPriceCommand : LlmCostCmdlet
    {
        private const string ModelSet = "Model";
        private const string ListSet = "List";

        [Parameter(ParameterSetName = ModelSet, Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(ModelCompleter))]
        public string Model { get; set; } = "";

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(ProviderCompleter))]
        public string? Provider { get; set; }

        /// <summary><para type="description">The date the price is looked up for; now by default.</para></summary>
        [Parameter(ParameterSetName = ModelSet)]
        public DateTime? At { get; set; }

        [Parameter(ParameterSetName = ModelSet)]
        public SwitchParameter History { get; set; }

        [Parameter(ParameterSetName = ListSet, Mandatory = true)]
        public SwitchParameter List { get; set; }

        protected override void ProcessRecord()
        {
            // A price lookup never creates a store: without one, the built-in catalog answers.
            var prices = StoreExists ? new PriceQueries(Store) : new PriceQueries(PriceCatalog.Builtin);
            if (ParameterSetName == ListSet)
            {
                foreach (var row in prices.List(Provider, DateTime.UtcNow)) WriteObject(LlmModelPrice.From(row));
                return;
            }

            var rows = History ? prices.History(Provider, Model) : new[] { prices.At(Provider, Model, LlmCost.Core.Time.TimeInput.ToUtc(At, null) ?? DateTime.UtcNow) }.Where(r => r != null).Select(r => r!).ToList();
            if (rows.Count == 0)
            {
                WriteError(new ErrorRecord(new ItemNotFoundException(PriceQueries.NotFound(Model, Provider).Message), "PriceNotFound", ErrorCategory.ObjectNotFound, Model));
                return;
            }

            foreach (var row in rows) WriteObject(LlmModelPrice.From(row));
        }
    }
}
