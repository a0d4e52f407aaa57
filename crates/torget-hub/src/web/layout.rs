//! What every page shares: the staff languages and their texts, the header every page has
//! (`templates/base.html`), and turning a template into a response.
//!
//! Pages are askama templates in `templates/`, compiled into the binary; they escape every value
//! unless it is marked safe, and nothing here marks one. Texts come from Fluent (`locales/`) through
//! [`Tr`], which a template calls as `tr.t("key")`.

use std::collections::HashMap;
use std::fmt::Display;

use askama::Template;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};

use crate::accounts::{Role, User};

/// The staff pages' languages: code, own name, texts.
pub(super) const LANGUAGES: [(&str, &str, &str); 3] = [
    ("sv", "Svenska", include_str!("../../locales/sv.ftl")),
    ("nb", "Norsk bokmål", include_str!("../../locales/nb.ftl")),
    ("en", "English", include_str!("../../locales/en.ftl")),
];

/// The staff pages' texts in every language.
pub(super) struct Texts {
    bundles: HashMap<&'static str, FluentBundle<FluentResource>>,
    /// The time zone times are shown in.
    zone: jiff::tz::TimeZone,
}

impl Texts {
    pub(super) fn load(zone: jiff::tz::TimeZone) -> Texts {
        let bundles = LANGUAGES
            .iter()
            .map(|(code, _, ftl)| {
                let resource = FluentResource::try_new(ftl.to_string()).expect("the hub's texts parse");
                let mut bundle = FluentBundle::new_concurrent(vec![
                    code.parse::<unic_langid::LanguageIdentifier>().expect("a language tag"),
                ]);
                bundle.set_use_isolating(false);
                bundle.add_resource(resource).expect("no text is defined twice");
                (*code, bundle)
            })
            .collect();
        Texts { bundles, zone }
    }

    pub(super) fn format(&self, lang: &str, key: &str, args: Option<&FluentArgs>) -> String {
        let bundle = &self.bundles[if self.bundles.contains_key(lang) { lang } else { "en" }];
        let Some(pattern) = bundle.get_message(key).and_then(|m| m.value()) else { return key.to_string() };
        bundle.format_pattern(pattern, args, &mut Vec::new()).into_owned()
    }
}

/// The texts of one page's language, for its template and handler.
#[derive(Clone, Copy)]
pub(super) struct Tr<'a> {
    texts: &'a Texts,
    pub(super) lang: &'static str,
}

