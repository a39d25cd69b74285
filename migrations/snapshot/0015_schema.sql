-- The schema of a new SQLite store at migration 0015: what replaying 0001-0015 on an empty file leaves, written
-- in one piece so that creating a store runs a few statements instead of fifteen scripts that rebuild tables
-- (16 ms of SQL, docs/benchmarks.md). Migrator creates a new store from it, records 0001-0015 as applied and applies
-- any later migration on top; MigrationTests.TheSnapshot_IsExactlyTheMigrationsReplayed compares both ways of
-- creating a store object by object. Never edited by hand: later schema changes are new numbered migrations.

CREATE TABLE sessions (
    session_id  TEXT PRIMARY KEY,
    first_seen  INTEGER NOT NULL,
    last_seen   INTEGER NOT NULL,
    label       TEXT,
    metadata    TEXT
);

CREATE TABLE model_prices (
    price_id             INTEGER PRIMARY KEY,
    provider             TEXT NOT NULL,
    model                TEXT NOT NULL,
    effective_from       INTEGER,
    effective_to         INTEGER,
    currency             TEXT NOT NULL DEFAULT 'USD',
    input_nano           INTEGER NOT NULL,
    cache_read_nano      INTEGER,
    cache_write_5m_nano  INTEGER,
    cache_write_1h_nano  INTEGER,
    output_nano          INTEGER NOT NULL,
    reasoning_nano       INTEGER,
    per_request_nano     INTEGER,
    tiers                TEXT,
    batch_multiplier     TEXT,
    source               TEXT NOT NULL DEFAULT 'custom',
    note                 TEXT,
    created_at           INTEGER NOT NULL,
    CHECK (effective_to IS NULL OR effective_from IS NULL OR effective_to > effective_from)
);

CREATE TABLE budgets (
    budget_id      INTEGER PRIMARY KEY,
    name           TEXT NOT NULL UNIQUE,
    amount_nano    INTEGER NOT NULL CHECK (amount_nano > 0),
    currency       TEXT NOT NULL DEFAULT 'USD',
    period         TEXT NOT NULL CHECK (period IN ('daily', 'weekly', 'monthly', 'session', 'total')),
    time_zone      TEXT NOT NULL DEFAULT 'UTC',
    scope_provider TEXT,
    scope_model    TEXT,
    scope_session  TEXT,
    scope_tag      TEXT,
    thresholds     TEXT NOT NULL DEFAULT '[50,80,100]',
    enforcement    TEXT NOT NULL DEFAULT 'soft' CHECK (enforcement IN ('soft', 'hard')),
    notify         TEXT,
    created_at     INTEGER NOT NULL,
    updated_at     INTEGER NOT NULL
);

CREATE TABLE budget_alerts (
    alert_id      INTEGER PRIMARY KEY,
    budget_id     INTEGER NOT NULL REFERENCES budgets (budget_id) ON DELETE CASCADE,
    period_start  INTEGER NOT NULL,
    threshold     INTEGER NOT NULL,
    level         TEXT NOT NULL CHECK (level IN ('info', 'warning', 'critical')),
    spent_nano    INTEGER NOT NULL,
    limit_nano    INTEGER NOT NULL,
    session_id    TEXT NOT NULL DEFAULT '',
    created_at    INTEGER NOT NULL,
    UNIQUE (budget_id, period_start, threshold, session_id)
);

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

CREATE TABLE import_files (
    path          TEXT PRIMARY KEY,
    size          INTEGER NOT NULL,
    modified_at   INTEGER NOT NULL,
    head_hash     TEXT NOT NULL,
    offset        INTEGER NOT NULL,
    lines         INTEGER NOT NULL,
    format        TEXT NOT NULL,
    imported_at   INTEGER NOT NULL
);

