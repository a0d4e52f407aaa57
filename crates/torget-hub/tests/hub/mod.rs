//! A real `torget-hub serve` process for a test: on a free port of 127.0.0.1, with a SQLite
//! database of its own holding one kiosk credential and the accounts asked for, its log in a file;
//! stopped when dropped. For the tests that need the process itself: its memory, its log, its
//! bound on connections.
// Each test binary that includes this uses only part of it.
#![allow(dead_code)]

use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use torget_hub::accounts::hash_password;
use torget_hub::store::HubStore;

pub struct Hub {
    child: Child,
    pub addr: SocketAddr,
    /// The kiosk credential, for `Authorization: Bearer …`.
    pub token: String,
    pub db: PathBuf,
    log: PathBuf,
}

impl Hub {
    /// The hub serving with `args` after `serve --listen ADDR`.
    pub fn start(dir: &Path, args: &[&str]) -> Hub {
        Hub::start_with_accounts(dir, &[], args)
    }

    /// The hub with these accounts (name, role, password) added first.
    pub fn start_with_accounts(dir: &Path, accounts: &[(&str, &str, &str)], args: &[&str]) -> Hub {
        let db = dir.join("hub.db");
        let mut store = HubStore::open(&db).unwrap();
        let token = store.add_kiosk("library-1").unwrap();
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
        let hub = Hub { child, addr, token, db, log };
        let start = Instant::now();
        while TcpStream::connect(addr).is_err() {
            assert!(start.elapsed() < Duration::from_secs(20), "the hub did not start: {}", hub.log());
            std::thread::sleep(Duration::from_millis(20));
        }
        hub
    }

    pub fn log(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    /// Highest resident memory the hub process has had, in bytes.
    pub fn peak_memory(&self) -> u64 {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id())).unwrap();
        let line = status.lines().find(|l| l.starts_with("VmHWM:")).unwrap();
        line.split_whitespace().nth(1).unwrap().parse::<u64>().unwrap() * 1024
    }
}

impl Drop for Hub {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
