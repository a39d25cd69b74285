using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using LlmCost.Core.Budgets;
using LlmCost.Core.Notifications;
using LlmCost.Core.Pricing;
using LlmCost.Core.Storage;
using LlmCost.Core.Storage.Sqlite;
using LlmCost.Core.Usage;
using Microsoft.Data.Sqlite;

namespace LlmCost.Core.Tests.Budgets
{
    /// <summary>
    /// Budgets over a store where test models cost exactly $1 per million input tokens, so a request with
    /// N x 1,000,000 input tokens costs $N (hand calculation: N x 1e6 x $1 / 1e6).
    /// </summary>
    public sealed class BudgetTests : IDisposable
    {
        private readonly TempDir _dir = new TempDir();
        private readonly SqliteCostStore _store;
        private DateTime _now = Utc.At(2025, 6, 15, 12);
        private int _requestNo;

        public BudgetTests()
        {
            _store = SqliteCostStore.Open(_dir.File("budgets.db"));
            foreach (var (provider, model) in new[] { ("test", "m-large"), ("test", "m-small"), ("other", "m-large") })
            {
                _store.AddPrice(new ModelPrice(provider, model, new PriceSet { Input = 1m, Output = 0m }));
            }
        }

        public void Dispose()
        {
            _store.Dispose();
            _dir.Dispose();
        }

        private BudgetService Service(INotifier? notifier = null, NotificationSettings? settings = null) =>
            new BudgetService(_store, settings ?? new NotificationSettings(), notifier, () => _now);

        private IReadOnlyList<PricedRequest> Spend(decimal dollars, DateTime at, string? session = null, string? tag = null, string provider = "test", string model = "m-large")
        {
            var results = new List<PricedRequest>();
            _store.RecordMany(new[]
            {
                new UsageRecord(provider, model, at, new TokenUsage((long)(dollars * 1_000_000m), 0))
                {
                    RequestId = "r" + (++_requestNo), SessionId = session, Tags = tag == null ? null : new[] { tag },
                },
            }, onRecorded: results.Add);
            return results;
        }

        private long AlertRows() => TestDb.Scalar(_store.Path, "SELECT COUNT(*) FROM budget_alerts");

        [Fact]
        public void MonthEnd_EndsThePeriod_AndTheNewPeriodReArms()
        {
            var svc = Service();
            svc.Set(new Budget { Name = "monthly", Amount = 10m, Period = BudgetPeriod.Monthly });
            Spend(6m, Utc.At(2025, 1, 31, 23, 30));
            _now = Utc.At(2025, 1, 31, 23, 59);
            var jan = svc.Check();
            var status = Assert.Single(jan.Statuses);
            Assert.Equal(6m, status.Spent);
            Assert.Equal(60m, status.Percent);
            Assert.Equal(Utc.At(2025, 1, 1), status.PeriodStartUtc);
            Assert.Equal(Utc.At(2025, 2, 1), status.PeriodEndUtc);
            Assert.Equal(new[] { 50 }, jan.NewAlerts.Select(a => a.Threshold));

            _now = Utc.At(2025, 2, 1, 0, 1);
            var febStart = svc.Check();
            Assert.Equal(0m, febStart.Statuses[0].Spent);
            Assert.Empty(febStart.NewAlerts);

            Spend(5m, Utc.At(2025, 2, 1, 0, 0, 30));
            var feb = svc.Check();
            var alert = Assert.Single(feb.NewAlerts);
            Assert.Equal(50, alert.Threshold);
            Assert.Equal(Utc.At(2025, 2, 1), alert.PeriodStartUtc);
            Assert.Equal(2, AlertRows());
        }

        [Fact]
        public void DailyBudget_FollowsDstInItsTimeZone()
        {
            var svc = Service();
            svc.Set(new Budget { Name = "daily-berlin", Amount = 1m, Period = BudgetPeriod.Daily, TimeZone = "Europe/Berlin" });
            Spend(0.70m, Utc.At(2025, 3, 29, 22, 30)); // 23:30 CET on the 29th: yesterday
            Spend(0.60m, Utc.At(2025, 3, 30, 21, 30)); // 23:30 CEST on the 30th: today
            _now = Utc.At(2025, 3, 30, 21, 45);
            var s = Assert.Single(svc.Evaluate(svc.Get("daily-berlin").Single()));
            // 2025-03-30 in Berlin runs from 00:00 CET (23:00Z on the 29th) to 00:00 CEST (22:00Z on the 30th): 23 hours.
            Assert.Equal(Utc.At(2025, 3, 29, 23), s.PeriodStartUtc);
            Assert.Equal(Utc.At(2025, 3, 30, 22), s.PeriodEndUtc);
            Assert.Equal(0.60m, s.Spent);
        }

