using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using Npgsql;

namespace LlmCost.Core.Tests.Postgres
{
    /// <summary>
    /// A throwaway PostgreSQL cluster for the tests: initdb into a temporary folder (as the 'postgres' user when the
    /// tests run as root, since PostgreSQL refuses to run as root), pg_ctl on a free loopback port with password
    /// authentication, stopped and deleted afterwards. No external service, no mocks. The binaries come from Debian's
    /// postgresql package (.ci/install installs it), or from $LLMCOST_PG_BIN.
    /// </summary>
    public sealed class PostgresCluster : IDisposable
    {
        public const string User = "llmcost_test";
        public const string Password = "test-password-1";
        private readonly string _dir;
        private readonly string _data;
        private readonly bool _asPostgres;

        public PostgresCluster()
        {
            _asPostgres = Environment.UserName == "root";
            _dir = Path.Combine(Path.GetTempPath(), "llmcost-pg-" + Guid.NewGuid().ToString("N").Substring(0, 12));
            _data = Path.Combine(_dir, "data");
            Directory.CreateDirectory(_dir);
            string pwfile = Path.Combine(_dir, "pw");
            File.WriteAllText(pwfile, Password + "\n");
            if (_asPostgres) Run("chown", "-R", "postgres:postgres", _dir);
            Port = Budgets.Loopback.FreePort();
            RunPg("initdb", "-D", _data, "-U", User, "--pwfile=" + pwfile, "--auth=scram-sha-256", "-E", "UTF8", "--no-locale", "--no-sync");
            // A test cluster: no fsync (nothing here must survive a power cut), loopback only, its socket in its folder.
            RunPg("pg_ctl", "-D", _data, "-l", Path.Combine(_dir, "log"), "-w", "-t", "60", "-o",
                $"-p {Port} -k {_dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200", "start");
        }

        public int Port { get; }

        /// <summary>A connection string to a new, empty database of this cluster.</summary>
        public string NewDatabase()
        {
            string name = "t_" + Guid.NewGuid().ToString("N").Substring(0, 16);
            using (var conn = new NpgsqlConnection(ConnectionString("postgres")))
            {
                conn.Open();
                using var cmd = new NpgsqlCommand("CREATE DATABASE " + name, conn);
                cmd.ExecuteNonQuery();
            }

            return ConnectionString(name);
        }

        /// <summary>Direct SQL on a test database, outside the store: the first column of the first row, as a number.</summary>
        public static long Scalar(string connectionString, string sql)
        {
            using var conn = new NpgsqlConnection(connectionString);
            conn.Open();
            using var cmd = new NpgsqlCommand(sql, conn);
            return Convert.ToInt64(cmd.ExecuteScalar());
        }

        public string ConnectionString(string database) =>
            $"Host=127.0.0.1;Port={Port};Username={User};Password={Password};Database={database};Pooling=true";

        public void Dispose()
        {
            NpgsqlConnection.ClearAllPools();
            try
            {
                RunPg("pg_ctl", "-D", _data, "-m", "immediate", "-w", "stop");
            }
            catch (InvalidOperationException)
            {
                // Already stopped.
            }

            try
            {
                Directory.Delete(_dir, recursive: true);
            }
            catch (IOException)
            {
            }
        }

        private static string BinDir()
        {
            string? given = Environment.GetEnvironmentVariable("LLMCOST_PG_BIN");
            if (!string.IsNullOrEmpty(given)) return given!;
            var versions = Directory.Exists("/usr/lib/postgresql")
                ? Directory.GetDirectories("/usr/lib/postgresql").Where(d => File.Exists(Path.Combine(d, "bin", "initdb"))).OrderByDescending(d => d).ToList()
                : new System.Collections.Generic.List<string>();
            if (versions.Count == 0) throw new InvalidOperationException("PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb): run .ci/install, or set LLMCOST_PG_BIN.");
            return Path.Combine(versions[0], "bin");
        }

        private void RunPg(string tool, params string[] args)
        {
            string exe = Path.Combine(BinDir(), tool);
            if (_asPostgres) Run("runuser", new[] { "-u", "postgres", "--", exe }.Concat(args).ToArray());
            else Run(exe, args);
        }

        private static void Run(string file, params string[] args)
        {
            var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = Path.GetTempPath() };
            foreach (var a in args) psi.ArgumentList.Add(a);
            using var p = Process.Start(psi)!;
            var err = p.StandardError.ReadToEndAsync();
            string output = p.StandardOutput.ReadToEnd();
            p.WaitForExit();
            if (p.ExitCode != 0) throw new InvalidOperationException($"{file} {string.Join(" ", args)} exited with {p.ExitCode}: {output} {err.Result}");
        }
    }

    [CollectionDefinition(Name)]
    public sealed class PostgresCollection : ICollectionFixture<PostgresCluster>
    {
        public const string Name = "PostgreSQL cluster";
    }
}
