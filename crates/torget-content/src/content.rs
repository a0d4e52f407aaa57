//! The content a municipality owns: services, public-information pages, pictograms and languages.
//!
//! Everything here is data read from `assets/` (see `docs/content.md`). This module loads it into plain
//! Rust types and checks its structure (ids, field kinds, limits, `show_if`). It does not look at texts:
//! whether every text exists in every language is checked by [`crate::lint`], which combines this module
//! with [`crate::i18n`]. It never touches Slint or the store.

pub mod keyboard;

use std::collections::BTreeSet;
use std::fmt;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml::Spanned;

use crate::tree::Tree;

/// One problem found in a content or locale file, pointing at the place to fix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub file: PathBuf,
    /// 1-based line, when the problem is at one place in the file.
    pub line: Option<usize>,
    pub message: String,
    pub hint: String,
    /// What kind of problem it is, for programs that place or word it themselves.
    pub kind: ProblemKind,
}

/// The kinds of problem a program may want to tell apart; the message says the rest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProblemKind {
    /// A text that a language lacks.
    MissingText { language: String, key: String },
    /// One text too hard to read, with its LIX (rounded).
    HardText { language: String, key: String, lix: u32 },
    /// A text that nothing uses.
    UnusedText { language: String, key: String },
    /// A rule of a service's or page's structure broken, where the line (its question) tells which.
    Rule(Rule),
    /// Anything else.
    Other,
}

/// The rules of a service's or information page's structure, for programs that say them in their
/// own words beside the question or page they concern.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rule {
    NoQuestions,
    NoParagraphs,
    PictogramMissing,
    IdInvalid,
    IdTwice,
    KindUnknown,
    TooFewOptions,
    OptionInvalid,
    OptionTwice,
    OptionsNotAllowed,
    LimitNotAllowed,
    BelowZero,
    LimitsSwapped,
    CountryUnknown,
    ShowIfNotEarlier,
    ShowIfNotChoice,
    ShowIfNotAnswer,
    ResourceMissing,
}

impl Rule {
    pub const ALL: [Rule; 18] = [
        Rule::NoQuestions,
        Rule::NoParagraphs,
        Rule::PictogramMissing,
        Rule::IdInvalid,
        Rule::IdTwice,
        Rule::KindUnknown,
        Rule::TooFewOptions,
        Rule::OptionInvalid,
        Rule::OptionTwice,
        Rule::OptionsNotAllowed,
        Rule::LimitNotAllowed,
        Rule::BelowZero,
        Rule::LimitsSwapped,
        Rule::CountryUnknown,
        Rule::ShowIfNotEarlier,
        Rule::ShowIfNotChoice,
        Rule::ShowIfNotAnswer,
        Rule::ResourceMissing,
    ];

    /// A name for the rule, stable, in lowercase words joined by `-`.
    pub fn name(self) -> &'static str {
        match self {
            Rule::NoQuestions => "no-questions",
            Rule::NoParagraphs => "no-paragraphs",
            Rule::PictogramMissing => "pictogram-missing",
            Rule::IdInvalid => "id-invalid",
            Rule::IdTwice => "id-twice",
            Rule::KindUnknown => "kind-unknown",
            Rule::TooFewOptions => "too-few-options",
            Rule::OptionInvalid => "option-invalid",
            Rule::OptionTwice => "option-twice",
            Rule::OptionsNotAllowed => "options-not-allowed",
            Rule::LimitNotAllowed => "limit-not-allowed",
            Rule::BelowZero => "below-zero",
            Rule::LimitsSwapped => "limits-swapped",
            Rule::CountryUnknown => "country-unknown",
            Rule::ShowIfNotEarlier => "show-if-not-earlier",
            Rule::ShowIfNotChoice => "show-if-not-choice",
            Rule::ShowIfNotAnswer => "show-if-not-answer",
            Rule::ResourceMissing => "resource-missing",
        }
    }
}

impl Problem {
    /// The same problem, of kind `kind`.
    pub(crate) fn of_kind(self, kind: ProblemKind) -> Problem {
        Problem { kind, ..self }
    }

    /// The text (message id) the problem is about, if it is about one.
    pub fn text_key(&self) -> Option<&str> {
        match &self.kind {
            ProblemKind::MissingText { key, .. }
            | ProblemKind::HardText { key, .. }
            | ProblemKind::UnusedText { key, .. } => Some(key),
            ProblemKind::Rule(_) | ProblemKind::Other => None,
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{}: {}", self.file.display(), line, self.message)?,
            None => write!(f, "{}: {}", self.file.display(), self.message)?,
        }
        if !self.hint.is_empty() {
            write!(f, "\n    hint: {}", self.hint)?;
        }
        Ok(())
    }
}

/// All problems of a content directory; the kiosk refuses to start while there is any.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct Problems(pub Vec<Problem>);

impl fmt::Display for Problems {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for p in &self.0 {
            writeln!(f, "{p}")?;
        }
        write!(f, "{} problem(s) found in the content", self.0.len())
    }
}

/// The kind of answer a question asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum FieldKind {
    Text,
    LongText,
    Number,
    Date,
    Choice,
    MultiChoice,
    YesNo,
    Phone,
    Email,
    Postcode,
    PersonalId,
    /// A time with a bookable resource, from the hub's free times (`resource = "…"`).
    Appointment,
}

