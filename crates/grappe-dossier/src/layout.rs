//! A small page-layout engine over printpdf's operations: A4 pages, wrapped paragraphs,
//! key–value blocks, tables that break across pages with their header repeated, and, once the
//! page count is known, footers (« Page 3 / 12 ») and the draft watermark.
//!
//! Coordinates are PDF points (f32) from the page's lower-left corner; text is measured by
//! summing glyph advances of the embedded font (no kerning is applied by `ShowText`).

use printpdf::{
    Color, FontId, Line, LinePoint, Mm, Op, PaintMode, ParsedFont, PdfFontHandle, PdfPage, Point, Pt, Rect, Rgb,
    TextItem, TextMatrix,
};

pub const PAGE_WIDTH: f32 = 595.28;
pub const PAGE_HEIGHT: f32 = 841.89;
pub const MARGIN_X: f32 = 50.0;
const TOP: f32 = PAGE_HEIGHT - 56.0;
const BOTTOM: f32 = 62.0;
pub const CONTENT_WIDTH: f32 = PAGE_WIDTH - 2.0 * MARGIN_X;

/// The embedded fonts and their metrics.
#[derive(Debug)]
pub struct Fonts {
    regular: ParsedFont,
    bold: ParsedFont,
    pub regular_id: FontId,
    pub bold_id: FontId,
    /// Advance of each character below [`TABLE_CHARS`], in em, per weight.
    advances: [Vec<f32>; 2],
}

/// Characters whose advances are tabulated (Latin, punctuation, €): the rest are looked up.
const TABLE_CHARS: usize = 0x2200;

fn advance(font: &ParsedFont, c: char) -> f32 {
    let units = f32::from(font.units_per_em.max(1));
    font.lookup_glyph_index(c as u32)
        .and_then(|g| font.get_glyph_width(g))
        .map_or(0.0, |w| f32::from(w) / units)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Weight {
    Regular,
    Bold,
}

impl Fonts {
    pub fn new(regular: ParsedFont, bold: ParsedFont) -> Fonts {
        // Fixed resource names: the same document gives the same bytes, run after run.
        let table = |font: &ParsedFont| {
            (0..TABLE_CHARS as u32)
                .map(|c| char::from_u32(c).map_or(0.0, |c| advance(font, c)))
                .collect()
        };
        let advances = [table(&regular), table(&bold)];
        Fonts {
            regular,
            bold,
            regular_id: FontId("FGrappeRegular".into()),
            bold_id: FontId("FGrappeBold".into()),
            advances,
        }
    }

    pub fn parsed(&self) -> [(&FontId, &ParsedFont); 2] {
        [(&self.regular_id, &self.regular), (&self.bold_id, &self.bold)]
    }

    fn font(&self, weight: Weight) -> &ParsedFont {
        match weight {
            Weight::Regular => &self.regular,
            Weight::Bold => &self.bold,
        }
    }

    fn id(&self, weight: Weight) -> &FontId {
        match weight {
            Weight::Regular => &self.regular_id,
            Weight::Bold => &self.bold_id,
        }
    }

    /// Width of `text` in points at `size`.
    pub fn width(&self, text: &str, weight: Weight, size: f32) -> f32 {
        let table = &self.advances[weight as usize];
        let em: f32 = text
            .chars()
            .map(|c| {
                table
                    .get(c as usize)
                    .copied()
                    .unwrap_or_else(|| advance(self.font(weight), c))
            })
            .sum();
        em * size
    }

    /// Splits `text` into lines no wider than `width`; explicit newlines are kept; a word
    /// longer than a line is cut.
    pub fn wrap(&self, text: &str, weight: Weight, size: f32, width: f32) -> Vec<String> {
        let mut lines = Vec::new();
        let space = self.width(" ", weight, size);
        for paragraph in text.split('\n') {
            let mut line = String::new();
            let mut line_width = 0.0;
            for word in paragraph.split(' ').filter(|w| !w.is_empty()) {
                let word_width = self.width(word, weight, size);
                let candidate = if line.is_empty() {
                    word_width
                } else {
                    line_width + space + word_width
                };
                if candidate <= width {
                    if !line.is_empty() {
                        line.push(' ');
                    }
                    line.push_str(word);
                    line_width = candidate;
                    continue;
                }
                if !line.is_empty() {
                    lines.push(std::mem::take(&mut line));
                }
                // A word wider than the line: cut it.
                let mut piece = String::new();
                let mut piece_width = 0.0;
                for c in word.chars() {
                    let w = self.width(c.encode_utf8(&mut [0; 4]), weight, size);
                    if piece_width + w > width && !piece.is_empty() {
                        lines.push(std::mem::take(&mut piece));
                        piece_width = 0.0;
                    }
                    piece.push(c);
                    piece_width += w;
                }
                line_width = piece_width;
                line = piece;
            }
            lines.push(line);
        }
        lines
    }
}

/// Horizontal alignment in a table column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    Left,
    Right,
}

