//! Wire types shared by the kiosk and the back office.
//!
//! A [`Submission`] is what a visitor sends: it is serialised to JSON, sealed with [`crate::seal`] and
//! only then stored or sent. Its id (UUIDv7) is the idempotency key end to end.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// An answer: one value (text, choice, yes/no as "yes"/"no") or several (multi-choice).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Answer {
    One(String),
    Many(Vec<String>),
}

impl Answer {
    pub fn has(&self, value: &str) -> bool {
        match self {
            Answer::One(v) => v == value,
            Answer::Many(vs) => vs.iter().any(|v| v == value),
        }
    }
}

/// Bumped when the shape of [`Submission`] changes.
pub const SUBMISSION_SCHEMA: u32 = 1;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Submission {
    pub schema: u32,
    pub id: Uuid,
    pub kiosk_id: String,
    pub service_id: String,
    pub service_version: u32,
    pub lang: String,
    /// RFC 3339, UTC.
    pub created_at: String,
    pub assisted: bool,
    /// The staff account that helped (an account id, never shown to the visitor); absent when unassisted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assisted_by: Option<String>,
    pub answers: BTreeMap<String, Answer>,
}

impl Submission {
    pub fn new(
        service_id: &str,
        service_version: u32,
        lang: &str,
        answers: BTreeMap<String, Answer>,
        kiosk_id: &str,
        now: time::OffsetDateTime,
    ) -> Submission {
        let created_at =
            now.format(&time::format_description::well_known::Rfc3339).expect("a UTC time always formats as RFC 3339");
        Submission {
            schema: SUBMISSION_SCHEMA,
            id: Uuid::now_v7(),
            kiosk_id: kiosk_id.to_string(),
            service_id: service_id.to_string(),
            service_version,
            lang: lang.to_string(),
            created_at,
            assisted: false,
            assisted_by: None,
            answers,
        }
    }

    pub fn created_at_ms(&self) -> i64 {
        time::OffsetDateTime::parse(&self.created_at, &time::format_description::well_known::Rfc3339)
            .map_or(0, |t| (t.unix_timestamp_nanos() / 1_000_000) as i64)
    }
}

/// One sealed request as it travels to the hub. The payload stays sealed end to end.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UploadItem {
    pub id: String,
    pub service_id: String,
    #[serde(deserialize_with = "json_integer::signed")]
    pub created_at_ms: i64,
    /// The sealed submission, base64.
    pub sealed: String,
}

/// `POST /v1/submissions`: a batch, oldest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UploadBatch {
    pub items: Vec<UploadItem>,
}

/// What the hub did with one item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ItemStatus {
    /// Stored now (committed before this answer was sent).
    Stored,
    /// The same id with the same payload was stored before: success, nothing changed.
    AlreadyStored,
    /// The same id with a different payload exists: never overwritten.
    Conflict,
    TooLarge,
    Invalid,
}

impl ItemStatus {
    /// The hub has this item: the kiosk may forget its payload.
    pub fn is_stored(self) -> bool {
        matches!(self, ItemStatus::Stored | ItemStatus::AlreadyStored)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ItemResult {
    pub id: String,
    pub status: ItemStatus,
}

/// The answer to an upload: one result per item, in any order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BatchResult {
    pub results: Vec<ItemResult>,
}

/// `POST /v1/heartbeat`: how the kiosk is doing, for the back office. Never any answer.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Heartbeat {
    pub version: String,
    #[serde(deserialize_with = "json_integer::unsigned")]
    pub queue_depth: u64,
    pub last_error: Option<String>,
    /// A visitor pressed "Get help from staff" and staff have not cleared it yet.
    #[serde(default)]
    pub help_requested: bool,
    /// The visitors' printer: "ready" or "not working: …"; absent when the kiosk has none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub printer: Option<String>,
    /// The content the kiosk shows: an installed bundle's version, or "built-in". Absent, never
    /// null, when not known (as the API's document says; a null was taken before, issue 28).
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "present")]
    pub content_version: Option<String>,
    /// Reading aloud: "working" or "not working: …"; absent (never null) before the kiosk knows.
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "present")]
    pub speech: Option<String>,
    /// Free space where the kiosk keeps its queue, in MiB: a whole number in any notation up to
    /// 2^53 − 1, absent (never null) when not known.
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "json_integer::present_unsigned")]
    pub free_disk_mb: Option<u64>,
    /// Requests the hub refused and that will never be sent (kept on the kiosk for staff).
    #[serde(default, deserialize_with = "json_integer::unsigned")]
    pub could_not_send: u64,
    /// Usage figures the hub has not confirmed yet (at most
    /// [`crate::usage::MAX_ROWS_PER_BEAT`]); absent when there are none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub usage: Vec<crate::usage::UsageRow>,
}