CREATE TABLE "request_costs" (
    request_row            INTEGER PRIMARY KEY,
    request_key            TEXT NOT NULL,
    request_hash           INTEGER NOT NULL,
    provider_request_id    TEXT,
    session_id             TEXT REFERENCES sessions (session_id) ON DELETE CASCADE,
    occurred_at            INTEGER NOT NULL,
    provider               TEXT NOT NULL,
    model                  TEXT NOT NULL,
    priced_model           TEXT,
    input_tokens           INTEGER NOT NULL CHECK (input_tokens >= 0),
    cache_read_tokens      INTEGER NOT NULL DEFAULT 0 CHECK (cache_read_tokens >= 0),
    cache_write_5m_tokens  INTEGER NOT NULL DEFAULT 0 CHECK (cache_write_5m_tokens >= 0),
    cache_write_1h_tokens  INTEGER NOT NULL DEFAULT 0 CHECK (cache_write_1h_tokens >= 0),
    output_tokens          INTEGER NOT NULL CHECK (output_tokens >= 0),
    reasoning_tokens       INTEGER NOT NULL DEFAULT 0 CHECK (reasoning_tokens >= 0),
    cost_nano              INTEGER,
    currency               TEXT NOT NULL DEFAULT 'USD',
    pricing_status         TEXT NOT NULL CHECK (pricing_status IN ('priced', 'unpriced', 'custom')),
    is_batch               INTEGER NOT NULL DEFAULT 0,
    tags                   TEXT,
    latency_ms             REAL,
    recorded_at            INTEGER NOT NULL, price_ref_id INTEGER REFERENCES labels (label_id), source_id INTEGER REFERENCES labels (label_id), source_cost_nano INTEGER, service_tier TEXT,
    CHECK ((cost_nano IS NULL) = (pricing_status = 'unpriced'))
);

