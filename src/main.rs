//! The `torget` kiosk binary: parses arguments and calls the library.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{Context, Result, bail};
use clap::{Parser, Subcommand};

use torget::app::{App, AppParts};
use torget::config::Config;
use torget::seal::OpeningKey;
use torget::session::IdleTimes;
use torget::store::{Store, StoreOptions, now_ms};
use torget::sync::{ContentUpdates, SyncSettings, SyncWorker};
use torget::ui::screenshot::Canvas;
use torget::ui::{Ended, KioskUi};
use torget::{demo, lint};

#[derive(Parser)]
#[command(name = "torget", version, about = "Touchscreen kiosk for municipal e-services")]
struct Cli {
    /// Configuration file (default: /etc/torget/config.toml when it exists).
    #[arg(long, global = true)]
    config: Option<PathBuf>,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Start the kiosk (the default).
    Run,
    /// Check services, information pages, languages and texts; print every problem with file and line.
    Lint {
        /// Folder holding assets/ and locales/ (default: the configured content folder, else `.`).
        dir: Option<PathBuf>,
    },
    /// Make the municipality's key pair: the public key goes into each kiosk's config, the private key
    /// stays with the case handler.
    Keygen {
        /// Where to write municipality.key (private) and municipality.pub.
        #[arg(long, default_value = ".")]
        out: PathBuf,
    },
    /// Draw a screen to a PNG without a display.
    Screenshot {
        /// Screen name (see `--list`), `service:ID:N` for the N-th question of a service, or all
        /// screens with --all.
        #[arg(long, default_value = "home")]
        screen: String,
        #[arg(long, default_value = "sv")]
        lang: String,
        /// Window size, WIDTHxHEIGHT.
        #[arg(long, default_value = "1920x1080")]
        size: String,
        #[arg(short = 'o', long, default_value = "screenshot.png")]
        output: PathBuf,
        /// Draw every screen in every language at every text size on the common kiosk screens
        /// (1920x1080, 1366x768, 1280x720, 1280x1024, 1080x1920) into this folder.
        #[arg(long)]
        all: Option<PathBuf>,
        /// Text size: 0 normal, 1 large, 2 extra large (200 %).
        #[arg(long, default_value_t = 0)]
        text_size: usize,
        /// Content folder (holding assets/ and locales/).
        #[arg(long, default_value = ".")]
        content: PathBuf,
        /// Also write what the kiosk reads aloud on that screen, as JSON `[[text, language], …]`.
        #[arg(long)]
        spoken: Option<PathBuf>,
    },
    /// Draw the paper a visitor would get (a receipt or an information page) to a PDF, without a
    /// printer, and print its text.
    PrintPreview {
        /// `receipt` (of a demo request), or `info:ID` for an information page.
        #[arg(long, default_value = "receipt")]
        sheet: String,
        #[arg(long, default_value = "sv")]
        lang: String,
        /// `receipt-80mm` or `a4`.
        #[arg(long, default_value = "receipt-80mm")]
        paper: String,
        #[arg(short = 'o', long, default_value = "sheet.pdf")]
        output: PathBuf,
        /// Content folder (holding assets/ and locales/).
        #[arg(long, default_value = ".")]
        content: PathBuf,
    },
    /// Print the queue of requests waiting to be sent.
    Status,
    /// Staff accounts of this kiosk. The PIN is read from standard input (one line), never an argument.
    Staff {
        #[command(subcommand)]
        action: StaffCommand,
    },
    /// Print the audit log of staff actions; with --purge-days, first delete entries older than that.
    Audit {
        #[arg(long)]
        purge_days: Option<u32>,
    },
    /// Run complete demo visits without a window, sending as configured (soak and crash tests).
    /// Prints `shown REFERENCE` for every receipt, then waits for the queue to drain.
    Soak {
        #[arg(long, default_value_t = 100)]
        visits: u64,
        /// Longest wait for the queue to drain after the visits.
        #[arg(long, default_value_t = 60)]
        drain_seconds: u64,
        /// Visits that end in turn sent, stopped at question 2, left to time out at question 2,
        /// and sent with speech on; each prints a `visit` line saying what it did. The usage
        /// figures, too, are waited for until the hub has them.
        #[arg(long)]
        mixed: bool,
    },
}

