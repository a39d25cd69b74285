using System;
using System.Diagnostics;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Threading.Tasks;

namespace LlmCost.Cli.Tests
{
    /// <summary>
    /// llmcost serve as a real process: it answers on 127.0.0.1, and a stop signal ends it cleanly with exit 0. The test
    /// sends SIGTERM (a service manager's stop), which takes the same path as Ctrl+C's SIGINT: a process started in the
    /// background of a non-interactive shell inherits SIGINT ignored (seen here), so SIGINT is not a reliable test signal.
    /// </summary>
    public sealed class ServeCliTests : CliTestBase
    {
        [Fact]
        public async Task Serve_AnswersMetrics_AndStopsCleanlyOnAStopSignal()
        {
            if (OperatingSystem.IsWindows()) return; // the signal is sent with kill(1)
            // cost-rules example 1: $0.005615.
            Run("add", "--db", Db, "--provider", "openai", "--model", "gpt-4o", "--input", "2006", "--cache-read", "1920", "--output", "300", "--time", "2025-06-01T10:00:00Z");
            int port = FreePort();
            var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var a in new[] { CliDll(), "serve", "--db", Db, "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture) }) psi.ArgumentList.Add(a);
            using var p = Process.Start(psi)!;
            var err = p.StandardError.ReadToEndAsync();
            try
            {
                string? first = await p.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30));
                if (first == null) Assert.Fail("serve printed nothing: " + await err);
                Assert.Contains($"http://127.0.0.1:{port}/", first, StringComparison.Ordinal);

                using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
                string metrics = await http.GetStringAsync($"http://127.0.0.1:{port}/metrics");
                Assert.Contains("llmcost_cost_usd_total{provider=\"openai\",model=\"gpt-4o\"} 0.005615", metrics, StringComparison.Ordinal);

                using (var kill = Process.Start("kill", new[] { "-TERM", p.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) })) await kill.WaitForExitAsync();
                Assert.True(p.WaitForExit(15_000), "serve did not stop on SIGTERM");
                Assert.Equal(0, p.ExitCode);
                Assert.Contains("stopped", await p.StandardOutput.ReadToEndAsync(), StringComparison.Ordinal);
                await Assert.ThrowsAsync<HttpRequestException>(() => http.GetStringAsync($"http://127.0.0.1:{port}/metrics"));
            }
            finally
            {
                if (!p.HasExited) p.Kill();
            }
        }

        [Fact]
        public void Serve_RefusesANetworkAddressWithoutAllowRemote()
        {
            Run("add", "--db", Db, "--provider", "openai", "--model", "gpt-4o", "--input", "10", "--output", "1");
            var r = Run("serve", "--db", Db, "--bind", "0.0.0.0", "--port", "8787");
            Assert.Equal(1, r.Code);
            Assert.Contains("RemoteBindRefused", r.Err);
            Assert.Contains("--allow-remote", r.Err);
        }

        private static int FreePort()
        {
            var l = new TcpListener(IPAddress.Loopback, 0);
            l.Start();
            int port = ((IPEndPoint)l.LocalEndpoint).Port;
            l.Stop();
            return port;
        }

    }
}
