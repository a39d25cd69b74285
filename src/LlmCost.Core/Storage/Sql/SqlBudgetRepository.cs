using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using LlmCost.Core.Budgets;
using LlmCost.Core.Json;
using LlmCost.Core.Money;
using LlmCost.Core.Time;
using System.Data;
using System.Data.Common;

namespace LlmCost.Core.Storage.Sql
{
    /// <summary>
    /// <see cref="IBudgetRepository"/> for every engine: budgets, exactly-once alerts (UNIQUE + ON CONFLICT DO NOTHING, so
    /// two checkers, on one machine or many, record an alert once), the delivery queue with leases.
    /// </summary>
    internal sealed class SqlBudgetRepository
    {
        private readonly SqlEngine _engine;

        public SqlBudgetRepository(SqlEngine engine)
        {
            _engine = engine;
        }

        public void SaveBudget(Budget budget, DateTime nowUtc)
        {
            using var conn = _engine.Open();
            using var cmd = conn.CreateCommand();
            cmd.CommandText =
                "INSERT INTO budgets (name, amount_nano, currency, period, time_zone, scope_provider, scope_model, scope_session, scope_tag, thresholds, enforcement, notify, created_at, updated_at) " +
                "VALUES (@n, @a, 'USD', @p, @tz, @sp, @sm, @ss, @st, @th, @e, @no, @now, @now) ON CONFLICT (name) DO UPDATE SET amount_nano = excluded.amount_nano, " +
                "period = excluded.period, time_zone = excluded.time_zone, scope_provider = excluded.scope_provider, scope_model = excluded.scope_model, " +
                "scope_session = excluded.scope_session, scope_tag = excluded.scope_tag, thresholds = excluded.thresholds, enforcement = excluded.enforcement, " +
                "notify = excluded.notify, updated_at = excluded.updated_at";
            cmd.With("@n", budget.Name);
            cmd.With("@a", Nano.FromDecimal(budget.Amount));
            cmd.With("@p", budget.Period.ToString().ToLowerInvariant());
            cmd.With("@tz", budget.TimeZone);
            cmd.With("@sp", budget.Provider);
            cmd.With("@sm", budget.Model);
            cmd.With("@ss", budget.SessionId);
            cmd.With("@st", budget.Tag);
            cmd.With("@th", JsonSerializer.Serialize(budget.Thresholds.ToArray(), CoreJsonContext.Default.Int32Array));
            cmd.With("@e", budget.Enforcement.ToString().ToLowerInvariant());
            cmd.With("@no", budget.Notify.Count == 0 ? null : JsonSerializer.Serialize(budget.Notify.ToArray(), CoreJsonContext.Default.StringArray));
            cmd.With("@now", UnixMs.From(nowUtc));
            cmd.ExecuteNonQuery();
        }

        public IReadOnlyList<Budget> GetBudgets()
        {
            using var conn = _engine.Open();
            using var cmd = conn.CreateCommand();
            cmd.CommandText = "SELECT budget_id, name, amount_nano, currency, period, time_zone, scope_provider, scope_model, scope_session, scope_tag, " +
                              "thresholds, enforcement, notify, created_at, updated_at FROM budgets ORDER BY name";
            var result = new List<Budget>();
            using var r = cmd.ExecuteReader();
            while (r.Read())
            {
                result.Add(new Budget
                {
                    Id = r.GetInt64(0),
                    Name = r.GetString(1),
                    Amount = Nano.ToDecimal(r.GetInt64(2)),
                    Currency = r.GetString(3),
                    Period = (BudgetPeriod)Enum.Parse(typeof(BudgetPeriod), r.GetString(4), true),
                    TimeZone = r.GetString(5),
                    Provider = r.IsDBNull(6) ? null : r.GetString(6),
                    Model = r.IsDBNull(7) ? null : r.GetString(7),
                    SessionId = r.IsDBNull(8) ? null : r.GetString(8),
                    Tag = r.IsDBNull(9) ? null : r.GetString(9),
                    Thresholds = JsonSerializer.Deserialize(r.GetString(10), CoreJsonContext.Default.Int32Array) ?? Budget.DefaultThresholds.ToArray(),
                    Enforcement = (BudgetEnforcement)Enum.Parse(typeof(BudgetEnforcement), r.GetString(11), true),
                    Notify = r.IsDBNull(12) ? Array.Empty<string>() : JsonSerializer.Deserialize(r.GetString(12), CoreJsonContext.Default.StringArray) ?? Array.Empty<string>(),
                    CreatedUtc = UnixMs.ToUtc(r.GetInt64(13)),
                    UpdatedUtc = UnixMs.ToUtc(r.GetInt64(14)),
                });
            }

            return result;
        }

