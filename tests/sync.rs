//! The real sync worker against a real torget-hub on 127.0.0.1, with the faults a library's Wi-Fi
//! and a busy back office produce. The invariant: every request a visitor got a receipt for reaches
//! the hub exactly once, and opens with the municipality's private key.

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::http::{Request, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use torget::protocol::Submission;
use torget::seal::OpeningKey;
use torget::session::Answer;
use torget::store::{OutboxItem, Store, StoreOptions};
use torget::sync::{SyncSettings, SyncWorker};
use torget_hub::store::{HubStore, Incoming};

/// What the hub does wrong to the first `times` uploads.
#[derive(Clone, Copy)]
enum Fault {
    None,
    Status(u16),
    RetryAfter(u64),
    /// Stores the batch, then answers with something that is not JSON.
    GarbageAfterCommit,
    /// Stores the batch, then answers after the kiosk gave up waiting.
    SlowAfterCommit(Duration),
    /// Answers `{"results": []}` without storing anything.
    EmptyResults,
    /// Stores the batch and answers its results padded to 50 MiB.
    HugeAnswer,
    /// Answers 429 with `Retry-After: secs` after `delay`.
    SlowThenRetryAfter {
        delay: Duration,
        secs: u64,
    },
    /// Heartbeats reach the hub, which keeps what they carry, but their answer is lost on the way
    /// back (a proxy answers 502).
    HeartbeatAnswerLost,
}

struct Hub {
    addr: SocketAddr,
    db: PathBuf,
    /// When each upload arrived.
    arrivals: Arc<std::sync::Mutex<Vec<Instant>>>,
    /// Heartbeats that reached the hub.
    beats: Arc<AtomicUsize>,
}

fn start_hub(db: &Path, addr: SocketAddr, fault: Fault, times: usize) -> Hub {
    let store = HubStore::open(db).unwrap();
    let arrivals = Arc::new(std::sync::Mutex::new(Vec::new()));
    let seen = Arc::new(AtomicUsize::new(0));
    let std_listener = std::net::TcpListener::bind(addr).unwrap();
    std_listener.set_nonblocking(true).unwrap();
    let addr = std_listener.local_addr().unwrap();
    let log = arrivals.clone();
    let beats = Arc::new(AtomicUsize::new(0));
    let heard = beats.clone();
    std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
        rt.block_on(async move {
            let faulty = middleware::from_fn(move |req: Request<Body>, next: Next| {
                let seen = seen.clone();
                let log = log.clone();
                let heard = heard.clone();
                async move {
                    if req.uri().path() == "/v1/heartbeat" {
                        let n = heard.fetch_add(1, Ordering::SeqCst);
                        let answer = next.run(req).await;
                        if matches!(fault, Fault::HeartbeatAnswerLost) && n < times {
                            return StatusCode::BAD_GATEWAY.into_response();
                        }
                        return answer;
                    }
                    if req.uri().path() != "/v1/submissions" {
                        return next.run(req).await;
                    }
                    log.lock().unwrap().push(Instant::now());
                    if seen.fetch_add(1, Ordering::SeqCst) >= times {
                        return next.run(req).await;
                    }
                    match fault {
                        Fault::None => next.run(req).await,
                        Fault::Status(code) => StatusCode::from_u16(code).unwrap().into_response(),
                        Fault::RetryAfter(secs) => {
                            (StatusCode::TOO_MANY_REQUESTS, [("retry-after", secs.to_string())]).into_response()
                        }
                        Fault::GarbageAfterCommit => {
                            let _stored = next.run(req).await;
                            Response::new(Body::from("<html>proxy error</html>"))
                        }
                        Fault::SlowAfterCommit(delay) => {
                            let stored = next.run(req).await;
                            tokio::time::sleep(delay).await;
                            stored
                        }
                        Fault::EmptyResults => axum::Json(serde_json::json!({ "results": [] })).into_response(),
                        Fault::HugeAnswer => {
                            let stored = next.run(req).await;
                            let body = axum::body::to_bytes(stored.into_body(), usize::MAX).await.unwrap();
                            let mut answer: serde_json::Value = serde_json::from_slice(&body).unwrap();
                            answer["padding"] = "x".repeat(50 * 1024 * 1024).into();
                            axum::Json(answer).into_response()
                        }
                        Fault::SlowThenRetryAfter { delay, secs } => {
                            tokio::time::sleep(delay).await;
                            (StatusCode::TOO_MANY_REQUESTS, [("retry-after", secs.to_string())]).into_response()
                        }
                        Fault::HeartbeatAnswerLost => next.run(req).await,
                    }
                }
            });
            let app = torget_hub::router(store).layer(faulty);
            let listener = tokio::net::TcpListener::from_std(std_listener).unwrap();
            axum::serve(listener, app).await.unwrap();
        });
    });
    Hub { addr, db: db.to_path_buf(), arrivals, beats }
}

fn free_port() -> SocketAddr {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap()
}

struct Kiosk {
    dir: tempfile::TempDir,
    key: OpeningKey,
    sent: BTreeMap<String, Submission>,
}

impl Kiosk {
    fn new() -> Kiosk {
        Kiosk { dir: tempfile::tempdir().unwrap(), key: OpeningKey::generate(), sent: BTreeMap::new() }
    }

    fn db(&self) -> PathBuf {
        self.dir.path().join("kiosk.db")
    }

    fn hub_db(&self) -> PathBuf {
        self.dir.path().join("hub.db")
    }

