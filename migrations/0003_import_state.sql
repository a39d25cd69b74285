-- What the importer has read of each file, so that re-runs skip unchanged files and resume grown ones.
CREATE TABLE import_files (
    path          TEXT PRIMARY KEY,
    size          INTEGER NOT NULL,
    modified_at   INTEGER NOT NULL,
    head_hash     TEXT NOT NULL,
    offset        INTEGER NOT NULL,
    lines         INTEGER NOT NULL,
    format        TEXT NOT NULL,
    imported_at   INTEGER NOT NULL
);
