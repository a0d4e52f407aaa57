//! Debian's Chromium driven over WebDriver (chromedriver on a free port of 127.0.0.1), for the
//! tests of the hub's pages; also used by the kiosk's tests of the inbox.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::workspace;

/// Where every test saves its screenshots of web pages: the workspace's `target/screenshots/web`.
pub fn screenshots() -> PathBuf {
    workspace().join("target/screenshots/web")
}

/// axe-core, checked against its recorded checksum (see `tests/vendor/README.md`).
fn axe_source() -> String {
    let vendor = workspace().join("crates/torget-hub/tests/vendor");
    let check = std::process::Command::new("sha256sum")
        .args(["--check", "--quiet", "SHA256SUMS"])
        .current_dir(&vendor)
        .output();
    let check = check.expect("sha256sum runs");
    assert!(
        check.status.success(),
        "the vendored axe-core does not match its checksums: {}",
        String::from_utf8_lossy(&check.stdout)
    );
    std::fs::read_to_string(vendor.join("axe-core-4.14.1/axe.min.js")).unwrap()
}

/// Debian's chromedriver on a free port of 127.0.0.1 with one headless Chromium session; both stop
/// when dropped. Spoken to in WebDriver's JSON over plain HTTP.
pub struct Chromium {
    driver: std::process::Child,
    port: u16,
    session: String,
    /// The browser's home, configuration, cache and profile: nothing of root's home is read or left.
    _home: tempfile::TempDir,
}

impl Chromium {
    pub fn start() -> Chromium {
        Chromium::start_saving_to(None)
    }

