-- Budget alert delivery: one row per alert x notification target. Targets are references (a URL, an env:VAR
-- indirection, an address), never secrets. Delivery is claimed atomically so that two concurrent checks never
-- send the same alert twice; failures are kept and retried by the next check.

CREATE TABLE anomaly_alerts (
    anomaly_id    INTEGER PRIMARY KEY,
    scope_kind    TEXT NOT NULL,
    scope_value   TEXT NOT NULL,
    day_start     INTEGER NOT NULL,
    spent_nano    INTEGER NOT NULL,
    expected_low_nano  INTEGER NOT NULL,
    expected_high_nano INTEGER NOT NULL,
    score         REAL NOT NULL,
    created_at    INTEGER NOT NULL,
    UNIQUE (scope_kind, scope_value, day_start)
);

CREATE TABLE alert_deliveries (
    delivery_id   INTEGER PRIMARY KEY,
    alert_id      INTEGER REFERENCES budget_alerts (alert_id) ON DELETE CASCADE,
    anomaly_id    INTEGER REFERENCES anomaly_alerts (anomaly_id) ON DELETE CASCADE,
    target        TEXT NOT NULL,
    status        TEXT NOT NULL CHECK (status IN ('pending', 'sending', 'delivered', 'failed')),
    attempts      INTEGER NOT NULL DEFAULT 0,
    last_error    TEXT,
    claimed_by    TEXT,
    claimed_at    INTEGER,
    delivered_at  INTEGER,
    created_at    INTEGER NOT NULL,
    CHECK ((alert_id IS NULL) <> (anomaly_id IS NULL))
);
CREATE UNIQUE INDEX ux_alert_deliveries_alert ON alert_deliveries (alert_id, target) WHERE alert_id IS NOT NULL;
CREATE UNIQUE INDEX ux_alert_deliveries_anomaly ON alert_deliveries (anomaly_id, target) WHERE anomaly_id IS NOT NULL;
CREATE INDEX ix_alert_deliveries_status ON alert_deliveries (status);
