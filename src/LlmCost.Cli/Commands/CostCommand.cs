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
            using var store = CostStores.Open(db, StoreAccess.ReadExisting);
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
}
