using System;
using LlmCost.Core.Ingestion;

namespace LlmCost.PowerShell.Output
{
    /// <summary>What Import-LlmUsage did. Records = Added + Replaced + Duplicates + Superseded.</summary>
    public sealed class LlmImportSummary
    {
        public long Files { get; set; }
        /// <summary>Files unchanged since the last import, not read again.</summary>
        public long FilesSkipped { get; set; }
        public long Lines { get; set; }
        public long Records { get; set; }
        public long Added { get; set; }
        public long Replaced { get; set; }
        public long Duplicates { get; set; }
        /// <summary>Earlier snapshots of streamed messages, replaced by their later snapshot before writing.</summary>
        public long Superseded { get; set; }
        public long Unpriced { get; set; }
        public long Errors { get; set; }
        public TimeSpan Elapsed { get; set; }
        public double LinesPerSecond { get; set; }
        /// <summary>Records from another tool's export (LiteLLM, Langfuse) that carried its own cost.</summary>
        public long SourcedRecords { get; set; }
        /// <summary>That tool's cost of those records, USD.</summary>
        public decimal SourceCost { get; set; }
        /// <summary>Our cost of the same records, USD (SourcedUnpriced of them have no price here).</summary>
        public decimal CostAtOurPrices { get; set; }
        public long SourcedUnpriced { get; set; }

        internal static LlmImportSummary From(ImportSummary s) => new LlmImportSummary
        {
            Files = s.Files,
            FilesSkipped = s.FilesSkipped,
            Lines = s.Lines,
            Records = s.Records,
            Added = s.Added,
            Replaced = s.Replaced,
            Duplicates = s.Duplicates,
            Superseded = s.Superseded,
            Unpriced = s.Unpriced,
            Errors = s.Errors,
            Elapsed = s.Elapsed,
            LinesPerSecond = Math.Round(s.LinesPerSecond, 0),
            SourcedRecords = s.SourcedRecords,
            SourceCost = s.SourceCost,
            CostAtOurPrices = s.CostAtOurPrices,
            SourcedUnpriced = s.SourcedUnpriced,
        };
    }
}
