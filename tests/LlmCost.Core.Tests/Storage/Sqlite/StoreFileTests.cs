using System;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using System.Threading.Tasks;
using LlmCost.Core.Storage;
using LlmCost.Core.Storage.Sqlite;
using LlmCost.Core.Usage;

namespace LlmCost.Core.Tests
{
    /// <summary>The store's file: private from the first byte, and created safely by two processes at once.</summary>
    public sealed class StoreFileTests
    {
        [DllImport("libc", EntryPoint = "umask")]
        private static extern int SetUmask(int mask);

        [Fact]
        public void TheDatabaseAndItsWalAndShmFiles_AreOwnerOnly_EvenUnderAnOpenUmask()
        {
            if (OperatingSystem.IsWindows()) return; // file modes are a Unix matter
            using var dir = new TempDir();
            string db = dir.File("private.db");
            int old = SetUmask(0); // the worst case: every new file would be world-readable
            try
            {
                using var store = SqliteCostStore.Open(db);
                store.Record(new UsageRecord("openai", "gpt-4o", Utc.At(2025, 6, 1), new TokenUsage(10, 1)) { RequestId = "p" });
                using var holder = HoldOpen(db);
                foreach (var f in new[] { db, db + "-wal", db + "-shm" }.Where(File.Exists))
                {
                    Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(f));
                }

                Assert.True(File.Exists(db + "-wal"));
            }
            finally
            {
                SetUmask(old);
            }
        }

        [Fact]
        public void AnotherUser_CannotReadTheStore()
        {
            if (OperatingSystem.IsWindows() || Environment.UserName != "root") return; // needs root to create and switch to a second user
            if (SystemCommand.Run("sh", new[] { "-c", "id llmcost-probe >/dev/null 2>&1 || useradd --system --no-create-home llmcost-probe" }, out _) != 0) return;
            using var dir = new TempDir();
            string db = dir.File("private.db");
            using var store = SqliteCostStore.Open(db);
            store.Record(new UsageRecord("openai", "gpt-4o", Utc.At(2025, 6, 1), new TokenUsage(10, 1)) { RequestId = "p" });
            using var holder = HoldOpen(db);

            // While the store is open (its -wal and -shm exist too), the other user can open none of them.
            Assert.True(File.Exists(db + "-wal"));
            foreach (var f in new[] { db, db + "-wal", db + "-shm" }.Where(File.Exists))
            {
                int code = SystemCommand.Run("runuser", new[] { "-u", "llmcost-probe", "--", "cat", f }, out string output);
                Assert.True(code != 0, $"{f} was readable by another user");
                Assert.Contains("Permission denied", output);
            }
        }

        /// <summary>
        /// A connection outside the pool that has read the store keeps -wal and -shm in place: other tests clearing the
        /// pools would otherwise close the store's last connection, which checkpoints and deletes them mid-check. The read
        /// makes it a WAL reader, which opens them again if a pool clear removed them just before.
        /// </summary>
        private static Microsoft.Data.Sqlite.SqliteConnection HoldOpen(string db)
        {
            var holder = new Microsoft.Data.Sqlite.SqliteConnection("Data Source=" + db + ";Pooling=False");
            holder.Open();
            using var read = holder.CreateCommand();
            read.CommandText = "SELECT COUNT(*) FROM request_costs";
            read.ExecuteScalar();
            return holder;
        }

        [Fact]
        public async Task TwoOpeningTheSameNewStoreAtOnce_BothSucceed()
        {
            using var dir = new TempDir();
            for (int i = 0; i < 20; i++)
            {
                string db = dir.File($"race{i}.db");
                var opens = Enumerable.Range(0, 2).Select(_ => Task.Run(() =>
                {
                    using var s = CostStores.Open(db);
                    return s.GetInfo().SchemaVersion;
                })).ToArray();
                var versions = await Task.WhenAll(opens);
                Assert.All(versions, v => Assert.Equal(Migrator.LatestVersion, v));
            }
        }
    }
}
