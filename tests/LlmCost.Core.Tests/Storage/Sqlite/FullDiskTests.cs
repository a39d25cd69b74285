using System.Collections.Generic;
using System.IO;
using LlmCost.Core.Ingestion;
using LlmCost.Core.Queries;
using LlmCost.Core.Storage;
using LlmCost.Core.Storage.Sqlite;
using Microsoft.Data.Sqlite;
using Xunit.Abstractions;

namespace LlmCost.Core.Tests
{
    /// <summary>
    /// An import into a store on a full disk (a 2 MB tmpfs, mounted as root as CI runs): one StoreFull error naming the
    /// store, no line blamed, the store left consistent, and a rerun after freeing space exact.
    /// </summary>
    public sealed class FullDiskTests
    {
        private readonly ITestOutputHelper _out;

        public FullDiskTests(ITestOutputHelper output) => _out = output;

        [Fact]
        public void AnImportThatFillsTheDisk_StopsWithStoreFull_AndARerunAfterFreeingSpaceIsExact()
        {
            using var dir = new TempDir();
            string mount = dir.File("small");
            Directory.CreateDirectory(mount);
            if (!SystemCommand.Run("mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", mount))
            {
                _out.WriteLine("cannot mount a tmpfs here (not root, or no permission): nothing to test");
                return;
            }

            try
            {
                // 40,000 OpenAI chat responses (gpt-4o, 2006 input of which 1920 cached, 300 output: cost-rules example 1, $0.005615 each).
                string log = dir.File("log.jsonl");
                var lines = new List<string>();
                for (int i = 0; i < 40_000; i++)
                {
                    lines.Add("{\"id\":\"chatcmpl-" + i + "\",\"object\":\"chat.completion\",\"model\":\"gpt-4o\",\"usage\":{\"prompt_tokens\":2006,\"completion_tokens\":300,\"prompt_tokens_details\":{\"cached_tokens\":1920}}}");
                }

                File.WriteAllLines(log, lines);
                string db = Path.Combine(mount, "full.db");
                using (var store = SqliteCostStore.Open(db))
                {
                    var errors = new List<ImportError>();
                    var ex = Assert.Throws<StoreException>(() => new UsageImporter(store).Import(new[] { log }, new ImportOptions { BatchSize = 1000 }, errors.Add));
                    Assert.Equal("StoreFull", ex.ErrorId);
                    Assert.Contains(db, ex.Message);
                    Assert.Empty(errors);
                }

                SqliteConnection.ClearAllPools();
                Assert.True(SystemCommand.Run("mount", "-o", "remount,size=64m", mount));
                using (var store = SqliteCostStore.Open(db))
                {
                    Assert.True(store.Check().Healthy);
                    var rerun = new UsageImporter(store).Import(new[] { log }, new ImportOptions());
                    Assert.Equal(0, rerun.Errors);
                    var totals = store.GetTotals(new CostQuery());
                    Assert.Equal(40_000, totals.Requests);
                    Assert.Equal(40_000 * 5_615_000L, totals.CostNano); // 40,000 x $0.005615 = $224.60
                    Assert.True(store.Check().Healthy);
                }
            }
            finally
            {
                SqliteConnection.ClearAllPools();
                SystemCommand.Run("umount", mount);
            }
        }
    }
}
