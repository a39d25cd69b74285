using System.Collections.Generic;
using System.Linq;

namespace LlmCost.Core.Analysis
{
    /// <summary>
    /// One alternative to price stored usage with: another model (or each request's own model when none is given), in
    /// batch mode, and/or with a given share of the input served from the prompt cache.
    /// </summary>
    public sealed class WhatIfScenario
    {
        /// <summary>The provider of <see cref="Model"/>; null: the catalog's, from the model's name.</summary>
        public string? Provider { get; set; }

        /// <summary>The model to price with; null: each request's own model.</summary>
        public string? Model { get; set; }

        /// <summary>Price as batch requests (the provider's batch discount).</summary>
        public bool Batch { get; set; }

        /// <summary>
        /// Share of each request's input read from the cache, 0 to 1: cache reads become round(rate × input); cache
        /// writes are kept as far as the rest of the input allows. Null: the stored counts.
        /// </summary>
        public decimal? CacheHitRate { get; set; }

        /// <summary>
        /// The scenarios a front end's options ask for: one per alternative model ("provider/model" or "model"), or, with
        /// none, each request on its own model; each with <paramref name="batch"/> and <paramref name="cacheHitRate"/>.
        /// </summary>
        public static IReadOnlyList<WhatIfScenario> For(IEnumerable<string>? alternatives, bool batch, decimal? cacheHitRate)
        {
            var named = alternatives?.ToList() ?? new List<string>();
            var scenarios = named.Count == 0 ? new List<WhatIfScenario> { new WhatIfScenario() } : named.Select(Parse).ToList();
            foreach (var s in scenarios)
            {
                s.Batch = batch;
                s.CacheHitRate = cacheHitRate;
            }

            return scenarios;
        }

        /// <summary>"provider/model" or "model", as a user writes it.</summary>
        public static WhatIfScenario Parse(string alternative)
        {
            string a = alternative.Trim();
            int slash = a.IndexOf('/');
            // A model id may itself contain '/' (groq's openai/gpt-oss-120b): only a known provider before the first one splits.
            if (slash > 0 && Pricing.PriceCatalog.Builtin.FindProvider(a.Substring(0, slash)) != null)
            {
                return new WhatIfScenario { Provider = a.Substring(0, slash), Model = a.Substring(slash + 1) };
            }

            return new WhatIfScenario { Model = a };
        }

        /// <summary>How the alternative is shown: the model (or "same models"), then " batch", " cache 50%".</summary>
        public string Label =>
            (Model == null ? "same models" : (Provider != null ? Provider + "/" : "") + Model) +
            (Batch ? " batch" : "") +
            (CacheHitRate.HasValue ? " cache " + decimal.Round(CacheHitRate.Value * 100m, 1).ToString("0.#", System.Globalization.CultureInfo.InvariantCulture) + "%" : "");
    }
}