impl FieldKind {
    /// Every kind, in the order the content studio offers them.
    pub const ALL: [FieldKind; 12] = [
        FieldKind::Text,
        FieldKind::LongText,
        FieldKind::Number,
        FieldKind::Date,
        FieldKind::Choice,
        FieldKind::MultiChoice,
        FieldKind::YesNo,
        FieldKind::Phone,
        FieldKind::Email,
        FieldKind::Postcode,
        FieldKind::PersonalId,
        FieldKind::Appointment,
    ];

    /// The kind as a service file writes it (`kind = "yes-no"`).
    pub const fn as_str(self) -> &'static str {
        match self {
            FieldKind::Text => "text",
            FieldKind::LongText => "long-text",
            FieldKind::Number => "number",
            FieldKind::Date => "date",
            FieldKind::Choice => "choice",
            FieldKind::MultiChoice => "multi-choice",
            FieldKind::YesNo => "yes-no",
            FieldKind::Phone => "phone",
            FieldKind::Email => "email",
            FieldKind::Postcode => "postcode",
            FieldKind::PersonalId => "personal-id",
            FieldKind::Appointment => "appointment",
        }
    }

    /// The kind a service file's word names, if any.
    pub fn parse(word: &str) -> Option<FieldKind> {
        FieldKind::ALL.into_iter().find(|k| k.as_str() == word)
    }

    /// Kinds whose answer is one of the step's `options`.
    pub fn has_options(self) -> bool {
        matches!(self, FieldKind::Choice | FieldKind::MultiChoice)
    }

    /// Kinds answered by typing (as opposed to touching an option).
    pub fn is_typed(self) -> bool {
        !matches!(self, FieldKind::Choice | FieldKind::MultiChoice | FieldKind::YesNo | FieldKind::Appointment)
    }
}

/// Countries whose identity numbers and postcodes the validators know.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Country {
    Se,
    No,
    Fi,
}

impl Country {
    pub const ALL: [Country; 3] = [Country::Se, Country::No, Country::Fi];

    /// The country a service file names with `word`, if any.
    pub fn parse(word: &str) -> Option<Country> {
        Country::ALL.into_iter().find(|c| c.as_str() == word)
    }

    /// The country as a service file writes it (`country = "no"`).
    pub const fn as_str(self) -> &'static str {
        match self {
            Country::Se => "se",
            Country::No => "no",
            Country::Fi => "fi",
        }
    }
}

/// Show a step only when an earlier step's answer equals a value (for multi-choice: contains it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShowIf {
    pub step: String,
    pub equals: String,
}

/// One question of a service.
#[derive(Debug, Clone, PartialEq)]
pub struct Step {
    pub id: String,
    pub kind: FieldKind,
    pub required: bool,
    /// Never spoken aloud and masked on screen unless the visitor asks (identity numbers, phone).
    pub sensitive: bool,
    pub options: Vec<String>,
    pub min_length: Option<usize>,
    pub max_length: Option<usize>,
    pub min: Option<i64>,
    pub max: Option<i64>,
    pub min_days_ahead: Option<i64>,
    pub max_days_ahead: Option<i64>,
    pub countries: Vec<Country>,
    /// An appointment question's bookable resource, as the hub's bookings file names it.
    pub resource: Option<String>,
    pub show_if: Option<ShowIf>,
}

/// The stored answer of an appointment question when no time could be offered or held: the
/// resident is called to agree on a time.
pub const CALL_TO_AGREE: &str = "call";

/// A service a visitor can complete at the kiosk.
#[derive(Debug, Clone, PartialEq)]
pub struct Service {
    pub id: String,
    pub version: u32,
    pub pictogram: String,
    pub steps: Vec<Step>,
    /// Languages whose texts for this service are not finished: the kiosk does not offer the
    /// service in them, and the linter does not ask for its texts in them.
    pub not_ready: Vec<String>,
    /// Where the service came from, for error messages.
    pub source: PathBuf,
}

impl Service {
    pub fn step(&self, id: &str) -> Option<&Step> {
        self.steps.iter().find(|s| s.id == id)
    }

    /// Whether a visitor may use the service in `lang`.
    pub fn ready_in(&self, lang: &str) -> bool {
        !self.not_ready.iter().any(|l| l == lang)
    }
}

/// A page of public information, readable without a network.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InfoPage {
    pub id: String,
    pub pictogram: String,
    pub paragraphs: Vec<String>,
}

/// Reading direction of a language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    Ltr,
    Rtl,
}

/// A language a visitor can choose.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Language {
    pub code: String,
    pub endonym: String,
    pub direction: Direction,
    #[serde(default)]
    pub voice: String,
    /// The language offered for listening when this one has no voice: one its speakers also read.
    #[serde(default)]
    pub speech_fallback: String,
}

/// Everything loaded from a content directory.
#[derive(Debug, Clone)]
pub struct Catalog {
    pub root: PathBuf,
    /// Where the content's files are read from.
    pub tree: Tree,
    pub default_language: String,
    pub languages: Vec<Language>,
    pub services: Vec<Service>,
    pub info_pages: Vec<InfoPage>,
    pub pictograms: BTreeSet<String>,
    pub keyboards: keyboard::Keyboards,
}

impl Catalog {
    pub fn service(&self, id: &str) -> Option<&Service> {
        self.services.iter().find(|s| s.id == id)
    }

