using System.IO;

namespace LlmCost.Cli.Tests
{
    /// <summary>A mistyped --db never answers from a new, empty store: reads and checks fail with StoreNotFound, exit 1.</summary>
    public sealed class MissingStoreCliTests : CliTestBase
    {
        private string Missing => Db + ".typo";

        [Theory]
        [InlineData("cost")]
        [InlineData("store")]
        [InlineData("budget", "list")]
        [InlineData("budget", "check", "--fail-on-breach")]
        [InlineData("budget", "alerts")]
        public void ReadsAndChecks_OnAMissingStore_FailWithStoreNotFound_AndCreateNothing(params string[] command)
        {
            var r = Run(Concat(command, "--db", Missing));
            Assert.Equal(1, r.Code);
            Assert.Contains("StoreNotFound", r.Err);
            Assert.Contains(Missing, r.Err);
            Assert.False(File.Exists(Missing));
        }

        [Fact]
        public void ADirectoryAsTheDatabase_IsAClearError()
        {
            string dir = Path.GetDirectoryName(Db)!;
            var r = Run("cost", "--db", dir);
            Assert.Equal(1, r.Code);
            Assert.Contains("StoreIsADirectory", r.Err);
            var add = Run("add", "--db", dir, "--model", "gpt-4o", "--input", "10", "--output", "1");
            Assert.Equal(1, add.Code);
            Assert.Contains("is a directory", add.Err);
        }

        [Fact]
        public void PriceLookups_WorkWithoutAStore_AndCreateNone()
        {
            // o3 from 2025-06-10: $2 input / $8 output per million (docs/price-catalog.md).
            var r = Run("prices", "o3", "--at", "2025-07-01", "--json", "--db", Missing);
            Assert.Equal(0, r.Code);
            Assert.Contains("\"input\": 2", r.Out);
            Assert.False(File.Exists(Missing));
        }

        [Fact]
        public void RecordingCreatesTheStore()
        {
            Assert.Equal(0, Run("add", "--db", Missing, "--provider", "openai", "--model", "gpt-4o", "--input", "10", "--output", "1").Code);
            Assert.True(File.Exists(Missing));
            Assert.Equal(0, Run("cost", "--db", Missing).Code);
        }

        [Fact]
        public void ImportOfAFolderWithoutRecurse_NamesItWithAHint()
        {
            string logs = Path.Combine(Path.GetDirectoryName(Db)!, "projects");
            Directory.CreateDirectory(Path.Combine(logs, "proj"));
            File.WriteAllText(Path.Combine(logs, "proj", "s.jsonl"), "{}\n");
            var r = Run("import", logs, "--db", Db);
            Assert.Equal(1, r.Code);
            Assert.Contains("NoFilesFound", r.Err);
            Assert.Contains("--recurse", r.Err);
        }

        [Fact]
        public void StoreCheck_IsHealthyOnAGoodStore_AndExits1OnADamagedOne()
        {
            Assert.Equal(0, Run("add", "--db", Db, "--provider", "openai", "--model", "gpt-4o", "--input", "10", "--output", "1", "--request-id", "c").Code);
            var ok = Run("store", "check", "--db", Db);
            Assert.Equal(0, ok.Code);
            Assert.Contains("healthy", ok.Out);

            // A summary row that no longer equals its request.
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            using (var conn = new Microsoft.Data.Sqlite.SqliteConnection("Data Source=" + Db + ";Pooling=False"))
            {
                conn.Open();
                using var cmd = conn.CreateCommand();
                cmd.CommandText = "UPDATE cost_rollups_hourly SET requests = requests + 1";
                cmd.ExecuteNonQuery();
            }

            var bad = Run("store", "check", "--db", Db);
            Assert.Equal(1, bad.Code);
            Assert.Contains("StoreDamaged", bad.Err);
            Assert.Contains("differ from their requests", bad.Out);
        }

        private static string[] Concat(string[] a, params string[] b)
        {
            var all = new string[a.Length + b.Length];
            a.CopyTo(all, 0);
            b.CopyTo(all, a.Length);
            return all;
        }
    }
}
