using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using LlmCost.Core.Billing;
using LlmCost.Core.Storage;

namespace LlmCost.Cli.Commands
{
    /// <summary>llmcost bill import|fetch|compare: the providers' own reports held against tracked cost.</summary>
    internal static class BillCommand
    {
        private static readonly HashSet<string> Flags = new HashSet<string> { "json", "help", "fail-on-difference" };

        public static int Run(string[] argv, TextWriter stdout)
        {
            var args = new CliArgs(argv, Flags);
            if (args.Flag("help") || args.Positional.Count == 0)
            {
                stdout.WriteLine("llmcost bill import FILE... [--kind cost|usage] [--db PATH] [--json]   OpenAI costs/usage pages, Anthropic cost/usage");
                stdout.WriteLine("                   reports (a page or an array of pages); a later report of a day replaces it");
                stdout.WriteLine("llmcost bill fetch --provider openai|anthropic --since DAY [--until DAY] [--base-url URL] [--db PATH] [--json]");
                stdout.WriteLine("                   from the admin API; the key from $OPENAI_ADMIN_KEY or $ANTHROPIC_ADMIN_API_KEY, never stored");
                stdout.WriteLine("llmcost bill compare [--since DAY] [--until DAY] [--provider P]... [--status S]... [--fail-on-difference] [--db PATH] [--json]");
                stdout.WriteLine("                   per UTC day x provider x model: tracked, billed, difference, status (Match, BillHigher,");
                stdout.WriteLine("                   TrackedHigher, NotTracked, NotBilled); --fail-on-difference exits 3 when any row is not Match");
                return args.Flag("help") ? 0 : 2;
            }

            switch (args.Positional[0])
            {
                case "import": return Import(args, stdout);
                case "fetch": return Fetch(args, stdout);
                case "compare": return Compare(args, stdout);
                default: throw new UsageException($"unknown subcommand '{args.Positional[0]}': use import, fetch or compare.");
            }
        }

        private static int Import(CliArgs args, TextWriter stdout)
        {
            var files = args.Positional.Skip(1).ToList();
            if (files.Count == 0) throw new UsageException("name at least one report file: llmcost bill import FILE...");
            ProviderCostKind? kind = ParseKind(args.Get("kind"));
            bool json = args.Flag("json");
            string? db = args.Get("db");
            args.EnsureAllUsed();
            // Every file read and checked before anything is stored: a bad one changes nothing.
            var reports = files.Select(f => ProviderReportReader.ReadFile(Path.GetFullPath(f), kind)).ToList();
            using var store = CostStores.Open(db);
            return Store(store, reports, json, stdout);
        }

        private static int Fetch(CliArgs args, TextWriter stdout)
        {
            string provider = args.Get("provider") ?? throw new UsageException("--provider is required: openai or anthropic.");
            DateTime since = (args.GetTime("since") ?? throw new UsageException("--since is required: the first UTC day to fetch.")).Date;
            DateTime until = (args.GetTime("until") ?? DateTime.UtcNow.Date.AddDays(1)).Date;
            string? baseUrl = args.Get("base-url");
            bool json = args.Flag("json");
            string? db = args.Get("db");
            args.EnsureAllUsed();
            if (until <= since) throw new UsageException("--until must be after --since.");
            Uri? root = null;
            if (baseUrl != null && !Uri.TryCreate(baseUrl.EndsWith("/", StringComparison.Ordinal) ? baseUrl : baseUrl + "/", UriKind.Absolute, out root))
            {
                throw new UsageException($"--base-url '{baseUrl}' is not an absolute URL.");
            }

            string key = ProviderCostFetcher.KeyFromEnvironment(provider);
            var reports = new ProviderCostFetcher().Fetch(provider, since, until, key, root, m => Console.Error.WriteLine("llmcost bill: " + m));
            using var store = CostStores.Open(db);
            return Store(store, reports, json, stdout);
        }

