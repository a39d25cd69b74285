-- A price catalog loaded into the store (Update-LlmModelPrice -Path data-v2.json): used instead of the built-in one
-- until it is reset, by every host of the team. The newest row is the one in effect.
CREATE TABLE price_catalogs (
    catalog_id  bigserial PRIMARY KEY,
    loaded_at   bigint NOT NULL,
    source      text NOT NULL,
    sha256      text NOT NULL,
    models      integer NOT NULL,
    catalog     text NOT NULL
);
