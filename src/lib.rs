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
pub mod keyboard;
pub mod lint;
pub mod protocol;
pub mod reference;
pub mod seal;
pub mod session;
pub mod speech;
pub mod staff;
pub mod store;
pub mod sync;
pub mod ui;
pub mod validate;

/// Logs to standard error, filtered by `TORGET_LOG` (default `info`); for the binaries.
pub fn init_logging() {
    tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::try_from_env("TORGET_LOG").unwrap_or_else(|_| "info".into()))
        .with_writer(std::io::stderr)
        .init();
}