    /// Enqueues `n` sealed requests, as `n` visitors pressing Send would.
    fn enqueue(&mut self, n: usize) {
        let mut store = Store::open(&self.db(), StoreOptions::default()).unwrap();
        let catalog = torget::content::Catalog::load(Path::new(env!("CARGO_MANIFEST_DIR"))).unwrap();
        let service = catalog.service("report-fault").unwrap();
        for i in 0..n {
            let mut answers = BTreeMap::new();
            answers.insert("where".to_string(), Answer::One(format!("Storgatan {i}")));
            let submission = Submission::new(
                &service.id,
                service.version,
                "sv",
                answers,
                "kiosk-1",
                time::OffsetDateTime::now_utc(),
            );
            let sealed = self.key.sealing_key().seal(&serde_json::to_vec(&submission).unwrap()).unwrap();
            store
                .enqueue(&OutboxItem {
                    id: submission.id.to_string(),
                    reference: torget::reference::from_id(submission.id),
                    service_id: submission.service_id.clone(),
                    service_version: 1,
                    created_at_ms: submission.created_at_ms(),
                    sealed,
                })
                .unwrap();
            self.sent.insert(submission.id.to_string(), submission);
        }
    }

    fn worker(&self, hub: SocketAddr, token: &str) -> SyncWorker {
        let mut s = SyncSettings::new(&format!("http://{hub}"), token);
        s.backoff_base = Duration::from_millis(20);
        s.backoff_cap = Duration::from_millis(400);
        s.poll = Duration::from_millis(50);
        s.timeout = Duration::from_millis(1500);
        s.batch_items = 50;
        SyncWorker::start(s, self.db()).unwrap()
    }

    fn counts(&self) -> torget::store::QueueCounts {
        Store::open(&self.db(), StoreOptions::default()).unwrap().counts().unwrap()
    }

    fn wait_until(&self, what: &str, done: impl Fn(torget::store::QueueCounts) -> bool) {
        let start = Instant::now();
        while !done(self.counts()) {
            assert!(start.elapsed() < Duration::from_secs(90), "timed out waiting for {what}: {:?}", self.counts());
            std::thread::sleep(Duration::from_millis(25));
        }
    }

    /// The hub holds exactly what was enqueued, once each, and each opens with the private key.
    fn assert_hub_has_everything_once(&self, hub_db: &Path) {
        let hub = HubStore::open(hub_db).unwrap();
        let rows = hub.all().unwrap();
        assert_eq!(rows.len(), self.sent.len(), "exactly once");
        for row in rows {
            let opened: Submission = serde_json::from_slice(&self.key.open(&row.sealed).unwrap()).unwrap();
            assert_eq!(opened.id.to_string(), row.id);
            assert_eq!(Some(&opened), self.sent.get(&row.id), "what arrived is what was enqueued");
        }
    }
}

/// Settings for a worker that looks at its queue every 50 ms and backs off between 20 and 200 ms.
fn quick_settings(hub_url: &str, token: &str) -> SyncSettings {
    SyncSettings {
        poll: Duration::from_millis(50),
        backoff_base: Duration::from_millis(20),
        backoff_cap: Duration::from_millis(200),
        ..SyncSettings::new(hub_url, token)
    }
}

fn token_for(hub_db: &Path) -> String {
    HubStore::open(hub_db).unwrap().add_kiosk("kiosk-1").unwrap()
}

#[test]
fn a_thousand_requests_drain_exactly_once_and_open_with_the_private_key() {
    let mut kiosk = Kiosk::new();
    kiosk.enqueue(1000);
    let token = token_for(&kiosk.hub_db());
    let hub = start_hub(&kiosk.hub_db(), free_port(), Fault::None, 0);
    let _worker = kiosk.worker(hub.addr, &token);
    kiosk.wait_until("all sent", |c| c.sent == 1000);
    kiosk.assert_hub_has_everything_once(&hub.db);
    let store = Store::open(&kiosk.db(), StoreOptions::default()).unwrap();
    let any = kiosk.sent.keys().next().unwrap();
    assert_eq!(store.sealed(any).unwrap(), None, "a sent request's payload is gone from the kiosk");
    assert!(store.sync_status().unwrap().last_success_ms.is_some());
}

#[test]
fn the_queue_waits_while_the_hub_is_down_and_drains_when_it_is_back() {
    let mut kiosk = Kiosk::new();
    kiosk.enqueue(20);
    let token = token_for(&kiosk.hub_db());
    let addr = free_port();
    let worker = kiosk.worker(addr, &token);
    let start = Instant::now();
    while worker.status().get().rounds < 3 {
        assert!(start.elapsed() < Duration::from_secs(20), "the kiosk stopped trying");
        std::thread::sleep(Duration::from_millis(20));
    }
    assert_eq!(kiosk.counts().sent, 0);
    let status = worker.status().get();
    assert_eq!(status.online, Some(false), "the kiosk knows it is offline");
    let last_error = Store::open(&kiosk.db(), StoreOptions::default()).unwrap().sync_status().unwrap().last_error;
    assert_eq!(last_error.as_deref(), Some("no connection to the hub"));
    let hub = start_hub(&kiosk.hub_db(), addr, Fault::None, 0);
    worker.send_now();
    kiosk.wait_until("all sent", |c| c.sent == 20);
    kiosk.assert_hub_has_everything_once(&hub.db);
    assert_eq!(worker.status().get().online, Some(true));
}

