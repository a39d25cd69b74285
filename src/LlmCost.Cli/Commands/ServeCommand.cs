using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using LlmCost.Core.Reports;
using LlmCost.Core.Storage;

namespace LlmCost.Cli.Commands
{
    /// <summary>llmcost serve: the live dashboard, its JSON and Prometheus /metrics on 127.0.0.1 until Ctrl+C.</summary>
    internal static class ServeCommand
    {
        public static int Run(string[] argv, TextWriter stdout)
        {
            var args = new CliArgs(argv, new HashSet<string> { "help", "allow-remote" });
            if (args.Flag("help"))
            {
                stdout.WriteLine("llmcost serve [--port 8787] [--bind 127.0.0.1] [--allow-remote] [--since DATE] [--until DATE] [--tz ZONE] [--refresh SECONDS] [--db PATH]");
                stdout.WriteLine("  Serves the dashboard (/), its data as JSON (/api/dashboard) and Prometheus metrics (/metrics) until Ctrl+C.");
                stdout.WriteLine("  Loopback only unless --bind names another address and --allow-remote is given: the page has no authentication.");
                return 0;
            }

            int port = Int(args.Get("port"), 8787, "--port");
            int refresh = Int(args.Get("refresh"), 30, "--refresh");
            string bind = args.Get("bind") ?? "127.0.0.1";
            bool allowRemote = args.Flag("allow-remote");
            var zone = CostCommand.Zone(args.Get("tz"));
            var options = new DashboardOptions { Since = args.GetTimeIn("since", zone), Until = args.GetTimeIn("until", zone), TimeZone = zone };
            string? db = args.Get("db");
            args.EnsureAllUsed();

            using var store = CostStores.Open(db, StoreAccess.ReadExisting);
            // Ctrl+C (SIGINT) and a service manager's stop (SIGTERM) end it cleanly: stop listening, exit 0.
            using var stop = new StopSignal();
            var server = new DashboardServer(store, bind, port, allowRemote, options, refresh);
            server.Start();
            stdout.WriteLine($"llmcost serve: {server.Url} (dashboard), {server.Url}api/dashboard, {server.Url}metrics; Ctrl+C stops");
            stdout.Flush();
            stop.Token.WaitHandle.WaitOne();
            server.Dispose();
            stdout.WriteLine("llmcost serve: stopped");
            return 0;
        }

        private static int Int(string? text, int fallback, string name)
        {
            if (text == null) return fallback;
            if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int n) || n < 0)
            {
                throw new UsageException($"{name} must be a whole number, got '{text}'.");
            }

            return n;
        }
    }
}
