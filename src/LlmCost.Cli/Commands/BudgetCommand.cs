using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using LlmCost.Core.Budgets;
using LlmCost.Core.Notifications;
using LlmCost.Core.Storage;

namespace LlmCost.Cli.Commands
{
    /// <summary>llmcost budget set|list|remove|check|alerts|anomalies</summary>
    internal static class BudgetCommand
    {
        /// <summary>Exit code of <c>budget check --fail-on-breach</c> when a budget is at or over 100 %.</summary>
        public const int BreachExitCode = 3;

        public static int Run(string[] argv, TextWriter stdout)
        {
            var args = new CliArgs(argv, new HashSet<string> { "json", "help", "hard", "soft", "no-notify", "fail-on-breach", "include-anomalies" });
            string sub = args.Positional.Count > 0 ? args.Positional[0] : "";
            if (args.Flag("help") || sub.Length == 0)
            {
                stdout.WriteLine("llmcost budget set NAME [--amount USD] [--period daily|weekly|monthly|session|total] [--tz ZONE]");
                stdout.WriteLine("                    [--provider P] [--model M] [--session S] [--tag T] [--thresholds 50,80,100] [--hard|--soft] [--notify TARGET]... [--no-notify]");
                stdout.WriteLine("    creates a budget (--amount required) or changes only what is given; --tag '' (or --provider/--model/--session '') removes that filter");
                stdout.WriteLine("llmcost budget list [NAME]             spent, remaining, percent, forecast and status");
                stdout.WriteLine("llmcost budget remove NAME");
                stdout.WriteLine("llmcost budget check [NAME] [--fail-on-breach] [--include-anomalies]");
                stdout.WriteLine($"    records newly crossed thresholds once per period, sends notifications; exit {BreachExitCode} with --fail-on-breach when a budget is spent");
                stdout.WriteLine("llmcost budget alerts [NAME] [--since DATE]");
                stdout.WriteLine("llmcost budget anomalies [--since DATE] [--until DATE] [--window DAYS] [--threshold Z] [--tz ZONE]");
                stdout.WriteLine("  TARGET: webhook:URL | slack:URL | teams:URL | email:ADDRESS   (URL may be env:VARIABLE)");
                return sub.Length == 0 && !args.Flag("help") ? 2 : 0;
            }

            bool json = args.Flag("json");
            string? db = args.Get("db");
            string? name = args.Positional.Count > 1 ? args.Positional[1] : null;
            switch (sub)
            {
                case "set":
                    return Set(args, name ?? throw new UsageException("budget set needs a NAME."), db, json, stdout);
                case "list":
                    args.EnsureAllUsed();
                    return List(db, name, json, stdout);
                case "remove":
                    args.EnsureAllUsed();
                    return Remove(db, name ?? throw new UsageException("budget remove needs a NAME."), stdout);
                case "check":
                    return Check(args, db, name, json, stdout);
                case "alerts":
                {
                    DateTime? since = args.GetTime("since");
                    args.EnsureAllUsed();
                    using var store = CostStores.Open(db, StoreAccess.ReadExisting);
                    var alerts = new BudgetService(store).GetAlerts(name, since);
                    if (json)
                    {
                        stdout.WriteLine(CliJson.Serialize(alerts, CliJson.Budgets));
                        return 0;
                    }

                    var t = new TextTable("created (UTC)", "budget", "session", ">threshold", "level", ">spent", ">limit", "deliveries");
                    foreach (var a in alerts)
                    {
                        t.Add(a.CreatedUtc.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture), a.Budget, a.SessionId ?? "", a.Threshold + "%",
                            a.Level.ToString().ToLowerInvariant(), Report.Money(a.Spent), Report.Money(a.Limit),
                            string.Join(", ", a.Deliveries.Select(d => $"{d.Target} {d.Status}")));
                    }

                    t.Write(stdout);
                    return 0;
                }

                case "anomalies":
                {
                    var options = new AnomalyOptions
                    {
                        Since = args.GetTime("since"),
                        Until = args.GetTime("until"),
                        WindowDays = (int)args.GetLong("window", 14),
                        Threshold = (double)(args.GetDecimal("threshold") ?? 3.5m),
                        TimeZone = CostCommand.Zone(args.Get("tz")),
                    };
                    args.EnsureAllUsed();
                    using var store = CostStores.Open(db, StoreAccess.ReadExisting);
                    var found = new AnomalyDetector(store).Detect(options);
                    if (json)
                    {
                        stdout.WriteLine(CliJson.Serialize(found, CliJson.Budgets));
                        return 0;
                    }

                    var t = new TextTable("day", "scope", "", ">spent", ">expected", ">range", ">score");
                    foreach (var a in found.OrderBy(a => a.Day).ThenByDescending(a => a.Score))
                    {
                        t.Add(a.Day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), a.ScopeKind, a.Scope, Report.Money(a.Spent), Report.Money(a.Expected),
                            $"{Report.Money(a.ExpectedLow)}..{Report.Money(a.ExpectedHigh)}", a.Score.ToString("0.0", CultureInfo.InvariantCulture));
                    }

                    t.Write(stdout);
                    return 0;
                }

