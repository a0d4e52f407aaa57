//! Seal, then enqueue: the one way a finished request reaches the kiosk's disk.
//!
//! [`Outbox::save`] serialises a [`Submission`], seals it to the municipality's public key and writes
//! it to the store in one fsync'd transaction; only when that returns `Ok` may a receipt be shown.
//! The visit (`app`), `torget soak` and the benchmark all go through here. It owns the kiosk's store
//! connection, opening it again after a failure, so a store that could not be opened at start (a full
//! or read-only disk) is tried again at the next Send. It never sees a key that could open a request.

use std::path::{Path, PathBuf};

use crate::protocol::Submission;
use crate::reference;
use crate::seal::SealingKey;
use crate::store::{OutboxItem, Store, StoreError, StoreOptions};

#[derive(Debug, thiserror::Error)]
pub enum SaveError {
    #[error("the request could not be sealed")]
    Seal,
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// A submission sealed for the outbox, with its reference code. Nothing in it is plain text but the
/// ids, the service and the time.
pub fn seal(key: &SealingKey, submission: &Submission) -> Result<OutboxItem, SaveError> {
    let json = serde_json::to_vec(submission).map_err(|_| SaveError::Seal)?;
    let sealed = key.seal(&json).map_err(|_| SaveError::Seal)?;
    Ok(OutboxItem {
        id: submission.id.to_string(),
        reference: reference::from_id(submission.id),
        service_id: submission.service_id.clone(),
        service_version: submission.service_version,
        created_at_ms: submission.created_at_ms(),
        sealed,
    })
}

/// The kiosk's outbox: the sealing key, the kiosk's name and its store.
pub struct Outbox {
    key: SealingKey,
    kiosk_id: String,
    database: PathBuf,
    options: StoreOptions,
    store: Option<Store>,
}

impl Outbox {
    /// Opens the store at `database`. A store that cannot be opened is not fatal: it is logged and
    /// tried again at the next [`Outbox::store`] or [`Outbox::save`].
    pub fn open(key: SealingKey, kiosk_id: String, database: PathBuf, options: StoreOptions) -> Outbox {
        let store = match Store::open(&database, options) {
            Ok(s) => Some(s),
            Err(e) => {
                tracing::error!(error = %e, path = %database.display(), "cannot open the store");
                None
            }
        };
        Outbox { key, kiosk_id, database, options, store }
    }

    /// The name the kiosk's requests carry.
    pub fn kiosk_id(&self) -> &str {
        &self.kiosk_id
    }

    /// Where the store lives (its folder's free space is part of the kiosk's health).
    pub fn database(&self) -> &Path {
        &self.database
    }

    /// The store, opened again if it was not open (at start, or after a failed save).
    pub fn store(&mut self) -> Result<&mut Store, StoreError> {
        if self.store.is_none() {
            self.store = Some(Store::open(&self.database, self.options)?);
        }
        Ok(self.store.as_mut().expect("opened above"))
    }

    /// The store if it is open now, without trying to open it.
    pub fn open_store(&self) -> Option<&Store> {
        self.store.as_ref()
    }

    /// Seals the request and writes it durably. Returns its reference code only after the commit.
    /// After a failure the connection is dropped, so the next save opens the file afresh.
    pub fn save(&mut self, submission: &Submission) -> Result<String, SaveError> {
        let item = seal(&self.key, submission)?;
        let result = self.store().map_err(SaveError::from).and_then(|s| Ok(s.enqueue(&item)?));
        match result {
            Ok(()) => Ok(item.reference),
            Err(e) => {
                self.store = None;
                Err(e)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;
    use crate::protocol::Answer;
    use crate::seal::OpeningKey;

    fn submission() -> Submission {
        let mut answers = BTreeMap::new();
        answers.insert("where".to_string(), Answer::One("Storgatan 12".into()));
        Submission::new("report-fault", 1, "sv", answers, "kiosk-1", time::OffsetDateTime::now_utc())
    }

    #[test]
    fn a_saved_request_is_sealed_on_disk_under_its_reference() {
        let dir = tempfile::tempdir().unwrap();
        let key = OpeningKey::generate();
        let mut outbox =
            Outbox::open(key.sealing_key(), "kiosk-1".into(), dir.path().join("kiosk.db"), StoreOptions::default());
        let s = submission();
        let reference = outbox.save(&s).unwrap();
        assert_eq!(reference, reference::from_id(s.id));
        let other = Store::open(&dir.path().join("kiosk.db"), StoreOptions::default()).unwrap();
        let sealed = other.sealed(&s.id.to_string()).unwrap().expect("committed before the reference came back");
        assert!(!sealed.windows(b"Storgatan".len()).any(|w| w == b"Storgatan"), "sealed, not plain");
        let opened: Submission = serde_json::from_slice(&key.open(&sealed).unwrap()).unwrap();
        assert_eq!(opened, s);
    }

    #[test]
    fn a_store_that_could_not_be_opened_is_tried_again_at_the_next_save() {
        let dir = tempfile::tempdir().unwrap();
        // A file where the store's folder should be: nothing can be written there.
        let blocked = dir.path().join("data");
        std::fs::write(&blocked, b"not a folder").unwrap();
        let key = OpeningKey::generate().sealing_key();
        let mut outbox = Outbox::open(key, "kiosk-1".into(), blocked.join("kiosk.db"), StoreOptions::default());
        assert!(outbox.open_store().is_none());
        assert!(matches!(outbox.save(&submission()), Err(SaveError::Store(_))), "no reference without a store");
        std::fs::remove_file(&blocked).unwrap();
        assert!(outbox.save(&submission()).is_ok(), "the disk is fixed: saving works again");
    }
}
