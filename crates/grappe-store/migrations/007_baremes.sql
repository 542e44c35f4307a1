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

-- Variants (issue 14): a dossier may be a variant of another (a copy linked to it, compared side
-- by side, adopted as its content). Deleting the original leaves its variants as plain dossiers.
ALTER TABLE dossiers ADD COLUMN variant_of INTEGER REFERENCES dossiers(id) ON DELETE SET NULL;
