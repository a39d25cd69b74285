-- Which LlmCost version created the store and which last brought its schema up to date (keys 'created_with',
-- 'upgraded_with'), written by the migrator; stores created before this migration have no 'created_with'.
CREATE TABLE store_meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;
