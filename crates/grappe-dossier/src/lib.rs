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

pub mod agenda;
pub mod annexes;
mod compte_rendu;
mod content;
mod layout;
mod metadata;
pub mod portfolio;
pub mod suivi;
mod write;

use std::sync::OnceLock;

use chrono::NaiveDate;
use grappe_core::{dossier_file, evaluate, Bareme, Dossier, Evaluation};
use printpdf::{ParsedFont, PdfDocument, PdfSaveOptions};
use sha2::{Digest, Sha256};

pub use write::{check_free, existing_files, write_atomic, write_atomic_with, write_set, Existing, WriteError};

/// The embedded fonts: DejaVu Sans reduced to Latin and French punctuation by
/// `scripts/subset-fonts.sh` (Bitstream Vera licence, `fonts/LICENSE-DejaVu.txt`).
const REGULAR_TTF: &[u8] = include_bytes!("../fonts/DejaVuSans-latin.ttf");
const BOLD_TTF: &[u8] = include_bytes!("../fonts/DejaVuSans-Bold-latin.ttf");

pub(crate) fn fonts() -> &'static layout::Fonts {
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
    generate_with(dossier, bareme, generated_on, None)
}

/// [`generate`], with the optional annex comparing the variants considered (the dossier first).
pub fn generate_with(
    dossier: &Dossier,
    bareme: &Bareme,
    generated_on: NaiveDate,
    variants: Option<&grappe_core::comparison::Comparison>,
) -> DossierPdf {
    let evaluation = evaluate(dossier, bareme);
    let mut fingerprint = fingerprint(dossier, bareme);
    if let Some(c) = variants {
        // The annex is part of the document: its fingerprint covers it.
        let mut hasher = Sha256::new();
        hasher.update(fingerprint.as_bytes());
        hasher.update(serde_json::to_string(c).unwrap_or_default().as_bytes());
        fingerprint = hasher.finalize().iter().map(|b| format!("{b:02x}")).collect();
    }
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
    if let Some(c) = variants {
        content::variants(&mut l, c);
    }

    let subject = format!(
        "Dossier de candidature ESMS numérique, campagne {}{}",
        dossier.campaign,
        if draft { " — BROUILLON" } else { "" }
    );
    let (bytes, page_count) = finish_pdf(
        l,
        &format!("{} — barème {}", dossier.name, bareme.version),
        draft,
        &Meta {
            title: &format!("Candidature ESMS numérique — {}", dossier.name),
            author: &author(dossier),
            subject: &subject,
            fingerprint: &fingerprint,
            generated_on,
        },
    );
    DossierPdf {
        bytes,
        fingerprint,
        pages: page_count,
        draft,
        evaluation,
    }
}

/// What a PDF says about itself.
pub(crate) struct Meta<'a> {
    pub title: &'a str,
    pub author: &'a str,
    pub subject: &'a str,
    /// The document ID: the same content gives the same bytes.
    pub fingerprint: &'a str,
    /// Creation date.
    pub generated_on: NaiveDate,
}

/// The porteur OG's name, as the PDF's author.
pub(crate) fn author(dossier: &Dossier) -> String {
    dossier
        .og(&dossier.porteur)
        .map_or_else(|| "Grappe".to_string(), |o| o.name.clone())
}

/// Ends the layout (footers « `footer` — empreinte … » and « Page n / N », the draft watermark)
/// and renders it. Returns the bytes and the page count.
pub(crate) fn finish_pdf(l: layout::Layout, footer: &str, draft: bool, meta: &Meta) -> (Vec<u8>, usize) {
    let short = meta.fingerprint.get(..16).unwrap_or(meta.fingerprint);
    let pages = l.finish(
        |page, total| {
            (
                format!("{footer} — empreinte {short}…"),
                format!("Page {page} / {total}"),
            )
        },
        draft.then_some("BROUILLON"),
    );
    let count = pages.len();
    (pdf_bytes(meta, pages), count)
}

