using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;

namespace LlmCost.Cli.Tests
{
    /// <summary>
    /// Faults as they happen to unattended jobs, with real processes: an import killed (SIGKILL) at points in its run
    /// and rerun ends with totals exactly those of a clean import; importers, a recorder and budget checks running at
    /// once lose nothing and alert once.
    /// </summary>
    [Trait("Category", "Fault")]
    public sealed class FaultTests : CliTestBase
    {

        private static Process Start(params string[] args)
        {
            var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            psi.ArgumentList.Add(CliDll());
            foreach (var a in args) psi.ArgumentList.Add(a);
            return Process.Start(psi)!;
        }

        private static (int Code, string Out, string Err) RunChild(params string[] args)
        {
            using var p = Start(args);
            var err = p.StandardError.ReadToEndAsync();
            string output = p.StandardOutput.ReadToEnd();
            p.WaitForExit();
            return (p.ExitCode, output, err.Result);
        }

        /// <summary>Claude Code logs: files of streamed messages, two snapshots each (output 50 then 100); claude-haiku-4-5 at $1/$5 per million.</summary>
        private static string WriteLogs(string dir, int files, int messages)
        {
            Directory.CreateDirectory(dir);
            for (int f = 0; f < files; f++)
            {
                using var w = new StreamWriter(Path.Combine(dir, $"session-{f}.jsonl"));
                for (int m = 0; m < messages; m++)
                {
                    foreach (int output in new[] { 50, 100 })
                    {
                        w.WriteLine("{\"sessionId\":\"session-" + f + "\",\"type\":\"assistant\",\"requestId\":\"req_" + f + "_" + m + "\",\"timestamp\":\"2025-08-01T09:00:00.000Z\"," +
                                    "\"message\":{\"id\":\"msg_" + f + "_" + m + "\",\"type\":\"message\",\"model\":\"claude-haiku-4-5-20251001\",\"usage\":{\"input_tokens\":200," +
                                    "\"cache_creation_input_tokens\":0,\"cache_read_input_tokens\":0,\"output_tokens\":" + output + "}}}");
                    }
                }
            }

            return dir;
        }

        private static (long Requests, decimal Cost) Totals(string db)
        {
            var r = RunChild("cost", "--db", db, "--json");
            Assert.True(r.Code == 0, r.Err);
            using var doc = JsonDocument.Parse(r.Out);
            var t = doc.RootElement.GetProperty("total");
            return (t.GetProperty("requests").GetInt64(), t.GetProperty("cost").GetDecimal());
        }

        [Fact]
        public void AnImportKilledAtAnyPoint_ThenRerun_GivesExactlyTheCleanTotals()
        {
            string root = Path.GetDirectoryName(Db)!;
            string logs = WriteLogs(Path.Combine(root, "logs"), files: 40, messages: 1500);
            // Each message's last snapshot: 200 x $1 + 100 x $5 per million = $0.0007; 40 x 1500 = 60,000 messages = $42.
            const long Messages = 60_000;
            const decimal Cost = 42m;

            var rng = new Random(13);
            for (int round = 0; round < 5; round++)
            {
                string db = Path.Combine(root, $"killed{round}.db");
                using (var p = Start("import", logs, "--recurse", "--db", db))
                {
                    Thread.Sleep(250 + rng.Next(1200)); // start-up, opening, or somewhere in the 120,000 lines
                    if (!p.HasExited) p.Kill(entireProcessTree: true); // SIGKILL: no finally, no flush
                    p.WaitForExit();
                }

                var rerun = RunChild("import", logs, "--recurse", "--db", db);
                Assert.True(rerun.Code == 0, $"round {round}: {rerun.Err}");
                Assert.Equal((Messages, Cost), Totals(db));
                var check = RunChild("store", "check", "--db", db);
                Assert.True(check.Code == 0, $"round {round}: {check.Out} {check.Err}");
            }
        }

        [Fact]
        public async Task ImportersARecorderAndBudgetChecksAtOnce_LoseNothing_AndAlertOnce()
        {
            string root = Path.GetDirectoryName(Db)!;
            string db = Path.Combine(root, "busy.db");
            // Three importers: two share the first folder (the same requests: counted once), one has its own.
            string a = WriteLogs(Path.Combine(root, "a"), files: 10, messages: 500); // 5,000 messages, $3.50
            string b = WriteLogs(Path.Combine(root, "b"), files: 10, messages: 500);
            foreach (var f in Directory.GetFiles(b)) File.WriteAllText(f, File.ReadAllText(f).Replace("session-", "other-").Replace("req_", "breq_").Replace("msg_", "bmsg_"));
            Assert.Equal(0, RunChild("budget", "set", "all", "--amount", "5", "--period", "total", "--db", db).Code);

            var jobs = new List<Task<(int Code, string Out, string Err)>>
            {
                Task.Run(() => RunChild("import", a, "--recurse", "--db", db)),
                Task.Run(() => RunChild("import", a, "--recurse", "--db", db)),
                Task.Run(() => RunChild("import", b, "--recurse", "--db", db)),
                Task.Run(() => RunChild("budget", "check", "--db", db)),
                Task.Run(() => RunChild("budget", "check", "--db", db)),
            };
            // A recorder at the same time: 200 single requests of cost-rules example 1 ($0.005615 each = $1.123).
            var recorder = Task.Run(() =>
            {
                for (int i = 0; i < 200; i++)
                {
                    var r = RunChildFast(i);
                    if (r != 0) return r;
                }

                return 0;
            });

            foreach (var job in jobs)
            {
                var r = await job;
                Assert.True(r.Code == 0, r.Err);
            }

            Assert.Equal(0, await recorder);
            // Two more checks after everything: the thresholds crossed are recorded once each, whoever saw them first.
            Assert.Equal(0, RunChild("budget", "check", "--db", db).Code);
            Assert.Equal(0, RunChild("budget", "check", "--db", db).Code);

            // 5,000 + 5,000 messages x $0.0007 = $7, plus $1.123 recorded = $8.123; 10,200 requests.
            Assert.Equal((10_200L, 8.123m), Totals(db));
            var alerts = RunChild("budget", "alerts", "--db", db, "--json");
            using var doc = JsonDocument.Parse(alerts.Out);
            var thresholds = doc.RootElement.EnumerateArray().Select(x => x.GetProperty("threshold").GetInt32()).OrderBy(t => t).ToList();
            Assert.Equal(new[] { 50, 80, 100 }, thresholds); // $8.123 of $5: every threshold, once
            Assert.Equal(0, RunChild("store", "check", "--db", db).Code);

            int RunChildFast(int i)
            {
                // In-process, like an app recording as it goes (the CLI's own code path).
                return Run("add", "--db", db, "--provider", "openai", "--model", "gpt-4o", "--input", "2006", "--cache-read", "1920", "--output", "300",
                    "--request-id", "rec-" + i, "--time", "2025-08-01T10:00:00Z").Code;
            }
        }
    }
}
