-- Schema version 6: what is due for each followed dossier, for the list (the deadlines worked
-- out at its last save, by date, as JSON; the list picks the next one at today's date).
-- Filled for the followed dossiers when a store is migrated.
ALTER TABLE dossiers ADD COLUMN deadlines TEXT NOT NULL DEFAULT '[]';
