using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using LlmCost.Core.Storage;
using LlmCost.Core.Storage.Sqlite;
using Microsoft.Data.Sqlite;

namespace LlmCost.Core.Tests
{
    public class MigrationTests
    {
        [Theory]
        [InlineData("LlmCost.Migrations.0001_initial.sql", true, 1, "initial")]
        [InlineData("LlmCost.Migrations.0015_contract_discounts.sql", true, 15, "contract_discounts")]
        [InlineData("LlmCost.Migrations.015_short.sql", false, 0, "")]
        [InlineData("LlmCost.Migrations.0016_bad-name.sql", false, 0, "")]
        [InlineData("LlmCost.Migrations.0016_.sql", false, 0, "")]
        [InlineData("LlmCost.Migrations.0016_name.txt", false, 0, "")]
        [InlineData("LlmCost.Pricing.catalog.json", false, 0, "")]
        public void MigrationResourceNames_AreRecognisedByTheirExactShape(string resource, bool ok, int version, string name)
        {
            Assert.Equal((ok, version, name), (Migrator.TryParseName(resource, out int v, out string n), v, n));
        }

        [Fact]
        public void FirstRunOnEmptyFolder_CreatesEverything()
        {
            using var dir = new TempDir();
            string db = Path.Combine(dir.Path, "nested", "folder", "llmcost.db");
            using (var store = SqliteCostStore.Open(db))
            {
                var info = store.GetInfo();
                Assert.Equal(Migrator.LatestVersion, info.SchemaVersion);
                Assert.Equal(0, info.Requests);
            }

            foreach (var table in new[] { "sessions", "model_prices", "request_costs", "cost_rollups_hourly", "budgets", "budget_alerts", "schema_migrations" })
            {
                Assert.Equal(1, TestDb.Scalar(db, $"SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = '{table}'"));
            }

            using var conn = new SqliteConnection("Data Source=" + db + ";Pooling=False");
            conn.Open();
            using var cmd = conn.CreateCommand();
            cmd.CommandText = "PRAGMA journal_mode";
            Assert.Equal("wal", (string)cmd.ExecuteScalar()!);
            if (!OperatingSystem.IsWindows())
            {
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(db));
            }
        }

        [Fact]
        public void EmptyExistingFile_IsMigrated()
        {
            using var dir = new TempDir();
            string db = dir.File("empty.db");
            File.WriteAllBytes(db, Array.Empty<byte>());
            using var store = SqliteCostStore.Open(db);
            Assert.Equal(Migrator.LatestVersion, store.GetInfo().SchemaVersion);
        }

        [Fact]
        public void SecondRun_IsANoOp()
        {
            using var dir = new TempDir();
            string db = dir.File("a.db");
            SqliteCostStore.Open(db).Dispose();
            long appliedAt = TestDb.Scalar(db, "SELECT applied_at FROM schema_migrations WHERE version = 1");
            using var conn = new SqliteConnection("Data Source=" + db);
            conn.Open();
            Assert.Equal(0, Migrator.Migrate(conn));
            Assert.Equal(Migrator.LatestVersion, TestDb.Scalar(db, "SELECT COUNT(*) FROM schema_migrations"));
            Assert.Equal(appliedAt, TestDb.Scalar(db, "SELECT applied_at FROM schema_migrations WHERE version = 1"));
        }

        [Fact]
        public void DatabaseNewerThanCode_IsRefusedAndLeftUnchanged()
        {
            using var dir = new TempDir();
            string db = dir.File("newer.db");
            SqliteCostStore.Open(db).Dispose();
            TestDb.Exec(db, "INSERT INTO schema_migrations VALUES (999, 'from_the_future', 'x', 0)");
            SqliteConnection.ClearAllPools();

            var ex = Assert.Throws<StoreException>(() => SqliteCostStore.Open(db));
            Assert.Equal("DatabaseNewerThanCode", ex.ErrorId);
            Assert.Contains("999", ex.Message);
            Assert.Contains(db, ex.Message);
            Assert.Equal(999, TestDb.Scalar(db, "SELECT MAX(version) FROM schema_migrations"));
        }

