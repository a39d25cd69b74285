namespace LlmCost.Core.Usage
{
    /// <summary>A record the recorder refused, with why.</summary>
    public sealed class RejectedRecord
    {
        public RejectedRecord(int index, UsageRecord record, LlmCostException error)
        {
            Index = index;
            Record = record;
            Error = error;
        }

        /// <summary>0-based position among the records given.</summary>
        public int Index { get; }
        public UsageRecord Record { get; }
        public LlmCostException Error { get; }
    }
}
