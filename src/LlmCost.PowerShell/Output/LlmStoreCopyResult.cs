using LlmCost.Core.Storage;

namespace LlmCost.PowerShell.Output
{
    /// <summary>What Copy-LlmCostStore did (stores shown without passwords).</summary>
    public sealed class LlmStoreCopyResult
    {
        public string Source { get; set; } = "";
        public string Destination { get; set; } = "";
        public long Requests { get; set; }
        public long Added { get; set; }
        public long AlreadyThere { get; set; }
        public int PricesAdded { get; set; }
        public int Budgets { get; set; }
        public long ProviderCostLines { get; set; }

        internal static LlmStoreCopyResult From(StoreCopyResult r) => new LlmStoreCopyResult
        {
            Source = r.Source,
            Destination = r.Destination,
            Requests = r.Requests,
            Added = r.Added,
            AlreadyThere = r.AlreadyThere,
            PricesAdded = r.PricesAdded,
            Budgets = r.Budgets,
            ProviderCostLines = r.ProviderCostLines,
        };
    }
}
