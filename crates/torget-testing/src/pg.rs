//! A throw-away PostgreSQL server for a test: Debian's `postgresql` binaries, `initdb` in a temporary
//! folder, started with `pg_ctl` on a free port of 127.0.0.1 (and a socket in that folder), stopped
//! and removed when the test ends. No server of the machine is touched.

use std::path::{Path, PathBuf};
use std::process::Command;

pub struct PgCluster {
    dir: tempfile::TempDir,
    bin: PathBuf,
    pub port: u16,
    /// initdb refuses to run as root: then the server runs as the `postgres` system user.
    run_as: Option<&'static str>,
}

/// The newest `bin` folder of Debian's PostgreSQL packages.
fn bin_dir() -> Result<PathBuf, String> {
    let not_installed = "PostgreSQL is not installed: `make test` installs Debian's postgresql package";
    let mut versions: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .map_err(|_| not_installed.to_string())?
        .filter_map(|e| e.ok())
        .filter_map(|e| Some((e.file_name().to_str()?.parse().ok()?, e.path().join("bin"))))
        .filter(|(_, bin)| bin.join("initdb").exists())
        .collect();
    versions.sort();
    versions.pop().map(|(_, bin)| bin).ok_or_else(|| not_installed.to_string())
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

impl PgCluster {
    pub fn start() -> PgCluster {
        PgCluster::try_start().unwrap_or_else(|e| panic!("{e}"))
    }

    pub fn try_start() -> Result<PgCluster, String> {
        let bin = bin_dir()?;
        let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
        let is_root = effective_uid() == 0;
        let run_as = is_root.then_some("postgres");
        if is_root {
            let status = Command::new("chown").arg("postgres:postgres").arg(dir.path()).status();
            if !status.is_ok_and(|s| s.success()) {
                return Err("cannot hand the cluster folder to the postgres user".into());
            }
        }
        let cluster = PgCluster { dir, bin, port: free_port(), run_as };
        let data = cluster.data();
        cluster.run(
            "initdb",
            &["-D", data.to_str().unwrap(), "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C", "-N"],
        )?;
        let options = format!(
            "-c listen_addresses=127.0.0.1 -p {} -k {} -c max_connections=200 -c fsync=on",
            cluster.port,
            cluster.dir.path().display()
        );
        let log = cluster.dir.path().join("server.log");
        cluster.run(
            "pg_ctl",
            &["-D", data.to_str().unwrap(), "-l", log.to_str().unwrap(), "-o", &options, "-w", "-t", "60", "start"],
        )?;
        Ok(cluster)
    }

    fn data(&self) -> PathBuf {
        self.dir.path().join("data")
    }

    /// A PostgreSQL program, run as the server's user.
    fn command(&self, program: &str) -> Command {
        let exe = self.bin.join(program);
        match self.run_as {
            Some(user) => {
                let mut c = Command::new("runuser");
                c.args(["-u", user, "--"]).arg(&exe);
                c
            }
            None => Command::new(&exe),
        }
    }

    fn run(&self, program: &str, args: &[&str]) -> Result<(), String> {
        let out = self
            .command(program)
            .args(args)
            .current_dir(self.dir.path())
            .output()
            .map_err(|e| format!("{program}: {e}"))?;
        if out.status.success() {
            Ok(())
        } else {
            Err(format!(
                "{program} failed: {}\n{}",
                String::from_utf8_lossy(&out.stderr),
                std::fs::read_to_string(self.dir.path().join("server.log")).unwrap_or_default()
            ))
        }
    }

    /// The address of a new, empty database on this server.
    pub fn new_database(&self, name: &str) -> String {
        let out = Command::new(self.bin.join("psql"))
            .args(["-h", "127.0.0.1", "-p", &self.port.to_string(), "-U", "postgres", "-d", "postgres", "-c"])
            .arg(format!("CREATE DATABASE \"{name}\""))
            .output()
            .unwrap();
        assert!(out.status.success(), "create database: {}", String::from_utf8_lossy(&out.stderr));
        format!("postgres://postgres@127.0.0.1:{}/{name}", self.port)
    }

    /// The one value a query on the `postgres` database gives (psql's unaligned output).
    pub fn sql(&self, query: &str) -> Result<String, String> {
        let out = Command::new(self.bin.join("psql"))
            .args(["-h", "127.0.0.1", "-p", &self.port.to_string(), "-U", "postgres", "-d", "postgres", "-At", "-c"])
            .arg(query)
            .output()
            .map_err(|e| e.to_string())?;
        if out.status.success() {
            Ok(String::from_utf8_lossy(&out.stdout).trim().to_string())
        } else {
            Err(String::from_utf8_lossy(&out.stderr).into_owned())
        }
    }

    pub fn folder(&self) -> &Path {
        self.dir.path()
    }
}

impl Drop for PgCluster {
    fn drop(&mut self) {
        let data = self.data();
        let _ = self.command("pg_ctl").args(["-D", data.to_str().unwrap(), "-m", "immediate", "-w", "stop"]).output();
    }
}

fn effective_uid() -> u32 {
    // The effective user, from /proc (no libc binding needed for one number).
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| s.lines().find(|l| l.starts_with("Uid:")).and_then(|l| l.split_whitespace().nth(2)?.parse().ok()))
        .unwrap_or(u32::MAX)
}
