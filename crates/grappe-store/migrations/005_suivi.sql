-- Schema version 5: le suivi of a filed dossier, in rows of the same shape as the OGs and ESSMS
-- (JSON data at a position), so that every change is one history version, restorable:
-- `suivi` holds at most one row per dossier (filing with the filed candidature, award,
-- threshold, explanations, review, project end); payments, expenses, measurable targets and
-- measurements have a row each. Attached pieces (invoices, proofs) are kept whole, by SHA-256.
-- Where each dossier is in its life, for the list: brouillon, déposé, attribué, soldé.
ALTER TABLE dossiers ADD COLUMN stage TEXT NOT NULL DEFAULT 'brouillon';

CREATE TABLE suivi (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    dossier_id INTEGER NOT NULL REFERENCES dossiers(id) ON DELETE CASCADE,
    position   INTEGER NOT NULL,
    data       TEXT    NOT NULL
);
CREATE INDEX suivi_by_dossier ON suivi(dossier_id, position);

CREATE TABLE payments (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    dossier_id INTEGER NOT NULL REFERENCES dossiers(id) ON DELETE CASCADE,
    position   INTEGER NOT NULL,
    data       TEXT    NOT NULL
);
CREATE INDEX payments_by_dossier ON payments(dossier_id, position);

CREATE TABLE expenses (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    dossier_id INTEGER NOT NULL REFERENCES dossiers(id) ON DELETE CASCADE,
    position   INTEGER NOT NULL,
    data       TEXT    NOT NULL
);
CREATE INDEX expenses_by_dossier ON expenses(dossier_id, position);

CREATE TABLE indicators (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    dossier_id INTEGER NOT NULL REFERENCES dossiers(id) ON DELETE CASCADE,
    position   INTEGER NOT NULL,
    data       TEXT    NOT NULL
);
CREATE INDEX indicators_by_dossier ON indicators(dossier_id, position);

CREATE TABLE measurements (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    dossier_id INTEGER NOT NULL REFERENCES dossiers(id) ON DELETE CASCADE,
    position   INTEGER NOT NULL,
    data       TEXT    NOT NULL
);
CREATE INDEX measurements_by_dossier ON measurements(dossier_id, position);

CREATE TABLE pieces (
    dossier_id INTEGER NOT NULL REFERENCES dossiers(id) ON DELETE CASCADE,
    sha256     TEXT    NOT NULL,
    name       TEXT    NOT NULL,
    size       INTEGER NOT NULL,
    content    BLOB    NOT NULL,
    added_at   TEXT    NOT NULL,
    PRIMARY KEY (dossier_id, sha256)
);
