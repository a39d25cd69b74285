using System;
using System.Linq;
using LlmCost.Core.Queries;
using LlmCost.Core.Storage;
using LlmCost.Core.Storage.Sqlite;
using LlmCost.Core.Usage;
using Microsoft.Data.Sqlite;

namespace LlmCost.Core.Tests
{
    public class SqliteBulkWriterTests
    {
        private static UsageRecord Groq(string id, int minute) =>
            new UsageRecord("groq", "llama-3.3-70b-versatile", Utc.At(2025, 6, 1, 10).AddMinutes(minute), new TokenUsage(1200, 300)) { RequestId = id, SessionId = "bulk" };

        [Fact]
        public void ManyBatches_AreWrittenOnce_WithWorkInTheSameTransactions()
        {
            using var dir = new TempDir();
            using var store = SqliteCostStore.Open(dir.File("s.db"));
            BatchResult result;
            using (var recorder = TestBulk.Open(store, batchSize: 3))
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
        public void ConsecutiveRows_KeepTheirOwnValues_WhenOnlySomeChange()
        {
            // The insert statement re-binds only the parameters whose value changed since the previous row: each row
            // must still come back with exactly its own session, tags, source, latency and counts.
            using var dir = new TempDir();
            using var store = SqliteCostStore.Open(dir.File("s.db"));
            var at = Utc.At(2025, 6, 1, 10);
            string source = "import:a.jsonl";
            var rows = new[]
            {
                new UsageRecord("groq", "llama-3.3-70b-versatile", at, new TokenUsage(1200, 300)) { RequestId = "r1", SessionId = "s1", Source = source, LatencyMs = 12.5, Tags = new[] { "x" } },
                new UsageRecord("groq", "llama-3.3-70b-versatile", at.AddMinutes(1), new TokenUsage(1000, 100)) { RequestId = "r2", Source = source },
                new UsageRecord("groq", "llama-3.3-70b-versatile", at.AddMinutes(2), new TokenUsage(1200, 300)) { RequestId = "r3", SessionId = "s1", Source = "import:" + "b.jsonl", LatencyMs = 12.5, Tags = new[] { "x" } },
                new UsageRecord("groq", "llama-3.3-70b-versatile", at.AddMinutes(3), new TokenUsage(1200, 300)) { RequestId = "r4", SessionId = "s2", Source = source, LatencyMs = 7 },
                new UsageRecord("groq", "made-up-model", at.AddMinutes(4), new TokenUsage(1200, 300)) { RequestId = "r5", SessionId = "s2", Source = source, LatencyMs = 7 },
            };
            using (var recorder = TestBulk.Open(store))
            {
                foreach (var r in rows) recorder.Add(r);
                Assert.Equal(5, recorder.Complete().Added);
            }

            var stored = store.GetRequests(new CostQuery()).OrderBy(r => r.OccurredAtUtc).ToList();
            Assert.Equal(new[] { "groq:r1", "groq:r2", "groq:r3", "groq:r4", "groq:r5" }, stored.Select(r => r.RequestKey));
            Assert.Equal(new[] { "s1", null, "s1", "s2", "s2" }, stored.Select(r => r.SessionId));
            Assert.Equal(new[] { "import:a.jsonl", "import:a.jsonl", "import:b.jsonl", "import:a.jsonl", "import:a.jsonl" }, stored.Select(r => r.Source));
            Assert.Equal(new double?[] { 12.5, null, 12.5, 7, 7 }, stored.Select(r => r.LatencyMs));
            Assert.Equal(new[] { "x", "", "x", "", "" }, stored.Select(r => string.Join(",", r.Tags)));
            Assert.Equal(new long[] { 1200, 1000, 1200, 1200, 1200 }, stored.Select(r => r.InputTokens));
            Assert.Equal(new[] { "llama-3.3-70b-versatile", "llama-3.3-70b-versatile", "llama-3.3-70b-versatile", "llama-3.3-70b-versatile", "made-up-model" }, stored.Select(r => r.Model));
            // Example 7: (1200 x 0.59 + 300 x 0.79) / 1e6 = $0.000945; 1000 input + 100 output: (590 + 79) / 1e6 = $0.000669;
            // the unknown model stays unpriced (no cost), never $0.
            Assert.Equal(new decimal?[] { 0.000945m, 0.000669m, 0.000945m, 0.000945m, null }, stored.Select(r => r.Cost));
        }

        [Fact]
        public void ANewStore_Uses16KbPages_AndAnOlderStoreKeepsItsOwn()
        {
            using var dir = new TempDir();
            string fresh = dir.File("new.db");
            using (SqliteCostStore.Open(fresh))
            {
            }

            Assert.Equal(16384, TestDb.Scalar(fresh, "PRAGMA page_size"));

            // A database file that already exists with SQLite's default 4 KB pages is migrated and used as it is.
            string older = dir.File("old.db");
            TestDb.Exec(older, "CREATE TABLE unrelated (a)");
            using var store = SqliteCostStore.Open(older);
            using (var recorder = TestBulk.Open(store, batchSize: 2))
            {
                for (int i = 0; i < 5; i++) recorder.Add(Groq("r" + i, i));
                Assert.Equal(5, recorder.Complete().Added);
            }

            Assert.Equal(4096, TestDb.Scalar(older, "PRAGMA page_size"));
            // Example 7 five times: 5 x $0.000945.
            Assert.Equal(0.004725m, store.GetTotals(new CostQuery()).Cost);
        }

        [Fact]
        public void AFailingWrite_IsReported_AndLeavesTheStoreConsistent()
        {
            using var dir = new TempDir();
            using var store = SqliteCostStore.Open(dir.File("s.db"));
            store.Record(Groq("before", 0));
            var recorder = TestBulk.Open(store, batchSize: 2);
            recorder.Add(Groq("a", 1));
            recorder.AddWork((conn, tx) => throw new SqliteException("disk full (simulated)", 13));
            var ex = Assert.Throws<StoreException>(() =>
            {
                for (int i = 0; i < 100; i++) recorder.Add(Groq("b" + i, i));
                recorder.Complete();
            });
            Assert.Equal("StoreFull", ex.ErrorId); // SQLITE_FULL (13) is named for what it is (issue 13)
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
            using var recorder = TestBulk.Open(store);
            var bad = new UsageRecord("groq", "=cmd()", Utc.At(2025, 6, 1, 10), new TokenUsage(1, 1));
            Assert.Throws<InvalidUsageException>(() => recorder.Add(bad));
            recorder.Add(Groq("ok", 0));
            Assert.Equal(1, recorder.Complete().Added);
        }
    }
}
