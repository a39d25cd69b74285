using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Text.Json;
using LlmCost.Core.Usage;

namespace LlmCost.Core.Ingestion
{
    /// <summary>The built-in extractors and the interpreter that applies them.</summary>
    public static class UsageExtractors
    {
        internal const string Input = "input", CacheRead = "cacheRead", Write5m = "cacheWrite5m", Write1h = "cacheWrite1h", Output = "output", Reasoning = "reasoning";

        internal static readonly Extractor[] All =
        {
            new Extractor
            {
                Name = "openai-responses", Provider = "openai", When = new[] { ("object", (string?)"response") },
                CreatedUnixSeconds = "created_at",
                TierPath = "service_tier", BatchTiers = new[] { "flex" },
                Counts = new[]
                {
                    new CountMapping(Input, new[] { "input_tokens" }, required: true),
                    new CountMapping(CacheRead, new[] { "input_tokens_details.cached_tokens" }),
                    // Newer models report prompt-cache writes here; they are part of input_tokens, priced at the cache-write price.
                    new CountMapping(Write5m, new[] { "input_tokens_details.cache_write_tokens" }),
                    new CountMapping(Output, new[] { "output_tokens" }, required: true),
                    new CountMapping(Reasoning, new[] { "output_tokens_details.reasoning_tokens" }),
                },
            },
            new Extractor
            {
                // Anthropic Messages: the raw counts; TokenUsage.FromAnthropic turns them into ours (input_tokens excludes the cache).
                Name = "anthropic", Provider = "anthropic", When = new[] { ("usage.input_tokens", (string?)null), ("type", (string?)"message") },
                Counts = new[]
                {
                    new CountMapping(Input, new[] { "input_tokens" }, required: true),
                    new CountMapping(CacheRead, new[] { "cache_read_input_tokens" }),
                    new CountMapping(Write5m, new[] { "cache_creation_input_tokens" }),
                    new CountMapping(Write1h, new[] { "cache_creation.ephemeral_1h_input_tokens" }),
                    new CountMapping(Output, new[] { "output_tokens" }, required: true),
                    // Extended thinking is inside output_tokens (so the cost is unchanged); kept for the reasoning share.
                    new CountMapping(Reasoning, new[] { "output_tokens_details.thinking_tokens" }),
                },
                AnthropicCacheRule = true,
                TierPath = "usage.service_tier", BatchTiers = new[] { "batch" },
                // Server-side steps (docs/cost-rules.md "Steps of one request"): tool-loop turns and the fallback hop
                // that served the reply are in the top-level counts; compaction is not, and runs on the request's model;
                // an advisor sub-inference is not, and runs on the advisor model it names.
                StepsPath = "iterations",
                Steps = new[]
                {
                    ("message", StepBilling.InTopLevel),
                    ("fallback_message", StepBilling.InTopLevel),
                    ("compaction", StepBilling.AddedToRequest),
                    ("advisor_message", StepBilling.OwnModel),
                },
            },
            new Extractor
            {
                // Gemini generateContent: candidates exclude thoughts; the prompt includes cached content.
                Name = "gemini", Provider = "google", When = new[] { ("usageMetadata", (string?)null) }, Usage = "usageMetadata",
                ModelPaths = new[] { "modelVersion" }, IdPaths = new[] { "responseId" }, CreatedIso = "createTime",
                Counts = new[]
                {
                    new CountMapping(Input, new[] { "promptTokenCount", "toolUsePromptTokenCount" }),
                    new CountMapping(CacheRead, new[] { "cachedContentTokenCount" }),
                    new CountMapping(Output, new[] { "candidatesTokenCount", "thoughtsTokenCount" }),
                    new CountMapping(Reasoning, new[] { "thoughtsTokenCount" }),
                },
            },
            new Extractor
            {
                // Groq streams put the usage in x_groq.usage; the shape is OpenAI's.
                Name = "groq-stream", Provider = "groq", When = new[] { ("x_groq.usage", (string?)null) }, Usage = "x_groq.usage",
                CreatedUnixSeconds = "created",
                Counts = OpenAiChatCounts(),
            },
            new Extractor
            {
                Name = "groq", Provider = "groq", When = new[] { ("usage.prompt_tokens", (string?)null), ("x_groq", (string?)null) },
                CreatedUnixSeconds = "created",
                Counts = OpenAiChatCounts(),
            },
            new Extractor
            {
                // DeepSeek (OpenAI-shaped): cache hits are billed from its own prompt_cache_hit_tokens, a part of prompt_tokens.
                Name = "deepseek", Provider = "deepseek", When = new[] { ("usage.prompt_tokens", (string?)null), ("usage.prompt_cache_hit_tokens", (string?)null) },
                CreatedUnixSeconds = "created",
                Counts = new[]
                {
                    new CountMapping(Input, new[] { "prompt_tokens" }, required: true),
                    new CountMapping(CacheRead, new[] { "prompt_cache_hit_tokens" }),
                    new CountMapping(Output, new[] { "completion_tokens" }, required: true),
                    new CountMapping(Reasoning, new[] { "completion_tokens_details.reasoning_tokens" }),
                },
            },
            new Extractor
            {
                // OpenAI Chat Completions (and OpenAI-compatible APIs): prompt_tokens includes cached, completion includes reasoning.
                Name = "openai-chat", Provider = null, When = new[] { ("usage.prompt_tokens", (string?)null) },
                CreatedUnixSeconds = "created",
                TierPath = "service_tier", BatchTiers = new[] { "flex" },
                Counts = OpenAiChatCounts(),
            },
        };

