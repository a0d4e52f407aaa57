//! The hub's HTTP API against what a network it does not fully control sends it: clients without a
//! credential that announce huge bodies, and a client with a credential that sends garbage.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::{Duration, Instant};

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use torget_common::protocol::{BatchResult, ItemStatus, UploadBatch, UploadItem};
use torget_hub::store::HubStore;

/// A hub on a free port of 127.0.0.1, its database in `dir`; returns its address and a credential.
fn start_hub(dir: &std::path::Path) -> (SocketAddr, String) {
    let db = dir.join("hub.db");
    let token = HubStore::open(&db).unwrap().add_kiosk("library-1").unwrap();
    let store = HubStore::open(&db).unwrap();
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    listener.set_nonblocking(true).unwrap();
    let addr = listener.local_addr().unwrap();
    std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
        rt.block_on(async move {
            torget_hub::serve(tokio::net::TcpListener::from_std(listener).unwrap(), store).await.unwrap();
        });
    });
    (addr, token)
}

#[test]
fn clients_without_a_credential_announcing_8_mib_get_401_before_the_hub_reads_their_bodies() {
    let dir = tempfile::tempdir().unwrap();
    let (addr, _) = start_hub(dir.path());
    let start = Instant::now();
    let clients: Vec<_> = (0..200)
        .map(|_| {
            std::thread::spawn(move || {
                let mut s = TcpStream::connect(addr).unwrap();
                s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
                let head = format!(
                    "POST /v1/submissions HTTP/1.1\r\nHost: hub\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n",
                    8 * 1024 * 1024
                );
                // The headers, then nothing: a hub that waited for the body would never answer.
                s.write_all(head.as_bytes()).unwrap();
                let mut answer = [0u8; 12];
                s.read_exact(&mut answer).map(|_| String::from_utf8_lossy(&answer).into_owned())
            })
        })
        .collect();
    for c in clients {
        let answer = c.join().unwrap().expect("the hub answered without waiting for the body");
        assert_eq!(answer, "HTTP/1.1 401");
    }
    assert!(start.elapsed() < Duration::from_secs(30));
}

#[test]
fn garbage_from_a_client_with_a_credential_is_refused_item_by_item_and_the_honest_item_is_stored() {
    let dir = tempfile::tempdir().unwrap();
    let (addr, token) = start_hub(dir.path());
    let honest_id = "0193a5c2-7b1e-7c3d-9f00-1234567890ab";
    let item = |id: &str, service: &str, created: i64, sealed: &[u8]| UploadItem {
        id: id.into(),
        service_id: service.into(),
        created_at_ms: created,
        sealed: STANDARD.encode(sealed),
    };
    let looks_sealed = [7u8; 120];
    let batch = UploadBatch {
        items: vec![
            item("not-a-uuid", "report-fault", 1, &looks_sealed),
            item(honest_id, "report-fault", 1, &[1, 2, 3]),
            item(honest_id, "Report Fault!", 1, &looks_sealed),
            item(honest_id, "report-fault", -5, &looks_sealed),
            UploadItem { sealed: "%%% not base64".into(), ..item(honest_id, "report-fault", 1, b"") },
            item(&"é".repeat(64), "report-fault", 1, &looks_sealed),
            item(honest_id, "report-fault", 1_764_000_000_000, &looks_sealed),
        ],
    };
    let _ = rustls::crypto::ring::default_provider().install_default();
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let result: BatchResult = rt.block_on(async {
        reqwest::Client::new()
            .post(format!("http://{addr}/v1/submissions"))
            .bearer_auth(&token)
            .json(&batch)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap()
    });
    let statuses: Vec<ItemStatus> = result.results.iter().map(|r| r.status).collect();
    assert_eq!(statuses[..6], [ItemStatus::Invalid; 6], "{statuses:?}");
    assert_eq!(statuses[6], ItemStatus::Stored);
    let stored = HubStore::open(&dir.path().join("hub.db")).unwrap().all().unwrap();
    assert_eq!(stored.len(), 1);
    assert_eq!(stored[0].id, honest_id);
}
