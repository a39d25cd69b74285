using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using LlmCost.Core.Money;
using LlmCost.Core.Notifications;
using LlmCost.Core.Queries;
using LlmCost.Core.Storage;
using Microsoft.Data.Sqlite;

namespace LlmCost.Core.Budgets
{
    /// <summary>Budgets: storage, evaluation, exactly-once alerts and their delivery.</summary>
    public sealed class BudgetService
    {
        private static readonly TimeSpan StaleClaim = TimeSpan.FromMinutes(5);
        private readonly SqliteCostStore _store;
        private readonly Func<DateTime> _clock;
        private readonly string _instance = Guid.NewGuid().ToString("N");

        public BudgetService(SqliteCostStore store, NotificationSettings? settings = null, INotifier? notifier = null, Func<DateTime>? clock = null)
        {
            _store = store ?? throw new ArgumentNullException(nameof(store));
            Settings = settings ?? NotificationSettings.FromEnvironment();
            Notifier = notifier;
            _clock = clock ?? (() => DateTime.UtcNow);
        }

        public NotificationSettings Settings { get; }
        public INotifier? Notifier { get; }

        // ------------------------------------------------------------ storage

        /// <summary>Creates or replaces the budget with <see cref="Budget.Name"/>; alerts already recorded are kept.</summary>
        public Budget Set(Budget budget)
        {
            budget.Validate();
            long now = SqliteCostStore.ToMs(_clock());
            _store.WithConnection(conn =>
            {
                using var cmd = conn.CreateCommand();
                cmd.CommandText =
                    "INSERT INTO budgets (name, amount_nano, currency, period, time_zone, scope_provider, scope_model, scope_session, scope_tag, thresholds, enforcement, notify, created_at, updated_at) " +
                    "VALUES ($n, $a, 'USD', $p, $tz, $sp, $sm, $ss, $st, $th, $e, $no, $now, $now) ON CONFLICT (name) DO UPDATE SET amount_nano = excluded.amount_nano, " +
                    "period = excluded.period, time_zone = excluded.time_zone, scope_provider = excluded.scope_provider, scope_model = excluded.scope_model, " +
                    "scope_session = excluded.scope_session, scope_tag = excluded.scope_tag, thresholds = excluded.thresholds, enforcement = excluded.enforcement, " +
                    "notify = excluded.notify, updated_at = excluded.updated_at";
                cmd.Parameters.AddWithValue("$n", budget.Name);
                cmd.Parameters.AddWithValue("$a", Nano.FromDecimal(budget.Amount));
                cmd.Parameters.AddWithValue("$p", budget.Period.ToString().ToLowerInvariant());
                cmd.Parameters.AddWithValue("$tz", budget.TimeZone);
                cmd.Parameters.AddWithValue("$sp", (object?)(budget.Provider == null ? null : Pricing.PriceCatalog.NormalizeProvider(budget.Provider)) ?? DBNull.Value);
                cmd.Parameters.AddWithValue("$sm", (object?)budget.Model ?? DBNull.Value);
                cmd.Parameters.AddWithValue("$ss", (object?)budget.SessionId ?? DBNull.Value);
                cmd.Parameters.AddWithValue("$st", (object?)budget.Tag ?? DBNull.Value);
                cmd.Parameters.AddWithValue("$th", JsonSerializer.Serialize(budget.Thresholds.Distinct().OrderBy(t => t).ToArray()));
                cmd.Parameters.AddWithValue("$e", budget.Enforcement.ToString().ToLowerInvariant());
                cmd.Parameters.AddWithValue("$no", budget.Notify.Count == 0 ? (object)DBNull.Value : JsonSerializer.Serialize(budget.Notify.Select(t => NotificationTarget.Parse(t).Text).ToArray()));
                cmd.Parameters.AddWithValue("$now", now);
                return cmd.ExecuteNonQuery();
            });
            return Get(budget.Name).Single();
        }