/// While the hub holds uploads back (a long `Retry-After`), the kiosk still beats every interval:
/// the desk sees it in contact and help calls are heard, and no upload breaks the floor.
#[test]
fn heartbeats_go_on_at_their_interval_while_a_retry_after_holds_uploads_back() {
    let mut kiosk = Kiosk::new();
    kiosk.enqueue(3);
    let token = token_for(&kiosk.hub_db());
    let hub = start_hub(&kiosk.hub_db(), free_port(), Fault::RetryAfter(60), 1);
    let settings = SyncSettings {
        heartbeat_every: Duration::from_millis(200),
        ..SyncSettings::new(&format!("http://{}", hub.addr), &token)
    };
    let _worker = SyncWorker::start(settings, kiosk.db()).unwrap();
    let start = Instant::now();
    while hub.arrivals.lock().unwrap().is_empty() {
        assert!(start.elapsed() < Duration::from_secs(20), "no upload tried");
        std::thread::sleep(Duration::from_millis(20));
    }
    let before = hub.beats.load(Ordering::SeqCst);
    let floor_started = Instant::now();
    while hub.beats.load(Ordering::SeqCst) < before + 5 {
        assert!(
            floor_started.elapsed() < Duration::from_secs(10),
            "{} heartbeats in 10 s of a 60 s Retry-After (every 200 ms expected)",
            hub.beats.load(Ordering::SeqCst) - before
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    assert_eq!(hub.arrivals.lock().unwrap().len(), 1, "no upload before the Retry-After is over");
    assert_eq!(kiosk.counts().sent, 0);
}

/// A TCP front for the hub that can be switched off: off, it cuts the connections open through
/// it and closes every new one at once.
struct Front {
    addr: SocketAddr,
    on: Arc<std::sync::atomic::AtomicBool>,
    open: Arc<std::sync::Mutex<Vec<std::net::TcpStream>>>,
}

impl Front {
    fn start(hub: SocketAddr) -> Front {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        let on = Arc::new(std::sync::atomic::AtomicBool::new(true));
        let open = Arc::new(std::sync::Mutex::new(Vec::new()));
        let (accepting, tracked) = (on.clone(), open.clone());
        std::thread::spawn(move || {
            for client in listener.incoming().flatten() {
                if !accepting.load(Ordering::SeqCst) {
                    drop(client);
                    continue;
                }
                let Ok(server) = std::net::TcpStream::connect(hub) else { continue };
                tracked.lock().unwrap().push(client.try_clone().unwrap());
                let (mut c2, mut s2) = (client.try_clone().unwrap(), server.try_clone().unwrap());
                let (mut c, mut s) = (client, server);
                std::thread::spawn(move || {
                    let _ = std::io::copy(&mut c, &mut s);
                    let _ = s.shutdown(std::net::Shutdown::Both);
                });
                std::thread::spawn(move || {
                    let _ = std::io::copy(&mut s2, &mut c2);
                    let _ = c2.shutdown(std::net::Shutdown::Both);
                });
            }
        });
        Front { addr, on, open }
    }

    fn off(&self) {
        self.on.store(false, Ordering::SeqCst);
        for stream in self.open.lock().unwrap().drain(..) {
            let _ = stream.shutdown(std::net::Shutdown::Both);
        }
    }

    fn on(&self) {
        self.on.store(true, Ordering::SeqCst);
    }
}

/// After an outage long enough for the upload backoff to grow, the queue drains as soon as a
/// heartbeat reaches the hub again, not when the grown backoff ends.
#[test]
fn after_an_outage_the_queue_drains_at_the_first_heartbeat_that_reaches_the_hub() {
    let mut kiosk = Kiosk::new();
    let token = token_for(&kiosk.hub_db());
    let hub = start_hub(&kiosk.hub_db(), free_port(), Fault::None, 0);
    let front = Front::start(hub.addr);
    let settings = SyncSettings {
        heartbeat_every: Duration::from_millis(300),
        backoff_base: Duration::from_secs(60),
        backoff_cap: Duration::from_secs(600),
        poll: Duration::from_millis(50),
        ..SyncSettings::new(&format!("http://{}", front.addr), &token)
    };
    let worker = SyncWorker::start(settings, kiosk.db()).unwrap();
    wait_for_status(&worker, "the hub heard", |s| s.online == Some(true));
    // The outage: the requests wait, and the backoff grows past ten seconds.
    front.off();
    kiosk.enqueue(4);
    wait_for_status(&worker, "a long backoff", |s| s.waiting.is_some_and(|w| w > Duration::from_secs(10)));
    assert_eq!(kiosk.counts().sent, 0);
    front.on();
    let back = Instant::now();
    kiosk.wait_until("all sent", |c| c.sent == 4);
    assert!(back.elapsed() < Duration::from_secs(5), "sent {:?} after the hub was back", back.elapsed());
    kiosk.assert_hub_has_everything_once(&hub.db);
}

#[test]
fn server_errors_are_retried_until_the_hub_recovers() {
    let mut kiosk = Kiosk::new();
    kiosk.enqueue(30);
    let token = token_for(&kiosk.hub_db());
    let hub = start_hub(&kiosk.hub_db(), free_port(), Fault::Status(500), 4);
    let _worker = kiosk.worker(hub.addr, &token);
    kiosk.wait_until("all sent", |c| c.sent == 30);
    kiosk.assert_hub_has_everything_once(&hub.db);
    assert!(hub.arrivals.lock().unwrap().len() >= 5, "four failures, then success");
}

#[test]
fn retry_after_from_the_hub_is_honoured() {
    let mut kiosk = Kiosk::new();
    kiosk.enqueue(5);
    let token = token_for(&kiosk.hub_db());
    let hub = start_hub(&kiosk.hub_db(), free_port(), Fault::RetryAfter(1), 1);
    let _worker = kiosk.worker(hub.addr, &token);
    kiosk.wait_until("all sent", |c| c.sent == 5);
    let arrivals = hub.arrivals.lock().unwrap().clone();
    assert!(arrivals[1] - arrivals[0] >= Duration::from_millis(990), "waited {:?}", arrivals[1] - arrivals[0]);
    kiosk.assert_hub_has_everything_once(&hub.db);
}

#[test]
fn an_unreadable_answer_after_the_hub_committed_causes_no_duplicate() {
    let mut kiosk = Kiosk::new();
    kiosk.enqueue(40);
    let token = token_for(&kiosk.hub_db());
    let hub = start_hub(&kiosk.hub_db(), free_port(), Fault::GarbageAfterCommit, 2);
    let _worker = kiosk.worker(hub.addr, &token);
    kiosk.wait_until("all sent", |c| c.sent == 40);
    kiosk.assert_hub_has_everything_once(&hub.db);
}

#[test]
fn a_slow_answer_after_the_hub_committed_causes_no_duplicate() {
    let mut kiosk = Kiosk::new();
    kiosk.enqueue(10);
    let token = token_for(&kiosk.hub_db());
    let hub = start_hub(&kiosk.hub_db(), free_port(), Fault::SlowAfterCommit(Duration::from_secs(3)), 1);
    let _worker = kiosk.worker(hub.addr, &token);
    kiosk.wait_until("all sent", |c| c.sent == 10);
    kiosk.assert_hub_has_everything_once(&hub.db);
}

#[test]
fn a_refused_credential_pauses_the_queue_and_keeps_every_request() {
    let mut kiosk = Kiosk::new();
    kiosk.enqueue(10);
    let _real = token_for(&kiosk.hub_db());
    let hub = start_hub(&kiosk.hub_db(), free_port(), Fault::None, 0);
    let worker = kiosk.worker(hub.addr, "kiosk-1.not-the-credential");
    let start = Instant::now();
    while !worker.status().get().paused {
        assert!(start.elapsed() < Duration::from_secs(20), "never paused");
        std::thread::sleep(Duration::from_millis(20));
    }
    // Several rounds of the worker go by while paused: none of them knocks on the hub again.
    let paused_at = worker.status().get().rounds;
    let start = Instant::now();
    while worker.status().get().rounds < paused_at + 3 {
        assert!(start.elapsed() < Duration::from_secs(20), "the worker stopped");
        std::thread::sleep(Duration::from_millis(20));
    }
    // The heartbeat is refused first, so not a single request goes out with a bad credential.
    assert_eq!(hub.arrivals.lock().unwrap().len(), 0, "paused: no hammering with a bad credential");
    assert_eq!(kiosk.counts().queued, 10);
    assert_eq!(HubStore::open(&hub.db).unwrap().count().unwrap(), 0);
    let status = worker.status().get();
    assert!(status.last_error.unwrap().contains("credential"), "staff are told why");
}

#[test]
fn a_conflicting_or_oversized_request_is_set_aside_and_the_rest_go_through() {
    let mut kiosk = Kiosk::new();
    kiosk.enqueue(10);
    let token = token_for(&kiosk.hub_db());
    // The hub already holds other data under one id.
    let clash = kiosk.sent.keys().nth(3).unwrap().clone();
    HubStore::open(&kiosk.hub_db())
        .unwrap()
        .insert_batch(
            "kiosk-1",
            &[Incoming { id: clash.clone(), service_id: "x".into(), created_at_ms: 0, sealed: b"other".to_vec() }],
        )
        .unwrap();
    // And one request is larger than the hub takes.
    let big_id = "0199-too-big".to_string();
    Store::open(&kiosk.db(), StoreOptions::default())
        .unwrap()
        .enqueue(&OutboxItem {
            id: big_id.clone(),
            reference: "000-000-000".into(),
            service_id: "report-fault".into(),
            service_version: 1,
            created_at_ms: 0,
            sealed: vec![1; torget_hub::MAX_ITEM_BYTES + 1],
        })
        .unwrap();
    let hub = start_hub(&kiosk.hub_db(), free_port(), Fault::None, 0);
    let _worker = kiosk.worker(hub.addr, &token);
    kiosk.wait_until("all settled", |c| c.sent == 9 && c.dead == 2);
    let store = Store::open(&kiosk.db(), StoreOptions::default()).unwrap();
    let dead: Vec<_> = store.recent(20).unwrap().into_iter().filter(|r| r.state == "dead").collect();
    assert!(dead.iter().any(|r| r.id == clash && r.last_error.as_deref().unwrap().contains("conflict")));
    assert!(dead.iter().any(|r| r.id == big_id && r.last_error.as_deref().unwrap().contains("too large")));
    assert!(store.sealed(&clash).unwrap().is_some(), "a dead request keeps its payload for staff");
    let hub_store = HubStore::open(&hub.db).unwrap();
    assert_eq!(hub_store.count().unwrap(), 10, "9 new + the one that was there; never overwritten");
    let kept = hub_store.all().unwrap().into_iter().find(|r| r.id == clash).unwrap();
    assert_eq!(kept.sealed, b"other");
}

#[test]
fn the_hub_refuses_requests_without_a_credential_and_oversized_bodies() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("hub.db");
    let token = token_for(&db);
    let hub = start_hub(&db, free_port(), Fault::None, 0);
    let _ = rustls::crypto::ring::default_provider().install_default();
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    rt.block_on(async {
        let client = reqwest::Client::new();
        let base = format!("http://{}", hub.addr);
        let health = client.get(format!("{base}/v1/health")).send().await.unwrap();
        assert_eq!(health.status(), 200);
        let spec: serde_json::Value =
            client.get(format!("{base}/v1/openapi.json")).send().await.unwrap().json().await.unwrap();
        assert!(spec["paths"]["/v1/submissions"]["post"].is_object());
        let anonymous = client.post(format!("{base}/v1/submissions")).body("{\"items\":[]}").send().await.unwrap();
        assert_eq!(anonymous.status(), 401);
        // A body larger than the hub takes is answered 413 from its announced length, before it is
        // read (crates/torget-hub/tests/api.rs checks that on the raw connection: a client that
        // writes the body anyway may see the connection close under its write).
        let json = (reqwest::header::CONTENT_TYPE, "application/json");
        let garbage = client
            .post(format!("{base}/v1/submissions"))
            .bearer_auth(&token)
            .header(json.0.clone(), json.1)
            .body("nope")
            .send()
            .await
            .unwrap();
        assert_eq!(garbage.status(), 400);
        HubStore::open(&db).unwrap().revoke_kiosk("kiosk-1").unwrap();
        let revoked = client
            .post(format!("{base}/v1/submissions"))
            .bearer_auth(&token)
            .body("{\"items\":[]}")
            .send()
            .await
            .unwrap();
        assert_eq!(revoked.status(), 401, "a revoked kiosk is refused");
    });
}

#[test]
fn a_revoked_kiosk_pauses_loses_nothing_and_resumes_after_enrolment() {
    let mut kiosk = Kiosk::new();
    kiosk.enqueue(5);
    let token = token_for(&kiosk.hub_db());
    let hub = start_hub(&kiosk.hub_db(), free_port(), Fault::None, 0);
    let worker = kiosk.worker(hub.addr, &token);
    kiosk.wait_until("first requests sent", |c| c.sent == 5);

    assert!(HubStore::open(&hub.db).unwrap().revoke_kiosk("kiosk-1").unwrap());
    kiosk.enqueue(7);
    worker.send_now();
    let start = Instant::now();
    while !worker.status().get().paused {
        assert!(start.elapsed() < Duration::from_secs(20), "never paused");
        std::thread::sleep(Duration::from_millis(20));
    }
    assert_eq!(kiosk.counts().queued, 7, "nothing lost while revoked");

    let new_token = HubStore::open(&hub.db).unwrap().add_kiosk("kiosk-1").unwrap();
    worker.set_token(&new_token);
    kiosk.wait_until("the rest sent after enrolment", |c| c.sent == 12);
    kiosk.assert_hub_has_everything_once(&hub.db);
    assert!(!worker.status().get().paused);
}

#[test]
fn requests_travel_over_tls_to_a_hub_with_a_private_certificate_authority() {
    let mut kiosk = Kiosk::new();
    kiosk.enqueue(8);
    let token = token_for(&kiosk.hub_db());
    let (ca, cert_path, key_path) = private_ca(kiosk.dir.path());

    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    listener.set_nonblocking(true).unwrap();
    let port = listener.local_addr().unwrap().port();
    let store = HubStore::open(&kiosk.hub_db()).unwrap();
    std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        rt.block_on(async move {
            let listener = tokio::net::TcpListener::from_std(listener).unwrap();
            torget_hub::serve_tls(listener, store, &cert_path, &key_path).await.unwrap();
        });
    });

    let settings = |ca: Option<Vec<u8>>| SyncSettings {
        extra_ca_pem: ca,
        ..quick_settings(&format!("https://localhost:{port}"), &token)
    };
    // Without the municipality's CA the kiosk does not trust the hub, and sends nothing.
    let untrusting = SyncWorker::start(settings(None), kiosk.db()).unwrap();
    let start = Instant::now();
    while untrusting.status().get().rounds < 3 {
        assert!(start.elapsed() < Duration::from_secs(20), "the kiosk stopped trying");
        std::thread::sleep(Duration::from_millis(20));
    }
    assert_eq!(kiosk.counts().sent, 0, "an untrusted certificate is refused");
    assert_eq!(untrusting.status().get().online, Some(false));
    drop(untrusting);

    let _worker = SyncWorker::start(settings(Some(ca.into_bytes())), kiosk.db()).unwrap();
    kiosk.wait_until("all sent over TLS", |c| c.sent == 8);
    kiosk.assert_hub_has_everything_once(&kiosk.hub_db());
}

