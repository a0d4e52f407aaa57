//! Drawing a [`Sheet`] as a PDF: lines broken to the paper's width, each line in visual order
//! (Unicode bidi), each run shaped with the bundled Noto font that has its letters, so Arabic joins
//! and reads right to left and Cyrillic prints as it is written. The text stays text: a PDF reader
//! (or `pdftotext`) finds every word.

use std::ops::Range;
use std::sync::{Arc, LazyLock};

use krilla::SerializeSettings;
use krilla::configure::{Archival as Archival2, ConfigurationBuilder};
use krilla::geom::Point;
use krilla::metadata::{DateTime, Metadata, TextDirection as KrillaDirection};
use krilla::page::PageSettings;
use krilla::text::{Font, TextDirection};
use unicode_bidi::{BidiInfo, Level};

use crate::{Block, Paper, Sheet, Style};

/// One face of the bundled fonts, parsed once: for measuring (rustybuzz) and for drawing (krilla).
struct Face {
    shaper: rustybuzz::Face<'static>,
    font: Font,
}

impl Face {
    fn new(data: &'static [u8]) -> Face {
        let font = Font::new(Arc::new(data.to_vec()).into(), 0).expect("the bundled font is a font");
        let shaper = rustybuzz::Face::from_slice(data, 0).expect("the bundled font is a font");
        Face { shaper, font }
    }

    fn has(&self, c: char) -> bool {
        self.shaper.glyph_index(c).is_some()
    }
}

struct Faces {
    latin: Face,
    latin_bold: Face,
    arabic: Face,
    arabic_bold: Face,
}

static FACES: LazyLock<Faces> = LazyLock::new(|| Faces {
    latin: Face::new(include_bytes!("../../../ui/fonts/NotoSans-Regular.ttf")),
    latin_bold: Face::new(include_bytes!("../../../ui/fonts/NotoSans-Bold.ttf")),
    arabic: Face::new(include_bytes!("../../../ui/fonts/NotoSansArabic-Regular.ttf")),
    arabic_bold: Face::new(include_bytes!("../../../ui/fonts/NotoSansArabic-Bold.ttf")),
});

impl Faces {
    /// The face that draws `c`: the Arabic face for Arabic letters, the Latin face (Latin, Cyrillic,
    /// digits, punctuation) for the rest, and whichever has the character when one lacks it.
    fn for_char(&self, c: char, bold: bool) -> &Face {
        let (latin, arabic) = if bold { (&self.latin_bold, &self.arabic_bold) } else { (&self.latin, &self.arabic) };
        let arabic_letter = matches!(c, '\u{0600}'..='\u{06FF}' | '\u{0750}'..='\u{077F}' | '\u{FB50}'..='\u{FEFF}');
        match (arabic_letter, latin.has(c)) {
            (true, _) => arabic,
            (false, true) => latin,
            (false, false) if arabic.has(c) => arabic,
            _ => latin,
        }
    }
}

/// The paper's measures, in PDF points (1/72 inch).
struct Measures {
    width: f32,
    /// Fixed page height (A4), or `None` for a roll that is cut after the text.
    height: Option<f32>,
    margin: f32,
    /// Font size per style.
    sizes: [f32; 5],
}

const MM: f32 = 72.0 / 25.4;

impl Paper {
    fn measures(self) -> Measures {
        match self {
            // 80 mm rolls print about 72 mm wide.
            Paper::Receipt80mm => {
                Measures { width: 80.0 * MM, height: None, margin: 4.0 * MM, sizes: [11.0, 14.0, 26.0, 11.0, 9.0] }
            }
            Paper::A4 => Measures {
                width: 210.0 * MM,
                height: Some(297.0 * MM),
                margin: 20.0 * MM,
                sizes: [13.0, 22.0, 36.0, 14.0, 11.0],
            },
        }
    }
}

impl Style {
    fn index(self) -> usize {
        match self {
            Style::Header => 0,
            Style::Title => 1,
            Style::Code => 2,
            Style::Body => 3,
            Style::Small | Style::NewPage => 4,
        }
    }

    fn bold(self) -> bool {
        matches!(self, Style::Header | Style::Title | Style::Code)
    }
}

/// One stretch of a line in one direction and one face, in the order it is drawn (left to right).
struct Run {
    text: String,
    rtl: bool,
    face: &'static Face,
    width: f32,
}

/// A line ready to draw: its runs left to right, and its width.
struct Line {
    runs: Vec<Run>,
    width: f32,
    size: f32,
    centered: bool,
    /// Runs right to left, so it is set against the right margin.
    rtl: bool,
    /// Begins a new sheet of paper (after a [`Style::NewPage`]).
    new_page: bool,
}

