//! A content tree edited as the content studio edits it: a service or an information page written
//! from what an editor typed (ids kept for what existed and made from the words for what is new,
//! options matched by words then by place, texts of removed questions removed in every language),
//! and single texts set in the Fluent file that holds them, only their own lines changed.
//!
//! The tree is a bundle's files (`assets/…`, `locales/…`, each base64). Editing is linear in the
//! size of what is edited: ids are picked with [`IdPicker`] and each text file is read and
//! written once. Whether the result is right is for [`crate::lint`] to say.

use std::collections::{BTreeMap, HashMap, HashSet};

use base64::Engine;
use base64::engine::general_purpose::STANDARD;

use crate::content::FieldKind;
use crate::service_file::{IdPicker, InfoFile, ServiceFile, ShowIfFile, StepFile, id_from_words, unique_id};

/// A content tree: path → base64 of the file.
pub type Files = BTreeMap<String, String>;

/// Where a service's new texts go, and an information page's.
pub const SERVICE_TEXTS: &str = "services.ftl";
pub const INFO_TEXTS: &str = "info.ftl";

/// `ftl` with the message `key` set to `value`, only its own lines changed: a new message goes after
/// the last message whose id starts with `near` (the service's other texts), else at the end; an
/// empty `value` removes the message. Lines after the first are indented, as Fluent continues a text.
pub fn set_message(ftl: &str, key: &str, value: &str, near: &str) -> String {
    set_messages(ftl, &[(key.to_string(), value.to_string())], near)
}

/// The id of the message a line of Fluent starts, if it starts one.
pub fn message_key(line: &str) -> Option<&str> {
    if line.starts_with(char::is_whitespace) || line.starts_with('#') {
        return None;
    }
    let key = line.split_once('=')?.0.trim_end();
    (!key.is_empty()).then_some(key)
}

/// A message's lines as [`set_message`] writes them; empty for empty words.
pub fn message_lines(key: &str, value: &str) -> String {
    let mut message = String::new();
    for (n, line) in value.trim().lines().map(str::trim).filter(|l| !l.is_empty()).enumerate() {
        message.push_str(&if n == 0 { format!("{key} = {line}\n") } else { format!("    {line}\n") });
    }
    message
}

/// [`set_message`] for many messages in one pass over `ftl` (the last word on a key counts; new
/// messages keep their order): a form with thousands of texts rewrote the whole file once per text.
pub fn set_messages(ftl: &str, writes: &[(String, String)], near: &str) -> String {
    let mut wanted: HashMap<&str, &str> = HashMap::new();
    let mut order: Vec<&str> = Vec::new();
    for (key, value) in writes {
        if wanted.insert(key, value).is_none() {
            order.push(key);
        }
    }
    let lines: Vec<&str> = ftl.split_inclusive('\n').collect();
    // Each message with its indented lines, and whether its id starts with `near`.
    let mut blocks: Vec<(bool, String)> = Vec::new();
    let mut done: HashSet<&str> = HashSet::new();
    let mut at = 0;
    while at < lines.len() {
        let mut end = at + 1;
        while end < lines.len() && lines[end].starts_with(' ') && !lines[end].trim().is_empty() {
            end += 1;
        }
        match message_key(lines[at]).and_then(|k| wanted.get_key_value(k)) {
            Some((key, value)) if done.insert(key) => {
                let message = message_lines(key, value);
                if !message.is_empty() {
                    blocks.push((key.starts_with(near), message));
                }
            }
            _ => blocks.push((lines[at].starts_with(near), lines[at..end].concat())),
        }
        at = end;
    }
    let new: String = order.iter().filter(|k| !done.contains(*k)).map(|k| message_lines(k, wanted[k])).collect();
    if !new.is_empty() {
        let place = blocks.iter().rposition(|(near, _)| *near).map_or(blocks.len(), |last| last + 1);
        if let Some((_, before)) = place.checked_sub(1).and_then(|b| blocks.get_mut(b))
            && !before.ends_with('\n')
        {
            before.push('\n');
        }
        blocks.insert(place, (true, new));
    }
    blocks.into_iter().map(|(_, text)| text).collect()
}

