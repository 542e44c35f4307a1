-- Schema version 8: le portefeuille's rows (D-PORTFOLIO) as last worked out, one per dossier:
-- the row (JSON) at a date, the days around it on which it holds, and what it was worked out
-- from (the dossier's version, its barème's fingerprint). A row is used only while all three
-- still hold; anything else works it out again. Emptied when a backup is restored.
CREATE TABLE project_rows (
    dossier_id  INTEGER PRIMARY KEY REFERENCES dossiers(id) ON DELETE CASCADE,
    version     INTEGER NOT NULL,
    bareme      TEXT    NOT NULL,
    span_from   TEXT,
    span_until  TEXT,
    row         TEXT    NOT NULL
);
