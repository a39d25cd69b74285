namespace LlmCost.Core.Storage
{
    /// <summary>What <see cref="StoreCopier.Copy"/> did.</summary>
    public sealed class StoreCopyResult
    {
        public string Source { get; set; } = "";
        public string Destination { get; set; } = "";
        /// <summary>Requests read from the source.</summary>
        public long Requests { get; set; }
        /// <summary>Requests the destination did not hold yet.</summary>
        public long Added { get; set; }
        /// <summary>Requests the destination already held (by request key): left as they are.</summary>
        public long AlreadyThere { get; set; }
        public int PricesAdded { get; set; }
        public int Budgets { get; set; }
        /// <summary>Lines of providers' cost and usage reports copied (each replaces its bucket's lines in the destination).</summary>
        public long ProviderCostLines { get; set; }
    }
}
