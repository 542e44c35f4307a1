//! The set of barèmes a store knows (D-BAREME-DATA): the embedded default plus the stored ones,
//! by identifier (their campaign); what every summary and evaluation of a dossier uses.

use std::collections::BTreeMap;
use std::sync::Arc;

use grappe_core::Bareme;
use rusqlite::Connection;

/// Every barème a store knows, by identifier.
#[derive(Debug, Clone)]
pub struct Baremes {
    default: Arc<Bareme>,
    pub(crate) stored: BTreeMap<String, Arc<Bareme>>,
    /// `PRAGMA data_version` when they were read: another program's commit changes it.
    seen: i64,
}

impl Baremes {
    pub(crate) fn load(conn: &Connection, schema: i64) -> rusqlite::Result<Baremes> {
        let mut stored = BTreeMap::new();
        if schema >= 7 {
            let mut stmt = conn.prepare("SELECT id, content FROM baremes")?;
            let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?;
            for row in rows {
                let (id, content) = row?;
                // A row that no longer reads (edited by hand) is left out: its dossiers fall
                // back to the default and say so (campaign finding).
                if let Ok(bareme) = Bareme::from_json(&content) {
                    stored.insert(id, Arc::new(bareme));
                }
            }
        }
        Ok(Baremes {
            default: Arc::new(Bareme::default_bareme()),
            stored,
            seen: data_version(conn)?,
        })
    }

    /// The barème of identifier `id`, if the store has it.
    pub fn get(&self, id: &str) -> Option<&Arc<Bareme>> {
        let id = id.trim();
        self.stored
            .get(id)
            .or((self.default.id() == id).then_some(&self.default))
    }

    /// The barème a dossier of this campaign is computed with: its own, else the default (the
    /// evaluation then reports that the campaign is not the barème's).
    pub fn of(&self, campaign: &str) -> &Arc<Bareme> {
        self.get(campaign).unwrap_or(&self.default)
    }

    /// The barème for a new dossier made on `day`: the one whose AAP window is open that day,
    /// the latest opened when several are; else the default.
    pub fn for_date(&self, day: chrono::NaiveDate) -> &Arc<Bareme> {
        self.all()
            .filter_map(|b| {
                let open = b.windows.iter().filter(|w| w.contains(day)).map(|w| w.opens()).max()?;
                Some((open, b))
            })
            .max_by_key(|(open, _)| *open)
            .map_or(&self.default, |(_, b)| b)
    }

    pub fn default_bareme(&self) -> &Arc<Bareme> {
        &self.default
    }

    pub fn is_builtin(&self, id: &str) -> bool {
        self.default.id() == id.trim()
    }

    /// Every barème, the default first.
    pub fn all(&self) -> impl Iterator<Item = &Arc<Bareme>> {
        std::iter::once(&self.default).chain(self.stored.values())
    }
}

fn data_version(conn: &Connection) -> rusqlite::Result<i64> {
    conn.query_row("PRAGMA data_version", [], |r| r.get(0))
}

impl crate::Store {
    /// Reads the barèmes again when another program (the `grappe` command, another window)
    /// committed to the store since they were read: a barème it imported or edited is then used
    /// here too.
    pub fn sync_baremes(&mut self) -> Result<(), crate::StoreError> {
        let now = data_version(&self.conn).map_err(|e| self.err(e))?;
        if now != self.baremes.seen {
            self.baremes = Baremes::load(&self.conn, crate::SCHEMA_VERSION).map_err(|e| self.err(e))?;
        }
        Ok(())
    }
}
