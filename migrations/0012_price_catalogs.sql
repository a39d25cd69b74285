-- A price catalog loaded into the store (Update-LlmModelPrice -Path data-v2.json): used instead of the built-in one
-- until it is reset, so a newer genai-prices file reaches every user of the store without a module upgrade.
-- catalog is LlmCost's catalog format (docs/price-catalog.md); the newest row is the one in effect.
CREATE TABLE price_catalogs (
    catalog_id  INTEGER PRIMARY KEY,
    loaded_at   INTEGER NOT NULL,
    source      TEXT NOT NULL,
    sha256      TEXT NOT NULL,
    models      INTEGER NOT NULL,
    catalog     TEXT NOT NULL
);
