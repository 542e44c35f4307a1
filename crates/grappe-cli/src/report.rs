//! Text reports for the terminal, in French.

use std::fmt::Write;

use grappe_core::category::Sector;
use grappe_core::funding::due_text;
use grappe_core::model::Situation;
use grappe_core::{format_date, Dossier, Evaluation, Finding, Severity};

/// The findings, most serious first, one per line.
pub fn findings(findings: &[Finding]) -> String {
    let mut out = String::new();
    let mut sorted: Vec<&Finding> = findings.iter().collect();
    sorted.sort_by_key(|f| f.severity);
    for f in sorted {
        let place = f.field.as_deref().map(|p| format!(" [{p}]")).unwrap_or_default();
        let _ = writeln!(out, "{:<12} {:<15} {}{}", f.severity.label(), f.rule, f.message, place);
    }
    out
}

/// One line summing up the findings.
pub fn verdict(evaluation: &Evaluation) -> String {
    let count = |s: Severity| evaluation.findings.iter().filter(|f| f.severity == s).count();
    let (blocking, warnings) = (count(Severity::Blocking), count(Severity::Warning));
    if blocking == 0 {
        format!("Dossier éligible : aucun point bloquant ({warnings} point(s) à vérifier).")
    } else {
        format!("Dossier non éligible en l'état : {blocking} point(s) bloquant(s), {warnings} point(s) à vérifier.")
    }
}

/// The funding table: every line with its rule, then the totals, the distribution per OG and
/// the payment schedule.
pub fn funding(dossier: &Dossier, e: &Evaluation) -> String {
    let mut out = String::new();
    let w = &mut out;
    let _ = writeln!(w, "{}", dossier.name);
    let channel = match (&e.ars, e.channel) {
        (Some(ars), grappe_core::Channel::Regional) => format!("{} — {ars}", e.channel.label()),
        _ => e.channel.label().to_string(),
    };
    let _ = writeln!(
        w,
        "Canal : {channel}{}",
        if e.multiregional {
            " (projet multirégional)"
        } else {
            ""
        }
    );
    let g = &e.grappe;
    let _ = writeln!(
        w,
        "Grappe : {} ESSMS éligibles (seuil {}), {} écartée(s) ; dépôt le {} ; barème {}",
        g.essms_count,
        g.min_essms,
        g.excluded_count,
        format_date(dossier.filing_date),
        e.bareme_version
    );
    let situations: Vec<String> = [Situation::NewSolution, Situation::AlreadyEquipped]
        .iter()
        .map(|s| format!("{} : {}", s.label(), g.by_situation.get(s).copied().unwrap_or(0)))
        .collect();
    let sectors: Vec<String> = Sector::ALL
        .iter()
        .filter_map(|s| g.by_sector.get(s).map(|n| format!("{} : {n}", s.label())))
        .collect();
    let _ = writeln!(w, "         {} ; {}", situations.join(", "), sectors.join(", "));
    let _ = writeln!(w);
    let _ = writeln!(w, "{:<15} {:<60} {:>20}", "Règle", "Ligne", "Montant");
    let _ = writeln!(w, "{}", "─".repeat(97));
    for l in &e.funding.lines {
        let _ = writeln!(w, "{:<15} {}", l.rule, l.label);
        let essms = l.essms.as_deref().map(|f| format!(", ESSMS {f}")).unwrap_or_default();
        let calc = match l.cap {
            Some(cap) => format!("{} × {}, plafonné à {}", l.quantity, l.unit_amount.fr(), cap.fr()),
            None => format!("{} × {}", l.quantity, l.unit_amount.fr()),
        };
        let _ = writeln!(
            w,
            "{:<15} {:<60} {:>20}",
            "",
            format!("{} ({}{essms}) : {calc}", l.og_name, l.og),
            l.amount.fr()
        );
        for t in &l.tranches {
            if l.tranches.len() > 1 {
                let due = t.due.map(format_date).unwrap_or_else(|| "date à fixer".into());
                let _ = writeln!(
                    w,
                    "{:<15}   dont {} ({due}) : {}",
                    "",
                    t.label.to_lowercase(),
                    t.amount.fr()
                );
            }
        }
    }
    let _ = writeln!(w, "{}", "─".repeat(97));
    let _ = writeln!(w, "{:<76} {:>20}", "TOTAL DE LA CANDIDATURE", e.funding.total.fr());
    let _ = writeln!(w);
    let _ = writeln!(w, "Répartition par organisme gestionnaire");
    for share in &e.funding.per_og {
        let _ = writeln!(
            w,
            "  {:<74} {:>20}",
            format!("{} ({})", share.og_name, share.og),
            share.amount.fr()
        );
    }
    let _ = writeln!(w);
    let _ = writeln!(w, "Échéancier des versements");
    for p in &e.funding.schedule {
        let due = due_text(p.due, p.due_on);
        let _ = writeln!(w, "  {:<74} {:>20}", format!("{} — {due}", p.label), p.amount.fr());
    }
    out
}
