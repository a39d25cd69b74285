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

        private static void Terminate(Process p)
        {
            // SIGTERM: a service manager's or timeout's stop, the same path as Ctrl+C's SIGINT (which a background
            // process of a non-interactive shell inherits ignored, so it is no reliable test signal).
            using var kill = Process.Start("kill", new[] { "-TERM", p.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) })!;
            kill.WaitForExit();
        }

        /// <summary>Waits until the store's write-ahead log has grown past <paramref name="bytes"/>: the command is writing.</summary>
        private static void WaitUntilWriting(string db, Process p, long bytes)
        {
            var clock = Stopwatch.StartNew();
            while (!p.HasExited && clock.Elapsed < TimeSpan.FromSeconds(30))
            {
                var wal = new FileInfo(db + "-wal");
                if (wal.Exists && wal.Length > bytes) return;
                Thread.Sleep(5);
            }
        }

        /// <summary>Waits until another connection commits to the store (its data_version changes): a batch is in.</summary>
        private static void WaitForACommit(string db, Process p)
        {
            using var conn = new Microsoft.Data.Sqlite.SqliteConnection("Data Source=" + db + ";Mode=ReadOnly;Pooling=False");
            conn.Open();
            using var cmd = conn.CreateCommand();
            cmd.CommandText = "PRAGMA data_version";
            long first = (long)cmd.ExecuteScalar()!;
            var clock = Stopwatch.StartNew();
            while (!p.HasExited && clock.Elapsed < TimeSpan.FromSeconds(30) && (long)cmd.ExecuteScalar()! == first) Thread.Sleep(2);
        }

        [Fact]
        public async Task AnImportStoppedBySigterm_EndsWithItsExitCode_AndARerunGivesExactlyTheCleanTotals()
        {
            string root = Path.GetDirectoryName(Db)!;
            string logs = WriteLogs(Path.Combine(root, "logs"), files: 40, messages: 1500);
            string db = Path.Combine(root, "stopped.db");
            using (var p = Start("import", logs, "--recurse", "--db", db))
            {
                var err = p.StandardError.ReadToEndAsync();
                WaitUntilWriting(db, p, 1 << 20); // past the new store's schema: rows are being written
                Assert.False(p.HasExited, "the import ended before it could be stopped");
                Terminate(p);
                await p.WaitForExitAsync();
                string stderr = await err;
                Assert.True(p.ExitCode == 130, $"exit {p.ExitCode}: {stderr}");
                Assert.Contains("llmcost import: stopped", stderr);
                Assert.DoesNotContain("   at ", stderr); // no stack trace
            }

            Assert.True(Totals(db).Requests < 60_000, "stopped part-way");
            var rerun = RunChild("import", logs, "--recurse", "--db", db);
            Assert.True(rerun.Code == 0, rerun.Err);
            // 60,000 messages, each 200 x $1 + 100 x $5 per million = $0.0007 (claude-haiku-4-5): $42.
            Assert.Equal((60_000L, 42m), Totals(db));
            Assert.Equal(0, RunChild("store", "check", "--db", db).Code);
        }

        [Fact]
        public async Task ARepricingStoppedBySigterm_KeepsWhatItCommitted_AndRecordsItAsAPartialRun()
        {
            string root = Path.GetDirectoryName(Db)!;
            string logs = WriteLogs(Path.Combine(root, "logs"), files: 40, messages: 1500);
            string db = Path.Combine(root, "reprice.db");
            Assert.Equal(0, RunChild("import", logs, "--recurse", "--db", db).Code);
            Assert.Equal(0, RunChild("prices", "set", "--provider", "anthropic", "--model", "claude-haiku-4-5", "--input", "2", "--output", "10",
                "--effective-from", "2020-01-01", "--db", db).Code);

            using (var p = Start("reprice", "--reason", "price fix", "--db", db))
            {
                var err = p.StandardError.ReadToEndAsync();
                WaitForACommit(db, p); // the first batch of 10,000 is re-priced
                Assert.False(p.HasExited, "the re-pricing ended before it could be stopped");
                Terminate(p);
                await p.WaitForExitAsync();
                string stderr = await err;
                Assert.True(p.ExitCode == 130, $"exit {p.ExitCode}: {stderr}");
                Assert.Contains("recorded as a partial run", stderr);
            }

            var history = RunChild("reprice", "--history", "--json", "--db", db);
            using (var doc = JsonDocument.Parse(history.Out))
            {
                var run = Assert.Single(doc.RootElement.EnumerateArray());
                Assert.StartsWith("price fix; stopped after ", run.GetProperty("reason").GetString());
                long changed = run.GetProperty("rowsChanged").GetInt64();
                Assert.InRange(changed, 1, 59_999);
                // Each changed message went from $0.0007 to 200 x $2 + 100 x $10 per million = $0.0014.
                Assert.Equal(42m + changed * 0.0007m, Totals(db).Cost);
            }

            Assert.Equal(0, RunChild("reprice", "--db", db).Code);
            Assert.Equal((60_000L, 84m), Totals(db));
        }
    }
}
