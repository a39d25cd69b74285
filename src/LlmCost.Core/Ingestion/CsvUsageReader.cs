using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using LlmCost.Core.Usage;

namespace LlmCost.Core.Ingestion
{
    /// <summary>
    /// CSV with named columns (case, '_', '-' and spaces ignored): provider, model, input_tokens, output_tokens,
    /// cache_read_tokens, cache_write_5m_tokens (or cache_write_tokens), cache_write_1h_tokens, reasoning_tokens,
    /// timestamp, session_id, request_id, batch, service_tier, tags (';'-separated). Counts follow docs/cost-rules.md: input is all input.
    /// </summary>
    public sealed class CsvUsageReader
    {
        private static readonly Dictionary<string, string> Aliases = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["provider"] = "provider",
            ["model"] = "model",
            ["inputtokens"] = "input", ["prompttokens"] = "input", ["input"] = "input",
            ["outputtokens"] = "output", ["completiontokens"] = "output", ["output"] = "output",
            ["cachereadtokens"] = "cacheRead", ["cachedtokens"] = "cacheRead", ["cacheread"] = "cacheRead",
            ["cachewrite5mtokens"] = "cacheWrite5m", ["cachewritetokens"] = "cacheWrite5m", ["cachewrite"] = "cacheWrite5m", ["cachewrite5m"] = "cacheWrite5m",
            ["cachewrite1htokens"] = "cacheWrite1h", ["cachewrite1h"] = "cacheWrite1h",
            ["reasoningtokens"] = "reasoning", ["reasoning"] = "reasoning",
            ["timestamp"] = "timestamp", ["time"] = "timestamp", ["occurredat"] = "timestamp", ["date"] = "timestamp",
            ["sessionid"] = "session", ["session"] = "session",
            ["requestid"] = "requestId", ["id"] = "requestId",
            ["batch"] = "batch", ["isbatch"] = "batch", ["servicetier"] = "serviceTier", ["tier"] = "serviceTier",
            ["tags"] = "tags", ["tag"] = "tags",
        };

        private readonly Dictionary<string, int> _columns = new Dictionary<string, int>(StringComparer.Ordinal);
        private readonly string[] _headers;

        public CsvUsageReader(string headerLine)
        {
            _headers = Split(headerLine).ToArray();
            for (int i = 0; i < _headers.Length; i++)
            {
                string key = new string(_headers[i].Where(char.IsLetterOrDigit).ToArray()).ToLowerInvariant();
                if (Aliases.TryGetValue(key, out var canonical) && !_columns.ContainsKey(canonical)) _columns[canonical] = i;
            }

            if (!_columns.ContainsKey("model"))
            {
                throw new LlmCostException("InvalidCsvHeader", "the CSV header has no 'model' column (columns: " + string.Join(", ", _headers) + ")");
            }

            if (!_columns.ContainsKey("input") && !_columns.ContainsKey("output"))
            {
                throw new LlmCostException("InvalidCsvHeader", "the CSV header has neither 'input_tokens' nor 'output_tokens'");
            }
        }

        public UsageRecord Read(string line)
        {
            var cells = Split(line.TrimEnd('\r')).ToList();
            string? Cell(string name) => _columns.TryGetValue(name, out int i) && i < cells.Count && cells[i].Trim().Length > 0 ? cells[i].Trim() : null;
            long Count(string name)
            {
                string? v = Cell(name);
                if (v == null) return 0;
                if (!long.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out long n))
                {
                    throw new UsageFormatException($"column '{_headers[_columns[name]]}': '{v}' is not a whole number", _headers[_columns[name]]);
                }

                if (n < 0) throw new UsageFormatException($"column '{_headers[_columns[name]]}': {n} is negative", _headers[_columns[name]]);
                return n;
            }

            string model = Cell("model") ?? throw new UsageFormatException("column 'model' is empty", "model");
            var tokens = new TokenUsage(Count("input"), Count("output"), Count("cacheRead"), Count("cacheWrite5m"), Count("cacheWrite1h"), Count("reasoning"));
            try
            {
                tokens.Validate();
            }
            catch (InvalidUsageException e)
            {
                throw new UsageFormatException(e.Message, string.Join(", ", e.Fields));
            }

            string? ts = Cell("timestamp");
            if (ts == null) throw new UsageFormatException("column 'timestamp' is empty (a time is needed to pick the price in force)", "timestamp");
            if (!DateTimeOffset.TryParse(ts, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var dto))
            {
                throw new UsageFormatException($"column 'timestamp': '{ts}' is not a date and time", "timestamp");
            }

            DateTime time = dto.UtcDateTime;
            string? batch = Cell("batch");
            bool isBatch = batch != null && (batch.Equals("true", StringComparison.OrdinalIgnoreCase) || batch == "1" || batch.Equals("yes", StringComparison.OrdinalIgnoreCase));
            return new UsageRecord(Cell("provider"), model, time, tokens)
            {
                SessionId = Cell("session"),
                RequestId = Cell("requestId"),
                IsBatch = isBatch,
                ServiceTier = Cell("serviceTier"),
                Tags = Cell("tags")?.Split(new[] { ';' }, StringSplitOptions.RemoveEmptyEntries).Select(t => t.Trim()).Where(t => t.Length > 0).ToArray(),
            };
        }

        /// <summary>RFC 4180 fields of one line: quotes, doubled quotes inside quotes.</summary>
        internal static IEnumerable<string> Split(string line)
        {
            var sb = new StringBuilder();
            bool quoted = false;
            for (int i = 0; i < line.Length; i++)
            {
                char c = line[i];
                if (quoted)
                {
                    if (c == '"' && i + 1 < line.Length && line[i + 1] == '"')
                    {
                        sb.Append('"');
                        i++;
                    }
                    else if (c == '"')
                    {
                        quoted = false;
                    }
                    else
                    {
                        sb.Append(c);
                    }
                }
                else if (c == '"')
                {
                    quoted = true;
                }
                else if (c == ',')
                {
                    yield return sb.ToString();
                    sb.Clear();
                }
                else
                {
                    sb.Append(c);
                }
            }

            if (quoted) throw new UsageFormatException("a quoted field is not closed", "csv");
            yield return sb.ToString();
        }
    }
}
