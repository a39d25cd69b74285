using System;
using System.Collections.Generic;
using System.Linq;

namespace LlmCost.Core.Storage
{
    /// <summary>How a request's tags are kept in every engine: one ",a,b," text, so a tag filter is one LIKE.</summary>
    internal static class StoredTags
    {
        public static string? Encode(IReadOnlyList<string>? tags) =>
            tags == null || tags.Count == 0 ? null : "," + string.Join(",", tags.Select(t => t.Trim()).Distinct(StringComparer.Ordinal)) + ",";

        public static IReadOnlyList<string> Decode(string? tags) =>
            string.IsNullOrEmpty(tags) ? Array.Empty<string>() : tags!.Split(new[] { ',' }, StringSplitOptions.RemoveEmptyEntries);
    }
}
