using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using LlmCost.Core.Demo;
using LlmCost.Core.Queries;
using LlmCost.Core.Storage;
using LlmCost.Core.Usage;

namespace LlmCost.Cli.Commands
{
    internal static class DemoCommand
    {
        public static int Run(string[] argv, TextWriter stdout)
        {
            var args = new CliArgs(argv, new HashSet<string> { "json", "help", "keep" });
            if (args.Flag("help"))
            {
                stdout.WriteLine("llmcost demo [--db PATH] [--json]");
                stdout.WriteLine("  Records a month of realistic usage (June 2025) into PATH, or into a new temporary file, and prints the report.");
                return 0;
            }

            bool json = args.Flag("json");
            string? db = args.Get("db");
            args.EnsureAllUsed();
            string path = db ?? Path.Combine(Path.GetTempPath(), "llmcost-demo-" + Guid.NewGuid().ToString("N").Substring(0, 8) + ".db");

            var sw = Stopwatch.StartNew();
            using var store = CostStores.Open(path, StoreAccess.CreateIfMissing);
            var result = store.RecordMany(DemoWorkload.Generate());
            sw.Stop();

            var all = new CostQuery();
            var totals = store.GetTotals(all);
            if (json)
            {
                Report.WriteJson(stdout, CostGrouping.Session, store.GetCosts(new CostQuery { GroupBy = CostGrouping.Session }), totals);
                return 0;
            }

            stdout.WriteLine($"LlmCost demo: {Report.Count(result.Added)} requests recorded for June 2025 in {sw.ElapsedMilliseconds} ms");
            stdout.WriteLine($"store: {store.Path}  ({Report.Count(result.Duplicates)} duplicates skipped; a second run adds nothing)");
            stdout.WriteLine();
            foreach (var (grouping, title) in new[]
                     {
                         (CostGrouping.Day, "Cost by day (UTC)"),
                         (CostGrouping.Model, "Cost by model"),
                         (CostGrouping.Session, "Cost by session"),
                     })
            {
                Report.WriteTable(stdout, grouping, store.GetCosts(new CostQuery { GroupBy = grouping }), totals, "== " + title);
                stdout.WriteLine();
            }

            // Two budgets for the dashboard's gauges (set again on a second run: same definitions).
            var budgets = new Core.Budgets.BudgetService(store);
            budgets.Set(new Core.Budgets.Budget { Name = "june-total", Amount = 120m, Period = Core.Budgets.BudgetPeriod.Monthly });
            budgets.Set(new Core.Budgets.Budget { Name = "gemini-pro", Amount = 30m, Period = Core.Budgets.BudgetPeriod.Monthly, Model = "gemini-2.5-pro" });
            // The dashboard of the demo month, beside the store.
            string report = ReportCommand.Write(store, new Core.Reports.DashboardOptions { Since = new DateTime(2025, 6, 1, 0, 0, 0, DateTimeKind.Utc), Until = new DateTime(2025, 7, 1, 0, 0, 0, DateTimeKind.Utc) },
                Path.ChangeExtension(store.Path, ".html"));
            var check = store.GetTotals(new CostQuery { Sessions = new[] { "hand-check" } });
            stdout.WriteLine($"Hand check: session 'hand-check' = {Report.Money(check.Cost)}; by hand 0.005615 (gpt-4o) + 0.0057 (claude-haiku-4-5) + 0.000945 (llama-3.3-70b) = {Report.Money(DemoWorkload.HandCheckSessionCost)}");
            stdout.WriteLine($"Dashboard: {report}");
            stdout.WriteLine($"Next: llmcost cost --db \"{store.Path}\" --session research-agent --group-by day");
            return 0;
        }
    }
}
