//! The Barèmes screen and the barème of a dossier: the list of the store's barèmes with their
//! AAP windows, one barème for the editor, its check as it is typed (every problem with the path
//! of its field, and the demo dossier's total under it), saving, deleting, files in and out, and
//! a dossier compared under another barème before switching.

use std::collections::BTreeMap;
use std::path::PathBuf;

use chrono::NaiveDate;

use grappe_core::bareme::{Bareme, WindowChannel};
use grappe_core::money::format_signed_eur;
use grappe_core::{demo, evaluate, format_date, Amount, Evaluation};
use grappe_dossier::Existing;
use serde::Serialize;

use crate::files::{read_text, write_error};
use crate::ErrorCode;
use crate::{AppError, Ctx};

/// One barème in the list.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct BaremeRow {
    /// Its identifier: the campaign a dossier names.
    pub id: String,
    pub version: String,
    pub title: String,
    /// SHA-256 of its canonical form.
    pub sha256: String,
    /// The barème shipped with Grappe: read only.
    pub builtin: bool,
    /// Names of the dossiers computed with it.
    pub used_by: Vec<String>,
    pub windows: Vec<WindowRow>,
}

/// An AAP window of a barème, as shown beside the choice of the campaign.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct WindowRow {
    pub label: String,
    /// « AAP régional », « AAP national », « Projets multirégionaux ».
    pub channel: String,
    /// `dd/mm/yyyy`.
    pub from_fr: String,
    pub to_fr: String,
    /// The date asked about (the dossier's filing date) falls in it.
    pub contains: bool,
}

/// A problem of the barème being edited, at the path of its field (`lines[3].amount`).
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct BaremeProblem {
    pub path: String,
    pub message: String,
}

/// The check of a barème being edited.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct BaremeCheck {
    pub problems: Vec<BaremeProblem>,
    /// The demo dossier's total under it (when it is valid), and under the default.
    pub demo_total_fr: Option<String>,
    pub demo_default_total_fr: String,
}

/// A barème saved.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct BaremeSaved {
    pub id: String,
    /// How many dossiers were computed again with it.
    pub reevaluated: u32,
}

/// A dossier under its barème and under another, line by line.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct BaremeComparison {
    pub from_id: String,
    pub to_id: String,
    pub total_before_fr: String,
    pub total_after_fr: String,
    /// « +12 000,00 € », « −3 500,00 € » or « 0,00 € ».
    pub difference_fr: String,
    /// The lines whose amount differs (a line that only exists under one barème counts 0 under
    /// the other).
    pub lines: Vec<ComparedLine>,
    /// Findings that appear under the other barème, and those that go away.
    pub findings_added: Vec<String>,
    pub findings_removed: Vec<String>,
}

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct ComparedLine {
    pub rule: String,
    pub label: String,
    pub og_name: String,
    pub before_fr: String,
    pub after_fr: String,
    pub difference_fr: String,
}

/// The barèmes, the default first, their windows marked around `date` (none: no mark).
pub fn list_baremes(ctx: &Ctx, date: Option<NaiveDate>) -> Result<Vec<BaremeRow>, AppError> {
    ctx.with_store(|s| {
        let infos = s.bareme_list()?;
        Ok(infos
            .into_iter()
            .map(|info| {
                let windows = s
                    .baremes()
                    .get(&info.id)
                    .map(|b| {
                        b.windows
                            .iter()
                            .map(|w| WindowRow {
                                label: w.label.clone(),
                                channel: channel_label(w.channel).into(),
                                from_fr: format_date(w.opens()),
                                to_fr: format_date(w.to),
                                contains: date.is_some_and(|d| w.contains(d)),
                            })
                            .collect()
                    })
                    .unwrap_or_default();
                BaremeRow {
                    id: info.id,
                    version: info.version,
                    title: info.title,
                    sha256: info.sha256,
                    builtin: info.builtin,
                    used_by: info.used_by,
                    windows,
                }
            })
            .collect())
    })
}

fn channel_label(c: WindowChannel) -> &'static str {
    match c {
        WindowChannel::Regional => "AAP régional",
        WindowChannel::National => "AAP national",
        WindowChannel::Multiregional => "Projets multirégionaux",
    }
}

/// One barème, for the editor.
pub fn get_bareme(ctx: &Ctx, id: String) -> Result<Bareme, AppError> {
    ctx.with_store(|s| {
        s.baremes()
            .get(&id)
            .map(|b| Bareme::clone(b))
            .ok_or_else(|| AppError::new(ErrorCode::BaremeNotFound, format!("barème « {id} » introuvable")))
    })
}

