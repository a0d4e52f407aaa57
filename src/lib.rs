//! Torget: a touchscreen kiosk for municipal e-services, for residents who cannot use them alone.
//!
//! See ARCHITECTURE.md for how the crates and modules fit together. Binaries only parse arguments
//! and call in here. What the kiosk shares with the hub comes from `torget-common`; content loading
//! and its checks from `torget-content`. They are re-exported under their module names so the kiosk
//! reads as one library.

pub mod app;
pub mod config;
pub mod demo;
pub mod outbox;
pub mod print;
pub mod session;
pub mod speech;
pub mod staff;
pub mod store;
pub mod sync;
pub mod systemd;
pub mod times;
pub mod ui;

pub use torget_common::{bundle, init_logging, protocol, reference, seal, write_secret};
pub use torget_content::{appointment, content, i18n, keyboard, lint, pronunciation, validate};
