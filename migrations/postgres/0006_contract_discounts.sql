-- Negotiated discounts, kept apart from list prices: a percentage off the list cost of a provider's requests, or of
-- one model's (model: a name, * and ? wildcards), from a date (Set-LlmContractDiscount, docs/pricing.md).
CREATE TABLE contract_discounts (
    discount_id     bigserial PRIMARY KEY,
    provider        text NOT NULL,
    model           text,
    percent         text NOT NULL,
    effective_from  bigint,
    effective_to    bigint,
    note            text,
    created_at      bigint NOT NULL
);