CREATE TABLE request_key_collisions (
    request_key   TEXT PRIMARY KEY,
    request_hash  INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE labels (
    label_id  INTEGER PRIMARY KEY,
    label     TEXT NOT NULL UNIQUE
);

CREATE TABLE reprice_runs (
    run_id          INTEGER PRIMARY KEY,
    run_at          INTEGER NOT NULL,
    run_by          TEXT NOT NULL,
    reason          TEXT,
    scope           TEXT NOT NULL,
    rows_examined   INTEGER NOT NULL,
    rows_changed    INTEGER NOT NULL,
    newly_priced    INTEGER NOT NULL,
    old_total_nano  INTEGER NOT NULL,
    new_total_nano  INTEGER NOT NULL
);

CREATE TABLE store_meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE "cost_rollups_hourly" (
    hour_start             INTEGER NOT NULL,
    session_id             TEXT NOT NULL,
    provider               TEXT NOT NULL,
    model                  TEXT NOT NULL,
    tags                   TEXT NOT NULL,
    requests               INTEGER NOT NULL,
    unpriced_requests      INTEGER NOT NULL,
    input_tokens           INTEGER NOT NULL,
    cache_read_tokens      INTEGER NOT NULL,
    cache_write_5m_tokens  INTEGER NOT NULL,
    cache_write_1h_tokens  INTEGER NOT NULL,
    output_tokens          INTEGER NOT NULL,
    reasoning_tokens       INTEGER NOT NULL,
    cost_nano              INTEGER NOT NULL,
    PRIMARY KEY (hour_start, session_id, provider, model, tags)
) WITHOUT ROWID;

CREATE TABLE cost_rollups_hourly_by_model (
    hour_start             INTEGER NOT NULL,
    provider               TEXT NOT NULL,
    model                  TEXT NOT NULL,
    tags                   TEXT NOT NULL,
    requests               INTEGER NOT NULL,
    unpriced_requests      INTEGER NOT NULL,
    input_tokens           INTEGER NOT NULL,
    cache_read_tokens      INTEGER NOT NULL,
    cache_write_5m_tokens  INTEGER NOT NULL,
    cache_write_1h_tokens  INTEGER NOT NULL,
    output_tokens          INTEGER NOT NULL,
    reasoning_tokens       INTEGER NOT NULL,
    cost_nano              INTEGER NOT NULL,
    PRIMARY KEY (hour_start, provider, model, tags)
) WITHOUT ROWID;

CREATE TABLE cost_rollups_daily_by_model (
    day_start              INTEGER NOT NULL,
    provider               TEXT NOT NULL,
    model                  TEXT NOT NULL,
    tags                   TEXT NOT NULL,
    requests               INTEGER NOT NULL,
    unpriced_requests      INTEGER NOT NULL,
    input_tokens           INTEGER NOT NULL,
    cache_read_tokens      INTEGER NOT NULL,
    cache_write_5m_tokens  INTEGER NOT NULL,
    cache_write_1h_tokens  INTEGER NOT NULL,
    output_tokens          INTEGER NOT NULL,
    reasoning_tokens       INTEGER NOT NULL,
    cost_nano              INTEGER NOT NULL,
    PRIMARY KEY (day_start, provider, model, tags)
) WITHOUT ROWID;

CREATE TABLE cost_rollups_monthly_by_model (
    month_start            INTEGER NOT NULL,
    provider               TEXT NOT NULL,
    model                  TEXT NOT NULL,
    tags                   TEXT NOT NULL,
    requests               INTEGER NOT NULL,
    unpriced_requests      INTEGER NOT NULL,
    input_tokens           INTEGER NOT NULL,
    cache_read_tokens      INTEGER NOT NULL,
    cache_write_5m_tokens  INTEGER NOT NULL,
    cache_write_1h_tokens  INTEGER NOT NULL,
    output_tokens          INTEGER NOT NULL,
    reasoning_tokens       INTEGER NOT NULL,
    cost_nano              INTEGER NOT NULL,
    PRIMARY KEY (month_start, provider, model, tags)
) WITHOUT ROWID;

CREATE TABLE cost_rollups_hourly_total (
    hour_start             INTEGER NOT NULL,
    requests               INTEGER NOT NULL,
    unpriced_requests      INTEGER NOT NULL,
    input_tokens           INTEGER NOT NULL,
    cache_read_tokens      INTEGER NOT NULL,
    cache_write_5m_tokens  INTEGER NOT NULL,
    cache_write_1h_tokens  INTEGER NOT NULL,
    output_tokens          INTEGER NOT NULL,
    reasoning_tokens       INTEGER NOT NULL,
    cost_nano              INTEGER NOT NULL,
    PRIMARY KEY (hour_start)
) WITHOUT ROWID;

CREATE TABLE cost_rollups_daily_total (
    day_start              INTEGER NOT NULL,
    requests               INTEGER NOT NULL,
    unpriced_requests      INTEGER NOT NULL,
    input_tokens           INTEGER NOT NULL,
    cache_read_tokens      INTEGER NOT NULL,
    cache_write_5m_tokens  INTEGER NOT NULL,
    cache_write_1h_tokens  INTEGER NOT NULL,
    output_tokens          INTEGER NOT NULL,
    reasoning_tokens       INTEGER NOT NULL,
    cost_nano              INTEGER NOT NULL,
    PRIMARY KEY (day_start)
) WITHOUT ROWID;

CREATE TABLE cost_rollups_daily_by_session (
    day_start              INTEGER NOT NULL,
    session_id             TEXT NOT NULL,
    provider               TEXT NOT NULL,
    model                  TEXT NOT NULL,
    tags                   TEXT NOT NULL,
    requests               INTEGER NOT NULL,
    unpriced_requests      INTEGER NOT NULL,
    input_tokens           INTEGER NOT NULL,
    cache_read_tokens      INTEGER NOT NULL,
    cache_write_5m_tokens  INTEGER NOT NULL,
    cache_write_1h_tokens  INTEGER NOT NULL,
    output_tokens          INTEGER NOT NULL,
    reasoning_tokens       INTEGER NOT NULL,
    cost_nano              INTEGER NOT NULL,
    PRIMARY KEY (day_start, session_id, provider, model, tags)
) WITHOUT ROWID;

CREATE TABLE price_catalogs (
    catalog_id  INTEGER PRIMARY KEY,
    loaded_at   INTEGER NOT NULL,
    source      TEXT NOT NULL,
    sha256      TEXT NOT NULL,
    models      INTEGER NOT NULL,
    catalog     TEXT NOT NULL
);

CREATE TABLE provider_costs (
    line_id             INTEGER PRIMARY KEY,
    provider            TEXT NOT NULL,
    kind                TEXT NOT NULL CHECK (kind IN ('cost', 'usage')),
    starts_at           INTEGER NOT NULL,
    ends_at             INTEGER NOT NULL,
    model               TEXT,
    line_item           TEXT,
    project             TEXT,
    amount_nano         INTEGER,
    input_tokens        INTEGER,
    cache_read_tokens   INTEGER,
    cache_write_tokens  INTEGER,
    output_tokens       INTEGER,
    requests            INTEGER,
    source              TEXT NOT NULL,
    imported_at         INTEGER NOT NULL
);

CREATE TABLE contract_discounts (
    discount_id     INTEGER PRIMARY KEY,
    provider        TEXT NOT NULL,
    model           TEXT,
    percent         TEXT NOT NULL,
    effective_from  INTEGER,
    effective_to    INTEGER,
    note            TEXT,
    created_at      INTEGER NOT NULL
);

CREATE INDEX ix_model_prices_model ON model_prices (provider, model, effective_from);

CREATE UNIQUE INDEX ux_alert_deliveries_alert ON alert_deliveries (alert_id, target) WHERE alert_id IS NOT NULL;

CREATE UNIQUE INDEX ux_alert_deliveries_anomaly ON alert_deliveries (anomaly_id, target) WHERE anomaly_id IS NOT NULL;

CREATE INDEX ix_alert_deliveries_status ON alert_deliveries (status);

CREATE INDEX ix_request_costs_time ON request_costs (occurred_at);

CREATE INDEX ix_request_costs_session ON request_costs (session_id, occurred_at);

CREATE UNIQUE INDEX ux_request_costs_hash ON request_costs (request_hash);

CREATE INDEX ix_rollups_session ON cost_rollups_hourly (session_id, hour_start);

CREATE INDEX ix_daily_session ON cost_rollups_daily_by_session (session_id, day_start);

CREATE INDEX provider_costs_bucket ON provider_costs (provider, kind, starts_at);

CREATE TRIGGER trg_request_costs_delete_collision AFTER DELETE ON request_costs
BEGIN
    DELETE FROM request_key_collisions WHERE request_key = OLD.request_key;
END;

CREATE TRIGGER trg_request_costs_delete AFTER DELETE ON request_costs
BEGIN
    UPDATE cost_rollups_hourly SET
        requests = requests - 1,
        unpriced_requests = unpriced_requests - (OLD.cost_nano IS NULL),
        input_tokens = input_tokens - OLD.input_tokens,
        cache_read_tokens = cache_read_tokens - OLD.cache_read_tokens,
        cache_write_5m_tokens = cache_write_5m_tokens - OLD.cache_write_5m_tokens,
        cache_write_1h_tokens = cache_write_1h_tokens - OLD.cache_write_1h_tokens,
        output_tokens = output_tokens - OLD.output_tokens,
        reasoning_tokens = reasoning_tokens - OLD.reasoning_tokens,
        cost_nano = cost_nano - COALESCE(OLD.cost_nano, 0)
    WHERE hour_start = (OLD.occurred_at / 3600000) * 3600000 AND session_id = COALESCE(OLD.session_id, '') AND provider = OLD.provider AND model = OLD.model AND tags = COALESCE(OLD.tags, '');
    UPDATE cost_rollups_hourly_by_model SET
        requests = requests - 1,
        unpriced_requests = unpriced_requests - (OLD.cost_nano IS NULL),
        input_tokens = input_tokens - OLD.input_tokens,
        cache_read_tokens = cache_read_tokens - OLD.cache_read_tokens,
        cache_write_5m_tokens = cache_write_5m_tokens - OLD.cache_write_5m_tokens,
        cache_write_1h_tokens = cache_write_1h_tokens - OLD.cache_write_1h_tokens,
        output_tokens = output_tokens - OLD.output_tokens,
        reasoning_tokens = reasoning_tokens - OLD.reasoning_tokens,
        cost_nano = cost_nano - COALESCE(OLD.cost_nano, 0)
    WHERE hour_start = (OLD.occurred_at / 3600000) * 3600000 AND provider = OLD.provider AND model = OLD.model AND tags = COALESCE(OLD.tags, '');
    UPDATE cost_rollups_daily_by_model SET
        requests = requests - 1,
        unpriced_requests = unpriced_requests - (OLD.cost_nano IS NULL),
        input_tokens = input_tokens - OLD.input_tokens,
        cache_read_tokens = cache_read_tokens - OLD.cache_read_tokens,
        cache_write_5m_tokens = cache_write_5m_tokens - OLD.cache_write_5m_tokens,
        cache_write_1h_tokens = cache_write_1h_tokens - OLD.cache_write_1h_tokens,
        output_tokens = output_tokens - OLD.output_tokens,
        reasoning_tokens = reasoning_tokens - OLD.reasoning_tokens,
        cost_nano = cost_nano - COALESCE(OLD.cost_nano, 0)
    WHERE day_start = (OLD.occurred_at / 86400000) * 86400000 AND provider = OLD.provider AND model = OLD.model AND tags = COALESCE(OLD.tags, '');
    UPDATE cost_rollups_monthly_by_model SET
        requests = requests - 1,
        unpriced_requests = unpriced_requests - (OLD.cost_nano IS NULL),
        input_tokens = input_tokens - OLD.input_tokens,
        cache_read_tokens = cache_read_tokens - OLD.cache_read_tokens,
        cache_write_5m_tokens = cache_write_5m_tokens - OLD.cache_write_5m_tokens,
        cache_write_1h_tokens = cache_write_1h_tokens - OLD.cache_write_1h_tokens,
        output_tokens = output_tokens - OLD.output_tokens,
        reasoning_tokens = reasoning_tokens - OLD.reasoning_tokens,
        cost_nano = cost_nano - COALESCE(OLD.cost_nano, 0)
    WHERE month_start = CAST(strftime('%s', OLD.occurred_at / 1000, 'unixepoch', 'start of month') AS INTEGER) * 1000 AND provider = OLD.provider AND model = OLD.model AND tags = COALESCE(OLD.tags, '');
    UPDATE cost_rollups_daily_by_session SET
        requests = requests - 1,
        unpriced_requests = unpriced_requests - (OLD.cost_nano IS NULL),
        input_tokens = input_tokens - OLD.input_tokens,
        cache_read_tokens = cache_read_tokens - OLD.cache_read_tokens,
        cache_write_5m_tokens = cache_write_5m_tokens - OLD.cache_write_5m_tokens,
        cache_write_1h_tokens = cache_write_1h_tokens - OLD.cache_write_1h_tokens,
        output_tokens = output_tokens - OLD.output_tokens,
        reasoning_tokens = reasoning_tokens - OLD.reasoning_tokens,
        cost_nano = cost_nano - COALESCE(OLD.cost_nano, 0)
    WHERE day_start = (OLD.occurred_at / 86400000) * 86400000 AND session_id = COALESCE(OLD.session_id, '') AND provider = OLD.provider AND model = OLD.model AND tags = COALESCE(OLD.tags, '');
    UPDATE cost_rollups_hourly_total SET
        requests = requests - 1,
        unpriced_requests = unpriced_requests - (OLD.cost_nano IS NULL),
        input_tokens = input_tokens - OLD.input_tokens,
        cache_read_tokens = cache_read_tokens - OLD.cache_read_tokens,
        cache_write_5m_tokens = cache_write_5m_tokens - OLD.cache_write_5m_tokens,
        cache_write_1h_tokens = cache_write_1h_tokens - OLD.cache_write_1h_tokens,
        output_tokens = output_tokens - OLD.output_tokens,
        reasoning_tokens = reasoning_tokens - OLD.reasoning_tokens,
        cost_nano = cost_nano - COALESCE(OLD.cost_nano, 0)
    WHERE hour_start = (OLD.occurred_at / 3600000) * 3600000;
    UPDATE cost_rollups_daily_total SET
        requests = requests - 1,
        unpriced_requests = unpriced_requests - (OLD.cost_nano IS NULL),
        input_tokens = input_tokens - OLD.input_tokens,
        cache_read_tokens = cache_read_tokens - OLD.cache_read_tokens,
        cache_write_5m_tokens = cache_write_5m_tokens - OLD.cache_write_5m_tokens,
        cache_write_1h_tokens = cache_write_1h_tokens - OLD.cache_write_1h_tokens,
        output_tokens = output_tokens - OLD.output_tokens,
        reasoning_tokens = reasoning_tokens - OLD.reasoning_tokens,
        cost_nano = cost_nano - COALESCE(OLD.cost_nano, 0)
    WHERE day_start = (OLD.occurred_at / 86400000) * 86400000;
END;

CREATE TRIGGER trg_request_costs_update AFTER UPDATE OF occurred_at, session_id, provider, model, tags, input_tokens,
    cache_read_tokens, cache_write_5m_tokens, cache_write_1h_tokens, output_tokens, reasoning_tokens, cost_nano ON request_costs
BEGIN
    UPDATE cost_rollups_hourly SET
        requests = requests - 1,
        unpriced_requests = unpriced_requests - (OLD.cost_nano IS NULL),
        input_tokens = input_tokens - OLD.input_tokens,
        cache_read_tokens = cache_read_tokens - OLD.cache_read_tokens,
        cache_write_5m_tokens = cache_write_5m_tokens - OLD.cache_write_5m_tokens,
        cache_write_1h_tokens = cache_write_1h_tokens - OLD.cache_write_1h_tokens,
        output_tokens = output_tokens - OLD.output_tokens,
        reasoning_tokens = reasoning_tokens - OLD.reasoning_tokens,
        cost_nano = cost_nano - COALESCE(OLD.cost_nano, 0)
    WHERE hour_start = (OLD.occurred_at / 3600000) * 3600000 AND session_id = COALESCE(OLD.session_id, '') AND provider = OLD.provider AND model = OLD.model AND tags = COALESCE(OLD.tags, '');
    UPDATE cost_rollups_hourly_by_model SET
        requests = requests - 1,
        unpriced_requests = unpriced_requests - (OLD.cost_nano IS NULL),
        input_tokens = input_tokens - OLD.input_tokens,
        cache_read_tokens = cache_read_tokens - OLD.cache_read_tokens,
        cache_write_5m_tokens = cache_write_5m_tokens - OLD.cache_write_5m_tokens,
        cache_write_1h_tokens = cache_write_1h_tokens - OLD.cache_write_1h_tokens,
        output_tokens = output_tokens - OLD.output_tokens,
        reasoning_tokens = reasoning_tokens - OLD.reasoning_tokens,
        cost_nano = cost_nano - COALESCE(OLD.cost_nano, 0)
    WHERE hour_start = (OLD.occurred_at / 3600000) * 3600000 AND provider = OLD.provider AND model = OLD.model AND tags = COALESCE(OLD.tags, '');
    UPDATE cost_rollups_daily_by_model SET
        requests = requests - 1,
        unpriced_requests = unpriced_requests - (OLD.cost_nano IS NULL),
        input_tokens = input_tokens - OLD.input_tokens,
        cache_read_tokens = cache_read_tokens - OLD.cache_read_tokens,
        cache_write_5m_tokens = cache_write_5m_tokens - OLD.cache_write_5m_tokens,
        cache_write_1h_tokens = cache_write_1h_tokens - OLD.cache_write_1h_tokens,
        output_tokens = output_tokens - OLD.output_tokens,
        reasoning_tokens = reasoning_tokens - OLD.reasoning_tokens,
        cost_nano = cost_nano - COALESCE(OLD.cost_nano, 0)
    WHERE day_start = (OLD.occurred_at / 86400000) * 86400000 AND provider = OLD.provider AND model = OLD.model AND tags = COALESCE(OLD.tags, '');
    UPDATE cost_rollups_monthly_by_model SET
        requests = requests - 1,
        unpriced_requests = unpriced_requests - (OLD.cost_nano IS NULL),
        input_tokens = input_tokens - OLD.input_tokens,
        cache_read_tokens = cache_read_tokens - OLD.cache_read_tokens,
        cache_write_5m_tokens = cache_write_5m_tokens - OLD.cache_write_5m_tokens,
        cache_write_1h_tokens = cache_write_1h_tokens - OLD.cache_write_1h_tokens,
        output_tokens = output_tokens - OLD.output_tokens,
        reasoning_tokens = reasoning_tokens - OLD.reasoning_tokens,
        cost_nano = cost_nano - COALESCE(OLD.cost_nano, 0)
    WHERE month_start = CAST(strftime('%s', OLD.occurred_at / 1000, 'unixepoch', 'start of month') AS INTEGER) * 1000 AND provider = OLD.provider AND model = OLD.model AND tags = COALESCE(OLD.tags, '');
    UPDATE cost_rollups_daily_by_session SET
        requests = requests - 1,
        unpriced_requests = unpriced_requests - (OLD.cost_nano IS NULL),
        input_tokens = input_tokens - OLD.input_tokens,
        cache_read_tokens = cache_read_tokens - OLD.cache_read_tokens,
        cache_write_5m_tokens = cache_write_5m_tokens - OLD.cache_write_5m_tokens,
        cache_write_1h_tokens = cache_write_1h_tokens - OLD.cache_write_1h_tokens,
        output_tokens = output_tokens - OLD.output_tokens,
        reasoning_tokens = reasoning_tokens - OLD.reasoning_tokens,
        cost_nano = cost_nano - COALESCE(OLD.cost_nano, 0)
    WHERE day_start = (OLD.occurred_at / 86400000) * 86400000 AND session_id = COALESCE(OLD.session_id, '') AND provider = OLD.provider AND model = OLD.model AND tags = COALESCE(OLD.tags, '');
    UPDATE cost_rollups_hourly_total SET
        requests = requests - 1,
        unpriced_requests = unpriced_requests - (OLD.cost_nano IS NULL),
        input_tokens = input_tokens - OLD.input_tokens,
        cache_read_tokens = cache_read_tokens - OLD.cache_read_tokens,
        cache_write_5m_tokens = cache_write_5m_tokens - OLD.cache_write_5m_tokens,
        cache_write_1h_tokens = cache_write_1h_tokens - OLD.cache_write_1h_tokens,
        output_tokens = output_tokens - OLD.output_tokens,
        reasoning_tokens = reasoning_tokens - OLD.reasoning_tokens,
        cost_nano = cost_nano - COALESCE(OLD.cost_nano, 0)
    WHERE hour_start = (OLD.occurred_at / 3600000) * 3600000;
    UPDATE cost_rollups_daily_total SET
        requests = requests - 1,
        unpriced_requests = unpriced_requests - (OLD.cost_nano IS NULL),
        input_tokens = input_tokens - OLD.input_tokens,
        cache_read_tokens = cache_read_tokens - OLD.cache_read_tokens,
        cache_write_5m_tokens = cache_write_5m_tokens - OLD.cache_write_5m_tokens,
        cache_write_1h_tokens = cache_write_1h_tokens - OLD.cache_write_1h_tokens,
        output_tokens = output_tokens - OLD.output_tokens,
        reasoning_tokens = reasoning_tokens - OLD.reasoning_tokens,
        cost_nano = cost_nano - COALESCE(OLD.cost_nano, 0)
    WHERE day_start = (OLD.occurred_at / 86400000) * 86400000;
    INSERT INTO cost_rollups_hourly VALUES ((NEW.occurred_at / 3600000) * 3600000, COALESCE(NEW.session_id, ''), NEW.provider, NEW.model, COALESCE(NEW.tags, ''),
        1, (NEW.cost_nano IS NULL), NEW.input_tokens, NEW.cache_read_tokens, NEW.cache_write_5m_tokens, NEW.cache_write_1h_tokens, NEW.output_tokens, NEW.reasoning_tokens, COALESCE(NEW.cost_nano, 0))
    ON CONFLICT (hour_start, session_id, provider, model, tags) DO UPDATE SET
        requests = requests + excluded.requests,
        unpriced_requests = unpriced_requests + excluded.unpriced_requests,
        input_tokens = input_tokens + excluded.input_tokens,
        cache_read_tokens = cache_read_tokens + excluded.cache_read_tokens,
        cache_write_5m_tokens = cache_write_5m_tokens + excluded.cache_write_5m_tokens,
        cache_write_1h_tokens = cache_write_1h_tokens + excluded.cache_write_1h_tokens,
        output_tokens = output_tokens + excluded.output_tokens,
        reasoning_tokens = reasoning_tokens + excluded.reasoning_tokens,
        cost_nano = cost_nano + excluded.cost_nano;
    INSERT INTO cost_rollups_hourly_by_model VALUES ((NEW.occurred_at / 3600000) * 3600000, NEW.provider, NEW.model, COALESCE(NEW.tags, ''),
        1, (NEW.cost_nano IS NULL), NEW.input_tokens, NEW.cache_read_tokens, NEW.cache_write_5m_tokens, NEW.cache_write_1h_tokens, NEW.output_tokens, NEW.reasoning_tokens, COALESCE(NEW.cost_nano, 0))
    ON CONFLICT (hour_start, provider, model, tags) DO UPDATE SET
        requests = requests + excluded.requests,
        unpriced_requests = unpriced_requests + excluded.unpriced_requests,
        input_tokens = input_tokens + excluded.input_tokens,
        cache_read_tokens = cache_read_tokens + excluded.cache_read_tokens,
        cache_write_5m_tokens = cache_write_5m_tokens + excluded.cache_write_5m_tokens,
        cache_write_1h_tokens = cache_write_1h_tokens + excluded.cache_write_1h_tokens,
        output_tokens = output_tokens + excluded.output_tokens,
        reasoning_tokens = reasoning_tokens + excluded.reasoning_tokens,
        cost_nano = cost_nano + excluded.cost_nano;
    INSERT INTO cost_rollups_daily_by_model VALUES ((NEW.occurred_at / 86400000) * 86400000, NEW.provider, NEW.model, COALESCE(NEW.tags, ''),
        1, (NEW.cost_nano IS NULL), NEW.input_tokens, NEW.cache_read_tokens, NEW.cache_write_5m_tokens, NEW.cache_write_1h_tokens, NEW.output_tokens, NEW.reasoning_tokens, COALESCE(NEW.cost_nano, 0))
    ON CONFLICT (day_start, provider, model, tags) DO UPDATE SET
        requests = requests + excluded.requests,
        unpriced_requests = unpriced_requests + excluded.unpriced_requests,
        input_tokens = input_tokens + excluded.input_tokens,
        cache_read_tokens = cache_read_tokens + excluded.cache_read_tokens,
        cache_write_5m_tokens = cache_write_5m_tokens + excluded.cache_write_5m_tokens,
        cache_write_1h_tokens = cache_write_1h_tokens + excluded.cache_write_1h_tokens,
        output_tokens = output_tokens + excluded.output_tokens,
        reasoning_tokens = reasoning_tokens + excluded.reasoning_tokens,
        cost_nano = cost_nano + excluded.cost_nano;
    INSERT INTO cost_rollups_monthly_by_model VALUES (CAST(strftime('%s', NEW.occurred_at / 1000, 'unixepoch', 'start of month') AS INTEGER) * 1000, NEW.provider, NEW.model, COALESCE(NEW.tags, ''),
        1, (NEW.cost_nano IS NULL), NEW.input_tokens, NEW.cache_read_tokens, NEW.cache_write_5m_tokens, NEW.cache_write_1h_tokens, NEW.output_tokens, NEW.reasoning_tokens, COALESCE(NEW.cost_nano, 0))
    ON CONFLICT (month_start, provider, model, tags) DO UPDATE SET
        requests = requests + excluded.requests,
        unpriced_requests = unpriced_requests + excluded.unpriced_requests,
        input_tokens = input_tokens + excluded.input_tokens,
        cache_read_tokens = cache_read_tokens + excluded.cache_read_tokens,
        cache_write_5m_tokens = cache_write_5m_tokens + excluded.cache_write_5m_tokens,
        cache_write_1h_tokens = cache_write_1h_tokens + excluded.cache_write_1h_tokens,
        output_tokens = output_tokens + excluded.output_tokens,
        reasoning_tokens = reasoning_tokens + excluded.reasoning_tokens,
        cost_nano = cost_nano + excluded.cost_nano;
    INSERT INTO cost_rollups_daily_by_session VALUES ((NEW.occurred_at / 86400000) * 86400000, COALESCE(NEW.session_id, ''), NEW.provider, NEW.model, COALESCE(NEW.tags, ''),
        1, (NEW.cost_nano IS NULL), NEW.input_tokens, NEW.cache_read_tokens, NEW.cache_write_5m_tokens, NEW.cache_write_1h_tokens, NEW.output_tokens, NEW.reasoning_tokens, COALESCE(NEW.cost_nano, 0))
    ON CONFLICT (day_start, session_id, provider, model, tags) DO UPDATE SET
        requests = requests + excluded.requests,
        unpriced_requests = unpriced_requests + excluded.unpriced_requests,
        input_tokens = input_tokens + excluded.input_tokens,
        cache_read_tokens = cache_read_tokens + excluded.cache_read_tokens,
        cache_write_5m_tokens = cache_write_5m_tokens + excluded.cache_write_5m_tokens,
        cache_write_1h_tokens = cache_write_1h_tokens + excluded.cache_write_1h_tokens,
        output_tokens = output_tokens + excluded.output_tokens,
        reasoning_tokens = reasoning_tokens + excluded.reasoning_tokens,
        cost_nano = cost_nano + excluded.cost_nano;
    INSERT INTO cost_rollups_hourly_total VALUES ((NEW.occurred_at / 3600000) * 3600000,
        1, (NEW.cost_nano IS NULL), NEW.input_tokens, NEW.cache_read_tokens, NEW.cache_write_5m_tokens, NEW.cache_write_1h_tokens, NEW.output_tokens, NEW.reasoning_tokens, COALESCE(NEW.cost_nano, 0))
    ON CONFLICT (hour_start) DO UPDATE SET
        requests = requests + excluded.requests,
        unpriced_requests = unpriced_requests + excluded.unpriced_requests,
        input_tokens = input_tokens + excluded.input_tokens,
        cache_read_tokens = cache_read_tokens + excluded.cache_read_tokens,
        cache_write_5m_tokens = cache_write_5m_tokens + excluded.cache_write_5m_tokens,
        cache_write_1h_tokens = cache_write_1h_tokens + excluded.cache_write_1h_tokens,
        output_tokens = output_tokens + excluded.output_tokens,
        reasoning_tokens = reasoning_tokens + excluded.reasoning_tokens,
        cost_nano = cost_nano + excluded.cost_nano;
    INSERT INTO cost_rollups_daily_total VALUES ((NEW.occurred_at / 86400000) * 86400000,
        1, (NEW.cost_nano IS NULL), NEW.input_tokens, NEW.cache_read_tokens, NEW.cache_write_5m_tokens, NEW.cache_write_1h_tokens, NEW.output_tokens, NEW.reasoning_tokens, COALESCE(NEW.cost_nano, 0))
    ON CONFLICT (day_start) DO UPDATE SET
        requests = requests + excluded.requests,
        unpriced_requests = unpriced_requests + excluded.unpriced_requests,
        input_tokens = input_tokens + excluded.input_tokens,
        cache_read_tokens = cache_read_tokens + excluded.cache_read_tokens,
        cache_write_5m_tokens = cache_write_5m_tokens + excluded.cache_write_5m_tokens,
        cache_write_1h_tokens = cache_write_1h_tokens + excluded.cache_write_1h_tokens,
        output_tokens = output_tokens + excluded.output_tokens,
        reasoning_tokens = reasoning_tokens + excluded.reasoning_tokens,
        cost_nano = cost_nano + excluded.cost_nano;
END;