        [Fact]
        public void WeeklyBudget_StartsOnMonday()
        {
            var svc = Service();
            svc.Set(new Budget { Name = "weekly", Amount = 10m, Period = BudgetPeriod.Weekly });
            Spend(1m, Utc.At(2025, 6, 1, 12)); // Sunday: previous week
            Spend(2m, Utc.At(2025, 6, 2, 0, 0, 1)); // Monday
            _now = Utc.At(2025, 6, 4, 9); // Wednesday
            var s = Assert.Single(svc.Evaluate(svc.Get("weekly").Single()));
            Assert.Equal(Utc.At(2025, 6, 2), s.PeriodStartUtc);
            Assert.Equal(Utc.At(2025, 6, 9), s.PeriodEndUtc);
            Assert.Equal(2m, s.Spent);
            // Forecast: $2 over 57 hours elapsed, 168-hour week -> 2 x 168 / 57 = 5.894737 (rounded to 6 places)
            Assert.Equal(5.894737m, s.Forecast);
        }

        [Fact]
        public void EachScopeFilter_CountsOnlyItsUsage()
        {
            var svc = Service();
            Spend(1m, _now.AddHours(-1), session: "A", tag: "x", provider: "test", model: "m-large");
            Spend(2m, _now.AddHours(-1), session: "B", tag: "y", provider: "test", model: "m-small");
            Spend(4m, _now.AddHours(-1), session: "A", provider: "other", model: "m-large");
            var cases = new (Budget Budget, decimal Expected)[]
            {
                (new Budget { Name = "all", Amount = 100m, Period = BudgetPeriod.Total }, 7m),           // 1 + 2 + 4
                (new Budget { Name = "provider", Amount = 100m, Period = BudgetPeriod.Total, Provider = "test" }, 3m), // 1 + 2
                (new Budget { Name = "model", Amount = 100m, Period = BudgetPeriod.Total, Model = "m-l*" }, 5m),     // 1 + 4
                (new Budget { Name = "session", Amount = 100m, Period = BudgetPeriod.Total, SessionId = "A" }, 5m),  // 1 + 4
                (new Budget { Name = "tag", Amount = 100m, Period = BudgetPeriod.Total, Tag = "y" }, 2m),
            };
            foreach (var (budget, expected) in cases)
            {
                svc.Set(budget);
                Assert.Equal(expected, svc.Evaluate(svc.Get(budget.Name).Single()).Single().Spent);
            }
        }

        [Fact]
        public void PerSessionBudget_CapsEachSession()
        {
            var svc = Service();
            svc.Set(new Budget { Name = "per-session", Amount = 2m, Period = BudgetPeriod.Session });
            Spend(1.5m, _now.AddMinutes(-5), session: "s1"); // 75 %
            Spend(0.5m, _now.AddMinutes(-5), session: "s2"); // 25 %
            var result = svc.Check();
            Assert.Equal(new[] { ("s1", 75m), ("s2", 25m) }, result.Statuses.OrderBy(s => s.SessionId).Select(s => (s.SessionId!, s.Percent)));
            var alert = Assert.Single(result.NewAlerts);
            Assert.Equal("s1", alert.SessionId);
            Assert.Equal(50, alert.Threshold);
        }

        [Fact]
        public void TwoThresholdsCrossedInOneStep_GiveTwoAlertsOnce()
        {
            var svc = Service();
            svc.Set(new Budget { Name = "team", Amount = 10m, Period = BudgetPeriod.Monthly });
            Spend(8.5m, _now.AddHours(-1)); // 85 %: 50 and 80 newly crossed
            var first = svc.Check();
            Assert.Equal(new[] { 50, 80 }, first.NewAlerts.Select(a => a.Threshold).OrderBy(t => t));
            Assert.Equal(new[] { AlertLevel.Info, AlertLevel.Warning }, first.NewAlerts.OrderBy(a => a.Threshold).Select(a => a.Level));
            Assert.Equal("warning", first.Statuses[0].Status);

            var second = svc.Check();
            Assert.Empty(second.NewAlerts);

            Spend(1.5m, _now.AddMinutes(-1)); // 100 %
            var third = svc.Check();
            var critical = Assert.Single(third.NewAlerts);
            Assert.Equal(100, critical.Threshold);
            Assert.Equal(AlertLevel.Critical, critical.Level);
            Assert.True(third.AnyBreached);
            Assert.Equal(3, AlertRows());
        }