/// Waits until `done` holds for the worker's status.
fn wait_for_status(worker: &SyncWorker, what: &str, done: impl Fn(&torget::sync::LiveStatus) -> bool) {
    let start = Instant::now();
    while !done(&worker.status().get()) {
        assert!(start.elapsed() < Duration::from_secs(30), "timed out waiting for {what}: {:?}", worker.status().get());
        std::thread::sleep(Duration::from_millis(10));
    }
}

#[test]
fn an_answer_that_leaves_requests_out_waits_like_a_failure_instead_of_looping() {
    let mut kiosk = Kiosk::new();
    kiosk.enqueue(5);
    let token = token_for(&kiosk.hub_db());
    let hub = start_hub(&kiosk.hub_db(), free_port(), Fault::EmptyResults, 10);
    let settings = SyncSettings {
        backoff_base: Duration::from_millis(300),
        backoff_cap: Duration::from_millis(300),
        ..quick_settings(&format!("http://{}", hub.addr), &token)
    };
    let _worker = SyncWorker::start(settings, kiosk.db()).unwrap();
    kiosk.wait_until("all sent", |c| c.sent == 5);
    kiosk.assert_hub_has_everything_once(&hub.db);
    let arrivals = hub.arrivals.lock().unwrap().clone();
    assert!(arrivals.len() >= 11, "ten empty answers, then one that counts");
    // Nine waits of up to 300 ms each (full jitter): together far more than a loop would take.
    let spent = arrivals[9] - arrivals[0];
    assert!(spent >= Duration::from_millis(400), "ten tries in {spent:?}: no backoff");
}

