-- Schema version 1: dossiers, their OGs and ESSMS (one row each, saved one by one), and the
-- history of every save as row-level changes (before/after), so any recent version can be
-- restored.
CREATE TABLE dossiers (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    header       TEXT    NOT NULL,  -- JSON: every dossier field except ogs and essms
    name         TEXT    NOT NULL,
    campaign     TEXT    NOT NULL,
    porteur_name TEXT    NOT NULL,
    essms_count  INTEGER NOT NULL,
    total        TEXT    NOT NULL,  -- decimal string, computed with the default barème
    created_at   TEXT    NOT NULL,
    updated_at   TEXT    NOT NULL,
    version      INTEGER NOT NULL   -- the dossier's latest history version
);

-- AUTOINCREMENT: a deleted row's id is never given to another row, so a restore can put it back.
CREATE TABLE ogs (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    dossier_id INTEGER NOT NULL REFERENCES dossiers(id) ON DELETE CASCADE,
    position   INTEGER NOT NULL,
    data       TEXT    NOT NULL     -- JSON of one OG
);
CREATE INDEX ogs_by_dossier ON ogs(dossier_id, position);

CREATE TABLE essms (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    dossier_id INTEGER NOT NULL REFERENCES dossiers(id) ON DELETE CASCADE,
    position   INTEGER NOT NULL,
    data       TEXT    NOT NULL     -- JSON of one ESSMS
);
CREATE INDEX essms_by_dossier ON essms(dossier_id, position);

CREATE TABLE history (
    id          INTEGER PRIMARY KEY,
    dossier_id  INTEGER NOT NULL REFERENCES dossiers(id) ON DELETE CASCADE,
    version     INTEGER NOT NULL,
    at          TEXT    NOT NULL,
    description TEXT    NOT NULL
);

CREATE TABLE changes (
    history_id INTEGER NOT NULL REFERENCES history(id) ON DELETE CASCADE,
    seq        INTEGER NOT NULL,
    entity     TEXT    NOT NULL,    -- 'dossier', 'og' or 'essms'
    row_id     INTEGER NOT NULL,
    before     TEXT,                -- the row's data before the save (NULL: it was inserted)
    before_position INTEGER,        -- its position then (OG and ESSMS rows)
    after      TEXT,                -- the row's data after the save (NULL: it was deleted)
    after_position  INTEGER,
    PRIMARY KEY (history_id, seq)
);