        private static int Store(ICostStore store, IReadOnlyList<ProviderCostReport> reports, bool json, TextWriter stdout)
        {
            var done = new List<ProviderCostImport>();
            foreach (var report in reports)
            {
                var summary = ProviderCostImport.Of(report);
                summary.Replaced = store.SaveProviderCosts(report);
                done.Add(summary);
            }

            if (json)
            {
                stdout.WriteLine(CliJson.Serialize(done.Select(d => new BillImportJson(d.Provider, d.Kind.ToString(), d.Source, d.FirstDay?.ToString("yyyy-MM-dd"),
                    d.LastDay?.ToString("yyyy-MM-dd"), d.Buckets, d.Lines, d.Replaced, d.Amount, "USD")).ToList(), CliJson.Camel));
                return 0;
            }

            foreach (var d in done)
            {
                if (d.Buckets == 0)
                {
                    stdout.WriteLine($"{d.Provider} {d.Kind.ToString().ToLowerInvariant()}: the report has no day; nothing stored ({Path.GetFileName(d.Source)})");
                    continue;
                }

                stdout.WriteLine($"{d.Provider} {d.Kind.ToString().ToLowerInvariant()} {d.FirstDay:yyyy-MM-dd} to {d.LastDay:yyyy-MM-dd}: {d.Lines} line(s) stored, " +
                                 $"{d.Replaced} replaced{(d.Amount.HasValue ? ", " + Report.Money(d.Amount.Value) : "")} ({Path.GetFileName(d.Source)})");
            }

            return 0;
        }

        private static int Compare(CliArgs args, TextWriter stdout)
        {
            DateTime? since = args.GetTime("since");
            DateTime? until = args.GetTime("until");
            var providers = args.GetAll("provider");
            var statuses = args.GetEnums<BillStatus>("status");
            bool failOnDifference = args.Flag("fail-on-difference");
            bool json = args.Flag("json");
            string? db = args.Get("db");
            args.EnsureAllUsed();
            Core.Time.TimeInput.CheckRange(since, until);
            using var store = CostStores.Open(db, StoreAccess.ReadExisting);
            var all = BillReconciler.Compare(store, since, until, providers.Count == 0 ? null : providers);
            var rows = all.Where(r => statuses.Count == 0 || statuses.Contains(r.Status)).ToList();
            if (json)
            {
                stdout.WriteLine(CliJson.Serialize(rows.Select(r => new BillComparisonJson(r.Day.ToString("yyyy-MM-dd"), r.Provider, r.Model, r.TrackedRequests,
                    r.TrackedCost, r.TrackedListCost, r.TrackedUnpriced, r.BilledCost, r.Difference, r.Status.ToString(), r.TrackedInputTokens,
                    r.TrackedOutputTokens, r.BilledInputTokens, r.BilledOutputTokens, r.BilledRequests, "USD")).ToList(), CliJson.Camel));
            }
            else
            {
                // USD to four places, the model alone (--json has the provider) cut to 22 characters: a row fits 80 columns
                // (a scheduled task's log).
                var table = new TextTable("day", "model", ">tracked", ">billed", ">diff", "status");
                foreach (var r in rows)
                {
                    table.Add(r.Day.ToString("yyyy-MM-dd"), r.Model.Length > 22 ? r.Model.Substring(0, 21) + "~" : r.Model, Usd(r.TrackedCost),
                        r.BilledCost.HasValue ? Usd(r.BilledCost.Value) : "-", r.Difference.HasValue ? (r.Difference.Value >= 0 ? "+" : "") + Usd(r.Difference.Value) : "", r.Status.ToString());
                }

                table.Write(stdout);
                decimal tracked = rows.Sum(r => r.TrackedCost);
                decimal billed = rows.Sum(r => r.BilledCost ?? 0m);
                stdout.WriteLine($"USD; tracked {Report.Money(tracked)}, billed {Report.Money(billed)}, {rows.Count(r => r.Status != BillStatus.Match)} of {rows.Count} row(s) differ");
            }

            return failOnDifference && all.Any(r => r.Status != BillStatus.Match) ? 3 : 0;
        }

        private static string Usd(decimal amount) => amount.ToString("0.0000", System.Globalization.CultureInfo.InvariantCulture);

        private static ProviderCostKind? ParseKind(string? text) =>
            text == null ? (ProviderCostKind?)null
            : Enum.TryParse<ProviderCostKind>(text.Trim(), true, out var k) && Enum.IsDefined(typeof(ProviderCostKind), k) ? k
            : throw new UsageException($"--kind '{text}' is not cost or usage.");

    }
}