    /// A browser that saves downloads in `downloads` without asking.
    pub fn start_saving_to(downloads: Option<&Path>) -> Chromium {
        let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let home = tempfile::tempdir().unwrap();
        let profile = home.path().join("profile");
        let driver = std::process::Command::new("chromedriver")
            .arg(format!("--port={port}"))
            .env("HOME", home.path())
            .env("XDG_CONFIG_HOME", home.path().join("config"))
            .env("XDG_CACHE_HOME", home.path().join("cache"))
            .env("XDG_DATA_HOME", home.path().join("data"))
            .env_remove("DBUS_SESSION_BUS_ADDRESS")
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("chromedriver is installed (make test installs chromium-driver)");
        let mut browser = Chromium { driver, port, session: String::new(), _home: home };
        let start = Instant::now();
        while browser.raw("GET", "/status", None).is_none_or(|s| s["value"]["ready"] != true) {
            assert!(start.elapsed() < Duration::from_secs(20), "chromedriver did not start");
            std::thread::sleep(Duration::from_millis(50));
        }
        let prefs = downloads.map_or(
            serde_json::json!({}),
            |dir| serde_json::json!({"download.default_directory": dir, "download.prompt_for_download": false}),
        );
        let capabilities = serde_json::json!({"capabilities": {"alwaysMatch": {"browserName": "chrome",
            "goog:chromeOptions": {"binary": "/usr/bin/chromium", "prefs": prefs,
                "args": ["--headless", "--no-sandbox", "--disable-gpu", "--window-size=1280,900",
                    format!("--user-data-dir={}", profile.display()), "--no-first-run",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync"]}}}});
        let created = browser.raw("POST", "/session", Some(capabilities)).expect("a browser session");
        browser.session = created["value"]["sessionId"].as_str().expect("a session id").to_string();
        browser
    }

    /// One WebDriver call; `None` when chromedriver does not answer (yet).
    pub fn raw(&self, method: &str, path: &str, body: Option<serde_json::Value>) -> Option<serde_json::Value> {
        use std::io::{Read, Write};
        let mut stream = std::net::TcpStream::connect(("127.0.0.1", self.port)).ok()?;
        stream.set_read_timeout(Some(Duration::from_secs(60))).unwrap();
        let body = body.map(|b| b.to_string()).unwrap_or_default();
        let request = format!(
            "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
            self.port,
            body.len()
        );
        stream.write_all(request.as_bytes()).ok()?;
        // chromedriver keeps the connection open: read the head, then as many bytes as it says.
        let mut answer = Vec::new();
        let mut byte = [0u8; 1];
        while !answer.ends_with(b"\r\n\r\n") {
            stream.read_exact(&mut byte).ok()?;
            answer.push(byte[0]);
        }
        let head = String::from_utf8(answer).ok()?.to_ascii_lowercase();
        let length = head
            .lines()
            .find_map(|l| l.strip_prefix("content-length:"))
            .and_then(|v| v.trim().parse::<usize>().ok())?;
        let mut body = vec![0u8; length];
        stream.read_exact(&mut body).ok()?;
        let decoded = String::from_utf8(body).ok()?;
        serde_json::from_str(&decoded).ok()
    }

    pub fn call(&self, method: &str, path: &str, body: serde_json::Value) -> serde_json::Value {
        let path = format!("/session/{}{path}", self.session);
        let answer = self.raw(method, &path, (method == "POST").then_some(body)).expect("chromedriver answers");
        assert!(answer["value"]["error"].is_null(), "{method} {path}: {answer}");
        answer["value"].clone()
    }

    pub fn go(&self, url: &str) {
        self.call("POST", "/url", serde_json::json!({ "url": url }));
    }

    pub fn script(&self, script: &str) -> serde_json::Value {
        self.call("POST", "/execute/sync", serde_json::json!({ "script": script, "args": [] }))
    }

    pub fn element(&self, css: &str) -> String {
        let found = self.call("POST", "/element", serde_json::json!({ "using": "css selector", "value": css }));
        found.as_object().and_then(|o| o.values().next()).and_then(|v| v.as_str()).expect("an element").to_string()
    }

    pub fn type_into(&self, css: &str, text: &str) {
        let id = self.element(css);
        self.call("POST", &format!("/element/{id}/value"), serde_json::json!({ "text": text }));
    }

    /// Empties a field, then types `text` into it.
    pub fn replace_text(&self, css: &str, text: &str) {
        let id = self.element(css);
        self.call("POST", &format!("/element/{id}/clear"), serde_json::json!({}));
        self.call("POST", &format!("/element/{id}/value"), serde_json::json!({ "text": text }));
    }

    /// Clicks the element `css` finds. A page that redraws itself (the desk page, every second) may
    /// replace it between finding and clicking: then it is found again.
    pub fn click(&self, css: &str) {
        let start = Instant::now();
        loop {
            let id = self.element(css);
            let path = format!("/session/{}/element/{id}/click", self.session);
            let answer = self.raw("POST", &path, Some(serde_json::json!({}))).expect("chromedriver answers");
            match answer["value"]["error"].as_str() {
                None => return,
                Some("stale element reference") if start.elapsed() < Duration::from_secs(10) => continue,
                Some(_) => panic!("click on {css}: {answer}"),
            }
        }
    }

    /// Waits until `script` returns true in the page.
    pub fn wait_until(&self, what: &str, script: &str) {
        self.wait_within(what, script, Duration::from_secs(20));
    }

    /// Waits until `script` returns true, failing the test with `what` after `deadline`.
    pub fn wait_within(&self, what: &str, script: &str, deadline: Duration) {
        let start = Instant::now();
        while self.script(script) != serde_json::Value::Bool(true) {
            assert!(start.elapsed() < deadline, "{what}: not within {deadline:?}");
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// The browser window's size in CSS pixels, as a phone's (390×844) or a desk's (1366×768).
    pub fn resize(&self, width: u32, height: u32) {
        self.call("POST", "/window/rect", serde_json::json!({ "width": width, "height": height }));
        self.wait_until("the window to take its size", &format!("return window.innerWidth === {width}"));
    }

    /// What axe-core finds on the page against the WCAG 2.2 A and AA rules: one line per rule
    /// broken, with where. Empty when the page passes.
    pub fn accessibility_problems(&self) -> Vec<String> {
        self.call(
            "POST",
            "/execute/sync",
            serde_json::json!({ "script": format!("{};\nreturn true;", axe_source()), "args": [] }),
        );
        let found = self.call(
            "POST",
            "/execute/async",
            serde_json::json!({ "script": "const done = arguments[arguments.length - 1];
                axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] } })
                  .then(r => done({ passed: r.passes.length, violations: r.violations.map(v => v.id + ' (' + v.impact + '): ' + v.nodes.map(n => n.target.join(' ')).join(', ')) }))
                  .catch(e => done({ passed: 0, violations: ['axe failed: ' + e] }));", "args": [] }),
        );
        assert!(found["passed"].as_u64().unwrap_or(0) > 5, "axe checked the page: {found}");
        found["violations"]
            .as_array()
            .expect("a list")
            .iter()
            .map(|v| v.as_str().unwrap_or_default().to_string())
            .collect()
    }

    /// Chooses `file` in a file input, as a person would in the browser's file dialog.
    pub fn choose_file(&self, css: &str, file: &Path) {
        self.type_into(css, file.to_str().expect("a UTF-8 path"));
    }

    /// The page printed to PDF by the browser's own print (WebDriver's Print Page).
    pub fn print_pdf(&self) -> Vec<u8> {
        use base64::Engine;
        let pdf = self.call("POST", "/print", serde_json::json!({ "background": false }));
        base64::engine::general_purpose::STANDARD.decode(pdf.as_str().expect("a PDF in base64")).unwrap()
    }

    pub fn screenshot(&self, name: &str) {
        use base64::Engine;
        let png = self.call("GET", "/screenshot", serde_json::Value::Null);
        let bytes = base64::engine::general_purpose::STANDARD.decode(png.as_str().unwrap()).unwrap();
        let dir = screenshots();
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join(format!("{name}.png")), bytes).unwrap();
    }
}

impl Drop for Chromium {
    fn drop(&mut self) {
        let _ = self.raw("DELETE", &format!("/session/{}", self.session), None);
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}
