using System;
using System.IO;
using System.Text;
using System.Threading;

namespace LlmCost.Core.Ingestion
{
    /// <summary>Reads CSV usage from an offset; the header is always read from the start of the file.</summary>
    internal static class CsvFileReader
    {
        public static (long Offset, long Line) Read(string file, long start, long line, ImportOptions options, ImportRecordSink sink, ImportSummary summary,
            Action<ImportError>? onError, Action<ImportProgress>? onProgress, CancellationToken cancel, long size)
        {
            CsvUsageReader? csv = null;
            // The header is always read from the start of the file, also when resuming.
            using (var headerReader = new LineReader(file, 0, options.MaxLineBytes))
            {
                if (headerReader.Next(out var header, out _, out _))
                {
                    try
                    {
                        csv = new CsvUsageReader(Encoding.UTF8.GetString(header.ToArray()).TrimStart('\uFEFF'));
                    }
                    catch (LlmCostException ex) when (!(ex is StoreException)) // a store failure is not the line\'s fault: it stops the import
                    {
                        summary.Report(onError, new ImportError { File = file, Line = 1, ErrorId = ex.ErrorId, Message = ex.Message });
                        return (0, 0);
                    }

                    if (start == 0)
                    {
                        start = headerReader.Position;
                        line = 1;
                        summary.Lines++;
                    }
                }
            }

            if (csv == null) return (0, 0);
            long consumed = start;
            using var reader = new LineReader(file, start, options.MaxLineBytes);
            while (reader.Next(out var bytes, out bool tooLong, out bool terminated))
            {
                line++;
                summary.Lines++;
                if ((summary.Lines & 0xFFFF) == 0)
                {
                    cancel.ThrowIfCancellationRequested();
                    onProgress?.Invoke(new ImportProgress { File = file, BytesRead = reader.Position, BytesTotal = size, Lines = summary.Lines, Records = summary.Records });
                }

                if (tooLong || JsonLinesFileReader.IsBlank(bytes.Span))
                {
                    if (tooLong) summary.Report(onError, new ImportError { File = file, Line = line, ErrorId = "LineTooLong", Message = "line too long; skipped" });
                    consumed = reader.Position;
                    continue;
                }

                try
                {
                    var record = csv.Read(Encoding.UTF8.GetString(bytes.ToArray()));
                    record.SessionId = options.SessionId ?? record.SessionId;
                    record.Provider ??= options.Provider;
                    record.Source = "import:" + Path.GetFileName(file);
                    sink.Add(record, null, line);
                    consumed = reader.Position;
                }
                catch (LlmCostException ex) when (!(ex is StoreException)) // a store failure is not the line\'s fault: it stops the import
                {
                    summary.Report(onError, new ImportError { File = file, Line = line, ErrorId = ex.ErrorId, Message = ex.Message });
                    if (terminated) consumed = reader.Position;
                }
            }

            return (consumed, line);
        }
    }
}
