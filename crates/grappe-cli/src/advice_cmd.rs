//! `grappe conseils` (the advisor: the changes near a dossier that move its funding, each with
//! its effect in euros) and `grappe compare` (2 to 4 versions of a grappe side by side).

use std::path::{Path, PathBuf};

use grappe_core::advisor::advise;
use grappe_core::comparison::{compare, Comparison};
use grappe_core::evaluate;

use crate::bareme_cmd::resolve;
use crate::{load_dossier, Failure};

/// Prints the advisor's suggestions for a dossier file.
pub fn conseils(file: &Path, bareme: Option<&str>, store: &Path) -> Result<(), Failure> {
    let dossier = load_dossier(file)?;
    let bareme = resolve(bareme, &dossier, store)?;
    let now = evaluate(&dossier, &bareme);
    let all = advise(&dossier, &bareme, &now);
    println!("{} — financement actuel {}", dossier.name, now.funding.total.fr());
    if all.is_empty() {
        println!("Aucun changement proche ne modifie le financement.");
        return Ok(());
    }
    for s in &all {
        println!();
        println!("{:>16}  {}  ({})", s.effect_fr(), s.title, s.rule);
        println!("{:>16}  {}", "", s.detail);
        let eligible = if s.eligible_after {
            ""
        } else {
            " ; des points bloquants resteraient"
        };
        println!(
            "{:>16}  financement après ce changement : {}{eligible}",
            "",
            s.total_after.fr()
        );
    }
    println!();
    println!("Ce ne sont que des pistes : rien n'est modifié dans le dossier.");
    Ok(())
}

/// Prints 2 to 4 dossier files side by side (or as JSON).
pub fn compare_files(files: &[PathBuf], bareme: Option<&str>, json: bool, store: &Path) -> Result<(), Failure> {
    grappe_core::comparison::check_count(files.len()).map_err(Failure::Input)?;
    let mut loaded = Vec::new();
    for f in files {
        let dossier = load_dossier(f)?;
        let b = resolve(bareme, &dossier, store)?;
        let evaluation = evaluate(&dossier, &b);
        let name = f
            .file_stem()
            .map_or_else(|| f.display().to_string(), |s| s.to_string_lossy().to_string());
        loaded.push((name, dossier, evaluation));
    }
    let versions: Vec<_> = loaded.iter().map(|(n, d, e)| (n.as_str(), d, e)).collect();
    let c = compare(&versions);
    if json {
        let text =
            serde_json::to_string_pretty(&c).map_err(|e| Failure::Input(format!("sortie JSON impossible : {e}")))?;
        println!("{text}");
    } else {
        print!("{}", table(&c));
    }
    Ok(())
}

/// The comparison as a text table; a row whose values differ starts with « * ».
fn table(c: &Comparison) -> String {
    let width = |texts: &mut dyn Iterator<Item = usize>| texts.max().unwrap_or(0);
    let label_w = width(&mut c.rows.iter().map(|r| r.label.chars().count())).clamp(10, 60);
    let col_w: Vec<usize> = (0..c.columns.len())
        .map(|i| {
            width(
                &mut c
                    .rows
                    .iter()
                    .map(|r| r.values[i].chars().count())
                    .chain([c.columns[i].chars().count()]),
            )
            .min(40)
        })
        .collect();
    let cell = |text: &str, w: usize| -> String {
        let n = text.chars().count();
        if n > w {
            text.chars().take(w.saturating_sub(1)).collect::<String>() + "…"
        } else {
            format!("{}{text}", " ".repeat(w - n))
        }
    };
    let label = |text: &str| -> String {
        let n = text.chars().count();
        if n > label_w {
            text.chars().take(label_w - 1).collect::<String>() + "…"
        } else {
            format!("{text}{}", " ".repeat(label_w - n))
        }
    };
    let mut out = format!("  {}", label(""));
    for (i, name) in c.columns.iter().enumerate() {
        out.push_str("  ");
        out.push_str(&cell(name, col_w[i]));
    }
    out.push('\n');
    let mut section = "";
    let same_essms = c.rows.iter().filter(|r| r.section == "Par ESSMS" && !r.differs).count();
    for r in c.rows.iter().filter(|r| r.section != "Par ESSMS" || r.differs) {
        if r.section != section {
            section = &r.section;
            out.push_str(&format!("\n{section}\n"));
        }
        out.push_str(if r.differs { "* " } else { "  " });
        out.push_str(&label(&r.label));
        for (i, v) in r.values.iter().enumerate() {
            out.push_str("  ");
            out.push_str(&cell(v, col_w[i]));
        }
        out.push('\n');
    }
    if same_essms > 0 {
        out.push_str(&format!(
            "\n{same_essms} ESSMS identique(s) dans toutes les versions (non listés ; --json les donne tous).\n"
        ));
    }
    out.push_str("\n* : les valeurs diffèrent\n");
    out
}
