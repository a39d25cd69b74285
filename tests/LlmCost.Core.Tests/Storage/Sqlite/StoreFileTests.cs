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
