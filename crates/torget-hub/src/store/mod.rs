//! The hub's store: which kiosks may send, and the sealed submissions they sent.
//!
//! Idempotent by submission id: the same id with the same payload hash is "already stored"; the
//! same id with another payload is a conflict and is never overwritten. A batch is committed in one
//! transaction before the hub answers, so an acknowledgement always means "on the hub's disk".
//! Kiosk credentials are stored only as SHA-256 hashes. The hub never holds the private key.

mod sqlite;

pub use sqlite::*;
