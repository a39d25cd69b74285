using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Threading;
using LlmCost.Core.Budgets;
using LlmCost.Core.Queries;
using LlmCost.Core.Storage;
using LlmCost.Core.Usage;

namespace LlmCost.Benchmarks
{
    /// <summary>
    /// The team store under load (issue 16): P recorder processes x T threads recording requests of 1,000 sessions, and
    /// C budget-checker processes checking in a loop, for S seconds, against one store:
    ///   teamload --db 'Host=...' [--processes 4] [--threads 8] [--checkers 2] [--seconds 60]
    /// Afterwards: every request a recorder saw added is stored (0 lost), no errors surfaced, and each threshold of
    /// each budget was alerted exactly once.
    /// </summary>
    internal static class TeamLoad
    {
        private static readonly DateTime T0 = new DateTime(2026, 12, 1, 0, 0, 0, DateTimeKind.Utc);

        public static int Run(string db, int processes, int threads, int checkers, int seconds)
        {
            using (var store = CostStores.Open(db))
            {
                var budgets = new BudgetService(store);
                // gpt-4o at 2.5 / 10 $ per M: each request 1,000 x 2.5 + 100 x 10 = 3,500 -> $0.0035. A total budget of
                // $5 crosses 50/80/100 % after 715, 1,143 and 1,429 requests; a monthly one of $50 after 7,143 ... 14,286.
                budgets.Set(new Budget { Name = "load-total", Amount = 5m, Period = BudgetPeriod.Total, Thresholds = new[] { 50, 80, 100 } });
                budgets.Set(new Budget { Name = "load-month", Amount = 50m, Period = BudgetPeriod.Monthly, Thresholds = new[] { 50, 80, 100 } });
            }

            string self = typeof(TeamLoad).Assembly.Location;
            var children = new List<(string Role, Process Process)>();
            for (int p = 0; p < processes; p++) children.Add(("recorder", Start(self, "recorder", db, threads, seconds, p)));
            for (int c = 0; c < checkers; c++) children.Add(("checker", Start(self, "checker", db, 1, seconds, c)));
            long recorded = 0, errors = 0, checks = 0;
            var latencies = new List<double>();
            foreach (var (role, proc) in children)
            {
                string output = proc.StandardOutput.ReadToEnd();
                string err = proc.StandardError.ReadToEnd();
                proc.WaitForExit();
                var result = output.Split('\n').FirstOrDefault(l => l.StartsWith("RESULT ", StringComparison.Ordinal));
                if (proc.ExitCode != 0 || result == null)
                {
                    Console.WriteLine($"{role} exited {proc.ExitCode}: {err}");
                    errors++;
                    continue;
                }

                var fields = result.Substring(7).Split(' ').Select(f => f.Split('=')).ToDictionary(f => f[0], f => f[1]);
                errors += long.Parse(fields["errors"], CultureInfo.InvariantCulture);
                if (role == "recorder")
                {
                    recorded += long.Parse(fields["added"], CultureInfo.InvariantCulture);
                    latencies.Add(double.Parse(fields["p99"], CultureInfo.InvariantCulture));
                }
                else
                {
                    checks += long.Parse(fields["checks"], CultureInfo.InvariantCulture);
                }

                if (err.Length > 0) Console.WriteLine($"{role} stderr: {err.Trim()}");
            }

            using var after = CostStores.Open(db);
            new BudgetService(after).Check(); // one last check after the writers stopped
            var totals = after.GetTotals(new CostQuery { Sessions = new[] { "load-*" } });
            var alerts = after.GetAlerts(null).GroupBy(a => (a.Budget, a.Threshold)).ToList();
            int duplicates = alerts.Count(g => g.Count() > 1);
            Console.WriteLine($"teamload: {processes} processes x {threads} threads recording, {checkers} checkers, {seconds} s, against {after.Path}");
            Console.WriteLine($"teamload: {recorded:N0} requests added by the recorders, {totals.Requests:N0} stored ({recorded - totals.Requests:N0} lost), " +
                              $"{recorded / (double)seconds:N0} requests/s, worst process p99 {latencies.DefaultIfEmpty(0).Max():N1} ms; {errors} errors; {checks:N0} budget checks");
            Console.WriteLine($"teamload: alerts {string.Join(", ", alerts.OrderBy(g => g.Key.Budget).ThenBy(g => g.Key.Threshold).Select(g => $"{g.Key.Budget}@{g.Key.Threshold}%x{g.Count()}"))}; " +
                              $"{duplicates} alerted more than once");
            return recorded == totals.Requests && errors == 0 && duplicates == 0 && alerts.Count == 6 ? 0 : 1;
        }

        private static Process Start(string self, string role, string db, int threads, int seconds, int id)
        {
            var psi = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var a in new[] { self, "teamload-worker", "--role", role, "--db", db, "--threads", threads.ToString(CultureInfo.InvariantCulture),
                         "--seconds", seconds.ToString(CultureInfo.InvariantCulture), "--id", id.ToString(CultureInfo.InvariantCulture) })
            {
                psi.ArgumentList.Add(a);
            }

            return Process.Start(psi)!;
        }

        /// <summary>One child process: recorders record until the time is up; checkers run budget checks in a loop.</summary>
        public static int Worker(string role, string db, int threads, int seconds, int id)
        {
            using var store = CostStores.Open(db);
            var until = DateTime.UtcNow.AddSeconds(seconds);
            long errors = 0;
            if (role == "checker")
            {
                long checks = 0;
                var budgets = new BudgetService(store);
                while (DateTime.UtcNow < until)
                {
                    try
                    {
                        budgets.Check();
                        checks++;
                    }
                    catch (Exception ex)
                    {
                        Interlocked.Increment(ref errors);
                        Console.Error.WriteLine(ex.Message);
                    }
                }

                Console.WriteLine($"RESULT checks={checks} errors={errors}");
                return 0;
            }

            long added = 0;
            var times = new List<double>[threads];
            var workers = Enumerable.Range(0, threads).Select(t => new Thread(() =>
            {
                var mine = times[t] = new List<double>();
                for (long i = 0; DateTime.UtcNow < until; i++)
                {
                    var record = new UsageRecord("openai", "gpt-4o", T0.AddMilliseconds(i), new TokenUsage(1000, 100))
                    {
                        RequestId = $"p{id}-t{t}-{i}",
                        SessionId = "load-" + ((id * 7919 + t * 104729 + i) % 1000).ToString(CultureInfo.InvariantCulture),
                    };
                    var sw = Stopwatch.StartNew();
                    try
                    {
                        if (store.Record(record).Added) Interlocked.Increment(ref added);
                    }
                    catch (Exception ex)
                    {
                        Interlocked.Increment(ref errors);
                        Console.Error.WriteLine(ex.Message);
                    }

                    mine.Add(sw.Elapsed.TotalMilliseconds);
                }
            })).ToList();
            workers.ForEach(w => w.Start());
            workers.ForEach(w => w.Join());
            var all = times.SelectMany(x => x).OrderBy(x => x).ToList();
            double p99 = all.Count == 0 ? 0 : all[(int)(all.Count * 0.99)];
            Console.WriteLine($"RESULT added={added} errors={errors} p99={p99.ToString("F1", CultureInfo.InvariantCulture)}");
            return 0;
        }
    }
}
