using System;
using LlmCost.Core.Queries;
using LlmCost.Core.Storage;
using LlmCost.Core.Time;
using LlmCost.Core.Storage.Sqlite;
using LlmCost.Core.Usage;

namespace LlmCost.Core.Tests
{
    /// <summary>Request keys are looked up by a 64-bit hash and confirmed on the text (migrations 0004 and 0005).</summary>
    public class RequestKeyHashTests
    {
        [Fact]
        public void Hash_IsFnv1a64OverUtf8()
        {
            // FNV-1a 64 of "" is the offset basis; of "a" it is 0xaf63dc4c8601ec8c (published test vectors).
            Assert.Equal(unchecked((long)14695981039346656037UL), SqliteRequestHash.Of(""));
            Assert.Equal(unchecked((long)0xaf63dc4c8601ec8cUL), SqliteRequestHash.Of("a"));
            // Non-ASCII keys hash their UTF-8 bytes, as ASCII ones do.
            Assert.Equal(SqliteRequestHash.Of("é"), Fnv(new byte[] { 0xC3, 0xA9 }));
        }

        private static long Fnv(byte[] bytes)
        {
            ulong h = 14695981039346656037UL;
            foreach (var b in bytes) h = (h ^ b) * 1099511628211UL;
            return unchecked((long)h);
        }

        [Fact]
        public void TwoKeysWithTheSameHash_AreTwoRequests()
        {
            using var dir = new TempDir();
            string db = dir.File("s.db");
            var at = Utc.At(2025, 6, 1, 10);
            using var store = SqliteCostStore.Open(db);
            store.Record(new UsageRecord("groq", "llama-3.3-70b-versatile", at, new TokenUsage(1200, 300)) { RequestId = "A" });
            // Make the stored key "groq:A" carry the hash of "groq:B": the store must compare the text, not trust the hash.
            TestDb.Exec(db, "UPDATE request_costs SET request_hash = $h WHERE request_key = 'groq:A'", ("$h", SqliteRequestHash.Of("groq:B")));

            var b = store.Record(new UsageRecord("groq", "llama-3.3-70b-versatile", at, new TokenUsage(1200, 300)) { RequestId = "B" });
            var bAgain = store.Record(new UsageRecord("groq", "llama-3.3-70b-versatile", at, new TokenUsage(1200, 300)) { RequestId = "B" });
            Assert.True(b.Added);
            Assert.True(bAgain.Duplicate);
            // Example 7 twice: 2 x (1200 x 0.59 + 300 x 0.79) / 1e6 = 2 x $0.000945.
            var totals = store.GetTotals(new CostQuery());
            Assert.Equal(2, totals.Requests);
            Assert.Equal(0.00189m, totals.Cost);
        }

        [Fact]
        public void ACollidedKey_IsFoundUnderItsDerivedHash_UntilItIsDeleted()
        {
            using var dir = new TempDir();
            string db = dir.File("s.db");
            var at = Utc.At(2025, 6, 1, 10);
            UsageRecord Groq(string id, int output) => new UsageRecord("groq", "llama-3.3-70b-versatile", at, new TokenUsage(1200, output)) { RequestId = id };
            using var store = SqliteCostStore.Open(db);
            store.Record(Groq("A", 300));
            TestDb.Exec(db, "UPDATE request_costs SET request_hash = $h WHERE request_key = 'groq:A'", ("$h", SqliteRequestHash.Of("groq:B")));
            Assert.True(store.Record(Groq("B", 300)).Added);
            // B's own hash is taken by A, so B lives under the hash of "groq:B #1", listed as a collision.
            Assert.Equal(SqliteRequestHash.Of("groq:B #1"), TestDb.Scalar(db, "SELECT request_hash FROM request_costs WHERE request_key = 'groq:B'"));
            Assert.Equal(SqliteRequestHash.Of("groq:B #1"), TestDb.Scalar(db, "SELECT request_hash FROM request_key_collisions WHERE request_key = 'groq:B'"));

            // With A gone, B's own hash is free, yet B is still found where it is: a duplicate, and a replaced snapshot.
            TestDb.Exec(db, "DELETE FROM request_costs WHERE request_key = 'groq:A'");
            Assert.True(store.Record(Groq("B", 300)).Duplicate);
            Assert.True(store.Record(Groq("B", 400), DuplicatePolicy.Replace).Replaced);
            Assert.Equal(1, TestDb.Scalar(db, "SELECT COUNT(*) FROM request_costs"));
            // Example 7 with 400 output tokens: (1200 x 0.59 + 400 x 0.79) / 1e6 = $0.001024.
            Assert.Equal(0.001024m, store.GetTotals(new CostQuery()).Cost);

            // Deleting B drops its collision entry; recorded again, it takes its own hash.
            TestDb.Exec(db, "DELETE FROM request_costs WHERE request_key = 'groq:B'");
            Assert.Equal(0, TestDb.Scalar(db, "SELECT COUNT(*) FROM request_key_collisions"));
            Assert.True(store.Record(Groq("B", 300)).Added);
            Assert.Equal(SqliteRequestHash.Of("groq:B"), TestDb.Scalar(db, "SELECT request_hash FROM request_costs WHERE request_key = 'groq:B'"));
        }