/// The file of `lang` that holds `key`, else the one that holds the service's (or page's) other
/// texts, else `locales/LANG/NEW`.
pub fn file_for(files: &BTreeMap<String, String>, lang: &str, service: &str, key: &str, new: &str) -> String {
    let folder = format!("locales/{lang}/");
    let texts: Vec<(&String, String)> = files
        .iter()
        .filter(|(path, _)| path.starts_with(&folder) && path.ends_with(".ftl"))
        .filter_map(|(path, _)| Some((path, text_of(files, path)?)))
        .collect();
    let has = |text: &str, start: &str| text.lines().any(|l| l.starts_with(start));
    texts
        .iter()
        .find(|(_, text)| has(text, &format!("{key} ")) || has(text, &format!("{key}=")))
        .or_else(|| texts.iter().find(|(_, text)| has(text, &format!("{service}-"))))
        .map(|(path, _)| path.to_string())
        .unwrap_or_else(|| format!("{folder}{new}"))
}

/// A file of a content tree as text.
pub fn text_of(files: &BTreeMap<String, String>, path: &str) -> Option<String> {
    String::from_utf8(STANDARD.decode(files.get(path)?).ok()?).ok()
}

/// The words of message `key` in `lang` as the studio writes them (continuation lines joined by
/// line breaks), or empty.
pub fn message(files: &BTreeMap<String, String>, lang: &str, key: &str) -> String {
    let path = file_for(files, lang, "", key, SERVICE_TEXTS);
    let Some(text) = text_of(files, &path) else { return String::new() };
    let lines: Vec<&str> = text.lines().collect();
    let Some(at) =
        lines.iter().position(|l| l.strip_prefix(key).is_some_and(|rest| rest.trim_start().starts_with('=')))
    else {
        return String::new();
    };
    let first = lines[at].split_once('=').map(|(_, v)| v.trim()).unwrap_or("");
    let mut words: Vec<&str> = if first.is_empty() { Vec::new() } else { vec![first] };
    words.extend(lines[at + 1..].iter().take_while(|l| l.starts_with(' ') && !l.trim().is_empty()).map(|l| l.trim()));
    words.join("\n")
}

/// Every message of the draft's `.ftl` files, read once: for each language, which file holds each
/// id and its words, as [`message`] finds them. A form with thousands of texts read every file once
/// per text.
pub struct Messages(HashMap<String, HashMap<String, (String, String)>>);

impl Messages {
    pub fn read(files: &Files) -> Messages {
        let mut by_lang: HashMap<String, HashMap<String, (String, String)>> = HashMap::new();
        for path in files.keys().filter(|p| p.starts_with("locales/") && p.ends_with(".ftl")) {
            let Some((lang, _)) = path["locales/".len()..].split_once('/') else { continue };
            let Some(text) = text_of(files, path) else { continue };
            let keys = by_lang.entry(lang.to_string()).or_default();
            let lines: Vec<&str> = text.lines().collect();
            for (at, line) in lines.iter().enumerate() {
                let Some(key) = message_key(line) else { continue };
                if keys.contains_key(key) {
                    continue;
                }
                let first = line.split_once('=').map(|(_, v)| v.trim()).unwrap_or("");
                let mut words: Vec<&str> = if first.is_empty() { Vec::new() } else { vec![first] };
                words.extend(
                    lines[at + 1..].iter().take_while(|l| l.starts_with(' ') && !l.trim().is_empty()).map(|l| l.trim()),
                );
                keys.insert(key.to_string(), (path.clone(), words.join("\n")));
            }
        }
        Messages(by_lang)
    }

    /// Every message: (language, id, words), in no particular order.
    pub fn all(&self) -> impl Iterator<Item = (&str, &str, &str)> {
        self.0.iter().flat_map(|(lang, keys)| {
            keys.iter().map(move |(key, (_, words))| (lang.as_str(), key.as_str(), words.as_str()))
        })
    }