        /// <summary>Budgets whose name matches <paramref name="namePattern"/> ('*' and '?' wildcards); all when null.</summary>
        public IReadOnlyList<Budget> Get(string? namePattern = null)
        {
            var list = _store.WithConnection(conn =>
            {
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
                        Thresholds = JsonSerializer.Deserialize<int[]>(r.GetString(10)) ?? Budget.DefaultThresholds.ToArray(),
                        Enforcement = (BudgetEnforcement)Enum.Parse(typeof(BudgetEnforcement), r.GetString(11), true),
                        Notify = r.IsDBNull(12) ? Array.Empty<string>() : JsonSerializer.Deserialize<string[]>(r.GetString(12)) ?? Array.Empty<string>(),
                        CreatedUtc = SqliteCostStore.FromMs(r.GetInt64(13)),
                        UpdatedUtc = SqliteCostStore.FromMs(r.GetInt64(14)),
                    });
                }

                return result;
            });
            return namePattern == null ? list : list.Where(b => Wildcard.IsMatch(namePattern, b.Name)).ToList();
        }

        /// <summary>Removes a budget and its alert history. Returns false when there is no such budget.</summary>
        public bool Remove(string name) => _store.WithConnection(conn =>
        {
            using var cmd = conn.CreateCommand();
            cmd.CommandText = "DELETE FROM budgets WHERE name = $n";
            cmd.Parameters.AddWithValue("$n", name);
            return cmd.ExecuteNonQuery() == 1;
        });

        // ------------------------------------------------------------ evaluation

        /// <summary>The current period of a calendar budget: [start, end) in UTC; nulls for session and total budgets.</summary>
        public static (DateTime? StartUtc, DateTime? EndUtc) CurrentPeriod(Budget budget, DateTime nowUtc)
        {
            var tz = budget.ResolveTimeZone();
            CostGrouping grouping;
            switch (budget.Period)
            {
                case BudgetPeriod.Daily: grouping = CostGrouping.Day; break;
                case BudgetPeriod.Weekly: grouping = CostGrouping.Week; break;
                case BudgetPeriod.Monthly: grouping = CostGrouping.Month; break;
                default: return (null, null);
            }

            var (local, utc) = SqliteCostStore.PeriodStart(nowUtc, grouping, tz);
            DateTime nextLocal = budget.Period == BudgetPeriod.Daily ? local.AddDays(1) : budget.Period == BudgetPeriod.Weekly ? local.AddDays(7) : local.AddMonths(1);
            return (utc, SqliteCostStore.LocalToUtc(nextLocal, tz));
        }

        private CostQuery ScopeQuery(Budget b, DateTime? since, DateTime? until, CostGrouping grouping = CostGrouping.None) => new CostQuery
        {
            Since = since,
            Until = until,
            Providers = b.Provider == null ? null : new[] { b.Provider },
            Models = b.Model == null ? null : new[] { b.Model },
            Sessions = b.SessionId == null ? null : new[] { b.SessionId },
            Tags = b.Tag == null ? null : new[] { b.Tag },
            GroupBy = grouping,
        };

        /// <summary>Evaluates a budget now: one status, or one per session for per-session budgets.</summary>
        public IReadOnlyList<BudgetStatus> Evaluate(Budget budget, string? onlySession = null)
        {
            DateTime now = _clock();
            var (start, end) = CurrentPeriod(budget, now);
            var statuses = new List<BudgetStatus>();
            if (budget.Period == BudgetPeriod.Session)
            {
                var q = ScopeQuery(budget, null, null, CostGrouping.Session);
                if (onlySession != null) q.Sessions = new[] { onlySession };
                foreach (var g in _store.GetCosts(q).Where(g => g.Key.Length > 0))
                {
                    statuses.Add(Status(budget, g.Totals, null, null, g.Key, now));
                }
            }
            else
            {
                statuses.Add(Status(budget, _store.GetTotals(ScopeQuery(budget, start, end)), start, end, null, now));
            }

            return statuses;
        }

        private static BudgetStatus Status(Budget b, CostTotals t, DateTime? start, DateTime? end, string? session, DateTime now)
        {
            var s = new BudgetStatus
            {
                BudgetId = b.Id,
                Budget = b.Name,
                Period = b.Period,
                Enforcement = b.Enforcement,
                SessionId = session,
                PeriodStartUtc = start,
                PeriodEndUtc = end,
                Spent = t.Cost,
                Limit = b.Amount,
                Requests = t.Requests,
                UnpricedRequests = t.UnpricedRequests,
                Currency = b.Currency,
            };
            if (start.HasValue && end.HasValue)
            {
                // Linear run rate over the elapsed part of the period (at least one hour, so a fresh period does not explode).
                double elapsed = Math.Max((now - start.Value).TotalHours, 1.0);
                double total = (end.Value - start.Value).TotalHours;
                s.Forecast = elapsed >= total ? s.Spent : decimal.Round(s.Spent * (decimal)(total / elapsed), 6, MidpointRounding.AwayFromZero);
            }

            var reached = b.Thresholds.Where(th => s.Spent * 100m >= th * b.Amount).ToList();
            if (reached.Count > 0)
            {
                s.ThresholdReached = reached.Max();
                s.Status = Budget.LevelOf(s.ThresholdReached.Value).ToString().ToLowerInvariant();
            }

            return s;
        }

        // ------------------------------------------------------------ checking and alerting

        /// <summary>
        /// Evaluates budgets (all when null), records each newly reached threshold once per period (also across
        /// processes), delivers pending and previously failed notifications, and returns the statuses.
        /// </summary>
        public BudgetCheckResult Check(IEnumerable<Budget>? budgets = null, bool includeAnomalies = false, AnomalyOptions? anomalyOptions = null)
        {
            var list = (budgets ?? Get()).ToList();
            var statuses = new List<BudgetStatus>();
            var newAlerts = new List<BudgetAlert>();
            foreach (var budget in list)
            {
                foreach (var status in Evaluate(budget))
                {
                    var created = RecordAlerts(budget, status);
                    status.NewAlerts = created;
                    newAlerts.AddRange(created);
                    statuses.Add(status);
                }
            }

            var anomalies = new List<CostAnomaly>();
            if (includeAnomalies)
            {
                var targets = Settings.DefaultTargets.Count > 0 ? Settings.DefaultTargets : list.SelectMany(b => b.Notify).Distinct().ToList();
                anomalies.AddRange(RecordAnomalies(anomalyOptions ?? new AnomalyOptions(), targets));
            }

            var (delivered, failures, errors) = DeliverPending();
            return new BudgetCheckResult
            {
                Statuses = statuses,
                NewAlerts = newAlerts,
                NewAnomalies = anomalies,
                Delivered = delivered,
                DeliveryFailures = failures,
                DeliveryErrors = errors,
                AnyBreached = statuses.Any(s => s.IsBreached),
            };
        }

        private IReadOnlyList<BudgetAlert> RecordAlerts(Budget budget, BudgetStatus status)
        {
            var reached = budget.Thresholds.Where(th => status.Spent * 100m >= th * budget.Amount).OrderBy(t => t).ToList();
            if (reached.Count == 0) return Array.Empty<BudgetAlert>();
            var targets = (budget.Notify.Count > 0 ? budget.Notify : Settings.DefaultTargets).Select(t => NotificationTarget.Parse(t).Text).Distinct().ToList();
            long periodStart = status.PeriodStartUtc.HasValue ? SqliteCostStore.ToMs(status.PeriodStartUtc.Value) : 0;
            long now = SqliteCostStore.ToMs(_clock());
            return _store.WithConnection(conn =>
            {
                var created = new List<BudgetAlert>();
                using var tx = conn.BeginTransaction(deferred: false);
                foreach (int threshold in reached)
                {
                    using var cmd = conn.CreateCommand();
                    cmd.Transaction = tx;
                    cmd.CommandText =
                        "INSERT INTO budget_alerts (budget_id, period_start, threshold, level, spent_nano, limit_nano, session_id, created_at) " +
                        "VALUES ($b, $p, $t, $l, $s, $lim, $sid, $now) ON CONFLICT (budget_id, period_start, threshold, session_id) DO NOTHING";
                    cmd.Parameters.AddWithValue("$b", budget.Id);
                    cmd.Parameters.AddWithValue("$p", periodStart);
                    cmd.Parameters.AddWithValue("$t", threshold);
                    cmd.Parameters.AddWithValue("$l", Budget.LevelOf(threshold).ToString().ToLowerInvariant());
                    cmd.Parameters.AddWithValue("$s", Nano.FromDecimal(status.Spent));
                    cmd.Parameters.AddWithValue("$lim", Nano.FromDecimal(budget.Amount));
                    cmd.Parameters.AddWithValue("$sid", status.SessionId ?? "");
                    cmd.Parameters.AddWithValue("$now", now);
                    if (!(InsertWithDeliveries(conn, tx, cmd, "alert_id", targets, now) is long alertId)) continue;
                    created.Add(new BudgetAlert
                    {
                        AlertId = alertId,
                        BudgetId = budget.Id,
                        Budget = budget.Name,
                        PeriodStartUtc = status.PeriodStartUtc,
                        Threshold = threshold,
                        Level = Budget.LevelOf(threshold),
                        Spent = status.Spent,
                        Limit = budget.Amount,
                        SessionId = status.SessionId,
                        CreatedUtc = SqliteCostStore.FromMs(now),
                    });
                }

                tx.Commit();
                return created;
            });
        }

        private IReadOnlyList<CostAnomaly> RecordAnomalies(AnomalyOptions options, IReadOnlyList<string> targets)
        {
            DateTime now = _clock();
            var opts = options.Clone();
            // An hourly check looks at yesterday and today so far; today's spend above the expected range already counts.
            opts.Until ??= now;
            opts.Since ??= now.Date.AddDays(-1);
            var found = new AnomalyDetector(_store).Detect(opts).Where(a => a.Score > 0).ToList();
            if (found.Count == 0) return Array.Empty<CostAnomaly>();
            long nowMs = SqliteCostStore.ToMs(now);
            var deliverTo = targets.Select(t => NotificationTarget.Parse(t).Text).ToList();
            return _store.WithConnection(conn =>
            {
                var created = new List<CostAnomaly>();
                using var tx = conn.BeginTransaction(deferred: false);
                foreach (var a in found)
                {
                    using var cmd = conn.CreateCommand();
                    cmd.Transaction = tx;
                    cmd.CommandText =
                        "INSERT INTO anomaly_alerts (scope_kind, scope_value, day_start, spent_nano, expected_low_nano, expected_high_nano, score, created_at) " +
                        "VALUES ($k, $v, $d, $s, $lo, $hi, $sc, $now) ON CONFLICT (scope_kind, scope_value, day_start) DO NOTHING";
                    cmd.Parameters.AddWithValue("$k", a.ScopeKind);
                    cmd.Parameters.AddWithValue("$v", a.Scope);
                    cmd.Parameters.AddWithValue("$d", SqliteCostStore.ToMs(a.DayStartUtc));
                    cmd.Parameters.AddWithValue("$s", Nano.FromDecimal(a.Spent));
                    cmd.Parameters.AddWithValue("$lo", Nano.FromDecimal(a.ExpectedLow));
                    cmd.Parameters.AddWithValue("$hi", Nano.FromDecimal(a.ExpectedHigh));
                    cmd.Parameters.AddWithValue("$sc", a.Score);
                    cmd.Parameters.AddWithValue("$now", nowMs);
                    if (InsertWithDeliveries(conn, tx, cmd, "anomaly_id", deliverTo, nowMs) == null) continue;
                    created.Add(a);
                }

                tx.Commit();
                return created;
            });
        }

        /// <summary>
        /// Runs an alert insert that does nothing when the alert was already raised; when it adds a row, queues one
        /// delivery per target in the same transaction. Returns the new row's id, or null.
        /// </summary>
        private static long? InsertWithDeliveries(SqliteConnection conn, SqliteTransaction tx, SqliteCommand insert, string column, IReadOnlyList<string> targets, long now)
        {
            if (insert.ExecuteNonQuery() != 1) return null;
            long id = LastId(conn, tx);
            foreach (var target in targets) InsertDelivery(conn, tx, column, id, target, now);
            return id;
        }

        private static long LastId(SqliteConnection conn, SqliteTransaction tx)
        {
            using var cmd = conn.CreateCommand();
            cmd.Transaction = tx;
            cmd.CommandText = "SELECT last_insert_rowid()";
            return (long)cmd.ExecuteScalar()!;
        }

        private static void InsertDelivery(SqliteConnection conn, SqliteTransaction tx, string column, long id, string target, long now)
        {
            using var cmd = conn.CreateCommand();
            cmd.Transaction = tx;
            cmd.CommandText = $"INSERT INTO alert_deliveries ({column}, target, status, created_at) VALUES ($id, $t, 'pending', $now)";
            cmd.Parameters.AddWithValue("$id", id);
            cmd.Parameters.AddWithValue("$t", target);
            cmd.Parameters.AddWithValue("$now", now);
            cmd.ExecuteNonQuery();
        }

        /// <summary>Sends every pending or failed delivery (and ones whose sender died mid-send), each claimed atomically first.</summary>
        public (int Delivered, int Failed, IReadOnlyList<string> Errors) DeliverPending()
        {
            var errors = new List<string>();
            int delivered = 0, failed = 0;
            long staleBefore = SqliteCostStore.ToMs(_clock() - StaleClaim);
            var candidates = _store.WithConnection(conn =>
            {
                using var cmd = conn.CreateCommand();
                cmd.CommandText = "SELECT delivery_id FROM alert_deliveries WHERE status IN ('pending', 'failed') OR (status = 'sending' AND claimed_at < $stale) ORDER BY delivery_id";
                cmd.Parameters.AddWithValue("$stale", staleBefore);
                var ids = new List<long>();
                using var r = cmd.ExecuteReader();
                while (r.Read()) ids.Add(r.GetInt64(0));
                return ids;
            });

            foreach (long id in candidates)
            {
                var claimed = Claim(id, staleBefore);
                if (claimed == null) continue; // another check took it
                var (target, message) = claimed.Value;
                try
                {
                    if (Notifier == null) throw new LlmCostException("NotificationConfigMissing", "No notifier is configured.");
                    Notifier.Send(NotificationTarget.Parse(target), message);
                    Finish(id, null);
                    delivered++;
                }
                catch (Exception ex) when (ex is LlmCostException || ex is System.IO.IOException || ex is System.Net.Http.HttpRequestException)
                {
                    string error = ex.Message;
                    Finish(id, error);
                    failed++;
                    errors.Add(error);
                }
            }

            return (delivered, failed, errors);
        }

        private (string Target, AlertMessage Message)? Claim(long deliveryId, long staleBefore)
        {
            long now = SqliteCostStore.ToMs(_clock());
            return _store.WithConnection(conn =>
            {
                using var tx = conn.BeginTransaction(deferred: false);
                using (var cmd = conn.CreateCommand())
                {
                    cmd.Transaction = tx;
                    cmd.CommandText = "UPDATE alert_deliveries SET status = 'sending', claimed_by = $me, claimed_at = $now, attempts = attempts + 1 " +
                                      "WHERE delivery_id = $id AND (status IN ('pending', 'failed') OR (status = 'sending' AND claimed_at < $stale))";
                    cmd.Parameters.AddWithValue("$me", _instance);
                    cmd.Parameters.AddWithValue("$now", now);
                    cmd.Parameters.AddWithValue("$id", deliveryId);
                    cmd.Parameters.AddWithValue("$stale", staleBefore);
                    if (cmd.ExecuteNonQuery() != 1)
                    {
                        tx.Commit();
                        return ((string, AlertMessage)?)null;
                    }
                }

                var result = BuildMessage(conn, tx, deliveryId);
                tx.Commit();
                return result;
            });
        }

        private void Finish(long deliveryId, string? error)
        {
            long now = SqliteCostStore.ToMs(_clock());
            _store.WithConnection(conn =>
            {
                using var cmd = conn.CreateCommand();
                cmd.CommandText = error == null
                    ? "UPDATE alert_deliveries SET status = 'delivered', delivered_at = $now, last_error = NULL WHERE delivery_id = $id AND claimed_by = $me"
                    : "UPDATE alert_deliveries SET status = 'failed', last_error = $err WHERE delivery_id = $id AND claimed_by = $me";
                cmd.Parameters.AddWithValue("$now", now);
                cmd.Parameters.AddWithValue("$id", deliveryId);
                cmd.Parameters.AddWithValue("$me", _instance);
                cmd.Parameters.AddWithValue("$err", (object?)error ?? DBNull.Value);
                return cmd.ExecuteNonQuery();
            });
        }

        private static (string, AlertMessage) BuildMessage(SqliteConnection conn, SqliteTransaction tx, long deliveryId)
        {
            using var cmd = conn.CreateCommand();
            cmd.Transaction = tx;
            cmd.CommandText =
                "SELECT d.target, a.threshold, a.level, a.spent_nano, a.limit_nano, a.session_id, a.period_start, b.name, b.period, b.time_zone, " +
                "n.scope_kind, n.scope_value, n.day_start, n.spent_nano, n.expected_low_nano, n.expected_high_nano, n.score " +
                "FROM alert_deliveries d LEFT JOIN budget_alerts a ON a.alert_id = d.alert_id LEFT JOIN budgets b ON b.budget_id = a.budget_id " +
                "LEFT JOIN anomaly_alerts n ON n.anomaly_id = d.anomaly_id WHERE d.delivery_id = $id";
            cmd.Parameters.AddWithValue("$id", deliveryId);
            using var r = cmd.ExecuteReader();
            r.Read();
            string target = r.GetString(0);
            var inv = CultureInfo.InvariantCulture;
            if (!r.IsDBNull(1))
            {
                int threshold = r.GetInt32(1);
                string level = r.GetString(2);
                decimal spent = Nano.ToDecimal(r.GetInt64(3));
                decimal limit = Nano.ToDecimal(r.GetInt64(4));
                string session = r.GetString(5);
                string name = r.GetString(7);
                string period = r.GetString(8);
                DateTime? periodStart = r.GetInt64(6) == 0 ? (DateTime?)null : SqliteCostStore.FromMs(r.GetInt64(6));
                string scope = session.Length > 0 ? $" for session {session}" : "";
                var message = new AlertMessage
                {
                    Kind = "budget",
                    Subject = $"[LlmCost] {level.ToUpperInvariant()}: budget '{name}' reached {threshold}%{scope}",
                    Text = $"Budget '{name}' ({period}{(periodStart.HasValue ? ", period from " + periodStart.Value.ToString("yyyy-MM-dd HH:mm", inv) + " UTC" : "")}){scope} " +
                           $"has spent {spent.ToString("0.######", inv)} of {limit.ToString("0.######", inv)} USD " +
                           $"({decimal.Round(spent / limit * 100m, 1, MidpointRounding.AwayFromZero).ToString("0.0", inv)}%), crossing the {threshold}% threshold.",
                    Fields =
                    {
                        ["budget"] = name,
                        ["period"] = period,
                        ["periodStartUtc"] = periodStart?.ToString("yyyy-MM-ddTHH:mm:ssZ", inv),
                        ["sessionId"] = session.Length > 0 ? session : null,
                        ["threshold"] = threshold,
                        ["level"] = level,
                        ["spent"] = spent,
                        ["limit"] = limit,
                        ["currency"] = "USD",
                    },
                };
                return (target, message);
            }

            string kind = r.GetString(10);
            string value = r.GetString(11);
            DateTime day = SqliteCostStore.FromMs(r.GetInt64(12));
            decimal daySpent = Nano.ToDecimal(r.GetInt64(13));
            decimal low = Nano.ToDecimal(r.GetInt64(14));
            decimal high = Nano.ToDecimal(r.GetInt64(15));
            double score = r.GetDouble(16);
            return (target, new AlertMessage
            {
                Kind = "anomaly",
                Subject = $"[LlmCost] Spending anomaly: {kind} {value} on {day:yyyy-MM-dd}",
                Text = $"Spend of {kind} '{value}' on {day.ToString("yyyy-MM-dd", inv)} was {daySpent.ToString("0.######", inv)} USD; " +
                       $"the recent norm is {low.ToString("0.######", inv)} to {high.ToString("0.######", inv)} USD (score {score.ToString("0.0", inv)}).",
                Fields =
                {
                    ["scopeKind"] = kind,
                    ["scope"] = value,
                    ["day"] = day.ToString("yyyy-MM-dd", inv),
                    ["spent"] = daySpent,
                    ["expectedLow"] = low,
                    ["expectedHigh"] = high,
                    ["score"] = score,
                    ["currency"] = "USD",
                },
            });
        }

        /// <summary>Recorded alerts, newest first, with their deliveries.</summary>
        public IReadOnlyList<BudgetAlert> GetAlerts(string? budgetPattern = null, DateTime? sinceUtc = null)
        {
            var alerts = _store.WithConnection(conn =>
            {
                using var cmd = conn.CreateCommand();
                cmd.CommandText =
                    "SELECT a.alert_id, a.budget_id, b.name, a.period_start, a.threshold, a.level, a.spent_nano, a.limit_nano, a.session_id, a.created_at " +
                    "FROM budget_alerts a JOIN budgets b ON b.budget_id = a.budget_id WHERE ($since IS NULL OR a.created_at >= $since) ORDER BY a.created_at DESC, a.alert_id DESC";
                cmd.Parameters.AddWithValue("$since", sinceUtc.HasValue ? SqliteCostStore.ToMs(sinceUtc.Value) : (object)DBNull.Value);
                var list = new List<BudgetAlert>();
                using (var r = cmd.ExecuteReader())
                {
                    while (r.Read())
                    {
                        list.Add(new BudgetAlert
                        {
                            AlertId = r.GetInt64(0),
                            BudgetId = r.GetInt64(1),
                            Budget = r.GetString(2),
                            PeriodStartUtc = r.GetInt64(3) == 0 ? (DateTime?)null : SqliteCostStore.FromMs(r.GetInt64(3)),
                            Threshold = r.GetInt32(4),
                            Level = (AlertLevel)Enum.Parse(typeof(AlertLevel), r.GetString(5), true),
                            Spent = Nano.ToDecimal(r.GetInt64(6)),
                            Limit = Nano.ToDecimal(r.GetInt64(7)),
                            SessionId = r.GetString(8).Length == 0 ? null : r.GetString(8),
                            CreatedUtc = SqliteCostStore.FromMs(r.GetInt64(9)),
                        });
                    }
                }

                foreach (var a in list)
                {
                    using var d = conn.CreateCommand();
                    d.CommandText = "SELECT delivery_id, target, status, attempts, last_error, delivered_at FROM alert_deliveries WHERE alert_id = $id ORDER BY delivery_id";
                    d.Parameters.AddWithValue("$id", a.AlertId);
                    var deliveries = new List<AlertDelivery>();
                    using var r = d.ExecuteReader();
                    while (r.Read())
                    {
                        deliveries.Add(new AlertDelivery
                        {
                            DeliveryId = r.GetInt64(0),
                            Target = NotificationTarget.Mask(r.GetString(1)),
                            Status = r.GetString(2),
                            Attempts = r.GetInt32(3),
                            LastError = r.IsDBNull(4) ? null : r.GetString(4),
                            DeliveredUtc = r.IsDBNull(5) ? (DateTime?)null : SqliteCostStore.FromMs(r.GetInt64(5)),
                        });
                    }

                    a.Deliveries = deliveries;
                }

                return list;
            });
            return budgetPattern == null ? alerts : alerts.Where(a => Wildcard.IsMatch(budgetPattern, a.Budget)).ToList();
        }
    }
}
