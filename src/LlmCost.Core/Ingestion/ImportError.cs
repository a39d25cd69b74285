
namespace LlmCost.Core.Ingestion
{
    public sealed class ImportError
    {
        public string File { get; set; } = "";
        /// <summary>1-based line number; 0 for errors about the whole file.</summary>
        public long Line { get; set; }
        public string ErrorId { get; set; } = "";
        public string Message { get; set; } = "";

        public override string ToString() => Line > 0 ? $"{File}:{Line}: {Message}" : $"{File}: {Message}";
    }
}