        [Fact]
        public void Migration0005_MovesASharedHashAside_AndKeepsBothRequests()
        {
            using var dir = new TempDir();
            string db = dir.File("v4.db");
            TestDb.MigrateTo(db, 4);

            // Under 0004 two keys could share a hash (the text told them apart): A and B both carry A's hash.
            long hashA = SqliteRequestHash.Of("groq:A");
            foreach (var id in new[] { "A", "B" })
            {
                TestDb.Exec(db, "INSERT INTO request_costs (request_key, request_hash, provider_request_id, occurred_at, provider, model, input_tokens, output_tokens, cost_nano, pricing_status, recorded_at) " +
                                "VALUES ($k, $h, $id, 1748772000000, 'groq', 'llama-3.3-70b-versatile', 1200, 300, 945000, 'priced', 0)",
                    ("$k", "groq:" + id), ("$h", hashA), ("$id", id));
            }

            TestDb.Exec(db, "INSERT INTO cost_rollups_hourly VALUES (1748772000000, '', 'groq', 'llama-3.3-70b-versatile', 2, 0, 2400, 0, 0, 0, 600, 0, 1890000)");

            using var store = SqliteCostStore.Open(db);
            Assert.Equal(Migrator.LatestVersion, store.GetInfo().SchemaVersion);
            Assert.Equal(hashA, TestDb.Scalar(db, "SELECT request_hash FROM request_costs WHERE request_key = 'groq:A'"));
            Assert.Equal(SqliteRequestHash.Of("groq:B #1"), TestDb.Scalar(db, "SELECT request_hash FROM request_costs WHERE request_key = 'groq:B'"));
            var at = UnixMs.ToUtc(1748772000000);
            Assert.True(store.Record(new UsageRecord("groq", "llama-3.3-70b-versatile", at, new TokenUsage(1200, 300)) { RequestId = "A" }).Duplicate);
            Assert.True(store.Record(new UsageRecord("groq", "llama-3.3-70b-versatile", at, new TokenUsage(1200, 300)) { RequestId = "B" }).Duplicate);
            // Example 7 twice, as stored before the migration: 2 x $0.000945.
            var totals = store.GetTotals(new CostQuery());
            Assert.Equal(2, totals.Requests);
            Assert.Equal(0.00189m, totals.Cost);
        }

        [Fact]
        public void Migration0004_KeepsRowsAndRollups_AndHashesOldKeys()
        {
            using var dir = new TempDir();
            string db = dir.File("v3.db");
            // A database as the previous release left it: migrations 0001-0003 and one request in the old table.
            TestDb.MigrateTo(db, 3);

            TestDb.Exec(db, "INSERT INTO sessions VALUES ('s1', 0, 0, NULL, NULL)");
            TestDb.Exec(db, "INSERT INTO request_costs (request_key, provider_request_id, session_id, occurred_at, provider, model, input_tokens, output_tokens, cost_nano, pricing_status, recorded_at) " +
                     "VALUES ('groq:req-1', 'req-1', 's1', 1748772000000, 'groq', 'llama-3.3-70b-versatile', 1200, 300, 945000, 'priced', 0)");
            TestDb.Exec(db, "INSERT INTO cost_rollups_hourly VALUES (1748772000000, 's1', 'groq', 'llama-3.3-70b-versatile', 1, 0, 1200, 0, 0, 0, 300, 0, 945000)");

            using var store = SqliteCostStore.Open(db);
            Assert.Equal(Migrator.LatestVersion, store.GetInfo().SchemaVersion);
            Assert.Equal(SqliteRequestHash.Of("groq:req-1"), TestDb.Scalar(db, "SELECT request_hash FROM request_costs WHERE request_key = 'groq:req-1'"));
            // The same request recorded again is still a duplicate; a new one is added and the rollup triggers still work.
            var again = store.Record(new UsageRecord("groq", "llama-3.3-70b-versatile", UnixMs.ToUtc(1748772000000), new TokenUsage(1200, 300)) { RequestId = "req-1", SessionId = "s1" });
            Assert.True(again.Duplicate);
            store.Record(new UsageRecord("groq", "llama-3.3-70b-versatile", UnixMs.ToUtc(1748772000000), new TokenUsage(1200, 300)) { RequestId = "req-2", SessionId = "s1" });
            var totals = store.GetTotals(new CostQuery { Sessions = new[] { "s1" } });
            Assert.Equal(2, totals.Requests);
            Assert.Equal(0.00189m, totals.Cost);
            TestDb.Exec(db, "PRAGMA foreign_keys=ON; DELETE FROM request_costs WHERE request_key = 'groq:req-1'");
            Assert.Equal(945000, TestDb.Scalar(db, "SELECT SUM(cost_nano) FROM cost_rollups_hourly"));
            Assert.Equal(0, TestDb.Scalar(db, "SELECT COUNT(*) FROM sqlite_master WHERE name = 'request_costs_v4'"));
        }
    }
}
