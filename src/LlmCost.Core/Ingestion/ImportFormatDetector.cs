using System;
using System.IO;
using System.Linq;
using System.Text;

namespace LlmCost.Core.Ingestion
{
    /// <summary>Which reader a file needs, from its extension and first characters.</summary>
    public static class ImportFormatDetector
    {
        /// <summary>.csv is CSV, .sse or a "data:" start an event stream, a .json array or pretty document is read whole; the rest is JSON lines.</summary>
        public static ImportFormat Detect(string file)
        {
            string ext = Path.GetExtension(file).ToLowerInvariant();
            if (ext == ".sse") return ImportFormat.Sse;
            using var reader = new StreamReader(file, Encoding.UTF8, true, 4096);
            var first = new char[4096];
            int n = reader.Read(first, 0, first.Length);
            string start = new string(first, 0, n).TrimStart();
            // Another tool's export, told by the fields of its first row (a CSV header or the first object's keys).
            string head = start.StartsWith("[", StringComparison.Ordinal) || start.StartsWith("{", StringComparison.Ordinal)
                ? start
                : start.Substring(0, Math.Max(0, start.IndexOf('\n') < 0 ? start.Length : start.IndexOf('\n')));
            if (HasFields(head, Sources.LiteLlmSpendLogMapping.SignatureFields)) return ImportFormat.LiteLlm;
            if (HasFields(head, Sources.LangfuseObservationMapping.SignatureFields)) return ImportFormat.Langfuse;
            if (ext == ".csv") return ImportFormat.Csv;
            if (start.StartsWith("data:", StringComparison.Ordinal) || start.StartsWith("event:", StringComparison.Ordinal)) return ImportFormat.Sse;
            if (ext == ".json")
            {
                // A pretty-printed or array document is read whole; one compact object per line is JSON lines.
                return start.StartsWith("[", StringComparison.Ordinal) || start.IndexOf('\n') > 0 && !start.Substring(0, start.IndexOf('\n')).TrimEnd().EndsWith("}", StringComparison.Ordinal)
                    ? ImportFormat.Json
                    : ImportFormat.Jsonl;
            }

            return ImportFormat.Jsonl;
        }

        private static bool HasFields(string head, string[] fields)
        {
            foreach (string f in fields)
            {
                bool found = head.IndexOf('"' + f + '"', StringComparison.OrdinalIgnoreCase) >= 0 ||
                             head.Split(',').Any(c => string.Equals(c.Trim().Trim('"'), f, StringComparison.OrdinalIgnoreCase));
                if (!found) return false;
            }

            return true;
        }
    }
}
