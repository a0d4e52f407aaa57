//! Narration: what is read aloud, and when.
//!
//! A page is read when speech is on and the page (or its language, error or dialog) changed; what
//! is read is built from the [`View`], the same data the screen shows, so the two cannot drift apart.
//! Answers are read back on the review page only on headphones or when the visitor presses a row's
//! own speaker button, and a sensitive answer is never read: it is "hidden". The speech engine
//! itself is [`crate::speech`]; this module only decides and sends.

use std::collections::BTreeMap;

use crate::content::Catalog;
use crate::pronunciation::Pronunciation;
use crate::speech::{Command, Speech};

use super::view::{Page, View};

/// What a page needs besides its [`View`] to be read aloud.
pub struct Reading<'a> {
    pub catalog: &'a Catalog,
    /// The languages the language picker offers.
    pub languages: Vec<&'a crate::content::Language>,
    /// The language the attract screen greets in right now.
    pub greeting_lang: &'a str,
    /// "hidden", in the page's language, said instead of a sensitive answer.
    pub hidden: &'a str,
    pub private_listening: bool,
}

/// The speech thread's handle and the kiosk's memory of what it last read.
#[derive(Default)]
pub struct Narrator {
    speech: Option<Speech>,
    pronunciations: BTreeMap<String, Pronunciation>,
    /// What was last read aloud, to read again only when the page changes.
    spoken_key: String,
}

impl Narrator {
    /// Reads pages aloud from now on. Pronunciations come from the content's `speech.toml` files.
    pub fn set_speech(&mut self, speech: Speech, catalog: &Catalog) {
        self.pronunciations = catalog
            .languages
            .iter()
            .filter_map(|l| Pronunciation::load(&catalog.root, &l.code).ok().map(|p| (l.code.clone(), p)))
            .collect();
        self.speech = Some(speech);
    }

    /// Whether a voice for `lang` is there.
    pub fn can_speak(&self, lang: &str) -> bool {
        self.speech.as_ref().is_some_and(|s| s.can_speak(lang))
    }

    /// Reading aloud as the back office sees it: "working" when speech-dispatcher answers and has a
    /// voice for `lang`, "not working: …" with the reason, `None` while it starts or without speech.
    pub fn state(&self, lang: &str) -> Option<String> {
        let speech = self.speech.as_ref()?;
        let status = speech.status();
        if status.available && speech.can_speak(lang) {
            Some("working".to_string())
        } else if status.available {
            Some(format!("not working: no voice for the language {lang}"))
        } else {
            status.error.map(|e| format!("not working: {e}"))
        }
    }

    pub fn say(&self, command: Command) {
        if let Some(speech) = &self.speech {
            speech.send(command);
        }
    }

    /// Rate and volume the visitor chose (`None`: speech is off, the defaults).
    pub fn apply_settings(&self, settings: Option<(i32, i32)>) {
        let (rate, volume) = settings.unwrap_or((0, 0));
        self.say(Command::Rate(rate));
        self.say(Command::Volume(volume));
    }

    /// The page is read again at the next chance, even if it did not change.
    pub fn forget_page(&mut self) {
        self.spoken_key.clear();
    }

    /// Says one text now, in `lang`, with the visitor's settings.
    pub fn say_now(&self, settings: Option<(i32, i32)>, lang: &str, text: &str) {
        let text = self.prepare(lang, text);
        self.apply_settings(settings);
        self.say(Command::Say(vec![(text, lang.to_string())]));
    }

    /// Says a control's name as the keypad focus reaches it, without touching the settings.
    pub fn say_focus(&self, lang: &str, label: &str) {
        let text = self.prepare(lang, label);
        self.say(Command::Say(vec![(text, lang.to_string())]));
    }

    /// Reads the page (its [`View`] and what [`Narrator::spoken_page`] made of it) when speech is on
    /// (`settings` is `Some`) and the page changed. When speech is off after having been on (the
    /// visit ended, or the visitor turned it off): silence, and the default rate and volume for next time.
    pub fn page_shown(&mut self, settings: Option<(i32, i32)>, page: Option<(View, Vec<(String, String)>)>) {
        let (Some(_), Some((view, parts))) = (settings, page) else {
            if !self.spoken_key.is_empty() {
                self.spoken_key.clear();
                self.say(Command::Stop);
                self.say(Command::Rate(0));
                self.say(Command::Volume(0));
            }
            return;
        };
        let key = format!("{:?}|{}|{}|{:?}", view.page, view.lang, view.title, parts);
        if key != self.spoken_key {
            self.spoken_key = key;
            self.apply_settings(settings);
            self.say(Command::Say(parts));
        }
    }

    /// A code said character by character, with the language's spelling alphabet.
    pub fn spell(&self, lang: &str, code: &str) -> String {
        self.pronunciations.get(lang).map_or_else(|| code.to_string(), |p| p.spell(code))
    }

    /// Text as the synthesiser should get it in `lang` (abbreviations in full, no bidi marks).
    pub fn prepare(&self, lang: &str, text: &str) -> String {
        self.pronunciations.get(lang).map_or_else(|| text.to_string(), |p| p.prepare(text))
    }

