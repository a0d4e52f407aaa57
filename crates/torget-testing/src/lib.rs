//! What the tests of Torget's crates share, each fixture a real component started for one test
//! and gone after it, on loopback only: a throw-away PostgreSQL server ([`pg`]), Debian's Chromium
//! over WebDriver ([`chromium`]), a `torget-hub` process ([`HubProcess`]), the demo content
//! ([`workspace`], [`content_files`]), and waiting on a condition with a deadline ([`wait_for`]).
//! Only tests depend on this crate.

use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command};
use std::time::{Duration, Instant};

pub mod chromium;
pub mod pg;
pub mod radicale;

/// Polls `check` until it gives a value, failing the test with `what` after `deadline`.
pub fn wait_for<T>(what: &str, deadline: Duration, mut check: impl FnMut() -> Option<T>) -> T {
    let until = Instant::now() + deadline;
    loop {
        if let Some(v) = check() {
            return v;
        }
        assert!(Instant::now() < until, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// The workspace's folder (the one with `Cargo.lock`), which holds the demo content (`assets/`,
/// `locales/`).
pub fn workspace() -> PathBuf {
    let mut dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    while !dir.join("Cargo.lock").exists() && dir.pop() {}
    dir
}

/// The demo content's files (`assets/…`, `locales/…`) by their paths relative to the content's
/// folder, as a bundle or a tree in memory holds them.
pub fn content_files() -> Vec<(String, Vec<u8>)> {
    fn walk(root: &Path, dir: &Path, out: &mut Vec<(String, Vec<u8>)>) {
        let mut entries: Vec<PathBuf> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
        entries.sort();
        for path in entries {
            if path.is_dir() {
                walk(root, &path, out);
            } else {
                let rel = path.strip_prefix(root).unwrap().to_string_lossy().into_owned();
                out.push((rel, std::fs::read(&path).unwrap()));
            }
        }
    }
    let root = workspace();
    let mut files = Vec::new();
    walk(&root, &root.join("assets"), &mut files);
    walk(&root, &root.join("locales"), &mut files);
    files
}

/// Waits until something listens on `addr`, failing the test with `what` after 20 s.
pub fn wait_until_listening(addr: SocketAddr, what: &str) {
    wait_for(what, Duration::from_secs(20), || TcpStream::connect(addr).ok());
}

/// A free port of 127.0.0.1 (bound and let go).
pub fn free_address() -> SocketAddr {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap()
}

/// A real `torget-hub` process serving on a loopback address, killed (SIGKILL, as a failing host)
/// when dropped.
pub struct HubProcess {
    child: Child,
    pub addr: SocketAddr,
}

impl HubProcess {
    /// `binary serve --listen ADDR` with `command`'s arguments and environment before `serve`
    /// (`--db …`, `TORGET_HUB_DATABASE`), and `extra` after it; waits until it listens.
    pub fn start(mut command: Command, addr: SocketAddr, extra: &[&str]) -> HubProcess {
        let child = command.args(["serve", "--listen", &addr.to_string()]).args(extra).spawn().unwrap();
        let hub = HubProcess { child, addr };
        wait_until_listening(addr, "torget-hub to listen");
        hub
    }

    /// The process's id, to read its memory from `/proc`.
    pub fn id(&self) -> u32 {
        self.child.id()
    }
}

impl Drop for HubProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