/// The advance of `text` in `face` at `size` points, as it will be drawn.
fn measure(face: &Face, text: &str, size: f32, rtl: bool) -> f32 {
    let shaper = &face.shaper;
    let mut buffer = rustybuzz::UnicodeBuffer::new();
    buffer.push_str(text);
    buffer.guess_segment_properties();
    buffer.set_direction(if rtl { rustybuzz::Direction::RightToLeft } else { rustybuzz::Direction::LeftToRight });
    let shaped = rustybuzz::shape(shaper, &[], buffer);
    let units: i32 = shaped.glyph_positions().iter().map(|p| p.x_advance).sum();
    units as f32 * size / shaper.units_per_em() as f32
}

/// `line` (one line of a paragraph) cut into runs of one direction and one face, in visual order.
fn runs(line: &str, rtl_paragraph: bool, bold: bool, size: f32) -> Vec<Run> {
    let level = if rtl_paragraph { Level::rtl() } else { Level::ltr() };
    let bidi = BidiInfo::new(line, Some(level));
    let Some(para) = bidi.paragraphs.first() else { return Vec::new() };
    let (levels, visual) = bidi.visual_runs(para, para.range.clone());
    let faces = &*FACES;
    let mut out = Vec::new();
    for range in visual {
        let rtl = levels[range.start].is_rtl();
        // Within one direction, a new run wherever the face changes.
        let mut pieces: Vec<(Range<usize>, &'static Face)> = Vec::new();
        for (i, c) in line[range.clone()].char_indices() {
            let at = range.start + i;
            let face = faces.for_char(c, bold);
            match pieces.last_mut() {
                Some((r, f)) if std::ptr::eq(*f, face) || c.is_whitespace() => r.end = at + c.len_utf8(),
                _ => pieces.push((at..at + c.len_utf8(), face)),
            }
        }
        if rtl {
            pieces.reverse();
        }
        for (r, face) in pieces {
            let text = line[r].to_string();
            let width = measure(face, &text, size, rtl);
            out.push(Run { text, rtl, face, width });
        }
    }
    out
}

/// Whether a paragraph's first strong letter is written right to left (Unicode bidi P2–P3).
fn starts_right_to_left(text: &str) -> bool {
    use unicode_bidi::BidiClass::{AL, L, R};
    text.chars().map(unicode_bidi::bidi_class).find(|c| matches!(c, L | R | AL)).is_some_and(|c| c != L)
}

/// The lines of one block: words added while the line still fits the width. In a right-to-left
/// sheet every paragraph runs right to left; in a left-to-right one, a paragraph that starts with
/// a right-to-left letter (an Arabic answer in a Norwegian document) does.
fn lines(block: &Block, rtl: bool, size: f32, width: f32) -> Vec<Line> {
    let bold = block.style.bold();
    let centered = block.style == Style::Code;
    let rtl = rtl || starts_right_to_left(&block.text);
    let make = |text: &str| {
        let runs = runs(text, rtl, bold, size);
        let width = runs.iter().map(|r| r.width).sum();
        Line { runs, width, size, centered, rtl, new_page: false }
    };
    let mut out = Vec::new();
    for paragraph in block.text.lines() {
        let mut current = String::new();
        for word in paragraph.split_whitespace() {
            let candidate = if current.is_empty() { word.to_string() } else { format!("{current} {word}") };
            if !current.is_empty() && make(&candidate).width > width {
                out.push(make(&current));
                current = word.to_string();
            } else {
                current = candidate;
            }
        }
        out.push(make(&current));
    }
    out
}

/// Every line of the sheet with the distance of its baseline from the top of the text.
fn layout(sheet: &Sheet, m: &Measures) -> Vec<(f32, Line)> {
    let text_width = m.width - 2.0 * m.margin;
    let mut placed = Vec::new();
    let mut y = 0.0;
    let mut new_page = false;
    for block in &sheet.blocks {
        if block.style == Style::NewPage {
            new_page = true;
            continue;
        }
        let size = m.sizes[block.style.index()];
        y += if matches!(block.style, Style::Title | Style::Code) { size * 0.6 } else { size * 0.5 };
        for mut line in lines(block, sheet.rtl, size, text_width) {
            y += size * 1.35;
            line.new_page = std::mem::take(&mut new_page);
            placed.push((y, line));
        }
    }
    placed
}

/// Which lines go on which page: all on one for a roll, as many as fit for sheets of paper.
fn pages(placed: &[(f32, Line)], usable: Option<f32>) -> Vec<Range<usize>> {
    let Some(usable) = usable else { return std::iter::once(0..placed.len()).collect() };
    let mut out = Vec::new();
    let mut start = 0;
    let mut top = 0.0;
    for (i, (y, line)) in placed.iter().enumerate() {
        if (y - top > usable || line.new_page) && i > start {
            out.push(start..i);
            start = i;
            top = placed[i - 1].0;
        }
    }
    out.push(start..placed.len());
    out
}

/// The sheet as PDF bytes.
pub fn render(sheet: &Sheet, paper: Paper) -> Result<Vec<u8>, String> {
    let document = krilla::Document::new();
    draw(document, sheet, paper, Metadata::new().title(sheet.title.clone()).language(sheet.lang.clone()))
}

/// What an archive keeps of a document beside its pages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Archival {
    /// A stable id of the document (the request's id): the same document, the same file.
    pub document_id: String,
    /// When the document was made, UTC: (year, month, day, hour, minute, second).
    pub created: (u16, u8, u8, u8, u8, u8),
    /// Who or what made it (the municipality).
    pub author: String,
    /// The program that made it.
    pub creator: String,
}

