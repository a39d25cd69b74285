using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using LlmCost.Core.Analysis;
using LlmCost.Core.Queries;
using LlmCost.Core.Storage;

namespace LlmCost.Cli.Commands
{
    /// <summary>llmcost recommend: ranked suggestions to spend less (Get-LlmCostRecommendation's objects).</summary>
    internal static class RecommendCommand
    {
        private static readonly HashSet<string> Flags = new HashSet<string> { "json", "help" };
        private const int Width = 78;

        public static int Run(string[] argv, TextWriter stdout)
        {
            var args = new CliArgs(argv, Flags);
            if (args.Flag("help"))
            {
                stdout.WriteLine("llmcost recommend [--min-saving USD] [--kind KIND[,KIND...]] [scope: --since DATE --until DATE --session ID");
                stdout.WriteLine("                  --provider P --model M --tag T --tz ZONE] [--db PATH] [--json]");
                stdout.WriteLine("  ranked suggestions with their monthly saving and evidence, from the stored usage of the window (the last 30");
                stdout.WriteLine("  days by default); kinds: CheaperModel, Batch, PromptCaching, LongerCacheWrites. --min-saving: 1 by default.");
                return 0;
            }

            var query = CostCommand.BuildQuery(args);
            decimal minimum = args.GetDecimal("min-saving") ?? 1m;
            if (minimum < 0) throw new UsageException("--min-saving must not be negative.");
            var kinds = args.GetEnums<RecommendationKind>("kind");
            bool json = args.Flag("json");
            string? db = args.Get("db");
            args.EnsureAllUsed();
            using var store = CostStores.Open(db, StoreAccess.ReadExisting);
            ModelFilter.Expand(query, store);
            var found = CostRecommender.Recommend(store, query, new RecommendationOptions { MinimumMonthlySaving = minimum })
                .Where(r => kinds.Count == 0 || kinds.Contains(r.Kind)).ToList();
            if (json)
            {
                var rows = found.Select(r => new RecommendationJson(r.Rank, r.Kind.ToString(), r.Scope, r.SessionId, r.Provider, r.Model, r.Suggestion, r.Requests,
                    r.Cost, r.EstimatedCost, r.Saving, r.MonthlySaving, r.Evidence, r.Since, r.Until, "USD")).ToList();
                stdout.WriteLine(CliJson.Serialize(rows, CliJson.Camel));
                return 0;
            }

            if (found.Count == 0)
            {
                stdout.WriteLine($"No suggestion saves {Report.Money(minimum)} a month or more.");
                return 0;
            }

            // A block per suggestion, wrapped to 78 columns: read in a terminal or a scheduled task's log.
            foreach (var r in found)
            {
                stdout.WriteLine($"{r.Rank}. {Report.Money(r.MonthlySaving)} a month  {r.Kind}  {r.Scope}");
                foreach (var line in Wrap(r.Suggestion + ".", "   ")) stdout.WriteLine(line);
                foreach (var line in Wrap(r.Evidence, "   ")) stdout.WriteLine(line);
            }

            return 0;
        }

        private static IEnumerable<string> Wrap(string text, string indent)
        {
            var line = new StringBuilder(indent);
            foreach (var word in text.Split(' '))
            {
                if (line.Length > indent.Length && line.Length + 1 + word.Length > Width)
                {
                    yield return line.ToString();
                    line.Clear().Append(indent);
                }

                if (line.Length > indent.Length) line.Append(' ');
                line.Append(word);
            }

            if (line.Length > indent.Length) yield return line.ToString();
        }
    }
}
