using System.Linq;
using System.Threading.Tasks;
using LlmCost.Core.Storage;
using LlmCost.Core.Tests.Postgres;
using LlmCost.Core.Usage;

namespace LlmCost.Core.Tests.StoreContract
{
    /// <summary>The team store's migrations: the same rules as the SQLite store's, and no race between hosts.</summary>
    [Collection(PostgresCollection.Name)]
    public sealed class PostgresMigrationTests
    {
        private readonly PostgresCluster _cluster;

        public PostgresMigrationTests(PostgresCluster cluster)
        {
            _cluster = cluster;
        }

        [Fact]
        public async Task HostsOpeningANewDatabaseAtOnce_ApplyEachMigrationOnce()
        {
            string cs = _cluster.NewDatabase();
            var opens = Enumerable.Range(0, 6).Select(_ => Task.Run(() =>
            {
                using var store = CostStores.Open(cs);
                return store.GetInfo().SchemaVersion;
            })).ToList();
            var versions = await Task.WhenAll(opens);
            int latest = LlmCost.Storage.Postgres.PostgresMigrator.LatestVersion;
            Assert.All(versions, v => Assert.Equal(latest, v));
            Assert.Equal(latest, PostgresCluster.Scalar(cs, "SELECT COUNT(*) FROM schema_migrations"));
        }

        [Fact]
        public void ADatabaseNewerThanTheCode_IsRefusedUnchanged()
        {
            string cs = _cluster.NewDatabase();
            CostStores.Open(cs).Dispose();
            PostgresCluster.Scalar(cs, "INSERT INTO schema_migrations (version, name, checksum, applied_at) VALUES (99, 'future', 'x', 0) RETURNING version");
            var ex = Assert.Throws<StoreException>(() => CostStores.Open(cs));
            Assert.Equal("DatabaseNewerThanCode", ex.ErrorId);
            Assert.Equal(LlmCost.Storage.Postgres.PostgresMigrator.LatestVersion + 1, PostgresCluster.Scalar(cs, "SELECT COUNT(*) FROM schema_migrations"));
        }

        [Fact]
        public void AChangedAppliedMigration_IsRefused()
        {
            string cs = _cluster.NewDatabase();
            CostStores.Open(cs).Dispose();
            PostgresCluster.Scalar(cs, "UPDATE schema_migrations SET checksum = 'changed' WHERE version = 1 RETURNING version");
            Assert.Equal("MigrationChecksumMismatch", Assert.Throws<StoreException>(() => CostStores.Open(cs)).ErrorId);
        }

        [Fact]
        public void ADatabaseThatDoesNotExist_IsStoreNotFound_AndAWrongPortIsUnreachable()
        {
            string missing = _cluster.ConnectionString("no_such_db");
            Assert.Equal("StoreNotFound", Assert.Throws<StoreException>(() => CostStores.Open(missing)).ErrorId);
            string closed = $"Host=127.0.0.1;Port=1;Username=x;Password=y;Database=z;Timeout=3";
            Assert.Equal("StoreUnreachable", Assert.Throws<StoreException>(() => CostStores.Open(closed)).ErrorId);
        }

        [Fact]
        public void AWriteThatLosesToOtherWritersFiveTimes_IsStoreBusy_NotUnreachable()
        {
            // The server raises the deadlock's SQLSTATE on every attempt: tried five times, then one clear error.
            string cs = _cluster.NewDatabase();
            int attempts = 0;
            var ex = Assert.Throws<StoreException>(() => LlmCost.Storage.Postgres.PostgresErrors.Guard("postgresql://u@h/db", () =>
                LlmCost.Storage.Postgres.PostgresErrors.RetryingConflicts(() =>
                {
                    attempts++;
                    PostgresCluster.Scalar(cs, "DO $$ BEGIN RAISE EXCEPTION USING ERRCODE = '40P01', MESSAGE = 'deadlock detected'; END $$; SELECT 1");
                })));
            Assert.Equal((5, "StoreBusy"), (attempts, ex.ErrorId));
            Assert.Contains("postgresql://u@h/db", ex.Message);
            Assert.Contains("40P01", ex.Message);
        }

        [Fact]
        public void ASummaryThatDiffersFromItsRequests_IsFoundByTheCheck()
        {
            string cs = _cluster.NewDatabase();
            using var store = CostStores.Open(cs);
            store.RecordMany(new[] { new UsageRecord("openai", "gpt-4o", Utc.At(2025, 6, 1, 10), new TokenUsage(1000, 100)) { RequestId = "k1" } });
            Assert.True(store.Check().Healthy);
            PostgresCluster.Scalar(cs, "UPDATE cost_rollups_hourly_by_model SET cost_nano = cost_nano + 1 RETURNING 1");
            var check = store.Check();
            Assert.False(check.Healthy);
            Assert.Equal(2, check.RollupMismatches); // the summary row as it is, and as it should be
        }
    }
}
