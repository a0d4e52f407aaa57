//! A service file (and an information page's file) as the content studio edits it: read leniently (a half-written service is still
//! editable), changed field by field, and written back as TOML in the layout `docs/content.md`
//! shows. Whether the result is right is decided by [`crate::content`] and [`crate::lint`], the
//! same as for a file written by hand; this module only reads and writes.

use serde::Deserialize;

use crate::content::FieldKind;

/// One `[[steps]]` table. Kinds and countries are words here, checked by the loader, so that a
/// half-written service is still read (and the loader can say which word is wrong, and where).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StepFile {
    pub id: String,
    pub kind: String,
    #[serde(default = "yes")]
    pub required: bool,
    #[serde(default)]
    pub sensitive: bool,
    #[serde(default)]
    pub options: Vec<String>,
    pub min_length: Option<i64>,
    pub max_length: Option<i64>,
    pub min: Option<i64>,
    pub max: Option<i64>,
    pub min_days_ahead: Option<i64>,
    pub max_days_ahead: Option<i64>,
    pub country: Option<String>,
    pub countries: Option<Vec<String>>,
    pub resource: Option<String>,
    pub show_if: Option<ShowIfFile>,
}

impl StepFile {
    /// A new question of `kind` with no limits.
    pub fn new(id: &str, kind: &str) -> StepFile {
        StepFile {
            id: id.into(),
            kind: kind.into(),
            required: true,
            sensitive: false,
            options: Vec::new(),
            min_length: None,
            max_length: None,
            min: None,
            max: None,
            min_days_ahead: None,
            max_days_ahead: None,
            country: None,
            countries: None,
            resource: None,
            show_if: None,
        }
    }

    /// Drops what the question's kind cannot have (options, limits), so that changing a question's
    /// kind never leaves a setting behind that the kiosk would refuse.
    pub fn keep_only_what_the_kind_takes(&mut self) {
        use FieldKind::*;
        // A word that is no kind keeps nothing: the checks then say what is wrong with the kind.
        let kind = FieldKind::parse(&self.kind);
        let takes = |kinds: &[FieldKind]| kind.is_some_and(|k| kinds.contains(&k));
        if !takes(&[Choice, MultiChoice]) {
            self.options.clear();
        }
        if !takes(&[Text, LongText]) {
            (self.min_length, self.max_length) = (None, None);
        }
        if !takes(&[Number]) {
            (self.min, self.max) = (None, None);
        }
        if !takes(&[Date]) {
            (self.min_days_ahead, self.max_days_ahead) = (None, None);
        }
        if !takes(&[Postcode]) {
            self.country = None;
        }
        if !takes(&[PersonalId]) {
            self.countries = None;
        }
        if !takes(&[Appointment]) {
            self.resource = None;
        }
    }
}

/// `show_if = { step = "…", equals = "…" }`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ShowIfFile {
    pub step: String,
    pub equals: String,
}

/// A whole service file: the one schema both the loader ([`crate::content`], which then checks
/// it) and the content studio read.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ServiceFile {
    /// The comment lines at the top (without `# `), kept as written.
    #[serde(skip)]
    pub comment: Vec<String>,
    pub id: String,
    #[serde(default = "one")]
    pub version: u32,
    #[serde(default)]
    pub pictogram: String,
    #[serde(default)]
    pub not_ready: Vec<String>,
    #[serde(default)]
    pub steps: Vec<StepFile>,
}

fn yes() -> bool {
    true
}

fn one() -> u32 {
    1
}

impl ServiceFile {
    /// A new service with no questions yet.
    pub fn new(id: &str, pictogram: &str) -> ServiceFile {
        ServiceFile {
            comment: Vec::new(),
            id: id.into(),
            version: 1,
            pictogram: pictogram.into(),
            not_ready: Vec::new(),
            steps: Vec::new(),
        }
    }

    /// Reads a service file; the error is the TOML parser's message.
    pub fn parse(text: &str) -> Result<ServiceFile, String> {
        let mut file: ServiceFile = toml::from_str(text).map_err(|e| e.message().trim().to_string())?;
        file.comment = comments(text);
        Ok(file)
    }