#[test]
fn a_refusal_of_the_whole_request_pauses_the_queue_for_staff_and_loses_nothing() {
    let mut kiosk = Kiosk::new();
    kiosk.enqueue(6);
    let token = token_for(&kiosk.hub_db());
    // A proxy in front of the hub answers 404 once.
    let hub = start_hub(&kiosk.hub_db(), free_port(), Fault::Status(404), 1);
    let worker = kiosk.worker(hub.addr, &token);
    wait_for_status(&worker, "the pause", |s| s.paused);
    let paused_at = worker.status().get().rounds;
    wait_for_status(&worker, "more rounds", |s| s.rounds >= paused_at + 3);
    let status = worker.status().get();
    assert_eq!(status.attempts, 1, "paused, not retried in a loop");
    assert!(status.last_error.as_deref().unwrap_or_default().contains("HTTP 404"), "{status:?}");
    let counts = kiosk.counts();
    assert_eq!((counts.queued, counts.dead), (6, 0), "nothing dead-lettered for a refusal of the whole request");
    // Staff fix the address and press Send now.
    worker.send_now();
    kiosk.wait_until("all sent", |c| c.sent == 6);
    kiosk.assert_hub_has_everything_once(&hub.db);
}

#[test]
fn an_answer_larger_than_a_result_can_be_is_not_read() {
    let mut kiosk = Kiosk::new();
    kiosk.enqueue(4);
    let token = token_for(&kiosk.hub_db());
    let hub = start_hub(&kiosk.hub_db(), free_port(), Fault::HugeAnswer, 1);
    let worker = kiosk.worker(hub.addr, &token);
    kiosk.wait_until("all sent", |c| c.sent == 4);
    kiosk.assert_hub_has_everything_once(&hub.db);
    // The 50 MiB answer was well-formed: read whole, it would have been taken at the first try.
    assert_eq!(worker.status().get().attempts, 2, "the huge answer was refused and the batch sent again");
}