        [Fact]
        public void BuildTimeChecksums_EqualTheChecksumsOfTheScripts_AndAreUsed()
        {
            // The build hashes each script's bytes (LlmCost.Core.csproj); opening a store compares with those instead of
            // hashing the scripts again. Each must be exactly the checksum of the script's text, and present for all.
            var attributes = Migrator.BuildChecksums(typeof(Migrator).Assembly).ToDictionary(a => a.Key, a => a.Value.ToLowerInvariant());
            Assert.Equal(Migrator.EmbeddedMigrations.Count, attributes.Count);
            foreach (var m in Migrator.EmbeddedMigrations)
            {
                string file = $"{m.Version:D4}_{m.Name}.sql";
                Assert.Equal(Migration.ComputeChecksum(m.Sql), attributes[file]);
                Assert.Equal(attributes[file], m.Checksum);
            }
        }

        [Fact]
        public void TamperedChecksum_IsRefused()
        {
            using var dir = new TempDir();
            string db = dir.File("tampered.db");
            SqliteCostStore.Open(db).Dispose();
            TestDb.Exec(db, "UPDATE schema_migrations SET checksum = 'deadbeef' WHERE version = 1");
            SqliteConnection.ClearAllPools();

            var ex = Assert.Throws<StoreException>(() => SqliteCostStore.Open(db));
            Assert.Equal("MigrationChecksumMismatch", ex.ErrorId);
            Assert.Contains("0001_initial", ex.Message);
        }

        [Fact]
        public void InterruptedMigration_LeavesThePreviousVersionIntact()
        {
            using var dir = new TempDir();
            string db = dir.File("interrupted.db");
            SqliteCostStore.Open(db).Dispose();
            int before = Migrator.LatestVersion;
            var broken = Migrator.EmbeddedMigrations
                .Append(new Migration(before + 1, "broken", "CREATE TABLE half_done (x INTEGER); INSERT INTO no_such_table VALUES (1);"))
                .ToList();

            using (var conn = new SqliteConnection("Data Source=" + db + ";Pooling=False"))
            {
                conn.Open();
                var ex = Assert.Throws<StoreException>(() => Migrator.Migrate(conn, broken));
                Assert.Equal("MigrationFailed", ex.ErrorId);
            }

            Assert.Equal(before, TestDb.Scalar(db, "SELECT MAX(version) FROM schema_migrations"));
            Assert.Equal(0, TestDb.Scalar(db, "SELECT COUNT(*) FROM sqlite_master WHERE name = 'half_done'"));
            using var store = SqliteCostStore.Open(db);
            Assert.Equal(before, store.GetInfo().SchemaVersion);
        }

        [Fact]
        public void ANewStoreIsCreatedInOneTransaction_SoAFailingMigrationLeavesNoneOfTheOthers()
        {
            using var dir = new TempDir();
            string db = dir.File("new-broken.db");
            var broken = Migrator.EmbeddedMigrations
                .Append(new Migration(Migrator.LatestVersion + 1, "broken", "INSERT INTO no_such_table VALUES (1);"))
                .ToList();

            using (var conn = new SqliteConnection("Data Source=" + db + ";Pooling=False"))
            {
                conn.Open();
                var ex = Assert.Throws<StoreException>(() => Migrator.Migrate(conn, broken));
                Assert.Equal("MigrationFailed", ex.ErrorId);
            }

            // Not the first fifteen applied and the last refused: none of them.
            Assert.Equal(0, TestDb.Scalar(db, "SELECT COUNT(*) FROM schema_migrations"));
            Assert.Equal(0, TestDb.Scalar(db, "SELECT COUNT(*) FROM sqlite_master WHERE name = 'requests'"));

            // The next open creates it whole, and records which version created it.
            using var store = SqliteCostStore.Open(db);
            Assert.Equal(Migrator.LatestVersion, store.GetInfo().SchemaVersion);
            Assert.Equal(LlmCostVersion.Current, store.GetInfo().CreatedWith);
        }

