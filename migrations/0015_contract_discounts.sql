-- Negotiated discounts, kept apart from list prices: a percentage off the list cost of a provider's requests, or of
-- one model's (model: a name, * and ? wildcards), from a date. Every request keeps its list cost; its contracted cost
-- is the list cost less the discount in effect at its time (Set-LlmContractDiscount, docs/pricing.md).
-- percent is a decimal string; times are Unix milliseconds, UTC.
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
