//! Torget: a touchscreen kiosk for municipal e-services, for residents who cannot use them alone.
//!
//! See ARCHITECTURE.md for how the modules fit together. Binaries only parse arguments and call in here.

pub mod app;
pub mod bundle;
pub mod config;
pub mod content;
pub mod demo;
pub mod hub;
pub mod i18n;
pub mod lint;
pub mod protocol;
pub mod reference;
pub mod seal;
pub mod session;
pub mod speech;
pub mod store;
pub mod sync;
pub mod ui;
pub mod validate;
