//! torget-hub, the reference back office: receives sealed requests from kiosks and keeps them
//! until a case handler opens them with the municipality's private key.
//!
//! [`api`] is the HTTP API (axum), [`serve`] the connections under it (deadlines and bounds), [`store`] the hub's database (SQLite or PostgreSQL). The hub never
//! sees plaintext and never links the kiosk's screen, speech or display libraries.

pub mod accounts;
pub mod api;
pub mod booking;
pub mod calendar;
pub mod changes;
pub mod content;
pub mod serve;
pub mod sign_in;
pub mod statistics;
pub mod store;
pub mod web;

pub use api::{
    HubError, MAX_BATCH_ITEMS, MAX_BODY_BYTES, MAX_ITEM_BYTES, OPENAPI, router, router_full, router_with, serve,
    serve_full, serve_tls, serve_with, tls_acceptor,
};
pub use serve::Limits;
