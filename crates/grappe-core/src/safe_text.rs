//! Text from elsewhere made harmless where it is shown or used as a file name: a dossier's
//! name printed in a terminal, a piece's name written into an archive that another system
//! extracts.

/// Characters that reorder text on screen (the bidirectional embeddings, overrides and
/// isolates, the directional marks): « facture\u{202E}fdp.exe » would show as « facture exe.pdf ».
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{200E}' | '\u{200F}' | '\u{061C}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// `text` for a terminal: control characters (escapes included) and bidirectional controls
/// shown as `\u001b`, `\u202e`… rather than acted on; line breaks kept. The escape is JSON's,
/// so a JSON text stays valid and means the same.
pub fn for_terminal(text: &str) -> std::borrow::Cow<'_, str> {
    let unsafe_char = |c: char| (c.is_control() && c != '\n' && c != '\t') || is_bidi_control(c);
    if !text.chars().any(unsafe_char) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if unsafe_char(c) {
            out.push_str(&format!("\\u{:04x}", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// The longest file name written, in bytes (most file systems allow 255).
const MAX_NAME_BYTES: usize = 120;

/// A file name that Windows, macOS and Linux all accept and that shows what it is: no folder
/// separator, none of `<>:"|?*`, no control or bidirectional character, no trailing dot or
/// space (nor a leading one: no hidden file), not a name Windows reserves (`CON`, `NUL`, `COM1`…, with any extension), at most
/// 120 bytes with its extension kept, never empty.
pub fn file_name(name: &str) -> String {
    let mut clean: String = name
        .chars()
        .filter(|c| !is_bidi_control(*c))
        .map(|c| {
            if c.is_control() || matches!(c, '/' | '\\' | '<' | '>' | ':' | '"' | '|' | '?' | '*') {
                '_'
            } else {
                c
            }
        })
        .collect();
    clean = clean.trim_matches(|c: char| c == '.' || c.is_whitespace()).to_string();
    if clean.len() > MAX_NAME_BYTES {
        let (stem, extension) = match clean.rfind('.') {
            Some(dot) if clean.len() - dot <= 10 && dot > 0 => (&clean[..dot], &clean[dot..]),
            _ => (clean.as_str(), ""),
        };
        let mut cut = MAX_NAME_BYTES - extension.len();
        while !stem.is_char_boundary(cut) {
            cut -= 1;
        }
        clean = format!("{}{extension}", stem[..cut].trim_end_matches(['.', ' ']));
    }
    let stem = clean.split('.').next().unwrap_or("").trim().to_ascii_uppercase();
    let reserved = matches!(stem.as_str(), "CON" | "PRN" | "AUX" | "NUL")
        || (stem.len() == 4
            && (stem.starts_with("COM") || stem.starts_with("LPT"))
            && stem.as_bytes()[3].is_ascii_digit());
    if reserved {
        clean = format!("_{clean}");
    }
    if clean.is_empty() || clean.chars().all(|c| c == '.') {
        return "piece".into();
    }
    clean
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_that_no_system_would_extract_or_that_disguise_their_extension_are_made_safe() {
        assert_eq!(file_name("CON"), "_CON");
        assert_eq!(file_name("con.txt"), "_con.txt");
        assert_eq!(file_name("COM1.pdf"), "_COM1.pdf");
        assert_eq!(file_name("COMPTA.pdf"), "COMPTA.pdf");
        assert_eq!(file_name("x:y*?.pdf"), "x_y__.pdf");
        assert_eq!(file_name("facture."), "facture");
        assert_eq!(file_name("facture\u{202E}fdp.exe"), "facturefdp.exe");
        assert_eq!(file_name("../../etc/passwd"), "_.._etc_passwd");
        assert_eq!(file_name(" .. "), "piece");
        assert_eq!(file_name(""), "piece");
        let long = format!("{}.pdf", "é".repeat(200));
        let safe = file_name(&long);
        assert!(safe.len() <= 120 && safe.ends_with(".pdf"), "{safe}");
        assert_eq!(file_name("Facture F-2025-007.pdf"), "Facture F-2025-007.pdf");
    }

    #[test]
    fn terminal_escapes_and_bidirectional_marks_are_shown_not_acted_on() {
        assert_eq!(for_terminal("EHPAD \u{1b}[31mrouge"), "EHPAD \\u001b[31mrouge");
        assert_eq!(for_terminal("a\u{202E}b"), "a\\u202eb");
        let json = serde_json::to_string("x\u{202E}y").unwrap();
        assert_eq!(
            serde_json::from_str::<String>(&for_terminal(&json)).unwrap(),
            "x\u{202E}y"
        );
        assert_eq!(for_terminal("ligne\nsuivante"), "ligne\nsuivante");
        assert!(matches!(
            for_terminal("Résidence « Les Tilleuls »"),
            std::borrow::Cow::Borrowed(_)
        ));
    }
}