        private static CountMapping[] OpenAiChatCounts() => new[]
        {
            new CountMapping(Input, new[] { "prompt_tokens" }, required: true),
            new CountMapping(CacheRead, new[] { "prompt_tokens_details.cached_tokens" }),
            new CountMapping(Write5m, new[] { "prompt_tokens_details.cache_write_tokens" }),
            new CountMapping(Output, new[] { "completion_tokens" }, required: true),
            new CountMapping(Reasoning, new[] { "completion_tokens_details.reasoning_tokens" }),
        };

        /// <summary>
        /// Reads one provider response (or a stream chunk with usage). Returns null when the payload carries no usage;
        /// throws <see cref="UsageFormatException"/> naming the field when it does but a field is wrong.
        /// </summary>
        public static ParsedUsage? Extract(JsonElement root, string? providerHint = null)
        {
            if (root.ValueKind != JsonValueKind.Object) return null;
            foreach (var ex in All)
            {
                if (!Applies(ex, root)) continue;
                return Apply(ex, root, providerHint);
            }

            // OpenAI Responses stream events and Anthropic message_start wrap the payload in a field.
            if (root.TryGetProperty("response", out var response) && response.ValueKind == JsonValueKind.Object) return Extract(response, providerHint);
            return ExtractBare(root, providerHint);
        }

        /// <summary>
        /// A {model, usage} object taken out of its response (logged by a framework): without the envelope's type or
        /// object field, the provider given decides the mapping, else the usage's own field names do.
        /// </summary>
        private static ParsedUsage? ExtractBare(JsonElement root, string? providerHint)
        {
            if (!TryGet(root, "usage", out var usage) || usage.ValueKind != JsonValueKind.Object) return null;
            string? provider = providerHint == null ? null : Pricing.PriceCatalog.NormalizeProvider(providerHint);
            bool anthropicFields = usage.TryGetProperty("cache_creation_input_tokens", out _) || usage.TryGetProperty("cache_read_input_tokens", out _);
            bool responsesFields = usage.TryGetProperty("input_tokens_details", out _) || usage.TryGetProperty("output_tokens_details", out _);
            string? name =
                usage.TryGetProperty("prompt_tokens", out _) ? "openai-chat" :
                !usage.TryGetProperty("input_tokens", out _) ? null :
                provider == "anthropic" || (provider == null && anthropicFields) ? "anthropic" :
                provider == "openai" || (provider == null && responsesFields) ? "openai-responses" :
                null;
            if (name == null) return null;
            var parsed = Apply(Array.Find(All, e => e.Name == name)!, root, providerHint);
            if (provider != null) parsed.Provider = provider;
            return parsed;
        }

        private static bool Applies(Extractor ex, JsonElement root)
        {
            foreach (var (path, expected) in ex.When)
            {
                if (!TryGet(root, path, out var v)) return false;
                if (expected != null && (v.ValueKind != JsonValueKind.String || v.GetString() != expected)) return false;
            }

            return true;
        }

