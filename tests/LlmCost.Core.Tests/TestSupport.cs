using System;
using System.IO;
using System.Linq;
using LlmCost.Core.Storage;
using LlmCost.Core.Storage.Sqlite;
using Microsoft.Data.Sqlite;

namespace LlmCost.Core.Tests
{
    /// <summary>A fresh folder under the temp directory, deleted afterwards.</summary>
    public sealed class TempDir : IDisposable
    {
        public TempDir()
        {
            Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "llmcost-tests", Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(Path);
        }

        public string Path { get; }

        public string File(string name) => System.IO.Path.Combine(Path, name);

        public void Dispose()
        {
            SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(Path, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    internal static class Utc
    {
        public static DateTime At(int y, int m, int d, int h = 0, int min = 0, int s = 0) => new DateTime(y, m, d, h, min, s, DateTimeKind.Utc);
    }

    /// <summary>Direct SQL on a test database, outside the store (to set up old schemas or inspect rows).</summary>
    public static class TestDb
    {
        public static long Scalar(string db, string sql)
        {
            using var conn = new SqliteConnection("Data Source=" + db + ";Pooling=False");
            conn.Open();
            using var cmd = conn.CreateCommand();
            cmd.CommandText = sql;
            return Convert.ToInt64(cmd.ExecuteScalar());
        }

        /// <summary>The first column of every row, as text.</summary>
        public static System.Collections.Generic.List<string> Rows(string db, string sql)
        {
            using var conn = new SqliteConnection("Data Source=" + db + ";Pooling=False");
            conn.Open();
            using var cmd = conn.CreateCommand();
            cmd.CommandText = sql;
            using var r = cmd.ExecuteReader();
            var rows = new System.Collections.Generic.List<string>();
            while (r.Read()) rows.Add(r.IsDBNull(0) ? "" : r.GetString(0));
            return rows;
        }

        /// <summary>Creates <paramref name="db"/> with the embedded migrations up to <paramref name="version"/> only, as an older release left it.</summary>
        public static void MigrateTo(string db, int version)
        {
            using var conn = new SqliteConnection("Data Source=" + db + ";Pooling=False");
            conn.Open();
            Migrator.Migrate(conn, Migrator.EmbeddedMigrations.Where(m => m.Version <= version).ToList());
        }

        /// <summary>Runs <paramref name="sql"/> with foreign keys on, as the store does (deletes cascade).</summary>
        public static void Exec(string db, string sql, params (string Name, object Value)[] args)
        {
            using var conn = new SqliteConnection("Data Source=" + db + ";Pooling=False;Foreign Keys=True");
            conn.Open();
            using var cmd = conn.CreateCommand();
            cmd.CommandText = sql;
            foreach (var (name, value) in args) cmd.Parameters.AddWithValue(name, value);
            cmd.ExecuteNonQuery();
        }
    }
}

namespace LlmCost.Core.Tests
{
    using System.Collections.Generic;
    using LlmCost.Core.Pricing;
    using LlmCost.Core.Storage.Sqlite;
    using LlmCost.Core.Usage;

    /// <summary>The SQLite bulk writer with records priced on the way in, as the importer feeds it.</summary>
    internal sealed class TestBulk : IDisposable
    {
        private readonly SqliteBulkWriter _writer;
        private readonly RequestPricer _pricer;

        private TestBulk(SqliteCostStore store, DuplicatePolicy policy, int batchSize)
        {
            _writer = (SqliteBulkWriter)store.OpenBulkWriter(policy, batchSize);
            _pricer = new RequestPricer(store.Prices);
        }

        public static TestBulk Open(SqliteCostStore store, DuplicatePolicy policy = DuplicatePolicy.Skip, int batchSize = 8192) => new TestBulk(store, policy, batchSize);

        public void Add(UsageRecord record) => _writer.Add(_pricer.Price(record));

        public void AddWork(Action<SqliteConnection, SqliteTransaction> work) => _writer.AddWork(work);

        public BatchResult Complete() => _writer.Complete();

        public void Dispose() => _writer.Dispose();
    }
}

namespace LlmCost.Core.Tests
{
    /// <summary>Runs a system command (chattr, mount, useradd) for tests that need the machine's own tools.</summary>
    internal static class SystemCommand
    {
        /// <summary>True when <paramref name="file"/> ran and exited 0; false when it failed or is not installed.</summary>
        public static bool Run(string file, params string[] args) => Run(file, args, out _) == 0;

        public static int Run(string file, string[] args, out string output)
        {
            var psi = new System.Diagnostics.ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var a in args) psi.ArgumentList.Add(a);
            try
            {
                using var p = System.Diagnostics.Process.Start(psi)!;
                output = p.StandardOutput.ReadToEnd() + p.StandardError.ReadToEnd();
                p.WaitForExit();
                return p.ExitCode;
            }
            catch (System.ComponentModel.Win32Exception ex)
            {
                output = ex.Message;
                return -1;
            }
        }
    }
}