        public bool RemoveBudget(string name)
        {
            using var conn = _engine.Open();
            using var cmd = conn.CreateCommand();
            cmd.CommandText = "DELETE FROM budgets WHERE name = @n";
            cmd.With("@n", name);
            return cmd.ExecuteNonQuery() == 1;
        }

        public IReadOnlyList<BudgetAlert> AddAlerts(IReadOnlyList<BudgetAlert> alerts, IReadOnlyList<string> targets, DateTime nowUtc)
        {
            if (alerts.Count == 0) return Array.Empty<BudgetAlert>();
            long now = UnixMs.From(nowUtc);
            var created = new List<BudgetAlert>();
            using var conn = _engine.Open();
            // The hourly check usually finds its alerts already recorded: a read says so without taking the write lock.
            if (alerts.All(a => AlertExists(conn, a))) return Array.Empty<BudgetAlert>();
            using var tx = _engine.BeginWrite(conn);
            foreach (var alert in alerts)
            {
                using var cmd = conn.CreateCommand();
                cmd.Transaction = tx;
                cmd.CommandText =
                    "INSERT INTO budget_alerts (budget_id, period_start, threshold, level, spent_nano, limit_nano, session_id, created_at) " +
                    "VALUES (@b, @p, @t, @l, @s, @lim, @sid, @now) ON CONFLICT (budget_id, period_start, threshold, session_id) DO NOTHING RETURNING alert_id";
                cmd.With("@b", alert.BudgetId);
                // Session and total budgets have no period: stored as 0 so the UNIQUE key still holds.
                cmd.With("@p", alert.PeriodStartUtc.HasValue ? UnixMs.From(alert.PeriodStartUtc.Value) : 0L);
                cmd.With("@t", alert.Threshold);
                cmd.With("@l", alert.Level.ToString().ToLowerInvariant());
                cmd.With("@s", Nano.FromDecimal(alert.Spent));
                cmd.With("@lim", Nano.FromDecimal(alert.Limit));
                cmd.With("@sid", alert.SessionId ?? "");
                cmd.With("@now", now);
                if (!(InsertWithDeliveries(conn, tx, cmd, "alert_id", targets, now) is long alertId)) continue;
                alert.AlertId = alertId;
                alert.CreatedUtc = UnixMs.ToUtc(now);
                created.Add(alert);
            }

            tx.Commit();
            return created;
        }

        private static bool AlertExists(DbConnection conn, BudgetAlert alert)
        {
            using var cmd = conn.CreateCommand();
            cmd.CommandText = "SELECT 1 FROM budget_alerts WHERE budget_id = @b AND period_start = @p AND threshold = @t AND session_id = @sid";
            cmd.With("@b", alert.BudgetId);
            cmd.With("@p", alert.PeriodStartUtc.HasValue ? UnixMs.From(alert.PeriodStartUtc.Value) : 0L);
            cmd.With("@t", alert.Threshold);
            cmd.With("@sid", alert.SessionId ?? "");
            return cmd.ExecuteScalar() != null;
        }

        public IReadOnlyList<CostAnomaly> AddAnomalies(IReadOnlyList<CostAnomaly> anomalies, IReadOnlyList<string> targets, DateTime nowUtc)
        {
            if (anomalies.Count == 0) return Array.Empty<CostAnomaly>();
            long now = UnixMs.From(nowUtc);
            var created = new List<CostAnomaly>();
            using var conn = _engine.Open();
            using var tx = _engine.BeginWrite(conn);
            foreach (var a in anomalies)
            {
                using var cmd = conn.CreateCommand();
                cmd.Transaction = tx;
                cmd.CommandText =
                    "INSERT INTO anomaly_alerts (scope_kind, scope_value, day_start, spent_nano, expected_low_nano, expected_high_nano, score, created_at) " +
                    "VALUES (@k, @v, @d, @s, @lo, @hi, @sc, @now) ON CONFLICT (scope_kind, scope_value, day_start) DO NOTHING RETURNING anomaly_id";
                cmd.With("@k", a.ScopeKind);
                cmd.With("@v", a.Scope);
                cmd.With("@d", UnixMs.From(a.DayStartUtc));
                cmd.With("@s", Nano.FromDecimal(a.Spent));
                cmd.With("@lo", Nano.FromDecimal(a.ExpectedLow));
                cmd.With("@hi", Nano.FromDecimal(a.ExpectedHigh));
                cmd.With("@sc", a.Score);
                cmd.With("@now", now);
                if (InsertWithDeliveries(conn, tx, cmd, "anomaly_id", targets, now) == null) continue;
                created.Add(a);
            }

            tx.Commit();
            return created;
        }

