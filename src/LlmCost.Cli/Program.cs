using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using LlmCost.Cli.Commands;
using LlmCost.Core;
using LlmCost.Core.Storage;
using LlmCost.Storage.Postgres;

namespace LlmCost.Cli
{
    internal static class Program
    {
        private static readonly Dictionary<string, (Func<string[], TextWriter, int> Run, string Summary)> Commands =
            new Dictionary<string, (Func<string[], TextWriter, int>, string)>(StringComparer.Ordinal)
            {
                ["demo"] = (DemoCommand.Run, "fill a fresh store with a month of realistic usage and print the cost report"),
                ["add"] = (AddCommand.Run, "record one request's usage"),
                ["cost"] = (CostCommand.Run, "cost and token totals, optionally grouped"),
                ["usage"] = (UsageCommand.Run, "list the stored requests with their costs"),
                ["export"] = (ExportCommand.Run, "write the stored requests as CSV or JSON"),
                ["compare"] = (CompareCommand.Run, "what stored usage would have cost on other models, in batch, or with a cache hit rate"),
                ["recommend"] = (RecommendCommand.Run, "ranked suggestions to spend less, with their monthly saving and evidence"),
                ["bill"] = (BillCommand.Run, "import or fetch the providers' own cost reports and compare them with what was tracked"),
                ["reprice"] = (RepriceCommand.Run, "re-price stored requests with the prices now in effect (--dry-run previews)"),
                ["prices"] = (PricesCommand.Run, "look up a model's price at a date, list the catalog, set or import prices; contract discounts"),
                ["store"] = (StoreCommand.Run, "show the store's path, schema version and counts"),
                ["report"] = (ReportCommand.Run, "write the dashboard as one HTML file (--html PATH)"),
                ["serve"] = (ServeCommand.Run, "serve the live dashboard and Prometheus /metrics on 127.0.0.1 until Ctrl+C"),
                ["import"] = (ImportCommand.Run, "import usage files: provider responses, batch output, Claude Code logs, CSV, LiteLLM and Langfuse exports"),
                ["budget"] = (BudgetCommand.Run, "set, list, remove and check budgets; alerts and anomalies"),
            };

        public static int Main(string[] args) => Run(args, Console.Out, Console.Error);

        public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
        {
            // The tool links the team store directly: the native build cannot load its assembly by name at run time.
            CostStores.PostgresOpener ??= (connectionString, catalog, access) => PostgresCostStore.Open(connectionString, catalog, access);
            if (args.Length == 0 || args[0] == "--help" || args[0] == "-h" || args[0] == "help")
            {
                WriteHelp(stdout);
                return args.Length == 0 ? 2 : 0;
            }

            if (args[0] == "--version")
            {
                stdout.WriteLine(LlmCostVersion.Current);
                return 0;
            }

            if (!Commands.TryGetValue(args[0], out var command))
            {
                stderr.WriteLine($"llmcost: unknown command '{args[0]}'. Run 'llmcost --help' for the list.");
                return 2;
            }

            try
            {
                return command.Run(args.Skip(1).ToArray(), stdout);
            }
            catch (UsageException ex)
            {
                stderr.WriteLine($"llmcost {args[0]}: {ex.Message}");
                return 2;
            }
            catch (LlmCostException ex)
            {
                stderr.WriteLine($"llmcost {args[0]}: {ex.Message} [{ex.ErrorId}]");
                return 1;
            }
            catch (Exception ex) when (!(ex is OutOfMemoryException))
            {
                // Never a stack trace: one line with the cause, and the data-error exit code.
                var cause = ExceptionCause.Of(ex);
                string hint = cause.Message.IndexOf("malformed", StringComparison.OrdinalIgnoreCase) >= 0
                    ? " The store is damaged: run llmcost store check, and restore it from a backup (docs/reliability.md)."
                    : "";
                stderr.WriteLine($"llmcost {args[0]}: {cause.Message}{hint} [{cause.GetType().Name}]");
                return 1;
            }
        }

        private static void WriteHelp(TextWriter w)
        {
            w.WriteLine("llmcost - what your LLM API calls cost");
            w.WriteLine();
            w.WriteLine("Usage: llmcost <command> [options]   (every command takes --db PATH and --json)");
            w.WriteLine();
            int width = Commands.Keys.Max(k => k.Length);
            foreach (var kv in Commands) w.WriteLine("  " + kv.Key.PadRight(width) + " " + kv.Value.Summary);
            w.WriteLine();
            w.WriteLine("Database: --db, else $LLMCOST_DB, else ~/.local/share/LlmCost/llmcost.db (%LOCALAPPDATA%\\LlmCost on Windows).");
            w.WriteLine("Run 'llmcost <command> --help' for a command's options.");
        }
    }
}
