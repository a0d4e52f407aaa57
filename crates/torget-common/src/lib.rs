//! What both sides of Torget speak: the kiosk (`torget`) and the back office (`torget-hub`).
//!
//! Wire types ([`protocol`]), sealing to the municipality's key ([`seal`]), reference codes
//! ([`reference`]), signed content bundles ([`bundle`]), password and PIN hashes ([`password`]) and
//! how a SQLite file is opened ([`sqlite`]).
//! Nothing here knows about screens, speech or HTTP servers; neither side's state lives here.

pub mod bundle;
pub mod password;
pub mod protocol;
pub mod reference;
pub mod seal;
pub mod sqlite;
pub mod usage;

/// Logs to standard error, filtered by `TORGET_LOG` (default `info`); for the binaries.
pub fn init_logging() {
    use std::io::IsTerminal;
    let filter = tracing_subscriber::EnvFilter::try_from_env("TORGET_LOG").unwrap_or_else(|_| "info".into());
    let builder = tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr);
    if std::env::var_os("JOURNAL_STREAM").is_some() && !std::io::stderr().is_terminal() {
        // Under systemd: plain lines with the level as a syslog prefix (`<3>` …) that the journal
        // reads, and no time stamp of our own (the journal keeps one).
        builder.with_ansi(false).event_format(journal::Prefixed::default()).init();
    } else {
        builder.with_ansi(std::io::stderr().is_terminal()).init();
    }
}

/// Log lines as the journal reads them from standard error.
pub mod journal {
    use tracing::{Event, Level, Subscriber};
    use tracing_subscriber::fmt::FmtContext;
    use tracing_subscriber::fmt::format::{self, FormatEvent, FormatFields, Writer};
    use tracing_subscriber::registry::LookupSpan;

    /// The syslog priority of a level, as `sd-daemon(3)` prefixes read it.
    pub fn priority(level: &Level) -> u8 {
        match *level {
            Level::ERROR => 3,
            Level::WARN => 4,
            Level::INFO => 6,
            Level::DEBUG | Level::TRACE => 7,
        }
    }

    /// The usual format without time or colour, each line prefixed with `<priority>`.
    pub struct Prefixed(format::Format<format::Full, ()>);

    impl Default for Prefixed {
        fn default() -> Prefixed {
            Prefixed(format::Format::default().without_time().with_ansi(false).with_level(false))
        }
    }

    impl<S, N> FormatEvent<S, N> for Prefixed
    where
        S: Subscriber + for<'a> LookupSpan<'a>,
        N: for<'a> FormatFields<'a> + 'static,
    {
        fn format_event(
            &self,
            ctx: &FmtContext<'_, S, N>,
            mut writer: Writer<'_>,
            event: &Event<'_>,
        ) -> std::fmt::Result {
            write!(writer, "<{}>", priority(event.metadata().level()))?;
            self.0.format_event(ctx, writer, event)
        }
    }
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