    pub fn info_page(&self, id: &str) -> Option<&InfoPage> {
        self.info_pages.iter().find(|p| p.id == id)
    }

    pub fn language(&self, code: &str) -> Option<&Language> {
        self.languages.iter().find(|l| l.code == code)
    }

    pub fn pictogram_path(&self, name: &str) -> PathBuf {
        self.root.join("assets").join("pictograms").join(format!("{name}.svg"))
    }

    /// Loads the content under `root` (which holds `assets/` and `locales/`).
    /// Every structural problem in every file is reported, not just the first.
    pub fn load(root: &Path) -> Result<Catalog, Problems> {
        Catalog::load_from(&Tree::Disk, root)
    }

    /// Loads the content under `root` in `tree` (for a tree in memory, the root is `""`).
    pub fn load_from(tree: &Tree, root: &Path) -> Result<Catalog, Problems> {
        let dir = &root.join("assets");
        let mut problems = Vec::new();
        let pictograms = load_pictogram_names(tree, dir, &mut problems);
        let (default_language, languages) = load_languages(tree, dir, &mut problems);
        let services = load_all(tree, &dir.join("services"), "service", &mut problems, |path, problems| {
            load_service(tree, path, &pictograms, (&default_language, &languages), problems)
        });
        let codes: Vec<String> = languages.iter().map(|l| l.code.clone()).collect();
        let keyboards = keyboard::load(tree, dir, &codes, &mut problems);
        let info_pages = load_all(tree, &dir.join("info"), "information page", &mut problems, |path, problems| {
            load_info(tree, path, &pictograms, problems)
        });
        if problems.is_empty() {
            Ok(Catalog {
                root: root.to_path_buf(),
                tree: tree.clone(),
                default_language,
                languages,
                services,
                info_pages,
                pictograms,
                keyboards,
            })
        } else {
            Err(Problems(problems))
        }
    }
}

/// Something loaded from one TOML file of a folder, known by its id.
pub(crate) trait HasId {
    fn id(&self) -> &str;
}

impl HasId for Service {
    fn id(&self) -> &str {
        &self.id
    }
}

impl HasId for InfoPage {
    fn id(&self) -> &str {
        &self.id
    }
}

/// Loads every `.toml` file of `dir` with `load`, refusing a second item with an id already used.
pub(crate) fn load_all<T: HasId>(
    tree: &Tree,
    dir: &Path,
    what: &str,
    problems: &mut Vec<Problem>,
    mut load: impl FnMut(&Path, &mut Vec<Problem>) -> Option<T>,
) -> Vec<T> {
    let mut items: Vec<T> = Vec::new();
    for path in toml_files(tree, dir, problems) {
        if let Some(item) = load(&path, problems) {
            if items.iter().any(|o| o.id() == item.id()) {
                problems.push(problem(
                    &path,
                    None,
                    format!("{what} id `{}` is used twice", item.id()),
                    format!("give each {what} its own id"),
                ));
            } else {
                items.push(item);
            }
        }
    }
    items
}

pub(crate) fn problem(
    file: &Path,
    line: Option<usize>,
    message: impl Into<String>,
    hint: impl Into<String>,
) -> Problem {
    Problem { file: file.to_path_buf(), line, message: message.into(), hint: hint.into(), kind: ProblemKind::Other }
}

/// 1-based line of a byte offset.
pub fn line_of(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())].bytes().filter(|b| *b == b'\n').count() + 1
}

pub(crate) fn toml_files(tree: &Tree, dir: &Path, problems: &mut Vec<Problem>) -> Vec<PathBuf> {
    match tree.entries(dir) {
        Ok(entries) => entries.into_iter().filter(|p| p.extension().is_some_and(|e| e == "toml")).collect(),
        Err(e) => {
            problems.push(problem(
                dir,
                None,
                format!("cannot read the folder: {e}"),
                "create the folder, even if it is empty",
            ));
            Vec::new()
        }
    }
}

fn load_pictogram_names(tree: &Tree, dir: &Path, problems: &mut Vec<Problem>) -> BTreeSet<String> {
    let pdir = dir.join("pictograms");
    let Ok(entries) = tree.entries(&pdir) else {
        problems.push(problem(
            &pdir,
            None,
            "the pictograms folder is missing",
            "put the SVG pictograms in assets/pictograms/",
        ));
        return BTreeSet::new();
    };
    let svgs: Vec<PathBuf> = entries.into_iter().filter(|p| p.extension().is_some_and(|e| e == "svg")).collect();
    for path in &svgs {
        if let Some(why) = tree.read(path).ok().and_then(|bytes| outside_reference(&bytes)) {
            problems.push(problem(
                path,
                None,
                format!("the pictogram is not self-contained: {why}"),
                "draw everything inside the SVG (shapes, or images as data: addresses); a pictogram may not load files or addresses",
            ));
        }
    }
    svgs.iter().filter_map(|p| p.file_stem().map(|s| s.to_string_lossy().into_owned())).collect()
}

/// The largest pictogram read: an icon is a few kilobytes.
pub const MAX_PICTOGRAM_BYTES: usize = 256 * 1024;

