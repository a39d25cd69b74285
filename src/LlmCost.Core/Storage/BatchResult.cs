namespace LlmCost.Core.Storage
{
    /// <summary>What a write of many requests did, counted.</summary>
    public sealed class BatchResult
    {
        public long Added { get; set; }
        public long Replaced { get; set; }
        public long Duplicates { get; set; }
        public long Unpriced { get; set; }
    }
}
