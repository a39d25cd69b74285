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
    internal static class PricesCommand
    {
        private static readonly HashSet<string> Flags = new HashSet<string> { "json", "help", "list", "history", "dry-run", "reset" };

        public static int Run(string[] argv, TextWriter stdout)
        {
            var args = new CliArgs(argv, Flags);
            if (args.Flag("help"))
            {
                stdout.WriteLine("llmcost prices MODEL [--provider P] [--at DATE] [--history] [--db PATH] [--json]");
                stdout.WriteLine("llmcost prices --list [--provider P] [--json]");
                stdout.WriteLine("llmcost prices import FILE [--format litellm|llmcost] [--effective-from DATE] [--dry-run] [--db PATH]");
                stdout.WriteLine("llmcost prices set --provider P --model M --input USD --output USD [--cache-read USD] [--cache-write-5m USD] [--cache-write-1h USD]");
                stdout.WriteLine("                   [--reasoning USD] [--per-request USD] [--batch-multiplier X] [--effective-from DATE] [--effective-to DATE] [--db PATH] [--json]");
                stdout.WriteLine("llmcost prices update DATA_V2_JSON [--db PATH] | llmcost prices update --reset [--db PATH]   price with a newer");
                stdout.WriteLine("                   genai-prices catalog kept in the store (every user of the store gets it), or the built-in one again");
                stdout.WriteLine("llmcost prices check --reference FILE [--provider P]... [--db PATH] [--json]   the prices in effect against genai-prices'");
                stdout.WriteLine("                   data-v2.json or LiteLLM's file: one line per price that differs; exit 0 either way");
                stdout.WriteLine("llmcost prices discount set --provider P --percent X [--model M] [--effective-from DATE] [--effective-to DATE] [--note TEXT]");
                stdout.WriteLine("llmcost prices discount list [--provider P] [--json] | llmcost prices discount remove ID   contract discounts: a percentage");
                stdout.WriteLine("                   off the list cost from a date; reports show the contracted cost beside the list cost");
                stdout.WriteLine("  Prices are USD per million tokens.");
                return 0;
            }

            bool json = args.Flag("json");
            string? provider = args.Get("provider");
            string? db = args.Get("db");
            if (args.Flag("list"))
            {
                args.EnsureAllUsed();
                using var listStore = CostStores.Exists(db) ? CostStores.Open(db, StoreAccess.ReadExisting) : null;
                Write(stdout, (listStore != null ? new PriceQueries(listStore) : new PriceQueries(PriceCatalog.Builtin)).List(provider, DateTime.UtcNow), json);
                return 0;
            }

            if (args.Positional.Count == 2 && args.Positional[0] == "import") return Import(args, args.Positional[1], db, json, stdout);
            if (args.Positional.Count == 1 && args.Positional[0] == "set") return Set(args, provider, db, json, stdout);
            if (args.Positional.Count == 1 && args.Positional[0] == "check") return Check(args, db, json, stdout);
            if (args.Positional.Count >= 1 && args.Positional[0] == "update") return Update(args, db, stdout);
            if (args.Positional.Count >= 1 && args.Positional[0] == "discount") return Discount(args, provider, db, json, stdout);
            if (args.Positional.Count != 1) throw new UsageException("give one model name, e.g. 'llmcost prices gpt-4o'.");
            string model = args.Positional[0];
            DateTime at = args.GetTime("at") ?? DateTime.UtcNow;
            bool history = args.Flag("history");
            args.EnsureAllUsed();

            // A price lookup never creates a store: without one, the built-in catalog answers.
            using var store = CostStores.Exists(db) ? CostStores.Open(db, StoreAccess.ReadExisting) : null;
            var prices = store != null ? new PriceQueries(store) : new PriceQueries(PriceCatalog.Builtin);
            var rows = history ? prices.History(provider, model) : new[] { prices.At(provider, model, at) }.Where(r => r != null).Select(r => r!).ToList();
            if (rows.Count == 0)
            {
                string when = history ? "" : $" at {at:yyyy-MM-dd}";
                string message = PriceQueries.NotFound(model, provider).Message.TrimEnd('.');
                Console.Error.WriteLine($"llmcost prices: {char.ToLowerInvariant(message[0])}{message.Substring(1)}{when}.");
                return 1;
            }

            Write(stdout, rows, json);
            return 0;
        }

        /// <summary>A custom price (USD per million tokens), as Set-LlmModelPrice; a date without an offset is UTC.</summary>
        private static int Discount(CliArgs args, string? provider, string? db, bool json, TextWriter stdout)
        {
            string verb = args.Positional.Count >= 2 ? args.Positional[1] : throw new UsageException("llmcost prices discount set|list|remove: name what to do.");
            switch (verb)
            {
                case "set":
                {
                    var d = new ContractDiscount
                    {
                        Provider = provider ?? throw new UsageException("--provider is required."),
                        Model = args.Get("model"),
                        Percent = args.GetDecimal("percent") ?? throw new UsageException("--percent is required (e.g. 20 for 20 % off)."),
                        EffectiveFrom = args.GetTime("effective-from"),
                        EffectiveTo = args.GetTime("effective-to"),
                        Note = args.Get("note"),
                    };
                    args.EnsureAllUsed();
                    using var store = CostStores.Open(db);
                    var kept = store.AddContractDiscount(d);
                    if (json) WriteDiscounts(stdout, new[] { kept });
                    else stdout.WriteLine($"discount {kept.Id}: {Pct(kept.Percent)} off {kept.Provider}/{kept.Model ?? "(every model)"} " +
                                          $"from {(kept.EffectiveFrom.HasValue ? kept.EffectiveFrom.Value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : "the start")}" +
                                          (kept.EffectiveTo.HasValue ? " until " + kept.EffectiveTo.Value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : "") +
                                          "; stored costs keep their list cost, reports show the contracted cost beside it");
                    return 0;
                }

                case "list":
                {
                    args.EnsureAllUsed();
                    using var store = CostStores.Open(db, StoreAccess.ReadExisting);
                    var all = store.GetContractDiscounts().Where(d => provider == null || string.Equals(d.Provider, provider, StringComparison.OrdinalIgnoreCase)).ToList();
                    if (json)
                    {
                        WriteDiscounts(stdout, all);
                        return 0;
                    }

                    var table = new TextTable(">id", "provider", "model", ">percent", "from", "to", "note");
                    foreach (var d in all)
                    {
                        table.Add(d.Id.ToString(CultureInfo.InvariantCulture), d.Provider, d.Model ?? "(all)", Pct(d.Percent),
                            d.EffectiveFrom?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "-", d.EffectiveTo?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "-", d.Note ?? "");
                    }

                    table.Write(stdout);
                    return 0;
                }

                case "remove":
                {
                    if (args.Positional.Count != 3 || !long.TryParse(args.Positional[2], NumberStyles.Integer, CultureInfo.InvariantCulture, out long id))
                    {
                        throw new UsageException("llmcost prices discount remove ID: give the discount's id (llmcost prices discount list shows them).");
                    }

                    args.EnsureAllUsed();
                    using var store = CostStores.Open(db, StoreAccess.ReadExisting);
                    if (!store.RemoveContractDiscount(id)) throw new Core.LlmCostException("DiscountNotFound", $"There is no contract discount with id {id} (llmcost prices discount list shows them).");
                    stdout.WriteLine($"discount {id} removed");
                    return 0;
                }

                default:
                    throw new UsageException($"llmcost prices discount {verb}: use set, list or remove.");
            }
        }

        private static string Pct(decimal p) => p.ToString("0.##", CultureInfo.InvariantCulture) + "%";

        private static void WriteDiscounts(TextWriter stdout, IEnumerable<ContractDiscount> all) =>
            stdout.WriteLine(CliJson.Serialize(all.Select(d => new DiscountJson(d.Id, d.Provider, d.Model, d.Percent,
                d.EffectiveFrom?.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
                d.EffectiveTo?.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture), d.Note)).ToList(), CliJson.Camel));

        private static int Set(CliArgs args, string? provider, string? db, bool json, TextWriter stdout)
        {
            decimal Required(string name) => args.GetDecimal(name) ?? throw new UsageException($"--{name} is required (USD per million tokens).");
            var price = new ModelPrice(provider ?? throw new UsageException("--provider is required."), args.Require("model"), new PriceSet
            {
                Input = Required("input"),
                Output = Required("output"),
                CacheRead = args.GetDecimal("cache-read"),
                CacheWrite5m = args.GetDecimal("cache-write-5m"),
                CacheWrite1h = args.GetDecimal("cache-write-1h"),
                Reasoning = args.GetDecimal("reasoning"),
                PerRequest = args.GetDecimal("per-request"),
            })
            {
                EffectiveFrom = args.GetTime("effective-from"),
                EffectiveTo = args.GetTime("effective-to"),
                BatchMultiplier = args.GetDecimal("batch-multiplier"),
                Source = "custom",
            };
            args.EnsureAllUsed();
            using var store = CostStores.Open(db, StoreAccess.CreateIfMissing);
            var saved = store.AddPrice(price);
            Write(stdout, new[] { new PriceRow(saved.Provider, saved.Model, saved) }, json);
            var (_, affected) = new Repricer(store).Affected(saved);
            if (affected > 0)
            {
                string since = saved.EffectiveFrom.HasValue ? $" --since {saved.EffectiveFrom.Value:yyyy-MM-dd}" : "";
                Console.Error.WriteLine($"llmcost prices set: {affected} stored request(s) of {saved.Provider}/{saved.Model} keep the cost they were recorded with; " +
                                        $"apply this price with: llmcost reprice --provider {saved.Provider} --model {saved.Model}{since} (--dry-run to preview).");
            }
            return 0;
        }

        private static int Import(CliArgs args, string file, string? db, bool json, TextWriter stdout)
        {
            string formatText = args.Get("format") ?? (file.EndsWith("model_prices_and_context_window.json", StringComparison.OrdinalIgnoreCase) ? "litellm" : "llmcost");
            PriceFileFormat format = formatText.ToLowerInvariant() switch
            {
                "litellm" => PriceFileFormat.LiteLlm,
                "llmcost" => PriceFileFormat.LlmCost,
                _ => throw new UsageException($"--format must be litellm or llmcost, got '{formatText}'."),
            };
            // Imported prices apply from today (UTC) unless told otherwise: importing never rewrites past costs.
            DateTime from = args.GetTime("effective-from") ?? DateTime.UtcNow.Date;
            bool dryRun = args.Flag("dry-run");
            args.EnsureAllUsed();
            if (!File.Exists(file)) throw new UsageException($"file not found: {file}");

            var warnings = new List<string>();
            IReadOnlyList<ModelPrice> prices;
            using (var stream = File.OpenRead(file))
            {
                prices = PriceFileReader.Read(stream, format, Path.GetFileName(file), from, warnings.Add);
            }

            int added = prices.Count, unchanged = 0;
            long affected = 0;
            DateTime? affectedSince = null;
            if (!dryRun)
            {
                using var store = CostStores.Open(db, StoreAccess.CreateIfMissing);
                var addedPrices = new List<ModelPrice>();
                (added, unchanged) = store.AddPrices(prices, (price, wasAdded) =>
                {
                    if (wasAdded) addedPrices.Add(price);
                });
                (affected, affectedSince) = new Repricer(store).AffectedBy(addedPrices);
            }

            if (json)
            {
                stdout.WriteLine(CliJson.Serialize(new PriceImportJson(file, formatText, prices.Count, added, unchanged, warnings.Count, dryRun), CliJson.CamelCompact));
            }
            else
            {
                stdout.WriteLine($"{file}: {prices.Count} prices read, {added} {(dryRun ? "would be added" : "added")}, {unchanged} unchanged, {warnings.Count} entries skipped (no per-token price); effective from {from:yyyy-MM-dd}.");
            }

            if (affected > 0)
            {
                // A price from a past date does not change the costs already stored: say how many, and how to apply it.
                Console.Error.WriteLine($"llmcost prices: {affected} stored request(s) keep the cost they were recorded with; apply the imported prices with " +
                                        $"'llmcost reprice{(affectedSince.HasValue ? $" --since {affectedSince.Value:yyyy-MM-dd}" : "")}' (--dry-run to preview).");
            }

            return 0;
        }

        private static void Write(TextWriter w, IReadOnlyList<PriceRow> rows, bool json)
        {
            if (json)
            {
                using var ms = new MemoryStream();
                using (var j = new Utf8JsonWriter(ms, new JsonWriterOptions { Indented = true }))
                {
                    j.WriteStartArray();
                    foreach (var (provider, model, p) in rows)
                    {
                        j.WriteStartObject();
                        j.WriteString("provider", provider);
                        j.WriteString("model", model);
                        j.WriteString("source", p.Source);
                        if (p.EffectiveFrom.HasValue) j.WriteString("effectiveFrom", p.EffectiveFrom.Value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
                        else j.WriteNull("effectiveFrom");
                        if (p.EffectiveTo.HasValue) j.WriteString("effectiveTo", p.EffectiveTo.Value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
                        else j.WriteNull("effectiveTo");
                        j.WriteString("currency", p.Currency);
                        WriteSet(j, p.Base);
                        if (p.BatchMultiplier.HasValue) j.WriteNumber("batchMultiplier", p.BatchMultiplier.Value);
                        j.WriteStartArray("tiers");
                        foreach (var t in p.Tiers)
                        {
                            j.WriteStartObject();
                            j.WriteNumber("threshold", t.Threshold);
                            WriteSet(j, t.Prices);
                            j.WriteEndObject();
                        }

                        j.WriteEndArray();
                        j.WriteEndObject();
                    }

                    j.WriteEndArray();
                }

                w.WriteLine(System.Text.Encoding.UTF8.GetString(ms.ToArray()));
                return;
            }

            var table = new TextTable("provider", "model", "from", "until", ">input", ">cache read", ">write 5m", ">write 1h", ">output", "tiers", "source");
            foreach (var (provider, model, p) in rows)
            {
                table.Add(provider, model, Date(p.EffectiveFrom), Date(p.EffectiveTo), D(p.Base.Input), D(p.Base.CacheRead), D(p.Base.CacheWrite5m),
                    D(p.Base.CacheWrite1h), D(p.Base.Output),
                    string.Join("; ", p.Tiers.Select(t => $">{t.Threshold.ToString(CultureInfo.InvariantCulture)}: {D(t.Prices.Input)}/{D(t.Prices.Output)}")),
                    p.Source);
            }

            table.Write(w);
            w.WriteLine("USD per million tokens.");
        }

        private static void WriteSet(Utf8JsonWriter j, PriceSet s)
        {
            j.WriteNumber("input", s.Input);
            j.WriteNumber("output", s.Output);
            if (s.CacheRead.HasValue) j.WriteNumber("cacheRead", s.CacheRead.Value);
            if (s.CacheWrite5m.HasValue) j.WriteNumber("cacheWrite5m", s.CacheWrite5m.Value);
            if (s.CacheWrite1h.HasValue) j.WriteNumber("cacheWrite1h", s.CacheWrite1h.Value);
            if (s.Reasoning.HasValue) j.WriteNumber("reasoning", s.Reasoning.Value);
            if (s.PerRequest.HasValue) j.WriteNumber("perRequest", s.PerRequest.Value);
        }

        private static string D(decimal? d) => d.HasValue ? d.Value.ToString("0.######", CultureInfo.InvariantCulture) : "-";

        private static string Date(DateTime? d) => d.HasValue ? d.Value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : "-";

        private static int Check(CliArgs args, string? db, bool json, TextWriter stdout)
        {
            string reference = args.Get("reference") ?? throw new UsageException("prices check needs --reference FILE (genai-prices' data-v2.json or LiteLLM's price file).");
            var providers = args.GetAll("provider");
            args.EnsureAllUsed();
            using var store = CostStores.Exists(db) ? CostStores.Open(db, StoreAccess.ReadExisting) : null;
            var found = PriceAudit.Compare(store?.Prices ?? new PriceBook(PriceCatalog.Builtin), PriceAudit.ReadReference(reference), providers.Count == 0 ? null : providers, DateTime.UtcNow);
            if (json)
            {
                stdout.WriteLine(CliJson.Serialize(found, CliJson.Camel));
                return 0;
            }

            var table = new TextTable("provider/model", "price", "from", ">ours", ">reference", "note");
            foreach (var d in found)
            {
                table.Add(d.Provider + "/" + d.Model, d.Kind, d.EffectiveFrom?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) ?? "start",
                    d.Ours?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none", d.Reference?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "",
                    d.Note == null ? (d.OurSource == "custom" ? "our custom price" : "") : "known source error, corrected");
            }

            table.Write(stdout);
            stdout.WriteLine($"{found.Count} price(s) differ from {System.IO.Path.GetFileName(reference)}.");
            return 0;
        }

        private static int Update(CliArgs args, string? db, TextWriter stdout)
        {
            bool reset = args.Flag("reset");
            if (reset == (args.Positional.Count == 2)) throw new UsageException("prices update takes a data-v2.json file, or --reset.");
            // Read and converted in full before the store is touched: a bad file changes nothing.
            var update = reset ? null : CatalogRefresh.Build(args.Positional[1]);
            args.EnsureAllUsed();
            using var store = CostStores.Open(db, StoreAccess.CreateIfMissing);
            if (update == null)
            {
                stdout.WriteLine(store.ResetCatalog() ? "the built-in catalog prices again" : "no catalog was loaded: the built-in one prices");
                return 0;
            }

            var kept = store.SaveCatalog(update);
            stdout.WriteLine($"the store prices with {kept.Source} ({kept.Models} models; providers {string.Join(", ", update.Providers)}; sha256 {kept.Sha256.Substring(0, 12)})");
            Console.Error.WriteLine("llmcost prices: stored costs keep the prices they were recorded with: preview the change with 'llmcost reprice --dry-run'.");
            return 0;
        }
    }
}
