//! What both sides of Torget speak: the kiosk (`torget`) and the back office (`torget-hub`).
//!
//! Wire types ([`protocol`]), sealing to the municipality's key ([`seal`]), reference codes
//! ([`reference`]), signed content bundles ([`bundle`]) and how a SQLite file is opened ([`sqlite`]).
//! Nothing here knows about screens, speech or HTTP servers; neither side's state lives here.

pub mod bundle;
pub mod protocol;
pub mod reference;
pub mod seal;
pub mod sqlite;

/// Logs to standard error, filtered by `TORGET_LOG` (default `info`); for the binaries.
pub fn init_logging() {
    tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::try_from_env("TORGET_LOG").unwrap_or_else(|_| "info".into()))
        .with_writer(std::io::stderr)
        .init();
}

/// Writes a secret (a private key, a signing key) to a new file only its owner can read (0600).
/// Refuses to overwrite an existing file, so that no key is ever lost.
pub fn write_secret(path: &std::path::Path, text: &str) -> std::io::Result<()> {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    let mut f = std::fs::OpenOptions::new().write(true).create_new(true).mode(0o600).open(path)?;
    writeln!(f, "{text}")?;
    f.sync_all()
}
