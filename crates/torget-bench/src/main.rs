//! `torget-bench`: the figures residents and operators feel, beside their budgets (docs/performance.md).
//!
//! Prints one table (median and worst of several runs, budget, pass/fail) and writes the same as JSON
//! to `target/bench/results.json`. Benchmarks never fail a build; `--quick` is the smoke-test size.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context, Result};

mod fleet;
mod low_end;
use torget::app::{Action, App, AppParts};
use torget::session::IdleTimes;
use torget::store::{OutboxItem, Store, StoreOptions};
use torget::sync::{SyncSettings, SyncWorker};
use torget::ui::KioskUi;
use torget::ui::screenshot::Canvas;
use torget_common::protocol::{Answer, Submission};
use torget_common::seal::OpeningKey;
use torget_hub::store::{Database, HubStore, Location};
use torget_testing::pg;

#[derive(serde::Serialize)]
struct Figure {
    name: String,
    median: f64,
    worst: f64,
    unit: &'static str,
    /// (`<=` or `>=`, value)
    budget: Option<(&'static str, f64)>,
    pass: Option<bool>,
    /// How many runs the median and worst are over; 1 is a single measurement.
    runs: usize,
    note: String,
}

impl Figure {
    fn new(name: &str, median: f64, worst: f64, unit: &'static str, budget: Option<(&'static str, f64)>) -> Figure {
        let pass = budget.map(|(cmp, b)| if cmp == "<=" { worst <= b } else { worst >= b });
        Figure { name: name.into(), median, worst, unit, budget, pass, runs: 1, note: String::new() }
    }

    /// A figure over several runs (median and worst of them); without it, a figure is one run.
    fn runs(mut self, runs: usize) -> Figure {
        self.runs = runs;
        self
    }

    fn note(mut self, note: impl Into<String>) -> Figure {
        self.note = note.into();
        self
    }
}

struct Options {
    quick: bool,
    content: PathBuf,
    out: PathBuf,
    runs: usize,
    enqueues: usize,
    queued: usize,
    ingest: usize,
    /// Where the durable-enqueue figure writes: the data folder's filesystem, not a tmpfs.
    data: PathBuf,
    /// Visits in the long memory run.
    visits: usize,
    /// Run on the low-end kiosk profile (one core at half its time), and how it was confined.
    low_end: Option<String>,
    /// `--only startup,render,…`: the groups of figures to measure; all when empty.
    only: Vec<String>,
}

/// The groups of figures `--only` chooses from, in the order they run.
const GROUPS: [&str; 7] = ["startup", "render", "enqueue", "drain", "ingest", "speech", "audio"];

impl Options {
    fn runs_group(&self, group: &str) -> bool {
        self.only.is_empty() || self.only.iter().any(|g| g == group)
    }
}

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().collect();
    if args.get(1).map(String::as_str) == Some("probe") {
        let hub = args.get(4).zip(args.get(5)).map(|(url, token)| (url.as_str(), token.as_str()));
        return probe(Path::new(&args[2]), args[3].parse()?, hub);
    }
    if args.get(1).map(String::as_str) == Some("speech-ready") {
        return speech_ready_probe();
    }
    let quick = args.iter().any(|a| a == "--quick");
    let value = |flag: &str| args.iter().position(|a| a == flag).and_then(|i| args.get(i + 1)).cloned();
    if let Some(i) = args.iter().position(|a| a == "--compare") {
        let (Some(normal), Some(low)) = (args.get(i + 1), args.get(i + 2)) else {
            anyhow::bail!("--compare NORMAL_DIR LOW_END_DIR");
        };
        return compare(Path::new(normal), Path::new(low));
    }
    // Before any thread starts: every thread and child process is confined with it.
    let low_end = args.iter().any(|a| a == "--low-end").then(|| {
        let how = low_end::confine();
        match low_end::quota() {
            Some((quota, period)) => format!("{how} (read back: {quota} µs of every {period} µs)"),
            None => how,
        }
    });
    if args.iter().any(|a| a == "--fleet") {
        let number = |flag: &str, default: u64| value(flag).and_then(|v| v.parse().ok()).unwrap_or(default);
        let opts = fleet::FleetOptions {
            kiosks: number("--kiosks", 2000) as usize,
            desks: number("--desks", 20) as usize,
            seconds: number("--seconds", 300),
            heartbeat_every: Duration::from_millis(number("--heartbeat-ms", 60_000)),
            help_percent: number("--help-percent", 2) as usize,
            uploads_per_minute: number("--uploads-per-minute", 100),
            kill_halfway: args.iter().any(|a| a == "--kill-halfway"),
            outage: Duration::from_secs(number("--outage-seconds", 0)),
            uploads_at_once: number("--uploads-at-once", 1) as usize,
            busy_retry_after: number("--busy-retry-after", 5),
            out: value("--out").map_or_else(|| PathBuf::from("target/bench/fleet"), PathBuf::from),
        };
        let figures = fleet::run(&opts)?;
        print_table(&figures);
        return Ok(());
    }
    if args.iter().any(|a| a == "--browser") {
        let content = value("--content").map_or_else(|| PathBuf::from("."), PathBuf::from);
        let out = value("--out").map_or_else(|| PathBuf::from("target/bench"), PathBuf::from);
        return browser(&content, &out, if quick { 2 } else { 5 });
    }
    let out = value("--out").map_or_else(|| PathBuf::from("target/bench"), PathBuf::from);
    let opts = Options {
        quick,
        content: value("--content").map_or_else(|| PathBuf::from("."), PathBuf::from),
        data: value("--data").map_or_else(|| out.join("data"), PathBuf::from),
        out,
        runs: if quick { 2 } else { 7 },
        enqueues: if quick { 200 } else { 10_000 },
        queued: value("--queued").and_then(|v| v.parse().ok()).unwrap_or(if quick { 500 } else { 100_000 }),
        ingest: if quick { 1_000 } else { 20_000 },
        visits: if quick { 200 } else { 10_000 },
        low_end,
        only: value("--only").map(|v| v.split(',').map(str::to_string).collect()).unwrap_or_default(),
    };
    if let Some(unknown) = opts.only.iter().find(|g| !GROUPS.contains(&g.as_str())) {
        anyhow::bail!("--only: no group `{unknown}`; the groups are {}", GROUPS.join(", "));
    }
    if let Some(how) = &opts.low_end {
        println!("profile: low-end kiosk, {how}");
    }
    let mut figures = Vec::new();
    if opts.runs_group("startup") {
        figures.extend(startup(&opts)?);
    }
    if opts.runs_group("render") {
        figures.extend(render(&opts)?);
    }
    if opts.runs_group("enqueue") {
        figures.push(enqueue(&opts)?);
    }
    if opts.runs_group("drain") {
        figures.extend(drain(&opts)?);
    }
    if opts.runs_group("ingest") {
        figures.extend(ingest(&opts)?);
    }
    if opts.runs_group("speech") {
        figures.extend(speech_ready(&opts));
    }
    if opts.runs_group("audio") {
        figures.push(first_audio(&opts));
        figures.push(first_audio_after_switch(&opts));
    }
    print_table(&figures);
    std::fs::create_dir_all(&opts.out)?;
    let profile = opts.low_end.clone().unwrap_or_else(|| "this machine as it is".into());
    std::fs::write(opts.out.join("profile.txt"), format!("{profile}\n"))?;
    let path = opts.out.join("results.json");
    std::fs::write(&path, serde_json::to_string_pretty(&figures)?)?;
    println!("\nwritten to {}", path.display());
    Ok(())
}

