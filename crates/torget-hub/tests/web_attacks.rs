//! The real `torget-hub serve` process against anonymous clients attacking the staff pages, as the
//! security review of issue 28 did: bodies announced and never sent, large forms before any
//! sign-in, and many sign-ins at once. Each test pins one of the review's findings.

mod hub;

use std::io::{Read, Write};
use std::net::{IpAddr, Ipv4Addr, SocketAddr, TcpStream};
use std::sync::{Arc, Barrier};
use std::time::{Duration, Instant};

use hub::Hub;
use torget_hub::store::HubStore;

impl Hub {
    /// A form token for sign-in: the cookie the sign-in page sets is also the form's field.
    fn sign_in_token(&self) -> String {
        let answer = exchange(&mut TcpStream::connect(self.addr).unwrap(), "GET /sign-in", &[], b"");
        answer.cookie("torget_form").expect("the sign-in page sets its form cookie")
    }

    /// The session cookie of `name` signed in with `password`.
    fn session(&self, name: &str, password: &str) -> String {
        let answer = self.sign_in(&mut TcpStream::connect(self.addr).unwrap(), name, password);
        assert_eq!(answer.status, 303, "{name} signs in: {}", answer.body);
        format!("torget_session={}", answer.cookie("torget_session").unwrap())
    }

    /// A sign-in with a fresh form token on the connection `s`.
    fn sign_in(&self, s: &mut TcpStream, name: &str, password: &str) -> Answer {
        let token = self.sign_in_token();
        self.send_sign_in(s, name, password, &token)
    }

    fn send_sign_in(&self, s: &mut TcpStream, name: &str, password: &str, token: &str) -> Answer {
        let body = format!("name={name}&password={}&csrf={token}", password.replace(' ', "+"));
        let cookie = format!("torget_form={token}");
        exchange(s, "POST /sign-in", &[("Cookie", &cookie), FORM], body.as_bytes())
    }

