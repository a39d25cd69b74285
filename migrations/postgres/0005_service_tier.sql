-- The service tier a request ran on ("priority", "flex", ...; NULL for the standard tier): a priority request is
-- priced with the tier's own price or left unpriced, and re-pricing needs to know which it was.
ALTER TABLE request_costs ADD COLUMN service_tier text;
