using System;
using System.IO;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Threading;
using LlmCost.Core.Tests.Budgets;

namespace LlmCost.Cli.Tests
{
    /// <summary>llmcost bill: the fixture bill (Fixtures/bills/README.md) imported, fetched and compared from the CLI.</summary>
    public sealed class BillCliTests : CliTestBase
    {
        private static string Bill(string name) => Path.GetFullPath(Path.Combine(LlmCost.Core.Tests.Ingestion.ResponseCorpus.Folder, "..", "bills", name));

        private void Track(string id, string model, string time)
        {
            var (code, _, err) = Run("add", "--db", Db, "--provider", "openai", "--model", model, "--input", "100000", "--output", "10000", "--request-id", id, "--time", time);
            Assert.True(code == 0, err);
        }

        [Fact]
        public void ImportThenCompare_ShowsTheMissingDayAndTheUntrackedSpend()
        {
            // Tracked: gpt-4o 100,000 in / 10,000 out (2.5 / 10 $ per M) = 0.35 each: two on 09-01 (0.70, billed 0.70), one
            // on 09-02 (0.35, billed 0.35); gpt-4o-mini on 09-03 (0.015 + 0.006 = 0.021), a day the bill lacks.
            Track("o1", "gpt-4o", "2025-09-01T10:00:00Z");
            Track("o2", "gpt-4o-2024-08-06", "2025-09-01T11:00:00Z");
            Track("o3", "gpt-4o", "2025-09-02T10:00:00Z");
            Track("o4", "gpt-4o-mini", "2025-09-03T10:00:00Z");
            var (c1, imported, e1) = Run("bill", "import", Bill("openai-costs.json"), Bill("openai-usage.json"), "--db", Db);
            Assert.True(c1 == 0, e1);
            // 0.5 + 0.2 + 0.25 + 0.1 + 0.05 + 0.3 = 1.40
            Assert.Contains("openai cost 2025-09-01 to 2025-09-04: 6 line(s) stored, 0 replaced, $1.400000 (openai-costs.json)", imported);
            var (again, reimported, _) = Run("bill", "import", Bill("openai-costs.json"), "--db", Db);
            Assert.Equal(0, again);
            Assert.Contains("6 line(s) stored, 6 replaced", reimported);

            var (c2, table, e2) = Run("bill", "compare", "--db", Db);
            Assert.True(c2 == 0, e2);
            Assert.Matches(@"2025-09-03  gpt-4o-mini +0\.0210 +- +NotBilled", table);
            Assert.Matches(@"2025-09-02  web search tool calls +0\.0000 +0\.0500 +\+0\.0500  NotTracked", table);
            Assert.Contains("NotBilled", table);
            // Tracked 0.70 + 0.35 + 0.021 = 1.071; billed 1.40; four of five rows differ (09-01 and 09-02 gpt-4o match).
            Assert.Contains("USD; tracked $1.071000, billed $1.400000, 3 of 5 row(s) differ", table);
            Assert.All(table.Split('\n'), line => Assert.True(line.TrimEnd().Length <= 80, line));

            var (c3, json, _) = Run("bill", "compare", "--db", Db, "--status", "NotTracked", "--json", "--fail-on-difference");
            Assert.Equal(3, c3);
            using var doc = JsonDocument.Parse(json);
            Assert.Equal(new[] { "web search tool calls", "gpt-4o-mini" }, System.Linq.Enumerable.Select(doc.RootElement.EnumerateArray(), r => r.GetProperty("model").GetString()));
            Assert.Equal(0.3m, doc.RootElement[1].GetProperty("billedCost").GetDecimal());
        }

        [Fact]
        public void ABadFile_StoresNothing_AndNamesTheFileAndField()
        {
            Track("o1", "gpt-4o", "2025-09-01T10:00:00Z");
            string bad = Path.Combine(Path.GetDirectoryName(Db)!, "bad.json");
            File.WriteAllText(bad, "{\"data\":[{\"starting_at\":\"2025-09-01T00:00:00Z\",\"ending_at\":\"2025-09-02T00:00:00Z\",\"results\":[{\"amount\":\"x\",\"currency\":\"USD\"}]}]}");
            var (code, _, err) = Run("bill", "import", Bill("anthropic-costs.json"), bad, "--db", Db);
            Assert.Equal(1, code);
            Assert.Contains($"{bad}: data[0].results[0].amount: is not a decimal string of cents", err);
            Assert.Contains("[InvalidProviderReport]", err);
            // The good file before it was not stored either: nothing to compare.
            var (c2, _, e2) = Run("bill", "compare", "--db", Db);
            Assert.Equal(1, c2);
            Assert.Contains("[NoProviderCost]", e2);
        }

        [Fact]
        public void Fetch_ReadsTheAdminApi_WithTheKeyFromTheEnvironment()
        {
            string? auth = null;
            using var server = new ScriptedServer(req =>
            {
                auth = req.Headers["x-api-key"];
                return req.Url!.AbsolutePath == "/v1/organizations/cost_report"
                    ? (200, File.ReadAllText(Bill("anthropic-costs.json")), null)
                    : (200, "{\"data\":[],\"has_more\":false,\"next_page\":null}", null);
            });
            int port = server.Port;
            string? before = Environment.GetEnvironmentVariable("ANTHROPIC_ADMIN_API_KEY");
            try
            {
                Environment.SetEnvironmentVariable("ANTHROPIC_ADMIN_API_KEY", "sk-ant-admin-cli");
                var (code, output, err) = Run("bill", "fetch", "--provider", "anthropic", "--since", "2025-09-01", "--until", "2025-09-03", "--base-url", $"http://127.0.0.1:{port}", "--db", Db);
                // The cost report as in the fixture (3.0 + 3.5 cents on 09-01, an empty 09-02); a usage report without days.
                Assert.True(code == 0, err);
                Assert.Contains("anthropic cost 2025-09-01 to 2025-09-02: 3 line(s) stored, 0 replaced, $0.065000", output);
                Assert.Contains("anthropic usage: the report has no day; nothing stored", output);
                Assert.Equal("sk-ant-admin-cli", auth);
                Assert.DoesNotContain("sk-ant-admin-cli", output + err);
                Environment.SetEnvironmentVariable("ANTHROPIC_ADMIN_API_KEY", null);
                var (c2, _, e2) = Run("bill", "fetch", "--provider", "anthropic", "--since", "2025-09-01", "--db", Db);
                Assert.Equal(1, c2);
                Assert.Contains("$ANTHROPIC_ADMIN_API_KEY", e2);
            }
            finally
            {
                Environment.SetEnvironmentVariable("ANTHROPIC_ADMIN_API_KEY", before);
            }
        }
    }
}
