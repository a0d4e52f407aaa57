//! Two `torget-hub` instances on one PostgreSQL database behind a load balancer, as a region's IT runs
//! them: four kiosks upload through it, answers get lost on the way, one instance is killed mid-run.
//! Every request is on the hub exactly once and opens with the municipality's key.

mod common;
use torget_testing::pg;

use std::collections::{BTreeMap, BTreeSet};
use std::net::SocketAddr;
use std::process::Command;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use common::HubProcess;
use torget::protocol::{Answer, Submission};
use torget::seal::OpeningKey;
use torget::store::{Store, StoreOptions};
use torget::sync::{SyncSettings, SyncWorker};
use torget_hub::store::{Database, Location};

const KIOSKS: usize = 4;
const PER_KIOSK: usize = 500;

fn free_addr() -> SocketAddr {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap()
}

/// A load balancer of the simplest kind: each connection goes to a random instance that answers,
/// and lives at most a random fraction of a second, so some answers are lost after the hub
/// committed (the kiosk then sends the batch again, perhaps to the other instance).
fn load_balancer(backends: Vec<SocketAddr>, cut: Arc<AtomicUsize>) -> SocketAddr {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    listener.set_nonblocking(true).unwrap();
    let addr = listener.local_addr().unwrap();
    std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
        rt.block_on(async move {
            let listener = tokio::net::TcpListener::from_std(listener).unwrap();
            let mut n: u64 = 0;
            loop {
                let Ok((mut client, _)) = listener.accept().await else { continue };
                n = n.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                let first = (n >> 33) as usize % backends.len();
                let life = Duration::from_millis(100 + (n >> 40) % 600);
                let backends = backends.clone();
                let cut = cut.clone();
                tokio::spawn(async move {
                    for i in 0..backends.len() {
                        let target = backends[(first + i) % backends.len()];
                        if let Ok(mut upstream) = tokio::net::TcpStream::connect(target).await {
                            let copied =
                                tokio::time::timeout(life, tokio::io::copy_bidirectional(&mut client, &mut upstream))
                                    .await;
                            if copied.is_err() {
                                cut.fetch_add(1, Ordering::Relaxed);
                            }
                            return;
                        }
                    }
                });
            }
        });
    });
    addr
}

#[test]
fn two_hub_instances_on_postgresql_take_every_request_exactly_once_even_when_one_is_killed() {
    let cluster = pg::PgCluster::start();
    let url = cluster.new_database("hub");
    let dir = tempfile::tempdir().unwrap();
    let key = OpeningKey::generate();

    let tokens: Vec<String> = (0..KIOSKS)
        .map(|k| {
            let out = Command::new(common::hub_binary())
                .args(["kiosk", "add", &format!("kiosk-{k}")])
                .env("TORGET_HUB_DATABASE", &url)
                .env("TORGET_LOG", "error")
                .output()
                .unwrap();
            assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
            String::from_utf8(out.stdout).unwrap().trim().to_string()
        })
        .collect();

    let (a, b) = (free_addr(), free_addr());
    let mut first = Some(HubProcess::start(&url, a));
    let _second = HubProcess::start(&url, b);
    let cut = Arc::new(AtomicUsize::new(0));
    let balancer = load_balancer(vec![a, b], cut.clone());

    // Four kiosks with 500 requests each waiting in their outboxes.
    let mut sent: BTreeMap<String, Submission> = BTreeMap::new();
    let databases: Vec<_> = (0..KIOSKS).map(|k| dir.path().join(format!("kiosk-{k}.db"))).collect();
    for (k, db) in databases.iter().enumerate() {
        let mut store = Store::open(db, StoreOptions::default()).unwrap();
        let items: Vec<_> = (0..PER_KIOSK)
            .map(|i| {
                let mut answers = BTreeMap::new();
                answers.insert("where".to_string(), Answer::One(format!("Storgatan {i}")));
                let kiosk = format!("kiosk-{k}");
                let s = Submission::new("report-fault", 1, "sv", answers, &kiosk, time::OffsetDateTime::now_utc());
                let item = torget::outbox::seal(&key.sealing_key(), &s).unwrap();
                sent.insert(s.id.to_string(), s);
                item
            })
            .collect();
        store.enqueue_all(&items).unwrap();
    }
    let workers: Vec<SyncWorker> = databases
        .iter()
        .zip(&tokens)
        .map(|(db, token)| {
            let mut s = SyncSettings::new(&format!("http://{balancer}"), token);
            s.batch_items = 25;
            s.poll = Duration::from_millis(20);
            s.backoff_base = Duration::from_millis(20);
            s.backoff_cap = Duration::from_millis(300);
            s.timeout = Duration::from_secs(2);
            SyncWorker::start(s, db.clone()).unwrap()
        })
        .collect();

    let delivered = || -> u64 {
        databases.iter().map(|db| Store::open(db, StoreOptions::default()).unwrap().counts().unwrap().sent).sum()
    };
    let start = Instant::now();
    while delivered() < (KIOSKS * PER_KIOSK / 3) as u64 {
        assert!(start.elapsed() < Duration::from_secs(120), "uploads did not start: {} sent", delivered());
        std::thread::sleep(Duration::from_millis(20));
    }
    // One host fails hard, mid-run.
    drop(first.take());
    while delivered() < (KIOSKS * PER_KIOSK) as u64 {
        assert!(start.elapsed() < Duration::from_secs(240), "not all delivered: {} sent", delivered());
        std::thread::sleep(Duration::from_millis(50));
    }
    drop(workers);
    assert!(cut.load(Ordering::Relaxed) > 0, "some answers were lost on the way, as the test intends");

    let runtime = tokio::runtime::Runtime::new().unwrap();
    let rows = runtime
        .block_on(async { Database::open(&Location::Postgres(url.clone())).await.unwrap().all().await.unwrap() });
    assert_eq!(rows.len(), KIOSKS * PER_KIOSK, "every request once, nothing extra");
    let ids: BTreeSet<&str> = rows.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(ids.len(), rows.len(), "no id twice");
    for row in &rows {
        let opened: Submission = serde_json::from_slice(&key.open(&row.sealed).unwrap()).unwrap();
        assert_eq!(sent.get(&row.id), Some(&opened), "what the kiosk sealed, unchanged");
        assert_eq!(opened.kiosk_id, row.kiosk, "stored under the kiosk that sent it");
    }
    for db in &databases {
        let counts = Store::open(db, StoreOptions::default()).unwrap().counts().unwrap();
        assert_eq!((counts.queued, counts.sending, counts.dead), (0, 0, 0), "{counts:?}");
    }
}
