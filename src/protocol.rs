//! Wire types shared by the kiosk and the back office.
//!
//! A [`Submission`] is what a visitor sends: it is serialised to JSON, sealed with [`crate::seal`] and
//! only then stored or sent. Its id (UUIDv7) is the idempotency key end to end.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::content::Service;
use crate::session::Answer;

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
    pub answers: BTreeMap<String, Answer>,
}

impl Submission {
    pub fn new(
        service: &Service,
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
            service_id: service.id.clone(),
            service_version: service.version,
            lang: lang.to_string(),
            created_at,
            assisted: false,
            answers,
        }
    }

    pub fn created_at_ms(&self) -> i64 {
        time::OffsetDateTime::parse(&self.created_at, &time::format_description::well_known::Rfc3339)
            .map_or(0, |t| (t.unix_timestamp_nanos() / 1_000_000) as i64)
    }
}
