-- Hourly summaries, kept by statement-level triggers over each statement's changed rows (transition tables): one
-- grouped upsert per statement, whatever its size, so a COPY merge of 20,000 rows costs two statements, and writers on
-- every host keep the sums exact (the upserts lock the summary rows they change, always in key order and the hourly
-- table first, so two writers wait for each other instead of deadlocking). Each summary row is split in 16 shards by
-- the writer's server process, so writers on different connections rarely wait for the same row: without the shards,
-- 32 threads recording one model in one hour all queued on one row (348 against 1,463 requests/s, docs/team-store.md).
-- Queries sum the shards. Queries whose range starts and ends
-- on whole hours, in a zone whose offsets are whole hours, read these instead of the request rows. One table with the
-- session, one without it (far fewer rows for the per-model and per-day views).
CREATE TABLE cost_rollups_hourly (
    hour_start bigint NOT NULL,
    shard smallint NOT NULL,
    session_id text NOT NULL,
    provider text NOT NULL,
    model text NOT NULL,
    tags text NOT NULL,
    requests               bigint NOT NULL,
    unpriced_requests      bigint NOT NULL,
    input_tokens           bigint NOT NULL,
    cache_read_tokens      bigint NOT NULL,
    cache_write_5m_tokens  bigint NOT NULL,
    cache_write_1h_tokens  bigint NOT NULL,
    output_tokens          bigint NOT NULL,
    reasoning_tokens       bigint NOT NULL,
    cost_nano              bigint NOT NULL,
    PRIMARY KEY (hour_start, shard, session_id, provider, model, tags)
);
CREATE INDEX ix_rollups_hourly_session ON cost_rollups_hourly (session_id, hour_start);

CREATE TABLE cost_rollups_hourly_by_model (
    hour_start bigint NOT NULL,
    shard smallint NOT NULL,
    provider text NOT NULL,
    model text NOT NULL,
    tags text NOT NULL,
    requests               bigint NOT NULL,
    unpriced_requests      bigint NOT NULL,
    input_tokens           bigint NOT NULL,
    cache_read_tokens      bigint NOT NULL,
    cache_write_5m_tokens  bigint NOT NULL,
    cache_write_1h_tokens  bigint NOT NULL,
    output_tokens          bigint NOT NULL,
    reasoning_tokens       bigint NOT NULL,
    cost_nano              bigint NOT NULL,
    PRIMARY KEY (hour_start, shard, provider, model, tags)
);

-- Rows added: their counts added.
CREATE FUNCTION llmcost_rollup_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO cost_rollups_hourly AS r (hour_start, shard, session_id, provider, model, tags, requests, unpriced_requests, input_tokens, cache_read_tokens, cache_write_5m_tokens, cache_write_1h_tokens, output_tokens, reasoning_tokens, cost_nano)
    SELECT (occurred_at / 3600000) * 3600000, (pg_backend_pid() % 16)::smallint, COALESCE(session_id, ''), provider, model, COALESCE(tags, ''),
           sum(s), COALESCE(sum(s) FILTER (WHERE cost_nano IS NULL), 0), sum(s * input_tokens), sum(s * cache_read_tokens), sum(s * cache_write_5m_tokens), sum(s * cache_write_1h_tokens), sum(s * output_tokens), sum(s * reasoning_tokens), sum(s * COALESCE(cost_nano, 0))
    FROM (SELECT occurred_at, session_id, provider, model, tags, cost_nano, input_tokens, cache_read_tokens, cache_write_5m_tokens, cache_write_1h_tokens, output_tokens, reasoning_tokens, 1 AS s FROM new_rows) x GROUP BY 1, 2, 3, 4, 5, 6 ORDER BY 1, 2, 3, 4, 5, 6
    ON CONFLICT (hour_start, shard, session_id, provider, model, tags) DO UPDATE SET requests = r.requests + excluded.requests, unpriced_requests = r.unpriced_requests + excluded.unpriced_requests, input_tokens = r.input_tokens + excluded.input_tokens, cache_read_tokens = r.cache_read_tokens + excluded.cache_read_tokens, cache_write_5m_tokens = r.cache_write_5m_tokens + excluded.cache_write_5m_tokens, cache_write_1h_tokens = r.cache_write_1h_tokens + excluded.cache_write_1h_tokens, output_tokens = r.output_tokens + excluded.output_tokens, reasoning_tokens = r.reasoning_tokens + excluded.reasoning_tokens, cost_nano = r.cost_nano + excluded.cost_nano;
    INSERT INTO cost_rollups_hourly_by_model AS r (hour_start, shard, provider, model, tags, requests, unpriced_requests, input_tokens, cache_read_tokens, cache_write_5m_tokens, cache_write_1h_tokens, output_tokens, reasoning_tokens, cost_nano)
    SELECT (occurred_at / 3600000) * 3600000, (pg_backend_pid() % 16)::smallint, provider, model, COALESCE(tags, ''),
           sum(s), COALESCE(sum(s) FILTER (WHERE cost_nano IS NULL), 0), sum(s * input_tokens), sum(s * cache_read_tokens), sum(s * cache_write_5m_tokens), sum(s * cache_write_1h_tokens), sum(s * output_tokens), sum(s * reasoning_tokens), sum(s * COALESCE(cost_nano, 0))
    FROM (SELECT occurred_at, session_id, provider, model, tags, cost_nano, input_tokens, cache_read_tokens, cache_write_5m_tokens, cache_write_1h_tokens, output_tokens, reasoning_tokens, 1 AS s FROM new_rows) x GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5
    ON CONFLICT (hour_start, shard, provider, model, tags) DO UPDATE SET requests = r.requests + excluded.requests, unpriced_requests = r.unpriced_requests + excluded.unpriced_requests, input_tokens = r.input_tokens + excluded.input_tokens, cache_read_tokens = r.cache_read_tokens + excluded.cache_read_tokens, cache_write_5m_tokens = r.cache_write_5m_tokens + excluded.cache_write_5m_tokens, cache_write_1h_tokens = r.cache_write_1h_tokens + excluded.cache_write_1h_tokens, output_tokens = r.output_tokens + excluded.output_tokens, reasoning_tokens = r.reasoning_tokens + excluded.reasoning_tokens, cost_nano = r.cost_nano + excluded.cost_nano;
    RETURN NULL;
