using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using LlmCost.Core.Ingestion;
using LlmCost.Core.Queries;
using LlmCost.Core.Storage;
using LlmCost.Core.Storage.Sqlite;
using LlmCost.Core.Tracking;
using LlmCost.Core.Usage;

namespace LlmCost.Benchmarks
{
    /// <summary>
    /// Load harness for the targets of docs/benchmarks.md. Run with -c Release:
    ///   dotnet run -c Release --project tests/LlmCost.Benchmarks -- generate --lines 1000000 --out /tmp/claude-logs
    ///   dotnet run -c Release --project tests/LlmCost.Benchmarks -- import --dir /tmp/claude-logs
    ///   dotnet run -c Release --project tests/LlmCost.Benchmarks -- record --count 5000
    ///   dotnet run -c Release --project tests/LlmCost.Benchmarks -- handler --calls 2000
    ///   dotnet run -c Release --project tests/LlmCost.Benchmarks -- query --rows 1000000
    /// </summary>
    internal static class Program
    {
        private static int Main(string[] args)
        {
            if (args.Length == 0)
            {
                Console.Error.WriteLine("usage: generate|import|record|handler|query [options]");
                return 2;
            }

            var opts = new Dictionary<string, string>();
            for (int i = 1; i + 1 < args.Length; i += 2) opts[args[i].TrimStart('-')] = args[i + 1];
            string Opt(string k, string d) => opts.TryGetValue(k, out var v) ? v : d;
            switch (args[0])
            {
                case "generate": return ClaudeLogGenerator.Generate(long.Parse(Opt("lines", "1000000"), CultureInfo.InvariantCulture), int.Parse(Opt("files", "200"), CultureInfo.InvariantCulture), Opt("out", "/tmp/claude-logs"), int.Parse(Opt("seed", "7"), CultureInfo.InvariantCulture));
                case "import": return Import(Opt("dir", "/tmp/claude-logs"), Opt("db", Path.Combine(Path.GetTempPath(), "llmcost-bench-import-" + Guid.NewGuid().ToString("N") + ".db")));
                case "record": return Record(int.Parse(Opt("count", "5000"), CultureInfo.InvariantCulture));
                case "handler": return Handler(int.Parse(Opt("calls", "2000"), CultureInfo.InvariantCulture), int.Parse(Opt("delay-ms", "0"), CultureInfo.InvariantCulture));
                case "scan": return Scan(Opt("dir", "/tmp/claude-logs"));
                case "micro": return Micro(int.Parse(Opt("rows", "200000"), CultureInfo.InvariantCulture));
                case "reprice": return Reprice(Opt("db", "/tmp/rp.db"));
                case "teamload":
                    return TeamLoad.Run(Opt("db", ""), int.Parse(Opt("processes", "4"), CultureInfo.InvariantCulture), int.Parse(Opt("threads", "8"), CultureInfo.InvariantCulture),
                        int.Parse(Opt("checkers", "2"), CultureInfo.InvariantCulture), int.Parse(Opt("seconds", "60"), CultureInfo.InvariantCulture));
                case "teamload-worker":
                    return TeamLoad.Worker(Opt("role", "recorder"), Opt("db", ""), int.Parse(Opt("threads", "8"), CultureInfo.InvariantCulture),
                        int.Parse(Opt("seconds", "60"), CultureInfo.InvariantCulture), int.Parse(Opt("id", "0"), CultureInfo.InvariantCulture));
                case "query":
                    int queryRows = int.Parse(Opt("rows", "1000000"), CultureInfo.InvariantCulture);
                    return Query(queryRows, int.Parse(Opt("sessions", "1000"), CultureInfo.InvariantCulture),
                        double.Parse(Opt("span-days", (queryRows * 30d / 86400).ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture),
                        Opt("db", null!), int.Parse(Opt("runs", "40"), CultureInfo.InvariantCulture), Opt("only", ""));
                default:
                    Console.Error.WriteLine("unknown benchmark " + args[0]);
                    return 2;
            }
        }

        private static long PeakMb() => Process.GetCurrentProcess().PeakWorkingSet64 / (1024 * 1024);

        private static int Import(string dir, string db)
        {
            long bytes = Directory.EnumerateFiles(dir, "*.jsonl", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length);
            // --db: a file, or a PostgreSQL connection string (the team store's COPY path).
            using var store = CostStores.Open(db);
            var errors = 0;
            long peakHeap = 0;
            using var sampling = new Timer(_ => peakHeap = Math.Max(peakHeap, GC.GetGCMemoryInfo().TotalCommittedBytes), null, 0, 50);
            var summary = new UsageImporter(store).Import(UsageImporter.ExpandPaths(new[] { dir }, true), new ImportOptions(), _ => errors++);
            Console.WriteLine($"import: {summary.Files} files, {bytes / (1024.0 * 1024):N0} MB, {summary.Lines:N0} lines, {summary.Records:N0} records, {summary.Added:N0} added, {summary.Replaced:N0} replaced, {errors} errors");
            Console.WriteLine($"import: {summary.Elapsed.TotalSeconds:N1} s, {summary.LinesPerSecond:N0} lines/s, {bytes / (1024.0 * 1024) / summary.Elapsed.TotalSeconds:N0} MB/s, peak working set {PeakMb()} MB, peak GC committed {peakHeap / (1024 * 1024)} MB, allocated {GC.GetTotalAllocatedBytes() / (1024 * 1024):N0} MB, gen0/1/2 collections {GC.CollectionCount(0)}/{GC.CollectionCount(1)}/{GC.CollectionCount(2)}");
            var again = new UsageImporter(store).Import(UsageImporter.ExpandPaths(new[] { dir }, true), new ImportOptions());
            Console.WriteLine($"re-import (unchanged files): {again.FilesSkipped} skipped in {again.Elapsed.TotalMilliseconds:N0} ms, {again.Added} added");
            return 0;
        }

        private static int Record(int count)
        {
            string db = Path.Combine(Path.GetTempPath(), "llmcost-bench-record-" + Guid.NewGuid().ToString("N") + ".db");
            using var store = SqliteCostStore.Open(db);
            var times = new double[count];
            var t0 = new DateTime(2025, 6, 1, 0, 0, 0, DateTimeKind.Utc);
            for (int i = 0; i < 200; i++) store.Record(new UsageRecord("openai", "gpt-4o", t0, new TokenUsage(1000, 100)) { RequestId = "warm" + i, SessionId = "w" });
            for (int i = 0; i < count; i++)
            {
                var sw = Stopwatch.StartNew();
                store.Record(new UsageRecord("openai", "gpt-4o", t0.AddSeconds(i), new TokenUsage(1000, 100)) { RequestId = "r" + i, SessionId = "s" + (i % 100) });
                times[i] = sw.Elapsed.TotalMilliseconds;
            }

            Array.Sort(times);
            Console.WriteLine($"record (one request, one committed transaction, WAL, synchronous=NORMAL): p50 {times[count / 2]:N3} ms, p99 {times[(int)(count * 0.99)]:N3} ms, max {times[count - 1]:N3} ms over {count:N0}");
            return 0;
        }

        private static int Handler(int calls, int delayMs)
        {
            int port;
            var l = new TcpListener(IPAddress.Loopback, 0);
            l.Start();
            port = ((IPEndPoint)l.LocalEndpoint).Port;
            l.Stop();
            byte[] body = Encoding.UTF8.GetBytes("{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"created\":1748772000,\"model\":\"gpt-4o-2024-08-06\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"Hello there, how can I help you today?\"},\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":2006,\"completion_tokens\":300,\"total_tokens\":2306,\"prompt_tokens_details\":{\"cached_tokens\":1920}}}");
            var listener = new HttpListener();
            listener.Prefixes.Add($"http://127.0.0.1:{port}/");
            listener.Start();
            var server = new Thread(() =>
            {
                while (listener.IsListening)
                {
                    try
                    {
                        var ctx = listener.GetContext();
                        ThreadPool.QueueUserWorkItem(_ =>
                        {
                            using (var r = new StreamReader(ctx.Request.InputStream)) r.ReadToEnd();
                            if (delayMs > 0) Thread.Sleep(delayMs);
                            ctx.Response.ContentType = "application/json";
                            ctx.Response.ContentLength64 = body.Length;
                            ctx.Response.OutputStream.Write(body, 0, body.Length);
                            ctx.Response.Close();
                        });
                    }
                    catch (Exception)
                    {
                        return;
                    }
                }
            }) { IsBackground = true };
            server.Start();

            string db = Path.Combine(Path.GetTempPath(), "llmcost-bench-handler-" + Guid.NewGuid().ToString("N") + ".db");
            string url = $"http://127.0.0.1:{port}/v1/chat/completions";
            double[] Measure(HttpClient client)
            {
                var t = new double[calls];
                for (int i = 0; i < 100; i++) Send(client, url);
                for (int i = 0; i < calls; i++)
                {
                    var sw = Stopwatch.StartNew();
                    Send(client, url);
                    t[i] = sw.Elapsed.TotalMilliseconds;
                }

                Array.Sort(t);
                return t;
            }

            double[] plain, tracked;
            using (var client = new HttpClient(new SocketsHttpHandler())) plain = Measure(client);
            long recorded;
            using (var tracker = new CostTracker(new CostTrackerOptions { DatabasePath = db }))
            {
                using (var client = new HttpClient(new CostTrackingHandler(tracker, new SocketsHttpHandler(), "openai"))) tracked = Measure(client);
                tracker.Flush();
                recorded = tracker.Recorded;
            }

            listener.Stop();
            string P(double[] t, double q) => t[Math.Min(t.Length - 1, (int)(t.Length * q))].ToString("N3", CultureInfo.InvariantCulture);
            double meanPlain = plain.Average(), meanTracked = tracked.Average();
            Console.WriteLine($"handler: {calls:N0} calls to a local server answering in ~{delayMs} ms; recorded {recorded:N0}");
            Console.WriteLine($"  without handler: p50 {P(plain, 0.5)} ms, p99 {P(plain, 0.99)} ms, mean {meanPlain:N3} ms");
            Console.WriteLine($"  with handler:    p50 {P(tracked, 0.5)} ms, p99 {P(tracked, 0.99)} ms, mean {meanTracked:N3} ms");
            Console.WriteLine($"  added: p50 {(tracked[calls / 2] - plain[calls / 2]):N3} ms, p99 {(tracked[(int)(calls * 0.99)] - plain[(int)(calls * 0.99)]):N3} ms, mean {meanTracked - meanPlain:N3} ms");
            return 0;
        }

        private static void Send(HttpClient client, string url)
        {
            using var req = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent("{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}", Encoding.UTF8, "application/json") };
            using var resp = client.SendAsync(req).GetAwaiter().GetResult();
            resp.Content.ReadAsStringAsync().GetAwaiter().GetResult();
        }

