-- LlmCost PostgreSQL schema v1 (the team store). Times are bigint Unix milliseconds (UTC); money is bigint nano-units
-- (1 USD = 1e9), as in the SQLite store, so both give the same numbers. Applied by PostgresMigrator under an advisory
-- lock, in one transaction.

CREATE TABLE store_meta (
    key   text PRIMARY KEY,
    value text NOT NULL
);

-- Custom and imported prices; built-in list prices live in the embedded catalog. Nano-units per million tokens.
CREATE TABLE model_prices (
    price_id             bigserial PRIMARY KEY,
    provider             text NOT NULL,
    model                text NOT NULL,
    effective_from       bigint,
    effective_to         bigint,
    currency             text NOT NULL DEFAULT 'USD',
    input_nano           bigint NOT NULL,
    cache_read_nano      bigint,
    cache_write_5m_nano  bigint,
    cache_write_1h_nano  bigint,
    output_nano          bigint NOT NULL,
    reasoning_nano       bigint,
    per_request_nano     bigint,
    tiers                text,
    batch_multiplier     text,
    source               text NOT NULL DEFAULT 'custom',
    note                 text,
    created_at           bigint NOT NULL,
    CHECK (effective_to IS NULL OR effective_from IS NULL OR effective_to > effective_from)
);
CREATE INDEX ix_model_prices_model ON model_prices (provider, model, effective_from);

-- One row per request. request_key is UNIQUE: a re-import from any host never counts a request twice.
-- No summary tables: queries sum the rows (docs/team-store.md says when that stops being enough).
CREATE TABLE request_costs (
    request_row            bigserial PRIMARY KEY,
    request_key            text NOT NULL UNIQUE,
    provider_request_id    text,
    session_id             text,
    occurred_at            bigint NOT NULL,
    provider               text NOT NULL,
    model                  text NOT NULL,
    priced_model           text,
    input_tokens           bigint NOT NULL CHECK (input_tokens >= 0),
    cache_read_tokens      bigint NOT NULL DEFAULT 0 CHECK (cache_read_tokens >= 0),
    cache_write_5m_tokens  bigint NOT NULL DEFAULT 0 CHECK (cache_write_5m_tokens >= 0),
    cache_write_1h_tokens  bigint NOT NULL DEFAULT 0 CHECK (cache_write_1h_tokens >= 0),
    output_tokens          bigint NOT NULL CHECK (output_tokens >= 0),
    reasoning_tokens       bigint NOT NULL DEFAULT 0 CHECK (reasoning_tokens >= 0),
    cost_nano              bigint,
    currency               text NOT NULL DEFAULT 'USD',
    pricing_status         text NOT NULL CHECK (pricing_status IN ('priced', 'unpriced', 'custom')),
    price_ref              text,
    is_batch               boolean NOT NULL DEFAULT false,
    tags                   text,
    source                 text,
    latency_ms             double precision,
    recorded_at            bigint NOT NULL,
    source_cost_nano       bigint,
    CHECK ((cost_nano IS NULL) = (pricing_status = 'unpriced'))
);
CREATE INDEX ix_request_costs_time ON request_costs (occurred_at);
CREATE INDEX ix_request_costs_session ON request_costs (session_id, occurred_at);

CREATE TABLE budgets (
    budget_id      bigserial PRIMARY KEY,
    name           text NOT NULL UNIQUE,
    amount_nano    bigint NOT NULL CHECK (amount_nano > 0),
    currency       text NOT NULL DEFAULT 'USD',
    period         text NOT NULL CHECK (period IN ('daily', 'weekly', 'monthly', 'session', 'total')),
    time_zone      text NOT NULL DEFAULT 'UTC',
    scope_provider text,
    scope_model    text,
    scope_session  text,
    scope_tag      text,
    thresholds     text NOT NULL DEFAULT '[50,80,100]',
    enforcement    text NOT NULL DEFAULT 'soft' CHECK (enforcement IN ('soft', 'hard')),
    notify         text,
    created_at     bigint NOT NULL,
    updated_at     bigint NOT NULL
);

-- UNIQUE per budget x period x threshold (x session): checkers on every host insert with ON CONFLICT DO NOTHING, so
-- each alert is recorded, and delivered, once for the whole team.
CREATE TABLE budget_alerts (
    alert_id      bigserial PRIMARY KEY,
    budget_id     bigint NOT NULL REFERENCES budgets (budget_id) ON DELETE CASCADE,
    period_start  bigint NOT NULL,
    threshold     integer NOT NULL,
    level         text NOT NULL CHECK (level IN ('info', 'warning', 'critical')),
    spent_nano    bigint NOT NULL,
    limit_nano    bigint NOT NULL,
    session_id    text NOT NULL DEFAULT '',
    created_at    bigint NOT NULL,
    UNIQUE (budget_id, period_start, threshold, session_id)
);

CREATE TABLE anomaly_alerts (
    anomaly_id          bigserial PRIMARY KEY,
    scope_kind          text NOT NULL,
    scope_value         text NOT NULL,
    day_start           bigint NOT NULL,
    spent_nano          bigint NOT NULL,
    expected_low_nano   bigint NOT NULL,
    expected_high_nano  bigint NOT NULL,
    score               double precision NOT NULL,
    created_at          bigint NOT NULL,
    UNIQUE (scope_kind, scope_value, day_start)
);

CREATE TABLE alert_deliveries (
    delivery_id   bigserial PRIMARY KEY,
    alert_id      bigint REFERENCES budget_alerts (alert_id) ON DELETE CASCADE,
    anomaly_id    bigint REFERENCES anomaly_alerts (anomaly_id) ON DELETE CASCADE,
    target        text NOT NULL,
    status        text NOT NULL CHECK (status IN ('pending', 'sending', 'delivered', 'failed')),
    attempts      integer NOT NULL DEFAULT 0,
    last_error    text,
    claimed_by    text,
    claimed_at    bigint,
    delivered_at  bigint,
    created_at    bigint NOT NULL,
    CHECK ((alert_id IS NULL) <> (anomaly_id IS NULL))
);
CREATE UNIQUE INDEX ux_alert_deliveries_alert ON alert_deliveries (alert_id, target) WHERE alert_id IS NOT NULL;
CREATE UNIQUE INDEX ux_alert_deliveries_anomaly ON alert_deliveries (anomaly_id, target) WHERE anomaly_id IS NOT NULL;
CREATE INDEX ix_alert_deliveries_status ON alert_deliveries (status);

-- How far each file was imported. Paths are the importing host's: two hosts keep their own rows.
CREATE TABLE import_files (
    path          text PRIMARY KEY,
    size          bigint NOT NULL,
    modified_at   bigint NOT NULL,
    head_hash     text NOT NULL,
    "offset"      bigint NOT NULL,
    lines         bigint NOT NULL,
    format        text NOT NULL,
    imported_at   bigint NOT NULL
);

CREATE TABLE reprice_runs (
    run_id          bigserial PRIMARY KEY,
    run_at          bigint NOT NULL,
    run_by          text NOT NULL,
    reason          text,
    scope           text NOT NULL,
    rows_examined   bigint NOT NULL,
    rows_changed    bigint NOT NULL,
    newly_priced    bigint NOT NULL,
    old_total_nano  bigint NOT NULL,
    new_total_nano  bigint NOT NULL
);
