-- LlmCost schema v1. Times are INTEGER unix milliseconds (UTC); money is INTEGER nano-units (1 USD = 1e9).

CREATE TABLE sessions (
    session_id  TEXT PRIMARY KEY,
    first_seen  INTEGER NOT NULL,
    last_seen   INTEGER NOT NULL,
    label       TEXT,
    metadata    TEXT
);

-- Custom and imported prices. Built-in list prices live in the embedded catalog.
-- Prices are nano-units per million tokens (per request for per_request_nano).
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
CREATE INDEX ix_model_prices_model ON model_prices (provider, model, effective_from);

CREATE TABLE request_costs (
    request_row            INTEGER PRIMARY KEY,
    request_key            TEXT NOT NULL UNIQUE,
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
    price_ref              TEXT,
    is_batch               INTEGER NOT NULL DEFAULT 0,
    tags                   TEXT,
    source                 TEXT,
    latency_ms             REAL,
    recorded_at            INTEGER NOT NULL,
    CHECK ((cost_nano IS NULL) = (pricing_status = 'unpriced'))
);
CREATE INDEX ix_request_costs_time ON request_costs (occurred_at);
CREATE INDEX ix_request_costs_session ON request_costs (session_id, occurred_at);

-- Hourly rollups per session x provider x model ('' = no session). Inserts are added by the store in the same
-- transaction as the request rows; deletes and updates of request rows are reflected by the triggers below.
CREATE TABLE cost_rollups_hourly (
    hour_start             INTEGER NOT NULL,
    session_id             TEXT NOT NULL,
    provider               TEXT NOT NULL,
    model                  TEXT NOT NULL,
    requests               INTEGER NOT NULL,
    unpriced_requests      INTEGER NOT NULL,
    input_tokens           INTEGER NOT NULL,
    cache_read_tokens      INTEGER NOT NULL,
    cache_write_5m_tokens  INTEGER NOT NULL,
    cache_write_1h_tokens  INTEGER NOT NULL,
    output_tokens          INTEGER NOT NULL,
    reasoning_tokens       INTEGER NOT NULL,
    cost_nano              INTEGER NOT NULL,
    PRIMARY KEY (hour_start, session_id, provider, model)
) WITHOUT ROWID;
CREATE INDEX ix_rollups_session ON cost_rollups_hourly (session_id, hour_start);

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
    WHERE hour_start = (OLD.occurred_at / 3600000) * 3600000 AND session_id = COALESCE(OLD.session_id, '')
      AND provider = OLD.provider AND model = OLD.model;
END;

CREATE TRIGGER trg_request_costs_update AFTER UPDATE ON request_costs
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
    WHERE hour_start = (OLD.occurred_at / 3600000) * 3600000 AND session_id = COALESCE(OLD.session_id, '')
      AND provider = OLD.provider AND model = OLD.model;
    INSERT INTO cost_rollups_hourly VALUES (
        (NEW.occurred_at / 3600000) * 3600000, COALESCE(NEW.session_id, ''), NEW.provider, NEW.model,
        1, (NEW.cost_nano IS NULL), NEW.input_tokens, NEW.cache_read_tokens, NEW.cache_write_5m_tokens,
        NEW.cache_write_1h_tokens, NEW.output_tokens, NEW.reasoning_tokens, COALESCE(NEW.cost_nano, 0))
    ON CONFLICT (hour_start, session_id, provider, model) DO UPDATE SET
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
