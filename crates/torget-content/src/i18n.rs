//! Every visible text, in every language, through Fluent.
//!
//! Owns the Fluent bundles read from `locales/<lang>/*.ftl`, the list of texts the kiosk itself uses
//! ([`UI_KEYS`]), and locale-aware formatting of dates. It does not decide *which* text a page shows:
//! that is [`crate::app`]'s job. A text missing in one language falls back to the default language, so a
//! visitor never sees an empty button; `torget lint` reports every such gap as an error.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};

use crate::content::{Catalog, Problem, Problems, line_of, problem};
use crate::tree::Tree;

/// The texts the kiosk's own screens use. Content texts (services, info pages) come on top; see
/// [`crate::lint::content_keys`]. A test checks that each of these is used in the code and nothing else is.
pub const UI_KEYS: &[&str] = &[
    "attract-greeting",
    "attract-touch",
    "language-title",
    "button-language",
    "home-title",
    "home-services",
    "home-info",
    "button-back",
    "button-next",
    "button-cancel",
    "button-send",
    "button-change",
    "button-done",
    "answer-yes",
    "answer-no",
    "progress",
    "question-optional",
    "selected",
    "not-selected",
    "field-hidden",
    "button-show",
    "button-hide",
    "date-hint",
    "error-required",
    "error-too-short",
    "error-too-long",
    "error-number",
    "error-number-range",
    "error-date-format",
    "error-date-range",
    "error-phone",
    "error-email",
    "error-postcode",
    "error-personal-id",
    "review-title",
    "review-no-answer",
    "receipt-title",
    "receipt-reference",
    "receipt-keep",
    "receipt-next-title",
    "rating-question",
    "rating-1",
    "rating-2",
    "rating-3",
    "rating-4",
    "rating-5",
    "rating-thanks",
    "receipt-offline",
    "button-print-receipt",
    "button-print-page",
    "print-working",
    "print-done",
    "print-failed-receipt",
    "print-failed-page",
    "paper-municipality",
    "paper-receipt",
    "paper-sent",
    "paper-printed",
    "paper-contact",
    "status-online",
    "status-offline",
    "speech-listen",
    "speech-off",
    "speech-repeat",
    "speech-stop",
    "speech-slower",
    "speech-faster",
    "speech-quieter",
    "speech-louder",
    "speech-unavailable",
    "speech-headphones",
    "speech-fallback",
    "display-contrast",
    "idle-title",
    "idle-countdown",
    "idle-continue",
    "cancel-title",
    "cancel-body",
    "cancel-yes",
    "cancel-no",
    "save-failed-title",
    "save-failed-body",
    "save-failed-retry",
    "date-long",
    "month-1",
    "month-2",
    "month-3",
    "month-4",
    "month-5",
    "month-6",
    "month-7",
    "month-8",
    "month-9",
    "month-10",
    "month-11",
    "month-12",
    "weekday-1",
    "weekday-2",
    "weekday-3",
    "weekday-4",
    "weekday-5",
    "weekday-6",
    "weekday-7",
    "appointment-day",
    "appointment-at",
    "appointment-call",
    "appointment-fresh",
    "appointment-holding",
    "appointment-held",
    "appointment-taken",
    "receipt-appointment",
    "display-button",
    "display-title",
    "text-size-normal",
    "text-size-large",
    "text-size-extra",
    "display-close",
    "help-keys",
    "key-shift",
    "key-backspace",
    "key-space",
    "key-layout",
    "key-digits",
    "call-staff",
    "call-staff-title",
    "call-staff-where",
    "call-staff-coming",
    "call-staff-close",
    "staff-assisted-band",
];

/// The texts of staff mode (PIN pad, staff panel). Staff read the kiosk's default language, so these are
/// needed there; other languages may have them.
pub const STAFF_KEYS: &[&str] = &[
    "staff-pin-title",
    "staff-pin-ok",
    "staff-pin-wrong",
    "staff-pin-locked",
    "staff-pin-no-store",
    "staff-cancel",
    "staff-title",
    "staff-queue",
    "staff-counts",
    "staff-online",
    "staff-offline",
    "staff-no-hub",
    "staff-last-success",
    "staff-never",
    "staff-last-error",
    "staff-store-error",
    "staff-no-error",
    "staff-send-now",
    "staff-dead-title",
    "staff-retry",
    "staff-discard",
    "staff-discard-title",
    "staff-discard-body",
    "staff-reason-duplicate",
    "staff-reason-test",
    "staff-reason-undeliverable",
    "staff-health",
    "staff-version",
    "staff-content",
    "staff-disk",
    "staff-speech-on",
    "staff-speech-off",
    "staff-printer-ready",
    "staff-printer-unknown",
    "staff-printer-failed",
    "staff-help-requested",
    "staff-clear-help",
    "staff-assist",
    "staff-sign-out",
    "staff-settings",
    "staff-setting-language",
    "staff-setting-idle",
    "staff-setting-speech",
    "staff-setting-text-size",
    "staff-setting-contrast",
    "staff-on",
    "staff-off",
    "staff-exit",
    "staff-exit-pin-title",
];

/// Where a message is defined, for lint messages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Defined {
    pub file: PathBuf,
    pub line: usize,
}

struct Locale {
    bundle: FluentBundle<FluentResource>,
    defined: BTreeMap<String, Defined>,
}

/// The texts of all languages.
pub struct I18n {
    default: String,
    locales: BTreeMap<String, Locale>,
}

/// Named arguments for a message, e.g. `&[("current", 2.into())]`.
pub type Args<'a> = [(&'a str, FluentValue<'a>)];

