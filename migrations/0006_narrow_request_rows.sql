-- Narrower request rows, for faster imports (docs/benchmarks.md): the texts that many rows repeat (the price reference
-- and the source) are stored once in labels and referenced by id, and provider_request_id is only stored when the
-- request key does not already hold it: a key is 'provider:request id', so it stays NULL for almost every row.
-- The store reads it back from the key when it is NULL and the key starts with 'provider:'. A request without an id has
-- the key 'sha256:<content hash>', so a provider named 'sha256' always keeps its id in the row.

-- The rollup trigger of 0001 fires on any update; it now fires only when a column the rollups sum changes, so the
-- rewrite below (and any update of tags or labels) leaves the rollups alone.
DROP TRIGGER trg_request_costs_update;
CREATE TRIGGER trg_request_costs_update AFTER UPDATE OF occurred_at, session_id, provider, model, input_tokens,
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

-- Texts shared by many request rows. A label is never changed or removed, so its id is stable.
CREATE TABLE labels (
    label_id  INTEGER PRIMARY KEY,
    label     TEXT NOT NULL UNIQUE
);

INSERT INTO labels (label)
SELECT price_ref FROM request_costs WHERE price_ref IS NOT NULL
UNION
SELECT source FROM request_costs WHERE source IS NOT NULL;

ALTER TABLE request_costs ADD COLUMN price_ref_id INTEGER REFERENCES labels (label_id);
ALTER TABLE request_costs ADD COLUMN source_id INTEGER REFERENCES labels (label_id);

UPDATE request_costs SET
    price_ref_id = (SELECT label_id FROM labels WHERE label = request_costs.price_ref),
    source_id = (SELECT label_id FROM labels WHERE label = request_costs.source),
    provider_request_id = CASE WHEN provider <> 'sha256' AND request_key = provider || ':' || provider_request_id
                               THEN NULL ELSE provider_request_id END;

ALTER TABLE request_costs DROP COLUMN price_ref;
ALTER TABLE request_costs DROP COLUMN source;
