using System.Collections.Generic;
using System.IO;
using System.Text;

namespace LlmCost.Core.Ingestion.Sources
{
    /// <summary>
    /// RFC 4180 records from a text reader, where a quoted field may span lines (database exports of message bodies and
    /// JSON metadata do); each record comes with the line it starts on.
    /// </summary>
    internal sealed class CsvRecordReader
    {
        private readonly TextReader _reader;
        private long _line = 1;

        public CsvRecordReader(TextReader reader) => _reader = reader;

        /// <summary>The next record, or false at the end; an unclosed quote at the end of the file is an error.</summary>
        public bool Next(out List<string> fields, out long startLine)
        {
            fields = new List<string>();
            startLine = _line;
            var field = new StringBuilder();
            bool quoted = false, any = false;
            int c;
            while ((c = _reader.Read()) >= 0)
            {
                any = true;
                char ch = (char)c;
                if (quoted)
                {
                    if (ch == '"')
                    {
                        if (_reader.Peek() == '"')
                        {
                            _reader.Read();
                            field.Append('"');
                        }
                        else
                        {
                            quoted = false;
                        }
                    }
                    else
                    {
                        if (ch == '\n') _line++;
                        field.Append(ch);
                    }

                    continue;
                }

                if (ch == '"') quoted = true;
                else if (ch == ',')
                {
                    fields.Add(field.ToString());
                    field.Clear();
                }
                else if (ch == '\r' && _reader.Peek() == '\n')
                {
                    continue;
                }
                else if (ch == '\n')
                {
                    _line++;
                    fields.Add(field.ToString());
                    return true;
                }
                else field.Append(ch);
            }

            if (quoted) throw new UsageFormatException($"a quoted field that starts on line {startLine} is not closed before the end of the file", "csv");
            if (!any) return false;
            fields.Add(field.ToString());
            return true;
        }
    }
}
