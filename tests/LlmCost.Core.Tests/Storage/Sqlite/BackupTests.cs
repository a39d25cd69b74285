using System.Linq;
using System.Threading.Tasks;
using LlmCost.Core.Pricing;
using LlmCost.Core.Queries;
using LlmCost.Core.Storage;
using LlmCost.Core.Storage.Sqlite;
using LlmCost.Core.Usage;

namespace LlmCost.Core.Tests
{
    public sealed class BackupTests
    {
        [Fact]
        public async Task ABackupTakenWhileAnImportWrites_IsConsistent_AndOpensAsAStore()
        {
            using var dir = new TempDir();
            using var store = SqliteCostStore.Open(dir.File("live.db"));
            var pricer = new RequestPricer(store.Prices);
            // cost-rules example 7 (groq llama-3.3-70b: 1200 x 0.59 + 300 x 0.79 = 945 -> $0.000945), 20,000 times in transactions of 500.
            var writing = Task.Run(() =>
            {
                using var bulk = store.OpenBulkWriter(DuplicatePolicy.Skip, 500);
                for (int i = 0; i < 20_000; i++)
                {
                    bulk.Add(pricer.Price(new UsageRecord("groq", "llama-3.3-70b-versatile", Utc.At(2025, 6, 1).AddSeconds(i), new TokenUsage(1200, 300)) { RequestId = "b" + i }));
                }

                return bulk.Complete();
            });

            await Task.Delay(50);
            store.Backup(dir.File("copy.db"), overwrite: false);
            await writing;

            using (var copy = SqliteCostStore.Open(dir.File("copy.db"), access: StoreAccess.ReadExisting))
            {
                var check = copy.Check();
                Assert.True(check.Healthy, string.Join("; ", check.Problems()));
                var totals = copy.GetTotals(new CostQuery());
                // Whole transactions only: a multiple of 500 requests, each $0.000945.
                Assert.Equal(0, totals.Requests % 500);
                Assert.Equal(totals.Requests * 945_000L, totals.CostNano);
            }

            var ex = Assert.Throws<StoreException>(() => store.Backup(dir.File("copy.db"), overwrite: false));
            Assert.Equal("FileExists", ex.ErrorId);
            store.Backup(dir.File("copy.db"), overwrite: true);
            using var again = SqliteCostStore.Open(dir.File("copy.db"), access: StoreAccess.ReadExisting);
            Assert.Equal(20_000, again.GetTotals(new CostQuery()).Requests);
        }
    }
}
