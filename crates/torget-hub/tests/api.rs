//! The real `torget-hub serve` process against what a network it does not fully control sends
//! it: clients without a credential that send huge bodies, silent and slow clients, a client with
//! a credential that sends garbage, and a contract check of every documented path and status.

mod hub;

use std::collections::BTreeSet;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::PathBuf;
use std::process::Command;
use std::time::{Duration, Instant};

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use hub::Hub;
use torget_common::protocol::{BatchResult, ItemStatus};
use torget_hub::store::HubStore;

impl Hub {
    /// One request on its own connection; the status and the body.
    fn send(&self, method: &str, path: &str, headers: &[(&str, &str)], body: &[u8]) -> (u16, String) {
        let mut s = self.send_head(method, path, headers, body.len());
        s.write_all(body).unwrap();
        parse_answer(&mut s)
    }

    /// The request line and headers of a request announcing `length` bytes of body, and no body.
    fn send_head(&self, method: &str, path: &str, headers: &[(&str, &str)], length: usize) -> TcpStream {
        let mut s = TcpStream::connect(self.addr).unwrap();
        s.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
        let mut head = format!("{method} {path} HTTP/1.1\r\nHost: hub\r\nConnection: close\r\n");
        for (name, value) in headers {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
        head.push_str(&format!("Content-Length: {length}\r\n\r\n"));
        s.write_all(head.as_bytes()).unwrap();
        s
    }

    /// A JSON request with this hub's kiosk credential.
    fn post_json(&self, path: &str, body: &str) -> (u16, String) {
        let auth = format!("Bearer {}", self.token);
        self.send("POST", path, &[("Authorization", &auth), ("Content-Type", "application/json")], body.as_bytes())
    }
}

fn parse_answer(s: &mut TcpStream) -> (u16, String) {
    let mut answer = Vec::new();
    let _ = s.read_to_end(&mut answer);
    let text = String::from_utf8_lossy(&answer).into_owned();
    let status = text.get(9..12).and_then(|c| c.parse().ok()).unwrap_or_else(|| panic!("no HTTP answer: {text:?}"));
    let body = text.split_once("\r\n\r\n").map(|(_, b)| b.to_string()).unwrap_or_default();
    (status, body)
}

/// Whether the peer closed `s` within `deadline` (reads until end of stream, discarding).
fn closed_within(s: &mut TcpStream, deadline: Duration) -> bool {
    s.set_read_timeout(Some(Duration::from_millis(100))).unwrap();
    let start = Instant::now();
    let mut buf = [0u8; 512];
    while start.elapsed() < deadline {
        match s.read(&mut buf) {
            Ok(0) => return true,
            Ok(_) => {}
            Err(e) if matches!(e.kind(), std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut) => {}
            Err(_) => return true,
        }
    }
    false
}

const HONEST_ID: &str = "0193a5c2-7b1e-7c3d-9f00-1234567890ab";

fn item_json(id: &str, created: &str, sealed: &[u8]) -> String {
    format!(
        r#"{{"id":"{id}","service_id":"report-fault","created_at_ms":{created},"sealed":"{}"}}"#,
        STANDARD.encode(sealed)
    )
}

#[test]
fn clients_without_a_credential_sending_8_mib_get_401_and_the_hub_never_buffers_their_bodies() {
    let dir = tempfile::tempdir().unwrap();
    let hub = Hub::start(dir.path(), &[]);
    let addr = hub.addr;
    let before = hub.peak_memory();
    let clients: Vec<_> = (0..200)
        .map(|_| {
            std::thread::spawn(move || {
                let mut s = TcpStream::connect(addr).unwrap();
                s.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
                let size = 8 * 1024 * 1024;
                let head = format!(
                    "POST /v1/submissions HTTP/1.1\r\nHost: hub\r\nContent-Type: application/json\r\nContent-Length: {size}\r\n\r\n"
                );
                s.write_all(head.as_bytes()).unwrap();
                // The whole body goes out beside the wait for the answer, as a flood would send it.
                let mut writer = s.try_clone().unwrap();
                let flood = std::thread::spawn(move || {
                    let chunk = vec![b'x'; 64 * 1024];
                    for _ in 0..size / chunk.len() {
                        if writer.write_all(&chunk).is_err() {
                            break;
                        }
                    }
                });
                let mut answer = [0u8; 12];
                let read = s.read_exact(&mut answer).map(|_| String::from_utf8_lossy(&answer).into_owned());
                drop(s);
                let _ = flood.join();
                read
            })
        })
        .collect();
    let mut refused = 0;
    for c in clients {
        match c.join().unwrap() {
            Ok(answer) => {
                assert_eq!(answer, "HTTP/1.1 401");
                refused += 1;
            }
            // The hub closed with the flood unread, and the reset can overtake its answer.
            Err(e) => assert_eq!(e.kind(), std::io::ErrorKind::ConnectionReset, "{e}"),
        }
    }
    assert!(refused > 0, "no client saw the hub's answer");
    // Buffering the bodies would take 1.6 GiB; refusing them first takes next to nothing.
    let grown = hub.peak_memory().saturating_sub(before);
    assert!(grown < 64 * 1024 * 1024, "the hub grew by {} MiB", grown / (1024 * 1024));
}

#[test]
fn silent_and_slow_clients_are_cut_off_and_the_connection_bound_is_logged() {
    let dir = tempfile::tempdir().unwrap();
    let hub = Hub::start(dir.path(), &["--max-connections", "4", "--client-timeout", "1"]);
    // Four connections that never say a word fill the bound.
    let mut silent: Vec<TcpStream> = (0..4).map(|_| TcpStream::connect(hub.addr).unwrap()).collect();
    // A fifth client is served once the silent ones have been cut off.
    let start = Instant::now();
    let (status, _) = hub.send("GET", "/v1/health", &[], b"");
    assert_eq!(status, 200);
    assert!(start.elapsed() < Duration::from_secs(10));
    for s in &mut silent {
        assert!(closed_within(s, Duration::from_secs(5)), "a silent connection was kept open");
    }
    let log = hub.log();
    assert!(log.contains("connection limit reached"), "{log}");

    // A client that sends its headers one byte at a time is cut off too, although it never stops.
    let mut slow = TcpStream::connect(hub.addr).unwrap();
    let start = Instant::now();
    let mut cut = false;
    for byte in b"POST /v1/submissions HTTP/1.1\r\nHost: hub\r\nX-Padding: ".iter().cycle().take(200) {
        if slow.write_all(&[*byte]).is_err() || closed_within(&mut slow, Duration::from_millis(150)) {
            cut = true;
            break;
        }
    }
    assert!(cut, "a client sending headers slowly was kept for {:?}", start.elapsed());
    assert!(start.elapsed() < Duration::from_secs(5));
}

#[test]
fn garbage_from_a_client_with_a_credential_is_refused_item_by_item_and_the_honest_items_are_stored() {
    let dir = tempfile::tempdir().unwrap();
    let hub = Hub::start(dir.path(), &[]);
    let looks_sealed = [7u8; 120];
    let second_honest = "0193a5c2-7b1e-7c3d-9f00-1234567890ac";
    let items = [
        item_json("not-a-uuid", "1", &looks_sealed),
        item_json(HONEST_ID, "1", &[1, 2, 3]),
        item_json(HONEST_ID, "1", &looks_sealed).replace("report-fault", "Report Fault!"),
        item_json(HONEST_ID, "-5", &looks_sealed),
        item_json(HONEST_ID, "1", b"").replace(r#""sealed":"""#, r#""sealed":"%%% not base64""#),
        item_json(&"é".repeat(64), "1", &looks_sealed),
        item_json(&"a".repeat(65), "1", &looks_sealed),
        item_json(HONEST_ID, "18446744073709551616", &looks_sealed),
        item_json(HONEST_ID, "1", &looks_sealed).replace("report-fault", r"report-fault\ud800"),
        format!(r#"["{HONEST_ID}","report-fault",1,"AA=="]"#),
        "17".to_string(),
        item_json(HONEST_ID, "1764000000000", &looks_sealed),
        item_json(second_honest, "1764000000000.0", &looks_sealed),
    ];
    let (status, body) = hub.post_json("/v1/submissions", &format!(r#"{{"items":[{}]}}"#, items.join(",")));
    assert_eq!(status, 200, "{body}");
    let result: BatchResult = serde_json::from_str(&body).unwrap();
    let statuses: Vec<ItemStatus> = result.results.iter().map(|r| r.status).collect();
    assert_eq!(statuses.len(), items.len(), "one result per item, in order");
    assert_eq!(statuses[..11], [ItemStatus::Invalid; 11], "{statuses:?}");
    assert_eq!(statuses[11..], [ItemStatus::Stored, ItemStatus::Stored]);
    assert_eq!(result.results[0].id, "not-a-uuid", "the id is named when it can be read");
    assert_eq!(result.results[9].id, "", "an item that is not an object has no id to name");
    let stored = HubStore::open(&hub.db).unwrap().all().unwrap();
    let ids: BTreeSet<&str> = stored.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(ids, BTreeSet::from([HONEST_ID, second_honest]));

    // Objects only, and JSON only.
    let array_batch = format!(r#"[[["{HONEST_ID}","report-fault",1,"AA=="]]]"#);
    assert_eq!(hub.post_json("/v1/submissions", &array_batch).0, 400);
    assert_eq!(hub.post_json("/v1/heartbeat", r#"["v",7,null,true]"#).0, 400);
    let auth = format!("Bearer {}", hub.token);
    let plain = [("Authorization", auth.as_str()), ("Content-Type", "text/plain")];
    assert_eq!(hub.send("POST", "/v1/submissions", &plain, br#"{"items":[]}"#).0, 415);
    assert_eq!(HubStore::open(&hub.db).unwrap().all().unwrap().len(), 2);
    let beats = HubStore::open(&hub.db).unwrap().heartbeats().unwrap();
    assert!(beats.iter().all(|b| !b.help_requested), "an array never raised a help call");
}

/// Every path, method and status the served OpenAPI document lists is produced by the running
/// hub for the request described, and every request here gets a status its document lists.
#[test]
fn the_running_hub_answers_exactly_what_its_openapi_document_says() {
    let dir = tempfile::tempdir().unwrap();
    // An adviser's calendar on a CalDAV server of its own, for the booking routes.
    let radicale = torget_testing::radicale::Radicale::start();
    radicale.make_calendar("budget");
    let bookings = radicale.bookings_file(dir.path(), "budget", "Europe/Stockholm");
    let hub = Hub::start(
        dir.path(),
        &[
            // Long enough that an upload held open below is not cut off on a busy machine.
            "--client-timeout",
            "2",
            "--uploads-at-once",
            "1",
            "--busy-retry-after",
            "7",
            "--bookings",
            bookings.to_str().unwrap(),
        ],
    );
    let (status, document) = hub.send("GET", "/v1/openapi.json", &[], b"");
    assert_eq!(status, 200);
    let document: serde_json::Value = serde_json::from_str(&document).unwrap();
    let mut documented = BTreeSet::new();
    for (path, methods) in document["paths"].as_object().unwrap() {
        for (method, operation) in methods.as_object().unwrap() {
            for status in operation["responses"].as_object().unwrap().keys() {
                documented.insert((path.clone(), method.to_uppercase(), status.parse::<u16>().unwrap()));
            }
        }
    }
    let auth = format!("Bearer {}", hub.token);
    let json = [("Authorization", auth.as_str()), ("Content-Type", "application/json")];
    let mut seen = BTreeSet::new();
    let mut check = |method: &str, path: &str, (status, body): (u16, String), expected: u16, what: &str| {
        assert_eq!(status, expected, "{method} {path} {what}: {body}");
        let route = path.split('?').next().unwrap().to_string();
        assert!(
            documented.contains(&(route.clone(), method.to_string(), status)),
            "{method} {route} answered {status}, which its document does not list ({what})"
        );
        seen.insert((route, method.to_string(), status));
    };
    let beat = r#"{"version":"1","queue_depth":121.0,"last_error":null}"#;
    let batch = format!(r#"{{"items":[{}]}}"#, item_json(HONEST_ID, "1", &[7; 120]));
    let too_many = format!(r#"{{"items":[{}]}}"#, vec!["{}"; 501].join(","));

    check("GET", "/v1/health", hub.send("GET", "/v1/health", &[], b""), 200, "");
    check("GET", "/v1/openapi.json", hub.send("GET", "/v1/openapi.json", &[], b""), 200, "");
    // The archive bridge's routes take only its own credential.
    let bridge = format!("Bearer {}", HubStore::open(&hub.db).unwrap().add_archive_bridge("arkiv").unwrap());
    let bridge_json = [("Authorization", bridge.as_str()), ("Content-Type", "application/json")];
    let delivered = format!(r#"{{"items":[{{"id":"{HONEST_ID}","round":0}}]}}"#);
    let receipt = format!(
        r#"{{"id":"{HONEST_ID}","round":0,"outcome":{{"registered":{{"journal":"2026/1","system_id":"x"}}}}}}"#
    );
    // The calendar is read at start: a free time to hold.
    let first_free = torget_testing::wait_for("the calendar read", Duration::from_secs(20), || {
        let (_, times) = hub.send("GET", "/v1/times", &json[..1], b"");
        let times: serde_json::Value = serde_json::from_str(&times).ok()?;
        // The last one: days away, so that the notice never passes it while the test runs.
        times["resources"][0]["times"].as_array()?.last()?.as_str().map(str::to_string)
    });
    check("GET", "/v1/times", hub.send("GET", "/v1/times", &json[..1], b""), 200, "");
    check("GET", "/v1/times", hub.send("GET", "/v1/times", &[], b""), 401, "no credential");
    let visit = "0193a5c2-7b1e-7c3d-9f00-00000000c0de";
    let held = format!(r#"{{"id":"{visit}","resource":"budget-advice","start":"{first_free}"}}"#);
    let posts = [
        ("/v1/holds", held.clone(), 200, &json, auth.clone()),
        ("/v1/submissions", batch.clone(), 200, &json, auth.clone()),
        ("/v1/heartbeat", beat.to_string(), 200, &json, auth.clone()),
        ("/v1/archive/delivered", delivered.clone(), 200, &bridge_json, bridge.clone()),
        ("/v1/archive/receipts", receipt.clone(), 200, &bridge_json, bridge.clone()),
    ];
    for (path, good, good_status, headers, auth) in posts {
        let (good, json) = (good.as_str(), *headers);
        check("POST", path, hub.send("POST", path, &json, good.as_bytes()), good_status, "a good request");
        check(
            "POST",
            path,
            hub.send("POST", path, &[("Content-Type", "application/json")], good.as_bytes()),
            401,
            "no credential",
        );
        check("POST", path, hub.send("POST", path, &json[..1], good.as_bytes()), 415, "no content type");
        check("POST", path, hub.send("POST", path, &json, b"[1,2]"), 400, "an array");
        let mut s = hub.send_head("POST", path, &json, 9 * 1024 * 1024);
        check("POST", path, parse_answer(&mut s), 413, "9 MiB announced");
        // Headers, then a body that stops coming: refused after the body deadline (4 × 1 s).
        let mut s = TcpStream::connect(hub.addr).unwrap();
        let head = format!(
            "POST {path} HTTP/1.1\r\nHost: hub\r\nAuthorization: {auth}\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{{\"items\""
        );
        s.write_all(head.as_bytes()).unwrap();
        s.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
        check("POST", path, parse_answer(&mut s), 408, "a body that stops");
    }
    check("POST", "/v1/submissions", hub.send("POST", "/v1/submissions", &json, too_many.as_bytes()), 400, "501 items");
    let taken =
        format!(r#"{{"id":"0193a5c2-7b1e-7c3d-9f00-00000000beef","resource":"budget-advice","start":"{first_free}"}}"#);
    check(
        "POST",
        "/v1/holds",
        hub.send("POST", "/v1/holds", &json, taken.as_bytes()),
        409,
        "a time another visit holds",
    );
    let nobody = taken.replace("budget-advice", "nobody");
    check("POST", "/v1/holds", hub.send("POST", "/v1/holds", &json, nobody.as_bytes()), 400, "no such resource");
    let release = format!("/v1/holds/{visit}");
    check("DELETE", "/v1/holds/{id}", hub.send("DELETE", &release, &json[..1], b""), 204, "the visit ended");
    check("DELETE", "/v1/holds/{id}", hub.send("DELETE", &release, &[], b""), 401, "no credential");
    check("POST", "/v1/holds", hub.send("POST", "/v1/holds", &json, taken.as_bytes()), 200, "let go: free again");
    // As many uploads as the hub stores at once (one, here) are under way: the next is turned away
    // before its body is read, with the Retry-After it was given; a heartbeat is not; and when the
    // upload under way is done, uploads are taken again and nothing was lost.
    let deadline = Instant::now() + Duration::from_secs(10);
    let (mut holding, turned_away) = loop {
        // A new upload held open each time, so that one the hub may have let go is never counted on.
        let holding = hub.send_head("POST", "/v1/submissions", &json, batch.len());
        let mut s = hub.send_head("POST", "/v1/submissions", &json, batch.len());
        s.write_all(batch.as_bytes()).unwrap();
        let mut raw = Vec::new();
        let _ = s.read_to_end(&mut raw);
        let raw = String::from_utf8_lossy(&raw).into_owned();
        if raw.starts_with("HTTP/1.1 429") {
            break (holding, raw);
        }
        // Until the first upload's headers have reached the hub, the second is simply stored.
        assert!(raw.starts_with("HTTP/1.1 200"), "{raw}");
        assert!(Instant::now() < deadline, "never turned away while an upload was under way");
    };
    assert!(turned_away.to_ascii_lowercase().contains("\r\nretry-after: 7\r\n"), "{turned_away}");
    let body = turned_away.split_once("\r\n\r\n").map(|(_, b)| b.to_string()).unwrap_or_default();
    check("POST", "/v1/submissions", (429, body), 429, "an upload while as many as the hub takes are under way");
    check("POST", "/v1/heartbeat", hub.send("POST", "/v1/heartbeat", &json, beat.as_bytes()), 200, "while busy");
    holding.write_all(batch.as_bytes()).unwrap();
    let (status, answer) = parse_answer(&mut holding);
    assert_eq!(status, 200, "the upload under way is stored: {answer}");
    check("POST", "/v1/submissions", hub.send("POST", "/v1/submissions", &json, batch.as_bytes()), 200, "after");
    let beat_big = r#"{"version":"1","queue_depth":18446744073709551616}"#;
    check("POST", "/v1/heartbeat", hub.send("POST", "/v1/heartbeat", &json, beat_big.as_bytes()), 400, "beyond 2^53");

    // Heartbeats made from the document itself: each one it allows is taken, each one it does not
    // is refused (issue 28: a null free disk was taken, a free disk of 7.0 refused).
    let (allowed, not_allowed) = heartbeats_from_schema(&document["components"]["schemas"]["Heartbeat"]);
    let mut disagreements = Vec::new();
    for (expected, beats) in [(200, &allowed), (400, &not_allowed)] {
        for (what, body) in beats {
            let (status, answer) = hub.send("POST", "/v1/heartbeat", &json, body.as_bytes());
            if status != expected {
                disagreements.push(format!("{what}: {body} answered {status}, not {expected}: {answer}"));
            }
        }
    }
    assert!(disagreements.is_empty(), "the hub and its document disagree:\n{}", disagreements.join("\n"));

    let latest = "/v1/content/latest";
    check("GET", latest, hub.send("GET", latest, &json[..1], b""), 204, "nothing published");
    check("GET", latest, hub.send("GET", latest, &[], b""), 401, "no credential");
    let (requests, archive_content) = ("/v1/archive/requests", "/v1/archive/content");
    check("GET", archive_content, hub.send("GET", archive_content, &bridge_json[..1], b""), 204, "nothing published");
    check("GET", archive_content, hub.send("GET", archive_content, &json[..1], b""), 401, "a kiosk's credential");
    check("GET", requests, hub.send("GET", requests, &bridge_json[..1], b""), 200, "the bridge's list");
    check("GET", requests, hub.send("GET", requests, &json[..1], b""), 401, "a kiosk's credential");
    let unknown = receipt.replace(HONEST_ID, "01900000-0000-7000-8000-000000000000");
    let path = "/v1/archive/receipts";
    check("POST", path, hub.send("POST", path, &bridge_json, unknown.as_bytes()), 404, "an unknown request");
    check("POST", path, hub.send("POST", path, &json, receipt.as_bytes()), 401, "a kiosk's credential");
    let cli = |args: &[&str]| {
        let out = Command::new(env!("CARGO_BIN_EXE_torget-hub")).arg("--db").arg(&hub.db).args(args).output().unwrap();
        assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    };
    let keys = dir.path().to_str().unwrap();
    cli(&["content", "keygen", "--out", keys]);
    let content = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
    let signing_key = format!("{keys}/content-signing.key");
    cli(&["content", "publish", content.to_str().unwrap(), "--signing-key", &signing_key, "--version", "v1"]);
    check("GET", latest, hub.send("GET", latest, &json[..1], b""), 200, "a published bundle");
    check("GET", archive_content, hub.send("GET", archive_content, &bridge_json[..1], b""), 200, "a published bundle");
    check(
        "GET",
        "/v1/content/latest?have=v1",
        hub.send("GET", "/v1/content/latest?have=v1", &json[..1], b""),
        204,
        "the newest",
    );

    // The store failing under the hub: 500, and nothing acknowledged.
    let db = rusqlite::Connection::open(&hub.db).unwrap();
    db.execute_batch(
        "DROP TABLE archive_state; DROP TABLE submissions; DROP TABLE heartbeats; DROP TABLE content_bundles; DROP TABLE bookings;",
    )
    .unwrap();
    drop(db);
    for (method, path, body) in [
        ("POST", "/v1/submissions", batch.as_str()),
        ("POST", "/v1/heartbeat", beat),
        ("GET", latest, ""),
        ("GET", "/v1/times", ""),
        ("POST", "/v1/holds", held.as_str()),
    ] {
        check(method, path, hub.send(method, path, &json, body.as_bytes()), 500, "a broken store");
    }
    check("DELETE", "/v1/holds/{id}", hub.send("DELETE", &release, &json[..1], b""), 500, "a broken store");
    for (method, path, body) in [
        ("GET", requests, ""),
        ("GET", archive_content, ""),
        ("POST", "/v1/archive/delivered", delivered.as_str()),
        ("POST", "/v1/archive/receipts", receipt.as_str()),
    ] {
        check(method, path, hub.send(method, path, &bridge_json, body.as_bytes()), 500, "a broken store");
    }

    let missing: Vec<_> = documented.difference(&seen).collect();
    assert!(missing.is_empty(), "documented but never produced: {missing:?}");
}

/// Request bodies, each with what it is.
type Bodies = Vec<(String, String)>;

/// Heartbeats made from the document's `Heartbeat` schema: the bodies it allows (the required
/// properties, each property at every kind of value it allows, from its lowest to its highest,
/// and a property it does not know, which it does not forbid) and the bodies it does not (each
/// property at a value of a type it does not allow or beyond its range, each required property
/// missing), each with what it is.
fn heartbeats_from_schema(schema: &serde_json::Value) -> (Bodies, Bodies) {
    use serde_json::{Value, json};
    let properties = schema["properties"].as_object().expect("the heartbeat has properties");
    let required: Vec<&str> = schema["required"].as_array().unwrap().iter().map(|r| r.as_str().unwrap()).collect();
    let types = |property: &Value| -> Vec<String> {
        match &property["type"] {
            Value::String(t) => vec![t.clone()],
            Value::Array(ts) => ts.iter().map(|t| t.as_str().unwrap().to_string()).collect(),
            other => panic!("a property without a type: {other}"),
        }
    };
    // JSON texts, so that 7.0 stays 7.0 and a number beyond 2^64 can be written.
    let allowed = |property: &Value| -> Vec<String> {
        let mut values = Vec::new();
        for t in types(property) {
            match t.as_str() {
                "string" => values.extend(["\"1.4.2\"".into(), "\"\"".into(), "\"Åsa – 🙂\"".into()]),
                "boolean" => values.extend(["true".into(), "false".into()]),
                "null" => values.push("null".into()),
                "integer" => {
                    let low = property["minimum"].as_u64().unwrap_or(0);
                    values.extend([low.to_string(), format!("{}.0", low + 7)]);
                    // Without a maximum every integer is allowed, however large.
                    values.push(property["maximum"].as_u64().map_or("18446744073709551616".into(), |m| m.to_string()));
                }
                // An array of usage rows: none, one as a kiosk sends it, one the hub leaves out.
                "array" => {
                    let today = time::OffsetDateTime::now_utc().date();
                    let row = |counter: &str| {
                        format!(
                            r#"{{"day":"{today}","service":"parking-permit","lang":"ar","counter":"{counter}","value":3}}"#
                        )
                    };
                    values.extend(["[]".into(), format!("[{}]", row("sent")), format!("[{}]", row("answer-yes"))]);
                }
                other => panic!("a type this test cannot make: {other}"),
            }
        }
        values
    };
    let refused = |property: &Value| -> Vec<String> {
        let types = types(property);
        let mut values: Vec<String> = [("string", "\"7\""), ("integer", "7"), ("boolean", "true"), ("null", "null")]
            .into_iter()
            .filter(|(t, _)| !types.iter().any(|allowed| allowed == t))
            .map(|(_, v)| v.to_string())
            .collect();
        if types.iter().any(|t| t == "array") {
            let max = property["maxItems"].as_u64().expect("an array has a most") as usize;
            let row = r#"{"day":"2026-12-03","service":"","lang":"sv","counter":"sent","value":1}"#;
            values.extend(["[7]".to_string(), r#"[{"day":"2026-12-03"}]"#.to_string()]);
            values.push(format!("[{}]", vec![row; max + 1].join(",")));
        } else {
            values.push("[]".to_string());
        }
        values.push("{}".to_string());
        if types.iter().any(|t| t == "integer") {
            values.push("1.5".into());
            if let Some(low) = property["minimum"].as_i64() {
                values.push((low - 1).to_string());
            }
            if let Some(high) = property["maximum"].as_u64() {
                values.push((high + 1).to_string());
            }
        }
        values
    };
    let body = |fields: &[(&str, String)]| -> String {
        let inner: Vec<String> = fields.iter().map(|(k, v)| format!("{}:{v}", json!(k))).collect();
        format!("{{{}}}", inner.join(","))
    };
    let base: Vec<(&str, String)> = required.iter().map(|r| (*r, allowed(&properties[*r])[0].clone())).collect();
    let with = |name: &str, value: String| -> Vec<(&str, String)> {
        let mut fields: Vec<(&str, String)> = base.iter().filter(|(k, _)| *k != name).cloned().collect();
        fields.push((properties.get_key_value(name).unwrap().0.as_str(), value));
        fields
    };
    let mut good = vec![("the required properties".to_string(), body(&base))];
    let mut bad = Vec::new();
    for (name, property) in properties {
        for value in allowed(property) {
            good.push((format!("{name} = {value}"), body(&with(name, value))));
        }
        for value in refused(property) {
            bad.push((format!("{name} = {value}"), body(&with(name, value))));
        }
        if required.contains(&name.as_str()) {
            let without: Vec<(&str, String)> = base.iter().filter(|(k, _)| k != name).cloned().collect();
            bad.push((format!("no {name}"), body(&without)));
        }
    }
    let every: Vec<(&str, String)> =
        properties.iter().map(|(name, p)| (name.as_str(), allowed(p).last().unwrap().clone())).collect();
    good.push(("every property".into(), body(&every)));
    let mut unknown = base.clone();
    unknown.push(("battery_percent", "80".into()));
    let unknown = ("a property the schema does not name".to_string(), body(&unknown));
    match schema.get("additionalProperties") {
        Some(Value::Bool(false)) => bad.push(unknown),
        _ => good.push(unknown),
    }
    (good, bad)
}
