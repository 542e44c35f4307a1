//! The national FINESS open-data extract (`etalab-cs1100502-stock-*.csv`, `cs1100507`): no
//! header, a metadata first line (`finess;etalab;111;<date>`), `;`-separated, quoted fields
//! with doubled quotes, Windows-1252 or UTF-8 (detected line by line), `structureet` lines of
//! 32 fields, `geolocalisation` lines to skip.

use std::borrow::Cow;
use std::cell::RefCell;
use std::io::BufRead;

use chrono::NaiveDate;
use grappe_core::category::{classify, CategoryKind, Sector};
use grappe_core::territory::departement_from_finess_file;
use grappe_core::Finess;

use super::etablissement::RefEtablissement;

/// Number of fields of an establishment line.
pub const ETABLISSEMENT_FIELDS: usize = 32;

/// A line longer than this is not a FINESS line; it is skipped without being held in memory.
pub const MAX_LINE_BYTES: usize = 16 * 1024;

/// What a line of the extract is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Line {
    /// An establishment, and what was repaired in a line that went through a spreadsheet.
    Etablissement(Box<RefEtablissement>, Repairs),
    /// A known line kind that carries no establishment (`geolocalisation`…).
    Skipped,
    /// Not a valid line: the reason, in French.
    Rejected(String),
}

/// What a spreadsheet did to a line and could be undone with certainty, or not.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Repairs {
    /// FINESS numbers (ET, EJ) that got back the leading zero the key proves they had.
    pub finess: u32,
    /// A département code `1`…`9` read as `01`…`09`.
    pub departement: bool,
    /// A SIRET a spreadsheet turned into scientific notation (`2,601E+13`): its digits are lost,
    /// the field is left empty.
    pub siret_lost: Option<String>,
}

impl Repairs {
    /// Numbers and codes restored.
    pub fn restored(&self) -> u32 {
        self.finess + u32::from(self.departement)
    }
}

/// The sentence that reports restored numbers, if any (« 42 numéros FINESS ont retrouvé leur
/// zéro initial »).
pub fn repaired_sentence(count: u64) -> Option<String> {
    match count {
        0 => None,
        1 => Some("1 numéro (FINESS ou code de département) a retrouvé le zéro initial qu'un tableur avait retiré ; la clé de contrôle le confirme.".into()),
        n => Some(format!("{n} numéros (FINESS ou codes de département) ont retrouvé le zéro initial qu'un tableur avait retiré ; la clé de contrôle le confirme.")),
    }
}

/// What the first line of the file is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FirstLine {
    /// The extract's metadata line, with its date.
    Metadata(NaiveDate),
    /// A row of column names a spreadsheet or another tool put instead (`nofinesset;…`).
    ColumnNames,
}

/// The encoding a line was read in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Ascii,
    Utf8,
    Windows1252,
}

/// Decodes one line: UTF-8 when it is valid UTF-8, else Windows-1252 (which decodes any byte).
pub fn decode(bytes: &[u8]) -> (Cow<'_, str>, Encoding) {
    match std::str::from_utf8(bytes) {
        Ok(text) if text.is_ascii() => (Cow::Borrowed(text), Encoding::Ascii),
        Ok(text) => (Cow::Borrowed(text), Encoding::Utf8),
        Err(_) => {
            let (text, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(bytes);
            (text, Encoding::Windows1252)
        }
    }
}

/// Splits a line into fields: `;` separators, fields optionally quoted, `""` inside quotes
/// (`csv-core`, the csv crate's parser, reused per thread: no allocation but the fields). A
/// quote left open is an error: the line was cut.
pub fn split_fields(line: &str) -> Result<Vec<String>, String> {
    thread_local! {
        static SPLITTER: RefCell<(csv_core::Reader, Vec<u8>, Vec<usize>)> = RefCell::new((
            csv_core::ReaderBuilder::new()
                .delimiter(b';')
                .terminator(csv_core::Terminator::Any(b'\n'))
                .build(),
            Vec::new(),
            Vec::new(),
        ));
    }
    if line.is_empty() {
        // csv-core skips blank lines; here it is one empty field.
        return Ok(vec![String::new()]);
    }
    SPLITTER.with_borrow_mut(|(reader, out, ends)| {
        reader.reset();
        let mut input = Vec::with_capacity(line.len() + 1);
        // csv-core drops a byte-order mark at the start of its input: a line's own is kept,
        // read as any letter would be.
        let bom = line.strip_prefix('\u{feff}');
        match bom {
            Some(rest) => {
                input.extend_from_slice(b"xxx");
                input.extend_from_slice(rest.as_bytes());
            }
            None => input.extend_from_slice(line.as_bytes()),
        }
        // The line's end: inside an open quote it is read as part of the field, and the
        // record never ends.
        input.push(b'\n');
        out.resize(input.len(), 0);
        ends.resize(input.len() + 1, 0);
        let (result, _, _, count) = reader.read_record(&input, out, ends);
        if !matches!(result, csv_core::ReadRecordResult::Record) {
            return Err("guillemet ouvert jamais refermé (ligne tronquée ?)".into());
        }
        if bom.is_some() {
            out[..3].copy_from_slice("\u{feff}".as_bytes());
        }
        let mut fields = Vec::with_capacity(ETABLISSEMENT_FIELDS);
        let mut start = 0;
        for &end in &ends[..count] {
            fields.push(String::from_utf8_lossy(&out[start..end]).into_owned());
            start = end;
        }
        Ok(fields)
    })
}

const NOT_AN_EXTRACT: &str = "la première ligne n'est pas celle d'un extrait FINESS (« finess;etalab;…;date » attendu) : ce fichier n'est pas l'extrait national des établissements ; s'il a été ouvert puis réenregistré dans un tableur, utilisez le fichier d'origine, téléchargé sur data.gouv.fr";

/// Reads the first line: the metadata line, or a row of column names (`nofinesset`…) put
/// instead of it by a spreadsheet or another tool.
pub fn parse_first_line(line: &str) -> Result<FirstLine, String> {
    let fields = split_fields(line.trim_start_matches('\u{FEFF}').trim_end())?;
    if fields
        .iter()
        .take(4)
        .any(|f| f.trim().eq_ignore_ascii_case("nofinesset"))
    {
        return Ok(FirstLine::ColumnNames);
    }
    if fields.len() < 4 || !fields[0].eq_ignore_ascii_case("finess") || !fields[1].eq_ignore_ascii_case("etalab") {
        return Err(NOT_AN_EXTRACT.into());
    }
    let text = fields[3].trim();
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(text, "%d/%m/%Y"))
        .map(FirstLine::Metadata)
        .map_err(|_| format!("date de l'extrait « {text} » illisible"))
}

