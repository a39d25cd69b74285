-- Summaries fast at any size (issue 14). The hourly summaries gain the request's tags as a key, so tag filters and
-- tag groupings read them too, and six coarser summaries are added: per hour, per UTC day and per UTC month without
-- the session (x provider x model x tags), per UTC day with it, and totals alone per hour and per UTC day. Whole UTC
-- months and days of a query are read from the monthly and daily ones, hours at the edges (and the hours a local
-- period boundary moves out of a day) from the hourly ones, so a query stays exact in any time zone. All seven are
-- kept by the writer for new rows and by the request triggers below for changed and deleted ones; llmcost store check
-- compares each with the request rows or a finer summary.
-- The request triggers name the hourly table: they go first and come back below, with the tags in the key.
DROP TRIGGER trg_request_costs_delete;
DROP TRIGGER trg_request_costs_update;

CREATE TABLE cost_rollups_hourly_new (
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
INSERT INTO cost_rollups_hourly_new
SELECT (occurred_at / 3600000) * 3600000, COALESCE(session_id, ''), provider, model, COALESCE(tags, ''), COUNT(*), SUM(cost_nano IS NULL),
       SUM(input_tokens), SUM(cache_read_tokens), SUM(cache_write_5m_tokens), SUM(cache_write_1h_tokens), SUM(output_tokens),
       SUM(reasoning_tokens), SUM(COALESCE(cost_nano, 0))
FROM request_costs
GROUP BY 1, 2, 3, 4, 5;
DROP TABLE cost_rollups_hourly;
ALTER TABLE cost_rollups_hourly_new RENAME TO cost_rollups_hourly;
CREATE INDEX ix_rollups_session ON cost_rollups_hourly (session_id, hour_start);

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
INSERT INTO cost_rollups_hourly_by_model
SELECT hour_start, provider, model, tags, SUM(requests), SUM(unpriced_requests), SUM(input_tokens), SUM(cache_read_tokens), SUM(cache_write_5m_tokens), SUM(cache_write_1h_tokens), SUM(output_tokens), SUM(reasoning_tokens), SUM(cost_nano)
FROM cost_rollups_hourly GROUP BY 1, 2, 3, 4;

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
INSERT INTO cost_rollups_daily_by_model
SELECT (hour_start / 86400000) * 86400000, provider, model, tags, SUM(requests), SUM(unpriced_requests), SUM(input_tokens), SUM(cache_read_tokens), SUM(cache_write_5m_tokens), SUM(cache_write_1h_tokens), SUM(output_tokens), SUM(reasoning_tokens), SUM(cost_nano)
FROM cost_rollups_hourly GROUP BY 1, 2, 3, 4;

-- Per UTC month x provider x model x tags: provider, model and tag summaries over months read a row per month.
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
INSERT INTO cost_rollups_monthly_by_model
SELECT CAST(strftime('%s', day_start / 1000, 'unixepoch', 'start of month') AS INTEGER) * 1000, provider, model, tags, SUM(requests), SUM(unpriced_requests), SUM(input_tokens), SUM(cache_read_tokens), SUM(cache_write_5m_tokens), SUM(cache_write_1h_tokens), SUM(output_tokens), SUM(reasoning_tokens), SUM(cost_nano)
FROM cost_rollups_daily_by_model GROUP BY 1, 2, 3, 4;

-- Totals per hour and per UTC day, nothing else in the key: a total, or a grouping by calendar period alone without a
-- provider, model, tag or session filter (the dashboard's headline figures and trends), reads one row per day, not one
-- per day x provider x model x tags.
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
INSERT INTO cost_rollups_hourly_total
SELECT hour_start, SUM(requests), SUM(unpriced_requests), SUM(input_tokens), SUM(cache_read_tokens), SUM(cache_write_5m_tokens), SUM(cache_write_1h_tokens), SUM(output_tokens), SUM(reasoning_tokens), SUM(cost_nano)
FROM cost_rollups_hourly_by_model GROUP BY 1;

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
INSERT INTO cost_rollups_daily_total
SELECT day_start, SUM(requests), SUM(unpriced_requests), SUM(input_tokens), SUM(cache_read_tokens), SUM(cache_write_5m_tokens), SUM(cache_write_1h_tokens), SUM(output_tokens), SUM(reasoning_tokens), SUM(cost_nano)
FROM cost_rollups_daily_by_model GROUP BY 1;

-- Per session too, by UTC day: the top sessions of a month without reading every hour, and a named session's whole
-- history by day through ix_daily_session (an index entry is written once per new session x day, not per recording).
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
INSERT INTO cost_rollups_daily_by_session
SELECT (hour_start / 86400000) * 86400000, session_id, provider, model, tags, SUM(requests), SUM(unpriced_requests), SUM(input_tokens), SUM(cache_read_tokens), SUM(cache_write_5m_tokens), SUM(cache_write_1h_tokens), SUM(output_tokens), SUM(reasoning_tokens), SUM(cost_nano)
FROM cost_rollups_hourly GROUP BY 1, 2, 3, 4, 5;
CREATE INDEX ix_daily_session ON cost_rollups_daily_by_session (session_id, day_start);

-- Rows added are summed into all seven summaries by the writer (per batch, docs/benchmarks.md); rows changed or
-- deleted move their contribution in all seven through these triggers, which replace those of 0006 (tags are now in
-- the key, so a change of tags moves the row too).
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