        [Fact]
        public void TheSnapshot_IsExactlyTheMigrationsReplayed()
        {
            using var dir = new TempDir();
            string replayed = dir.File("replayed.db"), fromSnapshot = dir.File("snapshot.db");
            foreach (var (db, useSnapshot) in new[] { (replayed, false), (fromSnapshot, true) })
            {
                using var conn = new SqliteConnection("Data Source=" + db + ";Pooling=False");
                conn.Open();
                Assert.Equal(Migrator.LatestVersion, Migrator.Migrate(conn, useSnapshot: useSnapshot));
            }

            // Every table, index and trigger, with the statement that makes it (columns, constraints, bodies)...
            string Schema(string db) => string.Join("\n", TestDb.Rows(db,
                "SELECT type || ' ' || name || ' ON ' || tbl_name || ': ' || IFNULL(sql, '') FROM sqlite_master ORDER BY type, name"));
            Assert.Equal(Schema(replayed), Schema(fromSnapshot));
            Assert.Contains("trigger trg_request_costs_update", Schema(fromSnapshot));
            // ...the migrations recorded as applied, with their checksums, and the version that created the store.
            string Applied(string db) => string.Join("\n", TestDb.Rows(db, "SELECT version || ' ' || name || ' ' || checksum FROM schema_migrations ORDER BY version"));
            Assert.Equal(Applied(replayed), Applied(fromSnapshot));
            Assert.Equal(Migrator.LatestVersion, TestDb.Scalar(fromSnapshot, "SELECT COUNT(*) FROM schema_migrations"));
            Assert.Equal(string.Join("\n", TestDb.Rows(replayed, "SELECT key || '=' || value FROM store_meta ORDER BY key")),
                string.Join("\n", TestDb.Rows(fromSnapshot, "SELECT key || '=' || value FROM store_meta ORDER BY key")));
        }

        [Fact]
        public void ANewStoreFromTheSnapshot_GetsTheMigrationsAfterIt()
        {
            using var dir = new TempDir();
            string db = dir.File("later.db");
            var later = Migrator.EmbeddedMigrations
                .Append(new Migration(Migrator.LatestVersion + 1, "later", "CREATE TABLE later_table (x INTEGER);"))
                .ToList();
            using (var conn = new SqliteConnection("Data Source=" + db + ";Pooling=False"))
            {
                conn.Open();
                Assert.Equal(later.Count, Migrator.Migrate(conn, later));
            }

            Assert.Equal(1, TestDb.Scalar(db, "SELECT COUNT(*) FROM sqlite_master WHERE name = 'later_table'"));
            Assert.Equal(later.Count, TestDb.Scalar(db, "SELECT MAX(version) FROM schema_migrations"));
        }

        [Fact]
        public void EmbeddedMigrations_AreNumberedWithoutGaps()
        {
            var versions = Migrator.EmbeddedMigrations.Select(m => m.Version).ToList();
            Assert.Equal(Enumerable.Range(1, versions.Count), versions);
            var files = Directory.GetFiles(Path.Combine(RepoRoot(), "migrations"), "*.sql").Select(Path.GetFileName).OrderBy(f => f).ToList();
            Assert.Equal(files.Count, versions.Count);
        }

        internal static string RepoRoot()
        {
            var d = new DirectoryInfo(AppContext.BaseDirectory);
            while (d != null && !File.Exists(Path.Combine(d.FullName, "LlmCost.sln"))) d = d.Parent;
            return d?.FullName ?? throw new InvalidOperationException("LlmCost.sln not found above " + AppContext.BaseDirectory);
        }

