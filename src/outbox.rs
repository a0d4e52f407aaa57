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