/// The sheet as PDF/A-2u bytes: fonts embedded, every glyph mapped to its characters (so text can
/// be searched and copied, right-to-left text in logical order), XMP metadata that names the
/// standard, and no time or random id of its own: the same sheet and `archival` give the same bytes.
pub fn render_archival(sheet: &Sheet, paper: Paper, archival: &Archival) -> Result<Vec<u8>, String> {
    let configuration = ConfigurationBuilder::new()
        .with_archival_validator(Archival2::A2_U)
        .finish()
        .map_err(|e| format!("PDF/A-2u cannot be made: {e:?}"))?;
    let settings = SerializeSettings { configuration, ..SerializeSettings::default() };
    let (year, month, day, hour, minute, second) = archival.created;
    let created = DateTime::new(year)
        .month(month)
        .day(day)
        .hour(hour)
        .minute(minute)
        .second(second)
        .utc_offset_hour(0)
        .utc_offset_minute(0);
    let metadata = Metadata::new()
        .title(sheet.title.clone())
        .language(sheet.lang.clone())
        .authors(vec![archival.author.clone()])
        .creator(archival.creator.clone())
        .producer(archival.creator.clone())
        .creation_date(created)
        .document_id(archival.document_id.clone())
        .text_direction(if sheet.rtl { KrillaDirection::RightToLeft } else { KrillaDirection::LeftToRight });
    draw(krilla::Document::new_with(settings), sheet, paper, metadata)
}