/// Renders laid-out pages as a PDF file, reproducibly: the fixed font resources, the
/// fingerprint as document ID and the generation date as creation date.
pub(crate) fn pdf_bytes(meta: &Meta, pages: Vec<printpdf::PdfPage>) -> Vec<u8> {
    let fonts = fonts();
    let mut doc = PdfDocument::new(meta.title);
    for (id, font) in fonts.parsed() {
        doc.resources
            .fonts
            .map
            .insert(id.clone(), printpdf::PdfFont::new(font.clone()));
    }
    let info = &mut doc.metadata.info;
    info.author = meta.author.to_string();
    info.creator = metadata::CREATOR.into();
    info.producer = metadata::PRODUCER.into();
    info.subject = meta.subject.to_string();
    info.identifier = meta.fingerprint.to_string();
    let stamp = meta
        .generated_on
        .and_hms_opt(0, 0, 0)
        .map(|d| d.and_utc().timestamp())
        .unwrap_or_default();
    if let Ok(date) = printpdf::OffsetDateTime::from_unix_timestamp(stamp) {
        info.creation_date = date;
        info.modification_date = date;
        info.metadata_date = date;
    }
    let mut pdf = render(doc, pages);
    compress_streams(&mut pdf);
    metadata::make_honest(&mut pdf, meta);
    // printpdf draws the document ID from a process-wide counter: the fingerprint makes it
    // reproducible.
    let id = lopdf::Object::String(meta.fingerprint.as_bytes().to_vec(), lopdf::StringFormat::Literal);
    pdf.trailer.set("ID", lopdf::Object::Array(vec![id.clone(), id]));
    let mut bytes = Vec::new();
    let _ = pdf.save_to(&mut bytes);
    bytes
}

/// Below this many pages, one thread renders them all.
const PARALLEL_FROM_PAGES: usize = 16;

/// Turns the pages into a lopdf document: for a long dossier, the two halves are rendered on
/// two threads (printpdf's translation of operations is most of the time) and merged.
fn render(mut doc: PdfDocument, mut pages: Vec<printpdf::PdfPage>) -> lopdf::Document {
    let options = PdfSaveOptions {
        optimize: false,
        ..PdfSaveOptions::default()
    };
    if pages.len() < PARALLEL_FROM_PAGES {
        return doc.with_pages(pages).to_lopdf_document(&options, &mut Vec::new());
    }
    // Kept for the single-threaded fallback, should the merge meet an unexpected structure.
    let all = pages.clone();
    let second = pages.split_off(pages.len() / 2);
    let (first, second) = std::thread::scope(|scope| {
        let mut rest = doc.clone();
        let options = &options;
        let handle = scope.spawn(move || rest.with_pages(second).to_lopdf_document(options, &mut Vec::new()));
        let first = doc
            .clone()
            .with_pages(pages)
            .to_lopdf_document(options, &mut Vec::new());
        (first, handle.join().ok())
    });
    second
        .and_then(|second| merge(first, second))
        .unwrap_or_else(|| doc.with_pages(all).to_lopdf_document(&options, &mut Vec::new()))
}

/// Appends `second`'s pages to `first`: they take `first`'s resources (the same fonts), then
/// everything `second` no longer needs is pruned.
fn merge(mut first: lopdf::Document, mut second: lopdf::Document) -> Option<lopdf::Document> {
    use lopdf::Object::{Integer, Reference};
    second.renumber_objects_with(first.max_id + 1);
    let root = first.catalog().ok()?.get(b"Pages").ok()?.as_reference().ok()?;
    let first_page = *first.get_pages().values().next()?;
    let resources = first
        .get_object(first_page)
        .ok()?
        .as_dict()
        .ok()?
        .get(b"Resources")
        .ok()?
        .clone();
    let added: Vec<lopdf::ObjectId> = second.get_pages().values().copied().collect();
    for id in &added {
        let page = second.get_object_mut(*id).ok()?.as_dict_mut().ok()?;
        page.set("Parent", Reference(root));
        page.set("Resources", resources.clone());
    }
    first.max_id = second.max_id;
    first.objects.extend(second.objects);
    let pages = first.get_object_mut(root).ok()?.as_dict_mut().ok()?;
    let count = pages.get(b"Count").ok()?.as_i64().ok()?;
    let kids = pages.get_mut(b"Kids").ok()?.as_array_mut().ok()?;
    kids.extend(added.iter().map(|id| Reference(*id)));
    pages.set("Count", Integer(count + added.len() as i64));
    first.prune_objects();
    // Numbers without gaps, so that the trailer's /Size is right.
    first.renumber_objects();
    Some(first)
}

/// Deflates every stream at a fast level: printpdf's own compression uses the slowest level,
/// which costs more time than the whole layout for a few percent of size.
fn compress_streams(doc: &mut lopdf::Document) {
    use std::io::Write;
    for object in doc.objects.values_mut() {
        let lopdf::Object::Stream(stream) = object else {
            continue;
        };
        if stream.dict.get(b"Filter").is_ok() || !stream.allows_compression {
            continue;
        }
        let mut encoder = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::new(2));
        if encoder.write_all(&stream.content).is_err() {
            continue;
        }
        if let Ok(compressed) = encoder.finish() {
            if compressed.len() + 19 < stream.content.len() {
                stream.dict.set("Filter", "FlateDecode");
                stream.set_content(compressed);
            }
        }
    }
}
