//! torget-hub, the reference back office: receives sealed requests from kiosks and keeps them
//! until a case handler opens them with the municipality's private key.
//!
//! [`api`] is the HTTP API (axum), [`store`] the hub's database (SQLite or PostgreSQL). The hub never
//! sees plaintext and never links the kiosk's screen, speech or display libraries.

pub mod api;
pub mod store;

pub use api::{HubError, MAX_BATCH_ITEMS, MAX_BODY_BYTES, MAX_ITEM_BYTES, OPENAPI, router, serve, serve_tls};
