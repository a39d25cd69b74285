using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.Json;

namespace LlmCost.Core.Ingestion.Sources
{
    /// <summary>
    /// One row of another tool's export, from a CSV record (JSON columns held as text) or a JSON object, read by field
    /// name without regard to case. Numbers and JSON values read the same from either.
    /// </summary>
    internal sealed class SourceRow
    {
        private readonly Dictionary<string, string>? _cells;
        private readonly JsonElement _object;

        private SourceRow(Dictionary<string, string>? cells, JsonElement obj)
        {
            _cells = cells;
            _object = obj;
        }

        public static SourceRow FromCsv(IReadOnlyList<string> headers, IReadOnlyList<string> cells)
        {
            var map = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            for (int i = 0; i < headers.Count && i < cells.Count; i++)
            {
                if (!map.ContainsKey(headers[i])) map[headers[i]] = cells[i];
            }

            return new SourceRow(map, default);
        }

        public static SourceRow FromJson(JsonElement obj) => new SourceRow(null, obj);

        /// <summary>The field as text: null when missing, empty or JSON null; a JSON number or object as its JSON text.</summary>
        public string? Text(string name)
        {
            if (_cells != null)
            {
                return _cells.TryGetValue(name, out var v) && v.Trim().Length > 0 ? v.Trim() : null;
            }

            if (!TryProperty(_object, name, out var e)) return null;
            switch (e.ValueKind)
            {
                case JsonValueKind.Null:
                case JsonValueKind.Undefined:
                    return null;
                case JsonValueKind.String:
                    string s = e.GetString()!.Trim();
                    return s.Length == 0 ? null : s;
                default:
                    return e.GetRawText();
            }
        }

        /// <summary>The field as a JSON value: a JSON export's own value, or a CSV cell holding JSON text.</summary>
        public JsonElement? Json(string name)
        {
            if (_cells == null)
            {
                if (!TryProperty(_object, name, out var e) || e.ValueKind == JsonValueKind.Null) return null;
                if (e.ValueKind != JsonValueKind.String) return e;
            }

            string? text = Text(name);
            if (text == null || (text[0] != '{' && text[0] != '[')) return null;
            try
            {
                using var doc = JsonDocument.Parse(text);
                return doc.RootElement.Clone();
            }
            catch (JsonException ex)
            {
                throw new UsageFormatException($"field '{name}' is not valid JSON: {ex.Message}", name);
            }
        }

        /// <summary>A whole, non-negative token count; 0 when missing.</summary>
        public long Count(string name) => CountOf(Text(name), name);

        /// <summary>A money amount in USD; null when missing.</summary>
        public decimal? Money(string name)
        {
            string? text = Text(name);
            if (text == null) return null;
            if (!decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out decimal amount))
            {
                throw new UsageFormatException($"field '{name}': '{text}' is not an amount", name);
            }

            return amount;
        }

        /// <summary>A point in time; text without an offset is UTC.</summary>
        public DateTime Time(string name)
        {
            string text = Text(name) ?? throw new UsageFormatException($"field '{name}' is empty (a time is needed to pick the price in force)", name);
            if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var dto))
            {
                throw new UsageFormatException($"field '{name}': '{text}' is not a date and time", name);
            }

            return dto.UtcDateTime;
        }

        internal static long CountOf(string? text, string name)
        {
            if (text == null) return 0;
            // Exports of float columns write whole counts as 12.0.
            if (!decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out decimal n) || n != decimal.Truncate(n))
            {
                throw new UsageFormatException($"field '{name}': '{text}' is not a whole number", name);
            }

            if (n < 0) throw new UsageFormatException($"field '{name}': {n} is negative", name);
            if (n > Usage.TokenUsage.MaxCount) throw new UsageFormatException($"field '{name}': {n} is more than {Usage.TokenUsage.MaxCount:N0} tokens", name);
            return (long)n;
        }

        private static bool TryProperty(JsonElement obj, string name, out JsonElement value)
        {
            if (obj.ValueKind == JsonValueKind.Object)
            {
                if (obj.TryGetProperty(name, out value)) return true;
                foreach (var p in obj.EnumerateObject())
                {
                    if (string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase))
                    {
                        value = p.Value;
                        return true;
                    }
                }
            }

            value = default;
            return false;
        }
    }
}
