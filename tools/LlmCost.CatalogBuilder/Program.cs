using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;

namespace LlmCost.CatalogBuilder
{
    /// <summary>
    /// Turns genai-prices' data-v2.json into LlmCost's own catalog format (see docs/price-catalog.md).
    /// Usage: dotnet run --project tools/LlmCost.CatalogBuilder -- DATA_V2_JSON OUTPUT_JSON [--providers a,b,c]
    /// </summary>
    internal static class Program
    {
        private static readonly string[] DefaultProviders =
        {
            "openai", "anthropic", "google", "groq", "mistral", "deepseek", "x-ai", "cohere", "cerebras", "fireworks", "together", "perplexity", "moonshotai",
        };

        private static readonly HashSet<string> HalfPriceBatch = new HashSet<string> { "openai", "anthropic", "google", "groq" };

        private static readonly (string Source, string Ours)[] Fields =
        {
            ("input_mtok", "input"), ("cache_read_mtok", "cacheRead"), ("cache_write_mtok", "cacheWrite5m"),
            ("cache_write_1h_mtok", "cacheWrite1h"), ("output_mtok", "output"),
        };

        private static int Main(string[] args)
        {
            var positional = new List<string>();
            string[] providers = DefaultProviders;
            bool badArgs = false;
            for (int i = 0; i < args.Length; i++)
            {
                if (args[i] == "--providers" && i + 1 < args.Length)
                {
                    providers = args[++i].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                }
                else if (args[i].StartsWith("--", StringComparison.Ordinal))
                {
                    badArgs = true;
                }
                else
                {
                    positional.Add(args[i]);
                }
            }

            if (badArgs || positional.Count != 2 || providers.Length == 0)
            {
                Console.Error.WriteLine("usage: LlmCost.CatalogBuilder DATA_V2_JSON OUTPUT_JSON [--providers openai,anthropic,...]");
                return 2;
            }

            using var doc = JsonDocument.Parse(File.ReadAllBytes(positional[0]));
            var byId = doc.RootElement.EnumerateArray().ToDictionary(p => p.GetProperty("id").GetString()!);
            var stats = new List<string>();
            int totalIncluded = 0, totalSkipped = 0, totalIgnored = 0;
            var ms = new MemoryStream();
            using (var w = new Utf8JsonWriter(ms, new JsonWriterOptions { Indented = true, NewLine = "\n", Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
            {
                w.WriteStartObject();
                w.WriteNumber("formatVersion", 1);
                w.WriteString("source", "pydantic/genai-prices data-v2.json");
                w.WriteStartArray("providers");
                foreach (string pid in providers)
                {
                    if (!byId.TryGetValue(pid, out var p))
                    {
                        Console.Error.WriteLine($"warning: provider '{pid}' is not in the source; skipped");
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
                        WriteMatchList(w, pm, pid);
                    }

                    w.WriteStartArray("models");
                    foreach (var m in p.GetProperty("models").EnumerateArray())
                    {
                        string mid = m.GetProperty("id").GetString()!;
                        var entries = PriceEntries(m.GetProperty("prices"), pid + "/" + mid).ToList();
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
                        WriteMatchList(w, m.GetProperty("match"), pid + "/" + mid);
                        w.WriteStartArray("prices");
                        foreach (var (date, prices) in entries.OrderBy(e => e.Date ?? "", StringComparer.Ordinal))
                        {
                            w.WriteStartObject();
                            if (date == null) w.WriteNull("effectiveFrom");
                            else w.WriteString("effectiveFrom", date);
                            ignoredFields += prices.EnumerateObject().Count(f => !Fields.Any(x => x.Source == f.Name) && f.Name != "requests_kcount");
                            WritePriceSet(w, prices, threshold: null);
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
                                    WritePriceSet(w, prices, t);
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

            byte[] bytes = ms.ToArray().Concat(Encoding.UTF8.GetBytes("\n")).ToArray();
            File.WriteAllBytes(positional[1], bytes);
            foreach (var s in stats) Console.WriteLine(s);
            Console.WriteLine($"total: {totalIncluded} models included, {totalSkipped} skipped, {totalIgnored} non-text price fields ignored");
            Console.WriteLine($"wrote {positional[1]} ({bytes.Length} bytes)");
            return 0;
        }

        /// <summary>
        /// The price history entries. Time-of-day windows (DeepSeek's off-peak discount) are not modelled: of the entries
        /// that differ only by a daily window, the one with the highest input price is kept, so costs are never under-reported.
        /// Any other constraint key stops the build: silently dropping it could turn a conditional price into the general one.
        /// </summary>
        private static IEnumerable<(string? Date, JsonElement Prices)> PriceEntries(JsonElement prices, string where)
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
                    Console.Error.WriteLine($"warning: {where}: {group.Count()} prices from {group.Key ?? "the start"} differ only by a time-of-day window; the highest is kept");
                }
                yield return (best.Date, best.Prices);
            }
        }

        /// <summary>Writes each field's base price, or its price at <paramref name="threshold"/> for a tier.</summary>
        private static void WritePriceSet(Utf8JsonWriter w, JsonElement prices, long? threshold)
        {
            foreach (var (source, ours) in Fields)
            {
                if (!prices.TryGetProperty(source, out var v)) continue;
                w.WriteString(ours, Normalize(PriceAt(v, threshold)));
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

        private static void WriteMatchList(Utf8JsonWriter w, JsonElement match, string where)
        {
            w.WriteStartArray();
            if (match.TryGetProperty("or", out var or))
            {
                foreach (var m in or.EnumerateArray()) WriteClause(w, m, where);
            }
            else
            {
                WriteClause(w, match, where);
            }

            w.WriteEndArray();
        }

        private static void WriteClause(Utf8JsonWriter w, JsonElement m, string where)
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
                        foreach (var x in prop.Value.EnumerateArray()) WriteClause(w, x, where);
                        w.WriteEndArray();
                        break;
                    case "and":
                        Console.Error.WriteLine($"note: {where} uses 'and'");
                        w.WritePropertyName("all");
                        w.WriteStartArray();
                        foreach (var x in prop.Value.EnumerateArray()) WriteClause(w, x, where);
                        w.WriteEndArray();
                        break;
                    case "not":
                        Console.Error.WriteLine($"note: {where} uses 'not'");
                        w.WritePropertyName("not");
                        WriteClause(w, prop.Value, where);
                        break;
                    default:
                        throw new InvalidDataException($"{where}: unknown match clause '{prop.Name}'");
                }

                w.WriteEndObject();
            }
        }
    }
}