END $$;

-- Rows changed (a replace, a re-pricing): the old values taken away, the new ones added.
CREATE FUNCTION llmcost_rollup_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO cost_rollups_hourly AS r (hour_start, shard, session_id, provider, model, tags, requests, unpriced_requests, input_tokens, cache_read_tokens, cache_write_5m_tokens, cache_write_1h_tokens, output_tokens, reasoning_tokens, cost_nano)
    SELECT (occurred_at / 3600000) * 3600000, (pg_backend_pid() % 16)::smallint, COALESCE(session_id, ''), provider, model, COALESCE(tags, ''),
           sum(s), COALESCE(sum(s) FILTER (WHERE cost_nano IS NULL), 0), sum(s * input_tokens), sum(s * cache_read_tokens), sum(s * cache_write_5m_tokens), sum(s * cache_write_1h_tokens), sum(s * output_tokens), sum(s * reasoning_tokens), sum(s * COALESCE(cost_nano, 0))
    FROM (SELECT occurred_at, session_id, provider, model, tags, cost_nano, input_tokens, cache_read_tokens, cache_write_5m_tokens, cache_write_1h_tokens, output_tokens, reasoning_tokens, 1 AS s FROM new_rows UNION ALL SELECT occurred_at, session_id, provider, model, tags, cost_nano, input_tokens, cache_read_tokens, cache_write_5m_tokens, cache_write_1h_tokens, output_tokens, reasoning_tokens, -1 FROM old_rows) x GROUP BY 1, 2, 3, 4, 5, 6 ORDER BY 1, 2, 3, 4, 5, 6
    ON CONFLICT (hour_start, shard, session_id, provider, model, tags) DO UPDATE SET requests = r.requests + excluded.requests, unpriced_requests = r.unpriced_requests + excluded.unpriced_requests, input_tokens = r.input_tokens + excluded.input_tokens, cache_read_tokens = r.cache_read_tokens + excluded.cache_read_tokens, cache_write_5m_tokens = r.cache_write_5m_tokens + excluded.cache_write_5m_tokens, cache_write_1h_tokens = r.cache_write_1h_tokens + excluded.cache_write_1h_tokens, output_tokens = r.output_tokens + excluded.output_tokens, reasoning_tokens = r.reasoning_tokens + excluded.reasoning_tokens, cost_nano = r.cost_nano + excluded.cost_nano;
    INSERT INTO cost_rollups_hourly_by_model AS r (hour_start, shard, provider, model, tags, requests, unpriced_requests, input_tokens, cache_read_tokens, cache_write_5m_tokens, cache_write_1h_tokens, output_tokens, reasoning_tokens, cost_nano)
    SELECT (occurred_at / 3600000) * 3600000, (pg_backend_pid() % 16)::smallint, provider, model, COALESCE(tags, ''),
           sum(s), COALESCE(sum(s) FILTER (WHERE cost_nano IS NULL), 0), sum(s * input_tokens), sum(s * cache_read_tokens), sum(s * cache_write_5m_tokens), sum(s * cache_write_1h_tokens), sum(s * output_tokens), sum(s * reasoning_tokens), sum(s * COALESCE(cost_nano, 0))
    FROM (SELECT occurred_at, session_id, provider, model, tags, cost_nano, input_tokens, cache_read_tokens, cache_write_5m_tokens, cache_write_1h_tokens, output_tokens, reasoning_tokens, 1 AS s FROM new_rows UNION ALL SELECT occurred_at, session_id, provider, model, tags, cost_nano, input_tokens, cache_read_tokens, cache_write_5m_tokens, cache_write_1h_tokens, output_tokens, reasoning_tokens, -1 FROM old_rows) x GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5
    ON CONFLICT (hour_start, shard, provider, model, tags) DO UPDATE SET requests = r.requests + excluded.requests, unpriced_requests = r.unpriced_requests + excluded.unpriced_requests, input_tokens = r.input_tokens + excluded.input_tokens, cache_read_tokens = r.cache_read_tokens + excluded.cache_read_tokens, cache_write_5m_tokens = r.cache_write_5m_tokens + excluded.cache_write_5m_tokens, cache_write_1h_tokens = r.cache_write_1h_tokens + excluded.cache_write_1h_tokens, output_tokens = r.output_tokens + excluded.output_tokens, reasoning_tokens = r.reasoning_tokens + excluded.reasoning_tokens, cost_nano = r.cost_nano + excluded.cost_nano;
    RETURN NULL;
