

namespace LlmCost.Core.Storage
{
    /// <summary>How far a file was imported: the importer reads a file again only from where it stopped.</summary>
    public sealed class ImportFileState
    {
        public string Path { get; set; } = "";
        public long Size { get; set; }
        public long ModifiedMs { get; set; }
        /// <summary>Hash of the file's first bytes: tells the same file (grown) from a replaced one.</summary>
        public string HeadHash { get; set; } = "";
        public long Offset { get; set; }
        public long Lines { get; set; }
        public string Format { get; set; } = "";
    }
}
