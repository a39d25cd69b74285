using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using LlmCost.Core.Queries;

namespace LlmCost.Cli.Commands
{
    /// <summary>Renders cost groups as a text table or JSON.</summary>
    internal static class Report
    {
        public static string Money(decimal d) => "$" + d.ToString("0.000000", CultureInfo.InvariantCulture);

        public static string Count(long n) => n.ToString("N0", CultureInfo.InvariantCulture);

        public static void WriteTable(TextWriter w, CostGrouping groupBy, IReadOnlyList<CostGroup> groups, CostTotals totals, string? title = null) =>
            WriteTable(w, CostGroupings.Normalize(new[] { groupBy }), groups, totals, title);

        /// <summary>One column per grouping key (a model as provider/model), the totals, and each group's share of the cost.</summary>
        public static void WriteTable(TextWriter w, IReadOnlyList<CostGrouping> keys, IReadOnlyList<CostGroup> groups, CostTotals totals, string? title = null)
        {
            if (title != null)
            {
                w.WriteLine(title);
            }

            var headers = keys.Count == 0
                ? new List<string> { "scope" }
                : keys.Select(k => k == CostGrouping.Model ? "provider/model" : k.ToString().ToLowerInvariant()).ToList();
            headers.AddRange(new[] { ">requests", ">unpriced", ">input", ">cache read", ">cache write", ">output", ">cost (USD)" });
            if (keys.Count > 0) headers.Add(">share");
            var table = new TextTable(headers.ToArray());
            foreach (var g in groups)
            {
                var cells = keys.Count == 0 ? new List<string> { "all" } : keys.Select(k => KeyCell(k, g)).ToList();
                AddRow(table, cells, g.Totals, keys.Count > 0 ? Share(g.Share) : null);
            }

            if (keys.Count > 0)
            {
                table.Separator();
                var cells = new List<string> { "total" };
                cells.AddRange(Enumerable.Repeat("", keys.Count - 1));
                AddRow(table, cells, totals, totals.CostNano > 0 ? "100.0%" : "");
            }

            table.Write(w);
            if (totals.ContractedCostNano.HasValue)
            {
                w.WriteLine($"contracted (list cost less contract discounts): {Money(totals.ContractedCost)}");
            }

            if (totals.UnpricedRequests > 0)
            {
                w.WriteLine($"{Count(totals.UnpricedRequests)} request(s) are unpriced (unknown model): their cost is not in the totals. Add a price with 'Set-LlmModelPrice'.");
            }
        }

        private static string KeyCell(CostGrouping key, CostGroup g)
        {
            string? value = key switch
            {
                CostGrouping.Model => g.Provider + "/" + g.Model,
                CostGrouping.Provider => g.Provider,
                CostGrouping.Session => g.SessionId,
                CostGrouping.Tag => g.Tag,
                _ => g.PeriodStart.HasValue ? PeriodText(key, g.PeriodStart.Value) : null,
            };
            return string.IsNullOrEmpty(value) ? "(none)" : value!;
        }

        private static string PeriodText(CostGrouping key, DateTime local) => local.ToString(
            key == CostGrouping.Month ? "yyyy-MM" : key == CostGrouping.Hour ? "yyyy-MM-dd HH:00" : "yyyy-MM-dd", CultureInfo.InvariantCulture);

        private static string Share(decimal? share) => share.HasValue ? (share.Value * 100m).ToString("0.0", CultureInfo.InvariantCulture) + "%" : "";

        private static void AddRow(TextTable t, List<string> keyCells, CostTotals x, string? share)
        {
            keyCells.AddRange(new[]
            {
                Count(x.Requests), Count(x.UnpricedRequests), Count(x.InputTokens), Count(x.CacheReadTokens),
                Count(x.CacheWrite5mTokens + x.CacheWrite1hTokens), Count(x.OutputTokens), x.AllUnpriced ? "unpriced" : Money(x.Cost),
            });
            if (share != null) keyCells.Add(share);
            t.Add(keyCells.ToArray());
        }

        public static void WriteJson(TextWriter w, CostGrouping groupBy, IReadOnlyList<CostGroup> groups, CostTotals totals) =>
            WriteJson(w, CostGroupings.Normalize(new[] { groupBy }), groups, totals);

        public static void WriteJson(TextWriter w, IReadOnlyList<CostGrouping> keys, IReadOnlyList<CostGroup> groups, CostTotals totals)
        {
            using var ms = new MemoryStream();
            using (var j = new Utf8JsonWriter(ms, new JsonWriterOptions { Indented = true }))
            {
                j.WriteStartObject();
                j.WriteString("groupBy", CostGroupings.Describe(keys).ToLowerInvariant());
                j.WritePropertyName("total");
                WriteTotals(j, totals);
                j.WriteStartArray("groups");
                foreach (var g in groups)
                {
                    j.WriteStartObject();
                    j.WriteString("key", g.Key);
                    if (g.Provider != null) j.WriteString("provider", g.Provider);
                    if (g.Model != null) j.WriteString("model", g.Model);
                    if (g.SessionId != null) j.WriteString("session", g.SessionId);
                    if (g.Tag != null) j.WriteString("tag", g.Tag);
                    if (g.PeriodStart.HasValue) j.WriteString("period", g.PeriodStart.Value.ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture));
                    if (g.Share.HasValue) j.WriteNumber("share", g.Share.Value);
                    if (g.PeriodStartUtc.HasValue) j.WriteString("periodStartUtc", g.PeriodStartUtc.Value.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture));
                    j.WritePropertyName("totals");
                    WriteTotals(j, g.Totals);
                    j.WriteEndObject();
                }

                j.WriteEndArray();
                j.WriteEndObject();
            }

            w.WriteLine(System.Text.Encoding.UTF8.GetString(ms.ToArray()));
        }

        public static void WriteTotals(Utf8JsonWriter j, CostTotals t)
        {
            j.WriteStartObject();
            j.WriteNumber("requests", t.Requests);
            j.WriteNumber("unpricedRequests", t.UnpricedRequests);
            j.WriteNumber("inputTokens", t.InputTokens);
            j.WriteNumber("cacheReadTokens", t.CacheReadTokens);
            j.WriteNumber("cacheWrite5mTokens", t.CacheWrite5mTokens);
            j.WriteNumber("cacheWrite1hTokens", t.CacheWrite1hTokens);
            j.WriteNumber("outputTokens", t.OutputTokens);
            j.WriteNumber("reasoningTokens", t.ReasoningTokens);
            // A group with only unpriced requests has no known cost: null, never 0.
            if (t.AllUnpriced) j.WriteNull("cost");
            else j.WriteNumber("cost", t.Cost);
            // The cost less contract discounts (the list cost when there are none).
            if (t.AllUnpriced) j.WriteNull("contractedCost");
            else j.WriteNumber("contractedCost", t.ContractedCost);
            j.WriteString("currency", t.Currency);
            j.WriteEndObject();
        }
    }
}
