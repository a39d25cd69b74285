using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using LlmCost.Core.Ingestion;
using LlmCost.Core.Storage;

namespace LlmCost.Cli.Commands
{
    /// <summary>llmcost import PATH... : provider responses (JSON/JSONL/SSE), OpenAI batch output, Claude Code logs, CSV.</summary>
    internal static class ImportCommand
    {
        public static int Run(string[] argv, TextWriter stdout)
        {
            var args = new CliArgs(argv, new HashSet<string> { "json", "help", "recurse", "force" });
            if (args.Flag("help") || args.Positional.Count == 0)
            {
                stdout.WriteLine("llmcost import PATH... [--recurse] [--format auto|jsonl|json|openaibatch|claudecode|csv|sse|litellm|langfuse] [--session ID] [--provider P] [--force] [--db PATH] [--json]");
                stdout.WriteLine("  PATH: files, folders or wildcards. Claude Code logs: ~/.claude/projects (with --recurse).");
                stdout.WriteLine("  Importing again adds only what is new; bad lines are reported as FILE:LINE and the rest is imported.");
                return args.Flag("help") ? 0 : 2;
            }

            var options = new ImportOptions
            {
                Recurse = args.Flag("recurse"),
                Force = args.Flag("force"),
                SessionId = args.Get("session"),
                Provider = args.Get("provider"),
            };
            string? format = args.Get("format");
            if (format != null)
            {
                if (!Enum.TryParse(format, true, out ImportFormat f) || !Enum.IsDefined(typeof(ImportFormat), f))
                {
                    throw new UsageException($"--format must be auto, jsonl, json, openaibatch, claudecode, csv, sse, litellm or langfuse; got '{format}'.");
                }

                options.Format = f;
            }

            bool json = args.Flag("json");
            string? db = args.Get("db");
            args.EnsureAllUsed();
            using var stop = new StopSignal(); // from here on, Ctrl+C or SIGTERM stops at the next safe point
            // A new store: every file is new and needs prices, so the catalog is parsed while the store is created. An
            // existing one parses it only when a file has something new (a re-import of unchanged files never does).
            if (!CostStores.Exists(db)) Core.Pricing.PriceCatalog.Preload();
            using var store = CostStores.Open(db, StoreAccess.CreateIfMissing);
            var files = new List<string>();
            int missing = 0;
            foreach (var path in args.Positional.Select(ExpandHome))
            {
                var found = UsageImporter.ExpandPaths(new[] { path }, options.Recurse).ToList();
                if (found.Count == 0 || (found.Count == 1 && !File.Exists(found[0])))
                {
                    var none = UsageImporter.NoFilesFound(path, options.Recurse, "--recurse");
                    Console.Error.WriteLine($"llmcost import: {none.Message} [{none.ErrorId}]");
                    missing++;
                    continue;
                }

                files.AddRange(found);
            }

            if (files.Count == 0) return 1;
            ImportSummary summary;
            try
            {
                summary = new UsageImporter(store).Import(files, options,
                    e => Console.Error.WriteLine($"llmcost import: {e} [{e.ErrorId}]"),
                    p => { if (!json && !Console.IsErrorRedirected) Console.Error.Write($"\r{p.Lines:N0} lines, {p.Records:N0} records ({(p.BytesTotal > 0 ? 100.0 * p.BytesRead / p.BytesTotal : 0):0}% of {Path.GetFileName(p.File)})   "); },
                    stop.Token);
            }
            catch (OperationCanceledException)
            {
                Console.Error.WriteLine();
                Console.Error.WriteLine("llmcost import: stopped; what was stored so far stays (never counted twice): run the same import again to go on.");
                return StopSignal.ExitCode;
            }

            if (json)
            {
                stdout.WriteLine(CliJson.Serialize(new ImportJson(summary.Files, summary.FilesSkipped, summary.Lines, summary.Records, summary.Added, summary.Replaced,
                    summary.Duplicates, summary.Superseded, summary.Unpriced, summary.Errors, summary.Elapsed.TotalSeconds, summary.LinesPerSecond,
                    summary.SourcedRecords, summary.SourceCost, summary.CostAtOurPrices, summary.SourcedUnpriced), CliJson.Camel));
            }
            else
            {
                stdout.WriteLine($"{summary.Files:N0} files ({summary.FilesSkipped:N0} unchanged, skipped), {summary.Lines:N0} lines read, {summary.Records:N0} records: " +
                                 $"{summary.Added:N0} added, {summary.Replaced:N0} updated, {summary.Duplicates:N0} already known, {summary.Superseded:N0} earlier snapshots of streamed messages; " +
                                 $"{summary.Unpriced:N0} unpriced, {summary.Errors:N0} errors " +
                                 $"in {summary.Elapsed.TotalSeconds:0.0} s ({summary.LinesPerSecond:N0} lines/s)");
                if (summary.SourcedRecords > 0)
                {
                    // Another tool's export: its cost next to ours for the same records.
                    stdout.WriteLine($"{summary.SourcedRecords:N0} records carried the source's cost: theirs {Report.Money(summary.SourceCost)}, " +
                                     $"ours {Report.Money(summary.CostAtOurPrices)} (ours - theirs: {(summary.CostAtOurPrices < summary.SourceCost ? "-" : "+")}{Report.Money(Math.Abs(summary.CostAtOurPrices - summary.SourceCost))}" +
                                     (summary.SourcedUnpriced > 0 ? $"; {summary.SourcedUnpriced:N0} of them unpriced by us)" : ")"));
                }
            }

            return summary.Errors > 0 || missing > 0 ? 1 : 0;
        }

        private static string ExpandHome(string path) =>
            path.StartsWith("~/", StringComparison.Ordinal) ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), path.Substring(2)) : path;
    }
}