    /// The words of message `key` in `lang`, or empty.
    pub fn get(&self, lang: &str, key: &str) -> &str {
        self.0.get(lang).and_then(|keys| keys.get(key)).map_or("", |(_, words)| words.as_str())
    }

    fn file(&self, lang: &str, key: &str) -> Option<&str> {
        self.0.get(lang).and_then(|keys| keys.get(key)).map(|(path, _)| path.as_str())
    }
}

/// [`write_text_in`] for many texts of `lang` at once (`messages` as read before any of them was
/// written): each file is read and written once.
pub fn write_texts_in(
    files: &mut Files,
    messages: &Messages,
    lang: &str,
    owner: &str,
    writes: Vec<(String, String)>,
    new: &str,
) {
    if writes.is_empty() {
        return;
    }
    let folder = format!("locales/{lang}/");
    let near = format!("{owner}-");
    let owners_file = files
        .keys()
        .filter(|p| p.starts_with(&folder) && p.ends_with(".ftl"))
        .find(|p| text_of(files, p).is_some_and(|t| t.lines().any(|l| l.starts_with(&near))))
        .cloned()
        .unwrap_or_else(|| format!("{folder}{new}"));
    let mut by_file: BTreeMap<String, Vec<(String, String)>> = BTreeMap::new();
    for (key, value) in writes {
        let path = messages.file(lang, &key).unwrap_or(&owners_file).to_string();
        by_file.entry(path).or_default().push((key, value));
    }
    for (path, writes) in by_file {
        let old = text_of(files, &path).unwrap_or_default();
        let written = set_messages(&old, &writes, &near);
        if written != old {
            files.insert(path, STANDARD.encode(written));
        }
    }
}

/// The draft's languages, the default first: (code, name in itself).
pub fn languages(files: &BTreeMap<String, String>) -> Vec<(String, String)> {
    #[derive(serde::Deserialize)]
    struct Raw {
        default: String,
        #[serde(default)]
        language: Vec<Lang>,
    }
    #[derive(serde::Deserialize)]
    struct Lang {
        code: String,
        endonym: String,
    }
    let Some(raw) = text_of(files, "assets/languages.toml").and_then(|t| toml::from_str::<Raw>(&t).ok()) else {
        return Vec::new();
    };
    let mut list: Vec<(String, String)> = raw.language.into_iter().map(|l| (l.code, l.endonym)).collect();
    list.sort_by_key(|(code, _)| *code != raw.default);
    list
}

pub fn pictograms(files: &BTreeMap<String, String>) -> Vec<String> {
    files
        .keys()
        .filter_map(|p| p.strip_prefix("assets/pictograms/")?.strip_suffix(".svg"))
        .filter(|n| !n.contains('/'))
        .map(str::to_string)
        .collect()
}

pub fn service_path(sid: &str) -> String {
    format!("assets/services/{sid}.toml")
}

/// Ids a new service or page may not take: those of every service and page (their texts share
/// names), and `new`, which is the address of the form that creates one.
pub fn owners_taken(files: &BTreeMap<String, String>) -> Vec<String> {
    files
        .keys()
        .filter_map(|p| {
            p.strip_prefix("assets/services/").or_else(|| p.strip_prefix("assets/info/"))?.strip_suffix(".toml")
        })
        .map(str::to_string)
        .chain(["new".to_string()])
        .collect()
}

/// The services of a content tree: (id, name in the default language), for the draft page.
pub fn services(files: &BTreeMap<String, String>) -> Vec<(String, String)> {
    let default = languages(files).first().map(|(c, _)| c.clone()).unwrap_or_default();
    files
        .keys()
        .filter_map(|p| p.strip_prefix("assets/services/")?.strip_suffix(".toml"))
        .filter(|s| !s.contains('/'))
        .map(|s| (s.to_string(), message(files, &default, &format!("{s}-title"))))
        .collect()
}

pub fn page_path(pid: &str) -> String {
    format!("assets/info/{pid}.toml")
}

