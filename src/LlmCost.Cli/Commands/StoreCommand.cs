using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using LlmCost.Core.Pricing;
using LlmCost.Core.Storage;

namespace LlmCost.Cli.Commands
{
    internal static class StoreCommand
    {
        public static int Run(string[] argv, TextWriter stdout)
        {
            var args = new CliArgs(argv, new HashSet<string> { "json", "help" });
            if (args.Flag("help"))
            {
                stdout.WriteLine("llmcost store [--db PATH] [--json]");
                return 0;
            }

            bool json = args.Flag("json");
            string? db = args.Get("db");
            args.EnsureAllUsed();
            using var store = CostStores.Open(db, StoreAccess.ReadExisting);
            var i = store.GetInfo();
            if (json)
            {
                stdout.WriteLine(JsonSerializer.Serialize(i, new JsonSerializerOptions { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase }));
                return 0;
            }

            stdout.WriteLine($"path            {i.Path}");
            stdout.WriteLine($"schema version  {i.SchemaVersion} (this LlmCost: {i.CodeSchemaVersion})");
            stdout.WriteLine($"requests        {Report.Count(i.Requests)} ({Report.Count(i.UnpricedRequests)} unpriced)");
            stdout.WriteLine($"sessions        {Report.Count(i.Sessions)}");
            stdout.WriteLine($"custom prices   {Report.Count(i.CustomPrices)}");
            stdout.WriteLine($"budgets         {Report.Count(i.Budgets)}");
            stdout.WriteLine($"size            {Report.Count(i.SizeBytes)} bytes");
            return 0;
        }
    }
}