fn draw(mut document: krilla::Document, sheet: &Sheet, paper: Paper, metadata: Metadata) -> Result<Vec<u8>, String> {
    let m = paper.measures();
    let placed = layout(sheet, &m);
    let page_height = m.height.unwrap_or_else(|| placed.last().map_or(0.0, |(y, _)| *y) + 3.0 * m.margin);
    document.set_metadata(metadata);
    for range in pages(&placed, m.height.map(|h| h - 2.0 * m.margin)) {
        let settings = PageSettings::from_wh(m.width, page_height).ok_or("the paper has no size")?;
        let mut page = document.start_page_with(settings);
        let mut surface = page.surface();
        let top = if range.start == 0 { 0.0 } else { placed[range.start - 1].0 };
        for (y, line) in &placed[range] {
            let x = if line.centered {
                (m.width - line.width) / 2.0
            } else if sheet.rtl || line.rtl {
                m.width - m.margin - line.width
            } else {
                m.margin
            };
            let mut x = x.max(m.margin);
            for run in &line.runs {
                let direction = if run.rtl { TextDirection::RightToLeft } else { TextDirection::LeftToRight };
                let at = Point::from_xy(x, m.margin + y - top);
                surface.draw_text(at, run.face.font.clone(), line.size, &run.text, false, direction);
                x += run.width;
            }
        }
        surface.finish();
        page.finish();
    }
    document.finish().map_err(|e| format!("the PDF could not be made: {e:?}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arabic_lines_run_right_to_left_with_latin_codes_left_to_right() {
        let line = "رقمك K7Q-3F9-XA2 هنا";
        let runs = runs(line, true, false, 10.0);
        // Visual order, left to right: the last Arabic word, the code, the first Arabic word.
        let texts: Vec<&str> = runs.iter().map(|r| r.text.trim()).collect();
        assert_eq!(texts.first(), Some(&"هنا"), "{texts:?}");
        assert!(texts.contains(&"K7Q-3F9-XA2"), "{texts:?}");
        assert_eq!(texts.last(), Some(&"رقمك"), "{texts:?}");
        let code = runs.iter().find(|r| r.text.contains("K7Q")).unwrap();
        assert!(!code.rtl && std::ptr::eq(code.face, &FACES.latin));
        assert!(runs.iter().filter(|r| r.text.contains('ر')).all(|r| r.rtl && std::ptr::eq(r.face, &FACES.arabic)));
    }

    #[test]
    fn long_words_wrap_within_the_paper() {
        let block = Block {
            style: Style::Body,
            text: "Pysäköintilupahakemuksesi käsitellään kahden viikon kuluessa. Saat päätöksen kirjeellä kotiosoitteeseesi."
                .into(),
        };
        let m = Paper::Receipt80mm.measures();
        let width = m.width - 2.0 * m.margin;
        let lines = lines(&block, false, m.sizes[3], width);
        assert!(lines.len() >= 3, "{} lines", lines.len());
        assert!(lines.iter().all(|l| l.width <= width), "a line is wider than the paper");
    }

    #[test]
    fn a_long_a4_sheet_continues_on_a_second_page_and_a_roll_never_breaks() {
        let sheet = Sheet {
            title: "t".into(),
            lang: "en".into(),
            rtl: false,
            blocks: (0..80).map(|i| Block { style: Style::Body, text: format!("Paragraph {i}.") }).collect(),
        };
        let a4 = Paper::A4.measures();
        let placed = layout(&sheet, &a4);
        let split = pages(&placed, a4.height.map(|h| h - 2.0 * a4.margin));
        assert!(split.len() >= 2, "{split:?}");
        assert_eq!(split.iter().map(|r| r.len()).sum::<usize>(), 80, "every line on some page");
        let roll = Paper::Receipt80mm.measures();
        assert_eq!(pages(&layout(&sheet, &roll), roll.height).len(), 1);
        assert!(render(&sheet, Paper::A4).unwrap().starts_with(b"%PDF"));
    }

    fn archival() -> Archival {
        Archival {
            document_id: "019ad7d2-8a4c-7c1e-9a51-2f1f1b7e1a01".into(),
            created: (2026, 12, 2, 9, 30, 0),
            author: "Exempel kommun".into(),
            creator: "Torget".into(),
        }
    }

    /// What `pdftotext` reads in a PDF.
    fn text_of(pdf: &[u8]) -> String {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("a.pdf");
        std::fs::write(&file, pdf).unwrap();
        let out = std::process::Command::new("pdftotext").arg(&file).arg("-").output().unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        // Without the embedding marks pdftotext puts around right-to-left and numeric runs.
        String::from_utf8(out.stdout).unwrap().replace(['\u{202a}', '\u{202b}', '\u{202c}'], "")
    }

    #[test]
    fn an_archival_pdf_says_pdf_a_2u_embeds_its_fonts_reads_as_text_and_is_the_same_every_time() {
        let sheet = Sheet {
            title: "طلب".into(),
            lang: "ar".into(),
            rtl: true,
            blocks: vec![
                Block { style: Style::Title, text: "الإبلاغ عن عطل".into() },
                Block { style: Style::Code, text: "K7Q-3F9-XA2".into() },
                Block { style: Style::Body, text: "أين هو؟ شارع الكنيسة 12".into() },
            ],
        };
        let pdf = render_archival(&sheet, Paper::A4, &archival()).unwrap();
        assert_eq!(pdf, render_archival(&sheet, Paper::A4, &archival()).unwrap(), "the same bytes twice");
        let raw = String::from_utf8_lossy(&pdf);
        assert!(raw.contains("<pdfaid:part>2</pdfaid:part>"), "XMP names PDF/A-2");
        assert!(raw.contains("<pdfaid:conformance>U</pdfaid:conformance>"), "level U");
        assert!(raw.contains("/OutputIntents"), "an output intent");
        assert!(raw.contains("/FontFile2"), "the fonts are embedded");
        let text = text_of(&pdf);
        // Poppler gives the two letters of a lam-alef ligature in reverse ("اإلبالغ" for
        // "الإبلاغ"): its glyph maps to both, in logical order, and pdftotext reverses them with
        // the line. Words without that ligature read as written.
        for words in ["عن عطل", "K7Q-3F9-XA2", "أين هو؟ شارع الكنيسة 12"] {
            assert!(text.contains(words), "{words} in logical order in {text:?}");
        }
        let other = Archival { document_id: "another".into(), ..archival() };
        assert_ne!(pdf, render_archival(&sheet, Paper::A4, &other).unwrap());
        assert!(!String::from_utf8_lossy(&render(&sheet, Paper::A4).unwrap()).contains("pdfaid"), "print is plain PDF");
    }
}
