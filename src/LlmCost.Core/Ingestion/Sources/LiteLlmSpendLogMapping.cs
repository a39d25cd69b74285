using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using LlmCost.Core.Usage;

namespace LlmCost.Core.Ingestion.Sources
{
    /// <summary>
    /// A row of LiteLLM's LiteLLM_SpendLogs table (exported as CSV or JSON) as a usage record. LiteLLM keeps usage in
    /// OpenAI's shape: prompt_tokens is all input and completion_tokens all output; the cache and reasoning parts are
    /// in metadata.usage_object (OpenAI's *_tokens_details, Anthropic's cache_*_input_tokens). Its own cost, spend, is
    /// kept as the source cost; the request is priced with our prices. Failed requests (status 'failure') are skipped.
    /// </summary>
    internal static class LiteLlmSpendLogMapping
    {
        /// <summary>Columns that tell a spend-log export from other CSV or JSON.</summary>
        public static readonly string[] SignatureFields = { "request_id", "spend", "startTime" };

        private static readonly Dictionary<string, string> ProviderIds = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["gemini"] = "google", ["vertex_ai"] = "google", ["vertex_ai_beta"] = "google", ["azure"] = "openai", ["text-completion-openai"] = "openai",
        };

        public static UsageRecord? ToRecord(SourceRow row, string? provider)
        {
            if (string.Equals(row.Text("status"), "failure", StringComparison.OrdinalIgnoreCase)) return null;
            string model = row.Text("model") ?? throw new UsageFormatException("field 'model' is empty", "model");
            string? source = row.Text("custom_llm_provider");
            // LiteLLM model names may carry the provider route: 'anthropic/claude-…'.
            int slash = model.IndexOf('/');
            if (slash > 0 && source == null) source = model.Substring(0, slash);
            if (slash > 0) model = model.Substring(slash + 1);
            if (source != null && ProviderIds.TryGetValue(source, out var mapped)) source = mapped;

            long input = row.Count("prompt_tokens"), output = row.Count("completion_tokens");
            long cacheRead = 0, cacheWrite = 0, reasoning = 0;
            if (row.Json("metadata") is JsonElement metadata && metadata.ValueKind == JsonValueKind.Object &&
                metadata.TryGetProperty("usage_object", out var usage) && usage.ValueKind == JsonValueKind.Object)
            {
                cacheRead = Max(Nested(usage, "prompt_tokens_details", "cached_tokens"), Direct(usage, "cache_read_input_tokens"));
                cacheWrite = Direct(usage, "cache_creation_input_tokens");
                reasoning = Nested(usage, "completion_tokens_details", "reasoning_tokens");
            }

            // prompt_tokens is all input in OpenAI's shape; some LiteLLM versions left Anthropic's cache tokens out of it,
            // which shows as fewer prompt tokens than cache tokens: then the cache parts are added to it.
            if (input < cacheRead + cacheWrite) input += cacheRead + cacheWrite;
            var record = new UsageRecord(provider ?? source, model, row.Time("startTime"), new TokenUsage(input, output, cacheRead, cacheWrite, 0, reasoning))
            {
                RequestId = row.Text("request_id"),
                SessionId = row.Text("session_id"),
                SourceCost = row.Money("spend"),
                Tags = Tags(row),
            };
            return record;
        }

        private static IReadOnlyList<string>? Tags(SourceRow row)
        {
            var tags = new List<string>();
            if (row.Json("request_tags") is JsonElement list && list.ValueKind == JsonValueKind.Array)
            {
                tags.AddRange(list.EnumerateArray().Where(t => t.ValueKind == JsonValueKind.String).Select(t => t.GetString()!.Trim()).Where(t => t.Length > 0));
            }

            string? endUser = row.Text("end_user");
            if (endUser != null) tags.Add("end_user:" + endUser);
            string? team = row.Text("team_id");
            if (team != null) tags.Add("team:" + team);
            // Our tags cannot hold a comma (they are stored comma-joined).
            return tags.Count == 0 ? null : tags.Select(t => t.Replace(',', ';')).Distinct(StringComparer.Ordinal).ToArray();
        }

        private static long Direct(JsonElement obj, string name) =>
            obj.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? SourceRow.CountOf(v.GetRawText(), "metadata.usage_object." + name) : 0;

        private static long Nested(JsonElement obj, string parent, string name) =>
            obj.TryGetProperty(parent, out var p) && p.ValueKind == JsonValueKind.Object ? Direct(p, name) : 0;

        private static long Max(long a, long b) => a > b ? a : b;
    }
}
