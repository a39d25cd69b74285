using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Text.Json;

namespace LlmCost.PowerShell.Tests
{
    /// <summary>
    /// The cmdlets and the llmcost CLI (run as a real child process) asked the same questions of one store give the same
    /// answers: both are thin over the same use cases.
    /// </summary>
    public sealed class FrontEndParityTests : IDisposable
    {
        private readonly string _dir = Path.Combine(Path.GetTempPath(), "llmcost-parity-tests", Guid.NewGuid().ToString("N"));
        private readonly ModuleHost _host = new ModuleHost();

        public FrontEndParityTests()
        {
            Directory.CreateDirectory(_dir);
            Db = Path.Combine(_dir, "parity.db");
            // Three requests, hand-computed with the catalog's list prices (cost-rules examples 1, 7 and 6):
            //   openai/gpt-4o                       86 x 2.50 + 1920 x 1.25 + 300 x 10 = 5615 -> $0.005615
            //   groq/llama-3.3-70b-versatile        1200 x 0.59 + 300 x 0.79           =  945 -> $0.000945
            //   anthropic/claude-haiku-4-5-20251001 200 x 1 + 4000 x 1.25 + 100 x 5     = 5700 -> $0.0057
            // A custom gpt-4o price from 2025-07-01 (after the requests) and a total budget of $0.01, spent $0.01226 (122.6 %).
            var (_, errors, _) = _host.Run(@"
                Add-LlmUsage -Database $db -Provider openai -Model gpt-4o -InputTokens 2006 -CacheReadTokens 1920 -OutputTokens 300 -SessionId abc -RequestId r1 -Timestamp '2025-06-01T10:00:00Z'
                Add-LlmUsage -Database $db -Provider groq -Model llama-3.3-70b-versatile -InputTokens 1200 -OutputTokens 300 -SessionId abc -RequestId r2 -Timestamp '2025-06-01T11:00:00Z'
                Add-LlmUsage -Database $db -Provider anthropic -Model claude-haiku-4-5-20251001 -InputTokens 4200 -CacheWrite5mTokens 4000 -OutputTokens 100 -SessionId xyz -RequestId r3 -Timestamp '2025-06-02T09:00:00Z'
                Set-LlmModelPrice -Database $db -Provider openai -Model gpt-4o -Input 2 -Output 8 -CacheRead 1 -EffectiveFrom '2025-07-01T00:00:00Z'
                Set-LlmBudget -Database $db -Name team -Amount 0.01 -Period Total 3>$null | Out-Null", Vars());
            Assert.Empty(errors);
        }

        private string Db { get; }

        private Dictionary<string, object?> Vars() => new Dictionary<string, object?> { ["db"] = Db };

        public void Dispose()
        {
            _host.Dispose();
            try
            {
                Directory.Delete(_dir, true);
            }
            catch (IOException)
            {
            }
        }

        private static T P<T>(PSObject o, string name) => (T)o.Properties[name].Value;

        [Fact]
        public void PriceHistory_WithACustomPrice_IsTheSameInBoth()
        {
            var (rows, errors, _) = _host.Run("Get-LlmModelPrice -Database $db -Provider openai -Model gpt-4o -History", Vars());
            Assert.Empty(errors);
            var fromCmdlet = rows.Select(r => (P<DateTime?>(r, "EffectiveFrom")?.ToString("yyyy-MM-dd"), P<decimal>(r, "Input"), P<decimal>(r, "Output"), P<string>(r, "Source"))).ToList();

            using var cli = Cli("prices", "gpt-4o", "--provider", "openai", "--history", "--json", "--db", Db);
            var fromCli = cli.RootElement.EnumerateArray().Select(e => (
                e.GetProperty("effectiveFrom").ValueKind == JsonValueKind.Null ? null : e.GetProperty("effectiveFrom").GetString(),
                e.GetProperty("input").GetDecimal(), e.GetProperty("output").GetDecimal(), e.GetProperty("source").GetString()!)).ToList();

            Assert.Equal(fromCmdlet, fromCli);
            // The custom price set above is the last row of both.
            Assert.Equal(("2025-07-01", 2m, 8m, "custom"), fromCli.Last());
        }

        [Fact]
        public void CostByModel_IsTheSameInBoth_AndTheHandTotals()
        {
            var (rows, errors, _) = _host.Run("Get-LlmCost -Database $db -GroupBy Model", Vars());
            Assert.Empty(errors);
            var fromCmdlet = rows.ToDictionary(r => P<string>(r, "Key"), r => P<decimal?>(r, "Cost"));

            using var cli = Cli("cost", "--group-by", "model", "--json", "--db", Db);
            var fromCli = cli.RootElement.GetProperty("groups").EnumerateArray()
                .ToDictionary(g => g.GetProperty("key").GetString()!, g => (decimal?)g.GetProperty("totals").GetProperty("cost").GetDecimal());

            Assert.Equal(fromCmdlet.OrderBy(k => k.Key), fromCli.OrderBy(k => k.Key));
            Assert.Equal(0.005615m, fromCli["gpt-4o"]);
            Assert.Equal(0.000945m, fromCli["llama-3.3-70b-versatile"]);
            Assert.Equal(0.0057m, fromCli["claude-haiku-4-5-20251001"]);
        }

        [Fact]
        public void BudgetStatus_IsTheSameInBoth()
        {
            var (rows, errors, _) = _host.Run("Get-LlmBudget -Database $db -Name team", Vars());
            Assert.Empty(errors);
            var s = Assert.Single(rows);

            using var cli = Cli("budget", "list", "--json", "--db", Db);
            var c = Assert.Single(cli.RootElement.EnumerateArray());

            Assert.Equal(P<decimal>(s, "Spent"), c.GetProperty("spent").GetDecimal());
            Assert.Equal(P<decimal>(s, "Percent"), c.GetProperty("percent").GetDecimal());
            Assert.Equal(P<string>(s, "Status"), c.GetProperty("status").GetString());
            Assert.Equal(0.01226m, c.GetProperty("spent").GetDecimal()); // 0.005615 + 0.000945 + 0.0057
            Assert.Equal(122.6m, c.GetProperty("percent").GetDecimal()); // 0.01226 / 0.01
            Assert.Equal("critical", c.GetProperty("status").GetString());
        }

        /// <summary>Runs the built llmcost CLI in a child process and parses its JSON output; a non-zero exit fails the test.</summary>
        private static JsonDocument Cli(params string[] args)
        {
            string config = AppContext.BaseDirectory.Contains(Path.DirectorySeparatorChar + "Release" + Path.DirectorySeparatorChar) ? "Release" : "Debug";
            string dll = Path.Combine(ModuleHost.RepoRoot, "src", "LlmCost.Cli", "bin", config, "net10.0", "llmcost.dll");
            Assert.True(File.Exists(dll), dll + " is missing: build src/LlmCost.Cli");
            var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            psi.ArgumentList.Add(dll);
            foreach (var a in args) psi.ArgumentList.Add(a);
            using var p = Process.Start(psi)!;
            string stdout = p.StandardOutput.ReadToEnd();
            string stderr = p.StandardError.ReadToEnd();
            p.WaitForExit();
            Assert.True(p.ExitCode == 0, $"llmcost {string.Join(" ", args)} exited {p.ExitCode}: {stderr}");
            return JsonDocument.Parse(stdout);
        }
    }
}