/// The information pages of a content tree: (id, name in the default language).
pub fn pages(files: &BTreeMap<String, String>) -> Vec<(String, String)> {
    let default = languages(files).first().map(|(c, _)| c.clone()).unwrap_or_default();
    files
        .keys()
        .filter_map(|p| p.strip_prefix("assets/info/")?.strip_suffix(".toml"))
        .filter(|s| !s.contains('/'))
        .map(|s| (s.to_string(), message(files, &default, &format!("{s}-title"))))
        .collect()
}

/// One question as the editor wrote it.
#[derive(Default, Debug)]
pub struct QuestionEdit {
    pub id: String,
    pub words: String,
    pub help: String,
    pub kind: String,
    pub required: bool,
    pub sensitive: bool,
    pub options: String,
    pub low: Option<i64>,
    pub high: Option<i64>,
    pub countries: Vec<String>,
    /// An appointment question's bookable resource.
    pub resource: String,
    pub show_if: String,
}

/// What the editor asks besides saving: a button of one question, or a new question.
#[derive(Debug, PartialEq)]
pub enum Action {
    Save,
    Add,
    Up(usize),
    Down(usize),
    Remove(usize),
}

/// A service as the editor wrote it: its words in the default language, its questions in order.
#[derive(Default, Debug)]
pub struct ServiceEdit {
    pub title: String,
    pub next: String,
    pub pictogram: String,
    pub not_ready: Vec<String>,
    pub new_kind: String,
    pub questions: Vec<QuestionEdit>,
    pub action: Option<Action>,
}

/// The service's texts in the default language, as the form shows them.
pub struct Words {
    pub title: String,
    pub next: String,
    /// Per question: words, help, and per option its words.
    pub questions: Vec<(String, String, Vec<String>)>,
}

pub fn words_of(files: &BTreeMap<String, String>, lang: &str, service: &ServiceFile) -> Words {
    let sid = &service.id;
    let messages = Messages::read(files);
    let message = |key: String| messages.get(lang, &key).to_string();
    Words {
        title: message(format!("{sid}-title")),
        next: message(format!("{sid}-next")),
        questions: service
            .steps
            .iter()
            .map(|s| {
                (
                    message(format!("{sid}-{}", s.id)),
                    message(format!("{sid}-{}-help", s.id)),
                    s.options.iter().map(|o| message(format!("{sid}-{}-{o}", s.id))).collect(),
                )
            })
            .collect(),
    }
}

/// `files` with message `key` of `lang` set to `value` (removed when empty), in the file that holds
/// it or beside the owner's other texts, a new text going to `locales/LANG/NEW` when nothing of
/// `owner` is there yet.
pub fn write_text_in(files: &mut BTreeMap<String, String>, lang: &str, owner: &str, key: &str, value: &str, new: &str) {
    let path = file_for(files, lang, owner, key, new);
    let old = text_of(files, &path).unwrap_or_default();
    let written = set_message(&old, key, value, &format!("{owner}-"));
    if written != old {
        files.insert(path, STANDARD.encode(written));
    }
}

/// Every text of a question (its words, help and options' words) in every language.
pub fn question_keys(sid: &str, step: &StepFile) -> Vec<String> {
    let mut keys = vec![format!("{sid}-{}", step.id), format!("{sid}-{}-help", step.id)];
    keys.extend(step.options.iter().map(|o| format!("{sid}-{}-{o}", step.id)));
    keys
}

