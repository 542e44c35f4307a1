-- Schema version 3: the reference data — establishments of the national FINESS file, their
-- legal entities, a full-text index for search, the référencé Ségur solutions — and the
-- extract they come from.
CREATE TABLE ref_etablissements (
    id            INTEGER PRIMARY KEY,
    finess_et     TEXT NOT NULL,
    finess_ej     TEXT NOT NULL,
    name          TEXT NOT NULL,      -- rs (raison sociale)
    long_name     TEXT NOT NULL,      -- rslongue
    commune       TEXT NOT NULL,      -- town, from ligneacheminement
    postcode      TEXT NOT NULL,
    departement   TEXT NOT NULL,      -- INSEE code (01, 2A, 971…)
    category      TEXT NOT NULL,      -- categetab
    category_label TEXT NOT NULL,     -- libcategetab
    aggregate     TEXT NOT NULL,      -- categagretab
    aggregate_label TEXT NOT NULL,    -- libcategagretab
    sector        TEXT,               -- personnes_agees…, NULL when not an ESSMS
    siret         TEXT NOT NULL
);
-- The import drops and rebuilds these three indexes around its bulk insert (same definitions).
CREATE UNIQUE INDEX ref_etablissements_by_et ON ref_etablissements(finess_et);
CREATE INDEX ref_etablissements_by_ej ON ref_etablissements(finess_ej);
CREATE INDEX ref_etablissements_by_postcode ON ref_etablissements(postcode);

CREATE TABLE ref_entites (
    finess_ej   TEXT PRIMARY KEY,
    etablissements INTEGER NOT NULL   -- number of establishments in the extract
) WITHOUT ROWID;

-- Words of the name, long name and town, lower case without accents, œ/æ folded, plus one
-- token for the département (`zdep59`) and one for the sector (`zsecpa`), so that filters are
-- index look-ups too; rowid = ref_etablissements.id. Numbers (FINESS, postcodes) are searched
-- through the B-tree indexes instead. Prefix indexes of 2 and 3 characters keep the first
-- keystrokes fast. Contentless: the words are never read back, and a re-import empties it at
-- once ('delete-all').
CREATE VIRTUAL TABLE ref_search USING fts5(
    words, content = '', tokenize = 'unicode61 remove_diacritics 2', detail = 'column', prefix = '2 3'
);

CREATE TABLE ref_extract (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    file_name   TEXT NOT NULL,
    extract_date TEXT NOT NULL,       -- the date of the extract's metadata line
    imported_at TEXT NOT NULL,
    lines       INTEGER NOT NULL
);

CREATE TABLE ref_solutions (
    id             INTEGER PRIMARY KEY,
    editeur        TEXT NOT NULL,
    solution       TEXT NOT NULL,
    version        TEXT NOT NULL,
    identifier     TEXT NOT NULL,
    dispositif     TEXT NOT NULL,
    referenced_on  TEXT NOT NULL,     -- ISO date
    valid_until    TEXT               -- ISO date, NULL when open-ended
);
CREATE UNIQUE INDEX ref_solutions_identity ON ref_solutions(editeur, solution, version, identifier);