/// The date a file name carries (`etalab-cs1100502-stock-20261031.csv` → 2026-10-31).
pub fn date_in_file_name(name: &str) -> Option<NaiveDate> {
    let digits: Vec<char> = name.chars().collect();
    digits
        .windows(8)
        .filter(|w| w.iter().all(char::is_ascii_digit))
        .find_map(|w| NaiveDate::parse_from_str(&w.iter().collect::<String>(), "%Y%m%d").ok())
}

/// Parses one line after the metadata line.
pub fn parse_line(line: &str) -> Line {
    let line = line.trim_end_matches(['\r', '\n']);
    let kind = line.split(';').next().unwrap_or("").trim_matches('"');
    match kind {
        "structureet" => {}
        "geolocalisation" | "structureej" => return Line::Skipped,
        "" => return Line::Rejected("ligne vide".into()),
        other => {
            let shown: String = other.chars().take(30).collect();
            return Line::Rejected(format!("type de ligne « {shown} » inconnu (structureet attendu)"));
        }
    }
    let mut fields = match split_fields(line) {
        Ok(f) => f,
        Err(e) => return Line::Rejected(e),
    };
    if fields.len() != ETABLISSEMENT_FIELDS {
        return Line::Rejected(format!(
            "{} champs au lieu de {ETABLISSEMENT_FIELDS} (ligne tronquée ou mal découpée)",
            fields.len()
        ));
    }
    // Fields are moved out, trimmed in place only when they need it.
    let mut f = |i: usize| {
        let mut v = std::mem::take(&mut fields[i]);
        if v.starts_with(char::is_whitespace) || v.ends_with(char::is_whitespace) {
            v = v.trim().to_string();
        }
        v
    };
    let mut repairs = Repairs::default();
    // A spreadsheet drops the leading zero of the numbers of the départements 01 to 09: the
    // key proves the restored number.
    let mut number = |text: String, what: &str| match Finess::parse_restoring(&text) {
        Ok((n, restored)) => {
            repairs.finess += u32::from(restored);
            Ok(n.to_string())
        }
        Err(e) => Err(Line::Rejected(format!("{what} : {e}"))),
    };
    let finess_et = match number(f(1), "FINESS ET") {
        Ok(n) => n,
        Err(rejected) => return rejected,
    };
    let finess_ej = match number(f(2), "FINESS EJ") {
        Ok(n) => n,
        Err(rejected) => return rejected,
    };
    let mut departement_code = f(13);
    if departement_code.len() == 1 && departement_code.chars().all(|c| ('1'..='9').contains(&c)) {
        departement_code.insert(0, '0');
        repairs.departement = true;
    }
    let Some(departement) = departement_from_finess_file(&departement_code) else {
        return Line::Rejected(format!("département « {departement_code} » inconnu"));
    };
    let mut siret = f(22);
    if siret.contains(['E', 'e']) && siret.contains('+') {
        repairs.siret_lost = Some(std::mem::take(&mut siret));
    }
    let (postcode, commune) = split_acheminement(&f(15));
    let category_code = f(18);
    let aggregate = f(20);
    let aggregate_label = f(21);
    // D-CATEGORY: the file's agrégat first, then the nomenclature, then the agrégat's label.
    let sector = match classify(&category_code, &aggregate) {
        Some(CategoryKind::Essms(s)) => s,
        Some(CategoryKind::Sante | CategoryKind::HorsChamp) => None,
        None => Sector::from_agregat_label(&aggregate_label),
    };
    let name = f(3);
    if name.is_empty() {
        return Line::Rejected("raison sociale vide".into());
    }
    Line::Etablissement(
        Box::new(RefEtablissement {
            finess_et,
            finess_ej,
            long_name: f(4),
            name,
            commune,
            postcode,
            departement: departement.to_string(),
            category: category_code,
            category_label: f(19),
            aggregate,
            aggregate_label,
            sector,
            siret,
        }),
        repairs,
    )
}