/// The draft's files with the form applied to service `sid` (`None`: a new service), and the
/// service as written. Ids are kept for what existed and made from the words for what is new.
pub fn apply_service(
    files: &BTreeMap<String, String>,
    sid: Option<&str>,
    form: &ServiceEdit,
) -> (BTreeMap<String, String>, ServiceFile) {
    let mut files = files.clone();
    let langs = languages(&files);
    let default = langs.first().map(|(c, _)| c.clone()).unwrap_or_default();
    let pictures = pictograms(&files);
    let old = sid.and_then(|s| text_of(&files, &service_path(s))).and_then(|t| ServiceFile::parse(&t).ok());
    let mut service = match (&old, sid) {
        (Some(old), _) => old.clone(),
        (None, Some(sid)) => ServiceFile::new(sid, ""),
        (None, None) => {
            let taken = owners_taken(&files);
            let taken: Vec<&str> = taken.iter().map(String::as_str).collect();
            ServiceFile::new(&unique_id(&id_from_words(&form.title, 40, "new-service"), &taken), "")
        }
    };
    // The file in the address is the one rewritten, whatever id it holds.
    let path = service_path(sid.unwrap_or(&service.id));
    let sid = service.id.clone();
    let old_words = old.as_ref().map(|o| words_of(&files, &default, o));
    let messages = Messages::read(&files);
    // `title` and `next` name the service's own texts; a question's id is also kept from every
    // question after it that has one (counted, as ids may repeat in a form).
    let mut ids = IdPicker::new(["title", "next"]);
    let mut later: HashMap<&str, usize> = HashMap::new();
    for q in form.questions.iter().filter(|q| !q.id.is_empty()) {
        *later.entry(q.id.as_str()).or_default() += 1;
    }
    if pictures.contains(&form.pictogram) {
        service.pictogram = form.pictogram.clone();
    } else if service.pictogram.is_empty() {
        service.pictogram = pictures.first().cloned().unwrap_or_default();
    }
    service.not_ready =
        langs.iter().skip(1).filter(|(code, _)| form.not_ready.contains(code)).map(|(c, _)| c.clone()).collect();

    let mut steps: Vec<StepFile> = Vec::new();
    let mut texts: Vec<(String, String)> = Vec::new();
    let mut renamed: Vec<(String, String)> = Vec::new();
    let mut old_positions: HashMap<&str, usize> = HashMap::new();
    for (at, step) in old.iter().flat_map(|o| o.steps.iter()).enumerate() {
        old_positions.entry(step.id.as_str()).or_insert(at);
    }
    for (n, q) in form.questions.iter().enumerate() {
        let before = old_positions.get(q.id.as_str()).copied().filter(|_| !q.id.is_empty());
        if let Some(count) = later.get_mut(q.id.as_str()) {
            *count -= 1;
        }
        let reserved = |id: &str| later.get(id).is_some_and(|n| *n > 0);
        // A question added with the button has a stand-in id until it has words; it takes an id
        // from its words the first time, while no other language has any text of it yet.
        let stand_in = q.id.strip_prefix("question-").is_some_and(|n| n.parse::<u32>().is_ok())
            && !q.words.trim().is_empty()
            && before.and_then(|b| old.as_ref().map(|o| question_keys(&sid, &o.steps[b]))).is_some_and(|keys| {
                keys.iter().all(|k| langs.iter().skip(1).all(|(l, _)| messages.get(l, k).is_empty()))
            });
        let id = match before {
            Some(_) if stand_in => ids.pick(&id_from_words(&q.words, 30, &q.id), reserved),
            Some(_) => q.id.clone(),
            None => ids.pick(&id_from_words(&q.words, 30, &format!("question-{}", n + 1)), reserved),
        };
        ids.take(&id);
        if id != q.id && !q.id.is_empty() {
            renamed.push((q.id.clone(), id.clone()));
        }
        let kind = if FieldKind::parse(&q.kind).is_some() { q.kind.clone() } else { "text".to_string() };
        let mut step = StepFile::new(&id, &kind);
        step.required = q.required;
        step.sensitive = q.sensitive;
        // Options keep their ids: the same words first, else the same place, else new words.
        let lines: Vec<&str> = q.options.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
        let (old_ids, old_option_words): (Vec<String>, Vec<String>) = match (before, &old, &old_words) {
            (Some(b), Some(o), Some(w)) => (o.steps[b].options.clone(), w.questions[b].2.clone()),
            _ => (Vec::new(), Vec::new()),
        };
        let same_words: Vec<Option<&String>> =
            lines.iter().map(|l| old_option_words.iter().position(|w| w == l).map(|i| &old_ids[i])).collect();
        for (place, line) in lines.iter().enumerate() {
            let reserved = |id: &String, step: &StepFile| {
                step.options.contains(id) || same_words.iter().enumerate().any(|(p, w)| p != place && *w == Some(id))
            };
            let option = same_words[place]
                .filter(|id| !step.options.contains(id))
                .or_else(|| old_ids.get(place).filter(|id| !reserved(id, &step)))
                .cloned()
                .unwrap_or_else(|| {
                    // `help` names the question's help text.
                    let mut taken: Vec<&str> = vec!["help"];
                    taken.extend(step.options.iter().map(String::as_str));
                    taken.extend(same_words.iter().flatten().map(|s| s.as_str()));
                    unique_id(&id_from_words(line, 30, &format!("option-{}", place + 1)), &taken)
                });
            // An option shown by its id because it had no words keeps having none.
            let had_no_words =
                old_ids.iter().position(|o| *o == option).is_some_and(|i| old_option_words[i].is_empty());
            if !(had_no_words && *line == option) {
                texts.push((format!("{sid}-{id}-{option}"), line.to_string()));
            }
            step.options.push(option);
        }
        match kind.as_str() {
            "text" | "long-text" => (step.min_length, step.max_length) = (q.low, q.high),
            "number" => (step.min, step.max) = (q.low, q.high),
            "date" => (step.min_days_ahead, step.max_days_ahead) = (q.low, q.high),
            "postcode" => step.country = q.countries.first().cloned(),
            "personal-id" if !q.countries.is_empty() => step.countries = Some(q.countries.clone()),
            "appointment" if !q.resource.is_empty() => step.resource = Some(q.resource.clone()),
            _ => {}
        }
        step.show_if = q.show_if.split_once('=').map(|(s, e)| ShowIfFile {
            step: renamed.iter().find(|(old, _)| old == s).map_or(s, |(_, new)| new.as_str()).to_string(),
            equals: e.to_string(),
        });
        step.keep_only_what_the_kind_takes();
        texts.push((format!("{sid}-{id}"), q.words.clone()));
        texts.push((format!("{sid}-{id}-help"), q.help.clone()));
        steps.push(step);
    }
    match form.action {
        Some(Action::Add) => {
            let id = ids.pick(&format!("question-{}", steps.len() + 1), |_| false);
            let kind = if FieldKind::parse(&form.new_kind).is_some() { form.new_kind.as_str() } else { "text" };
            steps.push(StepFile::new(&id, kind));
        }
        Some(Action::Up(n)) if n > 0 && n < steps.len() => steps.swap(n - 1, n),
        Some(Action::Down(n)) if n < steps.len().saturating_sub(1) => steps.swap(n, n + 1),
        Some(Action::Remove(n)) if n < steps.len() => {
            // A question shown only after the removed one's answer is shown always.
            let gone = steps.remove(n);
            for s in &mut steps {
                if s.show_if.as_ref().is_some_and(|c| c.step == gone.id) {
                    s.show_if = None;
                }
            }
        }
        _ => {}
    }
    // Texts of what is gone go in every language; the default language's words are written.
    let kept: HashSet<String> = steps.iter().flat_map(|s| question_keys(&sid, s)).collect();
    if let Some(o) = &old {
        let gone: Vec<String> =
            o.steps.iter().flat_map(|s| question_keys(&sid, s)).filter(|k| !kept.contains(k)).collect();
        for (lang, _) in &langs {
            let removed = gone.iter().map(|k| (k.clone(), String::new())).collect();
            write_texts_in(&mut files, &messages, lang, &sid, removed, SERVICE_TEXTS);
        }
    }
    let mut writes = vec![(format!("{sid}-title"), form.title.clone()), (format!("{sid}-next"), form.next.clone())];
    writes.extend(texts.into_iter().filter(|(key, _)| kept.contains(key)));
    write_texts_in(&mut files, &messages, &default, &sid, writes, SERVICE_TEXTS);
    service.steps = steps;
    files.insert(path, STANDARD.encode(service.to_toml()));
    (files, service)
}