        /// <summary>The read side alone: lines split from the files and Claude Code lines scanned, nothing stored.</summary>
        private static int Scan(string dir)
        {
            var scanner = new ClaudeCodeLineScanner();
            long lines = 0, usage = 0, fallback = 0;
            long allocated = GC.GetAllocatedBytesForCurrentThread();
            var sw = Stopwatch.StartNew();
            foreach (var file in UsageImporter.ExpandPaths(new[] { dir }, true))
            {
                using var reader = new LineReader(file, 0, 16 << 20);
                while (reader.Next(out var line, out _, out _))
                {
                    lines++;
                    var outcome = scanner.Scan(line.Span, out var parsed, out _);
                    if (outcome == ClaudeCodeLineScanner.ScanOutcome.Usage) usage++;
                    else if (outcome == ClaudeCodeLineScanner.ScanOutcome.Fallback) fallback++;
                }
            }

            allocated = GC.GetAllocatedBytesForCurrentThread() - allocated;
            Console.WriteLine($"scan: {lines:N0} lines ({usage:N0} with usage, {fallback:N0} left to the general parser) in {sw.Elapsed.TotalSeconds:N2} s, {lines / sw.Elapsed.TotalSeconds:N0} lines/s, {allocated / Math.Max(1, usage):N0} bytes allocated per usage line");
            return 0;
        }