/// Why an SVG is not self-contained, if it is not: too large, an entity or DTD (which can name any
/// file), or a reference (`href`, `src`, `url(…)`) to anything but a fragment of itself (`#id`) or
/// a `data:` address. A pictogram's `<image href="/etc/…">` would otherwise be read from the disk of
/// whoever draws it (the hub's preview, a kiosk), and `/dev/zero` would never end.
pub fn outside_reference(svg: &[u8]) -> Option<String> {
    if svg.len() > MAX_PICTOGRAM_BYTES {
        return Some(format!("{} bytes, more than {MAX_PICTOGRAM_BYTES}", svg.len()));
    }
    let text = String::from_utf8_lossy(svg).to_ascii_lowercase();
    if text.contains("<!doctype") || text.contains("<!entity") {
        return Some("it declares a DTD or an entity".into());
    }
    let allowed = |value: &str| {
        let value = value.trim_start();
        value.is_empty() || value.starts_with('#') || value.starts_with("data:")
    };
    // Attribute values: href=, xlink:href=, src= with either quote.
    for name in ["href", "src"] {
        let mut rest = text.as_str();
        while let Some(at) = rest.find(name) {
            let after = rest[at + name.len()..].trim_start();
            rest = &rest[at + name.len()..];
            let Some(after) = after.strip_prefix('=') else { continue };
            let after = after.trim_start();
            let Some(quote) = after.chars().next().filter(|c| *c == '"' || *c == '\'') else { continue };
            let value = after[1..].split(quote).next().unwrap_or("");
            if !allowed(value) {
                return Some(format!("it refers to `{value}`"));
            }
        }
    }
    // CSS: url(…) in a style attribute or element.
    let mut rest = text.as_str();
    while let Some(at) = rest.find("url(") {
        rest = &rest[at + 4..];
        let value = rest.split(')').next().unwrap_or("").trim().trim_matches(['"', '\'']);
        if !allowed(value) {
            return Some(format!("it refers to `{value}`"));
        }
    }
    if text.contains("@import") {
        return Some("its style imports another file".into());
    }
    None
}

/// Reads and parses a TOML file, turning parse errors into file:line problems.
pub(crate) fn parse_toml<T: serde::de::DeserializeOwned>(
    tree: &Tree,
    path: &Path,
    problems: &mut Vec<Problem>,
) -> Option<(String, T)> {
    let text = match tree.read_to_string(path) {
        Ok(t) => t,
        Err(e) => {
            problems.push(problem(
                path,
                None,
                format!("cannot read the file: {e}"),
                "check that the file exists and is UTF-8 text",
            ));
            return None;
        }
    };
    match toml::from_str::<T>(&text) {
        Ok(v) => Some((text, v)),
        Err(e) => {
            let line = e.span().map(|s| line_of(&text, s.start));
            let message = e.message().trim().to_string();
            let hint = toml_hint(&message);
            problems.push(problem(path, line, message, hint));
            None
        }
    }
}