        private static ParsedUsage Apply(Extractor ex, JsonElement root, string? providerHint)
        {
            TryGet(root, ex.Usage, out var usage);
            var tokens = ComputeTokens(ex, (string path, out long v) => ReadCount(usage, path, ex.Usage, out v));
            List<ParsedStep>? steps = null;
            if (ex.StepsPath != null && usage.ValueKind == JsonValueKind.Object && TryGet(usage, ex.StepsPath, out var list) && list.ValueKind != JsonValueKind.Null)
            {
                tokens = ApplySteps(ex, list, tokens, out steps);
            }

            var parsed = new ParsedUsage
            {
                Provider = ex.Provider ?? providerHint,
                Model = FirstString(root, ex.ModelPaths),
                RequestId = FirstString(root, ex.IdPaths),
                Tokens = tokens,
                Source = ex.Name,
                Steps = steps,
            };
            if (ex.TierPath != null && TryGet(root, ex.TierPath, out var tier) && tier.ValueKind == JsonValueKind.String)
            {
                parsed.IsBatch = Array.IndexOf(ex.BatchTiers, tier.GetString()) >= 0;
                parsed.ServiceTier = Pricing.ServiceTiers.Normalize(tier.GetString());
            }

            if (ex.CreatedUnixSeconds != null && TryGet(root, ex.CreatedUnixSeconds, out var created) && created.ValueKind == JsonValueKind.Number && created.TryGetInt64(out long secs))
            {
                // 1970 to 9999: a number outside is not a time (a corrupt or hostile payload), reported like any bad field.
                if (secs < 0 || secs > 253402300799L) throw new UsageFormatException($"{ex.CreatedUnixSeconds} ({secs}) is not a time", ex.CreatedUnixSeconds);
                parsed.Timestamp = DateTimeOffset.FromUnixTimeSeconds(secs).UtcDateTime;
            }
            else if (ex.CreatedIso != null && TryGet(root, ex.CreatedIso, out var iso) && iso.ValueKind == JsonValueKind.String &&
                     DateTimeOffset.TryParse(iso.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var dto))
            {
                parsed.Timestamp = dto.UtcDateTime;
            }

            return parsed;
        }

        /// <summary>
        /// The request's steps (<see cref="Extractor.StepsPath"/>): those billed on the request's model are added to
        /// <paramref name="tokens"/>; those on another model, or of a type whose billing is not known, are returned as steps.
        /// </summary>
        private static TokenUsage ApplySteps(Extractor ex, JsonElement list, TokenUsage tokens, out List<ParsedStep>? steps)
        {
            steps = null;
            string listPath = ex.Usage + "." + ex.StepsPath;
            if (list.ValueKind != JsonValueKind.Array) throw new UsageFormatException($"{listPath} must be a list", listPath);
            int index = 0;
            foreach (var step in list.EnumerateArray())
            {
                index++;
                string at = $"{listPath}[{index - 1}]";
                if (step.ValueKind != JsonValueKind.Object) throw new UsageFormatException($"{at} must be an object", at);
                string type = step.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString()! : "";
                StepBilling? billing = null;
                foreach (var (name, how) in ex.Steps)
                {
                    if (name == type) billing = how;
                }

                if (billing == StepBilling.InTopLevel) continue;
                var counts = ComputeTokens(ex, (string path, out long v) => ReadCount(step, path, at, out v), at);
                if (billing == StepBilling.AddedToRequest)
                {
                    tokens = tokens.Add(counts);
                    continue;
                }

                string? model = step.TryGetProperty("model", out var m) && m.ValueKind == JsonValueKind.String && m.GetString()!.Length > 0 ? m.GetString() : null;
                // A step whose billing is not known, or a model step without its model: recorded with its counts under a
                // name no price matches, so the request shows as partly unpriced instead of silently cheaper.
                string priced = billing == StepBilling.OwnModel && model != null ? model : "iteration:" + (type.Length > 0 ? type : "untyped");
                (steps ??= new List<ParsedStep>()).Add(new ParsedStep(index, type, priced, counts));
            }

            try
            {
                tokens.Validate();
            }
            catch (InvalidUsageException e)
            {
                throw new UsageFormatException($"{ex.Name} usage with its {ex.StepsPath} is inconsistent: {e.Message}", listPath);
            }

            return tokens;
        }

        /// <summary>Reads one count at a path below the usage object: false when absent or null; throws when not a whole number ≥ 0.</summary>
        internal delegate bool CountReader(string path, out long value);

        /// <summary>The six counts of <paramref name="ex"/>'s mappings, validated; the same rules whatever the reader reads from.</summary>
        [MethodImpl(JitHints.Hot)]
        internal static TokenUsage ComputeTokens(Extractor ex, CountReader read, string? at = null)
        {
            string root = at ?? ex.Usage;
            long input = 0, cacheRead = 0, write5m = 0, write1h = 0, output = 0, reasoning = 0;
            foreach (var m in ex.Counts)
            {
                bool any = false;
                long total = 0;
                foreach (var path in m.Add)
                {
                    if (read(path, out long v))
                    {
                        any = true;
                        total += v;
                    }
                }

                if (!any && m.Required) throw new UsageFormatException($"{root}.{m.Add[0]} is missing", root + "." + m.Add[0]);
                foreach (var path in m.Subtract)
                {
                    if (read(path, out long v)) total -= v;
                }

                switch (m.Count)
                {
                    case Input: input = total; break;
                    case CacheRead: cacheRead = total; break;
                    case Write5m: write5m = total; break;
                    case Write1h: write1h = total; break;
                    case Output: output = total; break;
                    case Reasoning: reasoning = total; break;
                }
            }

            TokenUsage tokens;
            if (ex.AnthropicCacheRule)
            {
                if (write1h > write5m)
                {
                    throw new UsageFormatException("usage.cache_creation.ephemeral_1h_input_tokens exceeds cache_creation_input_tokens", "usage.cache_creation");
                }

                tokens = TokenUsage.FromAnthropic(input, cacheRead, write5m, null, write1h, output, reasoning);
            }
            else
            {
                tokens = new TokenUsage(input, output, cacheRead, write5m, write1h, reasoning);
            }

            try
            {
                tokens.Validate();
            }
            catch (InvalidUsageException e)
            {
                throw new UsageFormatException($"{ex.Name} usage is inconsistent: {e.Message}", string.Join(", ", e.Fields));
            }

            return tokens;
        }

