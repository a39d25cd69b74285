using System;
using System.Text.Json;
using LlmCost.Core.Usage;

namespace LlmCost.Core.Ingestion.Sources
{
    /// <summary>
    /// A Langfuse observation (a generation, exported as CSV or JSON) as a usage record. Langfuse's usageDetails split
    /// each count into parts: 'input' is the uncached input, with the cached and cache-write parts under their own keys
    /// (input_cached_tokens, cache_read_input_tokens, input_cache_read; cache_creation_input_tokens,
    /// input_cache_creation), and 'output' leaves out output_reasoning_tokens; any other input_* or output_* key (audio,
    /// images) is added back to input or output. Older exports carry usage {input, output} or promptTokens and
    /// completionTokens. The trace is the session (sessionId where the export has it); Langfuse's total cost
    /// (costDetails.total, else calculatedTotalCost) is kept as the source cost. Spans and events are skipped.
    /// </summary>
    internal static class LangfuseObservationMapping
    {
        public static readonly string[] SignatureFields = { "traceId", "startTime" };

        public static UsageRecord? ToRecord(SourceRow row, string? provider)
        {
            string? type = row.Text("type");
            if (type != null && !string.Equals(type, "GENERATION", StringComparison.OrdinalIgnoreCase)) return null;
            string? model = row.Text("model") ?? row.Text("providedModelName");
            if (model == null) return null; // a generation without a model has nothing to price

            var tokens = Tokens(row);
            decimal? sourceCost = null;
            if (row.Json("costDetails") is JsonElement cost && cost.ValueKind == JsonValueKind.Object && cost.TryGetProperty("total", out var total) && total.ValueKind == JsonValueKind.Number)
            {
                sourceCost = total.GetDecimal();
            }

            sourceCost ??= row.Money("calculatedTotalCost") ?? row.Money("totalCost");
            return new UsageRecord(provider, model, row.Time("startTime"), tokens)
            {
                RequestId = row.Text("id"),
                SessionId = row.Text("sessionId") ?? row.Text("traceId"),
                SourceCost = sourceCost,
            };
        }

        private static TokenUsage Tokens(SourceRow row)
        {
            if (row.Json("usageDetails") is JsonElement details && details.ValueKind == JsonValueKind.Object && details.EnumerateObject().GetEnumerator().MoveNext())
            {
                long input = 0, output = 0, cacheRead = 0, cacheWrite = 0, reasoning = 0;
                foreach (var p in details.EnumerateObject())
                {
                    if (p.Value.ValueKind != JsonValueKind.Number) continue;
                    long n = SourceRow.CountOf(p.Value.GetRawText(), "usageDetails." + p.Name);
                    string key = p.Name.ToLowerInvariant();
                    if (key == "total") continue;
                    if (key.Contains("cache") && (key.Contains("read") || key.Contains("cached"))) cacheRead += n;
                    else if (key.StartsWith("input_cached", StringComparison.Ordinal)) cacheRead += n;
                    else if (key.Contains("cache") && (key.Contains("creation") || key.Contains("write"))) cacheWrite += n;
                    else if (key == "input" || key.StartsWith("input_", StringComparison.Ordinal)) input += n;
                    else if (key.StartsWith("output_reasoning", StringComparison.Ordinal)) reasoning += n;
                    else if (key == "output" || key.StartsWith("output_", StringComparison.Ordinal)) output += n;
                }

                // Our counts: input is all input, output all output (docs/cost-rules.md).
                return new TokenUsage(input + cacheRead + cacheWrite, output + reasoning, cacheRead, cacheWrite, 0, reasoning);
            }

            if (row.Json("usage") is JsonElement usage && usage.ValueKind == JsonValueKind.Object)
            {
                return new TokenUsage(Number(usage, "input"), Number(usage, "output"));
            }

            long prompt = row.Count("promptTokens") + row.Count("inputUsage");
            long completion = row.Count("completionTokens") + row.Count("outputUsage");
            return new TokenUsage(prompt, completion);
        }

        private static long Number(JsonElement obj, string name) =>
            obj.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? SourceRow.CountOf(v.GetRawText(), "usage." + name) : 0;
    }
}
