-- Schema version 7: the barèmes of the store (D-BAREME-DATA), one per identifier (its campaign),
-- each kept as its file (`grappe-bareme/1`) with its version and fingerprint. The embedded default
-- is not stored: it comes with the program. A dossier names its barème by its campaign.
CREATE TABLE baremes (
    id          TEXT PRIMARY KEY,
    version     TEXT NOT NULL,
    sha256      TEXT NOT NULL,
    content     TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);
CREATE INDEX dossiers_by_campaign ON dossiers(campaign);
