using System;
using System.Collections.Generic;
using LlmCost.Core.Time;
using System.Data.Common;

namespace LlmCost.Core.Storage.Sql
{
    /// <summary>The reprice_runs table: the audit trail of re-pricing.</summary>
    internal static class SqlRepriceRuns
    {
        public static long Add(DbConnection conn, RepriceRun run)
        {
            using var cmd = conn.CreateCommand();
            cmd.CommandText = "INSERT INTO reprice_runs (run_at, run_by, reason, scope, rows_examined, rows_changed, newly_priced, old_total_nano, new_total_nano) " +
                              "VALUES (@at, @by, @why, @scope, @ex, @ch, @np, @old, @new) RETURNING run_id";
            cmd.With("@at", UnixMs.From(run.RunAtUtc));
            cmd.With("@by", run.RunBy);
            cmd.With("@why", run.Reason);
            cmd.With("@scope", run.Scope);
            cmd.With("@ex", run.RowsExamined);
            cmd.With("@ch", run.RowsChanged);
            cmd.With("@np", run.NewlyPriced);
            cmd.With("@old", run.OldTotalNano);
            cmd.With("@new", run.NewTotalNano);
            return System.Convert.ToInt64(cmd.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
        }

        /// <summary>The runs, newest first.</summary>
        public static IReadOnlyList<RepriceRun> All(DbConnection conn)
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
