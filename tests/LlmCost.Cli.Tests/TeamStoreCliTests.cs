using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using LlmCost.Core.Tests.Budgets;
using System.Text.Json;
using LlmCost.Core.Tests.Postgres;

namespace LlmCost.Cli.Tests
{
    /// <summary>The CLI on the PostgreSQL team store: the same commands, --db a connection string or postgresql:// URI.</summary>
    [Collection(PostgresCollection.Name)]
    public sealed class TeamStoreCliTests : CliTestBase
    {
        private readonly PostgresCluster _cluster;

        public TeamStoreCliTests(PostgresCluster cluster)
        {
            _cluster = cluster;
        }

        [Fact]
        public void AddImportCostAndBudget_OnAConnectionString()
        {
            string db = _cluster.NewDatabase();
            // groq llama-3.3-70b-versatile at 0.59 / 0.79 $ per M: 1,200 x 0.59 + 300 x 0.79 = 945 -> $0.000945
            var (code, _, err) = Run("add", "--db", db, "--provider", "groq", "--model", "llama-3.3-70b-versatile", "--input", "1200", "--output", "300",
                "--session", "team", "--request-id", "req-1", "--time", "2025-06-01T10:00:00Z");
            Assert.True(code == 0, err);
            // The same request from another host: stored once.
            (code, _, err) = Run("add", "--db", db, "--provider", "groq", "--model", "llama-3.3-70b-versatile", "--input", "1200", "--output", "300",
                "--session", "team", "--request-id", "req-1", "--time", "2025-06-01T10:00:00Z");
            Assert.True(code == 0, err);

            // An import of the response corpus' Anthropic compaction body: Opus 4.6 at 5 / 25 $ per M,
            // 55,416 x 5 + 133 x 25 = 280,405 -> $0.280405 (docs/cost-rules.md).
            string file = Path.Combine(LlmCost.Core.Tests.Ingestion.ResponseCorpus.Folder, "anthropic", "06-compaction.json");
            (code, _, err) = Run("import", file, "--db", db, "--session", "team");
            Assert.True(code == 0, err);

            var (c2, json, err2) = Run("cost", "--db", db, "--session", "team", "--json");
            Assert.True(c2 == 0, err2);
            using var doc = JsonDocument.Parse(json);
            var total = doc.RootElement.GetProperty("total");
            Assert.True(total.GetProperty("cost").GetDecimal() == 0.28135m, json); // 0.000945 + 0.280405
            Assert.Equal(2, total.GetProperty("requests").GetInt64());

            (code, _, err) = Run("budget", "set", "team-monthly", "--db", db, "--amount", "0.10", "--period", "monthly");
            Assert.True(code == 0, err);
        }

        [Fact]
        public void AUri_WithThePasswordInPgPassword_Works_AndNothingPrintsThePassword()
        {
            string cs = _cluster.NewDatabase();
            string database = cs.Substring(cs.IndexOf("Database=", StringComparison.Ordinal) + 9).Split(';')[0];
            string uri = $"postgresql://{PostgresCluster.User}@127.0.0.1:{_cluster.Port}/{database}";
            string? old = Environment.GetEnvironmentVariable("PGPASSWORD");
            Environment.SetEnvironmentVariable("PGPASSWORD", PostgresCluster.Password);
            try
            {
                var (code, output, err) = Run("store", "--db", uri);
                Assert.True(code == 0, err);
                Assert.Contains("postgresql://" + PostgresCluster.User + "@127.0.0.1:", output);
                Assert.DoesNotContain(PostgresCluster.Password, output + err);
            }
            finally
            {
                Environment.SetEnvironmentVariable("PGPASSWORD", old);
            }

            // A wrong password: one line naming the store and what to do, no password, no stack trace.
            var (bad, o2, e2) = Run("cost", "--db", uri.Replace(PostgresCluster.User + "@", PostgresCluster.User + ":wrong@"));
            Assert.NotEqual(0, bad);
            Assert.Contains("refused the login", e2);
            Assert.DoesNotContain("wrong", o2 + e2);
            Assert.DoesNotContain("   at ", e2);
        }

