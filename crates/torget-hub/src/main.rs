//! The `torget-hub` binary: the reference back office. Parses arguments and calls `torget_hub`.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use clap::{Parser, Subcommand};

use torget_common::protocol::Submission;
use torget_common::seal::OpeningKey;
use torget_hub::accounts::{self, Role};
use torget_hub::store::{Database, Location};

#[derive(Parser)]
#[command(name = "torget-hub", version, about = "Back office for Torget kiosks: receives sealed requests")]
struct Cli {
    /// The hub's SQLite database file (same as --database sqlite:PATH).
    #[arg(long, global = true, conflicts_with = "database")]
    db: Option<PathBuf>,
    /// Where the hub keeps its data: sqlite:PATH, or postgres://user:password@host:port/database
    /// (also from TORGET_HUB_DATABASE, which keeps a password out of the process list).
    #[arg(long, global = true, env = "TORGET_HUB_DATABASE", hide_env_values = true)]
    database: Option<Location>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
// Parsed once at start: `serve`'s many options cost nothing worth boxing.
#[allow(clippy::large_enum_variant)]
enum Command {
    /// Serve the HTTP API.
    Serve {
        #[arg(long, env = "TORGET_HUB_LISTEN", default_value = "127.0.0.1:8080")]
        listen: SocketAddr,
        /// Certificate chain (PEM); with --tls-key the hub speaks HTTPS only.
        #[arg(long, env = "TORGET_HUB_TLS_CERT", requires = "tls_key")]
        tls_cert: Option<PathBuf>,
        /// Private key of the certificate (PEM).
        #[arg(long, env = "TORGET_HUB_TLS_KEY", requires = "tls_cert")]
        tls_key: Option<PathBuf>,
        /// Connections open at once; at the bound new ones wait (and the log says so).
        #[arg(long, default_value_t = 1024)]
        max_connections: usize,
        /// Upload batches stored at once; one more is answered 429 with Retry-After (heartbeats,
        /// which carry help calls, never are).
        #[arg(long, default_value_t = 64)]
        uploads_at_once: usize,
        /// The Retry-After, in seconds, of such a 429; kiosks add a random part of up to as much.
        #[arg(long, default_value_t = 5)]
        busy_retry_after: u64,
        /// Seconds a client may take for the TLS handshake or a request's headers, and may stay
        /// idle between requests; a body may take four times as long.
        #[arg(long, default_value_t = 30)]
        client_timeout: u64,
        /// The municipality's name, at the top of every page for staff.
        #[arg(long, env = "TORGET_HUB_MUNICIPALITY", default_value = "Torget")]
        municipality: String,
        /// The pages' header colour (#rrggbb, dark enough for white text).
        #[arg(long, env = "TORGET_HUB_ACCENT", default_value = "#1d4f91")]
        accent: String,
        /// Minutes without use after which a signed-in browser must sign in again.
        #[arg(long, default_value_t = 30)]
        session_idle_minutes: u64,
        /// Hours after signing in at which a browser must sign in again, however busy it is.
        #[arg(long, default_value_t = 12)]
        session_hours: u64,
        /// Browsers reach the hub over HTTPS through a TLS proxy: cookies are marked Secure and
        /// pages send Strict-Transport-Security (always so when the hub serves TLS itself).
        #[arg(long)]
        secure_cookies: bool,
        /// A proxy in front of the hub (its address as the hub sees it; repeat for several): for a
        /// request from it, the sign-in counts and the audit log take the client's address from
        /// X-Forwarded-For. From anyone else the header is ignored.
        #[arg(long = "trusted-proxy", value_name = "ADDR")]
        trusted_proxies: Vec<std::net::IpAddr>,
        /// Minutes without a heartbeat after which the desk page shows a kiosk as out of contact.
        #[arg(long, default_value_t = 3)]
        offline_after_minutes: u64,
        /// The pages' language when the browser asks for none of sv, nb, en.
        #[arg(long, default_value = "sv", value_parser = ["sv", "nb", "en"])]
        staff_language: String,
        /// The time zone the pages show times in (an IANA name); by default Europe/Oslo when the
        /// staff language is nb, else Europe/Stockholm.
        #[arg(long, env = "TORGET_HUB_TIME_ZONE")]
        time_zone: Option<String>,
        /// The content (its assets/ and locales/) whose questions the case handler's inbox shows,
        /// until a bundle is published with `content publish` (then the newest bundle's).
        #[arg(long, env = "TORGET_HUB_CONTENT")]
        content: Option<PathBuf>,
        /// The key the kiosks check content with (their content_verify_key): content a reviewer
        /// signs in the browser is published only when its signature matches it.
        #[arg(long, env = "TORGET_HUB_CONTENT_VERIFY_KEY")]
        content_verify_key: Option<String>,
        /// The kiosk's program (e.g. /usr/bin/torget from the torget package) to draw previews of
        /// content in review exactly as a kiosk draws them; without it there is no preview.
        #[arg(long, env = "TORGET_HUB_RENDERER")]
        renderer: Option<PathBuf>,
        /// Usage figures below this many visits are hidden on the statistics page and in the open
        /// data, with as many more as it takes that none can be worked out (at least 5).
        #[arg(long, default_value_t = 5, value_parser = clap::value_parser!(u64).range(5..))]
        statistics_threshold: u64,
        /// The bookable resources (advisers, citizen PCs) and their CalDAV calendars, a TOML file:
        /// kiosks then offer real times (README "Booking a time").
        #[arg(long, env = "TORGET_HUB_BOOKINGS")]
        bookings: Option<PathBuf>,
    },
    /// Manage the kiosks allowed to send.
    Kiosk {
        #[command(subcommand)]
        command: KioskCommand,
    },
    /// The archive bridge's credential: a machine account that may only fetch sealed requests
    /// and report what the archive said of them.
    ArchiveBridge {
        #[command(subcommand)]
        command: BridgeCommand,
    },
    /// Content bundles for the kiosks.
    Content {
        #[command(subcommand)]
        command: ContentCommand,
    },
    /// Accounts of the people who sign in to the hub's pages.
    User {
        #[command(subcommand)]
        command: UserCommand,
    },
    /// The audit log, newest first: what people did (sign-ins and every action), or with
    /// --sign-ins the failed and refused sign-ins, whose names are only what someone typed.
    Audit {
        /// How many entries.
        #[arg(long, default_value_t = 50)]
        last: u32,
        /// The failed and refused sign-ins instead, kept apart so that anonymous requests cannot
        /// push people's actions out.
        #[arg(long)]
        sign_ins: bool,
    },
    /// Decrypt every received request with the municipality's private key, for the case handler.
    Export {
        #[arg(long)]
        private_key: PathBuf,
        #[arg(long, value_enum, default_value = "jsonl")]
        format: Format,
    },
}

#[derive(Subcommand)]
enum KioskCommand {
    /// Register a kiosk, or enrol it again with a new credential; prints the credential once
    /// (only a hash is kept).
    Add { name: String },
    /// Revoke a kiosk's credential.
    Revoke { name: String },
    /// Every kiosk's last heartbeat: queue, last error, and whether a visitor is waiting for help.
    List,
    /// Say where a kiosk stands ("by the entrance, main library"), as the desk page shows it and
    /// its help alerts say it; an empty PLACE clears it.
    Place { name: String, place: String },
}

#[derive(Subcommand)]
enum BridgeCommand {
    /// Make a bridge's credential, or a new one in place of the old; prints it once (only a hash
    /// is kept).
    Add { name: String },
    /// Revoke a bridge's credential.
    Revoke { name: String },
}

#[derive(Subcommand)]
enum UserCommand {
    /// Add an account; its password is read from standard input (at least 12 characters).
    Add {
        name: String,
        /// desk (help calls and kiosks), case-handler (the requests), editor (brings content),
        /// reviewer (publishes what an editor sent) or admin (all, and accounts)
        #[arg(long)]
        role: Role,
    },
    /// Remove an account.
    Remove { name: String },
    /// Every account with its role.
    List,
    /// Give an account a new password, read from standard input.
    Reset { name: String },
}

#[derive(Subcommand)]
enum ContentCommand {
    /// Make a content-signing key pair: the signing key stays with the content team, the verifying
    /// key goes into every kiosk's config (content_verify_key).
    Keygen {
        #[arg(long, default_value = ".")]
        out: PathBuf,
    },
    /// Sign the content in DIR (its assets/ and locales/) and serve it to the kiosks.
    Publish {
        dir: PathBuf,
        #[arg(long)]
        signing_key: PathBuf,
        /// Version name, e.g. 2026-11-24.1
        #[arg(long)]
        version: String,
        /// Sequence number, above the last published bundle's; kiosks never install a lower one.
        /// Default: the current time in seconds.
        #[arg(long)]
        sequence: Option<u64>,
    },
    /// Bring the content in DIR (its assets/ and locales/) to the hub for review: a reviewer
    /// publishes it from the hub's Content page after checking it.
    Import {
        dir: PathBuf,
        /// What changed, in a few words.
        #[arg(long)]
        note: String,
    },
    /// Write a published version's (or a draft's) assets/ and locales/ into DIR, for those who
    /// keep content in git.
    Export {
        /// A published version, e.g. 2026-11-30.3
        #[arg(long, conflicts_with = "draft", required_unless_present = "draft")]
        version: Option<String>,
        /// A draft's number, as the Content page shows it.
        #[arg(long)]
        draft: Option<i64>,
        dir: PathBuf,
    },
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum Format {
    Jsonl,
    Csv,
}

fn main() -> ExitCode {
    torget_common::init_logging();
    match run(Cli::parse()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("torget-hub: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> Result<()> {
    let location = match (cli.database, cli.db) {
        (Some(location), _) => location,
        (None, Some(path)) => Location::Sqlite(path),
        (None, None) => Location::Sqlite("hub.db".into()),
    };
    // Keys and content are files: those commands need no database.
    match cli.command {
        Command::Content { command: ContentCommand::Keygen { out } } => content_keygen(&out),
        command => tokio::runtime::Runtime::new()?.block_on(with_database(&location, command)),
    }
}

async fn open(location: &Location) -> Result<Database> {
    Database::open(location).await.with_context(|| format!("opening the hub's database {location}"))
}

async fn with_database(location: &Location, command: Command) -> Result<()> {
    match command {
        Command::Serve {
            listen,
            tls_cert,
            tls_key,
            max_connections,
            uploads_at_once,
            busy_retry_after,
            client_timeout,
            municipality,
            accent,
            session_idle_minutes,
            session_hours,
            secure_cookies,
            trusted_proxies,
            staff_language,
            time_zone,
            offline_after_minutes,
            content,
            content_verify_key,
            renderer,
            statistics_threshold,
            bookings,
        } => {
            torget_hub::web::check_accent(&accent).map_err(anyhow::Error::msg)?;
            let time_zone = time_zone.unwrap_or_else(|| torget_hub::web::default_time_zone(&staff_language).into());
            torget_hub::web::check_time_zone(&time_zone).map_err(anyhow::Error::msg)?;
            let booking = match bookings {
                Some(file) => {
                    let bookings = torget_hub::calendar::Bookings::load(&file).map_err(anyhow::Error::msg)?;
                    let service =
                        torget_hub::booking::BookingService::new(bookings, &time_zone).map_err(anyhow::Error::msg)?;
                    tracing::info!(resources = service.resources().len(), "bookable times from the calendars");
                    Some(std::sync::Arc::new(service))
                }
                None => None,
            };
            let web = torget_hub::web::WebSettings {
                municipality,
                accent,
                idle: std::time::Duration::from_secs(session_idle_minutes.max(1) * 60),
                lifetime: std::time::Duration::from_secs(session_hours.max(1) * 60 * 60),
                secure_cookies,
                trusted_proxies,
                default_language: staff_language,
                time_zone,
                offline_after: std::time::Duration::from_secs(offline_after_minutes.max(1) * 60),
                content_dir: content,
                content_verify_key,
                renderer,
                statistics_threshold,
                booking: booking.clone(),
            };
            let tls = match (tls_cert, tls_key) {
                (Some(cert), Some(key)) => Some(torget_hub::tls_acceptor(&cert, &key)?),
                _ => None,
            };
            let limits = torget_hub::Limits {
                max_connections,
                uploads_at_once,
                busy_retry_after: std::time::Duration::from_secs(busy_retry_after.max(1)),
                ..torget_hub::Limits::with_client_timeout(std::time::Duration::from_secs(client_timeout.max(1)))
            };
            let store = open(location).await?;
            tracing::info!(database = %location, "database ready");
            if let Some(booking) = booking {
                booking.spawn(store.clone());
            }
            let listener = tokio::net::TcpListener::bind(listen).await?;
            let addr = listener.local_addr()?;
            if tls.is_some() {
                tracing::info!(%addr, "torget-hub listening (HTTPS)");
            } else {
                tracing::warn!(%addr, "torget-hub listening without TLS: use only behind a TLS proxy or on loopback");
            }
            torget_hub::serve_full(listener, store, tls, limits, web).await?;
            Ok(())
        }
        Command::Kiosk { command: KioskCommand::Add { name } } => {
            let token = open(location).await?.add_kiosk(&name).await?;
            println!("{token}");
            eprintln!("Put this credential in the kiosk's config as hub_token; it is not shown again.");
            Ok(())
        }
        Command::ArchiveBridge { command: BridgeCommand::Add { name } } => {
            let db = open(location).await?;
            let token = db.add_archive_bridge(&name).await?;
            db.audit("command line", "archive bridge credential made", &name).await?;
            println!("{token}");
            eprintln!("Put this credential in the bridge's token file; it is not shown again.");
            Ok(())
        }
        Command::ArchiveBridge { command: BridgeCommand::Revoke { name } } => {
            let db = open(location).await?;
            if !db.revoke_archive_bridge(&name).await? {
                bail!("no active archive bridge named {name}");
            }
            db.audit("command line", "archive bridge revoked", &name).await?;
            println!("revoked {name}");
            Ok(())
        }
        Command::Kiosk { command: KioskCommand::Revoke { name } } => {
            if !open(location).await?.revoke_kiosk(&name).await? {
                bail!("no active kiosk named {name}");
            }
            println!("revoked {name}");
            Ok(())
        }
        Command::Kiosk { command: KioskCommand::Place { name, place } } => {
            let place: String = place.trim().chars().filter(|c| !c.is_control()).collect();
            if place.chars().count() > torget_hub::web::MAX_PLACE_CHARS {
                bail!("a place is at most {} characters", torget_hub::web::MAX_PLACE_CHARS);
            }
            if !open(location).await?.set_place(&name, &place, "command line").await? {
                bail!("no kiosk named {name}");
            }
            println!("{name}: {}", if place.is_empty() { "place cleared" } else { &place });
            Ok(())
        }
        Command::Kiosk { command: KioskCommand::List } => {
            for b in open(location).await?.heartbeats().await? {
                let help = if b.help_requested { "  A VISITOR ASKS FOR HELP" } else { "" };
                let error = b.last_error.map(|e| format!("  last error: {e}")).unwrap_or_default();
                let printer = b.printer.map(|p| format!("  printer {p}")).unwrap_or_default();
                let heard = rfc3339(b.at_ms);
                let place = b.place.map(|p| format!(" ({p})")).unwrap_or_default();
                println!("{}{place}  last heard {heard}  queue {}{printer}{error}{help}", b.kiosk, b.queue_depth);
            }
            Ok(())
        }
        Command::User { command } => user(&open(location).await?, command).await,
        Command::Audit { last, sign_ins } => {
            let kind = if sign_ins { accounts::AuditKind::Anonymous } else { accounts::AuditKind::Person };
            for e in open(location).await?.audit_log_of(kind, last).await? {
                println!("{}", e.line(&rfc3339(e.at_ms)));
            }
            Ok(())
        }
        Command::Export { private_key, format } => export(&open(location).await?, &private_key, format).await,
        Command::Content { command: ContentCommand::Keygen { out } } => content_keygen(&out),
        Command::Content { command: ContentCommand::Import { dir, note } } => {
            let bundle = torget_common::bundle::pack(&dir, "import", 0)
                .with_context(|| format!("reading the content in {}", dir.display()))?;
            let id = open(location).await?.add_draft(&bundle.files, &note, "command line").await?;
            println!(
                "draft {id}: {} files, waiting on the Content page to be checked and sent for review",
                bundle.files.len()
            );
            Ok(())
        }
        Command::Content { command: ContentCommand::Export { version, draft, dir } } => {
            let store = open(location).await?;
            let files = match (version, draft) {
                (Some(version), _) => {
                    let published = store.published().await?;
                    let Some(found) = published.into_iter().find(|p| p.version == version) else {
                        bail!("no published version {version}");
                    };
                    let signed: torget_common::bundle::SignedBundle = serde_json::from_str(&found.signed)?;
                    torget_common::bundle::read_unverified(&signed)?.files
                }
                (None, Some(id)) => match store.draft(id).await? {
                    Some(d) => d.files,
                    None => bail!("no draft {id}"),
                },
                (None, None) => bail!("say which: --version or --draft"),
            };
            let count = files.len();
            let bundle = torget_common::bundle::Bundle { version: "export".into(), sequence: 0, files };
            torget_common::bundle::unpack(&bundle, &dir)?;
            println!("{count} files written under {}", dir.display());
            Ok(())
        }
        Command::Content { command: ContentCommand::Publish { dir, signing_key, version, sequence } } => {
            // Refuse to publish what a kiosk would refuse to install.
            torget_common::bundle::check_version(&version)?;
            torget_content::lint::load_checked(&dir).map_err(|p| anyhow::anyhow!("{p}"))?;
            let key =
                std::fs::read_to_string(&signing_key).with_context(|| format!("reading {}", signing_key.display()))?;
            let store = open(location).await?;
            let published = store.published().await?;
            let sequence = torget_hub::content::next_sequence(&published, sequence, torget_hub::content::now_s())?;
            let signed = torget_common::bundle::sign(&torget_common::bundle::pack(&dir, &version, sequence)?, &key)?;
            store.publish_bundle(&version, &serde_json::to_string(&signed)?).await?;
            println!("published content {version} (sequence {sequence})");
            Ok(())
        }
    }
}

/// Who the audit log names for what is done with this command on the server.
const COMMAND_LINE: &str = "command line";

async fn user(store: &Database, command: UserCommand) -> Result<()> {
    match command {
        UserCommand::Add { name, role } => {
            accounts::check_user_name(&name).map_err(anyhow::Error::msg)?;
            let hash = new_password_hash()?;
            if !store.add_user(COMMAND_LINE, &name, role, &hash).await? {
                bail!(
                    "there is already an account named {name} (torget-hub user reset {name} gives it a new password)"
                );
            }
            println!("added {name} ({role})");
        }
        UserCommand::Remove { name } => {
            if !store.remove_user(COMMAND_LINE, &name).await? {
                bail!("no account named {name}");
            }
            println!("removed {name}");
        }
        UserCommand::List => {
            for u in store.users().await? {
                let role = u.role().map_or_else(|| format!("{} (unknown to this version)", u.role), |r| r.to_string());
                println!("{}  {role}  password set {}", u.name, rfc3339(u.password_set_ms));
            }
        }
        UserCommand::Reset { name } => {
            if store.user_with_hash(&name).await?.is_none() {
                bail!("no account named {name}");
            }
            let hash = new_password_hash()?;
            if !store.set_password(COMMAND_LINE, &name, &hash).await? {
                bail!("no account named {name}");
            }
            println!("new password set for {name}");
        }
    }
    Ok(())
}

/// Reads a new password from standard input (its first line; on a terminal without echo) and hashes it.
fn new_password_hash() -> Result<String> {
    use std::io::{BufRead, IsTerminal};
    let terminal = std::io::stdin().is_terminal();
    if terminal {
        eprint!("Password (at least {} characters): ", accounts::MIN_PASSWORD_CHARS);
        let _ = std::process::Command::new("stty").arg("-echo").status();
    }
    let mut line = String::new();
    let read = std::io::stdin().lock().read_line(&mut line);
    if terminal {
        let _ = std::process::Command::new("stty").arg("echo").status();
        eprintln!();
    }
    read.context("reading the password from standard input")?;
    let password = line.strip_suffix('\n').unwrap_or(&line);
    let password = password.strip_suffix('\r').unwrap_or(password);
    accounts::check_new_password(password).map_err(anyhow::Error::msg)?;
    accounts::hash_password(password).map_err(|e| anyhow::anyhow!("hashing the password: {e}"))
}

/// A time as RFC 3339 in UTC, for the command's output.
fn rfc3339(ms: i64) -> String {
    time::OffsetDateTime::from_unix_timestamp_nanos(i128::from(ms) * 1_000_000)
        .ok()
        .and_then(|t| t.format(&time::format_description::well_known::Rfc3339).ok())
        .unwrap_or_default()
}

fn content_keygen(out: &Path) -> Result<()> {
    let (signing, verifying) = torget_common::bundle::generate_signing_key();
    std::fs::create_dir_all(out)?;
    let path = out.join("content-signing.key");
    if path.exists() {
        bail!("{} exists already; move it away first so no key is lost", path.display());
    }
    torget_common::write_secret(&path, &signing)?;
    println!("signing key: {} (keep it with the content team)", path.display());
    println!("content_verify_key = \"{verifying}\"");
    Ok(())
}

async fn export(store: &Database, private_key: &Path, format: Format) -> Result<()> {
    let key_text =
        std::fs::read_to_string(private_key).with_context(|| format!("reading {}", private_key.display()))?;
    let key = OpeningKey::from_base64(&key_text)?;
    let mut out = std::io::stdout().lock();
    use std::io::Write;
    if matches!(format, Format::Csv) {
        writeln!(out, "id,kiosk,service,language,created_at,assisted,answers")?;
    }
    // A row that cannot be read is named (id, kiosk, reason) and skipped: the rest are exported, and
    // the exit status says that something was left behind.
    let mut unreadable = 0;
    for row in store.all().await? {
        let submission = match open_row(&key, &row) {
            Ok(s) => s,
            Err(reason) => {
                eprintln!("torget-hub: request {} from kiosk {} cannot be exported: {reason}", row.id, row.kiosk);
                unreadable += 1;
                continue;
            }
        };
        match format {
            Format::Jsonl => writeln!(out, "{}", serde_json::to_string(&submission)?)?,
            Format::Csv => {
                let answers = serde_json::to_string(&submission.answers)?;
                let cells = [
                    submission.id.to_string(),
                    submission.kiosk_id.clone(),
                    submission.service_id.clone(),
                    submission.lang.clone(),
                    submission.created_at.clone(),
                    submission.assisted.to_string(),
                    answers,
                ];
                let line: Vec<String> = cells.iter().map(|c| format!("\"{}\"", c.replace('"', "\"\""))).collect();
                writeln!(out, "{}", line.join(","))?;
            }
        }
    }
    if unreadable > 0 {
        bail!("{unreadable} request(s) could not be exported (named above); every other request was");
    }
    Ok(())
}

/// Opens one stored request and checks its envelope against what was sealed: a sealed box has no
/// associated data, so the id and kiosk inside must match the row.
fn open_row(key: &OpeningKey, row: &torget_hub::store::Stored) -> Result<Submission, String> {
    let plain = key.open(&row.sealed).map_err(|_| "it does not open with this private key".to_string())?;
    let submission: Submission =
        serde_json::from_slice(&plain).map_err(|e| format!("what it holds is not a request ({e})"))?;
    if submission.id.to_string() != row.id || submission.kiosk_id != row.kiosk {
        return Err(format!(
            "it claims to be {} from {}: a mismatched envelope is refused",
            submission.id, submission.kiosk_id
        ));
    }
    Ok(submission)
}
