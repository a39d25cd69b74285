
namespace LlmCost.Core.Ingestion
{
    public sealed class ImportOptions
    {
        public ImportFormat Format { get; set; } = ImportFormat.Auto;
        public bool Recurse { get; set; }
        /// <summary>Attribute every record to this session (otherwise: the payload's, or Claude Code's file session).</summary>
        public string? SessionId { get; set; }
        /// <summary>Provider of payloads that do not say (OpenAI-compatible APIs).</summary>
        public string? Provider { get; set; }
        /// <summary>Read files again even when unchanged since the last import (request keys still prevent double counting).</summary>
        public bool Force { get; set; }
        public int BatchSize { get; set; } = 4096;
        /// <summary>Lines longer than this are reported as errors and skipped.</summary>
        public int MaxLineBytes { get; set; } = 16 * 1024 * 1024;
    }
}
