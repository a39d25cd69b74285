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
            byte[] bytes = PriceFileReader.ReadAllBytes(path);
            // The catalog's providers the file has (the others stay built-in), the known source errors corrected.
            byte[] converted = GenAiPricesConverter.ConvertFile(bytes, name, inFile => GenAiPricesConverter.DefaultProviders.Where(inFile.Contains).ToList(),
                CatalogCorrections.Builtin, out var providers);
            if (providers.Count == 0) throw new LlmCostException("InvalidPriceFile", $"{name}: none of the catalog's providers ({string.Join(", ", GenAiPricesConverter.DefaultProviders)}) is in the file.");

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