/// Start to first frame: 300 ms on the machine, 500 ms on the low-end profile.
fn start_budget(opts: &Options) -> f64 {
    if opts.low_end.is_some() { 500.0 } else { 300.0 }
}

/// The two runs side by side: each figure's median and worst on the machine and on the low-end
/// profile, with the low-end run's budget and result.
fn compare(normal: &Path, low: &Path) -> Result<()> {
    let read = |dir: &Path| -> Result<(String, Vec<serde_json::Value>)> {
        let figures = std::fs::read_to_string(dir.join("results.json")).with_context(|| dir.display().to_string())?;
        let profile = std::fs::read_to_string(dir.join("profile.txt")).unwrap_or_default();
        Ok((profile.trim().to_string(), serde_json::from_str(&figures)?))
    };
    let ((normal_profile, normal), (low_profile, low)) = (read(normal)?, read(low)?);
    println!("\nside by side: {normal_profile} | low-end kiosk, {low_profile}");
    println!(
        "{:<48} {:>20} {:>20} {:>6} {:>12}  low-end result",
        "figure", "machine med/worst", "low-end med/worst", "unit", "budget"
    );
    let cell = |f: &serde_json::Value| {
        let n = |k: &str| f[k].as_f64().map_or("–".to_string(), |v| format!("{v:.1}"));
        format!("{}/{}", n("median"), n("worst"))
    };
    for f in &low {
        let name = f["name"].as_str().unwrap_or_default();
        let machine = normal.iter().find(|n| n["name"] == f["name"]).map(cell).unwrap_or_else(|| "–".into());
        let budget =
            f["budget"].as_array().map(|b| format!("{} {}", b[0].as_str().unwrap_or(""), b[1])).unwrap_or_default();
        let result = match f["pass"].as_bool() {
            Some(true) => "ok",
            Some(false) => "OVER BUDGET",
            None => "",
        };
        println!(
            "{name:<48} {machine:>20} {:>20} {:>6} {budget:>12}  {result}",
            cell(f),
            f["unit"].as_str().unwrap_or("")
        );
    }
    Ok(())
}

fn print_table(figures: &[Figure]) {
    println!("{:<48} {:>6} {:>12} {:>12} {:>6} {:>12}  result", "figure", "runs", "median", "worst", "unit", "budget");
    for f in figures {
        // One run has no median and worst: its value stands alone.
        let (runs, worst) = if f.runs > 1 { (f.runs.to_string(), fmt(f.worst)) } else { ("single".into(), "".into()) };
        let budget = f.budget.map(|(c, b)| format!("{c} {b}")).unwrap_or_default();
        let result = match f.pass {
            Some(true) => "pass",
            Some(false) => "MISS",
            None => "-",
        };
        println!(
            "{:<48} {:>6} {:>12} {:>12} {:>6} {:>12}  {} {}",
            f.name,
            runs,
            fmt(f.median),
            worst,
            f.unit,
            budget,
            result,
            f.note
        );
    }
}

fn fmt(v: f64) -> String {
    if v.is_nan() {
        "n/a".into()
    } else if v >= 100.0 {
        format!("{v:.0}")
    } else {
        format!("{v:.2}")
    }
}

fn percentile(values: &mut [f64], p: f64) -> f64 {
    values.sort_by(|a, b| a.total_cmp(b));
    if values.is_empty() {
        return f64::NAN;
    }
    values[((values.len() - 1) as f64 * p).round() as usize]
}

/// Proportional set size of one process in kB (shared pages split between the processes sharing them).
fn pss_kb(pid: u32) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/smaps_rollup"))
        .ok()
        .and_then(|r| {
            r.lines().find(|l| l.starts_with("Pss:")).and_then(|l| l.split_whitespace().nth(1)?.parse::<u64>().ok())
        })
        .unwrap_or(0)
}

/// PSS of the speech-dispatcher the kiosk speaks through and its output modules (`sd_espeak-ng`, …),
/// which libspeechd starts for the kiosk: they are part of what the kiosk costs. The server is the
/// one whose pid file is in the runtime folder the kiosk uses (as libspeechd finds its socket).
fn speech_pss_kb() -> u64 {
    let runtime = std::env::var_os("XDG_RUNTIME_DIR")
        .filter(|d| !d.is_empty())
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| Path::new(&h).join(".cache")));
    runtime
        .and_then(|r| std::fs::read_to_string(r.join("speech-dispatcher/pid/speech-dispatcher.pid")).ok())
        .and_then(|pid| pid.trim().parse().ok())
        .map_or(0, tree_pss_kb)
}

struct Process {
    pid: u32,
    parent: u32,
}

fn processes() -> Vec<Process> {
    std::fs::read_dir("/proc")
        .into_iter()
        .flatten()
        .filter_map(|e| e.ok()?.file_name().to_str()?.parse::<u32>().ok())
        .filter_map(|pid| {
            let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
            let field = |name: &str| status.lines().find(|l| l.starts_with(name)).map(|l| l[name.len()..].trim());
            Some(Process { pid, parent: field("PPid:")?.parse().ok()? })
        })
        .collect()
}

fn app_for(content: &Path, database: PathBuf) -> Result<App> {
    let (catalog, i18n) = torget::lint::load_checked(content).map_err(|p| anyhow::anyhow!("{p}"))?;
    Ok(App::new(
        AppParts {
            catalog,
            i18n,
            key: OpeningKey::generate().sealing_key(),
            kiosk_id: "bench".into(),
            database,
            store_options: StoreOptions::default(),
            idle: IdleTimes { idle: Duration::from_secs(90), warning: Duration::from_secs(30) },
            default_language: None,
        },
        Instant::now(),
    ))
}

