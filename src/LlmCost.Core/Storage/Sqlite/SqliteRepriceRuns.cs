using System;
using System.Collections.Generic;
using LlmCost.Core.Time;
using Microsoft.Data.Sqlite;

namespace LlmCost.Core.Storage.Sqlite
{
    /// <summary>The reprice_runs table: the audit trail of re-pricing.</summary>
    internal static class SqliteRepriceRuns
    {
        public static long Add(SqliteConnection conn, RepriceRun run)
        {
            using var cmd = conn.CreateCommand();
            cmd.CommandText = "INSERT INTO reprice_runs (run_at, run_by, reason, scope, rows_examined, rows_changed, newly_priced, old_total_nano, new_total_nano) " +
                              "VALUES ($at, $by, $why, $scope, $ex, $ch, $np, $old, $new); SELECT last_insert_rowid();";
            cmd.Parameters.AddWithValue("$at", UnixMs.From(run.RunAtUtc));
            cmd.Parameters.AddWithValue("$by", run.RunBy);
            cmd.Parameters.AddWithValue("$why", (object?)run.Reason ?? DBNull.Value);
            cmd.Parameters.AddWithValue("$scope", run.Scope);
            cmd.Parameters.AddWithValue("$ex", run.RowsExamined);
            cmd.Parameters.AddWithValue("$ch", run.RowsChanged);
            cmd.Parameters.AddWithValue("$np", run.NewlyPriced);
            cmd.Parameters.AddWithValue("$old", run.OldTotalNano);
            cmd.Parameters.AddWithValue("$new", run.NewTotalNano);
            return (long)cmd.ExecuteScalar()!;
        }

        /// <summary>The runs, newest first.</summary>
        public static IReadOnlyList<RepriceRun> All(SqliteConnection conn)
        {
            using var cmd = conn.CreateCommand();
            cmd.CommandText = "SELECT run_id, run_at, run_by, reason, scope, rows_examined, rows_changed, newly_priced, old_total_nano, new_total_nano FROM reprice_runs ORDER BY run_id DESC";
            var list = new List<RepriceRun>();
            using var r = cmd.ExecuteReader();
            while (r.Read())
            {
                list.Add(new RepriceRun
                {
                    RunId = r.GetInt64(0),
                    RunAtUtc = UnixMs.ToUtc(r.GetInt64(1)),
                    RunBy = r.GetString(2),
                    Reason = r.IsDBNull(3) ? null : r.GetString(3),
                    Scope = r.GetString(4),
                    RowsExamined = r.GetInt64(5),
                    RowsChanged = r.GetInt64(6),
                    NewlyPriced = r.GetInt64(7),
                    OldTotalNano = r.GetInt64(8),
                    NewTotalNano = r.GetInt64(9),
                });
            }

            return list;
        }
    }
}
