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
            if (string.Equals(Path.GetExtension(file), ".sse", StringComparison.OrdinalIgnoreCase)) return ImportFormat.Sse;
            byte[] head = FileHead.Read(file, long.MaxValue, out int count);
            return Detect(file, head, count);
        }

        /// <summary>
        /// The same, from the file's first bytes already read (the import reads them once, for this and for the file's
        /// fingerprint: a second open and read of each of 5,000 small files was 5 % of such an import).
        /// </summary>
        internal static ImportFormat Detect(string file, byte[] head, int count)
        {
            string ext = Path.GetExtension(file).ToLowerInvariant();
            if (ext == ".sse") return ImportFormat.Sse;
            // Read as bytes, without decoding the head to a string: 5,000 small files' heads decoded, trimmed and
            // lower-cased were most of the garbage of such an import.
            int at = count >= 3 && head[0] == 0xEF && head[1] == 0xBB && head[2] == 0xBF ? 3 : 0;
            while (at < count && IsSpace(head[at])) at++;
            var start = new ReadOnlySpan<byte>(head, at, count - at);
            int newline = start.IndexOf((byte)'\n');
            var firstLine = newline < 0 ? start : start.Slice(0, newline);
            // Another tool's export, told by the fields of its first row (a CSV header or the first object's keys).
            bool json = start.Length > 0 && (start[0] == (byte)'[' || start[0] == (byte)'{');
            var row = json ? start : firstLine;
            Span<byte> lower = stackalloc byte[row.Length]; // at most the 4 KB head
            for (int i = 0; i < row.Length; i++) lower[i] = row[i] >= (byte)'A' && row[i] <= (byte)'Z' ? (byte)(row[i] + 32) : row[i];
            string[]? cells = json ? null : Encoding.UTF8.GetString(lower.ToArray()).Split(',').Select(c => c.Trim().Trim('"')).ToArray();
            if (HasFields(lower, cells, LiteLlmFields)) return ImportFormat.LiteLlm;
            if (HasFields(lower, cells, LangfuseFields)) return ImportFormat.Langfuse;
            if (ext == ".csv") return ImportFormat.Csv;
            if (start.StartsWith("data:"u8) || start.StartsWith("event:"u8)) return ImportFormat.Sse;
            if (ext == ".json")
            {
                // A pretty-printed or array document is read whole; one compact object per line is JSON lines.
                int end = firstLine.Length;
                while (end > 0 && IsSpace(firstLine[end - 1])) end--;
                return start.Length > 0 && start[0] == (byte)'[' || newline > 0 && !(end > 0 && firstLine[end - 1] == (byte)'}')
                    ? ImportFormat.Json
                    : ImportFormat.Jsonl;
            }

            return ImportFormat.Jsonl;
        }

        private static readonly (string Name, byte[] Quoted)[] LiteLlmFields = Lowered(Sources.LiteLlmSpendLogMapping.SignatureFields);
        private static readonly (string Name, byte[] Quoted)[] LangfuseFields = Lowered(Sources.LangfuseObservationMapping.SignatureFields);

        private static (string Name, byte[] Quoted)[] Lowered(string[] fields) =>
            fields.Select(f => f.ToLowerInvariant()).Select(f => (f, Encoding.UTF8.GetBytes('"' + f + '"'))).ToArray();

        /// <summary>Every field in the lower-cased first row: quoted (a JSON key), or as a cell of a CSV header.</summary>
        private static bool HasFields(ReadOnlySpan<byte> lowerRow, string[]? cells, (string Name, byte[] Quoted)[] fields)
        {
            foreach (var (name, quoted) in fields)
            {
                bool found = lowerRow.IndexOf(quoted) >= 0 || (cells != null && Array.IndexOf(cells, name) >= 0);
                if (!found) return false;
            }

            return true;
        }

        private static bool IsSpace(byte b) => b == (byte)' ' || b == (byte)'\t' || b == (byte)'\r' || b == (byte)'\n';
    }
}