END $$;

-- Rows deleted: their counts taken away.
CREATE FUNCTION llmcost_rollup_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO cost_rollups_hourly AS r (hour_start, shard, session_id, provider, model, tags, requests, unpriced_requests, input_tokens, cache_read_tokens, cache_write_5m_tokens, cache_write_1h_tokens, output_tokens, reasoning_tokens, cost_nano)
    SELECT (occurred_at / 3600000) * 3600000, (pg_backend_pid() % 16)::smallint, COALESCE(session_id, ''), provider, model, COALESCE(tags, ''),
           sum(s), COALESCE(sum(s) FILTER (WHERE cost_nano IS NULL), 0), sum(s * input_tokens), sum(s * cache_read_tokens), sum(s * cache_write_5m_tokens), sum(s * cache_write_1h_tokens), sum(s * output_tokens), sum(s * reasoning_tokens), sum(s * COALESCE(cost_nano, 0))
    FROM (SELECT occurred_at, session_id, provider, model, tags, cost_nano, input_tokens, cache_read_tokens, cache_write_5m_tokens, cache_write_1h_tokens, output_tokens, reasoning_tokens, -1 AS s FROM old_rows) x GROUP BY 1, 2, 3, 4, 5, 6 ORDER BY 1, 2, 3, 4, 5, 6
    ON CONFLICT (hour_start, shard, session_id, provider, model, tags) DO UPDATE SET requests = r.requests + excluded.requests, unpriced_requests = r.unpriced_requests + excluded.unpriced_requests, input_tokens = r.input_tokens + excluded.input_tokens, cache_read_tokens = r.cache_read_tokens + excluded.cache_read_tokens, cache_write_5m_tokens = r.cache_write_5m_tokens + excluded.cache_write_5m_tokens, cache_write_1h_tokens = r.cache_write_1h_tokens + excluded.cache_write_1h_tokens, output_tokens = r.output_tokens + excluded.output_tokens, reasoning_tokens = r.reasoning_tokens + excluded.reasoning_tokens, cost_nano = r.cost_nano + excluded.cost_nano;
    INSERT INTO cost_rollups_hourly_by_model AS r (hour_start, shard, provider, model, tags, requests, unpriced_requests, input_tokens, cache_read_tokens, cache_write_5m_tokens, cache_write_1h_tokens, output_tokens, reasoning_tokens, cost_nano)
    SELECT (occurred_at / 3600000) * 3600000, (pg_backend_pid() % 16)::smallint, provider, model, COALESCE(tags, ''),
           sum(s), COALESCE(sum(s) FILTER (WHERE cost_nano IS NULL), 0), sum(s * input_tokens), sum(s * cache_read_tokens), sum(s * cache_write_5m_tokens), sum(s * cache_write_1h_tokens), sum(s * output_tokens), sum(s * reasoning_tokens), sum(s * COALESCE(cost_nano, 0))
    FROM (SELECT occurred_at, session_id, provider, model, tags, cost_nano, input_tokens, cache_read_tokens, cache_write_5m_tokens, cache_write_1h_tokens, output_tokens, reasoning_tokens, -1 AS s FROM old_rows) x GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5
    ON CONFLICT (hour_start, shard, provider, model, tags) DO UPDATE SET requests = r.requests + excluded.requests, unpriced_requests = r.unpriced_requests + excluded.unpriced_requests, input_tokens = r.input_tokens + excluded.input_tokens, cache_read_tokens = r.cache_read_tokens + excluded.cache_read_tokens, cache_write_5m_tokens = r.cache_write_5m_tokens + excluded.cache_write_5m_tokens, cache_write_1h_tokens = r.cache_write_1h_tokens + excluded.cache_write_1h_tokens, output_tokens = r.output_tokens + excluded.output_tokens, reasoning_tokens = r.reasoning_tokens + excluded.reasoning_tokens, cost_nano = r.cost_nano + excluded.cost_nano;
    RETURN NULL;
