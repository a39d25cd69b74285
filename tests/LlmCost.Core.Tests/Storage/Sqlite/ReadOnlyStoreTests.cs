using System.Collections.Generic;
using System.IO;
using LlmCost.Core.Ingestion;
using LlmCost.Core.Queries;
using LlmCost.Core.Storage;
using LlmCost.Core.Storage.Sqlite;
using LlmCost.Core.Usage;
using Microsoft.Data.Sqlite;
using Xunit.Abstractions;

namespace LlmCost.Core.Tests
{
    /// <summary>
    /// A store that cannot be written (made immutable with chattr +i, which binds root too): one clear StoreReadOnly
    /// error naming it, never a stack trace and never line errors blamed on the data being imported.
    /// </summary>
    public sealed class ReadOnlyStoreTests
    {
        private readonly ITestOutputHelper _out;

        public ReadOnlyStoreTests(ITestOutputHelper output) => _out = output;

        [Fact]
        public void RecordingAndImportingIntoAReadOnlyStore_FailOnceWithStoreReadOnly()
        {
            using var dir = new TempDir();
            string db = dir.File("ro.db");
            using (var store = SqliteCostStore.Open(db))
            {
                store.Record(new UsageRecord("openai", "gpt-4o", Utc.At(2025, 6, 1), new TokenUsage(10, 1)) { RequestId = "a" });
            }

            SqliteConnection.ClearAllPools(); // the last connection checkpoints and removes the -wal file
            if (File.Exists(db + "-wal") || !SystemCommand.Run("chattr", "+i", db))
            {
                _out.WriteLine("chattr +i is not available here (not root, or a file system without it): nothing to test");
                return;
            }

            try
            {
                using var store = CostStores.Open(db, StoreAccess.ReadExisting);
                Assert.Equal(1, store.GetTotals(new CostQuery()).Requests); // reads still work

                var recording = Assert.Throws<StoreException>(() => store.Record(new UsageRecord("openai", "gpt-4o", Utc.At(2025, 6, 2), new TokenUsage(10, 1)) { RequestId = "b" }));
                Assert.Equal("StoreReadOnly", recording.ErrorId);
                Assert.Contains(db, recording.Message);

                string log = dir.File("log.jsonl");
                var lines = new List<string>();
                for (int i = 0; i < 300; i++)
                {
                    lines.Add("{\"id\":\"chatcmpl-" + i + "\",\"object\":\"chat.completion\",\"model\":\"gpt-4o\",\"usage\":{\"prompt_tokens\":10,\"completion_tokens\":1}}");
                }

                File.WriteAllLines(log, lines);
                var errors = new List<ImportError>();
                var importing = Assert.Throws<StoreException>(() => new UsageImporter(store).Import(new[] { log }, new ImportOptions { BatchSize = 50 }, errors.Add));
                Assert.Equal("StoreReadOnly", importing.ErrorId);
                Assert.Empty(errors); // no line is blamed for the store's fault
            }
            finally
            {
                SystemCommand.Run("chattr", "-i", db);
            }
        }
    }
}
