using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.Data.Sqlite;

namespace LlmCost.Core.Storage.Sqlite
{
    /// <summary>Looking after the store file: backing it up and checking it.</summary>
    internal static class SqliteStoreCare
    {
        /// <summary>SQLite's online backup to a new owner-only file (see <see cref="ICostStore.Backup"/>).</summary>
        public static void Backup(SqliteCostStore store, string destinationPath, bool overwrite)
        {
            string full = System.IO.Path.GetFullPath(destinationPath);
            if (string.Equals(full, store.Path, StringComparison.Ordinal)) throw new StoreException("BackupFailed", $"'{full}' is the store itself: give another path.");
            if (Directory.Exists(full)) throw new StoreException("BackupFailed", $"'{full}' is a directory: give the path of the backup file.");
            if (File.Exists(full))
            {
                if (!overwrite) throw new StoreException("FileExists", $"'{full}' exists: give -Force / --force to replace it.");
                // A pooled connection of this process to the old file would go on reading the deleted copy.
                SqliteConnection.ClearAllPools();
                foreach (var f in new[] { full, full + "-wal", full + "-shm" }) File.Delete(f);
            }

            try
            {
                string? dir = System.IO.Path.GetDirectoryName(full);
                if (!string.IsNullOrEmpty(dir)) Directory.CreateDirectory(dir!);
                SqlitePrivateFile.Create(full);
                using var source = store.OpenConnection();
                using var copy = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = full, Pooling = false }.ToString());
                copy.Open();
                // SQLite's online backup: a consistent snapshot page by page, while writers go on.
                source.BackupDatabase(copy);
            }
            catch (Exception ex) when (ex is SqliteException || ex is IOException || ex is UnauthorizedAccessException)
            {
                throw new StoreException("BackupFailed", $"Cannot back up '{store.Path}' to '{full}': {ex.Message}", ex);
            }
        }

        /// <summary>Integrity check, summaries against rows, unique keys; reads only.</summary>
        public static StoreCheck Check(SqliteCostStore store)
        {
            var check = new StoreCheck { Path = store.Path };
            using var conn = store.OpenConnection();
            var integrity = new List<string>();
            try
            {
                using (var cmd = conn.CreateCommand())
                {
                    cmd.CommandText = "PRAGMA integrity_check(20)";
                    using var r = cmd.ExecuteReader();
                    while (r.Read()) integrity.Add(r.GetString(0));
                }

                check.Integrity = integrity;
                if (!(integrity.Count == 1 && integrity[0] == "ok")) return check; // the tables cannot be trusted enough to compare

                using (var cmd = conn.CreateCommand())
                {
                    // The hourly rollups must equal their request rows, both ways (a rollup without rows counts too), and the
                    // coarser rollups (per hour and per day without the session, per day with it) must equal the hourly ones,
                    // and the totals per hour and per day and the months by model the summaries by model.
                    const string Sums = "SUM(requests), SUM(unpriced_requests), SUM(input_tokens), SUM(cache_read_tokens), SUM(cache_write_5m_tokens), " +
                                        "SUM(cache_write_1h_tokens), SUM(output_tokens), SUM(reasoning_tokens), SUM(cost_nano)";
                    const string Cols = "requests, unpriced_requests, input_tokens, cache_read_tokens, cache_write_5m_tokens, " +
                                        "cache_write_1h_tokens, output_tokens, reasoning_tokens, cost_nano";
                    const string Rows =
                        "SELECT (occurred_at / 3600000) * 3600000 AS h, COALESCE(session_id, '') AS s, provider AS p, model AS m, COALESCE(tags, '') AS t, COUNT(*) AS n, " +
                        "SUM(cost_nano IS NULL) AS u, SUM(input_tokens) AS i, SUM(cache_read_tokens) AS cr, SUM(cache_write_5m_tokens) AS w5, " +
                        "SUM(cache_write_1h_tokens) AS w1, SUM(output_tokens) AS o, SUM(reasoning_tokens) AS re, SUM(COALESCE(cost_nano, 0)) AS c " +
                        "FROM request_costs GROUP BY 1, 2, 3, 4, 5";
                    const string Rollups = "SELECT hour_start, session_id, provider, model, tags, " + Cols + " FROM cost_rollups_hourly WHERE requests <> 0";
                    static string Differences(string a, string b) => $"(SELECT COUNT(*) FROM ({a} EXCEPT {b})) + (SELECT COUNT(*) FROM ({b} EXCEPT {a}))";
                    // A coarser summary (its key columns) against the finer one it must equal, summed up to that key.
                    static string Coarser(string table, string keys, string keysInFiner, string finer)
                    {
                        string groupBy = string.Join(", ", Enumerable.Range(1, keys.Split(',').Length));
                        return Differences($"SELECT {keysInFiner}, {Sums} FROM {finer} GROUP BY {groupBy} HAVING SUM(requests) <> 0",
                            $"SELECT {keys}, {Cols} FROM {table} WHERE requests <> 0");
                    }

                    const string Day = "(hour_start / 86400000) * 86400000";
                    const string Month = "CAST(strftime('%s', day_start / 1000, 'unixepoch', 'start of month') AS INTEGER) * 1000";
                    string coarser =
                        Coarser("cost_rollups_hourly_by_model", "hour_start, provider, model, tags", "hour_start, provider, model, tags", "cost_rollups_hourly") + " + " +
                        Coarser("cost_rollups_daily_by_model", "day_start, provider, model, tags", Day + ", provider, model, tags", "cost_rollups_hourly") + " + " +
                        Coarser("cost_rollups_daily_by_session", "day_start, session_id, provider, model, tags", Day + ", session_id, provider, model, tags", "cost_rollups_hourly") + " + " +
                        Coarser("cost_rollups_hourly_total", "hour_start", "hour_start", "cost_rollups_hourly_by_model") + " + " +
                        Coarser("cost_rollups_daily_total", "day_start", "day_start", "cost_rollups_daily_by_model") + " + " +
                        Coarser("cost_rollups_monthly_by_model", "month_start, provider, model, tags", Month + ", provider, model, tags", "cost_rollups_daily_by_model");
                    cmd.CommandText = $"SELECT {Differences(Rows, Rollups)} + {coarser}; " +
                                      "SELECT COUNT(*) FROM (SELECT request_key FROM request_costs GROUP BY request_key HAVING COUNT(*) > 1); " +
                                      "SELECT COUNT(*) FROM request_costs;";
                    using var r = cmd.ExecuteReader();
                    r.Read();
                    check.RollupMismatches = r.GetInt64(0);
                    r.NextResult();
                    r.Read();
                    check.DuplicateRequestKeys = r.GetInt64(0);
                    r.NextResult();
                    r.Read();
                    check.Requests = r.GetInt64(0);
                }
            }
            catch (SqliteException ex)
            {
                // A store too damaged to read is the answer, not a crash.
                integrity.Add(ex.Message);
                check.Integrity = integrity;
            }

            return check;
        }
    }
}