/// Child process: first frame of the home page; then, with speech started as the kiosk starts it,
/// "idle" on the home page, and "visits N" after each checkpoint of `visits` complete visits. After
/// each line it waits for a line on standard input, so the parent measures a process at rest.
/// With a hub (its address and this kiosk's credential), the kiosk's sync worker sends the visits'
/// requests to it as they are made, and the probe says "drained" once its queue is empty.
fn probe(content: &Path, visits: usize, hub: Option<(&str, &str)>) -> Result<()> {
    let canvas = Canvas::install()?;
    canvas.resize(1920, 1080);
    let data = tempfile::tempdir()?;
    let database = data.path().join("kiosk.db");
    let ui = KioskUi::new(app_for(content, database.clone())?)?;
    canvas.time_full_redraw();
    let worker = match hub {
        Some((url, token)) => Some(SyncWorker::start(SyncSettings::new(url, token), database.clone())?),
        None => None,
    };
    let mut out = std::io::stdout().lock();
    let mut input = std::io::stdin().lock();
    let mut said = |line: String| -> Result<()> {
        writeln!(out, "{line}")?;
        out.flush()?;
        input.read_line(&mut String::new())?;
        Ok(())
    };
    writeln!(std::io::stdout(), "first-frame")?;
    std::io::stdout().flush()?;
    let voices = ui.with_app(|a| a.catalog().languages.iter().map(|l| (l.code.clone(), l.voice.clone())).collect());
    let speech = torget::speech::Speech::start(voices);
    let waiting = Instant::now();
    while !speech.status().available && waiting.elapsed() < Duration::from_secs(10) {
        std::thread::sleep(Duration::from_millis(20));
    }
    ui.with_app_mut(|app| app.set_speech(speech));
    ui.act(Action::Start);
    ui.act(Action::ChooseLanguage(0));
    canvas.time_full_redraw();
    said("idle".into())?;
    let (services, languages) = ui.with_app(|a| (a.catalog().services.len(), a.catalog().languages.len()));
    for n in 1..=visits {
        ui.with_app_mut(|app| torget::demo::complete_visit(app, n % services, n % languages, "BENCH", Instant::now()));
        canvas.time_full_redraw();
        if VISIT_CHECKPOINTS.contains(&n) || n == visits {
            ui.act(Action::Start);
            ui.act(Action::ChooseLanguage(0));
            canvas.time_full_redraw();
            said(format!("visits {n}"))?;
        }
    }
    if worker.is_some() {
        let store = Store::open(&database, StoreOptions::default())?;
        let start = Instant::now();
        while store.counts()?.queued > 0 {
            anyhow::ensure!(start.elapsed() < Duration::from_secs(300), "the queue did not drain to the hub");
            std::thread::sleep(Duration::from_millis(50));
        }
        said("drained".into())?;
    }
    Ok(())
}

const VISIT_CHECKPOINTS: [usize; 7] = [100, 200, 500, 1000, 2000, 5000, 10_000];

/// The first visit the memory growth is counted from: the 1 000th, once the kiosk has settled (caches
/// filled, the allocator's heap grown to its working size), or the 100th in a short run.
fn growth_from(last: usize) -> usize {
    if last > 1000 { 1000 } else { 100 }
}

/// Memory of the kiosk as it runs: its process tree and the speech-dispatcher it reads aloud with,
/// both in PSS, in MB.
fn kiosk_memory_mb(pid: u32) -> (f64, f64) {
    (tree_pss_kb(pid) as f64 / 1024.0, speech_pss_kb() as f64 / 1024.0)
}

fn startup(opts: &Options) -> Result<Vec<Figure>> {
    let exe = std::env::current_exe()?;
    // Drop the page cache for a cold start where the machine allows it (root, not in a container).
    let cold_cache = std::fs::write("/proc/sys/vm/drop_caches", "3").is_ok();
    let mut starts = Vec::new();
    let mut idle = Vec::new();
    let mut idle_parts = (0.0, 0.0);
    let mut series: Vec<(usize, f64, f64)> = Vec::new();
    // The long run's requests drain to a hub, as a kiosk's do; `stored` is what it holds at the end.
    let hub_dir = tempfile::tempdir()?;
    let hub_db = hub_dir.path().join("hub.db");
    let token = HubStore::open(&hub_db)?.add_kiosk("bench")?;
    let hub = format!("http://{}", start_hub(&hub_db)?);
    let mut drained = false;
    for run in 0..opts.runs {
        let started = Instant::now();
        let visits = if run == 0 { opts.visits } else { 0 };
        let mut command = Command::new(&exe);
        command.arg("probe").arg(&opts.content).arg(visits.to_string());
        if visits > 0 {
            command.arg(&hub).arg(&token);
        }
        let mut child = command.stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::null()).spawn()?;
        let mut go = child.stdin.take().context("probe input")?;
        let mut lines = BufReader::new(child.stdout.take().context("probe output")?).lines();
        let first = lines.next().context("probe said nothing")??;
        anyhow::ensure!(first == "first-frame", "probe: {first}");
        starts.push(started.elapsed().as_secs_f64() * 1000.0);
        for line in lines {
            let line = line?;
            let (kiosk, speech) = kiosk_memory_mb(child.id());
            if line == "idle" {
                idle.push(kiosk + speech);
                idle_parts = (kiosk, speech);
            } else if let Some(n) = line.strip_prefix("visits ") {
                series.push((n.parse()?, kiosk, speech));
            } else if line == "drained" {
                drained = true;
            }
            writeln!(go, "go")?;
        }
        drop(go);
        child.wait()?;
    }
    let cold = starts[0];
    let mut warm = starts[1..].to_vec();
    let worst_warm = warm.iter().cloned().fold(f64::NAN, f64::max);
    let worst_idle = idle.iter().cloned().fold(f64::NAN, f64::max);
    let mut figures = vec![
        Figure::new("process start to first frame, cold", cold, cold, "ms", Some(("<=", start_budget(opts))))
            .note(if cold_cache { "page cache dropped" } else { "page cache could not be dropped here" }),
        Figure::new(
            "process start to first frame, warm",
            percentile(&mut warm, 0.5),
            worst_warm,
            "ms",
            Some(("<=", 300.0)),
        )
        .runs(warm.len()),
        Figure::new(
            "memory (PSS), idle on home, with speech",
            percentile(&mut idle.clone(), 0.5),
            worst_idle,
            "MB",
            Some(("<=", 60.0)),
        )
        .runs(idle.len())
        .note(format!("last run: kiosk {:.1} MB + speech-dispatcher {:.1} MB", idle_parts.0, idle_parts.1)),
    ];
    let at = |n: usize| series.iter().find(|(v, _, _)| *v == n).map(|(_, kiosk, speech)| kiosk + speech);
    if let (Some(hundred), Some(&(last_n, kiosk, speech))) = (at(100), series.last()) {
        let last = kiosk + speech;
        let from = growth_from(last_n);
        let first = at(from).unwrap_or(hundred);
        figures.push(Figure::new("memory (PSS) after 100 visits", hundred, hundred, "MB", Some(("<=", 60.0))));
        let steps: Vec<String> =
            series.iter().map(|(n, kiosk, speech)| format!("{n}: {kiosk:.1} + {speech:.1}")).collect();
        figures.push(
            Figure::new(
                &format!("memory growth, visit {from} to {last_n}"),
                last - first,
                last - first,
                "MB",
                Some(("<=", 2.0)),
            )
            .note(format!("MB (kiosk + speech-dispatcher) after visits {}", steps.join(", "))),
        );
        // Every visit's request reached the hub while the visits went on: nothing was lost.
        let stored = HubStore::open(&hub_db)?.count()?;
        figures.push(
            Figure::new(
                "requests of the memory run stored by the hub",
                stored as f64,
                stored as f64,
                "",
                Some((">=", last_n as f64)),
            )
            .note(format!(
                "of {last_n} visits; the kiosk's queue {}",
                if drained { "drained" } else { "did not drain" }
            )),
        );
    }
    Ok(figures)
}