#[test]
fn a_retry_after_of_years_is_capped_at_an_hour_shown_to_staff_and_kept_even_by_send_now() {
    let mut kiosk = Kiosk::new();
    kiosk.enqueue(3);
    let token = token_for(&kiosk.hub_db());
    let hub = start_hub(&kiosk.hub_db(), free_port(), Fault::RetryAfter(99_999_999), 1);
    let worker = kiosk.worker(hub.addr, &token);
    wait_for_status(&worker, "the wait", |s| s.waiting.is_some_and(|w| w > Duration::from_secs(60)));
    let status = worker.status().get();
    let waiting = status.waiting.unwrap();
    let hour = torget::sync::MAX_RETRY_AFTER;
    assert!(
        waiting >= hour && waiting <= hour + Duration::from_millis(400),
        "an hour and a little jitter: {waiting:?}"
    );
    assert!(status.last_error.as_deref().unwrap_or_default().contains("60 minutes"), "{status:?}");
    // "Send now" wakes the worker, which goes round and waits out the hour again: nothing is sent.
    let rounds = status.rounds;
    worker.send_now();
    wait_for_status(&worker, "the worker to go round", |s| s.rounds > rounds && s.waiting.is_some());
    assert_eq!(kiosk.counts().queued, 3);
    assert_eq!(hub.arrivals.lock().unwrap().len(), 1, "only the upload the hub answered with 429");
}

#[test]
fn send_now_during_an_upload_does_not_skip_the_wait_the_hub_asks_for_next() {
    let mut kiosk = Kiosk::new();
    kiosk.enqueue(3);
    let token = token_for(&kiosk.hub_db());
    let delay = Duration::from_millis(600);
    let hub = start_hub(&kiosk.hub_db(), free_port(), Fault::SlowThenRetryAfter { delay, secs: 1 }, 1);
    let worker = kiosk.worker(hub.addr, &token);
    let start = Instant::now();
    while hub.arrivals.lock().unwrap().is_empty() {
        assert!(start.elapsed() < Duration::from_secs(20), "nothing was sent");
        std::thread::sleep(Duration::from_millis(5));
    }
    worker.send_now();
    kiosk.wait_until("all sent", |c| c.sent == 3);
    let arrivals = hub.arrivals.lock().unwrap().clone();
    let gap = arrivals[1] - arrivals[0];
    assert!(gap >= delay + Duration::from_millis(990), "the second try came {gap:?} after the first");
}