        /// <summary>
        /// Runs an alert insert (… RETURNING its id) that does nothing when the alert was already raised; when it adds a row, queues one
        /// delivery per target in the same transaction. Returns the new row's id, or null.
        /// </summary>
        private static long? InsertWithDeliveries(DbConnection conn, DbTransaction tx, DbCommand insert, string column, IReadOnlyList<string> targets, long now)
        {
            // RETURNING gives the new row's id, or no row when the alert was already raised.
            if (!(insert.ExecuteScalar() is object value) || value is DBNull) return null;
            long id = Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture);

            foreach (var target in targets)
            {
                using var cmd = conn.CreateCommand();
                cmd.Transaction = tx;
                cmd.CommandText = $"INSERT INTO alert_deliveries ({column}, target, status, created_at) VALUES (@id, @t, 'pending', @now)";
                cmd.With("@id", id);
                cmd.With("@t", target);
                cmd.With("@now", now);
                cmd.ExecuteNonQuery();
            }

            return id;
        }

        public IReadOnlyList<long> GetDueDeliveries(DateTime staleBeforeUtc)
        {
            using var conn = _engine.Open();
            using var cmd = conn.CreateCommand();
            cmd.CommandText = "SELECT delivery_id FROM alert_deliveries WHERE status IN ('pending', 'failed') OR (status = 'sending' AND claimed_at < @stale) ORDER BY delivery_id";
            cmd.With("@stale", UnixMs.From(staleBeforeUtc));
            var ids = new List<long>();
            using var r = cmd.ExecuteReader();
            while (r.Read()) ids.Add(r.GetInt64(0));
            return ids;
        }

        public ClaimedDelivery? ClaimDelivery(long deliveryId, string claimant, DateTime nowUtc, DateTime staleBeforeUtc)
        {
            using var conn = _engine.Open();
            using var tx = _engine.BeginWrite(conn);
            using (var cmd = conn.CreateCommand())
            {
                cmd.Transaction = tx;
                cmd.CommandText = "UPDATE alert_deliveries SET status = 'sending', claimed_by = @me, claimed_at = @now, attempts = attempts + 1 " +
                                  "WHERE delivery_id = @id AND (status IN ('pending', 'failed') OR (status = 'sending' AND claimed_at < @stale))";
                cmd.With("@me", claimant);
                cmd.With("@now", UnixMs.From(nowUtc));
                cmd.With("@id", deliveryId);
                cmd.With("@stale", UnixMs.From(staleBeforeUtc));
                if (cmd.ExecuteNonQuery() != 1)
                {
                    tx.Commit();
                    return null;
                }
            }

            var claimed = ReadDelivery(conn, tx, deliveryId);
            tx.Commit();
            return claimed;
        }

        private static ClaimedDelivery ReadDelivery(DbConnection conn, DbTransaction tx, long deliveryId)
        {
            using var cmd = conn.CreateCommand();
            cmd.Transaction = tx;
            cmd.CommandText =
                "SELECT d.target, a.threshold, a.level, a.spent_nano, a.limit_nano, a.session_id, a.period_start, b.name, b.period, " +
                "n.scope_kind, n.scope_value, n.day_start, n.spent_nano, n.expected_low_nano, n.expected_high_nano, n.score, a.alert_id, a.budget_id " +
                "FROM alert_deliveries d LEFT JOIN budget_alerts a ON a.alert_id = d.alert_id LEFT JOIN budgets b ON b.budget_id = a.budget_id " +
                "LEFT JOIN anomaly_alerts n ON n.anomaly_id = d.anomaly_id WHERE d.delivery_id = @id";
            cmd.With("@id", deliveryId);
            using var r = cmd.ExecuteReader();
            r.Read();
            var claimed = new ClaimedDelivery { DeliveryId = deliveryId, Target = r.GetString(0) };
            if (!r.IsDBNull(1))
            {
                claimed.Alert = new BudgetAlert
                {
                    AlertId = r.GetInt64(16),
                    BudgetId = r.GetInt64(17),
                    Threshold = r.GetInt32(1),
                    Level = (AlertLevel)Enum.Parse(typeof(AlertLevel), r.GetString(2), true),
                    Spent = Nano.ToDecimal(r.GetInt64(3)),
                    Limit = Nano.ToDecimal(r.GetInt64(4)),
                    SessionId = r.GetString(5).Length == 0 ? null : r.GetString(5),
                    PeriodStartUtc = r.GetInt64(6) == 0 ? (DateTime?)null : UnixMs.ToUtc(r.GetInt64(6)),
                    Budget = r.GetString(7),
                };
                claimed.BudgetPeriod = r.GetString(8);
                return claimed;
            }

            claimed.Anomaly = new CostAnomaly
            {
                ScopeKind = r.GetString(9),
                Scope = r.GetString(10),
                DayStartUtc = UnixMs.ToUtc(r.GetInt64(11)),
                Spent = Nano.ToDecimal(r.GetInt64(12)),
                ExpectedLow = Nano.ToDecimal(r.GetInt64(13)),
                ExpectedHigh = Nano.ToDecimal(r.GetInt64(14)),
                Score = r.GetDouble(15),
            };
            return claimed;
        }

