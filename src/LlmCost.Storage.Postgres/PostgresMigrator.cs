using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;
using System.Text.RegularExpressions;
using LlmCost.Core;
using LlmCost.Core.Storage.Sqlite;
using Npgsql;

namespace LlmCost.Storage.Postgres
{
    /// <summary>
    /// The team store's own numbered migrations (migrations/postgres), with the same rules as the SQLite ones
    /// (<see cref="Migrator.Verify"/>: checksummed, forward-only, a database newer than the code refused). They run in
    /// one transaction under an advisory lock, so two hosts starting at once do not both apply them.
    /// </summary>
    internal static class PostgresMigrator
    {
        private static readonly Regex NamePattern = new Regex(@"^LlmCost\.Postgres\.Migrations\.(\d{4})_([a-z0-9_]+)\.sql$", RegexOptions.CultureInvariant);
        // pg_advisory_xact_lock key: "llmcost" as a number, the same for every host on this database.
        private const long LockKey = 0x6C6C6D636F7374;
        private static readonly Lazy<IReadOnlyList<Migration>> Embedded = new Lazy<IReadOnlyList<Migration>>(Load);

        public static IReadOnlyList<Migration> Migrations => Embedded.Value;

        public static int LatestVersion => Migrations.Count == 0 ? 0 : Migrations[Migrations.Count - 1].Version;

        /// <summary>Brings the database up to date; returns how many migrations this call applied.</summary>
        public static int Migrate(NpgsqlConnection conn, string display, IReadOnlyList<Migration>? migrations = null)
        {
            migrations ??= Migrations;
            if (IsUpToDate(conn, migrations, display)) return 0; // the usual open: one read, no lock
            using var tx = conn.BeginTransaction();
            Execute(conn, tx, "SELECT pg_advisory_xact_lock(" + LockKey.ToString(CultureInfo.InvariantCulture) + ")");
            Execute(conn, tx, "CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, name text NOT NULL, checksum text NOT NULL, applied_at bigint NOT NULL)");
            var applied = ReadApplied(conn, tx);
            Migrator.Verify(applied, migrations, display);
            int count = 0;
            foreach (var m in migrations)
            {
                if (applied.ContainsKey(m.Version)) continue; // another host applied it while this one waited for the lock
                try
                {
                    Execute(conn, tx, m.Sql);
                }
                catch (PostgresException ex)
                {
                    throw new StoreException("MigrationFailed",
                        $"Migration postgres/{m.Version:D4}_{m.Name} failed on {display} and was rolled back; the database is unchanged. {ex.MessageText}", ex);
                }

                using var record = new NpgsqlCommand("INSERT INTO schema_migrations (version, name, checksum, applied_at) VALUES (@v, @n, @c, @t)", conn, tx);
                record.Parameters.AddWithValue("v", m.Version);
                record.Parameters.AddWithValue("n", m.Name);
                record.Parameters.AddWithValue("c", m.Checksum);
                record.Parameters.AddWithValue("t", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
                record.ExecuteNonQuery();
                count++;
            }

            if (count > 0)
            {
                using var meta = new NpgsqlCommand(
                    (count == migrations.Count ? "INSERT INTO store_meta (key, value) VALUES ('created_with', @v) ON CONFLICT (key) DO NOTHING; " : "") +
                    "INSERT INTO store_meta (key, value) VALUES ('upgraded_with', @v) ON CONFLICT (key) DO UPDATE SET value = excluded.value", conn, tx);
                meta.Parameters.AddWithValue("v", LlmCostVersion.Current);
                meta.ExecuteNonQuery();
            }

            tx.Commit();
            return count;
        }

        private static bool IsUpToDate(NpgsqlConnection conn, IReadOnlyList<Migration> migrations, string display)
        {
            using (var exists = new NpgsqlCommand("SELECT to_regclass('schema_migrations') IS NOT NULL", conn))
            {
                if (!(bool)exists.ExecuteScalar()!) return false;
            }

            var applied = ReadApplied(conn, null);
            Migrator.Verify(applied, migrations, display);
            foreach (var m in migrations) if (!applied.ContainsKey(m.Version)) return false;
            return true;
        }

        public static int CurrentVersion(NpgsqlConnection conn)
        {
            using var cmd = new NpgsqlCommand("SELECT COALESCE(MAX(version), 0) FROM schema_migrations", conn);
            return Convert.ToInt32(cmd.ExecuteScalar(), CultureInfo.InvariantCulture);
        }

        public static string? ReadMeta(NpgsqlConnection conn, string key)
        {
            using var cmd = new NpgsqlCommand("SELECT value FROM store_meta WHERE key = @k", conn);
            cmd.Parameters.AddWithValue("k", key);
            return cmd.ExecuteScalar() as string;
        }

        private static Dictionary<int, (string Name, string Checksum)> ReadApplied(NpgsqlConnection conn, NpgsqlTransaction? tx)
        {
            var result = new Dictionary<int, (string, string)>();
            using var cmd = new NpgsqlCommand("SELECT version, name, checksum FROM schema_migrations", conn, tx);
            using var r = cmd.ExecuteReader();
            while (r.Read()) result[r.GetInt32(0)] = (r.GetString(1), r.GetString(2));
            return result;
        }

        private static void Execute(NpgsqlConnection conn, NpgsqlTransaction tx, string sql)
        {
            using var cmd = new NpgsqlCommand(sql, conn, tx);
            cmd.ExecuteNonQuery();
        }

        private static IReadOnlyList<Migration> Load()
        {
            var asm = typeof(PostgresMigrator).Assembly;
            var list = new List<Migration>();
            foreach (string name in asm.GetManifestResourceNames())
            {
                var match = NamePattern.Match(name);
                if (!match.Success) continue;
                using var stream = asm.GetManifestResourceStream(name)!;
                using var reader = new StreamReader(stream, new UTF8Encoding(false));
                list.Add(new Migration(int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture), match.Groups[2].Value, reader.ReadToEnd()));
            }

            list.Sort((a, b) => a.Version.CompareTo(b.Version));
            for (int i = 0; i < list.Count; i++)
            {
                if (list[i].Version != i + 1)
                {
                    throw new StoreException("MigrationSequenceBroken", $"PostgreSQL migrations must be numbered 0001, 0002, ... without gaps; found {list[i].Version:D4} at position {i + 1}.");
                }
            }

            return list;
        }
    }
}
