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
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Heartbeat {
    pub version: String,
    pub queue_depth: u64,
    pub last_error: Option<String>,
    /// A visitor pressed "Get help from staff" and staff have not cleared it yet.
    #[serde(default)]
    pub help_requested: bool,
}
