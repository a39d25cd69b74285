using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace LlmCost.Core.Pricing
{
    /// <summary>Reads price files into custom <see cref="ModelPrice"/> rows for the store.</summary>
    public static class PriceFileReader
    {
        private const decimal Million = 1_000_000m;

        private static readonly Regex TierKey = new Regex(
            @"^(input_cost_per_token|output_cost_per_token|cache_read_input_token_cost|cache_creation_input_token_cost|cache_creation_input_token_cost_above_1hr)_above_(\d+)k_tokens$",
            RegexOptions.CultureInvariant);

        private static readonly Dictionary<string, string> LiteLlmProviders = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["gemini"] = "google",
            ["vertex_ai-language-models"] = "google",
            ["vertex_ai"] = "google",
            ["together_ai"] = "together",
            ["fireworks_ai"] = "fireworks",
            ["xai"] = "x-ai",
        };

        /// <summary>A price file's bytes; a file that is not there is PriceFileNotFound, one that cannot be read FileReadFailed.</summary>
        internal static byte[] ReadAllBytes(string path)
        {
            try
            {
                return File.ReadAllBytes(path);
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                throw new LlmCostException(ex is FileNotFoundException || ex is DirectoryNotFoundException ? "PriceFileNotFound" : "FileReadFailed", $"Cannot read '{path}': {ex.Message}", ex);
            }
        }

        /// <summary>
        /// Reads a price file. <paramref name="effectiveFrom"/> is the date the prices apply from (they never rewrite
        /// history before it). Entries without per-token prices are skipped; <paramref name="warn"/> hears why.
        /// </summary>
        public static IReadOnlyList<ModelPrice> Read(Stream stream, PriceFileFormat format, string sourceName, DateTime? effectiveFrom, Action<string>? warn = null)
        {
            JsonDocument doc;
            try
            {
                doc = JsonDocument.Parse(stream, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
            }
            catch (JsonException ex)
            {
                throw new LlmCostException("InvalidPriceFile", $"{sourceName}: not valid JSON (line {ex.LineNumber + 1}, byte {ex.BytePositionInLine}): {ex.Message}", ex);
            }

            using (doc)
            {
                return format == PriceFileFormat.LiteLlm
                    ? ReadLiteLlm(doc.RootElement, sourceName, effectiveFrom, warn)
                    : ReadOwn(doc, sourceName, effectiveFrom);
            }
        }

        private static IReadOnlyList<ModelPrice> ReadLiteLlm(JsonElement root, string source, DateTime? effectiveFrom, Action<string>? warn)
        {
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new LlmCostException("InvalidPriceFile", $"{source}: a LiteLLM price file is one JSON object keyed by model name.");
            }

            var result = new List<ModelPrice>();
            foreach (var entry in root.EnumerateObject())
            {
                if (entry.Name == "sample_spec" || entry.Value.ValueKind != JsonValueKind.Object) continue;
                var e = entry.Value;
                decimal? input = PerToken(e, "input_cost_per_token", source, entry.Name);
                decimal? output = PerToken(e, "output_cost_per_token", source, entry.Name);
                if (input == null && output == null)
                {
                    warn?.Invoke($"{source}: '{entry.Name}' has no per-token prices; skipped.");
                    continue;
                }

                string provider = e.TryGetProperty("litellm_provider", out var lp) && lp.ValueKind == JsonValueKind.String ? lp.GetString()! : "unknown";
                provider = LiteLlmProviders.TryGetValue(provider, out var mapped) ? mapped : PriceCatalog.NormalizeProvider(provider);
                string model = entry.Name;
                string prefix = provider + "/";
                int slash = model.IndexOf('/');
                if (slash > 0 && !model.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)) model = model.Substring(slash + 1);
                else if (model.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)) model = model.Substring(prefix.Length);

                var set = new PriceSet
                {
                    Input = input ?? 0m,
                    Output = output ?? 0m,
                    CacheRead = PerToken(e, "cache_read_input_token_cost", source, entry.Name),
                    CacheWrite5m = PerToken(e, "cache_creation_input_token_cost", source, entry.Name),
                    CacheWrite1h = PerToken(e, "cache_creation_input_token_cost_above_1hr", source, entry.Name),
                    Reasoning = PerToken(e, "output_cost_per_reasoning_token", source, entry.Name),
                    PerRequest = Number(e, "input_cost_per_request", source, entry.Name),
                };

                var tiers = new SortedDictionary<long, PriceSet>();
                foreach (var prop in e.EnumerateObject())
                {
                    var m = TierKey.Match(prop.Name);
                    if (!m.Success) continue;
                    long threshold = long.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture) * 1000;
                    if (!tiers.TryGetValue(threshold, out var tier)) tiers[threshold] = tier = set.Clone();
                    decimal value = PerToken(e, prop.Name, source, entry.Name)!.Value;
                    switch (m.Groups[1].Value)
                    {
                        case "input_cost_per_token": tier.Input = value; break;
                        case "output_cost_per_token": tier.Output = value; break;
                        case "cache_read_input_token_cost": tier.CacheRead = value; break;
                        case "cache_creation_input_token_cost": tier.CacheWrite5m = value; break;
                        default: tier.CacheWrite1h = value; break;
                    }
                }

                // The priority service tier's own prices (OpenAI): *_priority keys. Only a complete set is kept (input,
                // output, and cache reads where the model has them): part of a request at the standard price would
                // understate it, so without one a priority request stays unpriced.
                var serviceTiers = new Dictionary<string, PriceSet>(StringComparer.Ordinal);
                decimal? priorityInput = PerToken(e, "input_cost_per_token_priority", source, entry.Name);
                decimal? priorityOutput = PerToken(e, "output_cost_per_token_priority", source, entry.Name);
                decimal? priorityRead = PerToken(e, "cache_read_input_token_cost_priority", source, entry.Name);
                if (priorityInput.HasValue && priorityOutput.HasValue && (set.CacheRead == null || priorityRead.HasValue))
                {
                    var priority = set.Clone();
                    priority.Input = priorityInput.Value;
                    priority.Output = priorityOutput.Value;
                    priority.CacheRead = priorityRead ?? set.CacheRead;
                    priority.CacheWrite5m = PerToken(e, "cache_creation_input_token_cost_priority", source, entry.Name);
                    serviceTiers[ServiceTiers.Priority] = priority;
                }

                decimal? batchInput = PerToken(e, "input_cost_per_token_batches", source, entry.Name);
                result.Add(new ModelPrice(provider, model, set)
                {
                    EffectiveFrom = effectiveFrom,
                    ServiceTierPrices = serviceTiers,
                    Tiers = tiers.Select(t => new PriceTier(t.Key, t.Value)).ToArray(),
                    BatchMultiplier = batchInput.HasValue && set.Input > 0 ? batchInput.Value / set.Input : (decimal?)null,
                    Source = source,
                });
            }

            return result;
        }

        private static IReadOnlyList<ModelPrice> ReadOwn(JsonDocument doc, string source, DateTime? effectiveFrom)
        {
            using var ms = new MemoryStream();
            using (var w = new Utf8JsonWriter(ms))
            {
                doc.WriteTo(w);
            }

            ms.Position = 0;
            PriceCatalog catalog;
            try
            {
                catalog = PriceCatalog.Load(ms);
            }
            catch (Exception ex) when (ex is KeyNotFoundException || ex is InvalidOperationException || ex is FormatException)
            {
                throw new LlmCostException("InvalidPriceFile", $"{source}: not an LlmCost price file (see docs/price-catalog.md): {ex.Message}", ex);
            }

            var result = new List<ModelPrice>();
            foreach (var model in catalog.Models)
            {
                foreach (var p in model.Prices)
                {
                    // Entries without their own date take the import's effective date, so history is never rewritten.
                    p.EffectiveFrom ??= effectiveFrom;
                    p.Source = source;
                    result.Add(p);
                }
            }

            return result;
        }

        private static decimal? PerToken(JsonElement e, string name, string source, string model)
        {
            decimal? perToken = Number(e, name, source, model);
            return perToken.HasValue ? perToken.Value * Million : (decimal?)null;
        }

        private static decimal? Number(JsonElement e, string name, string source, string model)
        {
            if (!e.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null) return null;
            if (v.ValueKind != JsonValueKind.Number ||
                !decimal.TryParse(v.GetRawText(), NumberStyles.Float, CultureInfo.InvariantCulture, out decimal d))
            {
                throw new LlmCostException("InvalidPriceFile", $"{source}: '{model}'.{name} must be a number, got {v.GetRawText()}.");
            }

            if (d < 0) throw new LlmCostException("InvalidPriceFile", $"{source}: '{model}'.{name} must not be negative ({v.GetRawText()}).");
            return d;
        }
    }
}
