using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using Microsoft.Data.Sqlite;

namespace LlmCost.Core.Storage.Sqlite
{
    /// <summary>Applies the numbered migrations embedded in LlmCost.Core: to a new store all in one transaction, else each in its own.</summary>
    public static class Migrator
    {
        private static readonly Lazy<IReadOnlyList<Migration>> Embedded = new Lazy<IReadOnlyList<Migration>>(LoadEmbedded);

        public static IReadOnlyList<Migration> EmbeddedMigrations => Embedded.Value;

        public static int LatestVersion => EmbeddedMigrations.Count == 0 ? 0 : EmbeddedMigrations[EmbeddedMigrations.Count - 1].Version;

        /// <summary>Brings the database up to date. Refuses a database newer than the code or with a changed migration.</summary>
        /// <param name="connection">An open connection to the store.</param>
        /// <param name="migrations">The migrations to apply; the embedded ones when null.</param>
        /// <param name="databasePath">The store's path, for messages; the connection's data source when null.</param>
        /// <param name="useSnapshot">False replays every migration on a new store instead of starting from the schema snapshot (a test compares the two).</param>
        public static int Migrate(SqliteConnection connection, IReadOnlyList<Migration>? migrations = null, string? databasePath = null, bool useSnapshot = true)
        {
            migrations ??= EmbeddedMigrations;
            string where = databasePath ?? connection.DataSource;
            if (IsUpToDate(connection, migrations, where)) return 0; // the usual open: a read, never a write lock
            // Migration 0004 fills request_hash with the store's own key hash (registered only when migrating: its
            // generic registration is compiled at run time, a few ms of every short command's start).
            connection.CreateFunction<string, long>("llmcost_key_hash", SqliteRequestHash.Of, isDeterministic: true);
            Execute(connection, "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, checksum TEXT NOT NULL, applied_at INTEGER NOT NULL)");

            int created = CreateInOneTransaction(connection, migrations, where, useSnapshot);
            int applied = 0;
            foreach (var migration in created > 0 ? Array.Empty<Migration>() : migrations)
            {
                using var tx = connection.BeginTransaction(deferred: false);
                var existing = ReadApplied(connection, tx);
                Verify(existing, migrations, where);
                if (existing.ContainsKey(migration.Version))
                {
                    tx.Commit();
                    continue;
                }

                Apply(connection, tx, migration, where);
                tx.Commit();
                applied++;
            }

            using (var tx = connection.BeginTransaction(deferred: true))
            {
                Verify(ReadApplied(connection, tx), migrations, where);
                tx.Commit();
            }

            if (applied > 0) RecordVersion(connection, null, created: false);
            return created + applied;
        }

        /// <summary>
        /// A new store gets every migration in one transaction (one commit instead of one per migration: creating a
        /// store took 15 ms of migrations and a 1.4 MB write-ahead log to check point, docs/benchmarks.md); all or
        /// nothing. Returns how many it applied: 0 when the store already had some (another process may have created
        /// it meanwhile), and the usual one-by-one path takes over.
        /// </summary>
        private static int CreateInOneTransaction(SqliteConnection connection, IReadOnlyList<Migration> migrations, string where, bool useSnapshot)
        {
            using var tx = connection.BeginTransaction(deferred: false);
            if (ReadApplied(connection, tx).Count > 0)
            {
                tx.Commit();
                return 0;
            }

            // The snapshot stands for the migrations it was taken after when this run's are those (the embedded ones):
            // their rows are recorded as applied, and only later ones run.
            var snapshot = useSnapshot ? Snapshot.Value : null;
            int covered = snapshot != null && Covers(migrations, snapshot.Value.Version) ? snapshot.Value.Version : 0;
            if (covered > 0) Execute(connection, tx, snapshot!.Value.Sql, where, $"the schema snapshot {covered:D4}");
            foreach (var migration in migrations)
            {
                if (migration.Version <= covered) Record(connection, tx, migration);
                else Apply(connection, tx, migration, where);
            }

            RecordVersion(connection, tx, created: true);
            tx.Commit();
            return migrations.Count;
        }

        private static void Apply(SqliteConnection connection, SqliteTransaction tx, Migration migration, string where)
        {
            Execute(connection, tx, migration.Sql, where, $"Migration {migration.Version:D4}_{migration.Name}");
            Record(connection, tx, migration);
        }

        /// <summary>True when <paramref name="migrations"/> hold the embedded migrations 1..<paramref name="version"/> unchanged.</summary>
        private static bool Covers(IReadOnlyList<Migration> migrations, int version)
        {
            var embedded = EmbeddedMigrations;
            if (embedded.Count < version) return false;
            for (int v = 1; v <= version; v++)
            {
                var m = migrations.FirstOrDefault(x => x.Version == v);
                if (m == null || m.Checksum != embedded[v - 1].Checksum) return false;
            }

            return true;
        }

