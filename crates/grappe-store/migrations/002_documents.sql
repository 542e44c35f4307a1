-- Schema version 2: the documents generated from a dossier, and an index that keeps history
-- look-ups fast on dossiers with many versions.
CREATE TABLE documents (
    id             INTEGER PRIMARY KEY,
    dossier_id     INTEGER NOT NULL REFERENCES dossiers(id) ON DELETE CASCADE,
    file_name      TEXT    NOT NULL,
    fingerprint    TEXT    NOT NULL,  -- SHA-256 of the dossier data and the barème
    bareme_version TEXT    NOT NULL,
    generated_at   TEXT    NOT NULL
);
CREATE INDEX documents_by_dossier ON documents(dossier_id, generated_at);
CREATE INDEX history_by_dossier ON history(dossier_id, version);
