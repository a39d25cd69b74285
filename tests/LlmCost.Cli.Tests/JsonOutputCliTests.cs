using System.IO;
using System.Linq;
using System.Text.Json;

namespace LlmCost.Cli.Tests
{
    /// <summary>
    /// Every --json output, run in-process with reflection-based JSON off (as in the natively compiled tool): each must
    /// be written by generated code, keep its camelCase names, and the budget commands their enum values as text.
    /// </summary>
    public sealed class JsonOutputCliTests : CliTestBase
    {
        private static string Fixture(params string[] parts) =>
            Path.GetFullPath(Path.Combine(new[] { LlmCost.Core.Tests.Ingestion.ResponseCorpus.Folder, ".." }.Concat(parts).ToArray()));

        private JsonElement Json(params string[] args)
        {
            var r = Run(args.Concat(new[] { "--db", Db, "--json" }).ToArray());
            Assert.True(r.Code == 0, $"llmcost {string.Join(" ", args)}: exit {r.Code}: {r.Err}");
            using var doc = JsonDocument.Parse(r.Out);
            return doc.RootElement.Clone();
        }

        [Fact]
        public void EveryCommandsJson_IsWrittenWithoutReflection_InItsDocumentedShape()
        {
            Assert.Equal(0, Run("demo", "--db", Db).Code);

            Assert.True(Json("store").GetProperty("schemaVersion").GetInt32() > 0);
            Assert.True(Json("store", "check").GetProperty("healthy").GetBoolean());
            Assert.Equal(0, Json("store", "copy", "--to", Path.Combine(Path.GetDirectoryName(Db)!, "copy.db")).GetProperty("alreadyThere").GetInt64());

            var import = Json("import", Fixture("payloads", "openai-chat.json"));
            Assert.Equal(1, import.GetProperty("added").GetInt64());
            Assert.True(import.TryGetProperty("elapsedSeconds", out _));

            // Budgets: enum values as camelCase text.
            var set = Json("budget", "set", "team", "--amount", "50", "--period", "monthly", "--hard");
            Assert.Equal("monthly", set.GetProperty("period").GetString());
            Assert.Equal("hard", set.GetProperty("enforcement").GetString());
            Assert.Equal(new[] { 50, 80, 100 }, set.GetProperty("thresholds").EnumerateArray().Select(t => t.GetInt32()));
            Assert.Equal(0.01m, Json("budget", "set", "tiny", "--amount", "0.01", "--period", "total", "--no-notify").GetProperty("amount").GetDecimal());
            Assert.Contains(Json("budget", "list").EnumerateArray(), s => s.GetProperty("budget").GetString() == "team");
            var check = Json("budget", "check", "--include-anomalies");
            var alert = Assert.Single(check.GetProperty("newAlerts").EnumerateArray(), a => a.GetProperty("budget").GetString() == "tiny" && a.GetProperty("threshold").GetInt32() == 100);
            Assert.Equal("critical", alert.GetProperty("level").GetString());
            Assert.Contains(Json("budget", "alerts").EnumerateArray(), a => a.GetProperty("budget").GetString() == "tiny");
            Assert.Equal(JsonValueKind.Array, Json("budget", "anomalies").ValueKind);

            // Prices, discounts and re-pricing.
            var price = Assert.Single(Json("prices", "set", "--provider", "openai", "--model", "gpt-4o", "--input", "3", "--output", "9", "--effective-from", "2020-01-01")
                .EnumerateArray());
            Assert.Equal(3m, price.GetProperty("input").GetDecimal());
            var discount = Assert.Single(Json("prices", "discount", "set", "--provider", "openai", "--percent", "10").EnumerateArray());
            Assert.Equal(10m, discount.GetProperty("percent").GetDecimal());
            Assert.Equal("openai", Assert.Single(Json("prices", "discount", "list").EnumerateArray()).GetProperty("provider").GetString());
            Assert.True(Json("reprice", "--dry-run").GetProperty("dryRun").GetBoolean());
            Assert.True(Json("reprice", "--reason", "json test").GetProperty("runId").GetInt64() > 0);
            Assert.Equal("json test", Assert.Single(Json("reprice", "--history").EnumerateArray()).GetProperty("reason").GetString());
            var litellm = Fixture("litellm-excerpt.json");
            var imported = Json("prices", "import", litellm, "--format", "litellm", "--dry-run");
            Assert.Equal(litellm, imported.GetProperty("file").GetString());
            Assert.True(imported.GetProperty("dryRun").GetBoolean());
            Assert.Equal(JsonValueKind.Array, Json("prices", "check", "--reference", litellm).ValueKind);

            // Analysis and bills.
            Assert.Contains(Json("compare", "--to", "gpt-4o-mini").EnumerateArray(), c => c.GetProperty("model").GetString() == "gpt-4o-mini");
            Assert.All(Json("recommend", "--min-saving", "0").EnumerateArray(), r => Assert.Equal("USD", r.GetProperty("currency").GetString()));
            var bills = Json("bill", "import", Fixture("bills", "openai-costs.json"));
            Assert.Equal("openai", Assert.Single(bills.EnumerateArray()).GetProperty("provider").GetString());
            Assert.Contains(Json("bill", "compare").EnumerateArray(), r => r.GetProperty("status").GetString() is string s && s.Length > 0);
        }
    }
}
