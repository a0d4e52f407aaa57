//! A throw-away CalDAV server: Debian's `radicale` on loopback, its collections in a temp folder,
//! with one account, stopped when dropped.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use base64::Engine;

pub const USER: &str = "radgivare";
pub const PASSWORD: &str = "kalender-lösen-7";

pub struct Radicale {
    child: Child,
    pub addr: SocketAddr,
    folder: tempfile::TempDir,
}

impl Radicale {
    /// Starts `radicale` (installed by the Makefile) and waits until it listens.
    pub fn start() -> Radicale {
        let folder = tempfile::tempdir().unwrap();
        let addr = crate::free_address();
        std::fs::write(folder.path().join("users"), format!("{USER}:{PASSWORD}\n")).unwrap();
        let config = format!(
            "[server]\nhosts = {addr}\n[auth]\ntype = htpasswd\nhtpasswd_filename = {users}\nhtpasswd_encryption = plain\n\
             [storage]\nfilesystem_folder = {collections}\n[rights]\ntype = owner_only\n[logging]\nlevel = warning\n",
            users = folder.path().join("users").display(),
            collections = folder.path().join("collections").display(),
        );
        std::fs::write(folder.path().join("config"), config).unwrap();
        let child = Command::new("radicale")
            .arg("--config")
            .arg(folder.path().join("config"))
            // Its own home: nothing of the machine's user is read.
            .env("HOME", folder.path())
            .env("XDG_CONFIG_HOME", folder.path())
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("radicale is installed (make deps)");
        crate::wait_until_listening(addr, "radicale to listen");
        Radicale { child, addr, folder }
    }

    pub fn folder(&self) -> &Path {
        self.folder.path()
    }

    /// The address of the account's calendar `name`.
    pub fn calendar_url(&self, name: &str) -> String {
        format!("http://{}/{USER}/{name}/", self.addr)
    }

    /// One request with the account's credentials; the status and the body.
    pub fn request(&self, method: &str, path: &str, headers: &[(&str, &str)], body: &str) -> (u16, String) {
        let mut s = TcpStream::connect(self.addr).unwrap();
        s.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
        let auth = base64::engine::general_purpose::STANDARD.encode(format!("{USER}:{PASSWORD}"));
        let mut head = format!(
            "{method} {path} HTTP/1.1\r\nHost: {}\r\nAuthorization: Basic {auth}\r\nConnection: close\r\nContent-Length: {}\r\n",
            self.addr,
            body.len()
        );
        for (name, value) in headers {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
        head.push_str("\r\n");
        s.write_all(head.as_bytes()).unwrap();
        s.write_all(body.as_bytes()).unwrap();
        let mut answer = Vec::new();
        let _ = s.read_to_end(&mut answer);
        let text = String::from_utf8_lossy(&answer).into_owned();
        let status = text.get(9..12).and_then(|c| c.parse().ok()).unwrap_or(0);
        let body = text.split_once("\r\n\r\n").map(|(_, b)| b.to_string()).unwrap_or_default();
        (status, body)
    }

    /// A hub's bookings file in `dir` for one resource, `budget-advice`, on calendar `name` with
    /// this server's account: meetings of 30 minutes, 09:00–12:00 and 13:00–16:00 every day in
    /// `zone`, three days ahead, an hour's notice, holds of ten minutes.
    pub fn bookings_file(&self, dir: &Path, name: &str, zone: &str) -> std::path::PathBuf {
        std::fs::write(dir.join("caldav-password"), format!("{PASSWORD}\n")).unwrap();
        let hours =
            ["mon", "tue", "wed", "thu", "fri", "sat", "sun"].map(|d| format!("{d} = \"09:00-12:00, 13:00-16:00\""));
        let file = dir.join("bookings.toml");
        std::fs::write(
            &file,
            format!(
                "time_zone = \"{zone}\"\nhold_minutes = 10\n\n[[resource]]\nid = \"budget-advice\"\ncalendar = \"{}\"\n\
                 user = \"{USER}\"\npassword_file = \"{}\"\nminutes = 30\ndays_ahead = 3\nnotice_minutes = 60\n\
                 hours = {{ {} }}\n",
                self.calendar_url(name),
                dir.join("caldav-password").display(),
                hours.join(", ")
            ),
        )
        .unwrap();
        file
    }

    /// Makes the calendar `name`.
    pub fn make_calendar(&self, name: &str) {
        let (status, body) = self.request("MKCALENDAR", &format!("/{USER}/{name}/"), &[], "");
        assert_eq!(status, 201, "MKCALENDAR {name}: {body}");
    }

    /// Puts an event (a whole `VCALENDAR` text) into calendar `name` as `uid.ics`.
    pub fn put_event(&self, name: &str, uid: &str, ics: &str) {
        let (status, body) =
            self.request("PUT", &format!("/{USER}/{name}/{uid}.ics"), &[("Content-Type", "text/calendar")], ics);
        assert!(status == 201 || status == 204, "PUT {uid}: {status} {body}");
    }

    /// Every event of calendar `name`, as the server stores them (`.ics` texts by file name).
    pub fn events(&self, name: &str) -> Vec<(String, String)> {
        let folder = self.folder.path().join("collections/collection-root").join(USER).join(name);
        let mut found: Vec<(String, String)> = std::fs::read_dir(&folder)
            .map(|entries| {
                entries
                    .flatten()
                    .filter(|e| e.file_name().to_string_lossy().ends_with(".ics"))
                    .map(|e| (e.file_name().to_string_lossy().into_owned(), std::fs::read_to_string(e.path()).unwrap()))
                    .collect()
            })
            .unwrap_or_default();
        found.sort();
        found
    }
}

impl Drop for Radicale {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