/// `59000 LILLE` → (`59000`, `LILLE`); `LILLE CEDEX`, without postcode → (``, `LILLE CEDEX`).
fn split_acheminement(text: &str) -> (String, String) {
    let text = text.trim();
    match text.split_once(' ') {
        Some((code, town)) if code.len() == 5 && code.chars().all(|c| c.is_ascii_alphanumeric()) => {
            (code.to_string(), town.trim().to_string())
        }
        _ => (String::new(), text.to_string()),
    }
}

/// One raw line of a file, bounded in length.
#[derive(Debug)]
pub enum RawLine {
    Line(Vec<u8>),
    /// Longer than [`MAX_LINE_BYTES`]: skipped, its bytes never held.
    TooLong,
}

/// Reads the next line (without its end of line) into `buf`, never holding more than
/// [`MAX_LINE_BYTES`]. Returns `None` at the end of the input, and the bytes consumed.
pub fn next_line<R: BufRead>(reader: &mut R, buf: &mut Vec<u8>) -> std::io::Result<Option<(RawLine, usize)>> {
    buf.clear();
    let mut consumed = 0;
    let mut too_long = false;
    loop {
        let available = reader.fill_buf()?;
        if available.is_empty() {
            if consumed == 0 {
                return Ok(None);
            }
            break;
        }
        let (chunk, done) = match available.iter().position(|&b| b == b'\n') {
            Some(i) => (&available[..i], i + 1),
            None => (available, available.len()),
        };
        if !too_long {
            if buf.len() + chunk.len() > MAX_LINE_BYTES {
                too_long = true;
                buf.clear();
            } else {
                buf.extend_from_slice(chunk);
            }
        }
        let found_newline = done > chunk.len();
        reader.consume(done);
        consumed += done;
        if found_newline {
            break;
        }
    }
    if buf.last() == Some(&b'\r') {
        buf.pop();
    }
    Ok(Some((
        if too_long {
            RawLine::TooLong
        } else {
            RawLine::Line(std::mem::take(buf))
        },
        consumed,
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_with_quotes_doubled_quotes_and_separators() {
        let f = split_fields(r#"structureet;"Foyer ""Le Phare"";;";plain;"";x"#).unwrap();
        assert_eq!(f, ["structureet", "Foyer \"Le Phare\";;", "plain", "", "x"]);
        assert!(split_fields(r#"a;"open"#).is_err());
    }

    #[test]
    fn metadata_line() {
        assert_eq!(
            parse_first_line("finess;etalab;111;2024-01-15").unwrap(),
            FirstLine::Metadata(NaiveDate::from_ymd_opt(2024, 1, 15).unwrap())
        );
        assert_eq!(
            parse_first_line("nofinesset;nofinessej;rs").unwrap(),
            FirstLine::ColumnNames
        );
        assert!(parse_first_line("nom;prenom;age")
            .unwrap_err()
            .contains("n'est pas celle d'un extrait FINESS"));
    }

    #[test]
    fn windows_1252_and_utf8_lines_decode() {
        assert_eq!(decode(b"R\xe9sidence \x9cillets").0, "Résidence œillets");
        assert_eq!(decode("Résidence œillets".as_bytes()).0, "Résidence œillets");
        assert_eq!(decode(b"EHPAD").1, Encoding::Ascii);
    }

    #[test]
    fn lines_are_bounded() {
        let mut input = std::io::Cursor::new([vec![b'x'; MAX_LINE_BYTES * 3], b"\nok\r\n".to_vec()].concat());
        let mut buf = Vec::new();
        assert!(matches!(
            next_line(&mut input, &mut buf).unwrap(),
            Some((RawLine::TooLong, _))
        ));
        match next_line(&mut input, &mut buf).unwrap() {
            Some((RawLine::Line(l), 4)) => assert_eq!(l, b"ok"),
            _ => panic!("second line"),
        }
        assert!(next_line(&mut input, &mut buf).unwrap().is_none());
    }
}