#[test]
fn send_now_and_a_help_call_while_waiting_out_a_429_keep_the_hubs_retry_after() {
    let mut kiosk = Kiosk::new();
    kiosk.enqueue(3);
    let token = token_for(&kiosk.hub_db());
    let hub = start_hub(&kiosk.hub_db(), free_port(), Fault::RetryAfter(1), 1);
    let worker = kiosk.worker(hub.addr, &token);
    wait_for_status(&worker, "the wait the hub asked for", |s| {
        s.waiting.is_some() && s.last_error.as_deref().is_some_and(|e| e.contains("429"))
    });
    // Staff press "Send now" again and again, and a visitor's help call wants a heartbeat now.
    let press = Instant::now();
    let send_now = worker.send_now_handle();
    while press.elapsed() < Duration::from_millis(300) {
        send_now.send_now();
        send_now.heartbeat_now();
        std::thread::sleep(Duration::from_millis(20));
    }
    kiosk.wait_until("all sent", |c| c.sent == 3);
    let arrivals = hub.arrivals.lock().unwrap().clone();
    let gap = arrivals[1] - arrivals[0];
    assert!(gap >= Duration::from_millis(990), "the second try came {gap:?} after the 429");
    kiosk.assert_hub_has_everything_once(&hub.db);
}

#[test]
fn a_kiosk_whose_id_is_not_its_credentials_sends_nothing_and_says_why() {
    let mut kiosk = Kiosk::new();
    kiosk.enqueue(4);
    let token = token_for(&kiosk.hub_db());
    let hub = start_hub(&kiosk.hub_db(), free_port(), Fault::None, 0);
    let settings = |kiosk_id: &str| SyncSettings {
        kiosk_id: Some(kiosk_id.into()),
        ..quick_settings(&format!("http://{}", hub.addr), &token)
    };
    let misnamed = SyncWorker::start(settings("library-2"), kiosk.db()).unwrap();
    wait_for_status(&misnamed, "the pause", |s| s.paused);
    let status = misnamed.status().get();
    let said = status.last_error.unwrap_or_default();
    assert!(said.contains("library-2") && said.contains("kiosk-1"), "{said}");
    assert_eq!(status.attempts, 0, "not one request went out under the wrong name");
    assert_eq!(hub.arrivals.lock().unwrap().len(), 0);
    let stored = Store::open(&kiosk.db(), StoreOptions::default()).unwrap().sync_status().unwrap();
    assert_eq!(stored.last_error.as_deref(), Some(said.as_str()), "the staff panel reads it from the store");
    assert_eq!(stored.counts.queued, 4);
    drop(misnamed);

    let _fixed = SyncWorker::start(settings("kiosk-1"), kiosk.db()).unwrap();
    kiosk.wait_until("all sent", |c| c.sent == 4);
    kiosk.assert_hub_has_everything_once(&hub.db);
}

/// A municipality's own CA and a certificate for the hub's name `localhost`, written to `dir`: the
/// CA's PEM, and the paths of the hub's certificate and key.
fn private_ca(dir: &Path) -> (String, PathBuf, PathBuf) {
    let ca_key = rcgen::KeyPair::generate().unwrap();
    let mut ca_params = rcgen::CertificateParams::new(Vec::<String>::new()).unwrap();
    ca_params.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
    let ca = ca_params.self_signed(&ca_key).unwrap();
    let ca_issuer = rcgen::Issuer::new(ca_params, ca_key);
    let hub_key = rcgen::KeyPair::generate().unwrap();
    let hub_cert =
        rcgen::CertificateParams::new(vec!["localhost".to_string()]).unwrap().signed_by(&hub_key, &ca_issuer).unwrap();
    let cert_path = dir.join("hub.pem");
    let key_path = dir.join("hub.key");
    std::fs::write(&cert_path, hub_cert.pem()).unwrap();
    std::fs::write(&key_path, hub_key.serialize_pem()).unwrap();
    (ca.pem(), cert_path, key_path)
}

#[test]
fn a_tls_hub_held_open_by_silent_and_slow_clients_still_takes_a_kiosks_requests() {
    use std::io::Write;
    let mut kiosk = Kiosk::new();
    kiosk.enqueue(100);
    let token = token_for(&kiosk.hub_db());
    let (ca, cert_path, key_path) = private_ca(kiosk.dir.path());
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    listener.set_nonblocking(true).unwrap();
    let addr = listener.local_addr().unwrap();
    let store = HubStore::open(&kiosk.hub_db()).unwrap();
    std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
        rt.block_on(async move {
            let listener = tokio::net::TcpListener::from_std(listener).unwrap();
            torget_hub::serve_tls(listener, store, &cert_path, &key_path).await.unwrap();
        });
    });
    // Fifty connections that never start a handshake.
    let silent: Vec<std::net::TcpStream> = (0..50).map(|_| std::net::TcpStream::connect(addr).unwrap()).collect();
    // Twenty clients that send a TLS record one byte a second and never finish it.
    let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let slow: Vec<_> = (0..20)
        .map(|_| {
            let stop = stop.clone();
            std::thread::spawn(move || {
                let mut s = std::net::TcpStream::connect(addr).unwrap();
                for byte in [0x16u8, 0x03, 0x01, 0x02, 0x00].iter().cycle() {
                    if stop.load(Ordering::SeqCst) || s.write_all(&[*byte]).is_err() {
                        break;
                    }
                    std::thread::sleep(Duration::from_secs(1));
                }
            })
        })
        .collect();

    let settings = SyncSettings {
        extra_ca_pem: Some(ca.into_bytes()),
        ..quick_settings(&format!("https://localhost:{}", addr.port()), &token)
    };
    let start = Instant::now();
    let _worker = SyncWorker::start(settings, kiosk.db()).unwrap();
    kiosk.wait_until("all sent over TLS", |c| c.sent == 100);
    let took = start.elapsed();
    kiosk.assert_hub_has_everything_once(&kiosk.hub_db());
    assert!(took < Duration::from_secs(10), "the kiosk needed {took:?} past the held connections");
    stop.store(true, Ordering::SeqCst);
    drop(silent);
    for s in slow {
        s.join().unwrap();
    }
}

