//! The Debian packages as a municipality's IT installs them: built by `scripts/build-deb` from the
//! binaries of this build, inspected with `dpkg-deb`, their units checked by `systemd-analyze`, and
//! the kiosk package installed on this machine, used, upgraded and removed again.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::Mutex;

/// dpkg takes one installation at a time.
static DPKG: Mutex<()> = Mutex::new(());

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn run(command: &mut Command) -> Output {
    let out = command.output().unwrap_or_else(|e| panic!("{command:?}: {e}"));
    assert!(
        out.status.success(),
        "{command:?} failed:\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

fn text(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Both packages at `version`, built from this build's binaries (gzip: quicker than xz).
fn build_packages(out: &Path, version: &str) -> (PathBuf, PathBuf) {
    let bin_dir = Path::new(env!("CARGO_BIN_EXE_torget")).parent().unwrap();
    assert!(common::hub_binary().starts_with(bin_dir), "the hub is built beside the kiosk");
    run(Command::new(root().join("scripts/build-deb"))
        .arg(bin_dir)
        .arg(out)
        .arg(version)
        .env("DEB_COMPRESSION", "gzip"));
    let arch = text(&run(Command::new("dpkg").arg("--print-architecture"))).trim().to_string();
    (out.join(format!("torget_{version}_{arch}.deb")), out.join(format!("torget-hub_{version}_{arch}.deb")))
}

fn field(deb: &Path, name: &str) -> String {
    text(&run(Command::new("dpkg-deb").arg("--field").arg(deb).arg(name))).trim().to_string()
}

/// Libraries and packages of the kiosk's screen, input and speech, which the hub must never need.
const KIOSK_ONLY: &[&str] = &["x11", "xcb", "wayland", "fontconfig", "xkbcommon", "speech", "pulse", "cage", "libgl"];

#[test]
fn the_packages_hold_their_files_and_the_hub_none_of_the_kiosks_libraries() {
    let dir = tempfile::tempdir().unwrap();
    let (kiosk, hub) = build_packages(dir.path(), "0.1.0");

    let files = text(&run(Command::new("dpkg-deb").arg("--contents").arg(&kiosk)));
    for path in [
        "./usr/bin/torget",
        "./etc/torget/config.toml",
        "./lib/systemd/system/torget-kiosk.service",
        "./usr/share/torget/assets/languages.toml",
        "./usr/share/torget/locales/ar/ui.ftl",
        "./usr/share/doc/torget/copyright",
    ] {
        assert!(files.contains(path), "{path} is missing from the kiosk package:\n{files}");
    }
    assert!(files.lines().any(|l| l.starts_with("-rw-r-----") && l.ends_with("./etc/torget/config.toml")));
    let depends = field(&kiosk, "Depends");
    for needed in ["cage", "speech-dispatcher-espeak-ng", "pulseaudio", "fonts-noto-core", "adduser"] {
        assert!(depends.contains(needed), "the kiosk needs {needed}: {depends}");
    }

    let files = text(&run(Command::new("dpkg-deb").arg("--contents").arg(&hub)));
    for path in ["./usr/bin/torget-hub", "./etc/torget-hub/torget-hub.env", "./lib/systemd/system/torget-hub.service"] {
        assert!(files.contains(path), "{path} is missing from the hub package:\n{files}");
    }
    assert!(!files.contains("/usr/share/torget/"), "no kiosk content in the hub package");
    let depends = field(&hub, "Depends").to_lowercase();
    for library in KIOSK_ONLY {
        assert!(!depends.contains(library), "the hub package depends on {library}: {depends}");
    }
    for package in [&kiosk, &hub] {
        let conffiles = text(&run(Command::new("dpkg-deb").arg("--info").arg(package).arg("conffiles")));
        assert!(conffiles.starts_with("/etc/"), "a changed configuration survives upgrades: {conffiles:?}");
    }

    // The hub's program links nothing of the kiosk's either.
    let unpacked = dir.path().join("hub-root");
    run(Command::new("dpkg-deb").arg("--extract").arg(&hub).arg(&unpacked));
    let libraries = text(&run(Command::new("ldd").arg(unpacked.join("usr/bin/torget-hub")))).to_lowercase();
    for library in KIOSK_ONLY {
        assert!(!libraries.contains(library), "torget-hub links {library}:\n{libraries}");
    }
    let unit = std::fs::read_to_string(unpacked.join("lib/systemd/system/torget-hub.service")).unwrap();
    for hardening in [
        "ProtectSystem=strict",
        "ReadWritePaths=/var/lib/torget-hub",
        "NoNewPrivileges=yes",
        "PrivateTmp=yes",
        "SystemCallFilter=@system-service",
        "CapabilityBoundingSet=",
        "Restart=on-failure",
    ] {
        assert!(unit.contains(hardening), "torget-hub.service lacks {hardening}");
    }
}

/// Runs `args` of the installed kiosk as its own user, with the installed configuration.
fn as_kiosk_user(args: &[&str]) -> Output {
    Command::new("runuser")
        .args(["-u", "torget", "--", "/usr/bin/torget", "--config", "/etc/torget/config.toml"])
        .args(args)
        .env("TORGET_LOG", "warn")
        .output()
        .unwrap()
}

#[test]
fn installed_the_units_verify_and_an_upgrade_keeps_the_queue_and_the_changed_configuration() {
    let is_root = text(&run(Command::new("id").arg("-u"))).trim() == "0";
    assert!(is_root, "installing packages needs root (make test runs as root on CI machines)");
    let _one = DPKG.lock().unwrap_or_else(|p| p.into_inner());
    let dir = tempfile::tempdir().unwrap();
    let (kiosk, hub) = build_packages(&dir.path().join("0.1.0"), "0.1.0");
    // Left over from an interrupted run: start from nothing.
    let _ = Command::new("dpkg").args(["--purge", "torget", "torget-hub"]).output();
    run(Command::new("dpkg").arg("--install").arg(&kiosk).arg(&hub));
    let installed = Installed;

    // The users, the private data folders and configuration.
    use std::os::unix::fs::{MetadataExt, PermissionsExt};
    for (folder, user) in [("/var/lib/torget", "torget"), ("/var/lib/torget-hub", "torget-hub")] {
        let meta = std::fs::metadata(folder).unwrap();
        assert_eq!(meta.permissions().mode() & 0o777, 0o700, "{folder}");
        let uid = text(&run(Command::new("id").args(["-u", user]))).trim().parse::<u32>().unwrap();
        assert_eq!(meta.uid(), uid, "{folder} belongs to {user}");
    }
    assert_eq!(std::fs::metadata("/etc/torget/config.toml").unwrap().permissions().mode() & 0o777, 0o640);

    // systemd accepts both units as installed (with the programs they start in place).
    run(Command::new("systemd-analyze").args([
        "verify",
        "/lib/systemd/system/torget-hub.service",
        "/lib/systemd/system/torget-kiosk.service",
    ]));

    // IT puts the municipality's key into the configuration; a visitor's requests wait in the queue.
    let key = torget::seal::OpeningKey::generate();
    let mut config = std::fs::read_to_string("/etc/torget/config.toml").unwrap();
    config.push_str(&format!("\n# Set by IT.\npublic_key = \"{}\"\n", key.sealing_key().to_base64()));
    std::fs::write("/etc/torget/config.toml", &config).unwrap();
    let soak = as_kiosk_user(&["soak", "--visits", "3"]);
    assert!(soak.status.success(), "{}", String::from_utf8_lossy(&soak.stderr));
    assert_eq!(text(&soak).lines().filter(|l| l.starts_with("shown ")).count(), 3);

    // The upgrade: the queue is intact, the changed configuration kept.
    let (kiosk_2, hub_2) = build_packages(&dir.path().join("0.1.1"), "0.1.1");
    run(Command::new("dpkg").args(["--force-confold", "--install"]).arg(&kiosk_2).arg(&hub_2));
    assert_eq!(text(&run(Command::new("dpkg-query").args(["-W", "-f=${Version}", "torget"]))), "0.1.1");
    assert_eq!(std::fs::read_to_string("/etc/torget/config.toml").unwrap(), config, "the configuration is IT's");
    let status = as_kiosk_user(&["status"]);
    assert!(status.status.success(), "{}", String::from_utf8_lossy(&status.stderr));
    assert!(text(&status).contains("not delivered 3 (waiting 3"), "{}", text(&status));

    // A store written by a newer version is refused with a clear message, never rewritten.
    let db = "/var/lib/torget/kiosk.db";
    rusqlite::Connection::open(db).unwrap().pragma_update(None, "user_version", 999).unwrap();
    let older = as_kiosk_user(&["status"]);
    assert!(!older.status.success());
    let said = String::from_utf8_lossy(&older.stderr);
    assert!(said.contains("newer"), "{said}");
    let version: i64 =
        rusqlite::Connection::open(db).unwrap().query_row("PRAGMA user_version", [], |r| r.get(0)).unwrap();
    assert_eq!(version, 999, "untouched");
    drop(installed);
}

/// Purges both packages when the test ends, however it ends.
struct Installed;

impl Drop for Installed {
    fn drop(&mut self) {
        let _ = Command::new("dpkg").args(["--purge", "torget", "torget-hub"]).output();
    }
}
