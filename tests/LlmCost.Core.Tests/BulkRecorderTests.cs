using System;
using System.Linq;
using LlmCost.Core.Queries;
using LlmCost.Core.Storage;
using LlmCost.Core.Usage;
using Microsoft.Data.Sqlite;

namespace LlmCost.Core.Tests
{
    public class BulkRecorderTests
    {
        private static UsageRecord Groq(string id, int minute) =>
            new UsageRecord("groq", "llama-3.3-70b-versatile", Utc.At(2025, 6, 1, 10).AddMinutes(minute), new TokenUsage(1200, 300)) { RequestId = id, SessionId = "bulk" };

        [Fact]
        public void ManyBatches_AreWrittenOnce_WithWorkInTheSameTransactions()
        {
            using var dir = new TempDir();
            using var store = SqliteCostStore.Open(dir.File("s.db"));
            BatchResult result;
            using (var recorder = store.OpenBulkRecorder(batchSize: 3))
            {
                for (int i = 0; i < 10; i++) recorder.Add(Groq("r" + i, i));
                recorder.Add(Groq("r4", 4)); // already added above: a duplicate
                recorder.AddWork((conn, tx) =>
                {
                    using var cmd = conn.CreateCommand();
                    cmd.Transaction = tx;
                    cmd.CommandText = "UPDATE sessions SET label = 'done' WHERE session_id = 'bulk'";
                    Assert.Equal(1, cmd.ExecuteNonQuery());
                });
                result = recorder.Complete();
            }

            Assert.Equal(10, result.Added);
            Assert.Equal(1, result.Duplicates);
            // Example 7 ten times: 10 x (1200 x 0.59 + 300 x 0.79) / 1e6 = 10 x $0.000945.
            var totals = store.GetTotals(new CostQuery { Sessions = new[] { "bulk" } });
            Assert.Equal(10, totals.Requests);
            Assert.Equal(0.00945m, totals.Cost);
        }

        [Fact]
        public void AFailingWrite_IsReported_AndLeavesTheStoreConsistent()
        {
            using var dir = new TempDir();
            using var store = SqliteCostStore.Open(dir.File("s.db"));
            store.Record(Groq("before", 0));
            var recorder = store.OpenBulkRecorder(batchSize: 2);
            recorder.Add(Groq("a", 1));
            recorder.AddWork((conn, tx) => throw new SqliteException("disk full (simulated)", 13));
            var ex = Assert.Throws<StoreException>(() =>
            {
                for (int i = 0; i < 100; i++) recorder.Add(Groq("b" + i, i));
                recorder.Complete();
            });
            Assert.Equal("BulkWriteFailed", ex.ErrorId);
            Assert.Contains("disk full", ex.Message);
            recorder.Dispose();

            // The request stored before is still there; the failed transaction left nothing half-written.
            var totals = store.GetTotals(new CostQuery());
            Assert.Equal(1, totals.Requests);
            Assert.Equal(0.000945m, totals.Cost);
            Assert.Equal("groq:before", Assert.Single(store.GetRequests(new CostQuery())).RequestKey);
        }

        [Fact]
        public void AnInvalidRecord_FailsWhereItIsAdded()
        {
            using var dir = new TempDir();
            using var store = SqliteCostStore.Open(dir.File("s.db"));
            using var recorder = store.OpenBulkRecorder();
            var bad = new UsageRecord("groq", "=cmd()", Utc.At(2025, 6, 1, 10), new TokenUsage(1, 1));
            Assert.Throws<InvalidUsageException>(() => recorder.Add(bad));
            recorder.Add(Groq("ok", 0));
            Assert.Equal(1, recorder.Complete().Added);
        }
    }
}
