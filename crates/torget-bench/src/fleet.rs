//! `torget-bench --fleet`: what a region's fleet costs its hub. A throw-away PostgreSQL cluster,
//! two `torget-hub` processes on it, and in front of them, as the harness's own round-robin,
//! simulated kiosks (each with its own credential) that beat at the real intervals (every 3 s
//! while a help call is open), upload sealed requests at a peak hour's rate, and signed-in desk
//! pages that follow the desk as the browser does (server-sent events, then the table). A help call
//! is raised every few seconds through the first instance; every desk's time to see it and the
//! kiosk's time to hear "I'm on my way" are measured. With `--kill-halfway` the second instance is
//! killed (SIGKILL) halfway through, and kiosks and desks carry on through the first.
//!
//! With `outage`, both instances are then killed while every kiosk has a request to send, and
//! started again after the outage. Each kiosk paces its tries with the kiosk's own
//! [`torget::sync::Pacing`] (backoff with full jitter, the hub's `Retry-After` as a floor), and
//! one kiosk in five presses "Send now" at a random moment of each wait. The run shows how spread
//! out the fleet comes back, how long until every request is stored, and that no try came before
//! the hub's `Retry-After` was over.

use std::collections::{BTreeMap, HashSet};
use std::path::PathBuf;
use std::process::Command;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use torget_hub::accounts::{Role, hash_password};
use torget_hub::store::{Database, Location};
use torget_testing::{HubProcess, free_address, pg};

use super::Figure;
use torget::sync::{Pacing, SyncSettings, random_u64};

pub struct FleetOptions {
    pub kiosks: usize,
    pub desks: usize,
    pub seconds: u64,
    pub heartbeat_every: Duration,
    /// Per cent of the kiosks holding a help call open all along.
    pub help_percent: usize,
    pub uploads_per_minute: u64,
    pub kill_halfway: bool,
    /// After the measured run, both instances are down this long while every kiosk has a request
    /// waiting; then they start again and the fleet's return is measured (0: no outage).
    pub outage: Duration,
    /// The hubs' `--uploads-at-once` after the outage: low enough that the fleet's return meets
    /// the hub's 429s (the measured run before it has the hub's own, 64).
    pub uploads_at_once: usize,
    /// The hubs' `--busy-retry-after`, in seconds.
    pub busy_retry_after: u64,
    pub out: PathBuf,
}

const HELP_EVERY: Duration = Duration::from_secs(3);
/// The pause between one help call's end and the next.
const CALL_EVERY: Duration = Duration::from_secs(2);
/// How often a desk page fetches the whole table even when told nothing (`assets/desk.js`): in
/// case a change was missed; its minutes since each kiosk was heard it words by its own clock.
const DESK_WHOLE_EVERY: Duration = Duration::from_secs(300);
const DESK_PASSWORD: &str = "en disk som ser allt 42";

/// What the run measured, shared by its tasks.
#[derive(Default)]
struct Seen {
    heartbeat_ms: Vec<f64>,
    upload_ms: Vec<f64>,
    /// Raised → shown on a desk, per desk and call, with whether the call came through another
    /// instance than the desk's and whether it was raised after the kill.
    shown_ms: Vec<(f64, bool, bool)>,
    heard_ms: Vec<f64>,
    calls: usize,
    calls_missed: usize,
    heartbeats_lost: usize,
    uploads_acknowledged: u64,
    desk_bytes: u64,
}

/// The help call under way: the kiosk, when it was raised, which desks saw it.
struct Call {
    kiosk: usize,
    raised: Instant,
    after_kill: bool,
    seen_by: HashSet<usize>,
    answered: Option<Instant>,
}

struct Shared {
    hubs: Vec<String>,
    /// Instance 1 was killed: everything goes to instance 0.
    killed: AtomicBool,
    seen: Mutex<Seen>,
    call: Mutex<Option<Call>>,
    /// Per kiosk: a help call is open.
    help: Vec<AtomicBool>,
    /// Per kiosk: wakes its heartbeat loop.
    wake: Vec<tokio::sync::Notify>,
    names: Vec<String>,
    tokens: Vec<String>,
    client: reqwest::Client,
    stop: AtomicBool,
    round_robin: AtomicU64,
    heartbeat_every: Duration,
}

impl Shared {
    /// The instance for the next request: round-robin over the live ones.
    fn next_hub(&self) -> usize {
        if self.killed.load(Ordering::SeqCst) {
            return 0;
        }
        (self.round_robin.fetch_add(1, Ordering::Relaxed) % self.hubs.len() as u64) as usize
    }

    /// Kiosk `n`'s JSON `body` to `path` at instance `hub`, with its credential.
    async fn kiosk_post(&self, hub: usize, n: usize, path: &str, body: String) -> reqwest::Result<reqwest::Response> {
        self.client
            .post(format!("{}{path}", self.hubs[hub]))
            .bearer_auth(&self.tokens[n])
            .header("content-type", "application/json")
            .body(body)
            .send()
            .await
    }