/// How a kiosk draws: a frame when the screen refreshes (60 times a second), never back to back,
/// and a visitor's touches some tenths of a second apart. Drawing back to back is not what a kiosk
/// does, and on the low-end profile it would measure the cgroup instead of the kiosk: the quota runs
/// out after half of each 100 ms period, and the frame that meets that waits up to 50 ms.
struct Display {
    next: Instant,
}

impl Display {
    const REFRESH: Duration = Duration::from_micros(16_667);
    /// The shortest time between two touches of a visitor (a quick tap alone lasts about 100 ms).
    const BETWEEN_TOUCHES: Duration = Duration::from_millis(250);

    fn new() -> Display {
        Display { next: Instant::now() }
    }

    /// Waits for the screen's next refresh, when the next frame is drawn.
    fn refresh(&mut self) {
        let now = Instant::now();
        if self.next > now {
            std::thread::sleep(self.next - now);
        }
        self.next = self.next.max(now) + Self::REFRESH;
    }

    /// Waits as long as a visitor does at least between two touches, then for a refresh.
    fn touch(&mut self) {
        std::thread::sleep(Self::BETWEEN_TOUCHES);
        self.refresh();
    }
}

fn render(opts: &Options) -> Result<Vec<Figure>> {
    let canvas = Canvas::install()?;
    canvas.resize(1920, 1080);
    let data = tempfile::tempdir()?;
    let frames = if opts.quick { 3 } else { 20 };
    let mut medians = Vec::new();
    let mut p99s = Vec::new();
    let mut slowest = String::new();
    let mut display = Display::new();
    // The kiosk's first frame, as at start: the attract screen. It finds the fonts the pages fall
    // back on (for the pictograms and symbols), once per process; start to first frame counts it.
    let start = KioskUi::new(app_for(&opts.content, data.path().join("start.db"))?)?;
    let first_frame = canvas.time_full_redraw().as_secs_f64() * 1000.0;
    drop(start);
    for (n, screen) in torget::demo::SCREENS.iter().enumerate() {
        for lang in ["sv", "ar"] {
            let ui = KioskUi::new(app_for(&opts.content, data.path().join(format!("{n}-{lang}.db")))?)?;
            let actions =
                ui.with_app(|a| torget::demo::actions_for(a.catalog(), screen, lang)).map_err(anyhow::Error::msg)?;
            for a in actions {
                ui.act(a);
            }
            display.touch();
            let mut times: Vec<f64> = (0..frames)
                .map(|i| {
                    if i > 0 {
                        display.refresh();
                    }
                    canvas.time_full_redraw().as_secs_f64() * 1000.0
                })
                .collect();
            let p99 = percentile(&mut times, 0.99);
            if p99 > p99s.iter().cloned().fold(0.0, f64::max) {
                slowest = format!("slowest: {screen} ({lang})");
            }
            medians.push(percentile(&mut times, 0.5));
            p99s.push(p99);
        }
    }
    // Language switch with a filled form: the visitor's action, the new view and the redraw.
    let ui = KioskUi::new(app_for(&opts.content, data.path().join("switch.db"))?)?;
    for a in ui.with_app(|a| torget::demo::actions_for(a.catalog(), "review", "sv")).map_err(anyhow::Error::msg)? {
        ui.act(a);
    }
    // Between Arabic and Swedish: the mirrored layout and the other script both change.
    let index = |code: &str| {
        ui.with_app(|a| a.catalog().languages.iter().position(|l| l.code == code))
            .with_context(|| format!("the content has no language `{code}` for the language switch"))
    };
    let (arabic, swedish) = (index("ar")?, index("sv")?);
    let mut switches = Vec::new();
    for i in 0..frames * 2 {
        display.touch();
        let start = Instant::now();
        ui.act(Action::OpenLanguages);
        ui.act(Action::ChooseLanguage(if i % 2 == 0 { arabic } else { swedish }));
        canvas.time_full_redraw();
        switches.push(start.elapsed().as_secs_f64() * 1000.0);
    }
    let worst_switch = switches.iter().cloned().fold(0.0, f64::max);
    Ok(vec![
        Figure::new(
            "render of a page (median of pages)",
            percentile(&mut medians.clone(), 0.5),
            medians.iter().cloned().fold(0.0, f64::max),
            "ms",
            Some(("<=", 16.0)),
        )
        .runs(medians.len())
        .note(format!(
            "{} pages × {frames} frames at 60 Hz, the first after a touch; worst = slowest page's median",
            medians.len()
        )),
        Figure::new(
            "render of a page, p99",
            percentile(&mut p99s.clone(), 0.5),
            p99s.iter().cloned().fold(0.0, f64::max),
            "ms",
            Some(("<=", 16.0)),
        )
        .runs(p99s.len())
        .note(format!("{slowest}; the first frame of each page included; the kiosk's first frame at start (attract): {first_frame:.1} ms")),
        Figure::new(
            "language switch with form kept",
            percentile(&mut switches, 0.5),
            worst_switch,
            "ms",
            Some(("<=", 30.0)),
        )
        .runs(frames * 2),
    ])
}

fn sealed_items(content: &Path, key: &OpeningKey, n: usize) -> Result<Vec<OutboxItem>> {
    let catalog = torget::content::Catalog::load(content).map_err(|p| anyhow::anyhow!("{p}"))?;
    let service = catalog.service("report-fault").context("demo service")?;
    (0..n)
        .map(|i| {
            let mut answers = BTreeMap::new();
            answers.insert("where".into(), Answer::One(format!("Storgatan {i}")));
            let s =
                Submission::new(&service.id, service.version, "sv", answers, "bench", time::OffsetDateTime::now_utc());
            Ok(torget::outbox::seal(&key.sealing_key(), &s)?)
        })
        .collect()
}