/// The hub's answer to a heartbeat: the kiosk name its credential belongs to, so a kiosk whose
/// `kiosk_id` says otherwise learns it before it sends requests that export would refuse.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HeartbeatAnswer {
    pub kiosk: String,
    /// Staff's answer to this kiosk's help call; absent while no one has answered, or when no help
    /// was asked for. An answer this version does not know reads as none.
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "known_help")]
    pub help: Option<HelpAnswer>,
}

/// Staff's answer to a kiosk's help call, on the wire as `"coming"` or `"done"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum HelpAnswer {
    /// Someone from the desk is on the way to the visitor who asked for help.
    Coming,
    /// Staff closed the help call at the desk.
    Done,
}

impl HelpAnswer {
    pub const ALL: [HelpAnswer; 2] = [HelpAnswer::Coming, HelpAnswer::Done];

    /// The answer as the wire, the hub's database and the desk's form write it.
    pub fn as_str(self) -> &'static str {
        match self {
            HelpAnswer::Coming => "coming",
            HelpAnswer::Done => "done",
        }
    }
}

impl std::str::FromStr for HelpAnswer {
    type Err = String;

    fn from_str(s: &str) -> Result<HelpAnswer, String> {
        HelpAnswer::ALL.into_iter().find(|a| a.as_str() == s).ok_or_else(|| format!("`{s}` is not a help answer"))
    }
}

/// A property that may be absent but, when present, is never null (`Option` alone would take null).
fn present<'de, D: serde::Deserializer<'de>, T: Deserialize<'de>>(d: D) -> Result<Option<T>, D::Error> {
    T::deserialize(d).map(Some)
}

/// A newer hub's answer that this kiosk does not know is no answer, not an unreadable heartbeat.
fn known_help<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<HelpAnswer>, D::Error> {
    Ok(Option::<String>::deserialize(d)?.and_then(|s| s.parse().ok()))
}

/// Integers as JSON Schema means them: any number without a fraction (`7` and `7.0`), up to
/// 2^53 − 1, the largest every JSON reader keeps exactly.
pub mod json_integer {
    use serde::Deserializer;
    use serde::de::{Error, Unexpected, Visitor};

    /// The largest integer the API takes (2^53 − 1).
    pub const MAX: u64 = (1 << 53) - 1;

    struct Integer;