        /// <summary>Reads OpenTelemetry GenAI attributes (flat object or OTLP key/value array); input includes the cache.</summary>
        public static ParsedUsage? ExtractOpenTelemetry(JsonElement span)
        {
            var attrs = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
            JsonElement source = span.TryGetProperty("attributes", out var a) ? a : span;
            if (source.ValueKind == JsonValueKind.Object)
            {
                foreach (var p in source.EnumerateObject()) attrs[p.Name] = p.Value;
            }
            else if (source.ValueKind == JsonValueKind.Array)
            {
                foreach (var kv in source.EnumerateArray())
                {
                    if (!kv.TryGetProperty("key", out var k) || !kv.TryGetProperty("value", out var v)) continue;
                    var inner = v.ValueKind == JsonValueKind.Object ? v.EnumerateObject().Select(p => p.Value).FirstOrDefault() : v;
                    attrs[k.GetString()!] = inner;
                }
            }

            if (!attrs.ContainsKey("gen_ai.usage.input_tokens") && !attrs.ContainsKey("gen_ai.usage.output_tokens")) return null;
            long N(string key)
            {
                if (!attrs.TryGetValue(key, out var v)) return 0;
                if (v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out long n)) return n;
                if (v.ValueKind == JsonValueKind.String && long.TryParse(v.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out n)) return n;
                throw new UsageFormatException($"{key} must be a whole number, got {v.GetRawText()}", key);
            }

            string? S(params string[] keys) => keys.Select(k => attrs.TryGetValue(k, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null).FirstOrDefault(x => x != null);
            // gen_ai.usage.input_tokens counts all input, cache included; the cache attributes are parts of it.
            var tokens = new TokenUsage(N("gen_ai.usage.input_tokens"), N("gen_ai.usage.output_tokens"), N("gen_ai.usage.cache_read.input_tokens"),
                N("gen_ai.usage.cache_creation.input_tokens"), 0, N("gen_ai.usage.reasoning.output_tokens"));
            try
            {
                tokens.Validate();
            }
            catch (InvalidUsageException e)
            {
                throw new UsageFormatException("OpenTelemetry usage is inconsistent: " + e.Message, string.Join(", ", e.Fields));
            }

            return new ParsedUsage
            {
                Provider = S("gen_ai.provider.name", "gen_ai.system") is string sys ? NormalizeOtelProvider(sys) : null,
                Model = S("gen_ai.response.model", "gen_ai.request.model"),
                RequestId = S("gen_ai.response.id"),
                SessionId = S("gen_ai.conversation.id", "session.id"),
                Tokens = tokens,
                Source = "opentelemetry",
            };
        }

        private static string NormalizeOtelProvider(string system) => system switch
        {
            "gcp.gemini" => "google",
            "gcp.vertex_ai" => "google",
            "gemini" => "google",
            "aws.bedrock" => "aws",
            _ => system,
        };

        private static bool ReadCount(JsonElement usage, string path, string root, out long value)
        {
            value = 0;
            if (usage.ValueKind != JsonValueKind.Object || !TryGet(usage, path, out var v) || v.ValueKind == JsonValueKind.Null) return false;
            if (v.ValueKind != JsonValueKind.Number || !v.TryGetInt64(out value))
            {
                throw new UsageFormatException($"{root}.{path} must be a whole number, got {Clip(v.GetRawText())}", root + "." + path);
            }

            if (value < 0) throw new UsageFormatException($"{root}.{path} must not be negative, got {value}", root + "." + path);
            return true;
        }

        private static string Clip(string s) => s.Length > 40 ? s.Substring(0, 40) + "..." : s;

        internal static bool TryGet(JsonElement root, string path, out JsonElement value)
        {
            value = root;
            foreach (var segment in path.Split('.'))
            {
                if (value.ValueKind != JsonValueKind.Object || !value.TryGetProperty(segment, out value)) return false;
            }

            return true;
        }

        private static string? FirstString(JsonElement root, string[] paths)
        {
            foreach (var p in paths)
            {
                if (TryGet(root, p, out var v) && v.ValueKind == JsonValueKind.String) return v.GetString();
            }

            return null;
        }
    }
}
