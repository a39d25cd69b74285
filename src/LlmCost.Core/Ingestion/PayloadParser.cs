using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;
using System.Text.Json;

namespace LlmCost.Core.Ingestion
{
    /// <summary>Provider responses, stream transcripts, batch output lines and Claude Code log lines → usage.</summary>
    public static class PayloadParser
    {
        /// <summary>
        /// A raw provider response body (JSON), an OpenTelemetry span, or a server-sent-events transcript.
        /// Returns null when there is no usage in it.
        /// </summary>
        public static ParsedUsage? Parse(string body, string? providerHint = null)
        {
            string trimmed = body.TrimStart();
            if (trimmed.StartsWith("data:", StringComparison.Ordinal) || trimmed.StartsWith("event:", StringComparison.Ordinal)) return ParseSse(body, providerHint);
            using var doc = ParseJson(body);
            return ParseDocument(doc.RootElement, providerHint);
        }

        internal static JsonDocument ParseJson(string text)
        {
            try
            {
                return JsonDocument.Parse(text);
            }
            catch (JsonException ex)
            {
                throw new UsageFormatException($"not valid JSON (byte {ex.BytePositionInLine}): {ex.Message}", "json");
            }
        }

        /// <summary>What a JSON document is: the one format detector for single payloads and for lines of a log file.</summary>
        internal enum DocumentKind
        {
            /// <summary>A provider response, stream event or OpenTelemetry span: read by the extractors.</summary>
            Payload,
            ClaudeCodeLine,
            /// <summary>A Claude Code line that never carries usage (user turn, summary, system note).</summary>
            ClaudeCodeLineWithoutUsage,
            OpenAIBatchLine,
        }

        internal static DocumentKind Detect(JsonElement root)
        {
            if (root.ValueKind != JsonValueKind.Object) return DocumentKind.Payload;
            if (root.TryGetProperty("sessionId", out _) && root.TryGetProperty("message", out _)) return DocumentKind.ClaudeCodeLine;
            if (root.TryGetProperty("custom_id", out _)) return DocumentKind.OpenAIBatchLine;
            if (root.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String &&
                (t.GetString() == "user" || t.GetString() == "summary" || t.GetString() == "system"))
            {
                return DocumentKind.ClaudeCodeLineWithoutUsage;
            }

            return DocumentKind.Payload;
        }

        /// <summary>One JSON document of any supported kind.</summary>
        public static ParsedUsage? ParseDocument(JsonElement root, string? providerHint = null) => ParseDocument(root, providerHint, out _);

        /// <summary>One JSON document of any supported kind; <paramref name="snapshotKey"/> names a streamed Claude Code message whose later snapshots replace it.</summary>
        public static ParsedUsage? ParseDocument(JsonElement root, string? providerHint, out string? snapshotKey)
        {
            snapshotKey = null;
            if (root.ValueKind != JsonValueKind.Object) return null;
            switch (Detect(root))
            {
                case DocumentKind.ClaudeCodeLine: return ParseClaudeCodeLine(root, out snapshotKey);
                case DocumentKind.OpenAIBatchLine: return ParseBatchLine(root);
                case DocumentKind.ClaudeCodeLineWithoutUsage: return null;
            }

            var otel = UsageExtractors.ExtractOpenTelemetry(root);
            if (otel != null) return otel;
            return UsageExtractors.Extract(root, providerHint);
        }

        /// <summary>An OpenAI batch output line: <c>response.body</c> holds a normal response; batch pricing applies.</summary>
        public static ParsedUsage? ParseBatchLine(JsonElement line)
        {
            if (line.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.Object) return null;
            if (!line.TryGetProperty("response", out var response) || response.ValueKind != JsonValueKind.Object) return null;
            if (response.TryGetProperty("status_code", out var code) && code.ValueKind == JsonValueKind.Number && code.GetInt32() >= 400) return null;
            if (!response.TryGetProperty("body", out var body)) throw new UsageFormatException("response.body is missing", "response.body");
            var parsed = UsageExtractors.Extract(body, "openai");
            if (parsed == null) return null;
            parsed.IsBatch = true;
            parsed.Provider ??= "openai";
            parsed.RequestId ??= response.TryGetProperty("request_id", out var rid) && rid.ValueKind == JsonValueKind.String ? rid.GetString() : null;
            parsed.Source = "openai-batch";
            return parsed;
        }

