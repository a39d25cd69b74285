-- The providers' own cost and usage reports (Import-LlmProviderCost), line by line: what the bill says, kept apart
-- from the tracked requests so the two can be compared (Compare-LlmProviderCost). A later report of the same bucket
-- replaces that bucket's lines for its provider and kind (cost reports are revised until the day closes).
-- kind: 'cost' (amount_nano, nano-USD) or 'usage' (token and request counts). Times are Unix milliseconds, UTC.
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
CREATE INDEX provider_costs_bucket ON provider_costs (provider, kind, starts_at);
