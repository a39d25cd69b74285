using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using LlmCost.Core;
using LlmCost.Core.Storage;

namespace LlmCost.Cli.Commands
{
    internal static class StoreCommand
    {
        public static int Run(string[] argv, TextWriter stdout)
        {
            var args = new CliArgs(argv, new HashSet<string> { "json", "help", "force" });
            if (args.Flag("help"))
            {
                stdout.WriteLine("llmcost store [--db PATH] [--json]");
                stdout.WriteLine("llmcost store init [--db PATH] [--json]   create the store, or bring an older one up to date (as Initialize-LlmCostStore)");
                stdout.WriteLine("llmcost store check [--db PATH] [--json]   integrity, summaries against rows, unique keys; exit 1 when damaged");
                stdout.WriteLine("llmcost store backup FILE [--force] [--db PATH]   a consistent copy, safe while others write");
                stdout.WriteLine("llmcost store copy --to DST [--from SRC | --db SRC] [--json]   requests, custom prices and budgets into another");
                stdout.WriteLine("    store (a file or a PostgreSQL connection string); requests already there are left alone, so a rerun adds nothing");
                return 0;
            }

            bool json = args.Flag("json");
            string? db = args.Get("db");
            if (args.Positional.Count == 1 && args.Positional[0] == "check") return Check(db, json, args, stdout);
            if (args.Positional.Count == 1 && args.Positional[0] == "init") return Show(db, StoreAccess.CreateIfMissing, json, args, stdout);
            if (args.Positional.Count == 2 && args.Positional[0] == "backup")
            {
                bool force = args.Flag("force");
                args.EnsureAllUsed();
                using var source = CostStores.Open(db, StoreAccess.ReadExisting);
                source.Backup(args.Positional[1], force);
                stdout.WriteLine($"backed up {source.Path} to {Path.GetFullPath(args.Positional[1])}");
                return 0;
            }

            if (args.Positional.Count == 1 && args.Positional[0] == "copy") return Copy(args.Get("from") ?? db, json, args, stdout);
            if (args.Positional.Count > 0) throw new UsageException($"unknown store command '{args.Positional[0]}': use init, check, backup, copy, or nothing.");
            return Show(db, StoreAccess.ReadExisting, json, args, stdout);
        }

        private static int Show(string? db, StoreAccess access, bool json, CliArgs args, TextWriter stdout)
        {
            args.EnsureAllUsed();
            using var store = CostStores.Open(db, access);
            var i = store.GetInfo();
            if (json)
            {
                stdout.WriteLine(CliJson.Serialize(i, CliJson.Camel));
                return 0;
            }

            stdout.WriteLine($"path            {i.Path}");
            stdout.WriteLine($"schema version  {i.SchemaVersion} (this LlmCost {LlmCostVersion.Current}: {i.CodeSchemaVersion})");
            stdout.WriteLine($"written by      LlmCost {i.UpgradedWith ?? "before 0.2.0"} (created by {i.CreatedWith ?? "a version before 0.2.0"})");
            stdout.WriteLine($"requests        {Report.Count(i.Requests)} ({Report.Count(i.UnpricedRequests)} unpriced)");
            stdout.WriteLine($"sessions        {Report.Count(i.Sessions)}");
            stdout.WriteLine($"custom prices   {Report.Count(i.CustomPrices)}");
            stdout.WriteLine($"budgets         {Report.Count(i.Budgets)}");
            stdout.WriteLine($"size            {Report.Count(i.SizeBytes)} bytes");
            return 0;
        }

        private static int Copy(string? from, bool json, CliArgs args, TextWriter stdout)
        {
            string to = args.Get("to") ?? throw new UsageException("store copy needs --to: the store to copy into (a file or a connection string).");
            args.EnsureAllUsed();
            using var source = CostStores.Open(from, StoreAccess.ReadExisting);
            using var destination = CostStores.Open(to, StoreAccess.CreateIfMissing);
            var r = StoreCopier.Copy(source, destination, n => Console.Error.Write($"\rllmcost store copy: {Report.Count(n)} requests read"));
            Console.Error.WriteLine();
            if (json)
            {
                stdout.WriteLine(CliJson.Serialize(r, CliJson.Camel));
                return 0;
            }

            stdout.WriteLine($"copied {source.Path} into {destination.Path}: {Report.Count(r.Requests)} requests read, {Report.Count(r.Added)} added, " +
                             $"{Report.Count(r.AlreadyThere)} already there; {r.PricesAdded} custom price(s) added; {r.Budgets} budget(s) copied" +
                             (r.ProviderCostLines > 0 ? $"; {Report.Count(r.ProviderCostLines)} provider report line(s)" : ""));
            return 0;
        }

        private static int Check(string? db, bool json, CliArgs args, TextWriter stdout)
        {
            args.EnsureAllUsed();
            using var store = CostStores.Open(db, StoreAccess.ReadExisting);
            var c = store.Check();
            if (json)
            {
                stdout.WriteLine(CliJson.Serialize(new StoreCheckJson(c.Path, c.Healthy, c.Integrity, c.RollupMismatches, c.DuplicateRequestKeys, c.Requests,
                    c.Problems().ToList()), CliJson.Camel));
            }
            else
            {
                stdout.WriteLine(c.Healthy ? $"{c.Path}: healthy ({Report.Count(c.Requests)} requests; integrity ok, summaries equal their rows, keys unique)" : $"{c.Path}: DAMAGED");
                foreach (var p in c.Problems()) stdout.WriteLine("  " + p);
            }

            if (!c.Healthy) Console.Error.WriteLine($"llmcost store check: the store '{c.Path}' is damaged; restore it from a backup (docs/reliability.md). [StoreDamaged]");
            return c.Healthy ? 0 : 1;
        }
    }
}
