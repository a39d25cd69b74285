using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;
using System.Text.Json;

namespace LlmCost.Core.Export
{
    /// <summary>
    /// Writes rows as RFC 4180 CSV or a JSON array: invariant culture, ISO 8601 UTC times, decimals as plain numbers,
    /// and a formula guard (a text cell starting with = + - @ gets a leading apostrophe in CSV).
    /// </summary>
    public static class TabularWriter
    {
        public static void Write(TextWriter writer, ExportFormat format, IReadOnlyList<string> columns, IEnumerable<object?[]> rows)
        {
            if (format == ExportFormat.Csv || format == ExportFormat.Focus) WriteCsv(writer, columns, rows);
            else WriteJson(writer, columns, rows);
        }

        public static void WriteCsv(TextWriter w, IReadOnlyList<string> columns, IEnumerable<object?[]> rows)
        {
            w.Write(string.Join(",", Quote(columns)));
            w.Write("\r\n");
            foreach (var row in rows)
            {
                for (int i = 0; i < columns.Count; i++)
                {
                    if (i > 0) w.Write(',');
                    w.Write(CsvCell(i < row.Length ? row[i] : null));
                }

                w.Write("\r\n");
            }
        }

        private static IEnumerable<string> Quote(IEnumerable<string> values)
        {
            foreach (var v in values) yield return CsvCell(v);
        }

        internal static string CsvCell(object? value)
        {
            switch (value)
            {
                case null: return "";
                case DateTime dt: return FormatTime(dt);
                case bool b: return b ? "true" : "false";
                case decimal d: return d.ToString(CultureInfo.InvariantCulture);
                case IFormattable f when !(value is string): return f.ToString(null, CultureInfo.InvariantCulture);
            }

            string s = value is IEnumerable<string> list ? string.Join(";", list) : value.ToString() ?? "";
            if (s.Length > 0 && StartsAFormula(s[0]) && !IsNumber(s)) s = "'" + s;
            bool quote = s.IndexOfAny(new[] { ',', '"', '\r', '\n' }) >= 0 || (s.Length > 0 && (s[0] == ' ' || s[s.Length - 1] == ' '));
            return quote ? "\"" + s.Replace("\"", "\"\"") + "\"" : s;
        }

        /// <summary>
        /// Characters that make a spreadsheet read a cell as a formula: = + - @, TAB and CR (OWASP's list), and the
        /// full-width forms of = + - @ that some spreadsheets fold into them.
        /// </summary>
        private static bool StartsAFormula(char c) =>
            c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r' || c == '\uFF1D' || c == '\uFF0B' || c == '\uFF0D' || c == '\uFF20';

        private static bool IsNumber(string s) => decimal.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out _);

        public static string FormatTime(DateTime dt)
        {
            var utc = dt.Kind == DateTimeKind.Local ? dt.ToUniversalTime() : dt;
            return utc.ToString(utc.Millisecond == 0 ? "yyyy-MM-ddTHH:mm:ssZ" : "yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);
        }

        public static void WriteJson(TextWriter w, IReadOnlyList<string> columns, IEnumerable<object?[]> rows)
        {
            using var ms = new MemoryStream();
            using (var j = new Utf8JsonWriter(ms, new JsonWriterOptions { Indented = true }))
            {
                j.WriteStartArray();
                foreach (var row in rows)
                {
                    j.WriteStartObject();
                    for (int i = 0; i < columns.Count; i++)
                    {
                        object? v = i < row.Length ? row[i] : null;
                        j.WritePropertyName(columns[i]);
                        switch (v)
                        {
                            case null: j.WriteNullValue(); break;
                            case DateTime dt: j.WriteStringValue(FormatTime(dt)); break;
                            case bool b: j.WriteBooleanValue(b); break;
                            case decimal d: j.WriteNumberValue(d); break;
                            case long l: j.WriteNumberValue(l); break;
                            case int n: j.WriteNumberValue(n); break;
                            case double x: j.WriteNumberValue(x); break;
                            case IEnumerable<string> list:
                                j.WriteStartArray();
                                foreach (var s in list) j.WriteStringValue(s);
                                j.WriteEndArray();
                                break;
                            default: j.WriteStringValue(v.ToString()); break;
                        }
                    }

                    j.WriteEndObject();
                }

                j.WriteEndArray();
            }

            w.Write(Encoding.UTF8.GetString(ms.ToArray()));
            w.Write("\n");
        }
    }
}