        private static void Execute(SqliteConnection connection, SqliteTransaction tx, string sql, string where, string what)
        {
            try
            {
                using var cmd = connection.CreateCommand();
                cmd.Transaction = tx;
                cmd.CommandText = sql;
                cmd.ExecuteNonQuery();
            }
            catch (SqliteException ex)
            {
                tx.Rollback();
                throw new StoreException("MigrationFailed",
                    $"{what} failed on '{where}' and was rolled back; the database is unchanged at its previous version. {ex.Message}", ex);
            }
        }

        private static void Record(SqliteConnection connection, SqliteTransaction tx, Migration migration)
        {
            using var cmd = connection.CreateCommand();
            cmd.Transaction = tx;
            cmd.CommandText = "INSERT INTO schema_migrations (version, name, checksum, applied_at) VALUES ($v, $n, $c, $t)";
            cmd.Parameters.AddWithValue("$v", migration.Version);
            cmd.Parameters.AddWithValue("$n", migration.Name);
            cmd.Parameters.AddWithValue("$c", migration.Checksum);
            cmd.Parameters.AddWithValue("$t", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
            cmd.ExecuteNonQuery();
        }

        /// <summary>
        /// True when every known migration is applied (checksums verified), found with reads only: opening an
        /// up-to-date store never waits for a writer (WAL gives the read its own snapshot).
        /// </summary>
        private static bool IsUpToDate(SqliteConnection connection, IReadOnlyList<Migration> migrations, string where)
        {
            using (var exists = connection.CreateCommand())
            {
                exists.CommandText = "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'";
                if (Convert.ToInt64(exists.ExecuteScalar(), CultureInfo.InvariantCulture) == 0) return false;
            }

            using var tx = connection.BeginTransaction(deferred: true);
            var applied = ReadApplied(connection, tx);
            Verify(applied, migrations, where);
            tx.Commit();
            return migrations.All(m => applied.ContainsKey(m.Version));
        }

        /// <summary>
        /// Notes which LlmCost version created the store (when this run applied every migration) and which last
        /// upgraded it, in store_meta (migration 0009), so a store tells which release wrote its schema.
        /// </summary>
        private static void RecordVersion(SqliteConnection connection, SqliteTransaction? within, bool created)
        {
            using var exists = connection.CreateCommand();
            exists.Transaction = within;
            exists.CommandText = "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'store_meta'";
            if (Convert.ToInt64(exists.ExecuteScalar(), CultureInfo.InvariantCulture) == 0) return;

            using var own = within == null ? connection.BeginTransaction(deferred: false) : null;
            var tx = within ?? own!;
            using var cmd = connection.CreateCommand();
            cmd.Transaction = tx;
            cmd.CommandText =
                (created ? "INSERT OR IGNORE INTO store_meta (key, value) VALUES ('created_with', $v); " : "") +
                "INSERT INTO store_meta (key, value) VALUES ('upgraded_with', $v) ON CONFLICT (key) DO UPDATE SET value = excluded.value;";
            cmd.Parameters.AddWithValue("$v", LlmCostVersion.Current);
            cmd.ExecuteNonQuery();
            own?.Commit();
        }

        /// <summary>The store_meta value for <paramref name="key"/>, or null (older store, or key never written).</summary>
        public static string? ReadMeta(SqliteConnection connection, string key)
        {
            using var cmd = connection.CreateCommand();
            cmd.CommandText = "SELECT value FROM store_meta WHERE key = $k";
            cmd.Parameters.AddWithValue("$k", key);
            try
            {
                return cmd.ExecuteScalar() as string;
            }
            catch (SqliteException)
            {
                return null; // no store_meta table: a schema before 9 opened read-only by a check
            }
        }

        public static int CurrentVersion(SqliteConnection connection)
        {
            using var cmd = connection.CreateCommand();
            cmd.CommandText = "SELECT COALESCE(MAX(version), 0) FROM schema_migrations";
            return Convert.ToInt32(cmd.ExecuteScalar(), CultureInfo.InvariantCulture);
        }

        internal static void Verify(Dictionary<int, (string Name, string Checksum)> applied, IReadOnlyList<Migration> known, string where)
        {
            int latest = known.Count == 0 ? 0 : known.Max(m => m.Version);
            int newest = applied.Count == 0 ? 0 : applied.Keys.Max();
            if (newest > latest)
            {
                throw new StoreException("DatabaseNewerThanCode",
                    $"The database '{where}' is at schema version {newest}, but this LlmCost only knows versions up to {latest}. " +
                    "Upgrade LlmCost to use this database; it was not changed.");
            }

            foreach (var m in known)
            {
                if (applied.TryGetValue(m.Version, out var row) && !string.Equals(row.Checksum, m.Checksum, StringComparison.OrdinalIgnoreCase))
                {
                    throw new StoreException("MigrationChecksumMismatch",
                        $"Migration {m.Version:D4}_{m.Name} recorded in '{where}' has checksum {row.Checksum}, but this LlmCost's copy has {m.Checksum}. " +
                        "The applied migration was changed after it ran; refusing to open the database.");
                }
            }
        }

        private static Dictionary<int, (string, string)> ReadApplied(SqliteConnection connection, SqliteTransaction tx)
        {
            var result = new Dictionary<int, (string, string)>();
            using var cmd = connection.CreateCommand();
            cmd.Transaction = tx;
            cmd.CommandText = "SELECT version, name, checksum FROM schema_migrations";
            using var reader = cmd.ExecuteReader();
            while (reader.Read())
            {
                result[reader.GetInt32(0)] = (reader.GetString(1), reader.GetString(2));
            }

            return result;
        }

        private static void Execute(SqliteConnection connection, string sql)
        {
            using var cmd = connection.CreateCommand();
            cmd.CommandText = sql;
            cmd.ExecuteNonQuery();
        }

        private const string ResourcePrefix = "LlmCost.Migrations.";
        private const string SnapshotPrefix = "LlmCost.Schema.";
        private const string ChecksumsResource = "LlmCost.MigrationSha256.txt";

        private static readonly Lazy<(int Version, string Sql)?> Snapshot = new Lazy<(int Version, string Sql)?>(LoadSnapshot);

        /// <summary>The newest schema snapshot (migrations/snapshot/NNNN_schema.sql): the schema at migration NNNN.</summary>
        private static (int Version, string Sql)? LoadSnapshot()
        {
            var asm = typeof(Migrator).Assembly;
            (int Version, string Sql)? newest = null;
            foreach (string name in asm.GetManifestResourceNames())
            {
                if (!TryParseName(name, SnapshotPrefix, out int version, out _) || (newest != null && newest.Value.Version >= version)) continue;
                using var reader = new StreamReader(asm.GetManifestResourceStream(name)!, new UTF8Encoding(false));
                newest = (version, reader.ReadToEnd());
            }

            return newest;
        }

        /// <summary>The SHA-256 of each migration script computed by the build (LlmCost.Core.csproj, HashMigrations).</summary>
        /// <summary>The build's checksum of each migration file (LlmCost.Core.csproj, "FILE HASH" per line).</summary>
        internal static Dictionary<string, string> BuildChecksums(System.Reflection.Assembly asm)
        {
            var map = new Dictionary<string, string>(StringComparer.Ordinal);
            using var stream = asm.GetManifestResourceStream(ChecksumsResource);
            if (stream == null) return map; // then every checksum is computed from the text
            using var reader = new StreamReader(stream, new UTF8Encoding(false));
            string? line;
            while ((line = reader.ReadLine()) != null)
            {
                int space = line.IndexOf(' ');
                if (space > 0) map[line.Substring(0, space)] = line.Substring(space + 1).Trim();
            }

            return map;
        }

        /// <summary>
        /// A migration's resource name, LlmCost.Migrations.NNNN_name.sql (four digits; letters, digits and '_' in the
        /// name): parsed by hand, as every store open reads these names and a regular expression would load and
        /// compile the regex engine for it.
        /// </summary>
        internal static bool TryParseName(string resource, out int version, out string name) => TryParseName(resource, ResourcePrefix, out version, out name);

        private static bool TryParseName(string resource, string prefix, out int version, out string name)
        {
            version = 0;
            name = "";
            const string Suffix = ".sql";
            if (!resource.StartsWith(prefix, StringComparison.Ordinal) || !resource.EndsWith(Suffix, StringComparison.Ordinal)) return false;
            string rest = resource.Substring(prefix.Length, resource.Length - prefix.Length - Suffix.Length);
            if (rest.Length < 6 || rest[4] != '_') return false;
            int number = 0;
            for (int i = 0; i < 4; i++)
            {
                if (rest[i] < '0' || rest[i] > '9') return false;
                number = number * 10 + (rest[i] - '0');
            }

            for (int i = 5; i < rest.Length; i++)
            {
                char c = rest[i];
                if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_')) return false;
            }

            version = number;
            name = rest.Substring(5);
            return true;
        }

        private static IReadOnlyList<Migration> LoadEmbedded()
        {
            var asm = typeof(Migrator).Assembly;
            var built = BuildChecksums(asm);
            var list = new List<Migration>();
            foreach (string name in asm.GetManifestResourceNames())
            {
                if (!TryParseName(name, out int version, out string migrationName)) continue;
                using var stream = asm.GetManifestResourceStream(name)!;
                using var copy = new MemoryStream();
                stream.CopyTo(copy);
                byte[] bytes = copy.ToArray();
                int read = bytes.Length;
                string sql = new UTF8Encoding(false).GetString(bytes);
                // The build's hash is of the file's bytes; it is the checksum only when those are plain UTF-8 with \n
                // line endings (no byte order mark, no \r): otherwise it is computed from the text.
                bool plain = !(read >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF) && sql.IndexOf('\r') < 0;
                built.TryGetValue(name.Substring(ResourcePrefix.Length), out var known);
                list.Add(new Migration(version, migrationName, sql, plain ? known : null));
            }

            list.Sort((a, b) => a.Version.CompareTo(b.Version));
            for (int i = 0; i < list.Count; i++)
            {
                if (list[i].Version != i + 1)
                {
                    throw new StoreException("MigrationSequenceBroken", $"Embedded migrations must be numbered 0001, 0002, ... without gaps; found {list[i].Version:D4} at position {i + 1}.");
                }
            }

            return list;
        }
    }
}