/// Every problem of the barème as typed, and the demo dossier's total under it.
pub fn check_bareme(_ctx: &Ctx, bareme: Bareme) -> Result<BaremeCheck, AppError> {
    let problems: Vec<BaremeProblem> = bareme
        .validate()
        .into_iter()
        .map(|p| BaremeProblem {
            path: p.path,
            message: p.message,
        })
        .collect();
    let default = Bareme::default_bareme();
    let demo_default = evaluate(&demo::demo_dossier(), &default).funding.total;
    let demo_total_fr = problems.is_empty().then(|| {
        let mut d = demo::demo_dossier();
        d.campaign = bareme.campaign.clone();
        evaluate(&d, &bareme).funding.total.fr()
    });
    Ok(BaremeCheck {
        problems,
        demo_total_fr,
        demo_default_total_fr: demo_default.fr(),
    })
}

/// Saves a barème, new (`previous` null) or over the one of identifier `previous`; an invalid
/// one is refused with its first problem's field. The dossiers using it are evaluated again.
pub fn save_bareme(ctx: &Ctx, bareme: Bareme, previous: Option<String>) -> Result<BaremeSaved, AppError> {
    if let Some(p) = bareme.validate().into_iter().next() {
        return Err(AppError::field(
            ErrorCode::BaremeInvalid,
            format!("barème non enregistré : {} — {}", p.path, p.message),
            &p.path,
        ));
    }
    let id = bareme.id().to_string();
    let n = ctx.with_store(|s| Ok(s.save_bareme(&bareme, previous.as_deref())?))?;
    Ok(BaremeSaved {
        id,
        reevaluated: u32::try_from(n).unwrap_or(u32::MAX),
    })
}

/// Deletes a barème no dossier uses.
pub fn delete_bareme(ctx: &Ctx, id: String) -> Result<(), AppError> {
    ctx.with_store(|s| Ok(s.delete_bareme(&id)?))
}

/// Imports a barème file (`grappe-bareme/1`); a different barème of a campaign already known
/// replaces it only with [`Existing::Replace`]. Returns its identifier.
pub fn import_bareme(ctx: &Ctx, path: PathBuf, existing: Existing) -> Result<String, AppError> {
    let replace = existing == Existing::Replace;
    let text = read_text(&path)?;
    ctx.with_store(|s| Ok(s.import_bareme(&text, replace)?))
}

/// Writes a barème file; an existing file is replaced only with [`Existing::Replace`].
pub fn export_bareme(ctx: &Ctx, id: String, path: PathBuf, existing: Existing) -> Result<(), AppError> {
    let text = ctx.with_store(|s| Ok(s.export_bareme(&id)?))?;
    grappe_dossier::write_atomic(&path, text.as_bytes(), existing).map_err(write_error)
}

/// The stored dossier under its barème and under barème `to`, without changing anything.
pub fn compare_bareme(ctx: &Ctx, id: i64, to: String) -> Result<BaremeComparison, AppError> {
    let (dossier, before) = ctx.dossier_and_bareme(id)?;
    let after = ctx.with_store(|s| {
        s.baremes()
            .get(&to)
            .cloned()
            .ok_or_else(|| AppError::new(ErrorCode::BaremeNotFound, format!("barème « {to} » introuvable")))
    })?;
    let mut moved = dossier.clone();
    moved.campaign = after.id().to_string();
    Ok(comparison(
        before.id(),
        after.id(),
        &evaluate(&dossier, &before),
        &evaluate(&moved, &after),
    ))
}

/// The difference of two evaluations, line by line (by rule, label, OG and ESSMS).
pub(crate) fn comparison(from: &str, to: &str, before: &Evaluation, after: &Evaluation) -> BaremeComparison {
    type Key = (String, String, String, Option<String>);
    let mut lines: BTreeMap<Key, (String, String, Amount, Amount)> = BTreeMap::new();
    for (side, evaluation) in [(0, before), (1, after)] {
        for l in &evaluation.funding.lines {
            let entry = lines
                .entry((l.rule.clone(), l.label.clone(), l.og.clone(), l.essms.clone()))
                .or_insert_with(|| (l.label.clone(), l.og_name.clone(), Amount::ZERO, Amount::ZERO));
            if side == 0 {
                entry.2 += l.amount;
            } else {
                entry.3 += l.amount;
            }
        }
    }
    let messages = |e: &Evaluation| -> Vec<String> { e.findings.iter().map(|f| f.message.clone()).collect() };
    let (was, now) = (messages(before), messages(after));
    BaremeComparison {
        from_id: from.to_string(),
        to_id: to.to_string(),
        total_before_fr: before.funding.total.fr(),
        total_after_fr: after.funding.total.fr(),
        difference_fr: signed(before.funding.total, after.funding.total),
        lines: lines
            .into_iter()
            .filter(|(_, (_, _, b, a))| b != a)
            .map(|((rule, _, _, _), (label, og_name, b, a))| ComparedLine {
                rule,
                label,
                og_name,
                before_fr: b.fr(),
                after_fr: a.fr(),
                difference_fr: signed(b, a),
            })
            .collect(),
        findings_added: now.iter().filter(|m| !was.contains(m)).cloned().collect(),
        findings_removed: was.iter().filter(|m| !now.contains(m)).cloned().collect(),
    }
}

/// `after − before`, signed, French style.
fn signed(before: Amount, after: Amount) -> String {
    format_signed_eur(after.value() - before.value())
}