        public void FinishDelivery(long deliveryId, string claimant, DateTime nowUtc, string? error)
        {
            using var conn = _engine.Open();
            using var cmd = conn.CreateCommand();
            cmd.CommandText = error == null
                ? "UPDATE alert_deliveries SET status = 'delivered', delivered_at = @now, last_error = NULL WHERE delivery_id = @id AND claimed_by = @me"
                : "UPDATE alert_deliveries SET status = 'failed', last_error = @err WHERE delivery_id = @id AND claimed_by = @me";
            cmd.With("@now", UnixMs.From(nowUtc));
            cmd.With("@id", deliveryId);
            cmd.With("@me", claimant);
            cmd.With("@err", error);
            cmd.ExecuteNonQuery();
        }

        public IReadOnlyList<BudgetAlert> GetAlerts(DateTime? sinceUtc)
        {
            using var conn = _engine.Open();
            var list = new List<BudgetAlert>();
            using (var cmd = conn.CreateCommand())
            {
                cmd.CommandText =
                    "SELECT a.alert_id, a.budget_id, b.name, a.period_start, a.threshold, a.level, a.spent_nano, a.limit_nano, a.session_id, a.created_at " +
                    "FROM budget_alerts a JOIN budgets b ON b.budget_id = a.budget_id WHERE (@since IS NULL OR a.created_at >= @since) ORDER BY a.created_at DESC, a.alert_id DESC";
                cmd.With("@since", sinceUtc.HasValue ? UnixMs.From(sinceUtc.Value) : (long?)null);
                using var r = cmd.ExecuteReader();
                while (r.Read())
                {
                    list.Add(new BudgetAlert
                    {
                        AlertId = r.GetInt64(0),
                        BudgetId = r.GetInt64(1),
                        Budget = r.GetString(2),
                        PeriodStartUtc = r.GetInt64(3) == 0 ? (DateTime?)null : UnixMs.ToUtc(r.GetInt64(3)),
                        Threshold = r.GetInt32(4),
                        Level = (AlertLevel)Enum.Parse(typeof(AlertLevel), r.GetString(5), true),
                        Spent = Nano.ToDecimal(r.GetInt64(6)),
                        Limit = Nano.ToDecimal(r.GetInt64(7)),
                        SessionId = r.GetString(8).Length == 0 ? null : r.GetString(8),
                        CreatedUtc = UnixMs.ToUtc(r.GetInt64(9)),
                    });
                }
            }

            foreach (var a in list)
            {
                using var d = conn.CreateCommand();
                d.CommandText = "SELECT delivery_id, target, status, attempts, last_error, delivered_at FROM alert_deliveries WHERE alert_id = @id ORDER BY delivery_id";
                d.With("@id", a.AlertId);
                var deliveries = new List<AlertDelivery>();
                using var r = d.ExecuteReader();
                while (r.Read())
                {
                    deliveries.Add(new AlertDelivery
                    {
                        DeliveryId = r.GetInt64(0),
                        Target = r.GetString(1),
                        Status = r.GetString(2),
                        Attempts = r.GetInt32(3),
                        LastError = r.IsDBNull(4) ? null : r.GetString(4),
                        DeliveredUtc = r.IsDBNull(5) ? (DateTime?)null : UnixMs.ToUtc(r.GetInt64(5)),
                    });
                }

                a.Deliveries = deliveries;
            }

            return list;
        }
    }
}
