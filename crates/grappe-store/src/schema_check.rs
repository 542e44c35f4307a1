//! Whether a SQLite file holds Grappe's schema and nothing else: its tables, indexes, triggers
//! and views compared with what Grappe's own migrations create for the schema version it
//! claims. A store from elsewhere (a backup to restore) could carry a trigger that rewrites
//! every dossier imported later, or a view that hides one; none such ever reaches a store.

use rusqlite::Connection;

use crate::open::migrate;

/// One object of a schema: its kind, name, table and creating SQL (as SQLite keeps it).
type Object = (String, String, String, Option<String>);

fn objects(conn: &Connection) -> rusqlite::Result<Vec<Object>> {
    let mut stmt = conn.prepare(
        "SELECT type, name, tbl_name, sql FROM sqlite_schema
         WHERE name NOT LIKE 'sqlite_stat%' ORDER BY type, name",
    )?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?;
    rows.collect()
}

/// What Grappe's migrations create up to `version`, in a database in memory.
fn expected(version: i64) -> rusqlite::Result<Vec<Object>> {
    let mut conn = Connection::open_in_memory()?;
    if version > 0 {
        migrate(&mut conn, version)?;
    }
    objects(&conn)
}

fn kind(t: &str) -> &str {
    match t {
        "table" => "table",
        "index" => "index",
        "trigger" => "déclencheur",
        "view" => "vue",
        other => other,
    }
}

/// The objects of `conn` that Grappe's migrations to `version` do not create, or create
/// otherwise, and those missing, each described in French (empty when the schema is Grappe's).
pub(crate) fn differences(conn: &Connection, version: i64) -> rusqlite::Result<Vec<String>> {
    let want = expected(version)?;
    let have = objects(conn)?;
    let mut found = Vec::new();
    for o in &have {
        match want.iter().find(|w| w.0 == o.0 && w.1 == o.1) {
            None => found.push(format!("{} « {} » que Grappe ne crée pas", kind(&o.0), o.1)),
            Some(w) if w != o => found.push(format!("{} « {} » modifié", kind(&o.0), o.1)),
            Some(_) => {}
        }
    }
    for w in &want {
        if !have.iter().any(|o| o.0 == w.0 && o.1 == w.1) {
            found.push(format!("{} « {} » absent", kind(&w.0), w.1));
        }
    }
    Ok(found)
}
