-- Schema version 4: the search index gets a second column, `about`: the words of the
-- establishment's category (its label in the nomenclature, its usual names, the FINESS file's
-- label) and of its département, ranked below the words of its name. `ref_search_state`
-- records the word folding the index was built with: a store whose index was built with an
-- older one is re-indexed from `ref_etablissements` when it is opened.
DROP TABLE ref_search;
CREATE VIRTUAL TABLE ref_search USING fts5(
    words, about, content = '', tokenize = 'unicode61 remove_diacritics 2', detail = 'column', prefix = '2 3'
);
CREATE TABLE ref_search_state (
    id      INTEGER PRIMARY KEY CHECK (id = 1),
    folding INTEGER NOT NULL
);
INSERT INTO ref_search_state (id, folding) VALUES (1, 0);