        [Fact]
        public void StoreCopy_FromAFile_AddsOnce()
        {
            string team = _cluster.NewDatabase();
            // gpt-4o at 2.5 / 10 $ per M: 2,000 x 2.5 + 0 = 5,000 -> $0.005
            var (code, _, err) = Run("add", "--db", Db, "--provider", "openai", "--model", "gpt-4o", "--input", "2000", "--output", "0", "--request-id", "x1", "--session", "copy");
            Assert.True(code == 0, err);
            var (c1, o1, e1) = Run("store", "copy", "--from", Db, "--to", team, "--json");
            Assert.True(c1 == 0, e1);
            Assert.Contains("\"added\": 1", o1);
            var (c2, o2, e2) = Run("store", "copy", "--from", Db, "--to", team);
            Assert.True(c2 == 0, e2);
            Assert.Contains("0 added, 1 already there", o2);
            Assert.DoesNotContain(PostgresCluster.Password, o2 + e2);
            var (c3, json, e3) = Run("cost", "--db", team, "--session", "copy", "--json");
            Assert.True(c3 == 0, e3);
            using var doc = JsonDocument.Parse(json);
            Assert.Equal(0.005m, doc.RootElement.GetProperty("total").GetProperty("cost").GetDecimal());
        }

        [Fact]
        public void LlmcostDb_MayHoldTheConnectionString()
        {
            string team = _cluster.NewDatabase();
            string? old = Environment.GetEnvironmentVariable("LLMCOST_DB");
            Environment.SetEnvironmentVariable("LLMCOST_DB", team);
            try
            {
                // gpt-4o at 2.5 / 10 $ per M: 1,000 x 2.5 + 1,000 x 10 = 12,500 -> $0.0125
                var (code, _, err) = Run("add", "--provider", "openai", "--model", "gpt-4o", "--input", "1000", "--output", "1000", "--request-id", "env1");
                Assert.True(code == 0, err);
                var (c2, json, e2) = Run("cost", "--json");
                Assert.True(c2 == 0, e2);
                using var doc = JsonDocument.Parse(json);
                Assert.Equal(0.0125m, doc.RootElement.GetProperty("total").GetProperty("cost").GetDecimal());
            }
            finally
            {
                Environment.SetEnvironmentVariable("LLMCOST_DB", old);
            }
        }

        /// <summary>Hosts at once, as separate processes: three imports of the same folder, then two budget checks.</summary>
        [Fact]
        public void ConcurrentImportsAndChecks_FromSeparateProcesses_CountOnceAndAlertOnce()
        {
            string team = _cluster.NewDatabase();
            using var server = new WebhookServer { Delay = TimeSpan.FromMilliseconds(300) };
            var (code, _, err) = Run("budget", "set", "team", "--amount", "0.01", "--period", "total", "--thresholds", "50", "--notify", "webhook:" + server.Url, "--db", team);
            Assert.True(code == 0, err);
            string corpus = LlmCost.Core.Tests.Ingestion.ResponseCorpus.Folder;
            var imports = Enumerable.Range(0, 3).Select(_ => Start("import", corpus, "--recurse", "--db", team)).ToList();
            foreach (var p in imports) Finish(p);
            // The corpus holds 73 records (expected.tsv), stored once however many hosts imported it.
            var (c1, json, e1) = Run("usage", "--db", team, "--json");
            Assert.True(c1 == 0, e1);
            using (var doc = JsonDocument.Parse(json)) Assert.Equal(LlmCost.Core.Tests.Ingestion.ResponseCorpus.Expected().Count, doc.RootElement.GetArrayLength());

            var checks = Enumerable.Range(0, 2).Select(_ => Start("budget", "check", "--db", team)).ToList();
            int newAlerts = checks.Sum(p => Finish(p).Split('\n').Count(l => l.StartsWith("new alert:", StringComparison.Ordinal)));
            Assert.Equal(1, newAlerts);
            Assert.Single(server.Bodies);
        }

        private static Process Start(params string[] args)
        {
            var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "llmcost.dll"));
            foreach (var a in args) psi.ArgumentList.Add(a);
            return Process.Start(psi)!;
        }

        private static string Finish(Process p)
        {
            var err = p.StandardError.ReadToEndAsync();
            string output = p.StandardOutput.ReadToEnd();
            Assert.True(p.WaitForExit(120_000));
            Assert.True(p.ExitCode == 0, output + err.Result);
            p.Dispose();
            return output;
        }
    }
}
