#!/usr/bin/env python3
"""Writes the small hostile table files the readers are tested with (committed in
crates/grappe-cli/tests/fixtures/hostile/): each a few kilobytes that a careless reader turns into
gigabytes. Run again only to change them."""
import io
import pathlib
import zipfile

OUT = pathlib.Path(__file__).resolve().parent.parent / "crates/grappe-cli/tests/fixtures/hostile"

CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>
<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>
</Types>"""
RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>
</Relationships>"""
WORKBOOK = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">
<sheets><sheet name="Feuille1" sheetId="1" r:id="rId1"/></sheets></workbook>"""
WORKBOOK_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>
</Relationships>"""


def xlsx(path, sheet_head, padding, sheet_tail):
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr("[Content_Types].xml", CONTENT_TYPES)
        z.writestr("_rels/.rels", RELS)
        z.writestr("xl/workbook.xml", WORKBOOK)
        z.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as f:
            f.write(sheet_head.encode())
            block = b" " * (1 << 20)
            for _ in range(padding):
                f.write(block)
            f.write(sheet_tail.encode())


SHEET = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'

# Two cells, A1 and XFD1048576: the whole sheet's rectangle, 17 billion cells, if read as one.
xlsx(OUT / "deux-cellules.xlsx",
     SHEET + '<dimension ref="A1:XFD1048576"/><sheetData>'
     '<row r="1"><c r="A1" t="inlineStr"><is><t>Éditeur</t></is></c></row>'
     '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row></sheetData>', 0, "</worksheet>")

# A sheet that inflates to 300 Mo (a few hundred kilobytes zipped).
xlsx(OUT / "gonfle.xlsx",
     SHEET + '<dimension ref="A1"/><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>Éditeur</t></is></c></row>',
     300, "</sheetData></worksheet>")

# An OpenDocument sheet whose repeated rows and columns make 17 billion cells holding a value.
CONTENT = """<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">
<office:body><office:spreadsheet><table:table table:name="Feuille1">
<table:table-row table:number-rows-repeated="1048576"><table:table-cell table:number-columns-repeated="16384" office:value-type="float" office:value="1"/></table:table-row>
</table:table></office:spreadsheet></office:body></office:document-content>"""
with zipfile.ZipFile(OUT / "repetitions.ods", "w") as z:
    z.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet", zipfile.ZIP_STORED)
    z.writestr("content.xml", CONTENT, zipfile.ZIP_DEFLATED)

# A cell of a billion spaces (text:s), in the same shape.
with zipfile.ZipFile(OUT / "espaces.ods", "w") as z:
    z.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet", zipfile.ZIP_STORED)
    z.writestr("content.xml", CONTENT.replace(
        '<table:table-cell table:number-columns-repeated="16384" office:value-type="float" office:value="1"/>',
        '<table:table-cell office:value-type="string"><text:p>a<text:s text:c="1000000000"/>b</text:p></table:table-cell>'),
        zipfile.ZIP_DEFLATED)

for f in sorted(OUT.iterdir()):
    print(f.name, f.stat().st_size)
