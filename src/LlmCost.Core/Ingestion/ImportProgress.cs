
namespace LlmCost.Core.Ingestion
{
    public sealed class ImportProgress
    {
        public string File { get; set; } = "";
        public long BytesRead { get; set; }
        public long BytesTotal { get; set; }
        public long Lines { get; set; }
        public long Records { get; set; }
    }
}
