//! The store on a real SQLite file: migrations, durability settings, damaged files, size limit.

use rusqlite::Connection;
use torget::store::{OutboxItem, Store, StoreError, StoreOptions};

fn item(n: i64, size: usize) -> OutboxItem {
    OutboxItem {
        id: format!("0190-{n:08}"),
        reference: "ABC-DEF-GH0".into(),
        service_id: "report-fault".into(),
        service_version: 1,
        created_at_ms: n,
        sealed: vec![0xA5; size],
    }
}

#[test]
fn a_new_store_is_migrated_and_uses_wal_full_sync_and_secure_delete() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("data").join("kiosk.db");
    let store = Store::open(&path, StoreOptions::default()).unwrap();
    assert_eq!(store.schema_version().unwrap(), migrations_on_disk());
    let conn = Connection::open(&path).unwrap();
    let mode: String = conn.query_row("PRAGMA journal_mode", [], |r| r.get(0)).unwrap();
    assert_eq!(mode, "wal");
    let tables: i64 =
        conn.query_row("SELECT COUNT(*) FROM sqlite_master WHERE name = 'outbox'", [], |r| r.get(0)).unwrap();
    assert_eq!(tables, 1);
}

#[test]
fn reopening_keeps_every_enqueued_request_and_does_not_migrate_twice() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kiosk.db");
    {
        let mut store = Store::open(&path, StoreOptions::default()).unwrap();
        for n in 0..50 {
            store.enqueue(&item(n, 300)).unwrap();
        }
    }
    let store = Store::open(&path, StoreOptions::default()).unwrap();
    assert_eq!(store.schema_version().unwrap(), migrations_on_disk());
    assert_eq!(store.counts().unwrap().queued, 50);
    assert_eq!(store.sealed("0190-00000007").unwrap(), Some(vec![0xA5; 300]));
    assert_eq!(store.integrity_check().unwrap(), "ok");
    let recent = store.recent(3).unwrap();
    assert_eq!(recent.iter().map(|r| r.created_at_ms).collect::<Vec<_>>(), vec![49, 48, 47]);
}

#[test]
fn the_same_id_cannot_be_enqueued_twice() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("kiosk.db"), StoreOptions::default()).unwrap();
    store.enqueue(&item(1, 10)).unwrap();
    assert!(store.enqueue(&item(1, 10)).is_err());
    assert_eq!(store.counts().unwrap().queued, 1);
}

#[test]
fn a_damaged_file_is_reported_as_damaged_not_silently_replaced() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kiosk.db");
    std::fs::write(&path, b"this is not a database at all, just some bytes that happen to be here").unwrap();
    match Store::open(&path, StoreOptions::default()) {
        Err(StoreError::Corrupt(_)) => {}
        Err(e) => panic!("expected Corrupt, got {e}"),
        Ok(_) => panic!("a damaged file must not open"),
    }
    assert!(std::fs::read(&path).unwrap().starts_with(b"this is not a database"), "the file is left for staff");
}

#[test]
fn a_store_from_a_newer_version_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kiosk.db");
    Connection::open(&path).unwrap().execute_batch("PRAGMA user_version = 99").unwrap();
    assert!(matches!(Store::open(&path, StoreOptions::default()), Err(StoreError::TooNew { found: 99, .. })));
}

#[test]
fn the_size_limit_gives_a_full_error_and_keeps_what_was_stored() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kiosk.db");
    let mut store = Store::open(&path, StoreOptions { max_bytes: Some(128 * 1024) }).unwrap();
    let mut stored = 0;
    let error = loop {
        match store.enqueue(&item(stored, 4000)) {
            Ok(()) => stored += 1,
            Err(e) => break e,
        }
        assert!(stored < 1000, "the limit must stop the store growing");
    };
    assert!(matches!(error, StoreError::Full), "{error}");
    assert!(stored > 5);
    drop(store);
    let store = Store::open(&path, StoreOptions::default()).unwrap();
    assert_eq!(store.counts().unwrap().queued, stored as u64);
    assert_eq!(store.integrity_check().unwrap(), "ok");
}

