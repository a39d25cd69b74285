using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;

namespace LlmCost.Core.Ingestion
{
    /// <summary>Reads a file whole: one JSON document (or an array of them), or a server-sent-events transcript.</summary>
    internal static class WholeFileReader
    {
        public static void Read(string file, ImportFormat format, ImportOptions options, ImportRecordSink sink, ImportSummary summary, Action<ImportError>? onError, DateTime fallbackTime)
        {
            string text = File.ReadAllText(file, Encoding.UTF8);
            summary.Lines += text.Count(c => c == '\n') + 1;
            try
            {
                if (format == ImportFormat.Sse)
                {
                    var parsed = PayloadParser.ParseSse(text, options.Provider);
                    if (parsed != null) sink.Add(parsed.ToRecords(fallbackTime, options.SessionId, "import:" + Path.GetFileName(file)), null);
                    return;
                }

                using var doc = JsonDocument.Parse(text);
                var items = doc.RootElement.ValueKind == JsonValueKind.Array ? doc.RootElement.EnumerateArray().ToList() : new List<JsonElement> { doc.RootElement };
                int index = 0;
                foreach (var item in items)
                {
                    index++;
                    try
                    {
                        var parsed = PayloadParser.ParseDocument(item, options.Provider);
                        if (parsed == null) continue;
                        if (string.IsNullOrEmpty(parsed.Model)) throw new UsageFormatException("the model is missing", "model");
                        if (parsed.Provider == null) parsed.Provider = options.Provider;
                        sink.Add(parsed.ToRecords(fallbackTime, options.SessionId, "import:" + Path.GetFileName(file)), null);
                    }
                    catch (LlmCostException ex) when (!(ex is StoreException)) // a store failure is not the line\'s fault: it stops the import
                    {
                        summary.Report(onError, new ImportError { File = file, Line = 0, ErrorId = ex.ErrorId, Message = $"item {index}: {ex.Message}" });
                    }
                }
            }
            catch (JsonException ex)
            {
                summary.Report(onError, new ImportError { File = file, Line = (ex.LineNumber ?? 0) + 1, ErrorId = "InvalidJson", Message = "not valid JSON: " + ex.Message });
            }
            catch (LlmCostException ex) when (!(ex is StoreException)) // a store failure is not the line\'s fault: it stops the import
            {
                summary.Report(onError, new ImportError { File = file, ErrorId = ex.ErrorId, Message = ex.Message });
            }
        }
    }
}
