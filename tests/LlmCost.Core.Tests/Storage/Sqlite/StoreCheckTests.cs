using System.IO;
using LlmCost.Core.Storage.Sqlite;
using LlmCost.Core.Usage;
using Microsoft.Data.Sqlite;

namespace LlmCost.Core.Tests
{
    public sealed class StoreCheckTests
    {
        private static string NewStore(TempDir dir, string name)
        {
            string db = dir.File(name);
            using var store = SqliteCostStore.Open(db);
            for (int i = 0; i < 200; i++)
            {
                store.Record(new UsageRecord("openai", "gpt-4o", Utc.At(2025, 6, 1).AddMinutes(i * 7), new TokenUsage(2006, 300, 1920)) { RequestId = "r" + i, SessionId = "s" + (i % 5) });
            }

            SqliteConnection.ClearAllPools();
            return db;
        }

        [Fact]
        public void AHealthyStore_IsHealthy()
        {
            using var dir = new TempDir();
            using var store = SqliteCostStore.Open(NewStore(dir, "ok.db"));
            var c = store.Check();
            Assert.True(c.Healthy, string.Join("; ", c.Problems()));
            Assert.Equal(200, c.Requests);
        }

        [Fact]
        public void ASummaryThatNoLongerEqualsItsRows_IsFound()
        {
            using var dir = new TempDir();
            string db = NewStore(dir, "rollup.db");
            TestDb.Exec(db, "UPDATE cost_rollups_hourly SET cost_nano = cost_nano + 1 WHERE rowid IN (SELECT rowid FROM cost_rollups_hourly LIMIT 1)".Replace("rowid", "hour_start"));
            using var store = SqliteCostStore.Open(db);
            var c = store.Check();
            Assert.False(c.Healthy);
            Assert.True(c.RollupMismatches >= 1);
        }

        [Fact]
        public void OneDamagedPage_IsFoundByTheCheck()
        {
            using var dir = new TempDir();
            string db = NewStore(dir, "page.db");
            using (var f = new FileStream(db, FileMode.Open, FileAccess.ReadWrite))
            {
                // Garbage over the last page: a table or index page, not the schema.
                var garbage = new byte[SqliteCostStore.PageSize];
                for (int i = 0; i < garbage.Length; i++) garbage[i] = 0xA5;
                f.Position = f.Length - garbage.Length;
                f.Write(garbage, 0, garbage.Length);
            }

            using var store = SqliteCostStore.Open(db);
            var c = store.Check();
            Assert.False(c.Healthy);
            Assert.NotEqual("ok", c.Integrity[0]);
        }

        [Fact]
        public void AStoreDamagedBeyondOpening_IsAClearStoreDamagedError()
        {
            using var dir = new TempDir();
            string db = NewStore(dir, "flip.db");
            using (var f = new FileStream(db, FileMode.Open, FileAccess.ReadWrite))
            {
                // Garbage over every page but the first (which holds the header and the schema, without which nothing opens).
                var garbage = new byte[SqliteCostStore.PageSize];
                for (int i = 0; i < garbage.Length; i++) garbage[i] = 0xA5;
                for (long at = SqliteCostStore.PageSize; at + garbage.Length <= f.Length; at += garbage.Length)
                {
                    f.Position = at;
                    f.Write(garbage, 0, garbage.Length);
                }
            }

            var ex = Assert.Throws<StoreException>(() => SqliteCostStore.Open(db));
            Assert.Equal("StoreDamaged", ex.ErrorId);
            Assert.Contains(db, ex.Message);
        }
    }
}