        [Fact]
        public void TwoConcurrentChecks_RecordOneAlertAndDeliverItOnce()
        {
            using var server = new WebhookServer { Delay = TimeSpan.FromMilliseconds(200) };
            Service().Set(new Budget { Name = "shared", Amount = 10m, Period = BudgetPeriod.Monthly, Thresholds = new[] { 50 }, Notify = new[] { "webhook:" + server.Url } });
            Spend(6m, _now.AddHours(-1));

            var results = new BudgetCheckResult[2];
            var errors = new List<Exception>();
            using var start = new ManualResetEventSlim();
            var threads = Enumerable.Range(0, 2).Select(i => new Thread(() =>
            {
                try
                {
                    // Separate store instances: separate connections, as two processes would have.
                    using var store = SqliteCostStore.Open(_store.Path);
                    using var notifier = new Notifier(new NotificationSettings());
                    var svc = new BudgetService(store, new NotificationSettings(), notifier, () => _now);
                    start.Wait();
                    results[i] = svc.Check();
                }
                catch (Exception ex)
                {
                    lock (errors) errors.Add(ex);
                }
            })).ToArray();
            foreach (var t in threads) t.Start();
            start.Set();
            foreach (var t in threads) t.Join();

            Assert.Empty(errors);
            Assert.Equal(1, results.Sum(r => r.NewAlerts.Count));
            Assert.Equal(1, results.Sum(r => r.Delivered));
            Assert.Equal(1, AlertRows());
            Assert.Single(server.Bodies);
            Assert.Equal(1, server.Attempts);
        }

        [Fact]
        public void MailServerDown_TheEmailFailureIsRecorded_TheWebhookAfterItIsDelivered_AndTheCheckEnds()
        {
            // Nothing listens on port 9 (discard) of loopback: the SMTP connection is refused.
            using var server = new WebhookServer();
            var settings = new NotificationSettings { SmtpHost = "127.0.0.1", SmtpPort = 9, SmtpFrom = "llmcost@example.com" };
            using var notifier = new Notifier(settings);
            var svc = Service(notifier, settings);
            svc.Set(new Budget { Name = "ops", Amount = 10m, Period = BudgetPeriod.Monthly, Thresholds = new[] { 50 }, Notify = new[] { "email:ops@example.com", "webhook:" + server.Url } });
            Spend(5m, _now.AddHours(-1));

            var result = svc.Check();
            Assert.Equal(1, result.Delivered);
            Assert.Equal(1, result.DeliveryFailures);
            Assert.Contains("127.0.0.1:9", result.DeliveryErrors.Single());
            var deliveries = svc.GetAlerts().Single().Deliveries;
            Assert.Equal("failed", deliveries.Single(d => d.Target.StartsWith("email:", StringComparison.Ordinal)).Status);
            Assert.NotNull(deliveries.Single(d => d.Target.StartsWith("email:", StringComparison.Ordinal)).LastError);
            Assert.Equal("delivered", deliveries.Single(d => d.Target.StartsWith("webhook:", StringComparison.Ordinal)).Status);
            Assert.Single(server.Bodies);
        }

        [Fact]
        public void WebhookDown_FailureIsRecorded_ThenDeliveredOnceOnTheNextCheck()
        {
            using var server = new WebhookServer { FailuresToServe = 1 };
            using var notifier = new Notifier(new NotificationSettings());
            var svc = Service(notifier);
            svc.Set(new Budget { Name = "ops", Amount = 10m, Period = BudgetPeriod.Monthly, Thresholds = new[] { 50 }, Notify = new[] { "slack:" + server.Url } });
            Spend(5m, _now.AddHours(-1));

            var first = svc.Check();
            Assert.Single(first.NewAlerts);
            Assert.Equal(1, first.DeliveryFailures);
            Assert.Contains("503", first.DeliveryErrors.Single());
            Assert.DoesNotContain("secret-token", first.DeliveryErrors.Single());
            var failed = svc.GetAlerts().Single().Deliveries.Single();
            Assert.Equal("failed", failed.Status);
            Assert.Equal(1, failed.Attempts);
            Assert.EndsWith("/***", failed.Target);

            var second = svc.Check();
            Assert.Empty(second.NewAlerts);
            Assert.Equal(1, second.Delivered);
            var third = svc.Check();
            Assert.Equal(0, third.Delivered);

            string body = Assert.Single(server.Bodies);
            Assert.Contains("\"text\"", body); // Slack-compatible body
            Assert.Contains("ops", body);
            Assert.Contains("50%", body);
            var delivered = svc.GetAlerts().Single().Deliveries.Single();
            Assert.Equal("delivered", delivered.Status);
            Assert.Equal(2, delivered.Attempts);
        }

