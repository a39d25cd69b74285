using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using LlmCost.Core.Reports;
using Xunit.Abstractions;

namespace LlmCost.Core.Tests.Reports
{
    /// <summary>
    /// The dashboard in a real browser: Debian's Chromium, headless (.ci/install installs it; LLMCOST_CHROMIUM names
    /// another binary). The page is loaded from its file with the network closed to it, scripts run, and the DOM the
    /// browser built is read back: every chart drew its marks, the hostile session names are text and ran nothing. A
    /// full-page screenshot is saved to out/test-artifacts/dashboard.png.
    /// </summary>
    public sealed class DashboardBrowserTests : IDisposable
    {
        private readonly DashboardFixture _f = new DashboardFixture();
        private readonly ITestOutputHelper _output;

        public DashboardBrowserTests(ITestOutputHelper output) => _output = output;

        public void Dispose() => _f.Dispose();

        [Fact]
        public void TheReport_DrawsEveryChart_AndShowsHostileNamesAsText_InChromium()
        {
            string page = _f.Path("report.html");
            using (var w = new StreamWriter(page)) HtmlDashboardWriter.Write(w, _f.Build());

            string dom = Chromium(page, "--dump-dom", "--virtual-time-budget=3000");

            // No injected script ran: the img's onerror would have renamed the page.
            var title = Regex.Match(dom, "<title>(.*?)</title>", RegexOptions.Singleline);
            Assert.True(title.Success, "the browser returned no document:\n" + dom.Substring(0, Math.Min(dom.Length, 2000)));
            Assert.StartsWith("LLM costs", title.Groups[1].Value, StringComparison.Ordinal);
            Assert.DoesNotContain("<img", dom, StringComparison.OrdinalIgnoreCase);
            Assert.Single(Regex.Matches(dom, "<script", RegexOptions.IgnoreCase));
            // The names are there, as text.
            Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", dom, StringComparison.Ordinal);
            Assert.Contains("&lt;img src=x onerror=", dom, StringComparison.Ordinal);

            // The marks the browser built (counts worked out in DashboardTests.EveryChart_DrawsOneMarkPerValue).
            Assert.Equal(3, DashboardTests.Marks(dom, "daily"));
            Assert.Equal(3, DashboardTests.Marks(dom, "models"));
            Assert.Equal(2, DashboardTests.Marks(dom, "providers"));
            Assert.Equal(7, DashboardTests.Marks(dom, "tokens"));
            Assert.Equal(1, DashboardTests.Marks(dom, "budgets"));
            // Each mark carries its value for hover.
            var daily = Regex.Match(dom, "<svg data-chart=\"daily\".*?</svg>", RegexOptions.Singleline).Value;
            Assert.Contains("<title>2026-03-04 openai: $0.006750</title>", daily, StringComparison.Ordinal);

            string shot = Path.Combine(RepoRoot(), "out", "test-artifacts", "dashboard.png");
            Directory.CreateDirectory(Path.GetDirectoryName(shot)!);
            File.Delete(shot);
            Chromium(page, "--screenshot=" + shot, "--window-size=800,2400", "--hide-scrollbars");
            var png = File.ReadAllBytes(shot);
            Assert.True(png.Length > 10_000, $"{shot} is only {png.Length} bytes");
            Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, png.Take(4));
            _output.WriteLine("screenshot: " + shot);
        }

        private string Chromium(string page, params string[] extra)
        {
            string binary = Environment.GetEnvironmentVariable("LLMCOST_CHROMIUM") ??
                            new[] { "/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome" }.FirstOrDefault(File.Exists) ??
                            throw new InvalidOperationException("Chromium is not installed: ./test.sh installs Debian's chromium (.ci/install), or set LLMCOST_CHROMIUM.");
            var psi = new ProcessStartInfo(binary) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            // The flags Chromium needs headless as root on a machine without a network (docs/reports.md).
            foreach (var a in new[]
                     {
                         "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                         "--disable-component-update", "--disable-sync", "--user-data-dir=" + _f.Path("chromium-profile"),
                     }.Concat(extra))
            {
                psi.ArgumentList.Add(a);
            }

            psi.ArgumentList.Add(new Uri(page).AbsoluteUri);
            using var p = Process.Start(psi)!;
            var err = p.StandardError.ReadToEndAsync();
            string dom = p.StandardOutput.ReadToEnd();
            Assert.True(p.WaitForExit(60_000), "chromium did not finish in 60 s");
            Assert.True(p.ExitCode == 0, $"chromium exited with {p.ExitCode}: {err.Result}");
            return dom;
        }

        private static string RepoRoot()
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir != null && !File.Exists(Path.Combine(dir.FullName, "LlmCost.sln"))) dir = dir.Parent;
            return dir?.FullName ?? throw new InvalidOperationException("LlmCost.sln not found");
        }
    }
}
