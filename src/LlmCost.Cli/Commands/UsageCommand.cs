using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using LlmCost.Core.Export;
using LlmCost.Core.Queries;
using LlmCost.Core.Storage;

namespace LlmCost.Cli.Commands
{
    /// <summary>llmcost usage: the stored requests with their costs, newest last (Get-LlmUsage's rows).</summary>
    internal static class UsageCommand
    {
        private static readonly HashSet<string> Flags = new HashSet<string> { "help", "unpriced", "json" };

        public static int Run(string[] argv, TextWriter stdout)
        {
            var args = new CliArgs(argv, Flags);
            if (args.Flag("help"))
            {
                stdout.WriteLine("llmcost usage [--session ID]... [--since DATE] [--until DATE] [--provider P] [--model M] [--tag T] [--tz ZONE] [--unpriced] [--db PATH] [--json]");
                return 0;
            }

            var query = CostCommand.BuildQuery(args);
            bool json = args.Flag("json");
            string? db = args.Get("db");
            args.EnsureAllUsed();
            using var store = CostStores.Open(db, StoreAccess.ReadExisting);
            ModelFilter.Expand(query, store);
            if (json)
            {
                TabularWriter.Write(stdout, ExportFormat.Json, RequestExport.Columns, Core.Pricing.ContractTerms.Of(store).Apply(store.GetRequests(query)).Select(RequestExport.Row));
                stdout.WriteLine();
                return 0;
            }

            var table = new TextTable("time (UTC)", "session", "provider", "model", ">input", ">output", ">cost");
            int n = 0;
            foreach (var r in store.GetRequests(query))
            {
                n++;
                table.Add(r.OccurredAtUtc.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture), r.SessionId ?? "", r.Provider, r.Model,
                    Report.Count(r.InputTokens), Report.Count(r.OutputTokens), r.Cost.HasValue ? Report.Money(r.Cost.Value) : "unpriced");
            }

            table.Write(stdout);
            if (n == 0 && query.GivenFilters().Count > 0) System.Console.Error.WriteLine("llmcost usage: warning: no stored request matches the filters given.");
            return 0;
        }
    }
}