/// The filesystem a path lies on, from /proc/mounts: its type and mount point (`ext4 at /`).
fn filesystem_of(path: &Path) -> String {
    let path = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    std::fs::read_to_string("/proc/mounts")
        .unwrap_or_default()
        .lines()
        .filter_map(|l| {
            let mut f = l.split_whitespace();
            let (_, mount, kind) = (f.next()?, f.next()?, f.next()?);
            path.starts_with(mount).then(|| (mount.to_string(), kind.to_string()))
        })
        .max_by_key(|(mount, _)| mount.len())
        .map_or_else(|| "an unknown filesystem".into(), |(mount, kind)| format!("{kind} at {mount}"))
}

fn enqueue(opts: &Options) -> Result<Figure> {
    std::fs::create_dir_all(&opts.data)?;
    let dir = tempfile::tempdir_in(&opts.data)?;
    let filesystem = filesystem_of(dir.path());
    let mut store = Store::open(&dir.path().join("kiosk.db"), StoreOptions::default())?;
    let key = OpeningKey::generate();
    let items = sealed_items(&opts.content, &key, opts.enqueues)?;
    let mut times = Vec::with_capacity(items.len());
    for item in &items {
        let start = Instant::now();
        store.enqueue(item)?;
        times.push(start.elapsed().as_secs_f64() * 1000.0);
    }
    let p50 = percentile(&mut times, 0.5);
    let p99 = percentile(&mut times, 0.99);
    Ok(Figure::new("durable enqueue (insert + fsync), p50 / p99", p50, p99, "ms", Some(("<=", 15.0)))
        .runs(opts.enqueues)
        .note(format!("{} requests on {filesystem}; worst column is p99", opts.enqueues)))
}

fn start_hub(db: &Path) -> Result<std::net::SocketAddr> {
    start_hub_on(HubStore::open(db)?.into())
}

/// A hub on a free port of 127.0.0.1 with its own runtime, serving `store`.
fn start_hub_on(store: Database) -> Result<std::net::SocketAddr> {
    let listener = std::net::TcpListener::bind("127.0.0.1:0")?;
    listener.set_nonblocking(true)?;
    let addr = listener.local_addr()?;
    std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().expect("runtime");
        rt.block_on(async move {
            let listener = tokio::net::TcpListener::from_std(listener).expect("listener");
            torget_hub::serve(listener, store).await.expect("hub");
        });
    });
    Ok(addr)
}

fn drain(opts: &Options) -> Result<Vec<Figure>> {
    let dir = tempfile::tempdir()?;
    let hub_db = dir.path().join("hub.db");
    let token = HubStore::open(&hub_db)?.add_kiosk("bench")?;
    let addr = start_hub(&hub_db)?;
    let kiosk_db = dir.path().join("kiosk.db");
    let key = OpeningKey::generate();
    {
        let mut store = Store::open(&kiosk_db, StoreOptions::default())?;
        for chunk in (0..opts.queued).collect::<Vec<_>>().chunks(10_000) {
            store.enqueue_all(&sealed_items(&opts.content, &key, chunk.len())?)?;
        }
    }
    let rss_before = pss_kb(std::process::id());
    let mut settings = SyncSettings::new(&format!("http://{addr}"), &token);
    settings.poll = Duration::from_millis(20);
    let start = Instant::now();
    let _worker = SyncWorker::start(settings, kiosk_db.clone())?;
    let store = Store::open(&kiosk_db, StoreOptions::default())?;
    let mut rss_max = rss_before;
    while store.counts()?.sent < opts.queued as u64 {
        anyhow::ensure!(start.elapsed() < Duration::from_secs(900), "drain did not finish");
        rss_max = rss_max.max(pss_kb(std::process::id()));
        std::thread::sleep(Duration::from_millis(20));
    }
    let rate = opts.queued as f64 / start.elapsed().as_secs_f64();
    Ok(vec![
        Figure::new("sync drain to hub on loopback", rate, rate, "req/s", Some((">=", 500.0)))
            .note(format!("{} queued, batches of 100", opts.queued)),
        Figure::new(
            "memory growth while draining",
            (rss_max - rss_before) as f64 / 1024.0,
            (rss_max - rss_before) as f64 / 1024.0,
            "MB",
            None,
        )
        .note("PSS; kiosk worker and hub in one process"),
    ])
}

/// Hub ingest on SQLite, and on PostgreSQL with one and with two hub instances on one database, in
/// one run: the same requests, four senders, batches of 100, over loopback.
fn ingest(opts: &Options) -> Result<Vec<Figure>> {
    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build()?;
    let dir = tempfile::tempdir()?;
    let sqlite = Location::Sqlite(dir.path().join("hub.db"));
    let mut figures = vec![ingest_into(opts, &rt, "hub ingest on SQLite, loopback", &sqlite, 1, 2000.0)?];
    match pg::PgCluster::try_start() {
        Ok(cluster) => {
            for (instances, name) in
                [(1, "hub ingest on PostgreSQL, one instance"), (2, "hub ingest on PostgreSQL, two instances")]
            {
                let url = cluster.new_database(&format!("ingest{instances}"));
                figures.push(ingest_into(opts, &rt, name, &Location::Postgres(url), instances, 5000.0)?);
            }
        }
        Err(why) => {
            for name in ["hub ingest on PostgreSQL, one instance", "hub ingest on PostgreSQL, two instances"] {
                let mut f = Figure::new(name, f64::NAN, f64::NAN, "req/s", Some((">=", 5000.0)));
                f.pass = None;
                figures.push(f.note(format!("no PostgreSQL server could be started: {why}")));
            }
        }
    }
    Ok(figures)
}

fn ingest_into(
    opts: &Options,
    rt: &tokio::runtime::Runtime,
    name: &str,
    location: &Location,
    instances: usize,
    budget: f64,
) -> Result<Figure> {
    use base64::Engine;
    let (token, addrs) = rt.block_on(async {
        let first = Database::open(location).await?;
        let token = first.add_kiosk("bench").await?;
        let mut addrs = vec![start_hub_on(first)?];
        for _ in 1..instances {
            // Another instance: its own connection pool and runtime, the same database.
            addrs.push(start_hub_on(Database::open(location).await?)?);
        }
        anyhow::Ok((token, addrs))
    })?;
    let key = OpeningKey::generate();
    let items = sealed_items(&opts.content, &key, opts.ingest)?;
    let batches: Vec<String> = items
        .chunks(100)
        .map(|chunk| {
            let batch = torget_common::protocol::UploadBatch {
                items: chunk
                    .iter()
                    .map(|i| torget_common::protocol::UploadItem {
                        id: i.id.clone(),
                        service_id: i.service_id.clone(),
                        created_at_ms: i.created_at_ms,
                        sealed: base64::engine::general_purpose::STANDARD.encode(&i.sealed),
                    })
                    .collect(),
            };
            serde_json::to_string(&batch).expect("serialisable")
        })
        .collect();
    let elapsed = rt.block_on(async {
        let client = reqwest::Client::new();
        let start = Instant::now();
        // Four kiosks sending at once, spread over the instances.
        let mut tasks = Vec::new();
        for (n, part) in batches.chunks(batches.len().div_ceil(4).max(1)).enumerate() {
            let url = format!("http://{}/v1/submissions", addrs[n % addrs.len()]);
            let (client, token, part) = (client.clone(), token.clone(), part.to_vec());
            tasks.push(tokio::spawn(async move {
                for body in part {
                    let r = client
                        .post(&url)
                        .bearer_auth(&token)
                        .header("content-type", "application/json")
                        .body(body)
                        .send()
                        .await?;
                    anyhow::ensure!(r.status().is_success(), "hub answered {}", r.status());
                }
                anyhow::Ok(())
            }));
        }
        for t in tasks {
            t.await??;
        }
        anyhow::Ok(start.elapsed())
    })?;
    let stored = rt.block_on(async { Database::open(location).await?.count().await })?;
    anyhow::ensure!(stored == opts.ingest as u64, "hub stored {stored}");
    let rate = opts.ingest as f64 / elapsed.as_secs_f64();
    Ok(Figure::new(name, rate, rate, "req/s", Some((">=", budget)))
        .note(format!("{} requests, 4 senders, batches of 100, {instances} hub(s)", opts.ingest)))
}

