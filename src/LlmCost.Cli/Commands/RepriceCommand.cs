using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using LlmCost.Core.Pricing;
using LlmCost.Core.Storage;

namespace LlmCost.Cli.Commands
{
    /// <summary>llmcost reprice: stored requests re-priced with the prices now in effect (Update-LlmCost -Reprice); --history lists the runs.</summary>
    internal static class RepriceCommand
    {
        private static readonly HashSet<string> Flags = new HashSet<string> { "help", "json", "dry-run", "history", "unpriced" };

        public static int Run(string[] argv, TextWriter stdout)
        {
            var args = new CliArgs(argv, Flags);
            if (args.Flag("help"))
            {
                stdout.WriteLine("llmcost reprice [--dry-run] [--reason TEXT] [--session ID]... [--since DATE] [--until DATE] [--provider P] [--model M] [--tag T] [--db PATH] [--json]");
                stdout.WriteLine("llmcost reprice --history [--db PATH] [--json]");
                stdout.WriteLine("  Prices stored requests again with the prices now in effect at each one's time; --dry-run previews per model.");
                return 0;
            }

            bool json = args.Flag("json");
            string? db = args.Get("db");
            if (args.Flag("history"))
            {
                args.EnsureAllUsed();
                using var history = CostStores.Open(db, StoreAccess.ReadExisting);
                var runs = history.GetRepriceRuns();
                if (json)
                {
                    stdout.WriteLine(CliJson.Serialize(runs, CliJson.Camel));
                    return 0;
                }

                var t = new TextTable("run", "at (UTC)", "by", "reason", "scope", ">changed", ">old total", ">new total");
                foreach (var r in runs)
                {
                    t.Add(r.RunId.ToString(CultureInfo.InvariantCulture), r.RunAtUtc.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture), r.RunBy, r.Reason ?? "", r.Scope,
                        Report.Count(r.RowsChanged), Report.Money(r.OldTotal), Report.Money(r.NewTotal));
                }

                t.Write(stdout);
                return 0;
            }

            var scope = CostCommand.BuildQuery(args);
            bool dryRun = args.Flag("dry-run");
            string? reason = args.Get("reason");
            args.EnsureAllUsed();
            using var stop = new StopSignal(); // from here on, Ctrl+C or SIGTERM stops at the next safe point
            using var store = CostStores.Open(db, StoreAccess.ReadExisting);
            Core.Queries.ModelFilter.Expand(scope, store);
            IReadOnlyList<RepriceLine> lines;
            RepriceRun? run;
            try
            {
                (lines, run) = new Repricer(store).Reprice(scope, dryRun, reason, Environment.UserName, stop.Token);
            }
            catch (OperationCanceledException)
            {
                Console.Error.WriteLine(dryRun
                    ? "llmcost reprice: stopped; nothing was changed."
                    : "llmcost reprice: stopped; the requests re-priced so far stay re-priced and are recorded as a partial run (llmcost reprice --history).");
                return StopSignal.ExitCode;
            }

            if (json)
            {
                stdout.WriteLine(CliJson.Serialize(new RepriceJson(dryRun, run?.RunId, lines), CliJson.Camel));
                return 0;
            }

            var table = new TextTable("provider", "model", ">rows", ">changed", ">newly priced", ">old total", ">new total", ">difference");
            foreach (var l in lines)
            {
                table.Add(l.Provider, l.Model, Report.Count(l.Rows), Report.Count(l.Changed), Report.Count(l.NewlyPriced), Report.Money(l.OldTotal), Report.Money(l.NewTotal), Report.Money(l.Difference));
            }

            table.Write(stdout);
            stdout.WriteLine(dryRun ? "dry run: nothing was changed." : run == null ? "nothing to change." : $"re-priced {Report.Count(run.RowsChanged)} request(s); run {run.RunId} is in llmcost reprice --history.");
            return 0;
        }
    }
}
