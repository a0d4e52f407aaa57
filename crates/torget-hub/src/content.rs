//! The rules of content review, in one place for the command line and the pages: what state a
//! draft is in, who may publish it, and which sequence the next bundle takes.
//!
//! It decides; it does not store, sign or render. The store keeps who touched a draft
//! ([`crate::store::Draft::editors`]); the studio pages and `torget-hub content publish` call
//! these functions and act on a [`Refusal`]'s variant, never on its sentence.

use crate::store::{Draft, Published};

/// Where a draft is on its way to the kiosks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DraftState {
    /// Brought to the hub, still editable, not yet sent for review.
    Draft,
    /// Sent for review: no longer editable; someone who did not touch it may publish it.
    InReview,
    /// Published to the kiosks as a signed bundle.
    Published,
}

impl DraftState {
    /// The word the store keeps.
    pub const fn as_str(self) -> &'static str {
        match self {
            DraftState::Draft => "draft",
            DraftState::InReview => "in-review",
            DraftState::Published => "published",
        }
    }
}

impl std::str::FromStr for DraftState {
    type Err = String;

    fn from_str(s: &str) -> Result<DraftState, String> {
        [DraftState::Draft, DraftState::InReview, DraftState::Published]
            .into_iter()
            .find(|state| state.as_str() == s)
            .ok_or_else(|| format!("`{s}` is not a draft state"))
    }
}

/// Why content may not be published (or numbered) as asked.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    #[error("this content is not waiting for review")]
    NotInReview,
    /// The two-person rule: whoever brought, edited or sent content is not its second person.
    #[error("someone other than you must publish what you brought, edited or sent")]
    OwnWork,
    #[error("sequence {asked} is not above the last published bundle's ({last}); kiosks would refuse it")]
    SequenceNotAbove { asked: u64, last: u64 },
}

/// Whether `person` may publish `draft`: only content in review, and only by someone who neither
/// brought it, nor edited it (a form, a text), nor sent it for review. Editing counts because an
/// edit by the publisher, sent on by the one who brought it, would otherwise be published by its
/// own author with nobody else having read it (issue 28, item 4).
pub fn may_publish(draft: &Draft, person: &str) -> Result<(), Refusal> {
    if draft.state != DraftState::InReview {
        return Err(Refusal::NotInReview);
    }
    let touched = draft.created_by == person
        || draft.submitted_by.as_deref() == Some(person)
        || draft.editors.iter().any(|e| e == person);
    if touched { Err(Refusal::OwnWork) } else { Ok(()) }
}

/// The sequence of the next bundle, given every bundle published so far: `asked` when it is above
/// all of theirs, otherwise the current time in seconds (`now_s`) or one above the highest, whichever
/// is higher. The command line and the pages both number through here, so bundles from either keep
/// rising and no kiosk refuses one as older than what it has.
pub fn next_sequence(published: &[Published], asked: Option<u64>, now_s: u64) -> Result<u64, Refusal> {
    let last = published
        .iter()
        .filter_map(|p| serde_json::from_str::<torget_common::bundle::SignedBundle>(&p.signed).ok())
        .filter_map(|s| torget_common::bundle::claimed_sequence(&s))
        .max();
    match (asked, last) {
        (Some(asked), Some(last)) if asked <= last => Err(Refusal::SequenceNotAbove { asked, last }),
        (Some(asked), _) => Ok(asked),
        (None, last) => Ok(now_s.max(last.map_or(0, |l| l + 1))),
    }
}

/// The current time in whole seconds, as [`next_sequence`] takes it.
pub fn now_s() -> u64 {
    (torget_common::sqlite::now_ms() / 1000).max(0) as u64
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draft(state: DraftState) -> Draft {
        Draft {
            id: 1,
            files: Default::default(),
            note: String::new(),
            state,
            created_by: "eva".into(),
            created_ms: 0,
            submitted_by: Some("eva".into()),
            published_by: None,
            published_version: None,
            editors: vec!["eva".into(), "admin".into()],
            returned: None,
        }
    }

    #[test]
    fn nobody_who_brought_edited_or_sent_content_publishes_it() {
        let sent = draft(DraftState::InReview);
        assert_eq!(may_publish(&sent, "eva"), Err(Refusal::OwnWork));
        assert_eq!(may_publish(&sent, "admin"), Err(Refusal::OwnWork), "an editor of someone else's draft");
        assert_eq!(may_publish(&sent, "olle"), Ok(()));
        assert_eq!(may_publish(&draft(DraftState::Draft), "olle"), Err(Refusal::NotInReview));
        assert_eq!(may_publish(&draft(DraftState::Published), "olle"), Err(Refusal::NotInReview));
    }

    #[test]
    fn the_next_sequence_rises_above_every_published_bundle_not_only_the_newest() {
        let (signing, _) = torget_common::bundle::generate_signing_key();
        let published: Vec<Published> = [("2026-11-02.1", 500), ("2026-11-01.1", 900)]
            .into_iter()
            .map(|(version, sequence)| {
                let bundle =
                    torget_common::bundle::Bundle { version: version.into(), sequence, files: Default::default() };
                let signed = torget_common::bundle::sign(&bundle, &signing).unwrap();
                Published { version: version.into(), signed: serde_json::to_string(&signed).unwrap(), published_ms: 0 }
            })
            .collect();
        assert_eq!(next_sequence(&published, None, 100), Ok(901));
        assert_eq!(next_sequence(&published, None, 5000), Ok(5000));
        assert_eq!(
            next_sequence(&published, Some(600), 5000),
            Err(Refusal::SequenceNotAbove { asked: 600, last: 900 })
        );
        assert_eq!(next_sequence(&published, Some(901), 5000), Ok(901));
        assert_eq!(next_sequence(&[], None, 7), Ok(7));
    }

    #[test]
    fn a_state_is_read_back_from_its_word() {
        for state in [DraftState::Draft, DraftState::InReview, DraftState::Published] {
            assert_eq!(state.as_str().parse(), Ok(state));
        }
        assert!("sent".parse::<DraftState>().is_err());
    }
}