        /// <summary>
        /// Re-pricing an existing store (give it prices that change every request first, e.g. llmcost prices set ...
        /// --effective-from 2020-01-01): reading the requests alone, the dry run (read and price), then the run itself.
        /// </summary>
        private static int Reprice(string db)
        {
            using var store = SqliteCostStore.Open(db, access: StoreAccess.ReadExisting);
            var sw = Stopwatch.StartNew();
            long n = 0;
            foreach (var r in store.GetRequests(new CostQuery())) n += r.InputTokens > -1 ? 1 : 0;
            Console.WriteLine($"reprice: reading {n:N0} requests {sw.Elapsed.TotalSeconds:N2} s");
            sw.Restart();
            var (lines, _) = new LlmCost.Core.Pricing.Repricer(store).Reprice(new CostQuery(), preview: true, reason: null, runBy: "bench");
            Console.WriteLine($"reprice: dry run (read and price) {sw.Elapsed.TotalSeconds:N2} s, {lines.Sum(l => l.Changed):N0} would change");
            sw.Restart();
            var (_, run) = new LlmCost.Core.Pricing.Repricer(store).Reprice(new CostQuery(), preview: false, reason: "bench", runBy: "bench");
            Console.WriteLine($"reprice: run {sw.Elapsed.TotalSeconds:N2} s, {run?.RowsChanged ?? 0:N0} changed, peak working set {PeakMb()} MB");
            return 0;
        }

