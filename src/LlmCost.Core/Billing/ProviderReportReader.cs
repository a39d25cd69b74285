using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using LlmCost.Core.Money;

namespace LlmCost.Core.Billing
{
    /// <summary>
    /// Reads the providers' own reports in their documented JSON shapes: OpenAI's organization costs
    /// (/v1/organization/costs) and usage (/v1/organization/usage/*) pages, Anthropic's cost report
    /// (/v1/organizations/cost_report) and usage report (/v1/organizations/usage_report/messages). A file holds one page
    /// or an array of pages. Errors name the source and the JSON path of the bad field.
    /// </summary>
    public static class ProviderReportReader
    {
        public static ProviderCostReport ReadFile(string path, ProviderCostKind? kind = null)
        {
            if (Directory.Exists(path)) throw new LlmCostException("PathIsADirectory", $"{path}: is a folder; name a report file.");
            if (!File.Exists(path)) throw new LlmCostException("FileNotFound", $"{path}: no such file.");
            byte[] bytes;
            try
            {
                bytes = File.ReadAllBytes(path);
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                throw new LlmCostException("FileReadFailed", $"{path}: cannot be read ({ex.Message}).", ex);
            }

            return Read(bytes, path, kind);
        }

        /// <summary>
        /// Reads one report (a page, or an array of pages) from <paramref name="json"/>; <paramref name="source"/> names it
        /// in errors. With <paramref name="provider"/> and <paramref name="kind"/> known (a fetched page), a page without
        /// any bucket is an empty report rather than an error.
        /// </summary>
        public static ProviderCostReport Read(byte[] json, string source, ProviderCostKind? kind = null, string? provider = null)
        {
            JsonDocument doc;
            try
            {
                // A UTF-8 BOM is allowed; JsonDocument does not skip it.
                int start = json.Length >= 3 && json[0] == 0xEF && json[1] == 0xBB && json[2] == 0xBF ? 3 : 0;
                doc = JsonDocument.Parse(new ReadOnlyMemory<byte>(json, start, json.Length - start));
            }
            catch (JsonException ex)
            {
                throw Bad(source, $"line {(ex.LineNumber ?? 0) + 1}", "is not valid JSON (" + ex.Message.Split('.')[0] + ")");
            }

            using (doc)
            {
                var reader = new Pages(source, kind, provider);
                var root = doc.RootElement;
                if (root.ValueKind == JsonValueKind.Array)
                {
                    int i = 0;
                    foreach (var page in root.EnumerateArray()) reader.Page(page, $"[{i++}]");
                }
                else
                {
                    reader.Page(root, "");
                }

                return reader.Report();
            }
        }

        private static LlmCostException Bad(string source, string where, string problem) =>
            new LlmCostException("InvalidProviderReport", $"{source}: {where}: {problem}.");

        /// <summary>The pages of one report, read in turn into one set of buckets (a bucket read twice: the later wins).</summary>
        private sealed class Pages
        {
            private readonly string _source;
            private ProviderCostKind? _kind;
            private string? _provider;
            private readonly SortedDictionary<DateTime, (DateTime Ends, List<ProviderCostLine> Lines)> _buckets = new SortedDictionary<DateTime, (DateTime, List<ProviderCostLine>)>();

            private readonly bool _providerKnown;

            public Pages(string source, ProviderCostKind? kind, string? provider)
            {
                _source = source;
                _kind = kind;
                _provider = provider;
                _providerKnown = provider != null;
            }

            public void Page(JsonElement page, string at)
            {
                if (page.ValueKind != JsonValueKind.Object || !page.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Array)
                {
                    throw Bad(_source, Where(at, "data"), "missing: a provider report page has a \"data\" array of time buckets (OpenAI organization costs or usage, Anthropic cost or usage report)");
                }

                int b = 0;
                foreach (var bucket in data.EnumerateArray())
                {
                    string path = $"{at}.data[{b++}]".TrimStart('.');
                    if (bucket.ValueKind != JsonValueKind.Object) throw Bad(_source, path, "is not an object");
                    bool openAi = bucket.TryGetProperty("start_time", out _);
                    bool anthropic = bucket.TryGetProperty("starting_at", out _);
                    if (!openAi && !anthropic) throw Bad(_source, path, "has neither start_time (OpenAI) nor starting_at (Anthropic)");
                    string provider = openAi ? "openai" : "anthropic";
                    if (_provider != null && _provider != provider) throw Bad(_source, path, $"is an {provider} bucket in a {_provider} report");
                    _provider = provider;
                    DateTime starts = openAi ? UnixSeconds(bucket, "start_time", path) : Rfc3339(bucket, "starting_at", path);
                    DateTime ends = openAi ? UnixSeconds(bucket, "end_time", path) : Rfc3339(bucket, "ending_at", path);
                    if (ends <= starts) throw Bad(_source, path, "ends before it starts");
                    if (!bucket.TryGetProperty("results", out var results) || results.ValueKind != JsonValueKind.Array)
                    {
                        throw Bad(_source, Where(path, "results"), "missing: each bucket has a \"results\" array");
                    }

                    var lines = new List<ProviderCostLine>();
                    int r = 0;
                    foreach (var result in results.EnumerateArray())
                    {
                        string rpath = $"{path}.results[{r++}]";
                        if (result.ValueKind != JsonValueKind.Object) throw Bad(_source, rpath, "is not an object");
                        var line = openAi ? OpenAiLine(result, rpath) : AnthropicLine(result, rpath);
                        line.Provider = provider;
                        line.StartsAtUtc = starts;
                        line.EndsAtUtc = ends;
                        line.Source = _source;
                        lines.Add(line);
                    }

                    _buckets[starts] = (ends, lines);
                }
            }