impl I18n {
    /// Reads `root/locales/<code>/*.ftl` for every language of the catalog. Syntax errors and ids defined
    /// twice are reported with file and line.
    pub fn load(root: &Path, catalog: &Catalog) -> Result<I18n, Problems> {
        let (i18n, problems) = I18n::load_with_problems(root, catalog);
        if problems.is_empty() { Ok(i18n) } else { Err(Problems(problems)) }
    }

    /// Like [`I18n::load`], but keeps what could be read, so the linter can go on and report more.
    pub fn load_with_problems(root: &Path, catalog: &Catalog) -> (I18n, Vec<Problem>) {
        let mut problems = Vec::new();
        let mut locales = BTreeMap::new();
        for lang in &catalog.languages {
            if let Some(locale) =
                load_locale(&catalog.tree, &root.join("locales").join(&lang.code), &lang.code, &mut problems)
            {
                locales.insert(lang.code.clone(), locale);
            }
        }
        (I18n { default: catalog.default_language.clone(), locales }, problems)
    }

    pub fn default_language(&self) -> &str {
        &self.default
    }

    /// Message ids defined for a language, with where.
    pub fn defined(&self, lang: &str) -> Option<&BTreeMap<String, Defined>> {
        self.locales.get(lang).map(|l| &l.defined)
    }

    pub fn has(&self, lang: &str, key: &str) -> bool {
        self.locales.get(lang).is_some_and(|l| l.bundle.has_message(key))
    }

    /// The text of `key` in `lang`; falls back to the default language, then to the key itself.
    pub fn text(&self, lang: &str, key: &str) -> String {
        self.format(lang, key, &[])
    }

    pub fn format(&self, lang: &str, key: &str, args: &Args) -> String {
        for code in [lang, self.default.as_str()] {
            if let Some(text) = self.locales.get(code).and_then(|l| format_in(&l.bundle, key, args)) {
                return text;
            }
        }
        key.to_string()
    }

    /// A date in words, the way the language writes it ("24 december 2026").
    pub fn date(&self, lang: &str, date: time::Date) -> String {
        let month = self.text(lang, &format!("month-{}", u8::from(date.month())));
        self.format(
            lang,
            "date-long",
            &[("day", date.day().into()), ("month", month.into()), ("year", date.year().into())],
        )
    }
}

fn format_in(bundle: &FluentBundle<FluentResource>, key: &str, args: &Args) -> Option<String> {
    let pattern = bundle.get_message(key)?.value()?;
    let mut fluent_args = FluentArgs::new();
    for (name, value) in args {
        fluent_args.set(*name, value.clone());
    }
    let mut errors = Vec::new();
    let text = bundle.format_pattern(pattern, Some(&fluent_args), &mut errors);
    Some(text.into_owned())
}

fn load_locale(tree: &Tree, dir: &Path, code: &str, problems: &mut Vec<Problem>) -> Option<Locale> {
    let langid = match code.parse::<unic_langid::LanguageIdentifier>() {
        Ok(l) => l,
        Err(e) => {
            problems.push(problem(dir, None, format!("`{code}` is not a language code: {e}"), "use a code like sv"));
            return None;
        }
    };
    let mut bundle = FluentBundle::new_concurrent(vec![langid]);
    // Fluent would isolate every placeable; the kiosk's placeables are numbers and dates in the
    // message's own language, which the bidi algorithm orders correctly, and keeping texts free of
    // marks keeps them comparable. Latin fragments inside Arabic texts (phone numbers, addresses) are
    // isolated in the .ftl files themselves, and visitors' answers by the app.
    bundle.set_use_isolating(false);
    let mut defined = BTreeMap::new();
    let files: Vec<PathBuf> = tree
        .entries(dir)
        .map(|entries| entries.into_iter().filter(|p| p.extension().is_some_and(|e| e == "ftl")).collect())
        .unwrap_or_default();
    if files.is_empty() {
        problems.push(problem(
            dir,
            None,
            "no .ftl files for this language",
            "copy the files of the default language and translate them",
        ));
    }
    for file in files {
        let text = match tree.read_to_string(&file) {
            Ok(t) => t,
            Err(e) => {
                problems.push(problem(&file, None, format!("cannot read the file: {e}"), "save it as UTF-8 text"));
                continue;
            }
        };
        let resource = match FluentResource::try_new(text.clone()) {
            Ok(r) => r,
            Err((r, errors)) => {
                for e in errors {
                    problems.push(problem(
                        &file,
                        Some(line_of(&text, e.pos.start)),
                        format!("Fluent syntax error: {}", e.kind),
                        "a message is `id = text`; lines that continue it start with spaces",
                    ));
                }
                r
            }
        };
        for entry in resource.entries() {
            if let fluent_syntax::ast::Entry::Message(m) = entry {
                let id = m.id.name.to_string();
                let line = find_definition_line(&text, &id);
                if let Some(first) = defined.get(&id) {
                    let first: &Defined = first;
                    problems.push(problem(
                        &file,
                        Some(line),
                        format!("message `{id}` is defined twice (first at {}:{})", first.file.display(), first.line),
                        "remove one of them",
                    ));
                } else {
                    defined.insert(id, Defined { file: file.clone(), line });
                }
            }
        }
        // Duplicates are reported above with a better message than add_resource's.
        bundle.add_resource_overriding(resource);
    }
    Some(Locale { bundle, defined })
}

fn find_definition_line(text: &str, id: &str) -> usize {
    let needle = format!("{id} =");
    text.lines().position(|l| l.starts_with(&needle)).map_or(1, |i| i + 1)
}