/// Page shown to first audio sample: the kiosk's Say command until sound reaches the "kiosk" sink
/// (recorded with parec). Needs the sound server of `make audio`; reported as n/a without it.
fn first_audio(opts: &Options) -> Figure {
    let name = "page shown to first speech audio, same language";
    let unavailable = |why: &str| {
        let mut f = Figure::new(name, f64::NAN, f64::NAN, "ms", Some(("<=", 300.0)));
        f.pass = None;
        f.note(why.to_string())
    };
    let speech = torget::speech::Speech::start([("sv".to_string(), "sv".to_string())].into_iter().collect());
    let start = Instant::now();
    while !speech.can_speak("sv") {
        if start.elapsed() > Duration::from_secs(20) {
            return unavailable("speech-dispatcher not reachable here");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let page =
        |n: usize| torget::speech::Command::Say(vec![(format!("Fråga {n} av 5. Var är det?"), "sv".to_string())]);
    // The first utterance sets the Swedish voice; the language switch has a figure of its own.
    speech.send(page(0));
    wait_until(10, || speech.status().speaking);
    speech.send(torget::speech::Command::Stop);
    wait_until(10, || !speech.status().speaking);
    let mut latencies = Vec::new();
    for n in 0..if opts.quick { 2 } else { 7 } {
        match one_first_audio(&speech, page(n + 1)) {
            Ok(ms) => latencies.push(ms),
            Err(why) => return unavailable(&why),
        }
    }
    let worst = latencies.iter().cloned().fold(0.0, f64::max);
    Figure::new(name, percentile(&mut latencies, 0.5), worst, "ms", Some(("<=", 300.0)))
        .runs(latencies.len())
        .note("the same language as the page before")
}

fn one_first_audio(speech: &torget::speech::Speech, say: torget::speech::Command) -> Result<f64, String> {
    measured_first_audio(speech, || speech.send(say))
}

fn measured_first_audio(speech: &torget::speech::Speech, act: impl FnOnce()) -> Result<f64, String> {
    let silent = || "no sound recorded from the kiosk sink (run make audio)".to_string();
    recorded_first_audio(speech, act)
        .ok_or_else(silent)?
        // Sound before the page was said is what an earlier utterance left, not this page's audio:
        // a measurement that would be negative is refused, never counted as 0 ms.
        .map_err(|ms| format!("sound {ms:.0} ms before the page was said: an earlier utterance was still playing"))
}

/// Milliseconds from `act` (a Say command, or the visitor's touch that shows a page) to the first
/// sound, or `Err` with how long before it sound already played; `None` when nothing was recorded.
fn recorded_first_audio(speech: &torget::speech::Speech, act: impl FnOnce()) -> Option<Result<f64, f64>> {
    use std::io::Read;
    let file = tempfile::NamedTempFile::new().ok()?;
    let mut child = Command::new("parec")
        .args(["-d", "kiosk.monitor", "--raw", "--format=s16le", "--rate=16000", "--channels=1", "--latency-msec=10"])
        .stdout(file.reopen().ok()?)
        .stderr(Stdio::null())
        .spawn()
        .ok()?;
    let wait = Instant::now();
    while file.as_file().metadata().ok()?.len() == 0 {
        if wait.elapsed() > Duration::from_secs(5) {
            let _ = child.kill();
            return None;
        }
        std::thread::sleep(Duration::from_millis(2));
    }
    // Until the last 200 ms recorded are silent: on a slow machine an earlier utterance can still
    // be playing out of the sound server after speech-dispatcher says it has stopped.
    let quiet = Instant::now();
    loop {
        std::thread::sleep(Duration::from_millis(50));
        let mut bytes = Vec::new();
        file.reopen().ok()?.read_to_end(&mut bytes).ok()?;
        let recorded: Vec<i16> = bytes.chunks_exact(2).map(|b| i16::from_le_bytes([b[0], b[1]])).collect();
        let tail = &recorded[recorded.len().saturating_sub(3200)..];
        let silent = recorded.len() >= 3200 && tail.chunks(160).all(|w| rms(w) <= 300.0);
        if silent {
            break;
        }
        if quiet.elapsed() > Duration::from_secs(10) {
            let _ = child.kill();
            return Some(Err(0.0));
        }
    }
    // Where the recording stands at the touch, in samples: the sink may pause while idle, so the
    // samples need not match the wall clock, but what follows this point is heard after the touch.
    let said_at = file.as_file().metadata().ok()?.len() / 2;
    act();
    std::thread::sleep(Duration::from_millis(1500));
    speech.send(torget::speech::Command::Stop);
    std::thread::sleep(Duration::from_millis(300));
    let _ = child.kill();
    let _ = child.wait();
    let mut bytes = Vec::new();
    file.reopen().ok()?.read_to_end(&mut bytes).ok()?;
    let samples: Vec<i16> = bytes.chunks_exact(2).map(|b| i16::from_le_bytes([b[0], b[1]])).collect();
    let window = 160; // 10 ms at 16 kHz
    // From the silent 200 ms before the touch on: what played before them was an earlier utterance
    // that had ended, not this page's audio.
    let from = (said_at as usize / window).saturating_sub(20);
    let first = from + samples.chunks(window).skip(from).position(|w| rms(w) > 300.0)?;
    let ms = ((first * window) as f64 - said_at as f64) / 16.0;
    Some(if ms >= 0.0 { Ok(ms) } else { Err(-ms) })
}

/// The loudness of a window of samples.
fn rms(window: &[i16]) -> f64 {
    (window.iter().map(|&s| (s as f64).powi(2)).sum::<f64>() / window.len().max(1) as f64).sqrt()
}

/// Waits until `check` holds, up to `seconds`.
fn wait_until(seconds: u64, mut check: impl FnMut() -> bool) -> bool {
    let start = Instant::now();
    while !check() {
        if start.elapsed() > Duration::from_secs(seconds) {
            return false;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    true
}

/// The visitor chooses a language on the language page: from the touch to the first sound of the
/// next page, read in the new language. Languages are taken in turn, so every switch is to another.
fn first_audio_after_switch(opts: &Options) -> Figure {
    let name = "language chosen to first audio in it";
    let unavailable = |why: &str| {
        let mut f = Figure::new(name, f64::NAN, f64::NAN, "ms", Some(("<=", 300.0)));
        f.pass = None;
        f.note(why.to_string())
    };
    let Ok(data) = tempfile::tempdir() else { return unavailable("no temporary folder") };
    let mut app = match app_for(&opts.content, data.path().join("kiosk.db")) {
        Ok(app) => app,
        Err(e) => return unavailable(&e.to_string()),
    };
    let voices = app.catalog().languages.iter().map(|l| (l.code.clone(), l.voice.clone())).collect();
    let speech = torget::speech::Speech::start(voices);
    if !wait_until(20, || speech.status().available) {
        return unavailable("speech-dispatcher not reachable here");
    }
    app.set_speech(speech.clone());
    app.handle(Action::ToggleSpeech, Instant::now());
    let order = ["ar", "uk", "fi", "nb", "en", "sv"];
    let mut latencies = Vec::new();
    let mut chosen = Vec::new();
    for n in 0..if opts.quick { 3 } else { 12 } {
        let code = order[n % order.len()];
        let Some(index) = app.catalog().languages.iter().position(|l| l.code == code) else {
            return unavailable(&format!("the content has no language `{code}`"));
        };
        if !speech.can_speak(code) {
            return unavailable(&format!("no voice for `{code}` here"));
        }
        // The language page is read in the language of the moment; silence before the touch.
        app.handle(Action::OpenLanguages, Instant::now());
        wait_until(10, || speech.status().speaking);
        app.handle(Action::StopSpeech, Instant::now());
        if !wait_until(10, || !speech.status().speaking) {
            return unavailable("speech never stopped");
        }
        match measured_first_audio(&speech, || app.handle(Action::ChooseLanguage(index), Instant::now())) {
            Ok(ms) => latencies.push(ms),
            Err(why) => return unavailable(&format!("{code}: {why}")),
        }
        chosen.push(code);
    }
    let worst = latencies.iter().cloned().fold(0.0, f64::max);
    Figure::new(name, percentile(&mut latencies, 0.5), worst, "ms", Some(("<=", 300.0)))
        .runs(chosen.len())
        .note(format!("switches to {}", chosen.join(", ")))
}

/// Child process: starts the speech thread as the kiosk does and prints the milliseconds until it
/// can speak Swedish (speech-dispatcher connected and its voices known).
fn speech_ready_probe() -> Result<()> {
    let start = Instant::now();
    let speech = torget::speech::Speech::start([("sv".to_string(), "sv".to_string())].into_iter().collect());
    if wait_until(20, || speech.can_speak("sv")) {
        println!("ready {}", start.elapsed().as_secs_f64() * 1000.0);
    } else {
        println!("unavailable {:?}", speech.status().error);
    }
    Ok(())
}

/// Speech start to ready, with speech-dispatcher already running (the kiosk restarted) and with
/// none (the kiosk's first start: libspeechd starts speech-dispatcher, in a runtime folder of its own
/// so the machine's own speech-dispatcher is left alone).
fn speech_ready(opts: &Options) -> Vec<Figure> {
    let runs = if opts.quick { 2 } else { 5 };
    let budget = Some(("<=", 1000.0));
    let Ok(exe) = std::env::current_exe() else { return Vec::new() };
    // The sound server speech-dispatcher should play to, also from another runtime folder.
    let pulse = Command::new("pactl").arg("info").output().ok().and_then(|o| {
        String::from_utf8_lossy(&o.stdout).lines().find_map(|l| l.strip_prefix("Server String: ").map(str::to_string))
    });
    let once = |runtime: Option<&Path>| -> Result<f64, String> {
        let mut command = Command::new(&exe);
        command.arg("speech-ready").stderr(Stdio::null());
        if let Some(dir) = runtime {
            command.env("XDG_RUNTIME_DIR", dir).env_remove("SPEECHD_ADDRESS");
            if let Some(server) = &pulse {
                command.env("PULSE_SERVER", server);
            }
        }
        let out = command.output().map_err(|e| e.to_string())?;
        let text = String::from_utf8_lossy(&out.stdout).trim().to_string();
        text.strip_prefix("ready ").and_then(|ms| ms.parse().ok()).ok_or(text)
    };
    let figure = |name: &str, mut times: Vec<f64>, note: &str| {
        let worst = times.iter().cloned().fold(0.0, f64::max);
        Figure::new(name, percentile(&mut times, 0.5), worst, "ms", budget).runs(times.len()).note(note.to_string())
    };
    let unavailable = |name: &str, why: String| {
        let mut f = Figure::new(name, f64::NAN, f64::NAN, "ms", budget);
        f.pass = None;
        f.note(why)
    };
    let mut figures = Vec::new();
    let warm_name = "speech ready after start, speech-dispatcher running";
    // One unmeasured start makes sure the machine's speech-dispatcher runs.
    let warm: Result<Vec<f64>, String> = once(None).and_then(|_| (0..runs).map(|_| once(None)).collect());
    figures.push(match warm {
        Ok(times) => figure(warm_name, times, "from Speech::start to voices known"),
        Err(why) => unavailable(warm_name, format!("speech-dispatcher not reachable here: {why}")),
    });
    let cold_name = "speech ready after start, speech-dispatcher started";
    let mut cold = Vec::new();
    for _ in 0..runs {
        let Ok(runtime) = tempfile::tempdir() else { break };
        let result = once(Some(runtime.path()));
        // The speech-dispatcher started for this run is stopped with it.
        if let Ok(pid) = std::fs::read_to_string(runtime.path().join("speech-dispatcher/pid/speech-dispatcher.pid")) {
            let _ = Command::new("kill").arg(pid.trim()).status();
        }
        match result {
            Ok(ms) => cold.push(ms),
            Err(why) => {
                figures.push(unavailable(cold_name, format!("speech-dispatcher could not be started: {why}")));
                return figures;
            }
        }
    }
    figures.push(figure(cold_name, cold, "libspeechd starts speech-dispatcher, then voices known"));
    figures
}

/// The same home page and question page as static HTML, made from the same content and Fluent texts,
/// for the browser a municipality would otherwise run in kiosk mode.
fn write_html(content: &Path, dir: &Path) -> Result<Vec<PathBuf>> {
    std::fs::create_dir_all(dir)?;
    let data = tempfile::tempdir()?;
    let mut app = app_for(content, data.path().join("kiosk.db"))?;
    let esc = |s: &str| s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;");
    let style = "<style>body{font-family:'Noto Sans',sans-serif;margin:0;background:#fff;color:#14171a}\
        header,footer{background:#eef2f6;padding:24px 32px;display:flex;justify-content:space-between}\
        main{padding:32px 64px}h1{font-size:52px}button{font-size:34px;font-weight:700;min-height:96px;\
        padding:0 32px;border:3px solid #4a5561;border-radius:16px;background:#fff}\
        .tiles{display:grid;grid-template-columns:repeat(3,1fr);gap:24px}.tile{display:flex;gap:24px;\
        align-items:center;padding:24px;border:3px solid #4a5561;border-radius:16px;background:#eef2f6;\
        font-size:34px;font-weight:700;min-height:128px}.tile img{width:96px;height:96px}\
        .options{display:grid;grid-template-columns:1fr 1fr;gap:16px}.next{background:#0a4a82;color:#fff}</style>";
    let page = |title: &str, body: String| {
        format!(
            "<!doctype html><html lang=sv><head><meta charset=utf-8><title>{}</title>{style}</head><body>{body}</body></html>",
            esc(title)
        )
    };
    let now = Instant::now();
    app.handle(Action::Start, now);
    app.handle(Action::ChooseLanguage(0), now);
    let v = app.view(now);
    let tiles = |ts: &[torget::app::Tile]| {
        ts.iter()
            .map(|t| {
                format!(
                    "<div class=tile><img src=\"file://{}\">{}</div>",
                    std::fs::canonicalize(&t.pictogram).unwrap_or_default().display(),
                    esc(&t.title)
                )
            })
            .collect::<String>()
    };
    let home = page(
        &v.title,
        format!(
            "<header><button>{}</button></header><main><h1>{}</h1><h2>{}</h2><div class=tiles>{}</div><h2>{}</h2><div class=tiles>{}</div></main>",
            esc(&v.labels.language),
            esc(&v.title),
            esc(&v.services_heading),
            tiles(&v.services),
            esc(&v.info_heading),
            tiles(&v.info_tiles)
        ),
    );
    let fault = app.catalog().services.iter().position(|s| s.id == "report-fault").context("demo service")?;
    app.handle(Action::OpenService(fault), now);
    let v = app.view(now);
    let q = &v.question;
    let options: String = q.options.iter().map(|o| format!("<button>{}</button>", esc(&o.label))).collect();
    let question = page(
        &q.text,
        format!(
            "<header><button>{}</button><button>{}</button></header><main><p>{}</p><p>{}</p><h1>{}</h1><p>{}</p><div class=options>{}</div></main><footer><button>{}</button><button class=next>{}</button></footer>",
            esc(&v.labels.language),
            esc(&v.labels.cancel),
            esc(&q.service_title),
            esc(&q.progress),
            esc(&q.text),
            esc(&q.help),
            options,
            esc(&v.labels.back),
            esc(&v.labels.next)
        ),
    );
    let paths = vec![dir.join("home.html"), dir.join("question.html")];
    std::fs::write(&paths[0], home)?;
    std::fs::write(&paths[1], question)?;
    Ok(paths)
}

/// Proportional resident memory (PSS: shared pages split between the processes sharing them) of a
/// process and all its descendants, in kB, so that a multi-process browser is not over-counted.
fn tree_pss_kb(root: u32) -> u64 {
    let all = processes();
    let mut total = 0;
    let mut stack = vec![root];
    while let Some(pid) = stack.pop() {
        total += pss_kb(pid);
        stack.extend(all.iter().filter(|p| p.parent == pid).map(|p| p.pid));
    }
    total
}

/// `make bench-browser`: Torget beside headless Chromium on the same pages, measured in one run.
fn browser(content: &Path, out: &Path, runs: usize) -> Result<()> {
    let chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser"]
        .into_iter()
        .find(|p| Path::new(p).exists())
        .context("chromium is not installed (make bench-browser installs it)")?;
    let pages = write_html(content, &out.join("html"))?;
    let flags = [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--window-size=1920,1080",
    ];
    let mut figures = Vec::new();
    for page in &pages {
        let name = page.file_stem().unwrap_or_default().to_string_lossy().to_string();
        // Start to first paint: a fresh browser asked for a screenshot, which it takes after the first paint.
        let mut starts = Vec::new();
        for _ in 0..runs {
            let profile = tempfile::tempdir()?;
            let shot = profile.path().join("shot.png");
            let started = Instant::now();
            let status = Command::new(chromium)
                .args(flags)
                .arg(format!("--user-data-dir={}", profile.path().display()))
                .arg(format!("--screenshot={}", shot.display()))
                .arg(format!("file://{}", std::fs::canonicalize(page)?.display()))
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status()?;
            anyhow::ensure!(status.success() && shot.exists(), "chromium could not draw {name}");
            starts.push(started.elapsed().as_secs_f64() * 1000.0);
        }
        let worst = starts.iter().cloned().fold(0.0, f64::max);
        figures.push(
            Figure::new(
                &format!("chromium: start to first paint ({name})"),
                percentile(&mut starts, 0.5),
                worst,
                "ms",
                None,
            )
            .runs(runs)
            .note("includes writing the screenshot"),
        );
        // Memory: the browser showing the page, idle, all its processes together.
        let profile = tempfile::tempdir()?;
        let mut child = Command::new(chromium)
            .args(flags)
            .arg(format!("--user-data-dir={}", profile.path().display()))
            .arg("--remote-debugging-port=0")
            .arg(format!("file://{}", std::fs::canonicalize(page)?.display()))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()?;
        std::thread::sleep(Duration::from_secs(4));
        let rss = tree_pss_kb(child.id()) as f64 / 1024.0;
        let _ = child.kill();
        let _ = child.wait();
        figures.push(
            Figure::new(&format!("chromium: memory (PSS) ({name})"), rss, rss, "MB", None)
                .note("PSS of all browser processes"),
        );
    }
    // Torget on the same machine, in the same run.
    let opts = Options {
        quick: true,
        content: content.to_path_buf(),
        out: out.to_path_buf(),
        runs: runs + 1,
        enqueues: 0,
        queued: 0,
        ingest: 0,
        data: out.join("data"),
        low_end: None,
        visits: 0,
        only: Vec::new(),
    };
    figures.extend(startup(&opts)?.into_iter().filter(|f| !f.name.contains("visit")));
    print_table(&figures);
    let path = out.join("browser.json");
    std::fs::create_dir_all(out)?;
    std::fs::write(&path, serde_json::to_string_pretty(&figures)?)?;
    println!("\nwritten to {}", path.display());
    Ok(())
}