    impl Visitor<'_> for Integer {
        type Value = u64;

        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            write!(f, "a whole number from 0 to {MAX}")
        }

        fn visit_u64<E: Error>(self, v: u64) -> Result<u64, E> {
            if v <= MAX { Ok(v) } else { Err(E::invalid_value(Unexpected::Unsigned(v), &self)) }
        }

        fn visit_i64<E: Error>(self, v: i64) -> Result<u64, E> {
            u64::try_from(v).map_err(|_| E::invalid_value(Unexpected::Signed(v), &self)).and_then(|v| self.visit_u64(v))
        }

        fn visit_f64<E: Error>(self, v: f64) -> Result<u64, E> {
            if v.fract() == 0.0 && (0.0..=MAX as f64).contains(&v) {
                Ok(v as u64)
            } else {
                Err(E::invalid_value(Unexpected::Float(v), &self))
            }
        }
    }

    pub fn unsigned<'de, D: Deserializer<'de>>(d: D) -> Result<u64, D::Error> {
        d.deserialize_any(Integer)
    }

    /// A property that may be absent but, when present, is a whole number (never null).
    pub fn present_unsigned<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u64>, D::Error> {
        unsigned(d).map(Some)
    }

    pub fn signed<'de, D: Deserializer<'de>>(d: D) -> Result<i64, D::Error> {
        // At most 2^53 − 1, so always within i64.
        d.deserialize_any(Integer).map(|v| v as i64)
    }

    #[cfg(test)]
    mod tests {
        #[derive(serde::Deserialize)]
        struct N {
            #[serde(deserialize_with = "super::unsigned")]
            n: u64,
        }

        fn n(json: &str) -> Option<u64> {
            serde_json::from_str::<N>(&format!("{{\"n\": {json}}}")).ok().map(|n| n.n)
        }

        #[test]
        fn whole_numbers_in_any_notation_up_to_2_pow_53() {
            assert_eq!(n("121"), Some(121));
            assert_eq!(n("121.0"), Some(121));
            assert_eq!(n("1e3"), Some(1000));
            assert_eq!(n("9007199254740991"), Some(super::MAX));
            assert_eq!(n("9007199254740992"), None);
            assert_eq!(n("18446744073709551616"), None);
            assert_eq!(n("-1"), None);
            assert_eq!(n("1.5"), None);
            assert_eq!(n("\"1\""), None);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_help_answer_reads_as_written_and_an_unknown_one_as_none() {
        for answer in HelpAnswer::ALL {
            let json = serde_json::to_string(&HeartbeatAnswer { kiosk: "k".into(), help: Some(answer) }).unwrap();
            assert!(json.contains(&format!("\"help\":\"{}\"", answer.as_str())), "{json}");
            assert_eq!(serde_json::from_str::<HeartbeatAnswer>(&json).unwrap().help, Some(answer));
            assert_eq!(answer.as_str().parse::<HelpAnswer>(), Ok(answer));
        }
        let newer: HeartbeatAnswer = serde_json::from_str(r#"{"kiosk": "k", "help": "delayed"}"#).unwrap();
        assert_eq!((newer.kiosk.as_str(), newer.help), ("k", None), "the kiosk's name is still heard");
        let none: HeartbeatAnswer = serde_json::from_str(r#"{"kiosk": "k"}"#).unwrap();
        assert_eq!(none.help, None);
        assert!("Coming".parse::<HelpAnswer>().is_err());
    }
}

/// The hub's free times (`GET /v1/times`): every bookable resource's, and how long a chosen time
/// is held for the visit (0: the hub books no times).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FreeTimes {
    pub hold_minutes: u32,
    pub resources: Vec<ResourceTimes>,
}

/// One resource's free times.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResourceTimes {
    /// The resource's id, as a service's question names it.
    pub resource: String,
    /// How long a meeting lasts.
    pub minutes: u32,
    /// When the hub last read the resource's calendar (ms since 1970); absent when it never could.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub read_at_ms: Option<i64>,
    /// Each free time's start, RFC 3339 with the resource's offset, earliest first.
    pub times: Vec<String>,
}

/// A visit's wish to hold a time (`POST /v1/holds`): only the time, the resource and the
/// request's id, never anything of the visitor.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HoldRequest {
    /// The request's id, which the sealed request will carry.
    pub id: Uuid,
    pub resource: String,
    /// A start from [`ResourceTimes::times`].
    pub start: String,
}

/// The hub's answer to a hold it granted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct HoldAnswer {
    pub held_until_ms: i64,
}
