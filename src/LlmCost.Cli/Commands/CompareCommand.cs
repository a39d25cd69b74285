using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using LlmCost.Core;
using LlmCost.Core.Analysis;
using LlmCost.Core.Queries;
using LlmCost.Core.Storage;

namespace LlmCost.Cli.Commands
{
    /// <summary>llmcost compare: what-if pricing of stored usage (Compare-LlmModelCost's rows).</summary>
    internal static class CompareCommand
    {
        private static readonly HashSet<string> Flags = new HashSet<string> { "json", "help", "batch" };

        public static int Run(string[] argv, TextWriter stdout)
        {
            var args = new CliArgs(argv, Flags);
            if (args.Flag("help"))
            {
                stdout.WriteLine("llmcost compare [--to MODEL[,MODEL...]]... [--batch] [--cache-hit-rate P] [scope: --session ID --since DATE --until DATE");
                stdout.WriteLine("                --provider P --model M --tag T --tz ZONE] [--db PATH] [--json]");
                stdout.WriteLine("  prices the stored requests of the scope again, one by one, with each model given (provider/model or model), in batch");
                stdout.WriteLine("  mode, or with P (0 to 1) of each request's input read from the cache; without --to, each request keeps its model.");
                return 0;
            }

            var query = CostCommand.BuildQuery(args);
            var alternatives = args.GetAll("to");
            bool batch = args.Flag("batch");
            decimal? rate = args.GetDecimal("cache-hit-rate");
            bool json = args.Flag("json");
            string? db = args.Get("db");
            args.EnsureAllUsed();
            var scenarios = WhatIfScenario.For(alternatives, batch, rate);
            using var store = CostStores.Open(db, StoreAccess.ReadExisting);
            ModelFilter.Expand(query, store);
            var results = ModelCostComparer.Compare(store, query, scenarios);
            if (json)
            {
                var rows = results.Select(c => new ComparisonJson(c.Alternative, c.Scenario.Provider, c.Scenario.Model, c.Scenario.Batch, c.Scenario.CacheHitRate,
                    c.Requests, c.Compared, c.Cost, c.ActualCost, c.Difference, c.DifferencePercent, c.NotPriced, c.StoredUnpriced, c.Reasons, "USD")).ToList();
                stdout.WriteLine(CliJson.Serialize(rows, CliJson.Camel));
            }
            else
            {
                var table = new TextTable("alternative", ">cost", ">actual", ">difference", ">%", ">compared", ">not priced");
                foreach (var c in results)
                {
                    table.Add(c.Alternative, Report.Money(c.Cost), Report.Money(c.ActualCost), (c.Difference >= 0 ? "+" : "-") + Report.Money(Math.Abs(c.Difference)),
                        c.DifferencePercent.HasValue ? c.DifferencePercent.Value.ToString("+0.00;-0.00;0", CultureInfo.InvariantCulture) : "",
                        Report.Count(c.Compared), Report.Count(c.NotPriced));
                }

                table.Write(stdout);
            }

            foreach (var c in results.Where(c => c.NotPriced > 0))
            {
                Console.Error.WriteLine($"llmcost compare: warning: {c.Alternative}: {Report.Count(c.NotPriced)} request(s) could not be priced ({string.Join("; ", c.Reasons)}).");
            }

            if (results.Count > 0 && results[0].Requests == 0) Console.Error.WriteLine("llmcost compare: warning: no stored request is in the scope given.");
            return 0;
        }
    }
}
