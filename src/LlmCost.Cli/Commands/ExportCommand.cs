using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using LlmCost.Core.Export;
using LlmCost.Core.Queries;
using LlmCost.Core.Storage;

namespace LlmCost.Cli.Commands
{
    /// <summary>llmcost export: stored requests as CSV or JSON (the columns of Export-LlmCost -Path), to a file or stdout.</summary>
    internal static class ExportCommand
    {
        private static readonly HashSet<string> Flags = new HashSet<string> { "help", "unpriced", "no-clobber", "detail" };

        public static int Run(string[] argv, TextWriter stdout)
        {
            var args = new CliArgs(argv, Flags);
            if (args.Flag("help"))
            {
                stdout.WriteLine("llmcost export [--format csv|json|focus [--detail]] [--path FILE [--no-clobber]] [--session ID]... [--since DATE] [--until DATE]");
                stdout.WriteLine("               [--provider P] [--model M] [--tag T] [--tz ZONE] [--unpriced] [--db PATH]");
                stdout.WriteLine("  One row per stored request; without --path the rows go to stdout. An existing file is overwritten unless --no-clobber.");
                stdout.WriteLine("  focus: FinOps FOCUS 1.2 CSV, one row per day x provider x model x token kind (--detail: per request x token kind).");
                return 0;
            }

            var query = CostCommand.BuildQuery(args);
            if (query.GroupBy != CostGrouping.None) throw new UsageException("export writes one row per request: --group-by is for llmcost cost.");
            string formatText = args.Get("format") ?? "csv";
            ExportFormat format = formatText.ToLowerInvariant() switch
            {
                "csv" => ExportFormat.Csv,
                "json" => ExportFormat.Json,
                "focus" => ExportFormat.Focus,
                _ => throw new UsageException($"--format must be csv, json or focus, got '{formatText}'."),
            };
            bool detail = args.Flag("detail");
            if (detail && format != ExportFormat.Focus) throw new UsageException("--detail is for --format focus (the other formats are per request already).");
            string? path = args.Get("path");
            bool noClobber = args.Flag("no-clobber");
            string? db = args.Get("db");
            args.EnsureAllUsed();

            using var store = CostStores.Open(db, StoreAccess.ReadExisting);
            ModelFilter.Expand(query, store);
            var focus = format == ExportFormat.Focus ? new FocusExport(store) : null;
            var rows = focus != null ? focus.Rows(query, detail) : Core.Pricing.ContractTerms.Of(store).Apply(store.GetRequests(query)).Select(RequestExport.Row);
            var columns = focus != null ? FocusExport.Columns : RequestExport.Columns;
            if (path == null)
            {
                TabularWriter.Write(stdout, format, columns, rows);
                WarnUnpriced(focus);
                if (format == ExportFormat.Json) stdout.WriteLine();
                return 0;
            }

            string full = OutputFile(path, "--path", noClobber);
            AtomicFile.Write(full, w => TabularWriter.Write(w, format, columns, rows));
            Console.Error.WriteLine($"llmcost export: wrote {full}");
            WarnUnpriced(focus);
            return 0;
        }

        /// <summary>The full path of a file to write: a directory is a usage error, an existing file with --no-clobber FileExists.</summary>
        internal static string OutputFile(string path, string option, bool noClobber)
        {
            string full = Path.GetFullPath(path);
            if (Directory.Exists(full)) throw new UsageException($"{option} '{full}' is a directory: give a file path.");
            if (noClobber && File.Exists(full)) throw new Core.LlmCostException("FileExists", $"'{full}' exists and --no-clobber was given.");
            return full;
        }

        /// <summary>FOCUS rows bill money: unpriced requests are left out, and said so.</summary>
        private static void WarnUnpriced(FocusExport? focus)
        {
            if (focus != null && focus.Unpriced > 0)
            {
                Console.Error.WriteLine($"llmcost export: warning: {focus.Unpriced:N0} unpriced requests are not in the FOCUS rows: set their price " +
                                        "(llmcost prices set) and re-price (llmcost reprice) to include them.");
            }
        }
    }
}