    /// `tries` sign-ins sent at the same moment, each on a thread of its own with its own form
    /// token, try `n` with the name and password `try_n(n)` gives, from the address it gives; the
    /// statuses, in order.
    fn sign_ins_at_once(hub: &Arc<Hub>, tries: usize, try_n: fn(usize) -> (String, String, Ipv4Addr)) -> Vec<u16> {
        let together = Arc::new(Barrier::new(tries));
        let threads: Vec<_> = (0..tries)
            .map(|n| {
                let (hub, together) = (hub.clone(), together.clone());
                std::thread::spawn(move || {
                    let (name, password, from) = try_n(n);
                    let token = hub.sign_in_token();
                    let mut s = connect_from(from, hub.addr);
                    together.wait();
                    hub.send_sign_in(&mut s, &name, &password, &token).status
                })
            })
            .collect();
        threads.into_iter().map(|t| t.join().unwrap()).collect()
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

    fn cookie(&self, name: &str) -> Option<String> {
        self.head
            .lines()
            .filter_map(|l| l.split_once(':'))
            .filter(|(n, _)| n.eq_ignore_ascii_case("set-cookie"))
            .find_map(|(_, v)| {
                let pair = v.trim().split(';').next()?;
                let (n, value) = pair.split_once('=')?;
                (n == name && !value.is_empty()).then(|| value.to_string())
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

/// A connection to `to` from `local` (any address of 127/8 is this machine's), so that tries
/// from many addresses can be made from one test.
fn connect_from(local: Ipv4Addr, to: SocketAddr) -> TcpStream {
    let rt = tokio::runtime::Builder::new_current_thread().enable_io().build().unwrap();
    rt.block_on(async {
        let socket = tokio::net::TcpSocket::new_v4().unwrap();
        socket.bind(SocketAddr::new(IpAddr::V4(local), 0)).unwrap();
        let stream = socket.connect(to).await.unwrap().into_std().unwrap();
        stream.set_nonblocking(false).unwrap();
        stream
    })
}

#[test]
fn sign_ins_that_never_send_their_body_cannot_keep_the_kiosks_out() {
    let dir = tempfile::tempdir().unwrap();
    // A body may take four times the client timeout: 4 s here.
    let hub = Hub::start(dir.path(), &["--max-connections", "3", "--client-timeout", "1"]);
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

#[test]
fn an_anonymous_or_unentitled_form_is_answered_before_its_body_is_read_and_forms_are_bounded() {
    let dir = tempfile::tempdir().unwrap();
    let accounts = [("disk", "desk", "disken vid entrén 7"), ("redaktor", "editor", "texter som kioskerna visar")];
    let hub = Hub::start_with_accounts(dir.path(), &accounts, &[]);
    let eight_mib = 8 * 1024 * 1024;
    let desk = hub.session("disk", "disken vid entrén 7");
    let editor = hub.session("redaktor", "texter som kioskerna visar");
    let before = hub.peak_memory();
    let json = ("Content-Type", "application/json");
    // Every route that takes a body: the session and the role come first, the body never.
    for (request, kind) in [
        ("POST /content/draft/1/texts", FORM),
        ("POST /content/drafts", json),
        ("POST /content/drafts/current", FORM),
        ("POST /content/draft/1/submit", FORM),
        ("POST /content/draft/1/publish", FORM),
        ("POST /content/draft/1/service/new", FORM),
        ("POST /content/draft/1/service/new/check", FORM),
        ("POST /content/draft/1/info/new", FORM),
        ("POST /content/version/1/again", FORM),
        ("POST /kiosks/place", FORM),
        ("POST /kiosks/help", FORM),
        ("POST /requests/handled", FORM),
        ("POST /sign-out", FORM),
    ] {
        let start = Instant::now();
        let mut s = TcpStream::connect(hub.addr).unwrap();
        send_head(&mut s, request, &[kind], eight_mib);
        let answer = read_answer(&mut s);
        assert_eq!((answer.status, answer.header("location")), (303, Some("/sign-in")), "{request}: {}", answer.body);
        assert!(start.elapsed() < Duration::from_secs(5), "{request} answered only after {:?}", start.elapsed());
        if request.starts_with("POST /content/") || request == "POST /requests/handled" {
            let mut s = TcpStream::connect(hub.addr).unwrap();
            send_head(&mut s, request, &[kind, ("Cookie", &desk)], eight_mib);
            let answer = read_answer(&mut s);
            assert_eq!(answer.status, 403, "the desk may not {request}: {}", answer.body);
        }
    }
    // Sent in full, the 8 MiB is still never buffered.
    let mut s = TcpStream::connect(hub.addr).unwrap();
    send_head(&mut s, "POST /content/draft/1/texts", &[FORM], eight_mib);
    let mut writer = s.try_clone().unwrap();
    let flood = std::thread::spawn(move || {
        let chunk = vec![b'x'; 64 * 1024];
        for _ in 0..eight_mib / chunk.len() {
            if writer.write_all(&chunk).is_err() {
                break;
            }
        }
    });
    // The hub answers and closes with the flood unread, so the reset may overtake its answer.
    s.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
    let mut answer = Vec::new();
    let _ = s.read_to_end(&mut answer);
    assert!(answer.is_empty() || answer.starts_with(b"HTTP/1.1 303"), "{}", String::from_utf8_lossy(&answer));
    drop(s);
    let _ = flood.join();
    let grown = hub.peak_memory().saturating_sub(before);
    assert!(grown < 24 * 1024 * 1024, "the hub grew by {} MiB", grown / (1024 * 1024));

    // Past the session check, a form is bounded by what its route needs (a few bytes over, so
    // that the hub has taken the whole body when it answers).
    let too_long = format!("csrf=x&t:sv:title={}", "a".repeat(1024 * 1024));
    let mut s = TcpStream::connect(hub.addr).unwrap();
    let answer = exchange(&mut s, "POST /content/draft/1/texts", &[FORM, ("Cookie", &editor)], too_long.as_bytes());
    assert_eq!(answer.status, 413, "{}", answer.body);
    let long_name = format!("name={}&password=x&csrf=x", "a".repeat(16 * 1024));
    let answer = exchange(&mut TcpStream::connect(hub.addr).unwrap(), "POST /sign-in", &[FORM], long_name.as_bytes());
    assert_eq!(answer.status, 413, "{}", answer.body);
}

#[test]
fn simultaneous_wrong_passwords_are_counted_before_they_are_checked_and_the_right_one_then_waits() {
    let dir = tempfile::tempdir().unwrap();
    let hub = Arc::new(Hub::start_with_accounts(dir.path(), &[("disk", "desk", "disken vid entrén 7")], &[]));
    let answers = Hub::sign_ins_at_once(&hub, 12, |n| ("disk".into(), format!("inte rätt {n}"), Ipv4Addr::LOCALHOST));
    let checked = answers.iter().filter(|s| **s == 401).count();
    assert!(answers.iter().all(|s| *s == 401 || *s == 429), "{answers:?}");
    assert_eq!(checked, 3, "three free tries on the account, however many arrive at once: {answers:?}");
    let right = hub.sign_in(&mut TcpStream::connect(hub.addr).unwrap(), "disk", "disken vid entrén 7");
    assert_eq!(right.status, 429, "the right password waits too: {}", right.body);
    let audit = HubStore::open(&hub.db).unwrap().audit_log(100).unwrap();
    assert_eq!(audit.iter().filter(|e| e.action == "sign-in failed").count(), 3, "{audit:?}");
    assert_eq!(audit.iter().filter(|e| e.action == "signed in").count(), 0);
}

#[test]
fn many_simultaneous_sign_ins_check_only_a_few_passwords_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let hub = Arc::new(Hub::start(dir.path(), &[]));
    // One try first, so that what the hub keeps after any check is in the baseline.
    let first = hub.sign_in(&mut connect_from(Ipv4Addr::new(127, 0, 1, 1), hub.addr), "ingen", "gissning");
    assert_eq!(first.status, 401);
    let before = hub.peak_memory();
    // Each from its own address and for its own name: no try is held back by the counts, so
    // only the bound on checks at once keeps the hub's memory down (19 MiB a check).
    let tries = 24;
    let start = Instant::now();
    let answers = Hub::sign_ins_at_once(&hub, tries, |n| {
        (format!("gissning{n}"), "inte rätt".into(), Ipv4Addr::new(127, 0, 2, n as u8 + 1))
    });
    let took = start.elapsed();
    let grown = hub.peak_memory().saturating_sub(before);
    eprintln!("{tries} simultaneous sign-ins: {answers:?} in {took:?}, the hub grew by {} MiB", grown >> 20);
    assert!(answers.iter().all(|s| *s == 401 || *s == 429), "{answers:?}");
    assert!(answers.iter().filter(|s| **s == 401).count() >= tries / 2, "most were checked: {answers:?}");
    // 24 checks at once would take 456 MiB; four at a time take 76.
    assert!(grown < 200 * 1024 * 1024, "the hub grew by {} MiB", grown >> 20);
}

/// A sign-in through the proxy at `proxy` for a client it saw at `client` (its X-Forwarded-For).
fn sign_in_through(hub: &Hub, proxy: Ipv4Addr, forwarded: &str, name: &str, password: &str) -> Answer {
    let token = hub.sign_in_token();
    let body = format!("name={name}&password={}&csrf={token}", password.replace(' ', "+"));
    let cookie = format!("torget_form={token}");
    let headers = [("Cookie", cookie.as_str()), ("X-Forwarded-For", forwarded), FORM];
    exchange(&mut connect_from(proxy, hub.addr), "POST /sign-in", &headers, body.as_bytes())
}

/// Behind a proxy every request came from the proxy's address: ten wrong passwords from anyone
/// held every member of staff back (issue 28). Only a trusted proxy's word is taken, and only for
/// the address it saw itself.
#[test]
fn staff_behind_a_trusted_proxy_are_counted_by_their_own_addresses_and_nobody_else_is_believed() {
    let dir = tempfile::tempdir().unwrap();
    let proxy = Ipv4Addr::new(127, 0, 0, 1);
    let hub = Hub::start_with_accounts(
        dir.path(),
        &[("disk", "desk", "disken vid entrén 7")],
        &["--trusted-proxy", "127.0.0.1", "--trusted-proxy", "127.0.0.9"],
    );
    for n in 0..10 {
        let answer = sign_in_through(&hub, proxy, "192.0.2.66", &format!("gissning{n}"), "inte rätt");
        assert_eq!(answer.status, 401, "{}", answer.body);
    }
    assert_eq!(sign_in_through(&hub, proxy, "192.0.2.66", "gissning", "inte rätt").status, 429, "the guesser waits");
    // What the guesser writes itself stands to the left of what the proxy saw.
    assert_eq!(sign_in_through(&hub, proxy, "192.0.2.7, 192.0.2.66", "gissning", "x").status, 429);
    assert_eq!(sign_in_through(&hub, proxy, "192.0.2.7", "disk", "disken vid entrén 7").status, 303, "staff do not");
    // A client that is not a trusted proxy is counted by its own address, whatever it writes.
    let direct = Ipv4Addr::new(127, 0, 0, 5);
    for n in 0..10 {
        let forwarded = format!("192.0.2.{}", 100 + n);
        assert_eq!(sign_in_through(&hub, direct, &forwarded, &format!("gissning{n}"), "inte rätt").status, 401);
    }
    assert_eq!(sign_in_through(&hub, direct, "192.0.2.200", "gissning", "inte rätt").status, 429);
    let audit = HubStore::open(&hub.db).unwrap().audit_log(100).unwrap();
    let from = |address: &str| audit.iter().filter(|e| e.subject == format!("from {address}")).count();
    assert_eq!((from("192.0.2.66"), from("127.0.0.5"), from("127.0.0.1")), (12, 11, 0), "{audit:?}");
    assert!(audit.iter().any(|e| e.action == "signed in" && e.subject == "from 192.0.2.7"));
}

/// The hub serving TLS itself, and behind a TLS proxy with `--secure-cookies`: Secure cookies and
/// Strict-Transport-Security; over plain HTTP without the option, neither.
#[test]
fn over_https_the_hub_marks_its_cookies_secure_and_forbids_plain_http() {
    let dir = tempfile::tempdir().unwrap();
    let (cert, key) = (dir.path().join("hub.crt"), dir.path().join("hub.key"));
    let made = std::process::Command::new("openssl")
        .args(["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-days", "1"])
        .args(["-subj", "/CN=localhost", "-keyout"])
        .arg(&key)
        .arg("-out")
        .arg(&cert)
        .output()
        .expect("openssl makes a test certificate");
    assert!(made.status.success(), "{}", String::from_utf8_lossy(&made.stderr));
    let tls_dir = dir.path().join("tls");
    std::fs::create_dir(&tls_dir).unwrap();
    let (cert, key) = (cert.to_str().unwrap(), key.to_str().unwrap());
    let tls = Hub::start(&tls_dir, &["--tls-cert", cert, "--tls-key", key]);
    let mut client = std::process::Command::new("openssl")
        .args(["s_client", "-quiet", "-connect", &tls.addr.to_string()])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    client.stdin.take().unwrap().write_all(b"GET /sign-in HTTP/1.1\r\nHost: hub\r\nConnection: close\r\n\r\n").unwrap();
    let answer = String::from_utf8_lossy(&client.wait_with_output().unwrap().stdout).into_owned();
    let head = answer.split("\r\n\r\n").next().unwrap_or("").to_ascii_lowercase();
    assert!(head.starts_with("http/1.1 200"), "{answer}");
    assert!(head.contains("strict-transport-security: max-age=31536000"), "{head}");
    assert!(head.lines().filter(|l| l.starts_with("set-cookie:")).all(|l| l.ends_with("; secure")), "{head}");

    for (name, args, https) in [("proxied", &["--secure-cookies"][..], true), ("plain", &[][..], false)] {
        let sub = dir.path().join(name);
        std::fs::create_dir(&sub).unwrap();
        let hub = Hub::start(&sub, args);
        let answer = exchange(&mut TcpStream::connect(hub.addr).unwrap(), "GET /sign-in", &[], b"");
        assert_eq!(answer.header("strict-transport-security").is_some(), https, "{name}: {}", answer.head);
        let cookie = answer.head.lines().find(|l| l.to_ascii_lowercase().starts_with("set-cookie:")).unwrap();
        assert_eq!(cookie.ends_with("; Secure"), https, "{name}: {cookie}");
    }
}

/// The form token of a signed-in session, as its Content page carries it.
fn form_token(hub: &Hub, session: &str) -> String {
    let page = exchange(&mut TcpStream::connect(hub.addr).unwrap(), "GET /content", &[("Cookie", session)], b"");
    let at = page.body.find(r#"name="csrf" value=""#).expect("the Content page has a form") + 19;
    page.body[at..].split('"').next().unwrap().to_string()
}

/// A content folder as the Content page's script sends it: `count` files of `bytes` bytes each.
fn upload_body(token: &str, count: usize, bytes: usize) -> Vec<u8> {
    use base64::Engine;
    let data = base64::engine::general_purpose::STANDARD.encode(vec![b'x'; bytes]);
    let files: serde_json::Map<String, serde_json::Value> =
        (0..count).map(|n| (format!("assets/pictograms/p{n}.svg"), data.clone().into())).collect();
    serde_json::to_vec(&serde_json::json!({ "csrf": token, "note": "många filer", "files": files })).unwrap()
}

/// Issue 28, item 8: 150 000 empty files in one upload held the hub's async threads for a minute.
#[test]
fn an_upload_with_more_files_than_a_content_folder_may_hold_is_refused_and_says_the_limit() {
    let dir = tempfile::tempdir().unwrap();
    let hub = Hub::start_with_accounts(dir.path(), &[("redaktor", "editor", "texter som kioskerna visar")], &[]);
    let editor = hub.session("redaktor", "texter som kioskerna visar");
    let token = form_token(&hub, &editor);
    let json = ("Content-Type", "application/json");
    let headers = [json, ("Cookie", editor.as_str())];
    let too_many = upload_body(&token, 5_001, 0);
    let answer = exchange(&mut TcpStream::connect(hub.addr).unwrap(), "POST /content/drafts", &headers, &too_many);
    assert_eq!(answer.status, 400, "{}", answer.body);
    assert!(answer.body.contains("at most 5000 files; this one has 5001"), "{}", answer.body);
    let enough = upload_body(&token, 5_000, 0);
    let answer = exchange(&mut TcpStream::connect(hub.addr).unwrap(), "POST /content/drafts", &headers, &enough);
    assert_eq!(answer.status, 200, "{}", answer.body);
}

/// Issue 28, item 8: uploads were unpacked on the async threads; while a few large ones were,
/// kiosks waited. Now `/v1/health` answers promptly throughout.
#[test]
fn kiosks_are_answered_while_large_uploads_are_unpacked() {
    let dir = tempfile::tempdir().unwrap();
    let hub = Hub::start_with_accounts(dir.path(), &[("redaktor", "editor", "texter som kioskerna visar")], &[]);
    let editor = hub.session("redaktor", "texter som kioskerna visar");
    let token = form_token(&hub, &editor);
    // Near the 32 MiB bound each: 5 000 files of 4 KiB.
    let body = Arc::new(upload_body(&token, 5_000, 4096));
    let uploads: Vec<_> = (0..3)
        .map(|_| {
            let (body, editor, addr) = (body.clone(), editor.clone(), hub.addr);
            std::thread::spawn(move || {
                let headers = [("Content-Type", "application/json"), ("Cookie", editor.as_str())];
                let start = Instant::now();
                let answer = exchange(&mut TcpStream::connect(addr).unwrap(), "POST /content/drafts", &headers, &body);
                (answer.status, start.elapsed())
            })
        })
        .collect();
    let mut slowest = Duration::ZERO;
    while !uploads.iter().all(|u| u.is_finished()) {
        let start = Instant::now();
        let health = exchange(&mut TcpStream::connect(hub.addr).unwrap(), "GET /v1/health", &[], b"");
        assert_eq!(health.status, 200);
        slowest = slowest.max(start.elapsed());
        std::thread::sleep(Duration::from_millis(20));
    }
    for upload in uploads {
        let (status, took) = upload.join().unwrap();
        assert_eq!(status, 200);
        eprintln!("an upload took {took:?}");
    }
    eprintln!("the slowest /v1/health during the uploads: {slowest:?}");
    assert!(slowest < Duration::from_millis(500), "/v1/health waited {slowest:?} during the uploads");
}
