//! The archive bridge: runs inside the municipality's network beside the archive system, holds the
//! private key, and turns each sealed request the hub received into one delivery package for the
//! archive's import ([`package`]: a Fiks Arkiv `arkivmelding` for Norway, or [`sip`]: an E-ARK SIP
//! for Sweden), exactly once ([`bridge`], [`ledger`]); it reads the archive's receipts
//! ([`receipt`]) and tells the hub the journal number. It is a binary of its own so that the key
//! lives on one machine and the hub never sees a request in plain text.

pub mod bridge;
pub mod config;
pub mod ledger;
pub mod package;
pub mod receipt;
pub mod sip;