            public ProviderCostReport Report()
            {
                if (_provider == null || (_buckets.Count == 0 && !(_providerKnown && _kind != null))) throw Bad(_source, "data", "holds no time bucket; nothing to import");
                if (_kind == null)
                {
                    throw Bad(_source, "data", "every bucket is empty, so the report does not say whether it is costs or usage; name the kind (-Kind Cost or Usage, --kind cost|usage)");
                }

                var lines = new List<ProviderCostLine>();
                foreach (var bucket in _buckets)
                {
                    if (bucket.Value.Lines.Count > 0)
                    {
                        lines.AddRange(bucket.Value.Lines);
                        continue;
                    }

                    // An empty bucket is the report saying "nothing" for it: kept as a zero line, so the day reads as
                    // billed at $0 rather than as not billed.
                    lines.Add(new ProviderCostLine
                    {
                        Provider = _provider,
                        StartsAtUtc = bucket.Key,
                        EndsAtUtc = bucket.Value.Ends,
                        AmountNano = _kind == ProviderCostKind.Cost ? 0 : (long?)null,
                        InputTokens = _kind == ProviderCostKind.Usage ? 0 : (long?)null,
                        OutputTokens = _kind == ProviderCostKind.Usage ? 0 : (long?)null,
                        Source = _source,
                    });
                }

                foreach (var l in lines) l.Kind = _kind.Value;
                return new ProviderCostReport { Provider = _provider, Kind = _kind.Value, Buckets = _buckets.Keys.ToList(), Lines = lines, Source = _source };
            }

            private void KindIs(ProviderCostKind kind, string path)
            {
                if (_kind != null && _kind != kind)
                {
                    throw Bad(_source, path, $"is a {kind.ToString().ToLowerInvariant()} line in a {_kind.Value.ToString().ToLowerInvariant()} report; import costs and usage as separate files");
                }

                _kind = kind;
            }

            private ProviderCostLine OpenAiLine(JsonElement result, string path)
            {
                string obj = Text(result, "object", path) ?? throw Bad(_source, Where(path, "object"), "missing");
                var line = new ProviderCostLine { Project = Text(result, "project_id", path) };
                if (obj == "organization.costs.result")
                {
                    KindIs(ProviderCostKind.Cost, path);
                    if (!result.TryGetProperty("amount", out var amount) || amount.ValueKind != JsonValueKind.Object)
                    {
                        throw Bad(_source, Where(path, "amount"), "missing");
                    }

                    string currency = Text(amount, "currency", path + ".amount") ?? "usd";
                    if (!currency.Equals("usd", StringComparison.OrdinalIgnoreCase)) throw Bad(_source, Where(path, "amount.currency"), $"is '{currency}'; costs are kept in USD");
                    line.AmountNano = ToNano(Number(amount, "value", path + ".amount"), path + ".amount.value");
                    line.LineItem = Text(result, "line_item", path);
                    // Line items read "gpt-4o-2024-08-06, input": the model is the part before the comma. Others
                    // ("Image models", "web search tool calls") are kept whole as the model they bill.
                    string? item = line.LineItem;
                    int comma = item?.IndexOf(", ", StringComparison.Ordinal) ?? -1;
                    line.Model = item == null ? null : comma > 0 ? item.Substring(0, comma) : item;
                    return line;
                }

                if (obj.StartsWith("organization.usage.", StringComparison.Ordinal))
                {
                    KindIs(ProviderCostKind.Usage, path);
                    line.Model = Text(result, "model", path);
                    line.InputTokens = Count(result, "input_tokens", path);
                    line.CacheReadTokens = Count(result, "input_cached_tokens", path);
                    line.OutputTokens = Count(result, "output_tokens", path);
                    line.Requests = Count(result, "num_model_requests", path);
                    if (result.TryGetProperty("batch", out var batch) && batch.ValueKind == JsonValueKind.True) line.LineItem = "batch";
                    return line;
                }

                throw Bad(_source, Where(path, "object"), $"'{obj}' is not an OpenAI costs or usage result");
            }