/// Visits with known endings (sent, stopped at question 2, timed out at question 2, with speech,
/// in every language, Arabic among them) run by `torget soak --mixed` against a hub that loses the
/// answers to the first heartbeats: the kiosk counted exactly what the visits did, and the hub,
/// which heard some figures two and three times, has exactly the same figures.
#[test]
fn usage_figures_of_known_visits_reach_the_hub_exactly_once_through_lost_answers() {
    use std::io::BufRead;
    let dir = tempfile::tempdir().unwrap();
    let hub_db = dir.path().join("hub.db");
    let token = token_for(&hub_db);
    let hub = start_hub(&hub_db, free_port(), Fault::HeartbeatAnswerLost, 3);
    let key = OpeningKey::generate();
    let config = dir.path().join("kiosk.toml");
    std::fs::write(
        &config,
        format!(
            "kiosk_id = \"kiosk-1\"\ncontent_dir = {:?}\ndata_dir = {:?}\npublic_key = \"{}\"\nhub_url = \"http://{}\"\nhub_token = \"{token}\"\n",
            env!("CARGO_MANIFEST_DIR"),
            dir.path().join("data"),
            key.sealing_key().to_base64(),
            hub.addr,
        ),
    )
    .unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_torget"))
        .arg("--config")
        .arg(&config)
        .args(["soak", "--visits", "24", "--drain-seconds", "60", "--mixed"])
        .env("HOME", dir.path())
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stdout).contains("figures confirmed"));
    assert!(hub.beats.load(Ordering::SeqCst) > 3, "the lost answers were followed by one that arrived");

    // What the visits did, by the soak's own account: the counters they must have made.
    let mut expected: BTreeMap<(String, String, String), u64> = BTreeMap::new();
    let mut add = |service: &str, lang: &str, counter: String| {
        *expected.entry((service.to_string(), lang.to_string(), counter)).or_default() += 1;
    };
    let mut langs = std::collections::BTreeSet::new();
    for line in out.stdout.lines().map_while(Result::ok) {
        let Some(rest) = line.strip_prefix("visit ") else { continue };
        let field: BTreeMap<&str, &str> = rest.split(' ').filter_map(|kv| kv.split_once('=')).collect();
        let (service, lang, ending) = (field["service"], field["lang"], field["ending"]);
        langs.insert(lang.to_string());
        add("", lang, "visit-started".into());
        add(service, lang, "service-opened".into());
        let questions: u32 = field["questions"].parse().unwrap();
        for q in 1..=questions {
            add(service, lang, format!("question-{q}"));
        }
        if ending == "sent" {
            add(service, lang, "review".into());
            add(service, lang, "sent".into());
        } else {
            add(service, lang, ending.to_string());
        }
        if field["speech"] == "true" {
            add(service, lang, "speech-on".into());
        }
    }
    assert!(langs.contains("ar") && langs.len() >= 4, "visits in several languages, Arabic among them: {langs:?}");
    assert!(expected.keys().any(|(_, _, c)| c == "cancelled-at-question-2"));
    assert!(expected.keys().any(|(_, _, c)| c == "timed-out-at-question-2"));

    let kiosk = Store::open(&dir.path().join("data/kiosk.db"), StoreOptions::default()).unwrap();
    let mut counted: BTreeMap<(String, String, String), u64> = BTreeMap::new();
    for row in kiosk.usage().unwrap() {
        *counted.entry((row.service, row.lang, row.counter)).or_default() += row.value;
    }
    assert_eq!(counted, expected, "the kiosk counted what the visits did");
    // Nothing in the figures can point at a visit: the table has only these columns, and every
    // row holds a day, an id, a language code, a known counter and a number.
    let conn = rusqlite::Connection::open(dir.path().join("data/kiosk.db")).unwrap();
    let columns: Vec<String> = conn
        .prepare("SELECT name FROM pragma_table_info('usage') ORDER BY cid")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(columns, ["day", "service", "lang", "counter", "value", "sent"]);
    let references: Vec<String> =
        out.stdout.lines().map_while(Result::ok).filter_map(|l| l.strip_prefix("shown ").map(str::to_string)).collect();
    assert!(!references.is_empty());
    for row in kiosk.usage().unwrap() {
        row.check().unwrap();
        let text = format!("{row:?}");
        assert!(!text.contains("SOAKMARK") && !references.iter().any(|r| text.contains(r.as_str())), "{text}");
    }
    assert!(kiosk.usage_unsent(10).unwrap().is_empty(), "the hub confirmed every figure");

    let today = time::OffsetDateTime::now_utc().date();
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let db = torget_hub::store::Database::from(HubStore::open(&hub_db).unwrap());
    let totals = rt.block_on(db.usage_totals(today - time::Duration::days(1), today)).unwrap();
    let on_hub: BTreeMap<(String, String, String), u64> =
        totals.into_iter().map(|t| ((t.service, t.lang, t.counter), t.value)).collect();
    assert_eq!(on_hub, expected, "the hub has each figure once, however often it heard it");
}