impl<'a> Tr<'a> {
    pub(super) fn new(texts: &'a Texts, lang: &'static str) -> Tr<'a> {
        Tr { texts, lang }
    }

    /// The text `key`.
    pub(super) fn t(&self, key: &str) -> String {
        self.texts.format(self.lang, key, None)
    }

    /// The text `key` with one argument.
    pub(super) fn t1(&self, key: &str, name: &str, value: impl Display) -> String {
        self.args(key, &[(name, value.to_string().into())])
    }

    /// The text `key` with a number argument (plural forms choose by it).
    pub(super) fn n(&self, key: &str, name: &str, value: impl Number) -> String {
        let mut args = FluentArgs::new();
        args.set(name.to_string(), value.number());
        self.texts.format(self.lang, key, Some(&args))
    }

    /// A content language's name in the page's language (`svenska`, `arabiska`), else `otherwise`
    /// (its name in itself, from the content).
    pub(super) fn language(&self, code: &str, otherwise: &str) -> String {
        let key = format!("lang-{code}");
        let name = self.t(&key);
        if name == key { otherwise.to_string() } else { name }
    }

    /// A time for people, in the hub's time zone: `2026-11-30 09:15`.
    pub(super) fn time(&self, ms: i64) -> String {
        jiff::Timestamp::from_millisecond(ms)
            .map(|t| t.to_zoned_datetime(self.texts.zone.clone()).strftime("%Y-%m-%d %H:%M").to_string())
            .unwrap_or_default()
    }

    /// A time with how long ago it was: `2026-11-30 09:15 (8 min ago)`.
    pub(super) fn time_ago(&self, ms: i64, now_ms: i64) -> String {
        format!("{} ({})", self.time(ms), self.n("ago-minutes", "minutes", minutes(ms, now_ms)))
    }

    /// The first millisecond of `date` (`YYYY-MM-DD`) in the hub's time zone, or of the day after
    /// it with `after`; `None` for anything else.
    pub(super) fn day_ms(&self, date: &str, after: bool) -> Option<i64> {
        let day: jiff::civil::Date = date.trim().parse().ok()?;
        let day = if after { day.tomorrow().ok()? } else { day };
        Some(day.to_zoned_datetime(self.texts.zone.clone()).ok()?.timestamp().as_millisecond())
    }

    /// The time zone's name, for the page's script.
    pub(super) fn zone_name(&self) -> &str {
        self.texts.zone.iana_name().unwrap_or("UTC")
    }

    /// The text `key` with several arguments.
    pub(super) fn args(&self, key: &str, values: &[(&str, FluentValue<'static>)]) -> String {
        let mut args = FluentArgs::new();
        for (name, value) in values {
            args.set(name.to_string(), value.clone());
        }
        self.texts.format(self.lang, key, Some(&args))
    }
}

/// A count or measure that a text's plural forms choose by; templates pass references.
pub(super) trait Number {
    fn number(&self) -> f64;
}

macro_rules! number {
    ($($t:ty),*) => {$(
        impl Number for $t {
            fn number(&self) -> f64 {
                *self as f64
            }
        }
    )*};
}
number!(u32, u64, i64, usize, f64);

impl<T: Number> Number for &T {
    fn number(&self) -> f64 {
        (**self).number()
    }
}

/// The header of every page: the municipality, the navigation a role has, the languages.
pub(super) struct Chrome {
    pub(super) lang: &'static str,
    pub(super) title: String,
    pub(super) municipality: String,
    pub(super) language_label: String,
    pub(super) languages: Vec<Language>,
    /// For a signed-in person: the navigation and the sign-out form.
    pub(super) nav: Option<Nav>,
}

pub(super) struct Language {
    pub(super) code: &'static str,
    pub(super) name: &'static str,
    pub(super) current: bool,
}

pub(super) struct Nav {
    pub(super) label: String,
    pub(super) links: Vec<(&'static str, String)>,
    pub(super) who: String,
    pub(super) csrf: String,
    pub(super) sign_out: String,
}

impl Chrome {
    /// The header for a page titled by the text `title_key`, for `who` (signed in, with the
    /// session's form token) or nobody.
    pub(super) fn new(tr: Tr, municipality: &str, title: String, who: Option<(&User, &str)>) -> Chrome {
        let nav = who.map(|(user, csrf)| {
            let role = user.role();
            let mut links = Vec::new();
            if matches!(role, Some(Role::Desk | Role::Admin)) {
                links.push(("/kiosks", tr.t("nav-kiosks")));
            }
            if matches!(role, Some(Role::CaseHandler | Role::Admin)) {
                links.push(("/requests", tr.t("nav-requests")));
            }
            if matches!(role, Some(Role::Editor | Role::Reviewer | Role::Admin)) {
                links.push(("/content", tr.t("nav-content")));
                links.push(("/statistics", tr.t("nav-statistics")));
            }
            if role == Some(Role::Admin) {
                links.push(("/accounts", tr.t("nav-accounts")));
                links.push(("/audit", tr.t("nav-audit")));
            }
            let role_name = tr.t(&format!("role-{}", user.role));
            Nav {
                label: tr.t("nav-label"),
                links,
                who: tr.args("signed-in-as", &[("name", user.name.clone().into()), ("role", role_name.into())]),
                csrf: csrf.to_string(),
                sign_out: tr.t("button-sign-out"),
            }
        });
        let languages =
            LANGUAGES.iter().map(|(code, name, _)| Language { code, name, current: *code == tr.lang }).collect();
        Chrome {
            lang: tr.lang,
            title,
            municipality: municipality.to_string(),
            language_label: tr.t("language"),
            languages,
            nav,
        }
    }
}

/// A template as an HTML response; a template that cannot render (a bug) is logged and answered
/// with 500, never half a page.
pub(super) fn html(status: StatusCode, page: &impl Template) -> Response {
    match page.render() {
        Ok(body) => (status, [(header::CONTENT_TYPE, "text/html; charset=utf-8")], body).into_response(),
        Err(e) => {
            tracing::error!(error = %e, "cannot render a page");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}

/// One option of a list.
pub(super) struct Choice {
    pub(super) value: String,
    pub(super) label: String,
    pub(super) selected: bool,
}

impl Choice {
    pub(super) fn new(value: &str, label: String, selected: bool) -> Choice {
        Choice { value: value.to_string(), label, selected }
    }
}

/// A page that says something in a few paragraphs.
#[derive(Template)]
#[template(path = "message.html")]
pub(super) struct Message {
    pub(super) chrome: Chrome,
    pub(super) paragraphs: Vec<String>,
}

/// `value` for a URL's query: letters, digits and `-._` as they are, every other byte as `%XX`.
pub(super) fn query_value(value: &str) -> String {
    value
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' => (b as char).to_string(),
            b => format!("%{b:02X}"),
        })
        .collect()
}

/// Whole minutes from `then_ms` to `now_ms`, never below 0.
pub(super) fn minutes(then_ms: i64, now_ms: i64) -> u64 {
    u64::try_from((now_ms - then_ms).max(0) / 60_000).unwrap_or(0)
}