    /// What is read aloud for a page, in order, each part with its language: title, question, help,
    /// options, error, then the buttons. Typed answers are never read, and sensitive ones are "hidden".
    pub fn spoken_page(&self, v: &View, reading: &Reading) -> Vec<(String, String)> {
        let lang = v.lang.clone();
        let mut texts: Vec<String> = Vec::new();
        let mut parts: Vec<(String, String)> = Vec::new();
        if let Some(d) = &v.dialog {
            texts.extend([d.title.clone(), d.body.clone(), d.yes.clone(), d.no.clone()]);
        } else if let Some(d) = &v.staff_call {
            texts.extend([d.title.clone(), d.body.clone(), d.yes.clone()]);
        } else if let Some(d) = &v.display {
            texts.push(d.title.clone());
            let mark =
                |label: &str, on: bool| if on { format!("{label}, {}", v.labels.selected) } else { label.to_string() };
            texts.extend(d.sizes.iter().map(|c| mark(&c.label, c.selected)));
            texts.push(mark(&d.contrast, d.contrast_on));
            texts.push(d.close.clone());
        } else {
            match v.page {
                Page::Attract => {
                    parts.push((format!("{}. {}", v.greeting, v.touch), reading.greeting_lang.to_string()));
                }
                Page::Language => {
                    texts.push(v.title.clone());
                    // Each language says its own name, so a visitor can pick by listening.
                    parts.push((self.prepare(&lang, &texts.join(". ")), lang.clone()));
                    texts.clear();
                    for l in &reading.languages {
                        parts.push((l.endonym.clone(), l.code.clone()));
                    }
                    texts.push(v.labels.back.clone());
                }
                Page::Home => {
                    texts.push(v.title.clone());
                    texts.push(v.services_heading.clone());
                    texts.extend(v.services.iter().map(|t| t.title.clone()));
                    texts.push(v.info_heading.clone());
                    texts.extend(v.info_tiles.iter().map(|t| t.title.clone()));
                }
                Page::Question => {
                    let q = &v.question;
                    texts.extend([q.service_title.clone(), q.progress.clone(), q.text.clone(), q.help.clone()]);
                    texts.push(q.optional.clone());
                    texts.push(q.hint.clone());
                    for o in &q.options {
                        texts.push(if o.selected {
                            format!("{}, {}", o.label, v.labels.selected)
                        } else {
                            o.label.clone()
                        });
                    }
                    // Free times day by day: "Tuesday 8 December: 09:00, 09:30".
                    texts.push(q.notice.clone());
                    for (d, day) in q.days.iter().enumerate() {
                        let times: Vec<String> = q
                            .times
                            .iter()
                            .filter(|t| t.day == d)
                            .map(|t| {
                                if t.selected { format!("{}, {}", t.label, v.labels.selected) } else { t.label.clone() }
                            })
                            .collect();
                        texts.push(format!("{}: {}", day.heading, times.join(", ")));
                    }
                    if !q.error.is_empty() {
                        texts.push(q.error.clone());
                    }
                    texts.extend([v.labels.back.clone(), v.labels.next.clone()]);
                }
                Page::Review => {
                    // Through the loudspeaker only the questions (each row has its own speaker
                    // button); on headphones the answers too, but never a sensitive one.
                    texts.push(v.title.clone());
                    for row in &v.review {
                        if reading.private_listening {
                            let answer = if row.sensitive { reading.hidden } else { &row.answer };
                            texts.push(format!("{}: {answer}", row.question));
                        } else {
                            texts.push(row.question.clone());
                        }
                    }
                    texts.extend([v.labels.back.clone(), v.labels.send.clone()]);
                }
                Page::Receipt => {
                    texts.extend([v.title.clone(), v.reference_label.clone()]);
                    texts.push(self.spell(&lang, &v.reference));
                    texts.extend(v.body.iter().cloned());
                    texts.extend([v.next_title.clone(), v.next_text.clone(), v.print.clone()]);
                    match &v.rating {
                        Some(r) if r.chosen.is_some() => texts.push(r.thanks.clone()),
                        Some(r) => {
                            texts.push(r.question.clone());
                            texts.extend(r.faces.iter().cloned());
                        }
                        None => {}
                    }
                    texts.push(v.labels.done.clone());
                }
                Page::Info => {
                    texts.push(v.title.clone());
                    texts.extend(v.body.iter().cloned());
                    texts.extend([v.print.clone(), v.labels.back.clone()]);
                }
                Page::SaveFailed => {
                    texts.push(v.title.clone());
                    texts.extend(v.body.iter().cloned());
                    texts.push(v.labels.send.clone());
                }
                // Staff pages are never read aloud (a PIN is being typed there).
                Page::StaffPin | Page::Staff => {}
            }
        }
        let rest: Vec<String> = texts.into_iter().filter(|t| !t.trim().is_empty()).collect();
        if !rest.is_empty() {
            // One sentence after another: a full stop between them, unless one ends with its own
            // question or exclamation mark (a synthesiser reads "?." as two pauses).
            let mut joined = String::new();
            for t in &rest {
                if !joined.is_empty() {
                    joined.push_str(if joined.ends_with(['?', '!', '؟']) { " " } else { ". " });
                }
                joined.push_str(t.trim_end().trim_end_matches(['.', ':']));
            }
            parts.push((self.prepare(&lang, &joined), lang));
        }
        parts
    }
}
