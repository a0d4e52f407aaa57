//! The real `torget-hub serve` process against anonymous clients attacking the staff pages, as the
//! security review of issue 28 did: bodies announced and never sent. Each test pins one of the
//! review's findings.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use torget_hub::accounts::hash_password;
use torget_hub::store::HubStore;

/// A running `torget-hub serve` on a free port of 127.0.0.1, with accounts; stopped when dropped.
struct Hub {
    child: Child,
    addr: SocketAddr,
    log: PathBuf,
}

impl Hub {
    fn start(dir: &Path, accounts: &[(&str, &str, &str)], args: &[&str]) -> Hub {
        let db = dir.join("hub.db");
        let mut store = HubStore::open(&db).unwrap();
        for (name, role, password) in accounts {
            assert!(store.add_user("command line", name, role, &hash_password(password).unwrap()).unwrap());
        }
        drop(store);
        let log = dir.join("hub.log");
        let addr = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap();
        let child = Command::new(env!("CARGO_BIN_EXE_torget-hub"))
            .arg("--db")
            .arg(&db)
            .args(["serve", "--listen", &addr.to_string()])
            .args(args)
            .env("TORGET_LOG", "info")
            .stdout(Stdio::null())
            .stderr(std::fs::File::create(&log).unwrap())
            .spawn()
            .unwrap();
        let hub = Hub { child, addr, log };
        let start = Instant::now();
        while TcpStream::connect(addr).is_err() {
            assert!(start.elapsed() < Duration::from_secs(20), "the hub did not start: {}", hub.log());
            std::thread::sleep(Duration::from_millis(20));
        }
        hub
    }

    fn log(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }
}

impl Drop for Hub {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

const FORM: (&str, &str) = ("Content-Type", "application/x-www-form-urlencoded");

struct Answer {
    status: u16,
    head: String,
    body: String,
}

impl Answer {
    fn header(&self, name: &str) -> Option<&str> {
        self.head.lines().find_map(|l| {
            let (n, v) = l.split_once(':')?;
            n.eq_ignore_ascii_case(name).then(|| v.trim())
        })
    }
}

/// The request line and headers of `request` (`METHOD PATH`) announcing `length` bytes of body.
fn send_head(s: &mut TcpStream, request: &str, headers: &[(&str, &str)], length: usize) {
    let mut head = format!("{request} HTTP/1.1\r\nHost: hub\r\nConnection: close\r\n");
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str(&format!("Content-Length: {length}\r\n\r\n"));
    s.write_all(head.as_bytes()).unwrap();
}

/// The answer on `s`, read until the hub closes it or 20 s pass.
fn read_answer(s: &mut TcpStream) -> Answer {
    s.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
    let mut answer = Vec::new();
    let _ = s.read_to_end(&mut answer);
    let text = String::from_utf8_lossy(&answer).into_owned();
    let status = text.get(9..12).and_then(|c| c.parse().ok()).unwrap_or_else(|| panic!("no HTTP answer: {text:?}"));
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    Answer { status, head: head.to_string(), body: body.to_string() }
}

/// One whole request on `s` and its answer (which may come before the whole body is taken).
fn exchange(s: &mut TcpStream, request: &str, headers: &[(&str, &str)], body: &[u8]) -> Answer {
    send_head(s, request, headers, body.len());
    let _ = s.write_all(body);
    read_answer(s)
}

#[test]
fn sign_ins_that_never_send_their_body_cannot_keep_the_kiosks_out() {
    let dir = tempfile::tempdir().unwrap();
    // A body may take four times the client timeout: 4 s here.
    let hub = Hub::start(dir.path(), &[], &["--max-connections", "3", "--client-timeout", "1"]);
    let body_deadline = Duration::from_secs(4);
    // Three anonymous sign-ins announce a body and never send it: every connection slot is taken.
    let mut silent: Vec<TcpStream> = (0..3)
        .map(|_| {
            let mut s = TcpStream::connect(hub.addr).unwrap();
            send_head(&mut s, "POST /sign-in", &[FORM], 100);
            s
        })
        .collect();
    // A kiosk's request is served once their bodies' deadline has passed, not never.
    let start = Instant::now();
    let mut kiosk = TcpStream::connect(hub.addr).unwrap();
    let health = exchange(&mut kiosk, "GET /v1/health", &[], b"");
    let waited = start.elapsed();
    assert_eq!(health.status, 200, "{}", health.body);
    assert!(waited < body_deadline + Duration::from_secs(3), "/v1/health waited {waited:?}");
    for s in &mut silent {
        let answer = read_answer(s);
        assert_eq!(answer.status, 408, "a body that never came is answered: {}", answer.body);
        assert_eq!(answer.header("connection"), Some("close"));
    }
}
