using System.Diagnostics;
using LlmCost.Core.Budgets;
using LlmCost.Core.Notifications;
using LlmCost.Core.Queries;
using LlmCost.Core.Storage;
using LlmCost.Core.Storage.Sqlite;
using LlmCost.Core.Usage;
using Microsoft.Data.Sqlite;

namespace LlmCost.Core.Tests
{
    /// <summary>Reads never wait for a writer: WAL gives them a snapshot, and opening an up-to-date store writes nothing.</summary>
    public sealed class ReadersAndWritersTests
    {
        [Fact]
        public void WhileAWriterHoldsItsTransaction_OpeningReadingAndAnUnchangedBudgetCheckDoNotWait()
        {
            using var dir = new TempDir();
            string db = dir.File("s.db");
            using (var store = SqliteCostStore.Open(db))
            {
                // cost-rules example 1: $0.005615, half of a $0.01 budget whose 50 % alert is already recorded below.
                store.Record(new UsageRecord("openai", "gpt-4o", Utc.At(2025, 6, 1, 10), new TokenUsage(2006, 300, 1920)) { RequestId = "r1" });
                var svc = new BudgetService(store, new NotificationSettings());
                svc.Set(new Budget { Name = "b", Amount = 0.01m, Period = BudgetPeriod.Total });
                Assert.Single(svc.Check().NewAlerts);
            }

            // Another process's import in the middle of a transaction: it holds the write lock.
            using var writer = new SqliteConnection("Data Source=" + db + ";Pooling=False");
            writer.Open();
            using var tx = writer.BeginTransaction(deferred: false);
            using (var cmd = writer.CreateCommand())
            {
                cmd.Transaction = tx;
                cmd.CommandText = "INSERT INTO sessions (session_id, first_seen, last_seen) VALUES ('busy', 0, 0)";
                cmd.ExecuteNonQuery();
            }

            var clock = Stopwatch.StartNew();
            using (var reader = CostStores.Open(db, StoreAccess.ReadExisting))
            {
                Assert.Equal(0.005615m, reader.GetTotals(new CostQuery()).Cost);
                var check = new BudgetService(reader, new NotificationSettings()).Check();
                Assert.Empty(check.NewAlerts);
                Assert.Single(check.Statuses);
            }

            // The busy timeout is 10 s: a read that waited for the lock would take at least that.
            Assert.True(clock.Elapsed.TotalSeconds < 5, $"reads waited {clock.Elapsed.TotalSeconds:0.0} s for the writer");
            tx.Rollback();
        }
    }
}
