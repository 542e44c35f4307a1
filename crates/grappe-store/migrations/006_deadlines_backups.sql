-- Schema version 6: what is due for each followed dossier, for the list (the deadlines worked
-- out at its last save, by date, as JSON; the list picks the next one at today's date), filled
-- for the followed dossiers when a store is migrated; and the backups of the whole store made
-- to a place the user chose (the home screen warns when the last one is old).
ALTER TABLE dossiers ADD COLUMN deadlines TEXT NOT NULL DEFAULT '[]';

CREATE TABLE backups (
    id      INTEGER PRIMARY KEY AUTOINCREMENT,
    at      TEXT    NOT NULL,
    path    TEXT    NOT NULL,
    size    INTEGER NOT NULL,
    sha256  TEXT    NOT NULL
);
