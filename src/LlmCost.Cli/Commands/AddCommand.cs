using System;
using System.Collections.Generic;
using System.IO;
using System.Text.Json;
using LlmCost.Core.Storage;
using LlmCost.Core.Usage;

namespace LlmCost.Cli.Commands
{
    internal static class AddCommand
    {
        private static UsageRecord FromCounts(CliArgs args)
        {
            var tokens = new TokenUsage(
                inputTokens: args.RequireLong("input"),
                outputTokens: args.RequireLong("output"),
                cacheReadTokens: args.GetLong("cache-read"),
                cacheWrite5mTokens: args.GetLong("cache-write-5m", args.GetLong("cache-write")),
                cacheWrite1hTokens: args.GetLong("cache-write-1h"),
                reasoningTokens: args.GetLong("reasoning"));
            return new UsageRecord(args.Get("provider"), args.Require("model"), args.GetTime("time") ?? DateTime.UtcNow, tokens)
            {
                SessionId = args.Get("session"),
                RequestId = args.Get("request-id"),
                IsBatch = args.Flag("batch"),
                ServiceTier = args.Get("service-tier"),
                Tags = args.GetAll("tag"),
                Source = "cli",
            };
        }

        /// <summary>A record from a provider's response body (as Add-LlmUsage -Response); options given win over the body's values.</summary>
        private static List<UsageRecord> FromResponse(CliArgs args, string source)
        {
            string body;
            try
            {
                body = source == "-" ? Console.In.ReadToEnd() : File.ReadAllText(source);
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                throw new UsageException($"--response: cannot read '{source}': {ex.Message}");
            }

            string? provider = args.Get("provider");
            var parsed = Core.Ingestion.PayloadParser.Parse(body, provider)
                         ?? throw new Core.LlmCostException("NoUsageInResponse", $"the response in '{source}' has no usage to record.");
            string model = args.Get("model") ?? parsed.Model ?? throw new Core.LlmCostException("InvalidUsagePayload", $"the response in '{source}' does not name its model: give --model.");
            var request = new UsageRecord(provider ?? parsed.Provider, model, args.GetTime("time") ?? parsed.Timestamp ?? DateTime.UtcNow, parsed.Tokens)
            {
                SessionId = args.Get("session") ?? parsed.SessionId,
                RequestId = args.Get("request-id") ?? parsed.RequestId,
                IsBatch = args.Flag("batch") || parsed.IsBatch,
                ServiceTier = args.Get("service-tier") ?? parsed.ServiceTier,
                Tags = args.GetAll("tag"),
                Source = "cli",
            };
            // Billed steps run on another model (an advisor) are stored next to the request.
            var all = new List<UsageRecord> { request };
            all.AddRange(parsed.StepRecords(request));
            return all;
        }

        private static readonly HashSet<string> Flags = new HashSet<string> { "json", "help", "batch", "replace" };

        public static int Run(string[] argv, TextWriter stdout)
        {
            var args = new CliArgs(argv, Flags);
            if (args.Flag("help"))
            {
                stdout.WriteLine("llmcost add --model M [--provider P] --input N --output N [--cache-read N] [--cache-write-5m N] [--cache-write-1h N]");
                stdout.WriteLine("            [--reasoning N] [--session ID] [--request-id ID] [--time ISO8601] [--batch] [--service-tier T] [--tag T]... [--db PATH] [--json]");
                stdout.WriteLine("llmcost add --response FILE|- [--provider P] [--model M] [--session ID] [--time ISO8601] [--tag T]... [--db PATH] [--json]");
                stdout.WriteLine("  --input counts ALL input tokens, cached or not; cache counts are parts of it. --output includes reasoning.");
                stdout.WriteLine("  --response reads a provider's response body (JSON, or a streamed SSE transcript) from a file or stdin.");
                return 0;
            }

            var records = args.Get("response") is string response ? FromResponse(args, response) : new List<UsageRecord> { FromCounts(args) };
            bool json = args.Flag("json");
            var policy = args.Flag("replace") ? DuplicatePolicy.Replace : DuplicatePolicy.Skip;
            string? db = args.Get("db");
            args.EnsureAllUsed();

            Core.Pricing.PriceCatalog.Preload(); // parsed while the store opens
            using var store = CostStores.Open(db, StoreAccess.CreateIfMissing);
            var recording = new UsageRecorder(store).Record(records, policy);
            if (recording.Rejected.Count > 0) throw recording.Rejected[0].Error;
            var recorded = recording.Recorded;
            if (json)
            {
                // The request's object; billed steps recorded with it (an advisor's sub-inference) under "steps".
                using var ms = new MemoryStream();
                using (var j = new Utf8JsonWriter(ms, new JsonWriterOptions { Indented = true }))
                {
                    j.WriteStartObject();
                    WriteJson(j, recorded[0]);
                    if (recorded.Count > 1)
                    {
                        j.WriteStartArray("steps");
                        for (int i = 1; i < recorded.Count; i++)
                        {
                            j.WriteStartObject();
                            WriteJson(j, recorded[i]);
                            j.WriteEndObject();
                        }

                        j.WriteEndArray();
                    }

                    j.WriteEndObject();
                }

                stdout.WriteLine(System.Text.Encoding.UTF8.GetString(ms.ToArray()));
            }
            else
            {
                foreach (var r in recorded)
                {
                    string state = r.Added ? "added" : r.Replaced ? "replaced" : "already recorded (duplicate request key, not counted again)";
                    string cost = r.Cost.HasValue ? Report.Money(r.Cost.Value)
                        : r.UnpricedTier ? $"unpriced (no price for its {r.Record.ServiceTier} tier: cost left empty, never the standard price)"
                        : "unpriced (unknown model: no price, cost left empty, never $0)";
                    stdout.WriteLine($"{state}: {r.Provider}/{r.Model} {cost}  key={r.RequestKey}");
                }
            }

            foreach (var crossing in recording.Crossings)
            {
                Console.Error.WriteLine("llmcost add: warning: " + crossing);
            }

            foreach (var r in recorded)
            {
                if (r.Status == Core.Pricing.PricingStatus.Unpriced)
                {
                    Console.Error.WriteLine($"llmcost add: warning: {r.UnpricedReason}; the request is stored as unpriced.");
                }
            }

            return 0;
        }

        private static void WriteJson(Utf8JsonWriter j, Core.Pricing.PricedRequest r)
        {
            j.WriteString("requestKey", r.RequestKey);
            j.WriteString("status", r.Added ? "added" : r.Replaced ? "replaced" : "duplicate");
            j.WriteString("provider", r.Provider);
            j.WriteString("model", r.Model);
            if (r.PricedModel != null) j.WriteString("pricedModel", r.PricedModel);
            j.WriteString("pricingStatus", r.Status.ToString().ToLowerInvariant());
            if (r.Cost.HasValue) j.WriteNumber("cost", r.Cost.Value);
            else j.WriteNull("cost");
            j.WriteString("currency", "USD");
        }
    }
}