                default:
                    throw new UsageException($"unknown budget command '{sub}': use set, list, remove, check, alerts or anomalies.");
            }
        }

        private static int Set(CliArgs args, string name, string? db, bool json, TextWriter stdout)
        {
            // Only what is given changes: `budget set team --amount 600` keeps the budget's scope and targets.
            // An empty value (--tag '') removes a scope filter; --no-notify removes the targets.
            var settings = NotificationSettings.FromEnvironment();
            var change = new BudgetChange
            {
                Amount = args.GetDecimal("amount"),
                TimeZone = args.Get("tz"),
                Provider = args.Get("provider"),
                Model = args.Get("model"),
                SessionId = args.Get("session"),
                Tag = args.Get("tag"),
                Enforcement = args.Flag("hard") ? BudgetEnforcement.Hard : args.Flag("soft") ? BudgetEnforcement.Soft : (BudgetEnforcement?)null,
                Notify = args.Flag("no-notify") ? new string[0] : args.GetAll("notify").Count > 0 ? args.GetAll("notify").ToList() : null,
            };
            string? period = args.Get("period");
            if (period != null)
            {
                if (!Enum.TryParse(period, true, out BudgetPeriod p) || !Enum.IsDefined(typeof(BudgetPeriod), p))
                {
                    throw new UsageException($"--period must be daily, weekly, monthly, session or total; got '{period}'.");
                }

                change.Period = p;
            }

            var thresholds = args.GetAll("thresholds");
            if (thresholds.Count > 0)
            {
                change.Thresholds = thresholds.Select(t => int.TryParse(t.TrimEnd('%'), NumberStyles.Integer, CultureInfo.InvariantCulture, out int v)
                    ? v
                    : throw new UsageException($"--thresholds: '{t}' is not a whole percent.")).ToList();
            }

            args.EnsureAllUsed();
            using var store = CostStores.Open(db, StoreAccess.CreateIfMissing);
            var saved = new BudgetService(store, settings).Apply(name, change);
            if (json) stdout.WriteLine(CliJson.Serialize(saved, CliJson.Budgets));
            else stdout.WriteLine($"budget '{saved.Name}': {Report.Money(saved.Amount)} {saved.Period.ToString().ToLowerInvariant()} ({saved.Enforcement.ToString().ToLowerInvariant()}), thresholds {string.Join(", ", saved.Thresholds.Select(t => t + "%"))}");
            return 0;
        }

        private static int List(string? db, string? name, bool json, TextWriter stdout)
        {
            using var store = CostStores.Open(db, StoreAccess.ReadExisting);
            var svc = new BudgetService(store);
            var statuses = svc.EvaluateAll(name);
            WriteStatuses(statuses, json, stdout);
            return 0;
        }

        private static int Remove(string? db, string name, TextWriter stdout)
        {
            using var store = CostStores.Open(db, StoreAccess.ReadExisting);
            if (!new BudgetService(store).Remove(name))
            {
                throw BudgetService.NotFound(name);
            }

            stdout.WriteLine($"budget '{name}' removed");
            return 0;
        }

        private static int Check(CliArgs args, string? db, string? name, bool json, TextWriter stdout)
        {
            bool failOnBreach = args.Flag("fail-on-breach");
            bool anomalies = args.Flag("include-anomalies");
            args.EnsureAllUsed();
            var settings = NotificationSettings.FromEnvironment();
            using var store = CostStores.Open(db, StoreAccess.ReadExisting);
            using var notifier = new Notifier(settings);
            var svc = new BudgetService(store, settings, notifier);
            var budgets = svc.Get(name);
            if (name != null && budgets.Count == 0) throw BudgetService.NotFound(name);
            var result = svc.Check(budgets, anomalies);
            if (json)
            {
                stdout.WriteLine(CliJson.Serialize(result, CliJson.Budgets));
            }
            else
            {
                WriteStatuses(result.Statuses, false, stdout);
                foreach (var a in result.NewAlerts) stdout.WriteLine($"new alert: {a.Budget}{(a.SessionId != null ? " session " + a.SessionId : "")} reached {a.Threshold}% ({a.Level.ToString().ToLowerInvariant()})");
                foreach (var a in result.NewAnomalies) stdout.WriteLine($"new anomaly: {a.ScopeKind} {a.Scope} on {a.Day:yyyy-MM-dd}: {Report.Money(a.Spent)} (expected {Report.Money(a.ExpectedLow)}..{Report.Money(a.ExpectedHigh)})");
                stdout.WriteLine($"notifications: {result.Delivered} delivered, {result.DeliveryFailures} failed (failed ones are retried by the next check)");
            }

            foreach (var e in result.DeliveryErrors) Console.Error.WriteLine("llmcost budget check: delivery failed: " + e);
            if (failOnBreach && result.AnyBreached)
            {
                var breached = result.Statuses.Where(s => s.IsBreached).Select(s => s.Budget + (s.SessionId != null ? "/" + s.SessionId : ""));
                Console.Error.WriteLine("llmcost budget check: budget(s) spent: " + string.Join(", ", breached));
                return BreachExitCode;
            }

            return 0;
        }

        private static void WriteStatuses(IReadOnlyList<BudgetStatus> statuses, bool json, TextWriter stdout)
        {
            if (json)
            {
                stdout.WriteLine(CliJson.Serialize(statuses, CliJson.Budgets));
                return;
            }

            var t = new TextTable("budget", "session", "period", ">spent", ">limit", ">percent", "gauge", ">forecast", ">unpriced", "status");
            foreach (var s in statuses)
            {
                t.Add(s.Budget, s.SessionId ?? "", s.Period.ToString().ToLowerInvariant(), Report.Money(s.Spent), Report.Money(s.Limit),
                    s.Percent.ToString("0.0", CultureInfo.InvariantCulture) + "%", Gauge(s.Percent),
                    s.Forecast.HasValue ? Report.Money(s.Forecast.Value) : "-", s.UnpricedRequests.ToString(CultureInfo.InvariantCulture), s.Status);
            }

            t.Write(stdout);
        }

        internal static string Gauge(decimal percent)
        {
            int filled = (int)Math.Min(10, Math.Max(0, Math.Floor(percent / 10m)));
            return "[" + new string('#', filled) + new string('.', 10 - filled) + "]" + (percent > 100 ? "!" : "");
        }
    }
}