#[derive(Subcommand)]
enum StaffCommand {
    /// Add an account (or give it a new PIN): `echo 4821 | torget staff add anna`.
    Add {
        name: String,
        /// May also change settings and leave the kiosk to the desktop.
        #[arg(long)]
        admin: bool,
    },
    Remove {
        name: String,
    },
    List,
    /// Lift the PIN lockout after too many wrong PINs (audited).
    Unlock,
}

fn main() -> ExitCode {
    torget::init_logging();
    match run(Cli::parse()) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("torget: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> Result<ExitCode> {
    match cli.command.unwrap_or(Command::Run) {
        Command::Run => kiosk(cli.config.as_deref()),
        Command::Lint { dir } => {
            let dir = match dir {
                Some(d) => d,
                None => {
                    Config::load(cli.config.as_deref(), std::env::vars()).map(|c| c.content_dir).unwrap_or(".".into())
                }
            };
            let problems = lint::lint(&dir);
            for p in &problems {
                println!("{p}");
            }
            if problems.is_empty() {
                println!("{}: content is fine", dir.display());
                Ok(ExitCode::SUCCESS)
            } else {
                println!("{} problem(s) found", problems.len());
                Ok(ExitCode::FAILURE)
            }
        }
        Command::Keygen { out } => {
            let key = OpeningKey::generate();
            std::fs::create_dir_all(&out)?;
            let secret = out.join("municipality.key");
            if secret.exists() {
                bail!("{} exists already; move it away first so no key is lost", secret.display());
            }
            torget::write_secret(&secret, &key.to_base64())?;
            std::fs::write(out.join("municipality.pub"), key.sealing_key().to_base64() + "\n")?;
            println!("private key: {} (keep it with the case handler, never on a kiosk)", secret.display());
            println!("public_key = \"{}\"", key.sealing_key().to_base64());
            Ok(ExitCode::SUCCESS)
        }
        Command::Screenshot { screen, lang, size, output, all, content, text_size, spoken } => {
            let one = Shot { screen, lang, size: parse_size(&size)?, text_size, path: output };
            screenshots(&content, one, all.as_deref(), spoken.as_deref())?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Soak { visits, drain_seconds, mixed } => soak(cli.config.as_deref(), visits, drain_seconds, mixed),
        Command::PrintPreview { sheet, lang, paper, output, content } => {
            print_preview(&content, &sheet, &lang, &paper, &output)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Status => {
            let config = Config::load(cli.config.as_deref(), std::env::vars())?;
            let store = Store::open(&config.database_path(), StoreOptions::default())?;
            let status = store.sync_status()?;
            let c = status.counts;
            println!(
                "delivered {}  not delivered {} (waiting {}, sending {}, refused by the hub {})",
                c.sent,
                c.queued + c.sending + c.dead,
                c.queued,
                c.sending,
                c.dead
            );
            match status.last_success_ms {
                Some(ms) => println!("last successful send: {}", format_ms(ms)),
                None => println!("last successful send: never"),
            }
            println!("last error: {}", status.last_error.as_deref().unwrap_or("none"));
            for row in store.recent(20)? {
                println!(
                    "{}  {}  {:<16} {:<8} attempts {}  {}",
                    row.reference,
                    row.id,
                    row.service_id,
                    row.state,
                    row.attempts,
                    row.last_error.unwrap_or_default()
                );
            }
            println!("integrity: {}", store.integrity_check()?);
            Ok(ExitCode::SUCCESS)
        }
        Command::Staff { action } => {
            let config = Config::load(cli.config.as_deref(), std::env::vars())?;
            let mut store = Store::open(&config.database_path(), StoreOptions::default())?;
            let now = now_ms();
            match action {
                StaffCommand::Add { name, admin } => {
                    let mut pin = String::new();
                    std::io::stdin().read_line(&mut pin)?;
                    let pin_hash = torget::staff::hash_pin(pin.trim()).context("the PIN was not taken")?;
                    store.staff_add(&torget::store::StaffAccount { name: name.clone(), admin, pin_hash }, now)?;
                    store.audit(
                        now,
                        None,
                        "staff account added",
                        &format!("{name}{}", if admin { " (admin)" } else { "" }),
                    )?;
                    println!("{name}: account ready");
                }
                StaffCommand::Remove { name } => {
                    if !store.staff_remove(&name)? {
                        anyhow::bail!("there is no staff account `{name}`");
                    }
                    store.audit(now, None, "staff account removed", &name)?;
                    println!("{name}: removed");
                }
                StaffCommand::Unlock => {
                    let (failures, _) = store.pin_lockout()?;
                    store.set_pin_lockout(0, 0)?;
                    store.audit(now, None, "PIN lockout lifted", &format!("after {failures} wrong PINs"))?;
                    println!("the PIN pad takes PINs again");
                }
                StaffCommand::List => {
                    for a in store.staff()? {
                        println!("{}{}", a.name, if a.admin { "  (admin)" } else { "" });
                    }
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Audit { purge_days } => {
            let config = Config::load(cli.config.as_deref(), std::env::vars())?;
            let mut store = Store::open(&config.database_path(), StoreOptions::default())?;
            if let Some(days) = purge_days {
                let kept = days.max(torget::store::AUDIT_MIN_RETENTION_DAYS);
                if kept > days {
                    eprintln!("audit entries are kept at least {kept} days");
                }
                match store.audit_purge(days, now_ms())? {
                    torget::store::AuditPurge::Purged(n) => println!("purged {n} entries older than {kept} days"),
                    torget::store::AuditPurge::ClockAhead => {
                        anyhow::bail!("the clock is more than a year past the newest audit entry; nothing purged")
                    }
                }
            }
            for e in store.audit_log()? {
                println!(
                    "{}  {:<12} {:<28} {}",
                    format_ms(e.at_ms),
                    e.staff.as_deref().unwrap_or("-"),
                    e.action,
                    e.detail
                );
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn kiosk(config_path: Option<&Path>) -> Result<ExitCode> {
    let config = Config::load(config_path, std::env::vars())?;
    let content_dir = installed_content(&config);
    let (catalog, i18n) = lint::load_checked(&content_dir)
        .map_err(|problems| anyhow::anyhow!("the content in {} has problems:\n{problems}", content_dir.display()))?;
    if std::env::var_os("DISPLAY").is_none() && std::env::var_os("WAYLAND_DISPLAY").is_none() {
        eprintln!(
            "torget: no display (DISPLAY and WAYLAND_DISPLAY are not set). Run it on the kiosk's screen, or without one: xvfb-run -a torget{}",
            config_path.map(|p| format!(" --config {}", p.display())).unwrap_or_default()
        );
        return Ok(ExitCode::from(2));
    }
    let mut app = app_from_config(&config, catalog, i18n);
    app.purge_audit(config.audit_retention_days);
    // The worker must outlive the window: it is dropped (and stopped) when this function returns.
    let _worker = start_sync(&config, &mut app)?;
    let voices = app
        .catalog()
        .languages
        .iter()
        .filter(|l| !l.voice.is_empty())
        .map(|l| (l.code.clone(), l.voice.clone()))
        .collect();
    app.set_speech(torget::speech::Speech::start(voices));
    app.set_headphone_jack(config.headphone_jack);
    if let Some(printer) = &config.printer {
        app.set_printer(torget::print::Printer::start(printer.clone()));
    }
    let ui = KioskUi::new(app).context("cannot open the kiosk window")?;
    ui.set_fullscreen(config.fullscreen);
    torget::systemd::notify("READY=1");
    match ui.run().context("the kiosk window failed")? {
        Ended::Maintenance => {
            eprintln!(
                "torget: stopped for maintenance by an administrator. To bring the kiosk back: \
                 sudo systemctl start torget-kiosk (or restart the computer)."
            );
            Ok(ExitCode::from(torget::systemd::EXIT_MAINTENANCE))
        }
        Ended::Upgrade => {
            tracing::info!("closing between visits so that the newer version starts");
            Ok(ExitCode::SUCCESS)
        }
        Ended::Closed => Ok(ExitCode::SUCCESS),
    }
}

fn parse_size(size: &str) -> Result<(u32, u32)> {
    let (w, h) = size.split_once('x').context("size must be WIDTHxHEIGHT, like 1920x1080")?;
    Ok((w.parse()?, h.parse()?))
}

struct Shot {
    screen: String,
    lang: String,
    size: (u32, u32),
    text_size: usize,
    path: PathBuf,
}

fn screenshots(content: &Path, one: Shot, all: Option<&Path>, spoken: Option<&Path>) -> Result<()> {
    let canvas = Canvas::install()?;
    let (catalog, _) = lint::load_checked(content).map_err(|p| anyhow::anyhow!("{p}"))?;
    let data = tempfile::tempdir()?;
    let mut shots: Vec<Shot> = Vec::new();
    match all {
        Some(dir) => {
            for l in &catalog.languages {
                for s in demo::SCREENS {
                    for &(name, w, h) in demo::SCREEN_SIZES {
                        for &(text_size, suffix) in demo::TEXT_SIZES {
                            shots.push(Shot {
                                screen: s.to_string(),
                                lang: l.code.clone(),
                                size: (w, h),
                                text_size,
                                path: dir.join(format!("{}-{s}-{name}{suffix}.png", l.code)),
                            });
                        }
                    }
                }
            }
        }
        None => shots.push(one),
    }
    for (n, Shot { screen, lang, size: (w, h), text_size, path }) in shots.iter().enumerate() {
        let mut app = demo::screen_app(content, screen, demo::screen_database(screen, data.path(), n))
            .map_err(anyhow::Error::msg)?;
        demo::connect_screenshot(&mut app, screen);
        canvas.resize(*w, *h);
        let ui = KioskUi::new(app)?;
        demo::show(&ui, screen, lang, *text_size).map_err(anyhow::Error::msg)?;
        canvas.save_png(path).with_context(|| format!("writing {}", path.display()))?;
        println!("{}", path.display());
        if let Some(spoken) = spoken.filter(|_| all.is_none()) {
            let parts = ui.with_app(|a| a.spoken_page(&a.view(Instant::now())));
            std::fs::write(spoken, serde_json::to_string(&parts)?)
                .with_context(|| format!("writing {}", spoken.display()))?;
        }
    }
    Ok(())
}

/// The paper of a receipt (after a demo request) or an information page, as a PDF; its text on
/// standard output.
fn print_preview(content: &Path, sheet: &str, lang: &str, paper: &str, output: &Path) -> Result<()> {
    let paper: torget::print::Paper = paper.parse().map_err(|e| anyhow::anyhow!("--paper {e}"))?;
    let data = tempfile::tempdir()?;
    let (screen, info) = match sheet.split_once(':') {
        Some(("info", id)) => ("home", Some(id)),
        None if sheet == "receipt" => ("receipt", None),
        _ => anyhow::bail!("--sheet must be `receipt` or `info:ID`, not `{sheet}`"),
    };
    let mut app = demo::screen_app(content, screen, data.path().join("preview.db")).map_err(anyhow::Error::msg)?;
    let now = Instant::now();
    for action in demo::actions_for(app.catalog(), screen, lang).map_err(anyhow::Error::msg)? {
        app.handle(action, now);
    }
    if let Some(id) = info {
        let pages = &app.catalog().info_pages;
        let Some(i) = pages.iter().position(|p| p.id == id) else {
            let known: Vec<&str> = pages.iter().map(|p| p.id.as_str()).collect();
            anyhow::bail!("no information page `{id}`; there are: {}", known.join(", "));
        };
        app.handle(torget::app::Action::OpenInfo(i), now);
    }
    let sheet = app.sheet().context("this page has no paper")?;
    let pdf = torget::print::render(&sheet, paper).map_err(anyhow::Error::msg)?;
    std::fs::write(output, pdf).with_context(|| format!("writing {}", output.display()))?;
    println!("{}\n\n{}", sheet.text(), output.display());
    Ok(())
}

fn format_ms(ms: i64) -> String {
    time::OffsetDateTime::from_unix_timestamp_nanos(i128::from(ms) * 1_000_000)
        .ok()
        .and_then(|t| t.format(&time::format_description::well_known::Rfc3339).ok())
        .unwrap_or_else(|| ms.to_string())
}

fn soak(config_path: Option<&Path>, visits: u64, drain_seconds: u64, mixed: bool) -> Result<ExitCode> {
    use std::io::Write;
    let config = Config::load(config_path, std::env::vars())?;
    let (catalog, i18n) = lint::load_checked(&installed_content(&config)).map_err(|p| anyhow::anyhow!("{p}"))?;
    let (services, languages) = (catalog.services.len(), catalog.languages.len());
    let mut app = app_from_config(&config, catalog, i18n);
    let worker = start_sync(&config, &mut app)?;
    let mut out = std::io::stdout().lock();
    for n in 0..visits {
        // Mixed visits walk every language at once; plain ones each service in a language first.
        let service = (n as usize) % services;
        let language = if mixed { n as usize % languages } else { (n as usize / services) % languages };
        let (ending, speech) = match (mixed, n % 4) {
            (false, _) | (true, 0) => (demo::Ending::Sent, false),
            (true, 1) => (demo::Ending::CancelledAt(2), false),
            (true, 2) => (demo::Ending::TimedOutAt(2), false),
            (true, _) => (demo::Ending::Sent, true),
        };
        let Some(visited) = demo::visit(&mut app, service, language, "SOAKMARK", ending, speech, Instant::now()) else {
            bail!("visit {n} could not be saved")
        };
        if let Some(reference) = &visited.reference {
            writeln!(out, "shown {reference}")?;
        }
        if mixed {
            let ending = match ending {
                demo::Ending::Sent => "sent".to_string(),
                demo::Ending::CancelledAt(q) => format!("cancelled-at-question-{q}"),
                demo::Ending::TimedOutAt(q) => format!("timed-out-at-question-{q}"),
            };
            writeln!(
                out,
                "visit service={} lang={} ending={ending} questions={} speech={speech}",
                visited.service, visited.lang, visited.questions
            )?;
        }
        out.flush()?;
    }
    if let Some(worker) = &worker {
        let store = Store::open(&config.database_path(), StoreOptions::default())?;
        let deadline = Instant::now() + std::time::Duration::from_secs(drain_seconds);
        worker.send_now();
        loop {
            let c = store.counts()?;
            if c.queued + c.sending == 0 {
                if c.dead > 0 {
                    bail!("{} request(s) were refused by the hub and not delivered", c.dead);
                }
                writeln!(out, "drained")?;
                break;
            }
            if Instant::now() > deadline {
                bail!("{} request(s) still waiting after {drain_seconds} s", c.queued + c.sending);
            }
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
        if mixed {
            // The figures go with heartbeats: ask for one until the hub has confirmed them all.
            let mut asked = Instant::now() - std::time::Duration::from_secs(1);
            while !store.usage_unsent(1)?.is_empty() {
                if Instant::now() > deadline {
                    bail!("the usage figures were not confirmed by the hub within {drain_seconds} s");
                }
                if asked.elapsed() >= std::time::Duration::from_millis(500) {
                    worker.send_now_handle().heartbeat_now();
                    asked = Instant::now();
                }
                std::thread::sleep(std::time::Duration::from_millis(50));
            }
            writeln!(out, "figures confirmed")?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// The last good signed content bundle when one is installed and still passes lint, else the
/// content that came with the installation.
fn installed_content(config: &Config) -> PathBuf {
    match torget::bundle::current(&config.data_dir) {
        Some(dir) if lint::load_checked(&dir).is_ok() => dir,
        Some(dir) => {
            tracing::error!(dir = %dir.display(), "the installed content bundle has problems; using the built-in content");
            config.content_dir.clone()
        }
        None => config.content_dir.clone(),
    }
}

/// The kiosk's app, as the configuration says.
fn app_from_config(config: &Config, catalog: torget::content::Catalog, i18n: torget::i18n::I18n) -> App {
    let mut app = App::new(
        AppParts {
            catalog,
            i18n,
            key: config.public_key.clone(),
            kiosk_id: config.kiosk_id.clone(),
            database: config.database_path(),
            store_options: StoreOptions { max_bytes: Some(config.store_max_bytes) },
            idle: IdleTimes { idle: config.idle, warning: config.idle_warning },
            default_language: config.default_language.clone(),
        },
        Instant::now(),
    );
    app.set_ask_rating(config.satisfaction_question);
    app
}

/// Starts sending (and content updates) when a hub is configured, and connects the app to it.
fn start_sync(config: &Config, app: &mut App) -> Result<Option<SyncWorker>> {
    let Some(hub) = &config.hub else {
        tracing::warn!("no hub_url configured: requests stay on this kiosk");
        return Ok(None);
    };
    let mut settings = SyncSettings::new(&hub.url, &hub.token);
    settings.kiosk_id = Some(config.kiosk_id.clone());
    settings.keep_sent_days = config.keep_sent_days;
    if let Some(ca) = &hub.ca_file {
        settings.extra_ca_pem = Some(std::fs::read(ca).with_context(|| format!("reading {}", ca.display()))?);
    }
    settings.content = config.content_verify_key.as_ref().map(|key| ContentUpdates {
        verify_key: key.clone(),
        data_dir: config.data_dir.clone(),
        check_every: std::time::Duration::from_secs(600),
    });
    let worker = SyncWorker::start(settings, config.database_path()).context("cannot start sending")?;
    app.set_sync_status(worker.status());
    app.set_send_now(worker.send_now_handle());
    app.set_content_updates(worker.content_updates());
    app.set_booking(worker.times(), worker.booker().context("cannot start booking times")?);
    Ok(Some(worker))
}