/// Raises the service's version above the one the kiosks show when its questions differ from
/// theirs (requests carry the version, so a case handler knows which questions were asked);
/// `true` when it was raised.
pub fn raise_version(service: &mut ServiceFile, shown: Option<&ServiceFile>) -> bool {
    match shown {
        Some(shown) if shown.steps != service.steps && service.version <= shown.version => {
            service.version = shown.version + 1;
            true
        }
        _ => false,
    }
}

/// An information page as the editor wrote it.
#[derive(Default, Debug)]
pub struct InfoEdit {
    pub title: String,
    pub pictogram: String,
    /// (id, words) in page order; an empty id is a new paragraph.
    pub paragraphs: Vec<(String, String)>,
    /// `add`, `up:N`, `down:N`, `remove:N`, or anything else to save.
    pub action: String,
}

/// The draft's files with the form applied to page `pid` (`None`: a new page), and the page.
pub fn apply_info(
    files: &BTreeMap<String, String>,
    pid: Option<&str>,
    form: &InfoEdit,
) -> (BTreeMap<String, String>, InfoFile) {
    let mut files = files.clone();
    let langs = languages(&files);
    let default = langs.first().map(|(c, _)| c.clone()).unwrap_or_default();
    let pictures = pictograms(&files);
    let old = pid.and_then(|p| text_of(&files, &page_path(p))).and_then(|t| InfoFile::parse(&t).ok());
    let mut page = match (&old, pid) {
        (Some(old), _) => old.clone(),
        (None, Some(pid)) => InfoFile::new(pid, ""),
        (None, None) => {
            // Pages and services share the texts' names: a new page's id is neither's yet.
            let taken = owners_taken(&files);
            let taken: Vec<&str> = taken.iter().map(String::as_str).collect();
            InfoFile::new(&unique_id(&id_from_words(&form.title, 40, "new-page"), &taken), "")
        }
    };
    let path = page_path(pid.unwrap_or(&page.id));
    let pid = page.id.clone();
    if pictures.contains(&form.pictogram) {
        page.pictogram = form.pictogram.clone();
    } else if page.pictogram.is_empty() {
        page.pictogram = pictures.first().cloned().unwrap_or_default();
    }
    let existed: HashSet<&str> = old.iter().flat_map(|o| o.paragraphs.iter().map(String::as_str)).collect();
    let messages = Messages::read(&files);
    // Linear in the paragraphs, as a service's questions (issue 28, item 8): `title` names the
    // page's own text; a paragraph's id is also kept from every later paragraph that has one.
    let mut ids = IdPicker::new(["title"]);
    let mut later: HashMap<&str, usize> = HashMap::new();
    for (id, _) in form.paragraphs.iter().filter(|(id, _)| !id.is_empty()) {
        *later.entry(id.as_str()).or_default() += 1;
    }
    let mut paragraphs: Vec<String> = Vec::new();
    let mut texts: Vec<(String, String)> = Vec::new();
    for (n, (id, words)) in form.paragraphs.iter().enumerate() {
        if let Some(count) = later.get_mut(id.as_str()) {
            *count -= 1;
        }
        let reserved = |id: &str| later.get(id).is_some_and(|n| *n > 0);
        let stand_in = id.strip_prefix("paragraph-").is_some_and(|n| n.parse::<u32>().is_ok())
            && !words.trim().is_empty()
            && langs.iter().skip(1).all(|(l, _)| messages.get(l, &format!("{pid}-{id}")).is_empty());
        let id = match existed.contains(id.as_str()) {
            true if stand_in => ids.pick(&id_from_words(words, 30, id), reserved),
            true => id.clone(),
            false => ids.pick(&id_from_words(words, 30, &format!("paragraph-{}", n + 1)), reserved),
        };
        ids.take(&id);
        texts.push((format!("{pid}-{id}"), words.clone()));
        paragraphs.push(id);
    }
    let (what, n) = form.action.split_once(':').unwrap_or((form.action.as_str(), ""));
    match (what, n.parse::<usize>().ok()) {
        ("add", _) => {
            paragraphs.push(ids.pick(&format!("paragraph-{}", paragraphs.len() + 1), |_| false));
        }
        ("up", Some(n)) if n > 0 && n < paragraphs.len() => paragraphs.swap(n - 1, n),
        ("down", Some(n)) if n < paragraphs.len().saturating_sub(1) => paragraphs.swap(n, n + 1),
        ("remove", Some(n)) if n < paragraphs.len() => {
            paragraphs.remove(n);
        }
        _ => {}
    }
    let kept: HashSet<String> = paragraphs.iter().map(|p| format!("{pid}-{p}")).collect();
    if let Some(o) = &old {
        let gone: Vec<String> =
            o.paragraphs.iter().map(|p| format!("{pid}-{p}")).filter(|k| !kept.contains(k)).collect();
        for (lang, _) in &langs {
            let removed = gone.iter().map(|k| (k.clone(), String::new())).collect();
            write_texts_in(&mut files, &messages, lang, &pid, removed, INFO_TEXTS);
        }
    }
    let mut writes = vec![(format!("{pid}-title"), form.title.clone())];
    writes.extend(texts.into_iter().filter(|(key, _)| kept.contains(key)));
    write_texts_in(&mut files, &messages, &default, &pid, writes, INFO_TEXTS);
    page.paragraphs = paragraphs;
    files.insert(path, STANDARD.encode(page.to_toml()));
    (files, page)
}

