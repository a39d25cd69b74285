using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using LlmCost.Core.Tests.Budgets;

namespace LlmCost.Cli.Tests
{
    public sealed class BudgetCliTests : CliTestBase
    {
        private void AddExample1(string id)
        {
            // cost-rules example 1: $0.005615
            Assert.Equal(0, Run("add", "--db", Db, "--provider", "openai", "--model", "gpt-4o", "--input", "2006", "--cache-read", "1920",
                "--output", "300", "--request-id", id).Code);
        }

        [Fact]
        public void FailOnBreach_ExitsWith3OnlyWhenABudgetIsSpent()
        {
            Assert.Equal(0, Run("budget", "set", "tiny", "--amount", "0.01", "--period", "total", "--db", Db).Code);
            AddExample1("a"); // $0.005615 of $0.01 = 56 %
            var ok = Run("budget", "check", "--fail-on-breach", "--db", Db);
            Assert.Equal(0, ok.Code);
            Assert.Contains("new alert: tiny reached 50%", ok.Out);

            var add = Run("add", "--db", Db, "--provider", "openai", "--model", "gpt-4o", "--input", "2006", "--cache-read", "1920", "--output", "300", "--request-id", "b");
            Assert.Contains("crossed 80%", add.Err); // $0.01123: crosses 80 and 100
            Assert.Contains("crossed 100%", add.Err);

            var breach = Run("budget", "check", "--fail-on-breach", "--db", Db);
            Assert.Equal(3, breach.Code);
            Assert.Contains("tiny", breach.Err);
            Assert.Equal(0, Run("budget", "check", "--db", Db).Code);
        }

        [Fact]
        public void ListShowsSpentPercentAndGauge()
        {
            Run("budget", "set", "team", "--amount", "0.01", "--period", "monthly", "--db", Db);
            AddExample1("a");
            var list = Run("budget", "list", "--db", Db, "--json");
            Assert.Equal(0, list.Code);
            using var doc = System.Text.Json.JsonDocument.Parse(list.Out);
            var s = doc.RootElement[0];
            Assert.Equal(0.005615m, s.GetProperty("spent").GetDecimal());
            Assert.Equal(56.15m, s.GetProperty("percent").GetDecimal()); // 0.005615 / 0.01 = 56.15 %
            Assert.Equal("info", s.GetProperty("status").GetString());
            Assert.Contains("[#####.....]", Run("budget", "list", "--db", Db).Out);
        }

        [Fact]
        public void BadBudgetInput_FailsWithAClearMessage()
        {
            var r = Run("budget", "set", "x", "--amount", "10", "--period", "fortnightly", "--db", Db);
            Assert.Equal(2, r.Code);
            Assert.Contains("--period", r.Err);
            var r2 = Run("budget", "set", "x", "--amount", "10", "--notify", "pager:42", "--db", Db);
            Assert.Equal(1, r2.Code);
            Assert.Contains("InvalidNotificationTarget", r2.Err);
            var r3 = Run("budget", "remove", "nope", "--db", Db);
            Assert.Equal(1, r3.Code);
            Assert.Contains("BudgetNotFound", r3.Err);
        }

        [Fact]
        public void TwoCheckProcessesAtOnce_RecordOneAlertAndDeliverOnce()
        {
            using var server = new WebhookServer { Delay = TimeSpan.FromMilliseconds(300) };
            Run("budget", "set", "shared", "--amount", "0.01", "--period", "total", "--thresholds", "50", "--notify", "webhook:" + server.Url, "--db", Db);
            AddExample1("a");
            string cli = Path.Combine(AppContext.BaseDirectory, "llmcost.dll");
            var procs = Enumerable.Range(0, 2).Select(_ => Process.Start(new ProcessStartInfo("dotnet", $"\"{cli}\" budget check --db \"{Db}\"")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            })!).ToList();
            var outputs = procs.Select(p => p.StandardOutput.ReadToEndAsync()).ToList();
            foreach (var p in procs)
            {
                Assert.True(p.WaitForExit(60_000));
                Assert.Equal(0, p.ExitCode);
            }

            int newAlerts = outputs.Sum(o => o.Result.Split('\n').Count(l => l.StartsWith("new alert:", StringComparison.Ordinal)));
            Assert.Equal(1, newAlerts);
            Assert.Single(server.Bodies);
            var alerts = Run("budget", "alerts", "--db", Db, "--json");
            using var doc = System.Text.Json.JsonDocument.Parse(alerts.Out);
            Assert.Equal(1, doc.RootElement.GetArrayLength());
            Assert.Equal("delivered", doc.RootElement[0].GetProperty("deliveries")[0].GetProperty("status").GetString());
        }
    }
}
