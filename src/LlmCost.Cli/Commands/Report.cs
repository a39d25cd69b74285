using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text.Json;
using LlmCost.Core.Queries;

namespace LlmCost.Cli.Commands
{
    /// <summary>Renders cost groups as a text table or JSON.</summary>
    internal static class Report
    {
        public static string Money(decimal d) => "$" + d.ToString("0.000000", CultureInfo.InvariantCulture);

        public static string Count(long n) => n.ToString("N0", CultureInfo.InvariantCulture);

        public static void WriteTable(TextWriter w, CostGrouping groupBy, IReadOnlyList<CostGroup> groups, CostTotals totals, string? title = null)
        {
            if (title != null)
            {
                w.WriteLine(title);
            }

            string keyHeader = groupBy switch
            {
                CostGrouping.None => "",
                CostGrouping.Model => "provider/model",
                _ => groupBy.ToString().ToLowerInvariant(),
            };
            var table = new TextTable(keyHeader.Length > 0 ? keyHeader : "scope", ">requests", ">unpriced", ">input", ">cache read", ">cache write", ">output", ">cost (USD)");
            foreach (var g in groups)
            {
                string key = groupBy == CostGrouping.Model ? g.Provider + "/" + g.Key : groupBy == CostGrouping.None ? "all" : g.Key.Length == 0 ? "(none)" : g.Key;
                AddRow(table, key, g.Totals);
            }

            if (groupBy != CostGrouping.None)
            {
                table.Separator();
                AddRow(table, "total", totals);
            }

            table.Write(w);
            if (totals.UnpricedRequests > 0)
            {
                w.WriteLine($"{Count(totals.UnpricedRequests)} request(s) are unpriced (unknown model): their cost is not in the totals. Add a price with 'Set-LlmModelPrice'.");
            }
        }

        private static void AddRow(TextTable t, string key, CostTotals x) => t.Add(
            key, Count(x.Requests), Count(x.UnpricedRequests), Count(x.InputTokens), Count(x.CacheReadTokens),
            Count(x.CacheWrite5mTokens + x.CacheWrite1hTokens), Count(x.OutputTokens),
            x.AllUnpriced ? "unpriced" : Money(x.Cost));

        public static void WriteJson(TextWriter w, CostGrouping groupBy, IReadOnlyList<CostGroup> groups, CostTotals totals)
        {
            using var ms = new MemoryStream();
            using (var j = new Utf8JsonWriter(ms, new JsonWriterOptions { Indented = true }))
            {
                j.WriteStartObject();
                j.WriteString("groupBy", groupBy.ToString().ToLowerInvariant());
                j.WritePropertyName("total");
                WriteTotals(j, totals);
                j.WriteStartArray("groups");
                foreach (var g in groups)
                {
                    j.WriteStartObject();
                    j.WriteString("key", g.Key);
                    if (g.Provider != null) j.WriteString("provider", g.Provider);
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
            j.WriteString("currency", t.Currency);
            j.WriteEndObject();
        }
    }
}
