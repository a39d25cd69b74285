-- Request keys are found by a 64-bit hash (FNV-1a over the key's UTF-8 bytes, computed by the store as
-- llmcost_key_hash) through a small integer index, instead of a unique index over the key text: on large imports
-- the text index no longer fitted SQLite's page cache and every insert went to a random page. The key text stays
-- in the row; the store checks it whenever two keys share a hash, so a hash collision never merges two requests.
-- SQLite cannot drop a UNIQUE constraint in place, so the table is rebuilt; its rows, rollups and ids are kept.

DROP TRIGGER trg_request_costs_delete;
DROP TRIGGER trg_request_costs_update;

CREATE TABLE request_costs_v4 (
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
    price_ref              TEXT,
    is_batch               INTEGER NOT NULL DEFAULT 0,
    tags                   TEXT,
    source                 TEXT,
    latency_ms             REAL,
    recorded_at            INTEGER NOT NULL,
    CHECK ((cost_nano IS NULL) = (pricing_status = 'unpriced'))
);

INSERT INTO request_costs_v4 (request_row, request_key, request_hash, provider_request_id, session_id, occurred_at, provider, model,
    priced_model, input_tokens, cache_read_tokens, cache_write_5m_tokens, cache_write_1h_tokens, output_tokens, reasoning_tokens,
    cost_nano, currency, pricing_status, price_ref, is_batch, tags, source, latency_ms, recorded_at)
SELECT request_row, request_key, llmcost_key_hash(request_key), provider_request_id, session_id, occurred_at, provider, model,
    priced_model, input_tokens, cache_read_tokens, cache_write_5m_tokens, cache_write_1h_tokens, output_tokens, reasoning_tokens,
    cost_nano, currency, pricing_status, price_ref, is_batch, tags, source, latency_ms, recorded_at
FROM request_costs;

DROP TABLE request_costs;
ALTER TABLE request_costs_v4 RENAME TO request_costs;

CREATE INDEX ix_request_costs_hash ON request_costs (request_hash);
CREATE INDEX ix_request_costs_time ON request_costs (occurred_at);
CREATE INDEX ix_request_costs_session ON request_costs (session_id, occurred_at);

-- The rollup triggers of 0001, unchanged.
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
