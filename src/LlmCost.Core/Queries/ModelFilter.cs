using System;
using System.Collections.Generic;
using System.Linq;
using LlmCost.Core.Storage;

namespace LlmCost.Core.Queries
{
    /// <summary>
    /// A model filter names a model, not a spelling: `o3` also matches stored `o3-2025-04-16`, `claude-sonnet-4-0`
    /// matches `claude-sonnet-4-20250514`: every stored id the catalog resolves to the same model as the name given.
    /// Names with * or ? stay patterns on the stored ids.
    /// </summary>
    public static class ModelFilter
    {
        /// <summary>Widens <see cref="CostQuery.Models"/> of <paramref name="query"/> with the stored ids of the same catalog models.</summary>
        public static void Expand(CostQuery query, ICostStore store)
        {
            if (query.Models == null || query.Models.Count == 0) return;
            var catalog = store.Catalog;
            var named = query.Models.Where(m => m.IndexOfAny(new[] { '*', '?' }) < 0)
                .Select(m => catalog.Resolve(null, m))
                .Where(c => c != null)
                .ToList();
            if (named.Count == 0) return;
            var widened = new List<string>(query.Models);
            foreach (var (provider, model) in store.GetModels())
            {
                var resolved = catalog.Resolve(provider, model);
                if (resolved != null && named.Contains(resolved) && !widened.Contains(model, StringComparer.OrdinalIgnoreCase)) widened.Add(model);
            }

            query.Models = widened;
        }
    }
}