END $$;

CREATE TRIGGER trg_rollup_insert AFTER INSERT ON request_costs REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION llmcost_rollup_insert();
CREATE TRIGGER trg_rollup_update AFTER UPDATE ON request_costs REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION llmcost_rollup_update();
CREATE TRIGGER trg_rollup_delete AFTER DELETE ON request_costs REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION llmcost_rollup_delete();

-- The requests stored before this migration.
INSERT INTO cost_rollups_hourly AS r (hour_start, shard, session_id, provider, model, tags, requests, unpriced_requests, input_tokens, cache_read_tokens, cache_write_5m_tokens, cache_write_1h_tokens, output_tokens, reasoning_tokens, cost_nano)
    SELECT (occurred_at / 3600000) * 3600000, 0::smallint, COALESCE(session_id, ''), provider, model, COALESCE(tags, ''),
           sum(s), COALESCE(sum(s) FILTER (WHERE cost_nano IS NULL), 0), sum(s * input_tokens), sum(s * cache_read_tokens), sum(s * cache_write_5m_tokens), sum(s * cache_write_1h_tokens), sum(s * output_tokens), sum(s * reasoning_tokens), sum(s * COALESCE(cost_nano, 0))
    FROM (SELECT occurred_at, session_id, provider, model, tags, cost_nano, input_tokens, cache_read_tokens, cache_write_5m_tokens, cache_write_1h_tokens, output_tokens, reasoning_tokens, 1 AS s FROM request_costs) x GROUP BY 1, 2, 3, 4, 5, 6 ORDER BY 1, 2, 3, 4, 5, 6
    ON CONFLICT (hour_start, shard, session_id, provider, model, tags) DO UPDATE SET requests = r.requests + excluded.requests, unpriced_requests = r.unpriced_requests + excluded.unpriced_requests, input_tokens = r.input_tokens + excluded.input_tokens, cache_read_tokens = r.cache_read_tokens + excluded.cache_read_tokens, cache_write_5m_tokens = r.cache_write_5m_tokens + excluded.cache_write_5m_tokens, cache_write_1h_tokens = r.cache_write_1h_tokens + excluded.cache_write_1h_tokens, output_tokens = r.output_tokens + excluded.output_tokens, reasoning_tokens = r.reasoning_tokens + excluded.reasoning_tokens, cost_nano = r.cost_nano + excluded.cost_nano;
INSERT INTO cost_rollups_hourly_by_model AS r (hour_start, shard, provider, model, tags, requests, unpriced_requests, input_tokens, cache_read_tokens, cache_write_5m_tokens, cache_write_1h_tokens, output_tokens, reasoning_tokens, cost_nano)
    SELECT (occurred_at / 3600000) * 3600000, 0::smallint, provider, model, COALESCE(tags, ''),
           sum(s), COALESCE(sum(s) FILTER (WHERE cost_nano IS NULL), 0), sum(s * input_tokens), sum(s * cache_read_tokens), sum(s * cache_write_5m_tokens), sum(s * cache_write_1h_tokens), sum(s * output_tokens), sum(s * reasoning_tokens), sum(s * COALESCE(cost_nano, 0))
    FROM (SELECT occurred_at, session_id, provider, model, tags, cost_nano, input_tokens, cache_read_tokens, cache_write_5m_tokens, cache_write_1h_tokens, output_tokens, reasoning_tokens, 1 AS s FROM request_costs) x GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5
    ON CONFLICT (hour_start, shard, provider, model, tags) DO UPDATE SET requests = r.requests + excluded.requests, unpriced_requests = r.unpriced_requests + excluded.unpriced_requests, input_tokens = r.input_tokens + excluded.input_tokens, cache_read_tokens = r.cache_read_tokens + excluded.cache_read_tokens, cache_write_5m_tokens = r.cache_write_5m_tokens + excluded.cache_write_5m_tokens, cache_write_1h_tokens = r.cache_write_1h_tokens + excluded.cache_write_1h_tokens, output_tokens = r.output_tokens + excluded.output_tokens, reasoning_tokens = r.reasoning_tokens + excluded.reasoning_tokens, cost_nano = r.cost_nano + excluded.cost_nano;
