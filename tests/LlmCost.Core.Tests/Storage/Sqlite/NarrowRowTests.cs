using System.Linq;
using LlmCost.Core.Queries;
using LlmCost.Core.Storage;
using LlmCost.Core.Storage.Sqlite;
using LlmCost.Core.Usage;

namespace LlmCost.Core.Tests
{
    /// <summary>
    /// Request rows keep price references and sources as label ids, and a request id only when the key does not hold it
    /// (migration 0006); every request still reads back exactly as it was recorded.
    /// </summary>
    public class NarrowRowTests
    {
        [Fact]
        public void RequestIdsPriceRefsAndSources_ReadBackAsRecorded()
        {
            using var dir = new TempDir();
            string db = dir.File("s.db");
            var at = Utc.At(2025, 6, 1, 10);
            using var store = SqliteCostStore.Open(db);
            UsageRecord Usage(string provider, string? id) =>
                new UsageRecord(provider, "llama-3.3-70b-versatile", at, new TokenUsage(1200, 300)) { RequestId = id, Source = "import:a.jsonl" };

            var withId = store.Record(Usage("groq", "req-1"));
            store.Record(Usage("groq", null));
            // A provider named like the scheme of id-less keys ('sha256:<hash>'): its ids cannot be read from the key.
            store.Record(Usage("sha256", "x9"));
            store.Record(Usage("sha256", null));

            Assert.NotNull(withId.PriceRef);
            var rows = store.GetRequests(new CostQuery()).ToList();
            Assert.Equal(4, rows.Count);
            Assert.All(rows, r => Assert.Equal("import:a.jsonl", r.Source));
            var groq = rows.Where(r => r.Provider == "groq").ToList();
            Assert.Equal(new[] { "req-1", null }, groq.Select(r => r.RequestId).OrderBy(x => x == null).ToArray());
            Assert.All(groq, r => Assert.Equal(withId.PriceRef, r.PriceRef));
            var other = rows.Where(r => r.Provider == "sha256").ToList();
            Assert.Equal(new[] { "x9", null }, other.Select(r => r.RequestId).OrderBy(x => x == null).ToArray());
            Assert.All(other, r => Assert.Null(r.PriceRef));

            // Stored narrow: one label per distinct text, and only the id the key cannot give back.
            Assert.Equal(2, TestDb.Scalar(db, "SELECT COUNT(*) FROM labels"));
            Assert.Equal(1, TestDb.Scalar(db, "SELECT COUNT(*) FROM request_costs WHERE provider_request_id IS NOT NULL"));
        }

        [Fact]
        public void Migration0006_MovesTextsToLabels_WithoutTouchingRollups()
        {
            using var dir = new TempDir();
            string db = dir.File("v5.db");
            TestDb.MigrateTo(db, 5);

            const string priceRef = "genai-prices:groq/llama-3.3-70b-versatile@2025-01-01";
            void Row(string key, string? id, string provider, string? price, string? source)
            {
                bool priced = price != null;
                TestDb.Exec(db, "INSERT INTO request_costs (request_key, request_hash, provider_request_id, occurred_at, provider, model, input_tokens, output_tokens, " +
                                "cost_nano, pricing_status, price_ref, source, recorded_at) VALUES ($k, $h, $id, 1748772000000, $p, 'llama-3.3-70b-versatile', 1200, 300, " +
                                (priced ? "945000, 'priced'" : "NULL, 'unpriced'") + ", $price, $src, 0)",
                    ("$k", key), ("$h", SqliteRequestHash.Of(key)), ("$id", (object?)id ?? System.DBNull.Value), ("$p", provider),
                    ("$price", (object?)price ?? System.DBNull.Value), ("$src", (object?)source ?? System.DBNull.Value));
            }

            Row("groq:req-1", "req-1", "groq", priceRef, "import:a.jsonl");
            Row("sha256:00aa", null, "groq", priceRef, "import:b.jsonl");
            Row("sha256:x9", "x9", "sha256", null, null);
            Row("sha256:ff00", null, "sha256", null, "import:a.jsonl");
            // No rollup rows: had the migration's rewrite fired the rollup trigger, rows would appear.
            TestDb.MigrateTo(db, 6);
            Assert.Equal(0, TestDb.Scalar(db, "SELECT COUNT(*) FROM cost_rollups_hourly"));

            // Opening migrates on to the latest version, whose migration 0007 rebuilds the summaries from the rows.
            using var store = SqliteCostStore.Open(db);
            Assert.Equal(Migrator.LatestVersion, store.GetInfo().SchemaVersion);
            var byKey = store.GetRequests(new CostQuery()).ToDictionary(r => r.RequestKey);
            Assert.Equal(("req-1", priceRef, "import:a.jsonl"), (byKey["groq:req-1"].RequestId, byKey["groq:req-1"].PriceRef, byKey["groq:req-1"].Source));
            Assert.Equal((null, priceRef, "import:b.jsonl"), (byKey["sha256:00aa"].RequestId, byKey["sha256:00aa"].PriceRef, byKey["sha256:00aa"].Source));
            Assert.Equal(("x9", null, null), (byKey["sha256:x9"].RequestId, byKey["sha256:x9"].PriceRef, byKey["sha256:x9"].Source));
            Assert.Equal((null, null, "import:a.jsonl"), (byKey["sha256:ff00"].RequestId, byKey["sha256:ff00"].PriceRef, byKey["sha256:ff00"].Source));

            Assert.Equal(0, TestDb.Scalar(db, "SELECT COUNT(*) FROM pragma_table_info('request_costs') WHERE name IN ('price_ref', 'source')"));
            Assert.Equal(3, TestDb.Scalar(db, "SELECT COUNT(*) FROM labels"));
            Assert.Equal(1, TestDb.Scalar(db, "SELECT COUNT(*) FROM request_costs WHERE provider_request_id IS NOT NULL"));
            Assert.Equal(1200, TestDb.Scalar(db, "SELECT SUM(output_tokens) FROM cost_rollups_hourly")); // 4 rows x 300, rebuilt by 0007

            // The rollup trigger now fires only for the columns the rollups sum.
            TestDb.Exec(db, "UPDATE request_costs SET tags = '{\"team\":\"a\"}' WHERE request_key = 'groq:req-1'");
            Assert.Equal(1200, TestDb.Scalar(db, "SELECT SUM(output_tokens) FROM cost_rollups_hourly"));
            TestDb.Exec(db, "UPDATE request_costs SET output_tokens = 400 WHERE request_key = 'groq:req-1'");
            Assert.Equal(1300, TestDb.Scalar(db, "SELECT SUM(output_tokens) FROM cost_rollups_hourly"));
        }
    }
}
