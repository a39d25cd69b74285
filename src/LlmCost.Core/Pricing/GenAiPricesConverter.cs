using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;

namespace LlmCost.Core.Pricing
{
    /// <summary>
    /// pydantic/genai-prices' data-v2.json in LlmCost's catalog format (docs/price-catalog.md): what the built-in catalog is
    /// built from (tools/LlmCost.CatalogBuilder) and what a reference file is read as (Test-LlmModelPrice). The
    /// corrections of <see cref="CatalogCorrections"/> are applied when asked: they fix known errors of the source.
    /// </summary>
    public static class GenAiPricesConverter
    {
        public static readonly IReadOnlyList<string> DefaultProviders = new[]
        {
            "openai", "anthropic", "google", "groq", "mistral", "deepseek", "x-ai", "cohere", "cerebras", "fireworks", "together", "perplexity", "moonshotai",
        };

        private static readonly HashSet<string> HalfPriceBatch = new HashSet<string> { "openai", "anthropic", "google", "groq" };

        private static readonly (string Source, string Ours)[] Fields =
        {
            ("input_mtok", "input"), ("cache_read_mtok", "cacheRead"), ("cache_write_mtok", "cacheWrite5m"),
            ("cache_write_1h_mtok", "cacheWrite1h"), ("output_mtok", "output"),
        };

        /// <summary>
        /// A data-v2.json file's bytes as catalog JSON (<see cref="Convert"/>), of the providers <paramref name="choose"/>
        /// picks from those in the file. Anything wrong with the file is InvalidPriceFile naming it and, where it can,
        /// the entry.
        /// </summary>
        internal static byte[] ConvertFile(byte[] bytes, string name, Func<IReadOnlyCollection<string>, IReadOnlyList<string>> choose,
            CatalogCorrections? corrections, out IReadOnlyList<string> providers)
        {
            try
            {
                using var doc = JsonDocument.Parse(bytes);
                if (doc.RootElement.ValueKind != JsonValueKind.Array)
                {
                    throw new LlmCostException("InvalidPriceFile",
                        $"{name}: not a genai-prices data-v2.json file (its root is a list of providers). A LiteLLM price file is imported with Import-LlmModelPrice.");
                }

                var inFile = new HashSet<string>(doc.RootElement.EnumerateArray().Select(p => p.TryGetProperty("id", out var id) ? id.GetString() : null)
                    .Where(id => id != null).Select(id => id!), StringComparer.Ordinal);
                providers = choose(inFile);
                return Convert(doc, providers, corrections);
            }
            catch (JsonException ex)
            {
                throw new LlmCostException("InvalidPriceFile", $"{name}: not valid JSON (line {ex.LineNumber + 1}): {ex.Message}", ex);
            }
            catch (Exception ex) when (ex is InvalidDataException || ex is KeyNotFoundException || ex is InvalidOperationException || ex is FormatException)
            {
                throw new LlmCostException("InvalidPriceFile", $"{name}: {ex.Message}", ex);
            }
        }