    fn other(&self, hub: usize) -> usize {
        if self.killed.load(Ordering::SeqCst) { 0 } else { (hub + 1) % self.hubs.len() }
    }
}

fn encode(form: &[(&str, &str)]) -> String {
    let part = |s: &str| {
        s.bytes()
            .map(|b| match b {
                b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => (b as char).to_string(),
                b' ' => "+".into(),
                _ => format!("%{b:02X}"),
            })
            .collect::<String>()
    };
    form.iter().map(|(k, v)| format!("{}={}", part(k), part(v))).collect::<Vec<_>>().join("&")
}

fn cookie(response: &reqwest::Response, name: &str) -> Option<String> {
    response
        .headers()
        .get_all(reqwest::header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|v| v.strip_prefix(&format!("{name}=")).map(|rest| rest.split(';').next().unwrap_or("").to_string()))
}

fn form_token(page: &str) -> Option<String> {
    let at = page.find(r#"name="csrf" value=""#)? + r#"name="csrf" value=""#.len();
    Some(page[at..at + page[at..].find('"')?].to_string())
}

/// Signs `name` in at `hub` as a browser would; returns the session cookie.
async fn sign_in(client: &reqwest::Client, hub: &str, name: &str) -> Result<String> {
    let page = client.get(format!("{hub}/sign-in")).send().await?;
    let form_cookie = cookie(&page, "torget_form").context("the sign-in form's cookie")?;
    let token = form_token(&page.text().await?).context("the sign-in form's token")?;
    let answer = client
        .post(format!("{hub}/sign-in"))
        .header("cookie", format!("torget_form={form_cookie}"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(encode(&[("name", name), ("password", DESK_PASSWORD), ("csrf", &token)]))
        .send()
        .await?;
    match cookie(&answer, "torget_session") {
        Some(session) => Ok(session),
        None => {
            let status = answer.status();
            let body = answer.text().await.unwrap_or_default();
            let said = body.split("id=\"sign-in-error\"").nth(1).and_then(|r| r.split('<').next()).unwrap_or("");
            anyhow::bail!("no session for {name}: {status} {said}")
        }
    }
}

/// Whether the desk table shows a help call of `kiosk`.
fn shows_call(table: &str, kiosk: &str) -> bool {
    table.contains(&format!(r#"<li data-call="{kiosk}""#))
}

async fn kiosk(shared: Arc<Shared>, n: usize, first_beat: Duration) {
    tokio::time::sleep(first_beat).await;
    while !shared.stop.load(Ordering::SeqCst) {
        beat(&shared, n).await;
        let every = if shared.help[n].load(Ordering::SeqCst) { HELP_EVERY } else { shared.heartbeat_every };
        // A help call raised meanwhile switches the kiosk to its 3 s beat at once, as a kiosk does.
        tokio::select! {
            _ = tokio::time::sleep(every) => {}
            _ = shared.wake[n].notified() => {}
        }
    }
}

/// One heartbeat of kiosk `n`, through the next instance, or the other one if that fails.
async fn beat(shared: &Shared, n: usize) {
    let help = shared.help[n].load(Ordering::SeqCst);
    let body = serde_json::json!({ "version": "bench", "queue_depth": 0, "help_requested": help }).to_string();
    let first = shared.next_hub();
    for hub in [first, shared.other(first)] {
        let start = Instant::now();
        let sent = shared.kiosk_post(hub, n, "/v1/heartbeat", body.clone()).await;
        let Ok(response) = sent else { continue };
        if !response.status().is_success() {
            continue;
        }
        let ms = start.elapsed().as_secs_f64() * 1000.0;
        let answer: serde_json::Value = response.json().await.unwrap_or_default();
        shared.seen.lock().unwrap().heartbeat_ms.push(ms);
        if help && answer["help"] == "coming" {
            let mut call = shared.call.lock().unwrap();
            if let Some(c) = call.as_mut().filter(|c| c.kiosk == n)
                && let Some(answered) = c.answered.take()
            {
                shared.seen.lock().unwrap().heard_ms.push(answered.elapsed().as_secs_f64() * 1000.0);
            }
        }
        return;
    }
    shared.seen.lock().unwrap().heartbeats_lost += 1;
}

/// An upload batch of one sealed request of a busy day's size (1 500 bytes), new id each time.
fn one_request(n: usize) -> String {
    use base64::Engine;
    let sealed: Vec<u8> = (0..1500).map(|i| (i * 31 + n) as u8).collect();
    serde_json::json!({ "items": [{
        "id": uuid::Uuid::now_v7().to_string(),
        "service_id": "report-fault",
        "created_at_ms": time::OffsetDateTime::now_utc().unix_timestamp() * 1000,
        "sealed": base64::engine::general_purpose::STANDARD.encode(&sealed),
    }]})
    .to_string()
}

async fn uploads(shared: Arc<Shared>, per_minute: u64) {
    if per_minute == 0 {
        return;
    }
    let every = Duration::from_secs_f64(60.0 / per_minute as f64);
    let mut n = 0usize;
    while !shared.stop.load(Ordering::SeqCst) {
        tokio::time::sleep(every).await;
        n += 1;
        let kiosk = (n * 7919) % shared.tokens.len();
        let body = one_request(n);
        let first = shared.next_hub();
        for hub in [first, shared.other(first)] {
            let start = Instant::now();
            let sent = shared.kiosk_post(hub, kiosk, "/v1/submissions", body.clone()).await;
            if let Ok(r) = sent
                && r.status().is_success()
            {
                let mut seen = shared.seen.lock().unwrap();
                seen.upload_ms.push(start.elapsed().as_secs_f64() * 1000.0);
                seen.uploads_acknowledged += 1;
                break;
            }
        }
    }
}

/// A desk page: follows `/kiosks/events` at its instance and fetches the table when told; after
/// the stream ends (the instance was killed) it opens the page at the other instance.
async fn desk(shared: Arc<Shared>, d: usize, session: String) {
    let mut hub = d % shared.hubs.len();
    while !shared.stop.load(Ordering::SeqCst) {
        if shared.killed.load(Ordering::SeqCst) {
            hub = 0;
        }
        let base = shared.hubs[hub].clone();
        let events = shared
            .client
            .get(format!("{base}/kiosks/events"))
            .header("cookie", format!("torget_session={session}"))
            .send()
            .await;
        let Ok(mut events) = events else {
            hub = shared.other(hub);
            tokio::time::sleep(Duration::from_millis(200)).await;
            continue;
        };
        look(&shared, d, hub, &base, &session, None).await;
        let mut whole_at = Instant::now();
        let mut pending = String::new();
        loop {
            let chunk = tokio::select! {
                chunk = events.chunk() => chunk,
                _ = tokio::time::sleep(Duration::from_millis(250)) => {
                    if shared.stop.load(Ordering::SeqCst) { return; }
                    // As the page does: the whole table every five minutes, in case a change was missed.
                    if whole_at.elapsed() >= DESK_WHOLE_EVERY {
                        whole_at = Instant::now();
                        look(&shared, d, hub, &base, &session, None).await;
                    }
                    continue;
                }
            };
            match chunk {
                Ok(Some(bytes)) => {
                    shared.seen.lock().unwrap().desk_bytes += bytes.len() as u64;
                    pending.push_str(&String::from_utf8_lossy(&bytes));
                    // Each whole event: `event: change` and the rows it names, or `*` for all.
                    while let Some(end) = pending.find("\n\n") {
                        let event: String = pending.drain(..end + 2).collect();
                        if !event.lines().any(|l| l == "event: change") {
                            continue;
                        }
                        let data = event.lines().find_map(|l| l.strip_prefix("data: ")).unwrap_or("*");
                        let only = (data != "*").then(|| data.split(' ').collect::<Vec<_>>().join("."));
                        look(&shared, d, hub, &base, &session, only.as_deref()).await;
                    }
                }
                _ => break,
            }
        }
        hub = shared.other(hub);
    }
}

/// The desk fetches its table, or only the rows `only` names, and notes when it first shows the
/// call under way.
async fn look(shared: &Shared, d: usize, hub: usize, base: &str, session: &str, only: Option<&str>) {
    let url = match only {
        Some(only) => format!("{base}/kiosks?fragment=1&only={only}"),
        None => format!("{base}/kiosks?fragment=1"),
    };
    let fetched = shared.client.get(url).header("cookie", format!("torget_session={session}")).send().await;
    let Ok(response) = fetched else { return };
    let Ok(table) = response.text().await else { return };
    shared.seen.lock().unwrap().desk_bytes += table.len() as u64;
    let mut call = shared.call.lock().unwrap();
    if let Some(c) = call.as_mut()
        && !c.seen_by.contains(&d)
        && shows_call(&table, &shared.names[c.kiosk])
    {
        c.seen_by.insert(d);
        let across = hub != 0;
        shared.seen.lock().unwrap().shown_ms.push((c.raised.elapsed().as_secs_f64() * 1000.0, across, c.after_kill));
    }
}

/// Raises a help call every few seconds at a kiosk that has none, through instance 0 (as the
/// kiosk's "heartbeat now" does); when every desk has seen it, the first desk answers "I'm on my
/// way" and, once the kiosk heard it, the call is closed.
async fn caller(shared: Arc<Shared>, desks: usize, desk_sessions: Vec<String>) {
    let mut n = 0usize;
    while !shared.stop.load(Ordering::SeqCst) {
        n += 1;
        let kiosk = (n * 104_729 + 3) % shared.tokens.len();
        if shared.help[kiosk].load(Ordering::SeqCst) {
            continue;
        }
        shared.help[kiosk].store(true, Ordering::SeqCst);
        *shared.call.lock().unwrap() = Some(Call {
            kiosk,
            raised: Instant::now(),
            after_kill: shared.killed.load(Ordering::SeqCst),
            seen_by: HashSet::new(),
            answered: None,
        });
        shared.seen.lock().unwrap().calls += 1;
        shared.round_robin.store(0, Ordering::SeqCst);
        beat(&shared, kiosk).await;
        shared.wake[kiosk].notify_one();
        // Every desk sees it, or 5 s pass.
        let deadline = Instant::now() + Duration::from_secs(5);
        while Instant::now() < deadline {
            if shared.call.lock().unwrap().as_ref().is_some_and(|c| c.seen_by.len() == desks) {
                break;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        let all_seen = shared.call.lock().unwrap().as_ref().is_some_and(|c| c.seen_by.len() == desks);
        if !all_seen {
            shared.seen.lock().unwrap().calls_missed += 1;
        }
        // "I'm on my way" from the first desk, at the first instance (which stays up).
        let base = &shared.hubs[0];
        let session = &desk_sessions[0];
        if let Ok(page) = shared
            .client
            .get(format!("{base}/kiosks"))
            .header("cookie", format!("torget_session={session}"))
            .send()
            .await
            && let Ok(text) = page.text().await
            && let Some(token) = form_token(&text)
        {
            if let Some(c) = shared.call.lock().unwrap().as_mut() {
                c.answered = Some(Instant::now());
            }
            let _ = shared
                .client
                .post(format!("{base}/kiosks/help"))
                .header("cookie", format!("torget_session={session}"))
                .header("content-type", "application/x-www-form-urlencoded")
                .body(encode(&[("csrf", &token), ("kiosk", &shared.names[kiosk]), ("answer", "coming")]))
                .send()
                .await;
        }
        // The kiosk hears it within its next help beat or two; then the visitor is helped.
        let deadline = Instant::now() + HELP_EVERY * 3;
        while Instant::now() < deadline && shared.call.lock().unwrap().as_ref().is_some_and(|c| c.answered.is_some()) {
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        shared.help[kiosk].store(false, Ordering::SeqCst);
        *shared.call.lock().unwrap() = None;
        beat(&shared, kiosk).await;
        // A call every few seconds: far more than a real day, so the figures have many samples.
        tokio::time::sleep(CALL_EVERY).await;
    }
}

/// CPU ticks (user + system) and resident memory of a process, from `/proc`.
fn process_use(pid: u32) -> Option<(u64, u64)> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    let fields: Vec<&str> = stat.rsplit_once(')')?.1.split_whitespace().collect();
    let ticks = fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?;
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let rss_kb = status.lines().find_map(|l| l.strip_prefix("VmRSS:"))?.split_whitespace().next()?.parse().ok()?;
    Some((ticks, rss_kb))
}

fn percentile(values: &[f64], p: f64) -> f64 {
    if values.is_empty() {
        return f64::NAN;
    }
    let mut v = values.to_vec();
    v.sort_by(f64::total_cmp);
    v[((v.len() - 1) as f64 * p).round() as usize]
}

/// What the fleet's return after the outage showed.
#[derive(Default)]
struct Return {
    /// Each try that reached a hub, from the moment the hubs were back.
    tries_ms: Vec<f64>,
    /// When each kiosk's request was stored, from the moment the hubs were back.
    stored_ms: Vec<f64>,
    /// Tries that found no hub (the outage).
    refused: u64,
    /// 429s with `Retry-After` from a busy hub.
    busy: u64,
    /// Tries made before the `Retry-After` of the kiosk's last 429 was over.
    early: u64,
    /// "Send now" pressed during a wait, and pressed while a `Retry-After` held.
    presses: u64,
    presses_held: u64,
}

/// One kiosk with a request waiting through the outage: tries as the kiosk's sync worker does
/// ([`Pacing::hold`] and [`Pacing::backing_off`] before each try, [`Pacing::failed`] after one that
/// failed, no wait longer than the next heartbeat, [`Pacing::hub_back`] when a heartbeat reaches
/// the hub again, each wait cut short by "Send now" when `presses`).
async fn comes_back(
    shared: Arc<Shared>,
    n: usize,
    presses: bool,
    back: Arc<Mutex<Option<Instant>>>,
    seen: Arc<Mutex<Return>>,
) {
    let settings = SyncSettings::new("http://hub", "");
    let mut pacing = Pacing::new(settings.backoff_base, settings.backoff_cap);
    let body = one_request(n);
    // The end of the last Retry-After, as the harness heard it, to check every try against.
    let mut held_until: Option<Instant> = None;
    let since_back = |at: Instant| back.lock().unwrap().map(|b| at.saturating_duration_since(b).as_secs_f64() * 1000.0);
    // Heartbeats keep their phase in the minute, as in the running fleet.
    let every = shared.heartbeat_every;
    let mut next_beat = Instant::now() + every.mul_f64((n as f64 * 0.618_034) % 1.0);
    let mut away = false;
    // A wait as the worker waits: cut short by "Send now" pressed at a random moment of it.
    let wait = |delay: Duration, held: bool| {
        let seen = seen.clone();
        async move {
            let press = presses.then(|| Duration::from_nanos(random_u64() % (delay.as_nanos() as u64).max(1)));
            match press {
                Some(press) => {
                    tokio::time::sleep(press).await;
                    let mut seen = seen.lock().unwrap();
                    seen.presses += 1;
                    seen.presses_held += u64::from(held);
                    true
                }
                None => {
                    tokio::time::sleep(delay).await;
                    false
                }
            }
        }
    };
    while !shared.stop.load(Ordering::SeqCst) {
        if Instant::now() >= next_beat {
            let hub = shared.next_hub();
            let beat =
                shared.kiosk_post(hub, n, "/v1/heartbeat", r#"{"version":"bench","queue_depth":1}"#.to_string()).await;
            if beat.is_ok_and(|r| r.status().is_success()) {
                if std::mem::take(&mut away) {
                    pacing.hub_back();
                }
            } else {
                away = true;
            }
            next_beat = Instant::now() + every;
        }
        let beat_in = next_beat.saturating_duration_since(Instant::now());
        if let Some(left) = pacing.hold() {
            wait(left.min(beat_in), true).await;
            continue;
        }
        if let Some(left) = pacing.backing_off() {
            if wait(left.min(beat_in), false).await {
                pacing.pressed();
            }
            continue;
        }
        let hub = shared.next_hub();
        let at = Instant::now();
        if held_until.is_some_and(|until| at < until) {
            seen.lock().unwrap().early += 1;
        }
        let sent = shared.kiosk_post(hub, n, "/v1/submissions", body.clone()).await;
        match sent {
            Ok(response) => {
                if let Some(ms) = since_back(at) {
                    seen.lock().unwrap().tries_ms.push(ms);
                }
                let status = response.status();
                let retry_after = response
                    .headers()
                    .get(reqwest::header::RETRY_AFTER)
                    .and_then(|v| v.to_str().ok()?.parse::<u64>().ok())
                    .map(Duration::from_secs);
                if status.is_success() {
                    pacing.succeeded();
                    let mut seen = seen.lock().unwrap();
                    let ms = since_back(Instant::now()).unwrap_or(0.0);
                    seen.stored_ms.push(ms);
                    shared.seen.lock().unwrap().uploads_acknowledged += 1;
                    return;
                }
                if status == reqwest::StatusCode::TOO_MANY_REQUESTS {
                    seen.lock().unwrap().busy += 1;
                    held_until = retry_after.map(|r| Instant::now() + r);
                }
                pacing.failed(retry_after, random_u64());
            }
            Err(_) => {
                seen.lock().unwrap().refused += 1;
                away = true;
                pacing.failed(None, random_u64());
            }
        }
    }
}

/// The outage: both instances killed, every kiosk given a request, the instances started again
/// after `opts.outage` on their own addresses; returns when every request is stored (or after
/// ten minutes).
fn outage(
    rt: &tokio::runtime::Runtime,
    shared: &Arc<Shared>,
    hubs: &mut [Option<HubProcess>],
    start: &dyn Fn(std::net::SocketAddr) -> HubProcess,
    addrs: &[std::net::SocketAddr],
    opts: &FleetOptions,
) -> Return {
    for hub in hubs.iter_mut() {
        drop(hub.take());
    }
    shared.killed.store(false, Ordering::SeqCst);
    shared.stop.store(false, Ordering::SeqCst);
    let back = Arc::new(Mutex::new(None));
    let seen = Arc::new(Mutex::new(Return::default()));
    let tasks: Vec<_> = (0..shared.tokens.len())
        .map(|n| rt.spawn(comes_back(shared.clone(), n, n % 5 == 0, back.clone(), seen.clone())))
        .collect();
    // The outage itself: a span of time, while the kiosks try and back off.
    std::thread::sleep(opts.outage);
    for (hub, addr) in hubs.iter_mut().zip(addrs) {
        *hub = Some(start(*addr));
        // Back from the moment the first instance listens.
        back.lock().unwrap().get_or_insert_with(Instant::now);
    }
    rt.block_on(async {
        let all = futures_join(tasks);
        if tokio::time::timeout(Duration::from_secs(600), all).await.is_err() {
            shared.stop.store(true, Ordering::SeqCst);
        }
    });
    std::mem::take(&mut *seen.lock().unwrap())
}

async fn futures_join(tasks: Vec<tokio::task::JoinHandle<()>>) {
    for task in tasks {
        let _ = task.await;
    }
}

/// The most tries in any one second after the hubs came back.
fn busiest_second(tries_ms: &[f64]) -> usize {
    let mut per_second: BTreeMap<u64, usize> = BTreeMap::new();
    for ms in tries_ms {
        *per_second.entry((ms / 1000.0) as u64).or_default() += 1;
    }
    per_second.values().copied().max().unwrap_or(0)
}

/// The `torget-hub` program beside this one.
fn hub_binary() -> Result<PathBuf> {
    let exe = std::env::current_exe()?;
    let dir = exe.parent().context("a folder")?;
    [dir.join("torget-hub"), dir.parent().context("a folder")?.join("torget-hub")]
        .into_iter()
        .find(|p| p.exists())
        .context("torget-hub is not built beside torget-bench: cargo build --bin torget-hub")
}

pub fn run(opts: &FleetOptions) -> Result<Vec<Figure>> {
    let _ = rustls::crypto::ring::default_provider().install_default();
    let cluster = pg::PgCluster::try_start().map_err(anyhow::Error::msg)?;
    let url = cluster.new_database("fleet");
    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build()?;
    let (names, tokens) = rt.block_on(async {
        let db = Database::open(&Location::Postgres(url.clone())).await?;
        let mut names = Vec::new();
        let mut tokens = Vec::new();
        for n in 0..opts.kiosks {
            let name = format!("kiosk-{n:04}");
            tokens.push(db.add_kiosk(&name).await?);
            names.push(name);
        }
        let hash = hash_password(DESK_PASSWORD).map_err(anyhow::Error::msg)?;
        for d in 0..opts.desks {
            anyhow::ensure!(db.add_user("bench", &format!("desk-{d}"), Role::Desk, &hash).await?, "desk-{d} not added");
        }
        anyhow::Ok((names, tokens))
    })?;
    let binary = hub_binary()?;
    let (at_once, retry_after) = (opts.uploads_at_once.to_string(), opts.busy_retry_after.to_string());
    // The measured run on the hub's own bounds; after the outage, on `opts.uploads_at_once`.
    let start_with = |addr: std::net::SocketAddr, returning: bool| {
        let mut command = Command::new(&binary);
        command.env("TORGET_LOG", "error").env("TORGET_HUB_DATABASE", &url);
        let mut limits = vec!["--max-connections", "8192", "--busy-retry-after", &retry_after];
        if returning {
            limits.extend(["--uploads-at-once", &at_once]);
        }
        HubProcess::start(command, addr, &limits)
    };
    let start = |addr: std::net::SocketAddr| start_with(addr, true);
    let mut hubs: Vec<Option<HubProcess>> = (0..2).map(|_| Some(start_with(free_address(), false))).collect();
    let addrs: Vec<std::net::SocketAddr> = hubs.iter().flatten().map(|h| h.addr).collect();
    let pids: Vec<u32> = hubs.iter().flatten().map(HubProcess::id).collect();
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .pool_max_idle_per_host(256)
        .timeout(Duration::from_secs(30))
        .build()?;
    let shared = Arc::new(Shared {
        hubs: hubs.iter().flatten().map(|h| format!("http://{}", h.addr)).collect(),
        killed: AtomicBool::new(false),
        seen: Mutex::new(Seen::default()),
        call: Mutex::new(None),
        help: (0..opts.kiosks).map(|n| AtomicBool::new(n * 100 < opts.kiosks * opts.help_percent)).collect(),
        wake: (0..opts.kiosks).map(|_| tokio::sync::Notify::new()).collect(),
        names,
        tokens,
        client,
        stop: AtomicBool::new(false),
        round_robin: AtomicU64::new(0),
        heartbeat_every: opts.heartbeat_every,
    });
    let sessions: Vec<String> = rt.block_on(async {
        let mut sessions = Vec::new();
        for d in 0..opts.desks {
            let hub = &shared.hubs[d % 2];
            sessions.push(sign_in(&shared.client, hub, &format!("desk-{d}")).await?);
        }
        anyhow::Ok(sessions)
    })?;
    // A running fleet: every kiosk has beaten once before the measured time (a kiosk's first
    // heartbeat is news for every desk, and a fleet starting at once is not the steady state).
    rt.block_on(async {
        let mut tasks = tokio::task::JoinSet::new();
        for n in 0..opts.kiosks {
            let shared = shared.clone();
            tasks.spawn(async move { beat(&shared, n).await });
            if tasks.len() >= 64 {
                tasks.join_next().await;
            }
        }
        while tasks.join_next().await.is_some() {}
        *shared.seen.lock().unwrap() = Seen::default();
    });
    let started = Instant::now();
    let (ticks_before, mut rss_most) =
        (pids.iter().map(|p| process_use(*p).map_or(0, |u| u.0)).collect::<Vec<_>>(), vec![0u64; 2]);
    let mut connections_most = 0u64;
    // Each instance's CPU ticks when last read, and when: a killed one is measured until then.
    let mut last_ticks: Vec<(u64, Instant)> = ticks_before.iter().map(|t| (*t, started)).collect();
    rt.block_on(async {
        let mut tasks = Vec::new();
        for n in 0..opts.kiosks {
            let first = opts.heartbeat_every.mul_f64((n as f64 * 0.618_034) % 1.0);
            tasks.push(tokio::spawn(kiosk(shared.clone(), n, first)));
        }
        tasks.push(tokio::spawn(uploads(shared.clone(), opts.uploads_per_minute)));
        for (d, session) in sessions.iter().enumerate() {
            tasks.push(tokio::spawn(desk(shared.clone(), d, session.clone())));
        }
        // The desks open their pages before the first call.
        tokio::time::sleep(Duration::from_millis(500)).await;
        tasks.push(tokio::spawn(caller(shared.clone(), opts.desks, sessions.clone())));
        let end = started + Duration::from_secs(opts.seconds);
        let halfway = started + Duration::from_secs(opts.seconds / 2);
        while Instant::now() < end {
            tokio::time::sleep(Duration::from_millis(500)).await;
            for (i, pid) in pids.iter().enumerate() {
                if let Some((ticks, rss)) = process_use(*pid) {
                    rss_most[i] = rss_most[i].max(rss);
                    last_ticks[i] = (ticks, Instant::now());
                }
            }
            if let Ok(count) =
                cluster.sql("SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend'")
                && let Ok(count) = count.trim().parse::<u64>()
            {
                connections_most = connections_most.max(count);
            }
            if opts.kill_halfway && Instant::now() >= halfway && !shared.killed.load(Ordering::SeqCst) {
                shared.killed.store(true, Ordering::SeqCst);
                drop(hubs[1].take());
            }
        }
        shared.stop.store(true, Ordering::SeqCst);
        for t in &tasks {
            t.abort();
        }
    });
    let wall = started.elapsed().as_secs_f64();
    let back = (!opts.outage.is_zero()).then(|| outage(&rt, &shared, &mut hubs, &start, &addrs, opts));
    // Per cent of one core over the time each instance ran (kernel ticks of 10 ms).
    let cpu: Vec<f64> = last_ticks
        .iter()
        .zip(&ticks_before)
        .map(|((after, at), before)| {
            let seconds = at.duration_since(started).as_secs_f64();
            if seconds > 0.0 { (after - before) as f64 / 100.0 / seconds * 100.0 } else { f64::NAN }
        })
        .collect();
    let stored = rt.block_on(async { Database::open(&Location::Postgres(url.clone())).await?.count().await })?;
    let seen = shared.seen.lock().unwrap();
    let shown: Vec<f64> = seen.shown_ms.iter().map(|(ms, _, _)| *ms).collect();
    let across = seen.shown_ms.iter().filter(|(_, across, _)| *across).count();
    let after_kill: Vec<f64> = seen.shown_ms.iter().filter(|(_, _, k)| *k).map(|(ms, _, _)| *ms).collect();
    let minutes = wall / 60.0;
    let lost = seen.uploads_acknowledged.saturating_sub(stored) as f64;
    let scale = format!(
        "{} kiosks, {} desks, {:.0} s, heartbeat every {:?}",
        opts.kiosks, opts.desks, wall, opts.heartbeat_every
    );
    let mut figures = vec![
        Figure::new(
            "fleet heartbeat latency, p50",
            percentile(&seen.heartbeat_ms, 0.5),
            percentile(&seen.heartbeat_ms, 0.5),
            "ms",
            None,
        )
        .note(format!("{} heartbeats; {scale}", seen.heartbeat_ms.len())),
        Figure::new(
            "fleet heartbeat latency, p99",
            percentile(&seen.heartbeat_ms, 0.99),
            percentile(&seen.heartbeat_ms, 0.99),
            "ms",
            Some(("<=", 100.0)),
        ),
        Figure::new(
            "fleet upload latency, p50",
            percentile(&seen.upload_ms, 0.5),
            percentile(&seen.upload_ms, 0.5),
            "ms",
            None,
        )
        .note(format!("{} uploads, {} a minute", seen.upload_ms.len(), opts.uploads_per_minute)),
        Figure::new(
            "fleet upload latency, p99",
            percentile(&seen.upload_ms, 0.99),
            percentile(&seen.upload_ms, 0.99),
            "ms",
            None,
        ),
        Figure::new(
            "help call raised → shown on every desk, p99",
            percentile(&shown, 0.99),
            percentile(&shown, 0.99),
            "ms",
            Some(("<=", 2000.0)),
        )
        .note(format!(
            "{} calls, {} sightings, {across} at the other instance, {} calls not seen by every desk within 5 s",
            seen.calls,
            shown.len(),
            seen.calls_missed
        )),
        Figure::new(
            "help call → every desk, p99, one instance killed",
            percentile(&after_kill, 0.99),
            percentile(&after_kill, 0.99),
            "ms",
            if opts.kill_halfway { Some(("<=", 2000.0)) } else { None },
        )
        .note(if opts.kill_halfway {
            format!("{} sightings after the kill", after_kill.len())
        } else {
            "no instance killed (--kill-halfway)".into()
        }),
        Figure::new(
            "\"I'm on my way\" → heard by the kiosk, p99",
            percentile(&seen.heard_ms, 0.99),
            percentile(&seen.heard_ms, 0.99),
            "ms",
            Some(("<=", 4000.0)),
        )
        .note(format!("{} answers; a kiosk with a call open beats every 3 s", seen.heard_ms.len())),
    ];
    for (i, name) in ["A", "B"].iter().enumerate() {
        figures.push(
            Figure::new(&format!("hub CPU, instance {name}"), cpu[i], cpu[i], "% core", None).note(
                if i == 1 && opts.kill_halfway { "until it was killed halfway".to_string() } else { String::new() },
            ),
        );
        figures.push(Figure::new(
            &format!("hub memory (RSS) most, instance {name}"),
            rss_most[i] as f64 / 1024.0,
            rss_most[i] as f64 / 1024.0,
            "MiB",
            None,
        ));
    }
    figures.push(Figure::new(
        "PostgreSQL client connections, most",
        connections_most as f64,
        connections_most as f64,
        "conns",
        None,
    ));
    if let Some(back) = &back {
        let waiting = opts.kiosks.max(1) as f64;
        let busiest = busiest_second(&back.tries_ms) as f64;
        let mut stored = back.stored_ms.clone();
        stored.sort_by(f64::total_cmp);
        let all_back =
            if stored.len() == opts.kiosks { stored.last().copied().unwrap_or(0.0) / 1000.0 } else { f64::NAN };
        figures.push(
            Figure::new("after an outage: tries in the busiest second", busiest / waiting * 100.0, busiest / waiting * 100.0, "% fleet", Some(("<=", 20.0)))
                .note(format!(
                    "{} kiosks each with a request through a {:?} outage of both instances: {busiest:.0} tries in one second, {} in all; {} found no hub, {} were told 429",
                    opts.kiosks, opts.outage, back.tries_ms.len(), back.refused, back.busy
                )),
        );
        figures.push(Figure::new("after an outage: every request stored", all_back, all_back, "s", None).note(
            format!(
                "{} of {} stored; half within {:.1} s",
                stored.len(),
                opts.kiosks,
                percentile(&stored, 0.5) / 1000.0
            ),
        ));
        figures.push(
            Figure::new(
                "tries before the hub's Retry-After was over",
                back.early as f64,
                back.early as f64,
                "tries",
                Some(("<=", 0.0)),
            )
            .note(format!(
                "{} 429s with Retry-After {} s; \"Send now\" pressed {} times, {} of them while a Retry-After held",
                back.busy, opts.busy_retry_after, back.presses, back.presses_held
            )),
        );
    }
    let per_desk = seen.desk_bytes as f64 / opts.desks.max(1) as f64 / minutes;
    figures.push(Figure::new("bytes per minute per desk page", per_desk, per_desk, "B/min", None));
    figures.push(Figure::new("requests lost (acknowledged, not stored)", lost, lost, "reqs", Some(("<=", 0.0))).note(
        format!(
            "{} acknowledged, {stored} stored; {} heartbeats got no answer from either instance",
            seen.uploads_acknowledged, seen.heartbeats_lost
        ),
    ));
    let json: Vec<serde_json::Value> = figures
        .iter()
        .map(|f| serde_json::json!({ "name": f.name, "median": f.median, "worst": f.worst, "unit": f.unit, "note": f.note, "pass": f.pass }))
        .collect();
    std::fs::create_dir_all(&opts.out)?;
    let mut summary = BTreeMap::from([("sightings_at_the_other_instance", across), ("calls", seen.calls)]);
    if let Some(back) = &back {
        summary.insert("outage_stored", back.stored_ms.len());
        summary.insert("outage_busy", back.busy as usize);
        summary.insert("outage_presses_held", back.presses_held as usize);
    }
    std::fs::write(
        opts.out.join("fleet.json"),
        serde_json::to_string_pretty(&serde_json::json!({ "figures": json, "summary": summary }))?,
    )?;
    Ok(figures)
}
