using System;
using System.Collections.Generic;
using System.IO;
using LlmCost.Core.Export;
using LlmCost.Core.Reports;
using LlmCost.Core.Storage;

namespace LlmCost.Cli.Commands
{
    /// <summary>llmcost report --html PATH: the dashboard as one self-contained HTML file (docs/reports.md).</summary>
    internal static class ReportCommand
    {
        public static int Run(string[] argv, TextWriter stdout)
        {
            var args = new CliArgs(argv, new HashSet<string> { "help", "no-clobber" });
            if (args.Flag("help"))
            {
                stdout.WriteLine("llmcost report --html PATH [--since DATE] [--until DATE] [--tz ZONE] [--no-clobber] [--db PATH]");
                stdout.WriteLine("  Writes the dashboard (headline figures, budgets, daily trend by provider, models, token mix, sessions, alerts,");
                stdout.WriteLine("  anomalies, a sortable table) as one HTML file that needs no network. Default range: the last 30 days.");
                return 0;
            }

            string path = args.Get("html") ?? throw new UsageException("give the file to write with --html PATH.");
            var zone = CostCommand.Zone(args.Get("tz"));
            var options = new DashboardOptions { Since = args.GetTimeIn("since", zone), Until = args.GetTimeIn("until", zone), TimeZone = zone };
            bool noClobber = args.Flag("no-clobber");
            string? db = args.Get("db");
            args.EnsureAllUsed();

            using var store = CostStores.Open(db, StoreAccess.ReadExisting);
            string full = Write(store, options, path, noClobber);
            stdout.WriteLine(full);
            return 0;
        }

        /// <summary>Builds the dashboard and writes it whole (never half a file); returns the full path.</summary>
        internal static string Write(ICostStore store, DashboardOptions options, string path, bool noClobber = false)
        {
            string full = ExportCommand.OutputFile(path, "--html", noClobber);
            var dashboard = new DashboardBuilder(store).Build(options);
            AtomicFile.Write(full, w => HtmlDashboardWriter.Write(w, dashboard));
            return full;
        }
    }
}