/// A table column: title, share of the content width, alignment.
#[derive(Debug, Clone, Copy)]
pub struct Column<'a> {
    pub title: &'a str,
    pub share: f32,
    pub align: Align,
}

impl<'a> Column<'a> {
    /// A text column.
    pub const fn left(title: &'a str, share: f32) -> Column<'a> {
        Column {
            title,
            share,
            align: Align::Left,
        }
    }

    /// A numeric column: right-aligned, never wrapped.
    pub const fn right(title: &'a str, share: f32) -> Column<'a> {
        Column {
            title,
            share,
            align: Align::Right,
        }
    }
}

pub const INK: (f32, f32, f32) = (0.10, 0.12, 0.16);
pub const ACCENT: (f32, f32, f32) = (0.11, 0.30, 0.50);
pub const MUTED: (f32, f32, f32) = (0.40, 0.42, 0.46);
const RULE: (f32, f32, f32) = (0.78, 0.80, 0.84);
const HEADER_FILL: (f32, f32, f32) = (0.90, 0.93, 0.96);

fn color((r, g, b): (f32, f32, f32)) -> Color {
    Color::Rgb(Rgb {
        r,
        g,
        b,
        icc_profile: None,
    })
}

/// Pages being laid out.
#[derive(Debug)]
pub struct Layout<'f> {
    pub fonts: &'f Fonts,
    pages: Vec<Vec<Op>>,
    y: f32,
    /// Font, size and colour of the text section that ends the current page's operations,
    /// so that consecutive texts share it instead of repeating them.
    text_state: Option<(Weight, f32, (f32, f32, f32))>,
}

impl<'f> Layout<'f> {
    pub fn new(fonts: &'f Fonts) -> Layout<'f> {
        Layout {
            fonts,
            pages: vec![Vec::new()],
            y: TOP,
            text_state: None,
        }
    }

    fn ops(&mut self) -> &mut Vec<Op> {
        // `pages` always holds at least one page.
        let last = self.pages.len() - 1;
        &mut self.pages[last]
    }

    pub fn new_page(&mut self) {
        self.pages.push(Vec::new());
        self.y = TOP;
        self.text_state = None;
    }

    /// Starts a new page unless `height` still fits on this one.
    pub fn ensure(&mut self, height: f32) {
        if self.y - height < BOTTOM {
            self.new_page();
        }
    }

    pub fn space(&mut self, height: f32) {
        self.y -= height;
    }

    /// Draws one line of text with its baseline at `y`.
    pub fn text_at(&mut self, x: f32, y: f32, text: &str, weight: Weight, size: f32, rgb: (f32, f32, f32)) {
        if text.is_empty() {
            return;
        }
        let place = [
            Op::SetTextMatrix {
                matrix: TextMatrix::Translate(Pt(x), Pt(y)),
            },
            Op::ShowText {
                items: vec![TextItem::Text(text.to_string())],
            },
            Op::EndTextSection,
        ];
        let same_state = self.text_state == Some((weight, size, rgb));
        if same_state && matches!(self.ops().last(), Some(Op::EndTextSection)) {
            // Continue the open text section: only the position and the text.
            self.ops().pop();
            self.ops().extend(place);
            return;
        }
        self.text_state = Some((weight, size, rgb));
        let font = self.fonts.id(weight).clone();
        self.ops().extend([
            Op::StartTextSection,
            Op::SetFillColor { col: color(rgb) },
            Op::SetFont {
                font: PdfFontHandle::External(font),
                size: Pt(size),
            },
        ]);
        self.ops().extend(place);
    }

    fn rule(&mut self, x1: f32, x2: f32, y: f32, thickness: f32, rgb: (f32, f32, f32)) {
        self.ops().extend([
            Op::SetOutlineColor { col: color(rgb) },
            Op::SetOutlineThickness { pt: Pt(thickness) },
            Op::DrawLine {
                line: Line {
                    points: vec![
                        LinePoint {
                            p: Point { x: Pt(x1), y: Pt(y) },
                            bezier: false,
                        },
                        LinePoint {
                            p: Point { x: Pt(x2), y: Pt(y) },
                            bezier: false,
                        },
                    ],
                    is_closed: false,
                },
            },
        ]);
    }

    fn fill(&mut self, x: f32, y: f32, width: f32, height: f32, rgb: (f32, f32, f32)) {
        self.ops().extend([
            Op::SetFillColor { col: color(rgb) },
            Op::DrawRectangle {
                rectangle: Rect {
                    x: Pt(x),
                    y: Pt(y),
                    width: Pt(width),
                    height: Pt(height),
                    mode: Some(PaintMode::Fill),
                    winding_order: None,
                },
            },
        ]);
    }

    /// A section title, kept with at least the first lines that follow it.
    pub fn heading(&mut self, text: &str) {
        self.ensure(70.0);
        self.space(8.0);
        let y = self.y - 14.0;
        self.text_at(MARGIN_X, y, text, Weight::Bold, 14.0, ACCENT);
        self.rule(MARGIN_X, MARGIN_X + CONTENT_WIDTH, y - 5.0, 0.8, ACCENT);
        self.y = y - 16.0;
    }

    pub fn subheading(&mut self, text: &str) {
        self.ensure(40.0);
        self.space(4.0);
        let y = self.y - 11.0;
        self.text_at(MARGIN_X, y, text, Weight::Bold, 11.0, INK);
        self.y = y - 7.0;
    }

    /// A wrapped paragraph.
    pub fn paragraph(&mut self, text: &str, weight: Weight, size: f32, rgb: (f32, f32, f32)) {
        let leading = size * 1.35;
        for line in self.fonts.wrap(text, weight, size, CONTENT_WIDTH) {
            self.ensure(leading);
            self.y -= leading;
            self.text_at(MARGIN_X, self.y, &line, weight, size, rgb);
        }
        self.space(size * 0.5);
    }

    /// Label–value pairs, values wrapped beside their label.
    pub fn key_values(&mut self, pairs: &[(&str, String)]) {
        let size = 9.5;
        let leading = size * 1.35;
        let label_width = 150.0;
        for (label, value) in pairs {
            let lines = self
                .fonts
                .wrap(value, Weight::Regular, size, CONTENT_WIDTH - label_width);
            self.ensure(leading * lines.len().min(3) as f32);
            self.y -= leading;
            self.text_at(MARGIN_X, self.y, label, Weight::Bold, size, MUTED);
            for (i, line) in lines.iter().enumerate() {
                if i > 0 {
                    self.ensure(leading);
                    self.y -= leading;
                }
                self.text_at(MARGIN_X + label_width, self.y, line, Weight::Regular, size, INK);
            }
        }
        self.space(6.0);
    }

    /// A table: cells wrap inside their column; a page break repeats the header.
    pub fn table(&mut self, columns: &[Column], rows: &[Vec<String>]) {
        let size = 8.0;
        let leading = size * 1.3;
        let pad = 3.0;
        let total: f32 = columns.iter().map(|c| c.share).sum();
        let mut widths: Vec<f32> = columns.iter().map(|c| c.share / total * CONTENT_WIDTH).collect();
        // No word, date or number is ever cut: each column gets at least its longest word (a
        // right-aligned column, its widest value: numbers never wrap), and its header's longest
        // word, taken from the columns with room to spare.
        let longest_word = |text: &str, weight: Weight| {
            text.split([' ', '\n'])
                .map(|w| self.fonts.width(w, weight, size))
                .fold(0.0, f32::max)
        };
        let needed: Vec<f32> = columns
            .iter()
            .enumerate()
            .map(|(i, column)| {
                rows.iter()
                    .filter_map(|r| r.get(i))
                    .map(|t| match column.align {
                        Align::Right => self.fonts.width(t, Weight::Regular, size),
                        Align::Left => longest_word(t, Weight::Regular),
                    })
                    .fold(longest_word(column.title, Weight::Bold), f32::max)
                    + 2.0 * pad
                    + 1.0
            })
            .collect();
        for i in 0..columns.len() {
            let mut want = needed[i] - widths[i];
            while want > 0.01 {
                let donor = (0..columns.len())
                    .filter(|&j| j != i && widths[j] > needed[j] + 0.01)
                    .max_by(|&a, &b| (widths[a] - needed[a]).total_cmp(&(widths[b] - needed[b])));
                let Some(j) = donor else { break };
                let moved = want.min(widths[j] - needed[j]);
                widths[j] -= moved;
                widths[i] += moved;
                want -= moved;
            }
        }
        let header: Vec<Vec<String>> = columns
            .iter()
            .zip(&widths)
            .map(|(c, w)| self.fonts.wrap(c.title, Weight::Bold, size, w - 2.0 * pad))
            .collect();
        let header_height = header.iter().map(Vec::len).max().unwrap_or(1) as f32 * leading + 2.0 * pad;
        self.ensure(header_height + leading + 2.0 * pad);
        self.table_header(columns, &widths, &header, header_height, size, leading, pad);
        for row in rows {
            let cells: Vec<Vec<String>> = row
                .iter()
                .zip(columns.iter().zip(&widths))
                .map(|(text, (_, w))| self.fonts.wrap(text, Weight::Regular, size, w - 2.0 * pad))
                .collect();
            let height = cells.iter().map(Vec::len).max().unwrap_or(1) as f32 * leading + 2.0 * pad;
            if self.y - height < BOTTOM {
                self.new_page();
                self.table_header(columns, &widths, &header, header_height, size, leading, pad);
            }
            let top = self.y;
            let mut x = MARGIN_X;
            for ((lines, column), width) in cells.iter().zip(columns).zip(&widths) {
                for (k, line) in lines.iter().enumerate() {
                    let baseline = top - pad - leading * (k as f32 + 1.0) + 2.0;
                    let tx = match column.align {
                        Align::Left => x + pad,
                        Align::Right => x + width - pad - self.fonts.width(line, Weight::Regular, size),
                    };
                    self.text_at(tx, baseline, line, Weight::Regular, size, INK);
                }
                x += width;
            }
            self.y = top - height;
            self.rule(MARGIN_X, MARGIN_X + CONTENT_WIDTH, self.y, 0.3, RULE);
        }
        self.space(10.0);
    }

    #[allow(clippy::too_many_arguments)]
    fn table_header(
        &mut self,
        columns: &[Column],
        widths: &[f32],
        header: &[Vec<String>],
        height: f32,
        size: f32,
        leading: f32,
        pad: f32,
    ) {
        let top = self.y;
        self.fill(MARGIN_X, top - height, CONTENT_WIDTH, height, HEADER_FILL);
        let mut x = MARGIN_X;
        for ((lines, column), width) in header.iter().zip(columns).zip(widths) {
            for (k, line) in lines.iter().enumerate() {
                let baseline = top - pad - leading * (k as f32 + 1.0) + 2.0;
                let tx = match column.align {
                    Align::Left => x + pad,
                    Align::Right => x + width - pad - self.fonts.width(line, Weight::Bold, size),
                };
                self.text_at(tx, baseline, line, Weight::Bold, size, INK);
            }
            x += width;
        }
        self.y = top - height;
    }

    /// The finished pages: each gets its footer (`footer(page, total)` gives the left text and
    /// the right one) and, for a draft, the watermark underneath its content.
    pub fn finish(self, footer: impl Fn(usize, usize) -> (String, String), watermark: Option<&str>) -> Vec<PdfPage> {
        let total = self.pages.len();
        let fonts = self.fonts;
        self.pages
            .into_iter()
            .enumerate()
            .map(|(i, content)| {
                let mut page = Layout::new(fonts);
                // The content moves in as it is; a watermark is drawn first, underneath it.
                page.pages = vec![content];
                if let Some(mark) = watermark {
                    let size = 96.0;
                    let width = fonts.width(mark, Weight::Bold, size);
                    // Rotated 45°, centred on the page.
                    let (x, y) = (PAGE_WIDTH / 2.0 - width * 0.3536, PAGE_HEIGHT / 2.0 - width * 0.3536);
                    let id = fonts.id(Weight::Bold).clone();
                    page.ops().splice(
                        0..0,
                        [
                            Op::StartTextSection,
                            Op::SetFillColor {
                                col: color((0.88, 0.88, 0.90)),
                            },
                            Op::SetFont {
                                font: PdfFontHandle::External(id),
                                size: Pt(size),
                            },
                            Op::SetTextMatrix {
                                matrix: TextMatrix::TranslateRotate(Pt(x), Pt(y), 45.0),
                            },
                            Op::ShowText {
                                items: vec![TextItem::Text(mark.to_string())],
                            },
                            Op::EndTextSection,
                        ],
                    );
                }
                let (left, right) = footer(i + 1, total);
                page.rule(MARGIN_X, MARGIN_X + CONTENT_WIDTH, 44.0, 0.4, RULE);
                let right_width = fonts.width(&right, Weight::Bold, 8.0);
                page.text_at(
                    MARGIN_X + CONTENT_WIDTH - right_width,
                    32.0,
                    &right,
                    Weight::Bold,
                    8.0,
                    INK,
                );
                let lines = fonts.wrap(&left, Weight::Regular, 7.0, CONTENT_WIDTH - right_width - 12.0);
                for (k, line) in lines.iter().enumerate() {
                    page.text_at(MARGIN_X, 32.0 - 9.0 * k as f32, line, Weight::Regular, 7.0, MUTED);
                }
                let ops = page.pages.pop().unwrap_or_default();
                PdfPage::new(Mm(210.0), Mm(297.0), ops)
            })
            .collect()
    }
}
