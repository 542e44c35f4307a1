-- Schema version 9: a kept portfolio row's enveloppes apart from the row, so that the
-- portfolio's table reads only what it shows (the enveloppes are most of a row and only the
-- état par projet uses them); the rows kept before are worked out again. And the dossiers in
-- the list's order with what says whether a kept row still holds, read without the headers.
DELETE FROM project_rows;
ALTER TABLE project_rows ADD COLUMN enveloppes TEXT NOT NULL DEFAULT '[]';
CREATE INDEX dossiers_by_change ON dossiers(updated_at, id, version, campaign);
