-- Each request row now owns its hash: a UNIQUE index on request_hash lets an insert find a duplicate in the same
-- index seek that stores the row (INSERT ... ON CONFLICT (request_hash) DO NOTHING), instead of a lookup first.
-- A key whose natural hash is already taken by a different key (a true 64-bit collision) is stored under a derived
-- hash, llmcost_key_hash(key || ' #n') for the first free n, and listed in request_key_collisions so it is found again.

CREATE TABLE request_key_collisions (
    request_key   TEXT PRIMARY KEY,
    request_hash  INTEGER NOT NULL
) WITHOUT ROWID;

-- Rows that share a hash with an older row (only possible through a collision under 0004) move to a derived hash.
INSERT INTO request_key_collisions (request_key, request_hash)
SELECT c.request_key, llmcost_key_hash(c.request_key || ' #1') FROM request_costs c
WHERE EXISTS (SELECT 1 FROM request_costs o WHERE o.request_hash = c.request_hash AND o.request_row < c.request_row);

UPDATE request_costs SET request_hash = (SELECT k.request_hash FROM request_key_collisions k WHERE k.request_key = request_costs.request_key)
WHERE request_key IN (SELECT request_key FROM request_key_collisions);

DROP INDEX ix_request_costs_hash;
CREATE UNIQUE INDEX ux_request_costs_hash ON request_costs (request_hash);

-- A deleted request leaves no collision entry behind.
CREATE TRIGGER trg_request_costs_delete_collision AFTER DELETE ON request_costs
BEGIN
    DELETE FROM request_key_collisions WHERE request_key = OLD.request_key;
END;