        /// <summary>Where the time of recording goes: pricing alone vs. the whole write path.</summary>
        private static int Micro(int rows)
        {
            var t0 = new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc);
            var book = new LlmCost.Core.Pricing.PriceBook(LlmCost.Core.Pricing.PriceCatalog.Builtin);
            // Random request ids, as real providers issue them: the key index is written in no particular order.
            var rng = new Random(3);
            var records = Enumerable.Range(0, rows).Select(i => new UsageRecord(null, "claude-sonnet-4-5-20250929", t0.AddSeconds(i), new TokenUsage(50000, 100, 40000, 1000)) { RequestId = "msg_01" + rng.Next().ToString("x8") + rng.Next().ToString("x8") + ":req_011C" + rng.Next().ToString("x8"), SessionId = "s" + (i / 2000) }).ToList();
            var sw = Stopwatch.StartNew();
            decimal sum = 0;
            foreach (var r in records)
            {
                var l = book.Lookup(r.Provider, r.Model, r.OccurredAtUtc);
                sum += LlmCost.Core.Pricing.CostCalculator.Calculate(r.Tokens, l.Price!, false).Total;
            }

            Console.WriteLine($"micro: pricing {rows:N0} records: {sw.Elapsed.TotalMilliseconds:N0} ms ({rows / sw.Elapsed.TotalSeconds:N0}/s)");
            string db = Path.Combine(Path.GetTempPath(), "llmcost-bench-micro-" + Guid.NewGuid().ToString("N") + ".db");
            using var store = SqliteCostStore.Open(db);
            sw.Restart();
            store.RecordMany(records, batchSize: 50_000);
            Console.WriteLine($"micro: RecordMany {rows:N0} records: {sw.Elapsed.TotalMilliseconds:N0} ms ({rows / sw.Elapsed.TotalSeconds:N0}/s)");
            return 0;
        }

