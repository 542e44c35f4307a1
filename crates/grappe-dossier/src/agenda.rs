//! The deadlines of the projects shown in the portfolio as an iCalendar file (RFC 5545, written
//! by the `icalendar` crate) that Outlook, Thunderbird or a phone imports (D-PORTFOLIO): one
//! all-day `VEVENT` per dated deadline, its `UID` made of the deadline's stable key and the
//! project's identifier — a re-export updates the agenda rather than duplicating it —, the project
//! and its amounts in the description, an alarm a week before.

use chrono::{NaiveDate, TimeZone, Utc};
use grappe_core::format_date;
use grappe_core::money::format_eur;
use grappe_core::portfolio::ProjectRow;
use icalendar::{Alarm, Calendar, Component, Event, EventLike};

/// The domain of the agenda's UIDs.
const UID_DOMAIN: &str = "grappe.desktop";

/// A deadline's identifier, stable across exports of the same project (`project`: the store's
/// number of the dossier, or the name of a shared folder's file).
pub fn uid(project: &str, key: &str) -> String {
    let safe = |t: &str| -> String {
        t.chars()
            .map(|c| if c.is_ascii_alphanumeric() || c == '-' { c } else { '_' })
            .collect()
    };
    format!("{}.{}@{UID_DOMAIN}", safe(key), safe(project))
}

/// The iCalendar file of the projects' dated deadlines, stamped `generated_on`; each project
/// with its identifier in the UIDs.
pub fn ics(projects: &[(String, &ProjectRow)], generated_on: NaiveDate) -> String {
    let stamp = Utc.from_utc_datetime(&generated_on.and_hms_opt(0, 0, 0).unwrap_or_default());
    let mut calendar = Calendar::empty();
    calendar
        .append_property(("VERSION", "2.0"))
        .append_property(("PRODID", "-//Grappe//Échéances ESMS numérique//FR"))
        .append_property(("CALSCALE", "GREGORIAN"))
        .name("Grappe — échéances des projets ESMS numérique");
    for (id, p) in projects {
        for d in &p.deadlines {
            let Some(date) = d.date else { continue };
            let key = if d.key.is_empty() {
                d.label.as_str()
            } else {
                d.key.as_str()
            };
            let late = if d.overdue { "EN RETARD — " } else { "" };
            let description = format!(
                "{late}{label}\nProjet : {name}\nClient : {client}\nFinanceur : {funder}\nÉtape : {stage}\nAttribué : {awarded} ; reçu : {received} ; dépensé : {spent}\nÉchéance du {date} (établi par Grappe).",
                label = d.label,
                name = p.name,
                client = p.client,
                funder = p.funder,
                stage = p.stage.label(),
                awarded = format_eur(p.awarded),
                received = format_eur(p.received),
                spent = format_eur(p.spent),
                date = format_date(date),
            );
            let uid = uid(id, key);
            // Deterministic, as the event's: a re-export changes nothing a client could duplicate.
            let mut alarm = Alarm::display(
                &format!("Échéance dans une semaine : {} — {}", p.name, d.label),
                -chrono::Duration::days(7),
            );
            alarm.uid(&format!("alarme-{uid}")).timestamp(stamp);
            calendar.push(
                Event::new()
                    .uid(&uid)
                    .timestamp(stamp)
                    // All day: RFC 5545's end is the day after, not included.
                    .starts(date)
                    .ends(date.succ_opt().unwrap_or(date))
                    .summary(&format!("{late}{} — {}", p.name, d.label))
                    .description(&description)
                    .add_property("CATEGORIES", "Grappe,ESMS numérique")
                    .alarm(alarm.done())
                    .done(),
            );
        }
    }
    calendar.done().to_string()
}