        /// <summary>
        /// A Claude Code session log line. Returns null for lines without usage (user turns, summaries), synthetic
        /// messages and API-error lines. <paramref name="dedupeKey"/> is message.id + requestId.
        /// </summary>
        public static ParsedUsage? ParseClaudeCodeLine(JsonElement line, out string? dedupeKey)
        {
            dedupeKey = null;
            if (!line.TryGetProperty("message", out var message) || message.ValueKind != JsonValueKind.Object) return null;
            if (line.TryGetProperty("isApiErrorMessage", out var apiError) && apiError.ValueKind == JsonValueKind.True) return null;
            if (!message.TryGetProperty("usage", out var usage) || usage.ValueKind != JsonValueKind.Object) return null;
            string? model = message.TryGetProperty("model", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() : null;
            if (model == "<synthetic>") return null;
            if (string.IsNullOrEmpty(model)) throw new UsageFormatException("message.model is missing: usage without a model cannot be priced", "message.model");

            ParsedUsage? parsed;
            if (message.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String && t.GetString() == "message")
            {
                parsed = UsageExtractors.Extract(message, "anthropic");
            }
            else
            {
                // Older logs omit message.type: read it as an Anthropic message all the same.
                using var doc = JsonDocument.Parse("{\"type\":\"message\",\"usage\":" + usage.GetRawText() + "}");
                parsed = UsageExtractors.Extract(doc.RootElement, "anthropic");
                if (parsed != null) parsed.Model = model;
            }

            if (parsed == null) return null;
            string? messageId = message.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String ? id.GetString() : null;
            string? requestId = line.TryGetProperty("requestId", out var r) && r.ValueKind == JsonValueKind.String ? r.GetString() : null;
            if (messageId != null || requestId != null)
            {
                dedupeKey = (messageId ?? "") + ":" + (requestId ?? "");
                parsed.RequestId = dedupeKey;
            }

            if (line.TryGetProperty("sessionId", out var s) && s.ValueKind == JsonValueKind.String) parsed.SessionId = s.GetString();
            if (line.TryGetProperty("timestamp", out var ts) && ts.ValueKind == JsonValueKind.String)
            {
                if (!DateTimeOffset.TryParse(ts.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var dto))
                {
                    throw new UsageFormatException($"timestamp '{ts.GetString()}' is not a date", "timestamp");
                }

                parsed.Timestamp = dto.UtcDateTime;
            }

            parsed.Provider = "anthropic";
            parsed.Source = "claude-code";
            return parsed;
        }

        /// <summary>
        /// A server-sent-events transcript. OpenAI: the last chunk's usage; Groq: x_groq.usage; Anthropic:
        /// message_start's usage updated by each message_delta (the last snapshot wins); Gemini: the last usageMetadata.
        /// </summary>
        public static ParsedUsage? ParseSse(string text, string? providerHint = null)
        {
            ParsedUsage? last = null;
            string? model = null, id = null;
            Dictionary<string, string>? anthropicUsage = null;
            string? anthropicCacheCreation = null;
            using var reader = new StringReader(text);
            string? line;
            while ((line = reader.ReadLine()) != null)
            {
                if (!line.StartsWith("data:", StringComparison.Ordinal)) continue;
                string data = line.Substring(5).Trim();
                if (data.Length == 0 || data == "[DONE]") continue;
                using var doc = ParseJson(data);
                var root = doc.RootElement;
                if (root.ValueKind != JsonValueKind.Object) continue;
                string? type = root.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
                if (type == "message_start" && root.TryGetProperty("message", out var msg))
                {
                    model = msg.TryGetProperty("model", out var mm) ? mm.GetString() : model;
                    id = msg.TryGetProperty("id", out var mi) ? mi.GetString() : id;
                    anthropicUsage = new Dictionary<string, string>();
                    if (msg.TryGetProperty("usage", out var u)) Merge(anthropicUsage, u, ref anthropicCacheCreation);
                    continue;
                }

                if (type == "message_delta")
                {
                    anthropicUsage ??= new Dictionary<string, string>();
                    if (root.TryGetProperty("usage", out var u)) Merge(anthropicUsage, u, ref anthropicCacheCreation);
                    continue;
                }

                if (type != null && type.StartsWith("content_block", StringComparison.Ordinal)) continue;
                if (type == "ping" || type == "message_stop") continue;
                var parsed = UsageExtractors.Extract(root, providerHint);
                if (parsed != null) last = parsed;
                else if (root.TryGetProperty("model", out var cm) && cm.ValueKind == JsonValueKind.String) model ??= cm.GetString();
            }

            if (anthropicUsage != null)
            {
                var sb = new StringBuilder("{\"type\":\"message\",\"usage\":{");
                bool first = true;
                foreach (var kv in anthropicUsage)
                {
                    if (!first) sb.Append(',');
                    first = false;
                    sb.Append(Json.JsonText.Quote(kv.Key)).Append(':').Append(kv.Value);
                }

                if (anthropicCacheCreation != null) sb.Append(first ? "" : ",").Append("\"cache_creation\":").Append(anthropicCacheCreation);
                sb.Append("}}");
                using var doc = JsonDocument.Parse(sb.ToString());
                var parsed = UsageExtractors.Extract(doc.RootElement, "anthropic");
                if (parsed != null)
                {
                    parsed.Model = model;
                    parsed.RequestId = id;
                    parsed.Source = "anthropic-stream";
                    return parsed;
                }
            }

            if (last != null)
            {
                last.Model ??= model;
                last.Source += "-stream";
            }

            return last;
        }

        private static void Merge(Dictionary<string, string> usage, JsonElement u, ref string? cacheCreation)
        {
            if (u.ValueKind != JsonValueKind.Object) return;
            foreach (var p in u.EnumerateObject())
            {
                if (p.Value.ValueKind == JsonValueKind.Null) continue;
                if (p.Name == "cache_creation") cacheCreation = p.Value.GetRawText();
                else if (p.Value.ValueKind == JsonValueKind.Number) usage[p.Name] = p.Value.GetRawText();
            }
        }
    }
}