        /// <summary>
        /// Every summary the dashboard and Get-LlmCost show, on a store of <paramref name="rows"/> requests over
        /// <paramref name="spanDays"/> days across <paramref name="sessions"/> sessions (1,000 sessions: sparse hourly
        /// rollups; 10: dense). With --db an existing store is reused (recorded once, measured many times).
        /// </summary>
        private static int Query(int rows, int sessions, double spanDays, string? dbPath, int runs, string only)
        {
            string db = dbPath ?? Path.Combine(Path.GetTempPath(), "llmcost-bench-query-" + Guid.NewGuid().ToString("N") + ".db");
            bool reuse = File.Exists(db);
            using var store = SqliteCostStore.Open(db);
            var t0 = new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc);
            double stepMs = spanDays * 86_400_000d / rows;
            string[] models = { "gpt-4o", "gpt-4o-mini", "claude-sonnet-4-5", "gemini-2.5-flash", "llama-3.3-70b-versatile" };
            string[][] tags = { Array.Empty<string>(), new[] { "team-a" }, new[] { "team-b", "prod" } };
            var sw = Stopwatch.StartNew();
            if (!reuse || store.GetTotals(new CostQuery()).Requests == 0)
            {
                store.RecordMany(Enumerable.Range(0, rows).Select(i => new UsageRecord(null, models[i % models.Length], t0.AddMilliseconds(Math.Floor(i * stepMs)), new TokenUsage(1000 + i % 500, 100))
                {
                    RequestId = "q" + i,
                    SessionId = "session-" + (i % sessions),
                    Tags = tags[(i / 7) % tags.Length],
                }), batchSize: 50_000);
                Console.WriteLine($"query: {rows:N0} requests over {spanDays:N0} days, {sessions:N0} sessions, recorded in {sw.Elapsed.TotalSeconds:N1} s");
            }

            var end = t0.AddDays(spanDays);
            var berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
            // "Now" for the dashboard: the last day of the data, mid-afternoon.
            var now = end.Date.AddHours(-9).AddMinutes(17);
            var today = now.Date;
            var monthStart = new DateTime(now.Year, now.Month, 1, 0, 0, 0, DateTimeKind.Utc);
            var all = new List<double>();
            void Time(string what, Func<object> f)
            {
                // --only TEXT: just the summaries whose name contains TEXT (to look at one closely).
                if (only.Length > 0 && what.IndexOf(only, StringComparison.OrdinalIgnoreCase) < 0) return;
                f();
                var t = new List<double>();
                for (int i = 0; i < runs; i++)
                {
                    var s = Stopwatch.StartNew();
                    f();
                    t.Add(s.Elapsed.TotalMilliseconds);
                }

                t.Sort();
                all.AddRange(t);
                double P(double q) => t[Math.Min(t.Count - 1, (int)Math.Ceiling(q * t.Count) - 1)];
                Console.WriteLine($"  {what,-52} median {P(0.5),8:N2} ms  p95 {P(0.95),8:N2} ms  max {t[t.Count - 1],8:N2} ms");
            }

            CostQuery Q(Action<CostQuery> set)
            {
                var q = new CostQuery();
                set(q);
                return q;
            }

