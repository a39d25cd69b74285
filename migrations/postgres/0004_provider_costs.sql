-- The providers' own cost and usage reports (Import-LlmProviderCost), line by line: what the bill says, kept apart
-- from the tracked requests so the two can be compared (Compare-LlmProviderCost). A later report of the same bucket
-- replaces that bucket's lines for its provider and kind, in one transaction.
CREATE TABLE provider_costs (
    line_id             bigserial PRIMARY KEY,
    provider            text NOT NULL,
    kind                text NOT NULL CHECK (kind IN ('cost', 'usage')),
    starts_at           bigint NOT NULL,
    ends_at             bigint NOT NULL,
    model               text,
    line_item           text,
    project             text,
    amount_nano         bigint,
    input_tokens        bigint,
    cache_read_tokens   bigint,
    cache_write_tokens  bigint,
    output_tokens       bigint,
    requests            bigint,
    source              text NOT NULL,
    imported_at         bigint NOT NULL
);
CREATE INDEX provider_costs_bucket ON provider_costs (provider, kind, starts_at);
