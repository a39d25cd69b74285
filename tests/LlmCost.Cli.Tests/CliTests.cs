using System;
using System.IO;
using System.Text.Json;

namespace LlmCost.Cli.Tests
{
    public sealed class CliTests : CliTestBase
    {
        [Fact]
        public void AddThenCost_JsonTotalsAreTheHandComputedCost()
        {
            // cost-rules example 1: 86 x 2.50 + 1920 x 1.25 + 300 x 10 = 5615 -> $0.005615
            var add = Run("add", "--db", Db, "--provider", "openai", "--model", "gpt-4o", "--input", "2006", "--cache-read", "1920",
                "--output", "300", "--session", "abc", "--request-id", "chatcmpl-1", "--time", "2025-06-01T10:00:00Z", "--json");
            Assert.Equal(0, add.Code);
            using (var doc = JsonDocument.Parse(add.Out))
            {
                Assert.Equal("added", doc.RootElement.GetProperty("status").GetString());
                Assert.Equal(0.005615m, doc.RootElement.GetProperty("cost").GetDecimal());
            }

            var again = Run("add", "--db", Db, "--provider", "openai", "--model", "gpt-4o", "--input", "2006", "--cache-read", "1920",
                "--output", "300", "--session", "abc", "--request-id", "chatcmpl-1", "--time", "2025-06-01T10:00:00Z");
            Assert.Equal(0, again.Code);
            Assert.Contains("duplicate", again.Out);

            var cost = Run("cost", "--db", Db, "--session", "abc", "--json");
            Assert.Equal(0, cost.Code);
            using var totals = JsonDocument.Parse(cost.Out);
            Assert.Equal(0.005615m, totals.RootElement.GetProperty("total").GetProperty("cost").GetDecimal());
            Assert.Equal(1, totals.RootElement.GetProperty("total").GetProperty("requests").GetInt64());
        }

        [Fact]
        public void StoreInit_CreatesAnEmptyStoreAtTheCurrentSchema_AndIsANoOpTheSecondTime()
        {
            Assert.Equal(1, Run("store", "--db", Db).Code); // reading a missing store: StoreNotFound
            var first = Run("store", "init", "--db", Db, "--json");
            Assert.Equal(0, first.Code);
            using (var doc = JsonDocument.Parse(first.Out))
            {
                Assert.Equal(LlmCost.Core.Storage.Sqlite.Migrator.LatestVersion, doc.RootElement.GetProperty("schemaVersion").GetInt32());
                Assert.Equal(0, doc.RootElement.GetProperty("requests").GetInt64());
            }

            long size = new FileInfo(Db).Length;
            var second = Run("store", "init", "--db", Db);
            Assert.Equal(0, second.Code);
            Assert.Contains("schema version  " + LlmCost.Core.Storage.Sqlite.Migrator.LatestVersion, second.Out);
            Assert.Equal(size, new FileInfo(Db).Length);
        }

        [Fact]
        public void Demo_HandCheckSessionEqualsTheHandSum()
        {
            var demo = Run("demo", "--db", Db);
            Assert.Equal(0, demo.Code);
            Assert.Contains("Cost by day", demo.Out);
            Assert.Contains("Cost by model", demo.Out);
            Assert.Contains("Cost by session", demo.Out);
            Assert.Contains("are unpriced", demo.Out);

            // 0.005615 (gpt-4o, example 1) + 0.0057 (claude-haiku-4-5, example 6) + 0.000945 (llama-3.3-70b, example 7) = 0.01226
            var check = Run("cost", "--db", Db, "--session", "hand-check", "--json");
            using var doc = JsonDocument.Parse(check.Out);
            Assert.Equal(0.01226m, doc.RootElement.GetProperty("total").GetProperty("cost").GetDecimal());
            Assert.Equal(0, doc.RootElement.GetProperty("total").GetProperty("unpricedRequests").GetInt64());

            // A second run into the same store adds nothing.
            var second = Run("demo", "--db", Db);
            Assert.Contains("LlmCost demo: 0 requests recorded", second.Out);

            // The dashboard of the month, beside the store, with the two demo budgets' gauges.
            string report = Path.ChangeExtension(Db, ".html");
            Assert.Contains("Dashboard: " + report, second.Out);
            string html = File.ReadAllText(report);
            Assert.Contains("2025-06-01 to 2025-06-30 (UTC)", html);
            Assert.Contains("data-budget=\"june-total\"", html);
            Assert.Contains("data-budget=\"gemini-pro\"", html);
        }

