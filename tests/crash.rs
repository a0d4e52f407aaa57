//! A kiosk switched off at the wall: a writer process is killed with SIGKILL while it enqueues, again
//! and again. Every request it was told is stored must still be there, and the file must stay sound.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::Duration;

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