        [Fact]
        public void UnreachableWebhook_IsRecordedAsFailedNotLost()
        {
            using var notifier = new Notifier(new NotificationSettings { Timeout = TimeSpan.FromSeconds(5) });
            var svc = Service(notifier);
            int closedPort = Loopback.FreePort();
            svc.Set(new Budget { Name = "nobody-listens", Amount = 1m, Period = BudgetPeriod.Total, Thresholds = new[] { 100 }, Notify = new[] { $"webhook:http://127.0.0.1:{closedPort}/x" } });
            Spend(1m, _now.AddHours(-1));
            var r = svc.Check();
            Assert.Equal(1, r.DeliveryFailures);
            Assert.Equal("failed", svc.GetAlerts().Single().Deliveries.Single().Status);
        }

        [Fact]
        public void GenericAndTeamsBodies_HaveTheirShapes()
        {
            var m = new AlertMessage { Subject = "S", Text = "T", Fields = { ["budget"] = "b", ["spent"] = 1.5m } };
            string generic = Notifier.WebhookBody(TargetKind.Webhook, m);
            Assert.Contains("\"budget\":\"b\"", generic);
            Assert.Contains("\"spent\":1.5", generic);
            string teams = Notifier.WebhookBody(TargetKind.Teams, m);
            Assert.Contains("\"@type\":\"MessageCard\"", teams);
            Assert.Contains("\"title\":\"S\"", teams);
        }

        [Fact]
        public void HardBudget_RefusesRequestsInScopeOnlyOnceSpent()
        {
            var svc = Service();
            svc.Set(new Budget { Name = "hard-cap", Amount = 2m, Period = BudgetPeriod.Daily, Provider = "test", Enforcement = BudgetEnforcement.Hard });
            svc.Set(new Budget { Name = "soft-cap", Amount = 0.5m, Period = BudgetPeriod.Daily });
            var gate = new BudgetGate(svc, TimeSpan.Zero, () => _now);
            var inScope = new RequestScope { Provider = "test", Model = "m-large" };

            Spend(1.99m, _now.AddMinutes(-10));
            gate.EnsureAllowed(inScope); // 1.99 < 2: allowed (the soft budget, long exceeded, never blocks)

            Spend(0.01m, _now.AddMinutes(-5));
            var ex = Assert.Throws<BudgetExceededException>(() => gate.EnsureAllowed(inScope));
            Assert.Equal("BudgetExceeded", ex.ErrorId);
            Assert.Equal("hard-cap", ex.BudgetName);
            Assert.Equal(2m, ex.Spent);
            Assert.Contains("hard-cap", ex.Message);

            gate.EnsureAllowed(new RequestScope { Provider = "other", Model = "m-large" }); // out of scope

            _now = _now.AddDays(1); // next day: a new period
            gate.EnsureAllowed(inScope);
        }

        [Fact]
        public void RecordingThatCrossesAThreshold_IsReportedOnce()
        {
            var svc = Service();
            svc.Set(new Budget { Name = "watch", Amount = 10m, Period = BudgetPeriod.Monthly });
            Assert.Empty(BudgetMonitor.CheckAfterRecording(svc, Spend(4m, _now.AddMinutes(-3))));     // 40 %
            var crossed = BudgetMonitor.CheckAfterRecording(svc, Spend(2m, _now.AddMinutes(-2)));     // 60 %: crosses 50
            Assert.Equal(50, Assert.Single(crossed).Threshold);
            Assert.Empty(BudgetMonitor.CheckAfterRecording(svc, Spend(1m, _now.AddMinutes(-1))));     // 70 %
            Assert.Equal(new[] { 80, 100 }, BudgetMonitor.CheckAfterRecording(svc, Spend(3.5m, _now)).Select(c => c.Threshold)); // 105 %
        }

        [Fact]
        public void UnpricedRequestsInScope_AreCounted()
        {
            var svc = Service();
            svc.Set(new Budget { Name = "all", Amount = 10m, Period = BudgetPeriod.Total });
            Spend(1m, _now.AddHours(-1));
            _store.Record(new UsageRecord("acme", "never-heard-of-it", _now.AddHours(-1), new TokenUsage(100, 10)) { RequestId = "u1" });
            var s = svc.Evaluate(svc.Get("all").Single()).Single();
            Assert.Equal(1m, s.Spent);
            Assert.Equal(2, s.Requests);
            Assert.Equal(1, s.UnpricedRequests);
        }

