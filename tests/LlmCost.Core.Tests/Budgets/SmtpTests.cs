using System;
using System.Linq;
using LlmCost.Core.Budgets;
using LlmCost.Core.Notifications;
using LlmCost.Core.Pricing;
using LlmCost.Core.Storage;
using LlmCost.Core.Storage.Sqlite;
using LlmCost.Core.Usage;

namespace LlmCost.Core.Tests.Budgets
{
    /// <summary>E-mail alerts delivered to a real SMTP server process (aiosmtpd) on 127.0.0.1.</summary>
    public sealed class SmtpTests
    {
        private static (SqliteCostStore Store, BudgetService Service) Setup(TempDir dir, NotificationSettings settings, INotifier notifier)
        {
            var store = SqliteCostStore.Open(dir.File("smtp.db"));
            store.AddPrice(new ModelPrice("test", "m", new PriceSet { Input = 1m, Output = 0m }));
            var now = Utc.At(2025, 6, 15, 12);
            var svc = new BudgetService(store, settings, notifier, () => now);
            svc.Set(new Budget { Name = "team-a", Amount = 20m, Period = BudgetPeriod.Monthly, Thresholds = new[] { 50 }, Notify = new[] { "email:ops@example.com" } });
            // 12,000,000 input tokens at $1/M = $12 of $20 = 60 %
            store.Record(new UsageRecord("test", "m", now.AddHours(-1), new TokenUsage(12_000_000, 0)) { RequestId = "x" });
            return (store, svc);
        }

        [Fact]
        public void AlertEmail_ArrivesOverStartTls_WithSubjectAndBody()
        {
            using var dir = new TempDir();
            using var smtp = new SmtpServer(dir.Path, startTls: true);
            var settings = new NotificationSettings
            {
                SmtpHost = "127.0.0.1",
                SmtpPort = smtp.Port,
                SmtpFrom = "llmcost@example.com",
                SmtpStartTls = true,
                SmtpTrustCertificateFile = smtp.CertFile,
            };
            using var notifier = new Notifier(settings);
            var (store, svc) = Setup(dir, settings, notifier);
            using (store)
            {
                var result = svc.Check();
                Assert.Equal(1, result.Delivered);
                Assert.Empty(result.DeliveryErrors);
            }

            string mail = Assert.Single(smtp.Messages());
            Assert.Contains("Subject: [LlmCost] INFO: budget 'team-a' reached 50%", mail);
            Assert.Contains("To: ops@example.com", mail);
            Assert.Contains("has spent 12 of 20 USD (60.0%)", mail);
        }

        [Fact]
        public void UntrustedCertificate_IsRefused_AndTheFailureKeptForRetry()
        {
            using var dir = new TempDir();
            using var smtp = new SmtpServer(dir.Path, startTls: true);
            // No trusted certificate configured: the self-signed one must not be accepted.
            var settings = new NotificationSettings { SmtpHost = "127.0.0.1", SmtpPort = smtp.Port, SmtpFrom = "llmcost@example.com" };
            using var notifier = new Notifier(settings);
            var (store, svc) = Setup(dir, settings, notifier);
            using (store)
            {
                var result = svc.Check();
                Assert.Equal(1, result.DeliveryFailures);
                Assert.Equal("failed", svc.GetAlerts().Single().Deliveries.Single().Status);
            }

            Assert.Empty(smtp.Messages());
        }

        [Fact]
        public void PlainRelay_WorksWhenStartTlsIsTurnedOff()
        {
            using var dir = new TempDir();
            using var smtp = new SmtpServer(dir.Path, startTls: false);
            var settings = new NotificationSettings { SmtpHost = "127.0.0.1", SmtpPort = smtp.Port, SmtpFrom = "llmcost@example.com", SmtpStartTls = false };
            using var notifier = new Notifier(settings);
            var (store, svc) = Setup(dir, settings, notifier);
            using (store)
            {
                Assert.Equal(1, svc.Check().Delivered);
            }

            Assert.Contains("budget 'team-a' reached 50%", Assert.Single(smtp.Messages()));
        }
    }
}
