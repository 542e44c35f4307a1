//! The AAP windows (R-CALENDAR) and the project calendar that dates the payments.

use chrono::NaiveDate;

use crate::bareme::{Bareme, Channel, WindowChannel};
use crate::findings::Findings;
use crate::model::Dossier;
use crate::money::format_date;

/// The window of `channel` that contains `date`, if any.
pub fn open_window(bareme: &Bareme, channel: WindowChannel, date: NaiveDate) -> Option<&crate::bareme::Window> {
    bareme.windows.iter().find(|w| w.channel == channel && w.contains(date))
}

/// Checks the filing date against the AAP windows of the channel, and the project calendar.
pub fn check(dossier: &Dossier, bareme: &Bareme, channel: Channel, multiregional: bool, findings: &mut Findings) {
    let date = dossier.filing_date;
    let window_channel = match channel {
        Channel::Regional => WindowChannel::Regional,
        Channel::National => WindowChannel::National,
    };
    let known: Vec<_> = bareme.windows.iter().filter(|w| w.channel == window_channel).collect();
    match open_window(bareme, window_channel, date) {
        Some(w) => findings.info(
            &w.rule,
            Some("filing_date".into()),
            format!("Dépôt le {} : dans la fenêtre « {} ».", format_date(date), w.label),
        ),
        None if known.is_empty() => findings.warning(
            "R-CALENDAR",
            Some("filing_date".into()),
            format!(
                "Le barème {} ne connaît aucune fenêtre pour l'{} : vérifiez les dates de votre appel à projets.",
                bareme.version,
                channel.label()
            ),
        ),
        None => {
            let list: Vec<String> = known.iter().map(|w| window_text(w)).collect();
            findings.warning(
                &known[0].rule,
                Some("filing_date".into()),
                format!(
                    "Dépôt le {} : hors des fenêtres connues de l'{} ({}). Vérifiez le calendrier de votre appel à projets.",
                    format_date(date),
                    channel.label(),
                    list.join(" ; ")
                ),
            );
        }
    }
    if multiregional && channel == Channel::Regional {
        use chrono::Datelike;
        let same_year: Vec<_> = bareme
            .windows
            .iter()
            .filter(|w| w.channel == WindowChannel::Multiregional && w.to.year() == date.year())
            .collect();
        if !same_year.is_empty() && !same_year.iter().any(|w| w.contains(date)) {
            let list: Vec<String> = same_year.iter().map(|w| window_text(w)).collect();
            findings.warning(
                &same_year[0].rule,
                Some("filing_date".into()),
                format!(
                    "Projet multirégional déposé le {} : hors de la fenêtre des projets multirégionaux ({}).",
                    format_date(date),
                    list.join(" ; ")
                ),
            );
        }
    }

    let cal = &dossier.calendar;
    match (cal.project_start, cal.usage_targets_deadline) {
        (None, _) => findings.warning(
            "R-MOA-SPLIT",
            Some("calendar.project_start".into()),
            "Date de démarrage du projet non renseignée : l'échéancier des versements reste sans date.".into(),
        ),
        (Some(start), _) if start < date => findings.warning(
            "R-MOA-SPLIT",
            Some("calendar.project_start".into()),
            format!(
                "Le projet démarre le {}, avant le dépôt de la candidature ({}).",
                format_date(start),
                format_date(date)
            ),
        ),
        _ => {}
    }
    match (cal.project_start, cal.usage_targets_deadline) {
        (_, None) => findings.warning(
            "R-MOA-SPLIT",
            Some("calendar.usage_targets_deadline".into()),
            "Échéance d'atteinte des cibles d'usage non renseignée : la seconde moitié des financements de maîtrise d'ouvrage reste sans date.".into(),
        ),
        (Some(start), Some(deadline)) if deadline <= start => findings.blocking(
            "R-MOA-SPLIT",
            Some("calendar.usage_targets_deadline".into()),
            format!("L'échéance des cibles d'usage ({}) doit suivre le démarrage du projet ({}).", format_date(deadline), format_date(start)),
        ),
        _ => {}
    }
}

fn window_text(w: &crate::bareme::Window) -> String {
    format!("{} : du {} au {}", w.label, format_date(w.opens()), format_date(w.to))
}