        [Theory]
        [InlineData(0, "UTC", null, "InvalidBudget")]
        [InlineData(5, "Mars/Olympus_Mons", null, "InvalidTimeZone")]
        [InlineData(5, "UTC", "pager:123", "InvalidNotificationTarget")]
        [InlineData(5, "UTC", "webhook:ftp://example.com/x", "InvalidNotificationTarget")]
        [InlineData(5, "UTC", "email:not-an-address", "InvalidNotificationTarget")]
        public void InvalidBudgets_AreRefusedWithStableIds(double amount, string tz, string? target, string errorId)
        {
            var svc = Service();
            var b = new Budget { Name = "bad", Amount = (decimal)amount, TimeZone = tz, Notify = target == null ? Array.Empty<string>() : new[] { target } };
            var ex = Assert.ThrowsAny<LlmCostException>(() => svc.Set(b));
            Assert.Equal(errorId, ex.ErrorId);
            Assert.Empty(svc.Get());
        }

        [Fact]
        public void RemovingABudget_RemovesItsAlerts()
        {
            var svc = Service();
            svc.Set(new Budget { Name = "temp", Amount = 1m, Period = BudgetPeriod.Total });
            Spend(1m, _now.AddHours(-1));
            svc.Check();
            Assert.Equal(3, AlertRows());
            Assert.True(svc.Remove("temp"));
            Assert.False(svc.Remove("temp"));
            Assert.Equal(0, AlertRows());
        }

        [Fact]
        public void SeededSpike_IsFlaggedAsAnAnomalyAndAlertedOnce()
        {
            // 20 ordinary days of $0.90..$1.10 and a $10 day.
            var day0 = Utc.At(2025, 5, 1, 12);
            var rng = new Random(3);
            for (int d = 0; d < 20; d++) Spend(0.90m + rng.Next(21) / 100m, day0.AddDays(d), session: "s" + d);
            Spend(10m, day0.AddDays(20), session: "s20");
            var found = new AnomalyDetector(_store).Detect(new AnomalyOptions { Since = day0.Date.AddDays(7), Until = day0.Date.AddDays(21) });
            var all = found.Where(a => a.ScopeKind == "all").ToList();
            var spike = Assert.Single(all);
            Assert.Equal(day0.Date.AddDays(20), spike.Day);
            Assert.Equal(10m, spike.Spent);
            Assert.True(spike.Score > 3.5);
            Assert.True(spike.ExpectedHigh < 10m && spike.ExpectedLow < 1m);
            Assert.Contains(found, a => a.ScopeKind == "model" && a.Scope == "test/m-large");

            using var server = new WebhookServer();
            using var notifier = new Notifier(new NotificationSettings());
            var svc = Service(notifier, new NotificationSettings { DefaultTargets = new[] { "webhook:" + server.Url } });
            _now = day0.AddDays(20).AddHours(6);
            var first = svc.Check(includeAnomalies: true);
            Assert.Contains(first.NewAnomalies, a => a.ScopeKind == "all");
            Assert.Equal(first.NewAnomalies.Count, server.Bodies.Count);
            Assert.Empty(svc.Check(includeAnomalies: true).NewAnomalies);
            Assert.Contains(server.Bodies, b => b.Contains("\"kind\":\"anomaly\""));
        }

        [Fact]
        public void Settings_FromEnvironment()
        {
            var env = new Dictionary<string, string>
            {
                ["LLMCOST_THRESHOLDS"] = "25,75,100",
                ["LLMCOST_NOTIFY"] = "slack:env:SLACK_URL;email:ops@example.com",
                ["LLMCOST_SMTP_HOST"] = "smtp.example.com",
                ["LLMCOST_SMTP_PORT"] = "2525",
                ["LLMCOST_SMTP_PASSWORD_FILE"] = _dir.File("pw"),
            };
            System.IO.File.WriteAllText(_dir.File("pw"), "s3cret\n");
            var s = NotificationSettings.FromEnvironment(k => env.TryGetValue(k, out var v) ? v : null);
            Assert.Equal(new[] { 25, 75, 100 }, s.DefaultThresholds);
            Assert.Equal(new[] { "slack:env:SLACK_URL", "email:ops@example.com" }, s.DefaultTargets);
            Assert.Equal(2525, s.SmtpPort);
            Assert.Equal("s3cret", s.SmtpPassword);

            env["LLMCOST_SMTP_PORT"] = "smtp";
            Assert.Equal("InvalidConfiguration", Assert.Throws<LlmCostException>(() => NotificationSettings.FromEnvironment(k => env.TryGetValue(k, out var v) ? v : null)).ErrorId);
        }
    }
}