        [Fact]
        public void Migration7_RebuildsSummariesThatCountedARequestTwice()
        {
            using var dir = new TempDir();
            string db = dir.File("v6.db");
            TestDb.MigrateTo(db, 6);
            // A v6 store as the old writer left it: one request (cost-rules example 1, $0.005615) counted twice in its summary.
            TestDb.Exec(db, "INSERT INTO sessions (session_id, first_seen, last_seen) VALUES ('s', 0, 0)");
            TestDb.Exec(db, "INSERT INTO request_costs (request_key, session_id, occurred_at, provider, model, input_tokens, cache_read_tokens, cache_write_5m_tokens, " +
                            "cache_write_1h_tokens, output_tokens, reasoning_tokens, cost_nano, currency, pricing_status, is_batch, recorded_at, request_hash) " +
                            "VALUES ('openai:r', 's', 3600000, 'openai', 'gpt-4o', 2006, 1920, 0, 0, 300, 0, 5615000, 'USD', 'priced', 0, 0, 1)");
            TestDb.Exec(db, "INSERT INTO cost_rollups_hourly VALUES (3600000, 's', 'openai', 'gpt-4o', 2, 0, 4012, 3840, 0, 0, 600, 0, 11230000)");
            Assert.Equal(11230000, TestDb.Scalar(db, "SELECT SUM(cost_nano) FROM cost_rollups_hourly"));

            using var store = SqliteCostStore.Open(db);
            Assert.Equal(0.005615m, store.GetTotals(new Queries.CostQuery()).Cost);
            Assert.True(store.Check().Healthy);
        }

        [Fact]
        public void Migration16_ChecksThePricingStatusWithoutATemporaryTablePerRow()
        {
            using var dir = new TempDir();
            string db = dir.File("v15.db");
            TestDb.MigrateTo(db, 15);
            TestDb.Exec(db, "INSERT INTO sessions (session_id, first_seen, last_seen) VALUES ('s', 0, 0)");
            TestDb.Exec(db, Insert("openai:r1", 1, "'priced'", "5615000"));

            using var conn = new SqliteConnection("Data Source=" + db + ";Pooling=False");
            conn.Open();
            // Before: SQLite builds a temporary table of the three values for every row inserted.
            Assert.Contains("OpenEphemeral", Opcodes(conn, Insert("openai:r2", 2, "'priced'", "1")));
            Assert.Equal(1, Migrator.Migrate(conn));

            // After, on the connection that migrated and on a new one: comparisons only.
            Assert.DoesNotContain("OpenEphemeral", Opcodes(conn, Insert("openai:r2", 2, "'priced'", "1")));
            using (var other = new SqliteConnection("Data Source=" + db + ";Pooling=False"))
            {
                other.Open();
                Assert.DoesNotContain("OpenEphemeral", Opcodes(other, Insert("openai:r2", 2, "'priced'", "1")));
            }

            // The rule is the same: the three statuses go in, anything else is refused; the stored row is untouched.
            TestDb.Exec(db, Insert("openai:r2", 2, "'priced'", "1"));
            TestDb.Exec(db, Insert("openai:r3", 3, "'custom'", "1"));
            TestDb.Exec(db, Insert("openai:r4", 4, "'unpriced'", "NULL"));
            var refused = Assert.Throws<SqliteException>(() => TestDb.Exec(db, Insert("openai:r5", 5, "'estimated'", "1")));
            Assert.Contains("CHECK constraint failed", refused.Message);
            Assert.Equal(5615000 + 1 + 1, TestDb.Scalar(db, "SELECT SUM(cost_nano) FROM request_costs"));
            Assert.Equal("ok", TestDb.Rows(db, "PRAGMA integrity_check").Single());
        }

        private static string Insert(string key, long hash, string status, string cost) =>
            "INSERT INTO request_costs (request_key, session_id, occurred_at, provider, model, input_tokens, output_tokens, cost_nano, " +
            $"pricing_status, recorded_at, request_hash) VALUES ('{key}', 's', 3600000, 'openai', 'gpt-4o', 1, 1, {cost}, {status}, 0, {hash})";

        /// <summary>The opcodes SQLite compiles <paramref name="sql"/> to (EXPLAIN: nothing is run).</summary>
        private static List<string> Opcodes(SqliteConnection conn, string sql)
        {
            using var cmd = conn.CreateCommand();
            cmd.CommandText = "EXPLAIN " + sql;
            using var r = cmd.ExecuteReader();
            var ops = new List<string>();
            while (r.Read()) ops.Add(r.GetString(1));
            return ops;
        }
    }
}
