//! A real `torget-hub serve` process for a test: on a free port of 127.0.0.1, with a SQLite
//! database of its own holding one kiosk credential and the accounts asked for, its log in a file;
//! stopped when dropped. For the tests that need the process itself: its memory, its log, its
//! bound on connections.
// Each test binary that includes this uses only part of it.
#![allow(dead_code)]

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use torget_hub::accounts::hash_password;
use torget_hub::store::HubStore;
use torget_testing::HubProcess;

pub struct Hub {
    process: HubProcess,
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
        let addr = torget_testing::free_address();
        let mut command = Command::new(env!("CARGO_BIN_EXE_torget-hub"));
        command
            .arg("--db")
            .arg(&db)
            .env("TORGET_LOG", "info")
            .stdout(Stdio::null())
            .stderr(std::fs::File::create(&log).unwrap());
        let process = HubProcess::start(command, addr, args);
        Hub { process, addr, token, db, log }
    }

    pub fn log(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    /// Highest resident memory the hub process has had, in bytes.
    pub fn peak_memory(&self) -> u64 {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.process.id())).unwrap();
        let line = status.lines().find(|l| l.starts_with("VmHWM:")).unwrap();
        line.split_whitespace().nth(1).unwrap().parse::<u64>().unwrap() * 1024
    }
}
