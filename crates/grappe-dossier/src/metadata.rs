//! What a PDF says about itself, true: no PDF/X claim (printpdf writes an empty
//! `/GTS_PDFXVersion`, which readers take for PDF/X although there is no output intent), the
//! document's language (`/Lang fr-FR`) and XMP metadata matching the info dictionary (title,
//! author, subject, creator, producer, dates), for readers and archives that read only XMP.

use lopdf::{dictionary, Document, Object, Stream};

use crate::Meta;

/// The document's language.
pub const LANG: &str = "fr-FR";
pub(crate) const CREATOR: &str = "Grappe";
pub(crate) const PRODUCER: &str = "Grappe (printpdf)";

fn xml(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The XMP packet of a document.
fn xmp(meta: &Meta) -> String {
    let date = format!("{}T00:00:00Z", meta.generated_on.format("%Y-%m-%d"));
    format!(
        r#"<?xpacket begin="﻿" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about=""
    xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:xmp="http://ns.adobe.com/xap/1.0/"
    xmlns:pdf="http://ns.adobe.com/pdf/1.3/"
    xmlns:xmpMM="http://ns.adobe.com/xap/1.0/mm/">
   <dc:format>application/pdf</dc:format>
   <dc:title><rdf:Alt><rdf:li xml:lang="x-default">{title}</rdf:li></rdf:Alt></dc:title>
   <dc:creator><rdf:Seq><rdf:li>{author}</rdf:li></rdf:Seq></dc:creator>
   <dc:description><rdf:Alt><rdf:li xml:lang="x-default">{subject}</rdf:li></rdf:Alt></dc:description>
   <dc:language><rdf:Bag><rdf:li>{LANG}</rdf:li></rdf:Bag></dc:language>
   <xmp:CreatorTool>{CREATOR}</xmp:CreatorTool>
   <xmp:CreateDate>{date}</xmp:CreateDate>
   <xmp:ModifyDate>{date}</xmp:ModifyDate>
   <xmp:MetadataDate>{date}</xmp:MetadataDate>
   <pdf:Producer>{PRODUCER}</pdf:Producer>
   <xmpMM:DocumentID>uuid:{id}</xmpMM:DocumentID>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="r"?>"#,
        title = xml(meta.title),
        author = xml(meta.author),
        subject = xml(meta.subject),
        id = xml(meta.fingerprint),
    )
}

/// Removes the PDF/X claim from the info dictionary, and gives the catalog its language and
/// its XMP metadata (uncompressed, as XMP is meant to be found).
pub(crate) fn make_honest(pdf: &mut Document, meta: &Meta) {
    if let Ok(info) = pdf
        .trailer
        .get(b"Info")
        .and_then(Object::as_reference)
        .and_then(|id| pdf.get_object_mut(id))
        .and_then(Object::as_dict_mut)
    {
        info.remove(b"GTS_PDFXVersion");
    }
    let metadata = pdf.add_object(Stream::new(
        dictionary! { "Type" => "Metadata", "Subtype" => "XML" },
        xmp(meta).into_bytes(),
    ));
    if let Ok(catalog) = pdf
        .trailer
        .get(b"Root")
        .and_then(Object::as_reference)
        .and_then(|id| pdf.get_object_mut(id))
        .and_then(Object::as_dict_mut)
    {
        catalog.set("Lang", Object::string_literal(LANG));
        catalog.set("Metadata", Object::Reference(metadata));
    }
}
