using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using Xunit.Abstractions;

namespace LlmCost.PowerShell.Tests
{
    /// <summary>
    /// Runs the Pester suite (tests/Pester) in a real pwsh — the local dotnet tool PowerShell 7.6.9 — against the module
    /// laid out in out/LlmCost, with Pester 5.9.1 from the NuGet package. A Pester failure fails this test; Pester's
    /// own summary is shown in the test output and written to out/pester-summary.txt for .ci/run.
    /// </summary>
    public sealed class PesterSuiteTests
    {
        private readonly ITestOutputHelper _output;

        public PesterSuiteTests(ITestOutputHelper output) => _output = output;

        [Fact]
        public async System.Threading.Tasks.Task PesterSuite_PassesInRealPwsh()
        {
            string root = ModuleHost.RepoRoot;
            string nugetRoot = Environment.GetEnvironmentVariable("NUGET_PACKAGES") ??
                               Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
            string pester = Path.Combine(nugetRoot, "pester", "5.9.1", "tools", "Pester.psd1");
            Assert.True(File.Exists(pester), $"{pester} is missing: restore tests/LlmCost.PowerShell.Tests (PackageDownload Pester 5.9.1)");

            string summaryFile = Path.Combine(root, "out", "pester-summary.txt");
            string script =
                $"$ErrorActionPreference = 'Stop'; Import-Module '{pester}'; $c = New-PesterConfiguration; " +
                $"$c.Run.Path = '{Path.Combine(root, "tests", "Pester")}'; $c.Run.PassThru = $true; $c.Output.Verbosity = 'Detailed'; " +
                "$r = Invoke-Pester -Configuration $c; " +
                $"$line = 'Pester: {{0}} passed, {{1}} failed, {{2}} skipped' -f $r.PassedCount, $r.FailedCount, $r.SkippedCount; " +
                "$why = @($r.Skipped | ForEach-Object { '  skipped: ' + $_.ExpandedPath + $(if ($_.ErrorRecord) { ' (' + $_.ErrorRecord[0].Exception.Message + ')' }) }) + @($r.Failed | ForEach-Object { '  failed: ' + $_.ExpandedPath }); " +
                $"Set-Content -Path '{summaryFile}' -Value (@($line) + $why); $line; " +
                "exit $r.FailedCount";
            var psi = new ProcessStartInfo("dotnet")
            {
                WorkingDirectory = root,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var a in new[] { "tool", "run", "pwsh", "--", "-NoProfile", "-NonInteractive", "-Command", script }) psi.ArgumentList.Add(a);
            psi.Environment["NO_COLOR"] = "1";
            // Packaging.Tests.ps1 packs the CLI this run built, without building it again.
#if DEBUG
            psi.Environment["LLMCOST_TEST_CONFIGURATION"] = "Debug";
#else
            psi.Environment["LLMCOST_TEST_CONFIGURATION"] = "Release";
#endif
            using var p = Process.Start(psi)!;
            var stderrTask = p.StandardError.ReadToEndAsync();
            string stdout = await p.StandardOutput.ReadToEndAsync();
            string stderr = await stderrTask;
            await p.WaitForExitAsync();
            _output.WriteLine(stdout);
            _output.WriteLine(stderr);
            Assert.True(p.ExitCode == 0, $"Pester failed (exit {p.ExitCode}); is pwsh restored (dotnet tool restore)?\n{stdout.Split('\n').Reverse().Take(40).Reverse().Aggregate("", (a, l) => a + l + "\n")}\n{stderr}");
            Assert.Contains(" 0 failed", File.ReadLines(summaryFile).First());
        }
    }
}
