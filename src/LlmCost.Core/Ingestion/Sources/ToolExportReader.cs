using System;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Threading;
using LlmCost.Core.Usage;

namespace LlmCost.Core.Ingestion.Sources
{
    /// <summary>
    /// Reads another tool's export — LiteLLM's spend logs or Langfuse's observations — as CSV (quoted fields may span
    /// lines), a JSON array or JSON lines, and passes each row's usage to the sink. A bad row is an error naming its
    /// file and line (or item), the other rows go on.
    /// </summary>
    internal static class ToolExportReader
    {
        public static void Read(string file, ImportFormat format, ImportOptions options, ImportRecordSink sink, ImportSummary summary,
            Action<ImportError>? onError, CancellationToken cancel)
        {
            Func<SourceRow, string?, UsageRecord?> map = format == ImportFormat.LiteLlm
                ? LiteLlmSpendLogMapping.ToRecord
                : (Func<SourceRow, string?, UsageRecord?>)LangfuseObservationMapping.ToRecord;
            string source = "import:" + Path.GetFileName(file);

            void Row(SourceRow row, long line, string where)
            {
                if ((summary.Lines & 0x3FF) == 0) cancel.ThrowIfCancellationRequested();
                try
                {
                    var record = map(row, options.Provider);
                    if (record == null) return;
                    record.SessionId = options.SessionId ?? record.SessionId;
                    record.Source = source;
                    sink.Add(record, null, line);
                }
                catch (LlmCostException ex) when (!(ex is StoreException)) // a store failure is not the row's fault: it stops the import
                {
                    summary.Report(onError, new ImportError { File = file, Line = line, ErrorId = ex.ErrorId, Message = where + ex.Message });
                }
            }

            using var text = new StreamReader(file, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
            int first = SkipSpace(text);
            if (first == '[')
            {
                ReadArray(text.ReadToEnd(), file, summary, onError, Row);
            }
            else if (first == '{')
            {
                ReadLines(text, summary, onError, file, Row);
            }
            else
            {
                ReadCsv(text, summary, onError, file, Row);
            }
        }

        private static void ReadCsv(StreamReader text, ImportSummary summary, Action<ImportError>? onError, string file, Action<SourceRow, long, string> row)
        {
            var csv = new CsvRecordReader(text);
            try
            {
                if (!csv.Next(out var headers, out _)) return;
                summary.Lines++;
                long lastLine = 1;
                while (csv.Next(out var cells, out long line))
                {
                    summary.Lines += line - lastLine;
                    lastLine = line;
                    if (cells.Count == 1 && cells[0].Trim().Length == 0) continue;
                    row(SourceRow.FromCsv(headers, cells), line, "");
                }
            }
            catch (UsageFormatException ex)
            {
                summary.Report(onError, new ImportError { File = file, Line = 0, ErrorId = ex.ErrorId, Message = ex.Message });
            }
        }

        private static void ReadLines(StreamReader text, ImportSummary summary, Action<ImportError>? onError, string file, Action<SourceRow, long, string> row)
        {
            long line = 0;
            string? s;
            while ((s = text.ReadLine()) != null)
            {
                line++;
                summary.Lines++;
                if (s.Trim().Length == 0) continue;
                JsonElement obj;
                try
                {
                    using var doc = JsonDocument.Parse(s);
                    obj = doc.RootElement.Clone();
                }
                catch (JsonException ex)
                {
                    summary.Report(onError, new ImportError { File = file, Line = line, ErrorId = "InvalidJson", Message = "not valid JSON: " + ex.Message });
                    continue;
                }

                if (obj.ValueKind != JsonValueKind.Object)
                {
                    summary.Report(onError, new ImportError { File = file, Line = line, ErrorId = "InvalidJson", Message = "a line of the export is not a JSON object" });
                    continue;
                }

                row(SourceRow.FromJson(obj), line, "");
            }
        }

        private static void ReadArray(string json, string file, ImportSummary summary, Action<ImportError>? onError, Action<SourceRow, long, string> row)
        {
            summary.Lines += json.Count(c => c == '\n') + 1;
            JsonDocument doc;
            try
            {
                doc = JsonDocument.Parse(json);
            }
            catch (JsonException ex)
            {
                summary.Report(onError, new ImportError { File = file, Line = (ex.LineNumber ?? 0) + 1, ErrorId = "InvalidJson", Message = "not valid JSON: " + ex.Message });
                return;
            }

            using (doc)
            {
                int index = 0;
                foreach (var item in doc.RootElement.EnumerateArray())
                {
                    index++;
                    if (item.ValueKind != JsonValueKind.Object)
                    {
                        summary.Report(onError, new ImportError { File = file, ErrorId = "InvalidJson", Message = $"item {index}: not a JSON object" });
                        continue;
                    }

                    row(SourceRow.FromJson(item), 0, $"item {index}: ");
                }
            }
        }

        private static int SkipSpace(StreamReader text)
        {
            while (text.Peek() >= 0 && char.IsWhiteSpace((char)text.Peek())) text.Read();
            return text.Peek();
        }
    }
}
