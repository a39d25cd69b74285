using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;

namespace LlmCost.Core.Pricing
{
    /// <summary>
    /// Compares the prices in effect (the built-in catalog with the store's custom prices) with a reference file:
    /// pydantic/genai-prices' data-v2.json (its whole price history) or LiteLLM's model_prices_and_context_window.json
    /// (current prices). Every price the reference states is looked up at a date inside its period; each field that
    /// differs is one <see cref="PriceDisagreement"/>, with the known source error that explains it where there is one.
    /// </summary>
    public static class PriceAudit
    {
        private static readonly (string Kind, Func<PriceSet, decimal?> Pick)[] Kinds =
        {
            ("input", p => p.Input), ("cacheRead", p => p.CacheRead), ("cacheWrite5m", p => p.CacheWrite5m),
            ("cacheWrite1h", p => p.CacheWrite1h), ("output", p => p.Output),
        };

        /// <summary>The reference file's prices: genai-prices when its root is a list, LiteLLM when an object.</summary>
        public static IReadOnlyList<ModelPrice> ReadReference(string path)
        {
            byte[] bytes = PriceFileReader.ReadAllBytes(path);
            string name = Path.GetFileName(path);
            int first = 0;
            while (first < bytes.Length && (bytes[first] == ' ' || bytes[first] == '\n' || bytes[first] == '\r' || bytes[first] == '\t' || bytes[first] == 0xEF || bytes[first] == 0xBB || bytes[first] == 0xBF)) first++;
            if (first < bytes.Length && bytes[first] == '[')
            {
                // The source as it is, every provider in it, no corrections: a known error shows as a disagreement with its note.
                byte[] catalog = GenAiPricesConverter.ConvertFile(bytes, name, inFile => inFile.ToList(), corrections: null, out _);
                return PriceCatalog.Load(new MemoryStream(catalog)).Models
                    .SelectMany(m => m.Prices.Select(p => new ModelPrice(m.Provider.Id, m.Id, p.Base) { EffectiveFrom = p.EffectiveFrom, EffectiveTo = p.EffectiveTo, Source = "genai-prices" }))
                    .ToList();
            }

            return PriceFileReader.Read(new MemoryStream(bytes), PriceFileFormat.LiteLlm, name, effectiveFrom: null);
        }

        /// <param name="prices">The prices in effect (a store's <c>Prices</c>).</param>
        /// <param name="reference">The reference's prices (<see cref="ReadReference"/>).</param>
        /// <param name="providers">Only these providers; null: the providers the catalog knows.</param>
        /// <param name="nowUtc">The date current prices are compared at.</param>
        public static IReadOnlyList<PriceDisagreement> Compare(PriceBook prices, IReadOnlyList<ModelPrice> reference, IReadOnlyList<string>? providers, DateTime nowUtc)
        {
            var known = new HashSet<string>(providers?.Select(PriceCatalog.NormalizeProvider) ?? prices.Catalog.Providers.Select(p => p.Id), StringComparer.Ordinal);
            var result = new List<PriceDisagreement>();
            foreach (var model in reference.GroupBy(p => (Provider: PriceCatalog.NormalizeProvider(p.Provider), p.Model)))
            {
                if (!known.Contains(model.Key.Provider)) continue;
                var periods = model.OrderBy(p => p.EffectiveFrom ?? DateTime.MinValue).ToList();
                for (int i = 0; i < periods.Count; i++)
                {
                    var theirs = periods[i];
                    // A date inside the reference price's period: its start, or the day before the next one starts.
                    DateTime at = theirs.EffectiveFrom ?? (i + 1 < periods.Count && periods[i + 1].EffectiveFrom.HasValue ? periods[i + 1].EffectiveFrom!.Value.AddDays(-1) : nowUtc);
                    var lookup = prices.Lookup(model.Key.Provider, model.Key.Model, at);
                    string? from = theirs.EffectiveFrom?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
                    if (lookup.Price == null)
                    {
                        result.Add(new PriceDisagreement { Provider = model.Key.Provider, Model = model.Key.Model, Kind = "model", EffectiveFrom = theirs.EffectiveFrom, ComparedAt = at });
                        continue;
                    }

                    foreach (var (kind, pick) in Kinds)
                    {
                        decimal? want = pick(theirs.Base), ours = pick(lookup.Price.Base);
                        if (want == null || want == ours) continue;
                        var fix = CatalogCorrections.Builtin.All.FirstOrDefault(c =>
                            c.Provider == model.Key.Provider && c.Model == lookup.Model && c.EffectiveFrom == from && c.Field == kind && c.SourceValue == want && c.Value == ours);
                        result.Add(new PriceDisagreement
                        {
                            Provider = model.Key.Provider,
                            Model = model.Key.Model,
                            Kind = kind,
                            EffectiveFrom = theirs.EffectiveFrom,
                            ComparedAt = at,
                            Ours = ours,
                            Reference = want,
                            OurSource = lookup.Price.Source,
                            Note = fix == null ? null : "known error of genai-prices, corrected in the catalog: " + fix.Why,
                        });
                    }
                }
            }

            // A reference that lists one model under several names (LiteLLM's gemini/... and vertex_ai/...) says each difference once.
            return result.GroupBy(d => (d.Provider, d.Model, d.Kind, d.EffectiveFrom, d.Ours, d.Reference)).Select(g => g.First())
                .OrderBy(d => d.Provider, StringComparer.Ordinal).ThenBy(d => d.Model, StringComparer.Ordinal).ThenBy(d => d.ComparedAt).ToList();
        }
    }
}
