using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace LlmCost.Core.Pricing
{
    /// <summary>
    /// A newer genai-prices data-v2.json as the catalog a store uses instead of the built-in one (Update-LlmModelPrice):
    /// converted as the built-in catalog is (the known source errors corrected, each price keeping its start date), the
    /// providers it has replacing the built-in ones, the others kept. A file that cannot be converted faithfully is
    /// refused with the entry named, and nothing is stored.
    /// </summary>
    public static class CatalogRefresh
    {
        public static CatalogUpdate Build(string path)
        {
            string name = Path.GetFileName(path);
            byte[] bytes;
            try
            {
                bytes = File.ReadAllBytes(path);
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                throw new LlmCostException(ex is FileNotFoundException || ex is DirectoryNotFoundException ? "PriceFileNotFound" : "FileReadFailed", $"Cannot read '{path}': {ex.Message}", ex);
            }

            byte[] converted;
            List<string> providers;
            try
            {
                using var doc = JsonDocument.Parse(bytes);
                if (doc.RootElement.ValueKind != JsonValueKind.Array)
                {
                    throw new LlmCostException("InvalidPriceFile",
                        $"{name}: not a genai-prices data-v2.json file (its root is a list of providers). A LiteLLM price file is imported with Import-LlmModelPrice.");
                }

                var inFile = new HashSet<string>(doc.RootElement.EnumerateArray().Select(p => p.TryGetProperty("id", out var id) ? id.GetString() ?? "" : ""), StringComparer.Ordinal);
                providers = GenAiPricesConverter.DefaultProviders.Where(inFile.Contains).ToList();
                if (providers.Count == 0) throw new LlmCostException("InvalidPriceFile", $"{name}: none of the catalog's providers ({string.Join(", ", GenAiPricesConverter.DefaultProviders)}) is in the file.");
                converted = GenAiPricesConverter.Convert(doc, providers, CatalogCorrections.Builtin);
            }
            catch (JsonException ex)
            {
                throw new LlmCostException("InvalidPriceFile", $"{name}: not valid JSON (line {ex.LineNumber + 1}): {ex.Message}", ex);
            }
            catch (Exception ex) when (ex is InvalidDataException || ex is KeyNotFoundException || ex is InvalidOperationException || ex is FormatException)
            {
                throw new LlmCostException("InvalidPriceFile", $"{name}: {ex.Message}", ex);
            }

            byte[] merged = Merge(converted, providers);
            var catalog = PriceCatalog.Load(new MemoryStream(merged)); // what is stored must load
            using var sha = SHA256.Create();
            return new CatalogUpdate
            {
                Source = name,
                Sha256 = string.Concat(sha.ComputeHash(bytes).Select(b => b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture))),
                Catalog = merged,
                Models = catalog.Models.Count(),
                Providers = providers,
            };
        }

        /// <summary>The built-in catalog with the providers of <paramref name="converted"/> replaced by its own.</summary>
        private static byte[] Merge(byte[] converted, IReadOnlyList<string> replaced)
        {
            using var fresh = JsonDocument.Parse(converted);
            using var builtinStream = typeof(PriceCatalog).Assembly.GetManifestResourceStream("LlmCost.Pricing.catalog.json")!;
            using var builtin = JsonDocument.Parse(builtinStream);
            var ms = new MemoryStream();
            using (var w = new Utf8JsonWriter(ms))
            {
                w.WriteStartObject();
                w.WriteNumber("formatVersion", 1);
                w.WriteString("source", "pydantic/genai-prices data-v2.json (loaded into the store)");
                w.WriteStartArray("providers");
                foreach (var p in fresh.RootElement.GetProperty("providers").EnumerateArray()) p.WriteTo(w);
                foreach (var p in builtin.RootElement.GetProperty("providers").EnumerateArray())
                {
                    if (!replaced.Contains(p.GetProperty("id").GetString()!)) p.WriteTo(w);
                }

                w.WriteEndArray();
                w.WriteEndObject();
            }

            return ms.ToArray();
        }
    }
}