    /// The file's text, in the layout of the demo services.
    pub fn to_toml(&self) -> String {
        let mut out = String::new();
        for line in &self.comment {
            out += &format!("# {line}\n");
        }
        out += &format!(
            "id = {}\nversion = {}\npictogram = {}\n",
            quoted(&self.id),
            self.version,
            quoted(&self.pictogram)
        );
        if !self.not_ready.is_empty() {
            out += &format!("not_ready = {}\n", list(&self.not_ready));
        }
        for s in &self.steps {
            out += &format!("\n[[steps]]\nid = {}\nkind = {}\n", quoted(&s.id), quoted(&s.kind));
            if !s.required {
                out += "required = false\n";
            }
            if !s.options.is_empty() {
                out += &format!("options = {}\n", list(&s.options));
            }
            for (name, value) in [
                ("min_length", s.min_length),
                ("max_length", s.max_length),
                ("min", s.min),
                ("max", s.max),
                ("min_days_ahead", s.min_days_ahead),
                ("max_days_ahead", s.max_days_ahead),
            ] {
                if let Some(v) = value {
                    out += &format!("{name} = {v}\n");
                }
            }
            if let Some(c) = &s.country {
                out += &format!("country = {}\n", quoted(c));
            }
            if let Some(cs) = &s.countries {
                out += &format!("countries = {}\n", list(cs));
            }
            if let Some(r) = &s.resource {
                out += &format!("resource = {}\n", quoted(r));
            }
            if s.sensitive {
                out += "sensitive = true\n";
            }
            if let Some(c) = &s.show_if {
                out += &format!("show_if = {{ step = {}, equals = {} }}\n", quoted(&c.step), quoted(&c.equals));
            }
        }
        out
    }

    /// The 1-based line of the file [`Self::to_toml`] writes where question `index` begins, so
    /// that a problem the checks report at a line can be shown beside its question.
    pub fn question_at_line(&self, line: usize) -> Option<usize> {
        let text = self.to_toml();
        let starts: Vec<usize> =
            text.lines().enumerate().filter(|(_, l)| *l == "[[steps]]").map(|(n, _)| n + 1).collect();
        starts.iter().rposition(|start| *start <= line)
    }
}

/// An information page's file: its id, pictogram and paragraphs in order.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct InfoFile {
    /// The comment lines at the top (without `# `), kept as written.
    #[serde(skip)]
    pub comment: Vec<String>,
    pub id: String,
    #[serde(default)]
    pub pictogram: String,
    #[serde(default)]
    pub paragraphs: Vec<String>,
}

impl InfoFile {
    pub fn new(id: &str, pictogram: &str) -> InfoFile {
        InfoFile { comment: Vec::new(), id: id.into(), pictogram: pictogram.into(), paragraphs: Vec::new() }
    }

    /// Reads an information page's file; the error is the TOML parser's message.
    pub fn parse(text: &str) -> Result<InfoFile, String> {
        let mut file: InfoFile = toml::from_str(text).map_err(|e| e.message().trim().to_string())?;
        file.comment = comments(text);
        Ok(file)
    }

    /// The file's text, in the layout of the demo pages.
    pub fn to_toml(&self) -> String {
        let mut out: String = self.comment.iter().map(|l| format!("# {l}\n")).collect();
        out += &format!(
            "id = {}\npictogram = {}\nparagraphs = {}\n",
            quoted(&self.id),
            quoted(&self.pictogram),
            list(&self.paragraphs)
        );
        out
    }
}

fn comments(text: &str) -> Vec<String> {
    text.lines()
        .take_while(|l| l.starts_with('#'))
        .map(|l| l.trim_start_matches('#').trim_start().to_string())
        .collect()
}