        /// <summary>
        /// The catalog JSON of <paramref name="providers"/> from a data-v2.json document. <paramref name="log"/> gets one
        /// line per provider and notes; <paramref name="corrections"/> (null: none) are applied to the prices they name.
        /// Throws <see cref="InvalidDataException"/> naming the entry for what it cannot convert faithfully.
        /// </summary>
        public static byte[] Convert(JsonDocument doc, IReadOnlyList<string> providers, CatalogCorrections? corrections = null, Action<string>? log = null)
        {
            log ??= _ => { };
            var byId = doc.RootElement.EnumerateArray().ToDictionary(p => p.GetProperty("id").GetString()!);
            var stats = new List<string>();
            int totalIncluded = 0, totalSkipped = 0, totalIgnored = 0;
            var ms = new MemoryStream();
            using (var w = new Utf8JsonWriter(ms, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
            {
                w.WriteStartObject();
                w.WriteNumber("formatVersion", 1);
                w.WriteString("source", "pydantic/genai-prices data-v2.json");
                w.WriteStartArray("providers");
                foreach (string pid in providers)
                {
                    if (!byId.TryGetValue(pid, out var p))
                    {
                        log($"warning: provider '{pid}' is not in the source; skipped");
                        continue;
                    }

                    int included = 0, skipped = 0, ignoredFields = 0;
                    var skippedIds = new List<string>();
                    w.WriteStartObject();
                    w.WriteString("id", pid);
                    w.WriteString("name", p.GetProperty("name").GetString());
                    if (HalfPriceBatch.Contains(pid)) w.WriteString("batchMultiplier", "0.5");
                    if (p.TryGetProperty("model_match", out var pm))
                    {
                        w.WritePropertyName("modelMatch");
                        WriteMatchList(w, pm, pid, log);
                    }

                    w.WriteStartArray("models");
                    foreach (var m in p.GetProperty("models").EnumerateArray())
                    {
                        string mid = m.GetProperty("id").GetString()!;
                        var entries = PriceEntries(m.GetProperty("prices"), pid + "/" + mid, log).ToList();
                        if (!entries.Any(e => e.Prices.TryGetProperty("input_mtok", out _) || e.Prices.TryGetProperty("output_mtok", out _)))
                        {
                            skipped++;
                            skippedIds.Add(mid);
                            continue;
                        }

                        included++;
                        w.WriteStartObject();
                        w.WriteString("id", mid);
                        w.WriteString("name", m.TryGetProperty("name", out var n) ? n.GetString() : mid);
                        w.WriteBoolean("deprecated", m.TryGetProperty("deprecated", out var d) && d.ValueKind == JsonValueKind.True);
                        w.WritePropertyName("match");
                        WriteMatchList(w, m.GetProperty("match"), pid + "/" + mid, log);
                        w.WriteStartArray("prices");
                        foreach (var (date, prices) in entries.OrderBy(e => e.Date ?? "", StringComparer.Ordinal))
                        {
                            w.WriteStartObject();
                            if (date == null) w.WriteNull("effectiveFrom");
                            else w.WriteString("effectiveFrom", date);
                            ignoredFields += prices.EnumerateObject().Count(f => !Fields.Any(x => x.Source == f.Name) && f.Name != "requests_kcount");
                            WritePriceSet(w, prices, threshold: null, corrections?.For(pid, mid, date));
                            var thresholds = prices.EnumerateObject()
                                .Where(f => f.Value.ValueKind == JsonValueKind.Object && f.Value.TryGetProperty("tiers", out _))
                                .SelectMany(f => f.Value.GetProperty("tiers").EnumerateArray().Select(t => t.GetProperty("start").GetInt64()))
                                .Distinct().OrderBy(x => x).ToList();
                            if (thresholds.Count > 0)
                            {
                                w.WriteStartArray("tiers");
                                foreach (long t in thresholds)
                                {
                                    w.WriteStartObject();
                                    w.WriteNumber("threshold", t);
                                    WritePriceSet(w, prices, t, null);
                                    w.WriteEndObject();
                                }

                                w.WriteEndArray();
                            }

                            w.WriteEndObject();
                        }

                        w.WriteEndArray();
                        w.WriteEndObject();
                    }

                    w.WriteEndArray();
                    w.WriteEndObject();
                    stats.Add($"{pid}: {included} models included, {skipped} not billed per token skipped"
                        + (skipped > 0 ? $" ({string.Join(", ", skippedIds)})" : "")
                        + $", {ignoredFields} non-text price fields ignored");
                    totalIncluded += included;
                    totalSkipped += skipped;
                    totalIgnored += ignoredFields;
                }

                w.WriteEndArray();
                w.WriteEndObject();
            }

            foreach (var s in stats) log(s);
            log($"total: {totalIncluded} models included, {totalSkipped} skipped, {totalIgnored} non-text price fields ignored");
            // \n line endings wherever it runs (the writer uses the platform's), so a rebuild is byte for byte the same.
            string text = Encoding.UTF8.GetString(ms.ToArray()).Replace("\r\n", "\n") + "\n";
            return new UTF8Encoding(false).GetBytes(text);
        }

        /// <summary>
        /// The price history entries. Time-of-day windows (DeepSeek's off-peak discount) are not modelled: of the entries
        /// that differ only by a daily window, the one with the highest input price is kept, so costs are never under-reported.
        /// Any other constraint key stops the build: silently dropping it could turn a conditional price into the general one.
        /// </summary>
        private static IEnumerable<(string? Date, JsonElement Prices)> PriceEntries(JsonElement prices, string where, Action<string> log)
        {
            if (prices.ValueKind != JsonValueKind.Array)
            {
                yield return (null, prices);
                yield break;
            }

            var entries = new List<(string? Date, bool Windowed, JsonElement Prices)>();
            foreach (var e in prices.EnumerateArray())
            {
                string? date = null;
                bool windowed = false;
                if (e.TryGetProperty("constraint", out var c) && c.ValueKind == JsonValueKind.Object)
                {
                    foreach (var prop in c.EnumerateObject())
                    {
                        if (prop.Name == "start_date") date = prop.Value.GetString();
                        else if (prop.Name == "start_time" || prop.Name == "end_time") windowed = true;
                        else throw new InvalidDataException($"{where}: price constraint '{prop.Name}' is not supported; extend the builder before refreshing");
                    }
                }

                entries.Add((date, windowed, e.GetProperty("prices")));
            }

            foreach (var group in entries.GroupBy(e => e.Date))
            {
                var best = group.OrderByDescending(e => e.Prices.TryGetProperty("input_mtok", out var v) ? PriceAt(v, null) : 0m).First();
                if (group.Count() > 1)
                {
                    log($"warning: {where}: {group.Count()} prices from {group.Key ?? "the start"} differ only by a time-of-day window; the highest is kept");
                }
                yield return (best.Date, best.Prices);
            }
        }

        /// <summary>Writes each field's base price, or its price at <paramref name="threshold"/> for a tier.</summary>
        private static void WritePriceSet(Utf8JsonWriter w, JsonElement prices, long? threshold, IReadOnlyList<CatalogCorrection>? corrections)
        {
            foreach (var (source, ours) in Fields)
            {
                if (!prices.TryGetProperty(source, out var v)) continue;
                decimal price = PriceAt(v, threshold);
                // A known error of the source, corrected (docs/pricing.md): only while the source still has the wrong value.
                var fix = corrections?.FirstOrDefault(c => c.Field == ours && c.SourceValue == price);
                w.WriteString(ours, Normalize(fix?.Value ?? price));
            }

            if (prices.TryGetProperty("requests_kcount", out var req))
            {
                w.WriteString("perRequest", Normalize(PriceAt(req, threshold) / 1000m));
            }
        }

        private static decimal PriceAt(JsonElement v, long? threshold)
        {
            if (v.ValueKind == JsonValueKind.Number) return decimal.Parse(v.GetRawText(), NumberStyles.Float, CultureInfo.InvariantCulture);
            decimal price = decimal.Parse(v.GetProperty("base").GetRawText(), NumberStyles.Float, CultureInfo.InvariantCulture);
            if (threshold == null) return price;
            foreach (var t in v.GetProperty("tiers").EnumerateArray().OrderBy(t => t.GetProperty("start").GetInt64()))
            {
                if (t.GetProperty("start").GetInt64() <= threshold.Value)
                {
                    price = decimal.Parse(t.GetProperty("price").GetRawText(), NumberStyles.Float, CultureInfo.InvariantCulture);
                }
            }

            return price;
        }

        private static string Normalize(decimal d) => d.ToString("0.############################", CultureInfo.InvariantCulture);

        private static void WriteMatchList(Utf8JsonWriter w, JsonElement match, string where, Action<string> log)
        {
            w.WriteStartArray();
            if (match.TryGetProperty("or", out var or))
            {
                foreach (var m in or.EnumerateArray()) WriteClause(w, m, where, log);
            }
            else
            {
                WriteClause(w, match, where, log);
            }

            w.WriteEndArray();
        }

        private static void WriteClause(Utf8JsonWriter w, JsonElement m, string where, Action<string> log)
        {
            foreach (var prop in m.EnumerateObject())
            {
                w.WriteStartObject();
                switch (prop.Name)
                {
                    case "equals": w.WriteString("equals", prop.Value.GetString()); break;
                    case "starts_with": w.WriteString("startsWith", prop.Value.GetString()); break;
                    case "ends_with": w.WriteString("endsWith", prop.Value.GetString()); break;
                    case "contains": w.WriteString("contains", prop.Value.GetString()); break;
                    case "regex": w.WriteString("regex", prop.Value.GetString()); break;
                    case "or":
                        // A nested OR inside an AND/NOT: keep it as "any".
                        w.WritePropertyName("any");
                        w.WriteStartArray();
                        foreach (var x in prop.Value.EnumerateArray()) WriteClause(w, x, where, log);
                        w.WriteEndArray();
                        break;
                    case "and":
                        log($"note: {where} uses 'and'");
                        w.WritePropertyName("all");
                        w.WriteStartArray();
                        foreach (var x in prop.Value.EnumerateArray()) WriteClause(w, x, where, log);
                        w.WriteEndArray();
                        break;
                    case "not":
                        log($"note: {where} uses 'not'");
                        w.WritePropertyName("not");
                        WriteClause(w, prop.Value, where, log);
                        break;
                    default:
                        throw new InvalidDataException($"{where}: unknown match clause '{prop.Name}'");
                }

                w.WriteEndObject();
            }
        }
    }
}