        [Fact]
        public void Report_WritesTheDashboard_AndRefusesToClobberWhenAsked()
        {
            Run("add", "--db", Db, "--provider", "openai", "--model", "gpt-4o", "--input", "2006", "--cache-read", "1920",
                "--output", "300", "--session", "abc", "--time", "2025-06-01T10:00:00Z");
            string html = Path.Combine(Path.GetDirectoryName(Db)!, "dash.html");
            var r = Run("report", "--db", Db, "--html", html, "--since", "2025-06-01", "--until", "2025-06-08", "--tz", "Europe/Berlin");
            Assert.Equal(0, r.Code);
            Assert.Equal(html, r.Out.Trim());
            // cost-rules example 1 on its day: $0.005615.
            Assert.Contains("2025-06-01 openai: $0.005615", File.ReadAllText(html));
            Assert.Contains("(Europe/Berlin)", File.ReadAllText(html));

            var again = Run("report", "--db", Db, "--html", html, "--no-clobber");
            Assert.Equal(1, again.Code);
            Assert.Contains("FileExists", again.Err);
            var usage = Run("report", "--db", Db);
            Assert.Equal(2, usage.Code);
            Assert.Contains("--html", usage.Err);
        }

        [Fact]
        public void Prices_O3HistoryAtTwoDates()
        {
            var before = Run("prices", "o3", "--at", "2025-06-01", "--db", Db, "--json");
            var after = Run("prices", "o3", "--at", "2025-06-11", "--db", Db, "--json");
            Assert.Equal(0, before.Code);
            using var b = JsonDocument.Parse(before.Out);
            using var a = JsonDocument.Parse(after.Out);
            Assert.Equal(10m, b.RootElement[0].GetProperty("input").GetDecimal());
            Assert.Equal(40m, b.RootElement[0].GetProperty("output").GetDecimal());
            Assert.Equal(2m, a.RootElement[0].GetProperty("input").GetDecimal());
            Assert.Equal(8m, a.RootElement[0].GetProperty("output").GetDecimal());
        }

        [Fact]
        public void InconsistentCounts_FailWithExitCode1NamingTheFields()
        {
            var r = Run("add", "--db", Db, "--model", "gpt-4o", "--input", "10", "--cache-read", "20", "--output", "1");
            Assert.Equal(1, r.Code);
            Assert.Contains("CacheReadTokens", r.Err);
            Assert.Contains("InvalidTokenCounts", r.Err);
            Assert.Equal("", r.Out);
        }

        [Theory]
        [InlineData("cost", "--group-by", "fortnight")]
        [InlineData("cost", "--since", "yesterday-ish")]
        [InlineData("add", "--model", "gpt-4o", "--input", "ten")]
        [InlineData("cost", "--no-such-option", "1")]
        [InlineData("frobnicate")]
        public void UsageErrors_ExitWith2AndAMessageOnStderr(params string[] args)
        {
            var withDb = new string[args.Length + 2];
            args.CopyTo(withDb, 0);
            withDb[args.Length] = "--db";
            withDb[args.Length + 1] = Db;
            var r = Run(withDb);
            Assert.Equal(2, r.Code);
            Assert.StartsWith("llmcost", r.Err);
        }

        [Fact]
        public void UnknownModel_IsReportedAsUnpriced()
        {
            var r = Run("add", "--db", Db, "--model", "acme-llm-7b", "--input", "10", "--output", "1", "--json");
            Assert.Equal(0, r.Code);
            using var doc = JsonDocument.Parse(r.Out);
            Assert.Equal("unpriced", doc.RootElement.GetProperty("pricingStatus").GetString());
            Assert.Equal(JsonValueKind.Null, doc.RootElement.GetProperty("cost").ValueKind);
        }
    }
}
