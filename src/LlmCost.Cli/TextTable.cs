using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace LlmCost.Cli
{
    /// <summary>Plain aligned text tables for the terminal. Numeric columns are right-aligned.</summary>
    internal sealed class TextTable
    {
        private readonly string[] _headers;
        private readonly bool[] _right;
        private readonly List<string[]> _rows = new List<string[]>();

        public TextTable(params string[] headers)
        {
            _headers = headers.Select(h => h.TrimStart('>')).ToArray();
            _right = headers.Select(h => h.StartsWith(">", StringComparison.Ordinal)).ToArray();
        }

        /// <summary>Adds a row; control characters (terminal escape codes in a session id, say) are shown escaped, never sent raw.</summary>
        public void Add(params string[] cells) => _rows.Add(cells.Select(Printable).ToArray());

        internal static string Printable(string? text)
        {
            if (string.IsNullOrEmpty(text)) return text ?? "";
            if (!text!.Any(IsControl)) return text;
            var sb = new System.Text.StringBuilder(text.Length + 8);
            foreach (char c in text) sb.Append(IsControl(c) ? "\\x" + ((int)c).ToString("X2", System.Globalization.CultureInfo.InvariantCulture) : c.ToString());
            return sb.ToString();
        }

        private static bool IsControl(char c) => c < 0x20 || (c >= 0x7F && c <= 0x9F);

        public void Separator() => _rows.Add(Array.Empty<string>());

        public void Write(TextWriter w)
        {
            var widths = _headers.Select((h, i) => Math.Max(h.Length, _rows.Where(r => r.Length > i).Select(r => r[i].Length).DefaultIfEmpty(0).Max())).ToArray();
            WriteRow(w, _headers, widths);
            w.WriteLine(string.Join("  ", widths.Select(x => new string('-', x))));
            foreach (var r in _rows)
            {
                if (r.Length == 0) w.WriteLine(string.Join("  ", widths.Select(x => new string('-', x))));
                else WriteRow(w, r, widths);
            }
        }

        private void WriteRow(TextWriter w, string[] cells, int[] widths)
        {
            var parts = widths.Select((width, i) =>
            {
                string c = i < cells.Length ? cells[i] : "";
                return _right[i] ? c.PadLeft(width) : c.PadRight(width);
            });
            w.WriteLine(string.Join("  ", parts).TrimEnd());
        }
    }
}
