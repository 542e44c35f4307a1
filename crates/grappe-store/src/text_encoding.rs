//! Text files from elsewhere decoded as what they are: UTF-8 (a BOM dropped), Windows-1252 or
//! ISO-8859-15 — told apart by the bytes each uses (`0x80`–`0x9F` are letters and « € » in
//! Windows-1252, control characters in ISO-8859-15; `0xA4`, `0xBC`, `0xBD` are « € », « Œ »,
//! « œ » in ISO-8859-15 and rare symbols in Windows-1252), never assumed.

/// The encoding a text file was read in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextEncoding {
    Utf8,
    Windows1252,
    Iso8859_15,
}

impl TextEncoding {
    pub fn name(self) -> &'static str {
        match self {
            TextEncoding::Utf8 => "UTF-8",
            TextEncoding::Windows1252 => "Windows-1252",
            TextEncoding::Iso8859_15 => "ISO-8859-15",
        }
    }
}

/// Bytes that are letters or signs in ISO-8859-15 where Windows-1252 has rare symbols:
/// € Š š Ž ž Œ œ Ÿ.
const ISO_8859_15_ONLY: [u8; 8] = [0xA4, 0xA6, 0xA8, 0xB4, 0xB8, 0xBC, 0xBD, 0xBE];

/// Decodes a whole text file (UTF-8 without copying it).
pub fn decode_owned(bytes: Vec<u8>) -> (String, TextEncoding) {
    match String::from_utf8(bytes) {
        Ok(mut text) => {
            if text.starts_with('\u{FEFF}') {
                text.drain(..'\u{FEFF}'.len_utf8());
            }
            (text, TextEncoding::Utf8)
        }
        Err(e) => decode(e.as_bytes()),
    }
}

/// Decodes a whole text file.
pub fn decode(bytes: &[u8]) -> (String, TextEncoding) {
    if let Ok(text) = std::str::from_utf8(bytes) {
        return (text.trim_start_matches('\u{FEFF}').to_string(), TextEncoding::Utf8);
    }
    let c1 = bytes.iter().filter(|&&b| (0x80..=0x9F).contains(&b)).count();
    let latin9 = bytes.iter().filter(|b| ISO_8859_15_ONLY.contains(b)).count();
    let encoding = if c1 == 0 && latin9 > 0 {
        TextEncoding::Iso8859_15
    } else {
        TextEncoding::Windows1252
    };
    let decoder = match encoding {
        TextEncoding::Iso8859_15 => encoding_rs::ISO_8859_15,
        _ => encoding_rs::WINDOWS_1252,
    };
    (decoder.decode_without_bom_handling(bytes).0.into_owned(), encoding)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_three_encodings_are_told_apart() {
        let text = "Œuvres sociales — 1 200,00 €";
        let latin9 = encoding_rs::ISO_8859_15.encode(text).0.into_owned();
        let cp1252 = encoding_rs::WINDOWS_1252.encode(text).0.into_owned();
        // « — » is not in ISO-8859-15: its encoder wrote a character reference instead.
        assert_eq!(decode(&latin9).1, TextEncoding::Iso8859_15);
        assert_eq!(decode(text.as_bytes()), (text.to_string(), TextEncoding::Utf8));
        let (read, encoding) = decode(&cp1252);
        assert_eq!((read.as_str(), encoding), (text, TextEncoding::Windows1252));
        let plain = "Œuvres sociales 1 200,00 €";
        let latin9 = encoding_rs::ISO_8859_15.encode(plain).0.into_owned();
        assert_eq!(decode(&latin9), (plain.to_string(), TextEncoding::Iso8859_15));
        // With a BOM, UTF-8 without it.
        let bom = [b"\xEF\xBB\xBF".as_slice(), plain.as_bytes()].concat();
        assert_eq!(decode(&bom).0, plain);
    }
}
