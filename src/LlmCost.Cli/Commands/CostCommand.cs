using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using LlmCost.Core.Queries;
using LlmCost.Core.Storage;

namespace LlmCost.Cli.Commands
{
    internal static class CostCommand
    {
        private static readonly HashSet<string> Flags = new HashSet<string> { "json", "help", "unpriced" };

        public static int Run(string[] argv, TextWriter stdout)
        {
            var args = new CliArgs(argv, Flags);
            if (args.Flag("help"))
            {
                stdout.WriteLine("llmcost cost [--session ID]... [--since DATE] [--until DATE] [--provider P] [--model M (wildcards)] [--tag T]");
                stdout.WriteLine("             [--group-by session|hour|day|week|month|model|provider|tag] [--tz ZONE] [--unpriced] [--db PATH] [--json]");
                return 0;
            }

            var query = BuildQuery(args);
            bool json = args.Flag("json");
            string? db = args.Get("db");
            args.EnsureAllUsed();
            using var store = CostStores.Open(db);
            var groups = store.GetCosts(query);
            var totals = query.GroupBy == CostGrouping.None ? (groups.Count > 0 ? groups[0].Totals : new CostTotals()) : store.GetTotals(query);
            if (json)
            {
                Report.WriteJson(stdout, query.GroupBy, groups, totals);
            }
            else
            {
                Report.WriteTable(stdout, query.GroupBy, groups, totals);
            }

            return 0;
        }

        internal static CostQuery BuildQuery(CliArgs args)
        {
            var q = new CostQuery
            {
                Sessions = NullIfEmpty(args.GetAll("session")),
                Providers = NullIfEmpty(args.GetAll("provider")),
                Models = NullIfEmpty(args.GetAll("model")),
                Tags = NullIfEmpty(args.GetAll("tag")),
                Since = args.GetTime("since"),
                Until = args.GetTime("until"),
                OnlyUnpriced = args.Flag("unpriced"),
            };
            string? group = args.Get("group-by");
            if (group != null)
            {
                if (!Enum.TryParse(group, true, out CostGrouping g) || !Enum.IsDefined(typeof(CostGrouping), g))
                {
                    throw new UsageException($"--group-by must be one of session, hour, day, week, month, model, provider, tag; got '{group}'.");
                }

                q.GroupBy = g;
            }

            q.TimeZone = Zone(args.Get("tz"));
            return q;
        }

        internal static TimeZoneInfo? Zone(string? tz)
        {
            try
            {
                return tz == null ? null : TimeZones.Find(tz);
            }
            catch (Core.LlmCostException ex)
            {
                throw new UsageException("--tz: " + ex.Message);
            }
        }

        private static IReadOnlyList<string>? NullIfEmpty(IReadOnlyList<string> list) => list.Count == 0 ? null : list;
    }

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
            x.Requests > 0 && x.UnpricedRequests == x.Requests ? "unpriced" : Money(x.Cost));

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
            if (t.Requests > 0 && t.UnpricedRequests == t.Requests) j.WriteNull("cost");
            else j.WriteNumber("cost", t.Cost);
            j.WriteString("currency", t.Currency);
            j.WriteEndObject();
        }
    }
}