fn toml_hint(message: &str) -> String {
    if message.contains("unknown variant") {
        "field kinds are: text, long-text, number, date, choice, multi-choice, yes-no, phone, email, postcode, personal-id, appointment".into()
    } else if message.contains("unknown field") {
        "see docs/content.md for the keys a file may have; check the spelling".into()
    } else if message.contains("missing field") {
        "add the missing key; see docs/content.md".into()
    } else {
        "check the TOML syntax on this line: strings in \"quotes\", lists in [brackets]".into()
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLanguages {
    default: Spanned<String>,
    language: Vec<Spanned<Language>>,
}

fn load_languages(tree: &Tree, dir: &Path, problems: &mut Vec<Problem>) -> (String, Vec<Language>) {
    let path = dir.join("languages.toml");
    let Some((text, raw)) = parse_toml::<RawLanguages>(tree, &path, problems) else {
        return (String::new(), Vec::new());
    };
    let mut languages: Vec<Language> = Vec::new();
    for l in raw.language {
        let line = Some(line_of(&text, l.span().start));
        let l = l.into_inner();
        if !is_id(&l.code) {
            problems.push(problem(
                &path,
                line,
                format!("language code `{}` is not valid", l.code),
                "use a lowercase code like sv, nb or ar",
            ));
        } else if languages.iter().any(|o| o.code == l.code) {
            problems.push(problem(&path, line, format!("language `{}` is listed twice", l.code), "remove one of them"));
        } else if !tree.is_dir(&dir.parent().unwrap_or(dir).join("locales").join(&l.code)) {
            problems.push(problem(
                &path,
                line,
                format!("language `{}` has no folder locales/{}/", l.code, l.code),
                "add the .ftl files for the language",
            ));
            languages.push(l);
        } else {
            languages.push(l);
        }
    }
    for l in &languages {
        if !l.speech_fallback.is_empty() && !languages.iter().any(|o| o.code == l.speech_fallback) {
            problems.push(problem(
                &path,
                None,
                format!("language `{}` has speech_fallback `{}`, which is not in the list", l.code, l.speech_fallback),
                "use the code of another [[language]], or leave it out",
            ));
        }
    }
    let default = raw.default.get_ref().clone();
    if !languages.iter().any(|l| l.code == default) {
        problems.push(problem(
            &path,
            Some(line_of(&text, raw.default.span().start)),
            format!("default language `{default}` is not in the list"),
            "set `default` to one of the [[language]] codes",
        ));
    }
    (default, languages)
}

/// Ids are lowercase words joined by `-`; they become parts of Fluent message ids.
pub(crate) fn is_id(s: &str) -> bool {
    !s.is_empty()
        && s.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && s.starts_with(|c: char| c.is_ascii_lowercase())
        && !s.ends_with('-')
        && !s.contains("--")
}

/// Where values are in a TOML text, by their path: for problems' line numbers.
struct Spans<'i>(Option<toml::Spanned<toml::de::DeTable<'i>>>);

/// One step of a path into a TOML document: a key or a place in an array.
enum At<'a> {
    Key(&'a str),
    Index(usize),
}

impl<'i> Spans<'i> {
    fn of(text: &'i str) -> Spans<'i> {
        Spans(toml::de::DeTable::parse(text).ok())
    }

    /// The span of the value at `path`, if there is one.
    fn span(&self, path: &[At]) -> Option<std::ops::Range<usize>> {
        let root = self.0.as_ref()?;
        let (first, rest) = path.split_first()?;
        let At::Key(key) = first else { return None };
        let mut value = root.get_ref().get(*key)?;
        for step in rest {
            value = match step {
                At::Key(key) => value.get_ref().get(*key)?,
                At::Index(n) => value.get_ref().get(*n)?,
            };
        }
        Some(value.span())
    }
}

/// Loads a service file: read leniently as the content studio reads it
/// ([`crate::service_file::ServiceFile`], the one schema), then checked here, each problem at its
/// line.
fn load_service(
    tree: &Tree,
    path: &Path,
    pictograms: &BTreeSet<String>,
    (default_language, languages): (&str, &[Language]),
    problems: &mut Vec<Problem>,
) -> Option<Service> {
    let (text, raw) = parse_toml::<crate::service_file::ServiceFile>(tree, path, problems)?;
    let spans = Spans::of(&text);
    let before = problems.len();
    let at = |p: &[At]| spans.span(p).map(|span| line_of(&text, span.start));
    for key in ["version", "pictogram"] {
        if spans.span(&[At::Key(key)]).is_none() {
            problems.push(problem(
                path,
                None,
                format!("missing field `{key}`"),
                "add the missing key; see docs/content.md",
            ));
        }
    }
    for (i, l) in raw.not_ready.iter().enumerate() {
        let line = at(&[At::Key("not_ready"), At::Index(i)]);
        if l == default_language {
            problems.push(problem(
                path,
                line,
                format!("the default language `{default_language}` cannot be marked not ready"),
                "every service needs all its texts in the default language; remove it from not_ready",
            ));
        } else if !languages.iter().any(|o| &o.code == l) {
            problems.push(problem(
                path,
                line,
                format!("not_ready lists `{l}`, which is not a language of the kiosk"),
                format!(
                    "use codes from languages.toml: {}",
                    languages.iter().map(|o| o.code.as_str()).collect::<Vec<_>>().join(", ")
                ),
            ));
        }
    }
    let id = raw.id.clone();
    let id_line = at(&[At::Key("id")]);
    if !is_id(&id) {
        problems.push(
            problem(
                path,
                id_line,
                format!("service id `{id}` is not valid"),
                "use lowercase letters, digits and -, like report-fault",
            )
            .of_kind(ProblemKind::Rule(Rule::IdInvalid)),
        );
    }
    if path.file_stem().is_some_and(|s| s.to_string_lossy() != id) {
        problems.push(problem(
            path,
            id_line,
            format!("service id `{id}` does not match the file name"),
            format!("rename the file to {id}.toml or change the id"),
        ));
    }
    if spans.span(&[At::Key("pictogram")]).is_some() && !pictograms.contains(&raw.pictogram) {
        problems.push(
            problem(
                path,
                at(&[At::Key("pictogram")]),
                format!("pictogram `{}` does not exist", raw.pictogram),
                format!("add assets/pictograms/{}.svg or use one of: {}", raw.pictogram, join(pictograms)),
            )
            .of_kind(ProblemKind::Rule(Rule::PictogramMissing)),
        );
    }
    if raw.steps.is_empty() {
        problems.push(
            problem(path, None, "the service has no questions", "add at least one [[steps]] table")
                .of_kind(ProblemKind::Rule(Rule::NoQuestions)),
        );
    }
    let mut steps: Vec<Step> = Vec::new();
    for (n, s) in raw.steps.into_iter().enumerate() {
        let step_at = |rest: &[At]| {
            let mut full = vec![At::Key("steps"), At::Index(n)];
            full.extend(rest.iter().map(|a| match a {
                At::Key(k) => At::Key(k),
                At::Index(i) => At::Index(*i),
            }));
            at(&full)
        };
        let line = step_at(&[]);
        let sid = s.id.clone();
        let sline = step_at(&[At::Key("id")]);
        let Some(kind) = FieldKind::parse(&s.kind) else {
            problems.push(
                problem(
                    path,
                    step_at(&[At::Key("kind")]),
                    format!("`{}` is not a kind of question", s.kind),
                    toml_hint("unknown variant"),
                )
                .of_kind(ProblemKind::Rule(Rule::KindUnknown)),
            );
            continue;
        };
        if !is_id(&sid) {
            problems.push(
                problem(
                    path,
                    sline,
                    format!("question id `{sid}` is not valid"),
                    "use lowercase letters, digits and -, like phone",
                )
                .of_kind(ProblemKind::Rule(Rule::IdInvalid)),
            );
        }
        if steps.iter().any(|o| o.id == sid) {
            problems.push(
                problem(path, sline, format!("question id `{sid}` is used twice"), "give each question its own id")
                    .of_kind(ProblemKind::Rule(Rule::IdTwice)),
            );
        }
        let options = s.options.clone();
        if kind.has_options() {
            if options.len() < 2 {
                problems.push(
                    problem(
                        path,
                        line,
                        format!("question `{sid}` needs at least 2 options"),
                        "add options = [\"first\", \"second\"]",
                    )
                    .of_kind(ProblemKind::Rule(Rule::TooFewOptions)),
                );
            }
            for (i, o) in options.iter().enumerate() {
                let oline = step_at(&[At::Key("options"), At::Index(i)]);
                if !is_id(o) {
                    problems.push(
                        problem(
                            path,
                            oline,
                            format!("option `{o}` is not a valid id"),
                            "use lowercase letters, digits and -",
                        )
                        .of_kind(ProblemKind::Rule(Rule::OptionInvalid)),
                    );
                }
                if options[..i].contains(o) {
                    problems.push(
                        problem(path, oline, format!("option `{o}` is listed twice"), "remove one of them")
                            .of_kind(ProblemKind::Rule(Rule::OptionTwice)),
                    );
                }
            }
        } else if !options.is_empty() {
            problems.push(
                problem(
                    path,
                    line,
                    format!("question `{sid}` of kind {kind:?} cannot have options"),
                    "options are only for choice and multi-choice",
                )
                .of_kind(ProblemKind::Rule(Rule::OptionsNotAllowed)),
            );
        }
        let limits = [
            (
                "min_length/max_length",
                s.min_length.is_some() || s.max_length.is_some(),
                matches!(kind, FieldKind::Text | FieldKind::LongText),
            ),
            ("min/max", s.min.is_some() || s.max.is_some(), kind == FieldKind::Number),
            (
                "min_days_ahead/max_days_ahead",
                s.min_days_ahead.is_some() || s.max_days_ahead.is_some(),
                kind == FieldKind::Date,
            ),
            ("country", s.country.is_some(), kind == FieldKind::Postcode),
            ("countries", s.countries.is_some(), kind == FieldKind::PersonalId),
            ("resource", s.resource.is_some(), kind == FieldKind::Appointment),
        ];
        for (name, given, allowed) in limits {
            if given && !allowed {
                problems.push(
                    problem(
                        path,
                        line,
                        format!("question `{sid}` of kind {kind:?} cannot have {name}"),
                        "see docs/content.md for the limits each kind takes",
                    )
                    .of_kind(ProblemKind::Rule(Rule::LimitNotAllowed)),
                );
            }
        }
        if kind == FieldKind::Appointment && !s.resource.as_deref().is_some_and(is_id) {
            problems.push(
                problem(
                    path,
                    step_at(&[At::Key("resource")]).or(line),
                    format!("appointment question `{sid}` needs a resource: the calendar its times come from"),
                    "add resource = \"…\" with a resource id of the hub's bookings file, like budget-advice",
                )
                .of_kind(ProblemKind::Rule(Rule::ResourceMissing)),
            );
        }
        for (name, value) in [("min_length", s.min_length), ("max_length", s.max_length)] {
            if value.is_some_and(|v| v < 0) {
                problems.push(
                    problem(
                        path,
                        step_at(&[At::Key(name)]),
                        format!("question `{sid}`: {name} is below 0"),
                        "a length is 0 or more",
                    )
                    .of_kind(ProblemKind::Rule(Rule::BelowZero)),
                );
            }
        }
        for (lo, hi, name) in [
            (s.min_length, s.max_length, "min_length is larger than max_length"),
            (s.min, s.max, "min is larger than max"),
            (s.min_days_ahead, s.max_days_ahead, "min_days_ahead is larger than max_days_ahead"),
        ] {
            if let (Some(lo), Some(hi)) = (lo, hi)
                && lo > hi
            {
                problems.push(
                    problem(path, line, format!("question `{sid}`: {name}"), "swap the two numbers")
                        .of_kind(ProblemKind::Rule(Rule::LimitsSwapped)),
                );
            }
        }
        let mut country = |word: &String, at_line: Option<usize>| {
            let found = Country::parse(word);
            if found.is_none() {
                problems.push(
                    problem(
                        path,
                        at_line,
                        format!("`{word}` is not a country the kiosk checks"),
                        format!(
                            "use one of: {}",
                            Country::ALL.iter().map(|c| c.as_str()).collect::<Vec<_>>().join(", ")
                        ),
                    )
                    .of_kind(ProblemKind::Rule(Rule::CountryUnknown)),
                );
            }
            found
        };
        let postcode_country = s.country.as_ref().map(|c| country(c, step_at(&[At::Key("country")])));
        let id_countries: Option<Vec<Option<Country>>> = s.countries.as_ref().map(|cs| {
            cs.iter().enumerate().map(|(i, c)| country(c, step_at(&[At::Key("countries"), At::Index(i)]))).collect()
        });
        let show_if = s.show_if.map(|c| {
            let cline = step_at(&[At::Key("show_if")]);
            match steps.iter().find(|o| o.id == c.step) {
                None => problems.push(
                    problem(
                        path,
                        cline,
                        format!("question `{sid}` has show_if on `{}`, which is not an earlier question", c.step),
                        "show_if can only look at a question that comes before it",
                    )
                    .of_kind(ProblemKind::Rule(Rule::ShowIfNotEarlier)),
                ),
                Some(target) => {
                    let allowed: Vec<String> = match target.kind {
                        FieldKind::YesNo => vec!["yes".into(), "no".into()],
                        k if k.has_options() => target.options.clone(),
                        _ => Vec::new(),
                    };
                    if allowed.is_empty() {
                        problems.push(
                            problem(
                                path,
                                cline,
                                format!("show_if looks at `{}`, which is not a choice or yes-no question", c.step),
                                "show_if works with choice, multi-choice and yes-no questions",
                            )
                            .of_kind(ProblemKind::Rule(Rule::ShowIfNotChoice)),
                        );
                    } else if !allowed.contains(&c.equals) {
                        problems.push(
                            problem(
                                path,
                                cline,
                                format!("show_if value `{}` is not an answer of `{}`", c.equals, c.step),
                                format!("use one of: {}", allowed.join(", ")),
                            )
                            .of_kind(ProblemKind::Rule(Rule::ShowIfNotAnswer)),
                        );
                    }
                }
            }
            ShowIf { step: c.step, equals: c.equals }
        });
        let countries = match (kind, postcode_country, id_countries) {
            (FieldKind::Postcode, Some(Some(c)), _) => vec![c],
            (FieldKind::Postcode, _, _) => vec![Country::Se],
            (FieldKind::PersonalId, _, Some(cs)) if !cs.is_empty() => cs.into_iter().flatten().collect(),
            (FieldKind::PersonalId, _, _) => vec![Country::Se],
            _ => Vec::new(),
        };
        let length = |v: Option<i64>| v.and_then(|v| usize::try_from(v).ok());
        steps.push(Step {
            id: sid,
            kind,
            required: s.required,
            sensitive: s.sensitive,
            options,
            min_length: length(s.min_length),
            max_length: length(s.max_length),
            min: s.min,
            max: s.max,
            min_days_ahead: s.min_days_ahead,
            max_days_ahead: s.max_days_ahead,
            countries,
            resource: s.resource.clone().filter(|_| kind == FieldKind::Appointment),
            show_if,
        });
    }
    (problems.len() == before).then(|| Service {
        id,
        version: raw.version,
        pictogram: raw.pictogram,
        steps,
        not_ready: raw.not_ready,
        source: path.to_path_buf(),
    })
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawInfo {
    id: Spanned<String>,
    pictogram: Spanned<String>,
    paragraphs: Vec<Spanned<String>>,
}

fn load_info(tree: &Tree, path: &Path, pictograms: &BTreeSet<String>, problems: &mut Vec<Problem>) -> Option<InfoPage> {
    let (text, raw) = parse_toml::<RawInfo>(tree, path, problems)?;
    let before = problems.len();
    let at = |span: std::ops::Range<usize>| Some(line_of(&text, span.start));
    let id = raw.id.get_ref().clone();
    if !is_id(&id) {
        problems.push(
            problem(
                path,
                at(raw.id.span()),
                format!("page id `{id}` is not valid"),
                "use lowercase letters, digits and -",
            )
            .of_kind(ProblemKind::Rule(Rule::IdInvalid)),
        );
    }
    if !pictograms.contains(raw.pictogram.get_ref()) {
        problems.push(
            problem(
                path,
                at(raw.pictogram.span()),
                format!("pictogram `{}` does not exist", raw.pictogram.get_ref()),
                format!("use one of: {}", join(pictograms)),
            )
            .of_kind(ProblemKind::Rule(Rule::PictogramMissing)),
        );
    }
    if raw.paragraphs.is_empty() {
        problems.push(
            problem(path, None, "the page has no paragraphs", "add paragraphs = [\"first\"]")
                .of_kind(ProblemKind::Rule(Rule::NoParagraphs)),
        );
    }
    for p in &raw.paragraphs {
        if !is_id(p.get_ref()) {
            problems.push(
                problem(
                    path,
                    at(p.span()),
                    format!("paragraph id `{}` is not valid", p.get_ref()),
                    "use lowercase letters, digits and -",
                )
                .of_kind(ProblemKind::Rule(Rule::IdInvalid)),
            );
        }
    }
    (problems.len() == before).then(|| InfoPage {
        id,
        pictogram: raw.pictogram.into_inner(),
        paragraphs: raw.paragraphs.into_iter().map(Spanned::into_inner).collect(),
    })
}

fn join(set: &BTreeSet<String>) -> String {
    set.iter().cloned().collect::<Vec<_>>().join(", ")
}

/// The stored values of a question's options, in order.
pub fn option_values(step: &Step) -> Vec<String> {
    match step.kind {
        FieldKind::YesNo => vec!["yes".into(), "no".into()],
        _ => step.options.clone(),
    }
}

/// The Fluent id of the words of answer `value` to `step` of `service`: the shared `answer-yes` and
/// `answer-no` for a yes-no question, else the option's own text.
pub fn option_text_id(service: &str, step: &Step, value: &str) -> String {
    match step.kind {
        FieldKind::YesNo if value == "yes" => "answer-yes".into(),
        FieldKind::YesNo => "answer-no".into(),
        FieldKind::Appointment => "appointment-call".into(),
        _ => text_id(&[service, &step.id, value]),
    }
}

/// The Fluent id of a content text, by convention rather than listed in the TOML: its owner and
/// parts joined with `-`, such as `report-fault-title`, `report-fault-where-help` or
/// `opening-hours-library`. The loader, the linter, the kiosk and the tests all name texts this way.
pub fn text_id(parts: &[&str]) -> String {
    parts.join("-")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_and_country_reads_back_from_the_word_a_service_file_writes() {
        #[derive(Deserialize)]
        struct Step {
            kind: FieldKind,
            country: Country,
        }
        for kind in FieldKind::ALL {
            for country in Country::ALL {
                let file = format!("kind = \"{}\"\ncountry = \"{}\"", kind.as_str(), country.as_str());
                let read: Step = toml::from_str(&file).unwrap();
                assert_eq!((read.kind, read.country), (kind, country), "{file}");
            }
            assert_eq!(FieldKind::parse(kind.as_str()), Some(kind));
        }
        assert_eq!(FieldKind::parse("yes/no"), None);
        assert_eq!(FieldKind::ALL.len(), 12);
        assert_eq!(FieldKind::ALL[6].as_str(), "yes-no");
        assert_eq!(Country::ALL.map(Country::as_str), ["se", "no", "fi"]);
    }

    #[test]
    fn a_pictogram_that_loads_a_file_or_an_address_is_not_self_contained() {
        let plain = br##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 96 96"><defs><path id="a" d="M0 0h9v9z"/></defs><use href="#a"/><rect fill="url(#g)" width="9" height="9"/></svg>"##;
        assert_eq!(outside_reference(plain), None, "shapes, fragments and the SVG namespace are fine");
        let inline = br#"<svg><image href="data:image/png;base64,iVBORw0KGgo=" width="9" height="9"/></svg>"#;
        assert_eq!(outside_reference(inline), None, "an image inside the file is fine");
        for hostile in [
            &br#"<svg><image href="/etc/shadow"/></svg>"#[..],
            br#"<svg><image xlink:href = '/dev/zero'/></svg>"#,
            br#"<svg><image HREF="file:///var/lib/torget-hub/hub.db"/></svg>"#,
            br#"<svg><image href="https://example.org/track.png"/></svg>"#,
            br#"<svg><rect style="fill: url('/etc/passwd')"/></svg>"#,
            br#"<!DOCTYPE svg [<!ENTITY x SYSTEM "/etc/passwd">]><svg>&x;</svg>"#,
            br#"<svg><style>@import "other.css";</style></svg>"#,
        ] {
            assert!(outside_reference(hostile).is_some(), "{}", String::from_utf8_lossy(hostile));
        }
        assert!(outside_reference(&vec![b' '; MAX_PICTOGRAM_BYTES + 1]).is_some(), "too large");
    }

    #[test]
    fn every_bundled_pictogram_is_self_contained() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../assets/pictograms");
        let mut seen = 0;
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "svg") {
                seen += 1;
                assert_eq!(outside_reference(&std::fs::read(&path).unwrap()), None, "{}", path.display());
            }
        }
        assert!(seen > 5, "the bundled pictograms were read");
    }

    /// The loader reads a service file with the one schema the studio uses and checks it: each
    /// problem with its line.
    #[test]
    fn a_service_file_is_read_with_the_studios_schema_and_checked_line_by_line() {
        let service = "id = \"s\"\npictogram = \"book\"\n\n[[steps]]\nid = \"name\"\nkind = \"text\"\nmin_length = -1\n\n[[steps]]\nid = \"pnr\"\nkind = \"personal-id\"\ncountries = [\"se\", \"dk\"]\n\n[[steps]]\nid = \"where\"\nkind = \"choice\"\noptions = [\"a\", \"a\"]\ncolor = \"red\"\n";
        let tree = crate::tree::Tree::memory([("assets/services/s.toml".to_string(), service.as_bytes().to_vec())]);
        let mut problems = Vec::new();
        let pictograms = BTreeSet::from(["book".to_string()]);
        let languages = [Language {
            code: "sv".into(),
            endonym: "Svenska".into(),
            direction: Direction::Ltr,
            voice: String::new(),
            speech_fallback: String::new(),
        }];
        let loaded =
            load_service(&tree, Path::new("assets/services/s.toml"), &pictograms, ("sv", &languages), &mut problems);
        assert!(loaded.is_none());
        let said: Vec<(Option<usize>, &str)> = problems.iter().map(|p| (p.line, p.message.as_str())).collect();
        // An unknown key is refused by the schema, at its line, before anything else is checked.
        assert_eq!(said.len(), 1, "{said:?}");
        assert_eq!(said[0].0, Some(18), "{said:?}");
        assert!(said[0].1.contains("color"), "{said:?}");

        let service = service.replace("color = \"red\"\n", "");
        let tree = crate::tree::Tree::memory([("assets/services/s.toml".to_string(), service.as_bytes().to_vec())]);
        let mut problems = Vec::new();
        load_service(&tree, Path::new("assets/services/s.toml"), &pictograms, ("sv", &languages), &mut problems);
        let said: Vec<(Option<usize>, String)> = problems.iter().map(|p| (p.line, p.message.clone())).collect();
        assert!(said.contains(&(None, "missing field `version`".into())), "{said:?}");
        assert!(said.contains(&(Some(7), "question `name`: min_length is below 0".into())), "{said:?}");
        assert!(said.contains(&(Some(12), "`dk` is not a country the kiosk checks".into())), "{said:?}");
        assert!(said.contains(&(Some(17), "option `a` is listed twice".into())), "{said:?}");
    }
}