/// A TOML basic string.
fn quoted(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

fn list(items: &[String]) -> String {
    format!("[{}]", items.iter().map(|i| quoted(i)).collect::<Vec<_>>().join(", "))
}

/// An id made from words, as content ids are written: lowercase ASCII letters and digits joined
/// by `-` ("Lånekort för barn" → `lanekort-for-barn`), at most `max` characters, never empty.
pub fn id_from_words(words: &str, max: usize, otherwise: &str) -> String {
    let mut id = String::new();
    for c in words.chars().flat_map(char::to_lowercase) {
        let c = match c {
            'å' | 'ä' | 'à' | 'á' | 'â' | 'ã' => 'a',
            'ö' | 'ø' | 'ó' | 'ò' | 'ô' | 'õ' => 'o',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'ü' | 'ú' | 'ù' | 'û' => 'u',
            'í' | 'ì' | 'î' | 'ï' => 'i',
            'æ' => 'a',
            c => c,
        };
        if c.is_ascii_lowercase() || c.is_ascii_digit() {
            id.push(c);
        } else if !id.is_empty() && !id.ends_with('-') {
            id.push('-');
        }
        if id.len() >= max {
            break;
        }
    }
    let id = id.trim_matches('-').to_string();
    let id = id.trim_start_matches(|c: char| c.is_ascii_digit() || c == '-').to_string();
    if id.is_empty() { otherwise.to_string() } else { id }
}

/// `base`, or `base-2`, `base-3`… when `taken` already has it.
pub fn unique_id(base: &str, taken: &[&str]) -> String {
    if !taken.contains(&base) {
        return base.to_string();
    }
    (2..).map(|n| format!("{base}-{n}")).find(|id| !taken.contains(&id.as_str())).unwrap_or_default()
}

/// Picks ids that no other id of a form has, in time linear in the number picked: ids taken are
/// kept in a set, and each base remembers the suffix its last pick reached. A service form with
/// 2 000 questions of the same words took seconds when every pick scanned every id taken and
/// every suffix tried before (issue 28, item 8).
#[derive(Debug, Default)]
pub struct IdPicker {
    taken: std::collections::HashSet<String>,
    next_suffix: std::collections::HashMap<String, u32>,
}

impl IdPicker {
    /// A picker for which `taken` are already taken.
    pub fn new<'a>(taken: impl IntoIterator<Item = &'a str>) -> IdPicker {
        IdPicker { taken: taken.into_iter().map(str::to_string).collect(), ..IdPicker::default() }
    }

    /// Counts `id` as taken.
    pub fn take(&mut self, id: &str) {
        self.taken.insert(id.to_string());
    }

    /// `base`, or `base-2`, `base-3`…: the first that is neither taken nor `reserved` (meant for
    /// something not yet picked); it is taken from then on.
    pub fn pick(&mut self, base: &str, reserved: impl Fn(&str) -> bool) -> String {
        let free = |taken: &std::collections::HashSet<String>, id: &str| !taken.contains(id) && !reserved(id);
        if free(&self.taken, base) {
            self.take(base);
            return base.to_string();
        }
        let mut n = self.next_suffix.get(base).copied().unwrap_or(2);
        loop {
            let id = format!("{base}-{n}");
            n += 1;
            if free(&self.taken, &id) {
                self.next_suffix.insert(base.to_string(), n);
                self.take(&id);
                return id;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// 20 000 ids from one base: each pick is as quick as the first (it was a scan of every id
    /// taken and every suffix tried before; 2 000 took seconds).
    #[test]
    fn picking_many_ids_from_the_same_words_takes_linear_time() {
        let start = std::time::Instant::now();
        let mut picker = IdPicker::new(["title", "next"]);
        let ids: Vec<String> = (0..20_000).map(|_| picker.pick("vad-heter-du", |_| false)).collect();
        let took = start.elapsed();
        assert_eq!(
            (ids[0].as_str(), ids[1].as_str(), ids[19_999].as_str()),
            ("vad-heter-du", "vad-heter-du-2", "vad-heter-du-20000")
        );
        assert!(took < std::time::Duration::from_secs(1), "20 000 ids took {took:?}");
    }

    #[test]
    fn every_demo_service_is_written_back_as_it_was_read() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../assets/services");
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            let text = std::fs::read_to_string(&path).unwrap();
            let file = ServiceFile::parse(&text).unwrap();
            assert_eq!(file.to_toml(), text, "{}", path.display());
        }
    }

    #[test]
    fn every_demo_information_page_is_written_back_as_it_was_read() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../assets/info");
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            let text = std::fs::read_to_string(&path).unwrap();
            assert_eq!(InfoFile::parse(&text).unwrap().to_toml(), text, "{}", path.display());
        }
    }

    #[test]
    fn a_question_is_found_from_a_line_of_its_table() {
        let mut file = ServiceFile::new("library-card", "book");
        file.steps.push(StepFile::new("name", "text"));
        file.steps.push(StepFile::new("phone", "phone"));
        let text = file.to_toml();
        let second = text.lines().position(|l| l == "id = \"phone\"").unwrap() + 1;
        assert_eq!(file.question_at_line(second), Some(1));
        assert_eq!(file.question_at_line(second - 2), Some(0));
        assert_eq!(file.question_at_line(1), None);
    }

    #[test]
    fn a_new_kind_keeps_no_setting_of_the_old_one() {
        let mut step = StepFile::new("what", "choice");
        step.options = vec!["a".into(), "b".into()];
        step.kind = "number".into();
        step.min = Some(1);
        step.keep_only_what_the_kind_takes();
        assert!(step.options.is_empty());
        assert_eq!(step.min, Some(1));
        step.kind = "text".into();
        step.keep_only_what_the_kind_takes();
        assert_eq!(step.min, None);
    }

    #[test]
    fn ids_are_made_from_swedish_words() {
        assert_eq!(id_from_words("Lånekort för barn", 30, "x"), "lanekort-for-barn");
        assert_eq!(id_from_words("  Vad heter du? ", 30, "x"), "vad-heter-du");
        assert_eq!(id_from_words("123", 30, "question-1"), "question-1");
        assert_eq!(id_from_words("Адреса", 30, "question-2"), "question-2");
        assert_eq!(unique_id("name", &["name", "name-2"]), "name-3");
        let mut picker = IdPicker::new(["name", "name-2"]);
        assert_eq!(picker.pick("name", |id| id == "name-3"), "name-4");
        assert_eq!(picker.pick("name", |_| false), "name-5");
        assert_eq!(picker.pick("other", |_| false), "other");
    }
}
