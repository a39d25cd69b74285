using System;

namespace LlmCost.Core.Ingestion
{
    /// <summary>
    /// What an import did. Every record read is counted once: <see cref="Records"/> = <see cref="Added"/> +
    /// <see cref="Replaced"/> + <see cref="Duplicates"/> + <see cref="Superseded"/>; lines that failed are
    /// <see cref="Errors"/>, lines without usage are only in <see cref="Lines"/>.
    /// </summary>
    public sealed class ImportSummary
    {
        public long Files { get; set; }
        /// <summary>Files unchanged since the last import, not read again.</summary>
        public long FilesSkipped { get; set; }
        public long Lines { get; set; }
        public long Records { get; set; }
        public long Added { get; set; }
        public long Replaced { get; set; }
        public long Duplicates { get; set; }
        /// <summary>Earlier snapshots of a streamed message that its later snapshot in the same file replaced before writing.</summary>
        public long Superseded { get; set; }
        public long Unpriced { get; set; }
        public long Errors { get; set; }
        /// <summary>Records read from another tool's export (LiteLLM, Langfuse) that carried that tool's own cost.</summary>
        public long SourcedRecords { get; set; }
        /// <summary>The other tool's cost of <see cref="SourcedRecords"/>, in USD.</summary>
        public decimal SourceCost { get; set; }
        /// <summary>Our cost of the same records, in USD (the priced ones; <see cref="SourcedUnpriced"/> have no price).</summary>
        public decimal CostAtOurPrices { get; set; }
        public long SourcedUnpriced { get; set; }
        public TimeSpan Elapsed { get; set; }
        /// <summary>Counts an error and passes it on.</summary>
        internal void Report(System.Action<ImportError>? onError, ImportError error)
        {
            Errors++;
            onError?.Invoke(error);
        }

        public double LinesPerSecond => Elapsed.TotalSeconds > 0 ? Lines / Elapsed.TotalSeconds : 0;
    }
}
