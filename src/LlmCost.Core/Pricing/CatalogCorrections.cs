using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;

namespace LlmCost.Core.Pricing
{
    /// <summary>One known error of the catalog's source and its correction (Pricing/catalog-corrections.json).</summary>
    public sealed class CatalogCorrection
    {
        public string Provider { get; set; } = "";
        public string Model { get; set; } = "";
        /// <summary>The source's price entry it corrects: its start date (yyyy-MM-dd), null for the first.</summary>
        public string? EffectiveFrom { get; set; }
        /// <summary>The catalog field: input, cacheRead, cacheWrite5m, cacheWrite1h, output.</summary>
        public string Field { get; set; } = "";
        public decimal SourceValue { get; set; }
        public decimal Value { get; set; }
        public string Why { get; set; } = "";
    }

    /// <summary>The known errors of the catalog's source, as data, applied when the catalog is built and named by price audits.</summary>
    public sealed class CatalogCorrections
    {
        private static readonly Lazy<CatalogCorrections> BuiltinCorrections = new Lazy<CatalogCorrections>(() =>
        {
            using var stream = typeof(CatalogCorrections).Assembly.GetManifestResourceStream("LlmCost.Pricing.catalog-corrections.json")!;
            return Load(stream);
        });

        public CatalogCorrections(IReadOnlyList<CatalogCorrection> all)
        {
            All = all;
        }

        public static CatalogCorrections Builtin => BuiltinCorrections.Value;

        public IReadOnlyList<CatalogCorrection> All { get; }

        /// <summary>The corrections of one source price entry.</summary>
        public IReadOnlyList<CatalogCorrection> For(string provider, string model, string? effectiveFrom) =>
            All.Where(c => c.Provider == provider && c.Model == model && c.EffectiveFrom == effectiveFrom).ToList();

        public static CatalogCorrections Load(Stream json)
        {
            using var doc = JsonDocument.Parse(json);
            var list = doc.RootElement.GetProperty("corrections").EnumerateArray().Select(c => new CatalogCorrection
            {
                Provider = c.GetProperty("provider").GetString()!,
                Model = c.GetProperty("model").GetString()!,
                EffectiveFrom = c.GetProperty("effectiveFrom").ValueKind == JsonValueKind.Null ? null : c.GetProperty("effectiveFrom").GetString(),
                Field = c.GetProperty("field").GetString()!,
                SourceValue = decimal.Parse(c.GetProperty("sourceValue").GetString()!, NumberStyles.Number, CultureInfo.InvariantCulture),
                Value = decimal.Parse(c.GetProperty("value").GetString()!, NumberStyles.Number, CultureInfo.InvariantCulture),
                Why = c.GetProperty("why").GetString()!,
            }).ToList();
            return new CatalogCorrections(list);
        }
    }
}
