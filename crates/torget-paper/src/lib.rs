//! Paper a visitor or an archive keeps: a [`Sheet`] of plain text blocks drawn as a PDF with the
//! bundled Noto fonts ([`render`]), on a receipt roll or A4; or as PDF/A-2 for an archive
//! ([`render_archival`]): fonts embedded, text that a reader can find, metadata that says what the
//! file is, and the same bytes for the same sheet. Used by the kiosk's printer and the archive
//! bridge; it knows nothing of windows or printers.

mod pdf;

pub use pdf::{Archival, render, render_archival};

/// The paper in the printer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Paper {
    /// 80 mm thermal receipt roll: one long sheet, cut after the text.
    #[serde(rename = "receipt-80mm")]
    Receipt80mm,
    /// A4 sheets.
    A4,
}

impl std::str::FromStr for Paper {
    type Err = String;

    /// `receipt-80mm` or `a4`, as in the configuration file.
    fn from_str(name: &str) -> Result<Paper, String> {
        match name {
            "receipt-80mm" => Ok(Paper::Receipt80mm),
            "a4" => Ok(Paper::A4),
            other => Err(format!("must be receipt-80mm or a4, not `{other}`")),
        }
    }
}

/// How a block of text looks on paper.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// The municipality's name, at the top.
    Header,
    Title,
    /// The reference code: large, centred, always left to right.
    Code,
    Body,
    Small,
    /// What follows begins on a new sheet of paper (ignored on a roll); its text is not drawn.
    NewPage,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    pub style: Style,
    pub text: String,
}

/// What goes on the paper: text only, in the visitor's language. Built from public texts and the
/// reference code, never from an answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sheet {
    /// The document's title (and the print job's name).
    pub title: String,
    pub lang: String,
    pub rtl: bool,
    pub blocks: Vec<Block>,
}

impl Sheet {
    /// Every text on the sheet, for tests and previews.
    pub fn text(&self) -> String {
        self.blocks.iter().map(|b| b.text.as_str()).collect::<Vec<_>>().join("\n")
    }
}
