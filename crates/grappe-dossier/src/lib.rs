//! The candidature dossier as a PDF (A4, embedded DejaVu Sans, French typography) and its
//! annexes (CSV for Excel in France, one XLSX workbook).
//!
//! - Deterministic: the same dossier, barème and generation date give a byte-identical file.
//! - A draft (« BROUILLON » watermark and a first page of blocking findings) whenever a
//!   blocking finding remains; the final document only when none remains.
//! - Files are written atomically: a failed export never leaves half a file, nor damages the
//!   previous one.
//!
//! Layout coordinates are `f32` points (printpdf's units); money stays exact (`Decimal`) until
//! it is formatted.

#![allow(clippy::float_arithmetic)] // page coordinates, never money

pub mod annexes;
mod content;
mod layout;
mod write;

use std::sync::OnceLock;

use chrono::NaiveDate;
use grappe_core::{dossier_file, evaluate, Bareme, Dossier, Evaluation};
use printpdf::{ParsedFont, PdfDocument, PdfSaveOptions};
use sha2::{Digest, Sha256};

pub use write::{write_atomic, WriteError};

/// The embedded fonts: DejaVu Sans (Bitstream Vera licence, `fonts/LICENSE-DejaVu.txt`).
const REGULAR_TTF: &[u8] = include_bytes!("../fonts/DejaVuSans.ttf");
const BOLD_TTF: &[u8] = include_bytes!("../fonts/DejaVuSans-Bold.ttf");

fn fonts() -> &'static layout::Fonts {
    static FONTS: OnceLock<layout::Fonts> = OnceLock::new();
    FONTS.get_or_init(|| {
        let parse = |bytes: &[u8]| {
            ParsedFont::from_bytes(bytes, 0, &mut Vec::new()).expect("the embedded DejaVu Sans font parses")
        };
        layout::Fonts::new(parse(REGULAR_TTF), parse(BOLD_TTF))
    })
}

/// A generated dossier.
#[derive(Debug, Clone)]
pub struct DossierPdf {
    pub bytes: Vec<u8>,
    /// SHA-256 (hex) of the dossier data and the barème, printed on the cover and the footers.
    pub fingerprint: String,
    pub pages: usize,
    /// True when blocking findings remain: watermarked « BROUILLON ».
    pub draft: bool,
    pub evaluation: Evaluation,
}

/// SHA-256 of the dossier file and the barème file, in hex.
pub fn fingerprint(dossier: &Dossier, bareme: &Bareme) -> String {
    let mut hasher = Sha256::new();
    hasher.update(dossier_file::to_json(dossier).as_bytes());
    hasher.update(b"\n");
    hasher.update(bareme.to_json().as_bytes());
    hasher.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

/// Lays out and renders the dossier.
pub fn generate(dossier: &Dossier, bareme: &Bareme, generated_on: NaiveDate) -> DossierPdf {
    let evaluation = evaluate(dossier, bareme);
    let fingerprint = fingerprint(dossier, bareme);
    let draft = !evaluation.eligible;
    let ctx = content::Context {
        dossier,
        evaluation: &evaluation,
        bareme,
        generated_on,
        fingerprint: &fingerprint,
    };
    let fonts = fonts();
    let mut l = layout::Layout::new(fonts);
    if draft {
        content::blocking_page(&mut l, &ctx);
    }
    content::cover(&mut l, &ctx);
    content::synthesis(&mut l, &ctx);
    content::organisations(&mut l, &ctx);
    content::essms_list(&mut l, &ctx);
    content::solution(&mut l, &ctx);
    content::funding(&mut l, &ctx);
    content::calendar(&mut l, &ctx);
    content::targets(&mut l, &ctx);
    content::checklist(&mut l, &ctx);
    content::signatures(&mut l, &ctx);

    let short = &fingerprint[..16];
    let name = dossier.name.clone();
    let version = bareme.version.clone();
    let pages = l.finish(
        |page, total| {
            (
                format!("{name} — barème {version} — empreinte {short}…"),
                format!("Page {page} / {total}"),
            )
        },
        draft.then_some("BROUILLON"),
    );
    let page_count = pages.len();

    let mut doc = PdfDocument::new(&format!("Candidature ESMS numérique — {}", dossier.name));
    for (id, font) in fonts.parsed() {
        doc.resources
            .fonts
            .map
            .insert(id.clone(), printpdf::PdfFont::new(font.clone()));
    }
    let info = &mut doc.metadata.info;
    info.author = dossier
        .og(&dossier.porteur)
        .map_or_else(|| "Grappe".to_string(), |o| o.name.clone());
    info.creator = "Grappe".into();
    info.producer = "Grappe (printpdf)".into();
    info.subject = format!(
        "Dossier de candidature ESMS numérique, campagne {}{}",
        dossier.campaign,
        if draft { " — BROUILLON" } else { "" }
    );
    info.identifier = fingerprint.clone();
    let stamp = generated_on
        .and_hms_opt(0, 0, 0)
        .map(|d| d.and_utc().timestamp())
        .unwrap_or_default();
    if let Ok(date) = printpdf::OffsetDateTime::from_unix_timestamp(stamp) {
        info.creation_date = date;
        info.modification_date = date;
        info.metadata_date = date;
    }
    let mut bytes = doc.with_pages(pages).save(&PdfSaveOptions::default(), &mut Vec::new());
    fix_document_id(&mut bytes, &fingerprint);
    DossierPdf {
        bytes,
        fingerprint,
        pages: page_count,
        draft,
        evaluation,
    }
}

/// printpdf draws the trailer's document ID from a process-wide counter: replace both strings
/// with the fingerprint (same length, so every offset stays valid) to make files reproducible.
fn fix_document_id(bytes: &mut [u8], fingerprint: &str) {
    let Some(start) = bytes.windows(4).rposition(|w| w == b"/ID[" || w == b"/ID ") else {
        return;
    };
    let id = fingerprint.as_bytes();
    let mut i = start;
    for _ in 0..2 {
        let Some(open) = bytes[i..].iter().position(|&b| b == b'(').map(|p| p + i) else {
            return;
        };
        let Some(close) = bytes[open..].iter().position(|&b| b == b')').map(|p| p + open) else {
            return;
        };
        let len = close - open - 1;
        if len <= id.len() {
            bytes[open + 1..close].copy_from_slice(&id[..len]);
        }
        i = close + 1;
    }
}