/// The schema version is the number of migration files: each one applied once, in order.
fn migrations_on_disk() -> i64 {
    std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/src/store/migrations")).unwrap().count() as i64
}

#[test]
fn the_store_is_private_to_its_owner_and_a_sent_payload_leaves_no_trace_in_the_log() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kiosk.db");
    let wal = dir.path().join("kiosk.db-wal");
    let mut store = Store::open(&path, StoreOptions::default()).unwrap();
    let mut sent = item(1, 4000);
    sent.sealed = (0..4000u32).map(|i| (i * 7919 % 251) as u8).collect();
    store.enqueue(&sent).unwrap();
    for file in [&path, &wal] {
        let mode = std::fs::metadata(file).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "{}", file.display());
    }
    let marker = &sent.sealed[100..164];
    let contains = |file: &std::path::Path| {
        std::fs::read(file).map(|bytes| bytes.windows(marker.len()).any(|w| w == marker)).unwrap_or(false)
    };
    assert!(contains(&wal) || contains(&path), "the payload is on disk while queued");
    store.record_outcomes(&[(sent.id.clone(), torget::store::Outcome::Sent)]).unwrap();
    assert_eq!(std::fs::metadata(&wal).unwrap().len(), 0, "the log is checkpointed and truncated");
    assert!(!contains(&wal) && !contains(&path), "the sent payload is gone from every file");
}

/// A kiosk offline for a week: its usage rows wait, go oldest day first at most a heartbeat's
/// worth at a time, are not sent again once the hub confirmed them unless they grew, and are
/// forgotten only after the hub has them.
#[test]
fn a_week_of_usage_figures_waits_goes_oldest_first_and_is_forgotten_only_once_confirmed() {
    use torget_common::usage::{Counter, MAX_ROWS_PER_BEAT, Stage};
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("kiosk.db"), StoreOptions::default()).unwrap();
    let first = time::macros::date!(2026 - 11 - 20);
    let counters = [Counter::VisitStarted, Counter::Sent, Counter::Cancelled(Stage::Question(2))];
    for d in 0..8 {
        let day = first + time::Duration::days(d);
        let mut counts = Vec::new();
        for n in 0..90 {
            for c in counters {
                counts.push((format!("service-{n}"), "ar".to_string(), c));
            }
        }
        store.count_all(day, &counts).unwrap();
        store.count_all(day, &counts[..3]).unwrap();
    }
    let total = 8 * 90 * counters.len();
    assert_eq!(store.usage().unwrap().len(), total);
    let beat = store.usage_unsent(MAX_ROWS_PER_BEAT).unwrap();
    assert_eq!(beat.len(), MAX_ROWS_PER_BEAT);
    assert!(beat.iter().all(|r| r.day == "2026-11-20" || r.day == "2026-11-21"), "the oldest days first");
    assert!(beat.iter().any(|r| r.value == 2), "a row counted twice carries 2");
    store.usage_confirmed(&beat).unwrap();
    assert_eq!(store.usage_unsent(usize::MAX).unwrap().len(), total - MAX_ROWS_PER_BEAT);
    // A confirmed row that grows goes again, with its new value.
    store.count_all(first, &[("service-0".into(), "ar".into(), Counter::Sent)]).unwrap();
    let again = store.usage_unsent(1).unwrap();
    assert_eq!((again[0].counter.as_str(), again[0].value, again[0].day.as_str()), ("sent", 3, "2026-11-20"));
    // Old rows the hub has are forgotten; those it has not stay.
    let purged = store.usage_purge(first + time::Duration::days(30)).unwrap();
    assert_eq!(purged, MAX_ROWS_PER_BEAT - 1);
    assert_eq!(store.usage().unwrap().len(), total - purged);
}
