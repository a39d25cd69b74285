using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
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
                stdout.WriteLine("llmcost cost [--session ID (wildcards)]... [--since DATE] [--until DATE] [--provider P] [--model M (wildcards)] [--tag T]");
                stdout.WriteLine("             [--group-by KEY[,KEY...]] [--tz ZONE] [--unpriced] [--db PATH] [--json]");
                stdout.WriteLine("  KEY: session, hour, day, week, month, model, provider, tag (at most one of hour/day/week/month), e.g. --group-by day,model");
                return 0;
            }

            var query = BuildQuery(args);
            query.WithContractedCost = true;
            bool json = args.Flag("json");
            string? db = args.Get("db");
            args.EnsureAllUsed();
            using var store = CostStores.Open(db, StoreAccess.ReadExisting);
            ModelFilter.Expand(query, store);
            var groups = store.GetCosts(query);
            var totals = query.Groupings.Count == 0 ? (groups.Count > 0 ? groups[0].Totals : new CostTotals()) : store.GetTotals(query);
            var filters = query.GivenFilters();
            if (totals.Requests == 0 && filters.Count > 0)
            {
                Console.Error.WriteLine($"llmcost cost: warning: no stored request matches {string.Join(" ", filters.Select(f => $"--{f.Filter.ToLowerInvariant()} {f.Value}"))}" +
                                        $"{(query.Since.HasValue || query.Until.HasValue ? " in the range given" : "")}.");
            }

            if (json)
            {
                Report.WriteJson(stdout, query.Groupings, groups, totals);
            }
            else
            {
                Report.WriteTable(stdout, query.Groupings, groups, totals);
            }

            return 0;
        }

        internal static CostQuery BuildQuery(CliArgs args)
        {
            var zone = Zone(args.Get("tz"));
            var q = new CostQuery
            {
                Sessions = NullIfEmpty(args.GetAll("session")),
                Providers = NullIfEmpty(args.GetAll("provider")),
                Models = NullIfEmpty(args.GetAll("model")),
                Tags = NullIfEmpty(args.GetAll("tag")),
                Since = args.GetTimeIn("since", zone),
                Until = args.GetTimeIn("until", zone),
                OnlyUnpriced = args.Flag("unpriced"),
                TimeZone = zone,
            };
            try
            {
                Core.Time.TimeInput.CheckRange(q.Since, q.Until);
            }
            catch (Core.LlmCostException ex)
            {
                throw new UsageException(ex.Message);
            }

            string? group = args.Get("group-by");
            if (group != null)
            {
                var keys = new List<CostGrouping>();
                foreach (string part in group.Split(','))
                {
                    string name = part.Trim();
                    if (!Enum.TryParse(name, true, out CostGrouping g) || !Enum.IsDefined(typeof(CostGrouping), g) || g == CostGrouping.None ||
                        name.Length == 0 || char.IsDigit(name[0]))
                    {
                        throw new UsageException($"--group-by takes session, hour, day, week, month, model, provider, tag (several joined by commas); got '{part}'.");
                    }

                    keys.Add(g);
                }

                try
                {
                    q.Groupings = keys;
                }
                catch (Core.LlmCostException ex)
                {
                    throw new UsageException("--group-by: " + ex.Message);
                }
            }

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
}