            Time("total, all time", () => store.GetTotals(new CostQuery()));
            Time("total today (UTC), unaligned now", () => store.GetTotals(Q(q => { q.Since = today; q.Until = now; })));
            Time("total this month", () => store.GetTotals(Q(q => { q.Since = monthStart; q.Until = now; })));
            Time("by day, last 30 days", () => store.GetCosts(Q(q => { q.Since = today.AddDays(-30); q.GroupBy = CostGrouping.Day; })));
            Time("by day, last 30 days, Europe/Berlin", () => store.GetCosts(Q(q => { q.Since = today.AddDays(-30).AddHours(-1); q.GroupBy = CostGrouping.Day; q.TimeZone = berlin; })));
            Time("by day, all time, Europe/Berlin", () => store.GetCosts(Q(q => { q.GroupBy = CostGrouping.Day; q.TimeZone = berlin; })));
            Time("by week, all time", () => store.GetCosts(Q(q => q.GroupBy = CostGrouping.Week)));
            Time("by week, all time, Europe/Berlin", () => store.GetCosts(Q(q => { q.GroupBy = CostGrouping.Week; q.TimeZone = berlin; })));
            Time("by month, all time", () => store.GetCosts(Q(q => q.GroupBy = CostGrouping.Month)));
            Time("by month, all time, Europe/Berlin", () => store.GetCosts(Q(q => { q.GroupBy = CostGrouping.Month; q.TimeZone = berlin; })));
            Time("by provider, all time", () => store.GetCosts(Q(q => q.GroupBy = CostGrouping.Provider)));
            Time("by model, all time", () => store.GetCosts(Q(q => q.GroupBy = CostGrouping.Model)));
            Time("by tag, all time", () => store.GetCosts(Q(q => q.GroupBy = CostGrouping.Tag)));
            Time("tag team-a, by month, unaligned range", () => store.GetCosts(Q(q => { q.Tags = new[] { "team-a" }; q.GroupBy = CostGrouping.Month; q.Since = t0.AddDays(3).AddMinutes(7); q.Until = now; })));
            Time("by day and model, last 30 days, Europe/Berlin", () => store.GetCosts(Q(q => { q.Since = today.AddDays(-30).AddHours(-1); q.Groupings = new[] { CostGrouping.Day, CostGrouping.Model }; q.TimeZone = berlin; })));
            Time("by month and provider, all time", () => store.GetCosts(Q(q => q.Groupings = new[] { CostGrouping.Month, CostGrouping.Provider })));
            Time("session X, all time", () => store.GetTotals(Q(q => q.Sessions = new[] { "session-42" })));
            Time("session X, one month, unaligned ends", () => store.GetTotals(Q(q => { q.Sessions = new[] { "session-42" }; q.Since = t0.AddDays(31).AddMinutes(7); q.Until = t0.AddDays(62).AddMinutes(13); })));
            all.Sort();
            if (all.Count > 0) Console.WriteLine($"  all {all.Count} summary runs: p95 {all[(int)Math.Ceiling(0.95 * all.Count) - 1]:N2} ms, max {all[all.Count - 1]:N2} ms");

            // The dashboard file: every figure, chart and table for the last 30 days, rendered to HTML.
            var options = new LlmCost.Core.Reports.DashboardOptions { TimeZone = berlin, NowUtc = now };
            Time("report: build + write HTML (30 days, Europe/Berlin)", () =>
            {
                var d = new LlmCost.Core.Reports.DashboardBuilder(store).Build(options);
                using var w = new StringWriter();
                LlmCost.Core.Reports.HtmlDashboardWriter.Write(w, d);
                return w.ToString().Length;
            });
            if (Environment.GetEnvironmentVariable("BENCH_REPORT_PARTS") == "1")
            {
                var since30 = today.AddDays(-29).AddHours(-1);
                Time("report part: totals", () => store.GetTotals(Q(q => { q.Since = since30; q.Until = now; q.TimeZone = berlin; })));
                Time("report part: by session", () => store.GetCosts(Q(q => { q.Since = since30; q.Until = now; q.TimeZone = berlin; q.GroupBy = CostGrouping.Session; })));
                Time("report part: by model", () => store.GetCosts(Q(q => { q.Since = since30; q.Until = now; q.TimeZone = berlin; q.GroupBy = CostGrouping.Model; })));
                Time("report part: day,provider", () => store.GetCosts(Q(q => { q.Since = since30; q.Until = now; q.TimeZone = berlin; q.Groupings = new[] { CostGrouping.Day, CostGrouping.Provider }; })));
                foreach (var scope in new[] { "all", "provider", "model", "session" })
                {
                    Time("report part: anomalies " + scope, () => new LlmCost.Core.Budgets.AnomalyDetector(store).Detect(new LlmCost.Core.Budgets.AnomalyOptions { Since = since30, Until = now, TimeZone = berlin, Scopes = new HashSet<string> { scope } }).ToList());
                }

                Time("report part: anomalies", () => new LlmCost.Core.Budgets.AnomalyDetector(store).Detect(new LlmCost.Core.Budgets.AnomalyOptions { Since = since30, Until = now, TimeZone = berlin }).ToList());
            }

            Console.WriteLine($"  store: {db} ({new FileInfo(db).Length / 1_048_576.0:N0} MB)");
            return 0;
        }
    }
}