            private ProviderCostLine AnthropicLine(JsonElement result, string path)
            {
                var line = new ProviderCostLine { Project = Text(result, "workspace_id", path), Model = Text(result, "model", path) };
                if (result.TryGetProperty("amount", out var amount))
                {
                    KindIs(ProviderCostKind.Cost, path);
                    string currency = Text(result, "currency", path) ?? "USD";
                    if (!currency.Equals("USD", StringComparison.OrdinalIgnoreCase)) throw Bad(_source, Where(path, "currency"), $"is '{currency}'; costs are kept in USD");
                    // The amount is a decimal string in cents: "123.45" is $1.2345.
                    if (amount.ValueKind != JsonValueKind.String ||
                        !decimal.TryParse(amount.GetString(), NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var cents))
                    {
                        throw Bad(_source, Where(path, "amount"), "is not a decimal string of cents (\"123.45\")");
                    }

                    line.AmountNano = ToNano(cents / 100m, path + ".amount");
                    line.LineItem = Text(result, "description", path) ?? Text(result, "token_type", path) ?? Text(result, "cost_type", path);
                    return line;
                }

                if (result.TryGetProperty("output_tokens", out _) || result.TryGetProperty("uncached_input_tokens", out _))
                {
                    KindIs(ProviderCostKind.Usage, path);
                    long uncached = Count(result, "uncached_input_tokens", path) ?? 0;
                    long read = Count(result, "cache_read_input_tokens", path) ?? 0;
                    long written = 0;
                    if (result.TryGetProperty("cache_creation", out var creation) && creation.ValueKind == JsonValueKind.Object)
                    {
                        written = (Count(creation, "ephemeral_5m_input_tokens", path + ".cache_creation") ?? 0) + (Count(creation, "ephemeral_1h_input_tokens", path + ".cache_creation") ?? 0);
                    }

                    // Our input counts every input token, cached and written ones included (docs/cost-rules.md).
                    line.InputTokens = checked(uncached + read + written);
                    line.CacheReadTokens = read;
                    line.CacheWriteTokens = written;
                    line.OutputTokens = Count(result, "output_tokens", path) ?? 0;
                    line.LineItem = Text(result, "service_tier", path);
                    return line;
                }

                throw Bad(_source, path, "is neither a cost result (amount) nor a usage result (output_tokens)");
            }

            private long ToNano(decimal amount, string path)
            {
                if (Math.Abs(amount) > 1_000_000_000m) throw Bad(_source, path, $"{amount.ToString(CultureInfo.InvariantCulture)} is out of range");
                return Nano.FromDecimal(amount);
            }

            private string? Text(JsonElement e, string name, string path)
            {
                if (!e.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null) return null;
                if (v.ValueKind != JsonValueKind.String) throw Bad(_source, Where(path, name), "is not a string");
                return v.GetString();
            }

            private decimal Number(JsonElement e, string name, string path)
            {
                if (!e.TryGetProperty(name, out var v)) throw Bad(_source, Where(path, name), "missing");
                if (v.ValueKind == JsonValueKind.Number && v.TryGetDecimal(out var d)) return d;
                throw Bad(_source, Where(path, name), "is not a number");
            }

            private long? Count(JsonElement e, string name, string path)
            {
                if (!e.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null) return null;
                if (v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out long n) && n >= 0) return n;
                throw Bad(_source, Where(path, name), "is not a whole number of 0 or more");
            }

            private DateTime UnixSeconds(JsonElement e, string name, string path)
            {
                if (e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out long s) && s >= 0 && s < 253402300800L)
                {
                    return DateTimeOffset.FromUnixTimeSeconds(s).UtcDateTime;
                }

                throw Bad(_source, Where(path, name), "is not a time in Unix seconds");
            }

            private DateTime Rfc3339(JsonElement e, string name, string path)
            {
                if (e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String &&
                    DateTimeOffset.TryParse(v.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t))
                {
                    return t.UtcDateTime;
                }

                throw Bad(_source, Where(path, name), "is not an RFC 3339 time");
            }

            private static string Where(string path, string name) => path.Length == 0 ? name : path + "." + name;
        }
    }
}
