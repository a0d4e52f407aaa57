//! A kiosk switched off at the wall: a writer process is killed with SIGKILL while it enqueues, again
//! and again. Every request it was told is stored must still be there, and the file must stay sound.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::Duration;

mod common;

use torget::store::{OutboxItem, Store, StoreOptions};

const CHILD: &str = "KIOSK_CRASH_TEST_DB";

/// The writer, run only as the child process of the test below (hence ignored in a normal run).
/// Prints each id after `enqueue` returned.
#[test]
#[ignore = "the child process of every_acknowledged_request_survives_a_kill_during_writes"]
fn writer_child() {
    let path = std::env::var(CHILD).expect("run by the crash test");
    let mut store = Store::open(path.as_ref(), StoreOptions::default()).unwrap();
    let key = torget::seal::OpeningKey::generate().sealing_key();
    for n in 0.. {
        let id = uuid::Uuid::now_v7();
        let item = OutboxItem {
            id: id.to_string(),
            reference: torget::reference::from_id(id),
            service_id: "report-fault".into(),
            service_version: 1,
            created_at_ms: n,
            sealed: key.seal(&vec![b'x'; 500 + (n as usize % 700)]).unwrap(),
        };
        store.enqueue(&item).unwrap();
        println!("stored {id}");
    }
}

#[test]
fn every_acknowledged_request_survives_a_kill_during_writes() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("kiosk.db");
    let mut acknowledged = Vec::new();
    for round in 0..8u64 {
        let mut child = Command::new(std::env::current_exe().unwrap())
            .args(["--exact", "writer_child", "--ignored", "--nocapture", "--test-threads=1"])
            .env(CHILD, &db)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let reader = std::thread::spawn(move || {
            BufReader::new(stdout)
                .lines()
                .map_while(Result::ok)
                .filter_map(|l| l.strip_prefix("stored ").map(str::to_string))
                .collect::<Vec<_>>()
        });
        std::thread::sleep(Duration::from_millis(150 + round * 37));
        child.kill().unwrap(); // SIGKILL: no destructors, no flush
        child.wait().unwrap();
        acknowledged.extend(reader.join().unwrap());

        let store = Store::open(&db, StoreOptions::default()).unwrap();
        assert_eq!(store.integrity_check().unwrap(), "ok", "round {round}");
        for id in &acknowledged {
            assert!(store.sealed(id).unwrap().is_some(), "acknowledged request {id} lost in round {round}");
        }
    }
    assert!(acknowledged.len() > 8, "the writer wrote something before each kill: {}", acknowledged.len());
}

/// The real `torget` process, visiting and syncing in a loop, switched off at the wall 50 times.
#[test]
fn a_kiosk_killed_fifty_times_while_submitting_and_syncing_delivers_every_receipt_exactly_once() {
    use std::collections::BTreeSet;
    use torget_hub::store::HubStore;

    let dir = tempfile::tempdir().unwrap();
    let hub_db = dir.path().join("hub.db");
    let token = HubStore::open(&hub_db).unwrap().add_kiosk("crash-kiosk").unwrap();
    let addr = common::serve_hub(&hub_db);
    let key = torget::seal::OpeningKey::generate();
    let config = dir.path().join("kiosk.toml");
    std::fs::write(
        &config,
        format!(
            "kiosk_id = \"crash-kiosk\"\ncontent_dir = {:?}\ndata_dir = \"data\"\npublic_key = \"{}\"\nhub_url = \"http://{addr}\"\nhub_token = \"{}\"\n",
            env!("CARGO_MANIFEST_DIR"),
            key.sealing_key().to_base64(),
            token.trim()
        ),
    )
    .unwrap();
    let log_path = dir.path().join("kiosk.log");
    let run = |visits: u64| {
        let log = std::fs::OpenOptions::new().create(true).append(true).open(&log_path).unwrap();
        Command::new(env!("CARGO_BIN_EXE_torget"))
            .arg("--config")
            .arg(&config)
            .args(["soak", "--visits", &visits.to_string(), "--drain-seconds", "60"])
            .env("TORGET_LOG", "debug")
            .stdout(Stdio::piped())
            .stderr(log)
            .spawn()
            .unwrap()
    };
    let read_shown = |stdout: std::process::ChildStdout| {
        std::thread::spawn(move || {
            BufReader::new(stdout)
                .lines()
                .map_while(Result::ok)
                .filter_map(|l| l.strip_prefix("shown ").map(str::to_string))
                .collect::<Vec<_>>()
        })
    };

    let mut shown: Vec<String> = Vec::new();
    let mut seed: u64 = 0x5eed_1234_abcd;
    for _ in 0..50 {
        let mut child = run(1_000_000);
        let reader = read_shown(child.stdout.take().unwrap());
        seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        std::thread::sleep(Duration::from_millis(60 + (seed >> 33) % 400));
        child.kill().unwrap();
        child.wait().unwrap();
        shown.extend(reader.join().unwrap());
    }
    // Restart once more and let it drain.
    let mut last = run(0);
    let reader = read_shown(last.stdout.take().unwrap());
    assert!(last.wait().unwrap().success(), "the final run drains the queue");
    reader.join().unwrap();

    assert!(shown.len() >= 50, "visits were made between the kills: {}", shown.len());
    let kiosk = Store::open(&dir.path().join("data/kiosk.db"), StoreOptions::default()).unwrap();
    assert_eq!(kiosk.integrity_check().unwrap(), "ok");
    let counts = kiosk.counts().unwrap();
    assert_eq!((counts.queued, counts.sending, counts.dead), (0, 0, 0), "{counts:?}");

    let hub = HubStore::open(&hub_db).unwrap();
    let rows = hub.all().unwrap();
    let mut on_hub = BTreeSet::new();
    for row in &rows {
        let s: torget::protocol::Submission = serde_json::from_slice(&key.open(&row.sealed).unwrap()).unwrap();
        assert_eq!(s.id.to_string(), row.id);
        assert!(on_hub.insert(torget::reference::from_id(s.id)), "a request arrived twice");
    }
    for reference in &shown {
        assert!(on_hub.contains(reference), "receipt {reference} never reached the hub");
    }
    let in_outbox: BTreeSet<String> = kiosk.recent(usize::MAX >> 1).unwrap().into_iter().map(|r| r.reference).collect();
    assert_eq!(on_hub, in_outbox, "nothing on the hub that the kiosk did not store, and nothing missing");

    // No answer in plain text anywhere on disk or in the logs.
    for file in ["data/kiosk.db", "data/kiosk.db-wal", "hub.db", "hub.db-wal", "kiosk.log"] {
        let path = dir.path().join(file);
        if let Ok(bytes) = std::fs::read(&path) {
            assert!(!bytes.windows(8).any(|w| w == b"SOAKMARK"), "an answer is readable in {file}");
            assert!(!bytes.windows(9).any(|w| w == b"Storgatan"), "an answer is readable in {file}");
        }
    }
}
