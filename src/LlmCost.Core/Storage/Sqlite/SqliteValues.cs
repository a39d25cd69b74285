using System;
using System.Collections.Generic;
using System.Linq;

namespace LlmCost.Core.Storage.Sqlite
{
    /// <summary>How values are kept in SQLite columns: tags as one ",a,b," text so a tag filter is one LIKE.</summary>
    internal static class SqliteValues
    {
        public static string? EncodeTags(IReadOnlyList<string>? tags) =>
            tags == null || tags.Count == 0 ? null : "," + string.Join(",", tags.Select(t => t.Trim()).Distinct(StringComparer.Ordinal)) + ",";

        public static IReadOnlyList<string> DecodeTags(string? tags) =>
            string.IsNullOrEmpty(tags) ? Array.Empty<string>() : tags!.Split(new[] { ',' }, StringSplitOptions.RemoveEmptyEntries);
    }
}