#[cfg(test)]
mod tests {
    use super::*;

    const FTL: &str = "## Report\nreport-fault-title = Anmäl ett fel\nreport-fault-what = Vad är fel?\nreport-fault-what-help =\n    Välj det\n    som passar.\nreport-fault-next = Vi tittar.\n";

    #[test]
    fn a_message_is_set_in_place_and_nothing_else_moves() {
        let near = "report-fault-";
        let set = set_message(FTL, "report-fault-what", "Vad har hänt?", near);
        assert_eq!(set, FTL.replace("report-fault-what = Vad är fel?", "report-fault-what = Vad har hänt?"));
        let multi = set_message(FTL, "report-fault-what-help", "Välj ett.\nDet räcker.", near);
        assert!(
            multi.contains("report-fault-what-help = Välj ett.\n    Det räcker.\nreport-fault-next = Vi tittar.\n"),
            "{multi}"
        );
        let gone = set_message(FTL, "report-fault-what-help", "  ", near);
        assert!(
            !gone.contains("what-help")
                && !gone.contains("som passar")
                && gone.ends_with("report-fault-next = Vi tittar.\n")
        );
        let added = set_message("a = b", "report-fault-new", "Ny", near);
        assert_eq!(added, "a = b\nreport-fault-new = Ny\n");
        let beside = set_message(&format!("{FTL}\n## Other\nother-title = X\n"), "report-fault-extra", "Mer", near);
        assert!(beside.contains("report-fault-next = Vi tittar.\nreport-fault-extra = Mer\n\n## Other"), "{beside}");
    }

    #[test]
    fn a_new_text_goes_where_its_service_is() {
        let mut files = BTreeMap::new();
        files.insert("locales/sv/ui.ftl".to_string(), STANDARD.encode("start = Börja\n"));
        files.insert("locales/sv/services.ftl".to_string(), STANDARD.encode(FTL));
        files.insert("locales/sv/more.ftl".to_string(), STANDARD.encode("library-card-title = Lånekort\n"));
        assert_eq!(file_for(&files, "sv", "report-fault", "report-fault-what", "x.ftl"), "locales/sv/services.ftl");
        assert_eq!(file_for(&files, "sv", "library-card", "library-card-next", "x.ftl"), "locales/sv/more.ftl");
        assert_eq!(file_for(&files, "nb", "library-card", "library-card-next", "x.ftl"), "locales/nb/x.ftl");
    }
}
