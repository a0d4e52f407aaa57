//! The `torget` binary as an operator uses it.

use std::path::{Path, PathBuf};
use std::process::Command;

fn torget() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_torget"));
    c.env_remove("DISPLAY").env_remove("WAYLAND_DISPLAY").env("TORGET_LOG", "error");
    for (k, _) in std::env::vars() {
        if k.starts_with("TORGET_") && k != "TORGET_LOG" {
            c.env_remove(k);
        }
    }
    c
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn config(dir: &Path, content: &Path) -> PathBuf {
    let key = torget::seal::OpeningKey::generate().sealing_key().to_base64();
    let path = dir.join("config.toml");
    std::fs::write(
        &path,
        format!("content_dir = {:?}\ndata_dir = \"data\"\npublic_key = \"{key}\"\n", content.display().to_string()),
    )
    .unwrap();
    path
}

#[test]
fn lint_passes_on_the_bundled_content() {
    let out = torget().arg("lint").arg(root()).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stdout));
}

#[test]
fn the_kiosk_refuses_broken_content_with_the_linters_message() {
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().join("content");
    std::fs::create_dir_all(&content).unwrap();
    for sub in ["assets", "locales"] {
        assert!(Command::new("cp").arg("-r").arg(root().join(sub)).arg(content.join(sub)).status().unwrap().success());
    }
    let service = content.join("assets/services/report-fault.toml");
    let text = std::fs::read_to_string(&service).unwrap().replace("kind = \"phone\"", "kind = \"telephone\"");
    std::fs::write(&service, text).unwrap();

    let lint = torget().arg("lint").arg(&content).output().unwrap();
    assert_eq!(lint.status.code(), Some(1));
    let lint_out = String::from_utf8_lossy(&lint.stdout);
    let first = lint_out.lines().next().unwrap().to_string();
    assert!(first.contains("report-fault.toml:") && first.contains("telephone"), "{lint_out}");

    let run = torget().arg("--config").arg(config(dir.path(), &content)).output().unwrap();
    assert!(!run.status.success());
    let err = String::from_utf8_lossy(&run.stderr);
    assert!(err.contains(&first), "the kiosk says what lint says:\n{err}");
}

#[test]
fn without_a_display_the_kiosk_says_how_to_run_it() {
    let dir = tempfile::tempdir().unwrap();
    let out = torget().arg("--config").arg(config(dir.path(), &root())).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.trim().lines().count(), 1, "one clear line: {err}");
    assert!(err.contains("xvfb-run"), "{err}");
}

#[test]
fn keygen_writes_a_private_key_only_once() {
    let dir = tempfile::tempdir().unwrap();
    let out = torget().args(["keygen", "--out"]).arg(dir.path()).output().unwrap();
    assert!(out.status.success());
    let secret = std::fs::read_to_string(dir.path().join("municipality.key")).unwrap();
    let public = std::fs::read_to_string(dir.path().join("municipality.pub")).unwrap();
    let key = torget::seal::OpeningKey::from_base64(&secret).unwrap();
    assert_eq!(key.sealing_key().to_base64(), public.trim());
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(dir.path().join("municipality.key")).unwrap().permissions().mode();
    assert_eq!(mode & 0o077, 0, "only the owner may read the private key");
    let again = torget().args(["keygen", "--out"]).arg(dir.path()).output().unwrap();
    assert!(!again.status.success(), "an existing private key is never overwritten");
    assert_eq!(std::fs::read_to_string(dir.path().join("municipality.key")).unwrap(), secret);
}

#[test]
fn an_unknown_setting_in_the_environment_stops_the_kiosk() {
    let dir = tempfile::tempdir().unwrap();
    let out =
        torget().arg("--config").arg(config(dir.path(), &root())).env("TORGET_IDLE_SECOND", "60").output().unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("TORGET_IDLE_SECOND"));
}

#[test]
fn screenshot_draws_a_screen_without_a_display() {
    let dir = tempfile::tempdir().unwrap();
    let png = dir.path().join("home-ar.png");
    let out = torget()
        .args(["screenshot", "--screen", "home", "--lang", "ar", "--size", "1080x1920", "-o"])
        .arg(&png)
        .arg("--content")
        .arg(root())
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let decoder = png::Decoder::new(std::io::BufReader::new(std::fs::File::open(&png).unwrap()));
    let mut reader = decoder.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut buf).unwrap();
    assert_eq!((info.width, info.height), (1080, 1920));
    let distinct: std::collections::HashSet<&[u8]> = buf.chunks(4).collect();
    assert!(distinct.len() > 20, "the picture has text and pictograms, not one flat colour");
}

/// The receipt as the studio's preview draws it: a kiosk with its connection, so the page says
/// nothing of waiting to be sent; `receipt-offline` draws the page a visitor reads when it waits.
#[test]
fn screenshot_of_the_receipt_shows_a_connected_kiosk_unless_asked_for_the_offline_one() {
    let dir = tempfile::tempdir().unwrap();
    let texts = std::fs::read_to_string(root().join("locales/en/ui.ftl")).unwrap();
    let waiting = texts.lines().find_map(|l| l.strip_prefix("receipt-offline = ")).unwrap().to_string();
    let said = |screen: &str| {
        let spoken = dir.path().join(format!("{screen}.json"));
        let out = torget()
            .args(["screenshot", "--screen", screen, "--lang", "en", "-o"])
            .arg(dir.path().join(format!("{screen}.png")))
            .arg("--spoken")
            .arg(&spoken)
            .arg("--content")
            .arg(root())
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let parts: Vec<(String, String)> = serde_json::from_slice(&std::fs::read(&spoken).unwrap()).unwrap();
        parts.into_iter().map(|(text, _)| text).collect::<Vec<_>>().join("\n")
    };
    let receipt = said("receipt");
    assert!(receipt.contains("Your reference number"), "{receipt}");
    assert!(!receipt.contains(&waiting), "{receipt}");
    let offline = said("receipt-offline");
    assert!(offline.contains(&waiting), "{offline}");
}

#[test]
fn print_preview_draws_the_paper_a_visitor_would_take_home() {
    let dir = tempfile::tempdir().unwrap();
    let receipt = dir.path().join("receipt.pdf");
    let out = torget()
        .args(["print-preview", "--sheet", "receipt", "--lang", "uk", "--paper", "receipt-80mm", "--content"])
        .arg(root())
        .arg("-o")
        .arg(&receipt)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(stdout.contains("Квитанція") || stdout.contains("Муніципалітет"), "{stdout}");
    let text = Command::new("pdftotext").arg(&receipt).arg("-").output().unwrap();
    let text = String::from_utf8(text.stdout).unwrap();
    assert!(text.contains("Муніципалітет"), "the sheet is in Ukrainian: {text}");

    let sheet = dir.path().join("hours.pdf");
    let out = torget()
        .args(["print-preview", "--sheet", "info:opening-hours", "--lang", "sv", "--paper", "a4", "--content"])
        .arg(root())
        .arg("-o")
        .arg(&sheet)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let info = Command::new("pdfinfo").arg(&sheet).output().unwrap();
    assert!(String::from_utf8_lossy(&info.stdout).contains("595.276 x 841.89 pts (A4)"), "an A4 sheet");

    let out = torget().args(["print-preview", "--sheet", "info:nope", "--content"]).arg(root()).output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success() && err.contains("opening-hours"), "names the pages there are: {err}");
    let out = torget().args(["print-preview", "--paper", "letter", "--content"]).arg(root()).output().unwrap();
    assert!(String::from_utf8_lossy(&out.stderr).contains("receipt-80mm or a4"));
}

#[test]
fn staff_accounts_keep_only_an_argon2id_hash_and_the_pin_is_nowhere_in_the_files_or_logs() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = config(dir.path(), &root());
    let pin = "739164";
    let mut add = torget()
        .current_dir(dir.path())
        .env("TORGET_LOG", "trace")
        .args(["--config"])
        .arg(&cfg)
        .args(["staff", "add", "anna"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    add.stdin.take().unwrap().write_all(format!("{pin}\n").as_bytes()).unwrap();
    let out = add.wait_with_output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let logs = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert!(!logs.contains(pin), "{logs}");
    // A trivial PIN is refused with a reason.
    let mut weak = torget()
        .current_dir(dir.path())
        .arg("--config")
        .arg(&cfg)
        .args(["staff", "add", "bo"])
        .stdin(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    weak.stdin.take().unwrap().write_all(b"1234\n").unwrap();
    let out = weak.wait_with_output().unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("4 to 8 digits"));
    let list = torget().current_dir(dir.path()).arg("--config").arg(&cfg).args(["staff", "list"]).output().unwrap();
    assert_eq!(String::from_utf8_lossy(&list.stdout).trim(), "anna");
    let data = dir.path().join("data");
    let mut seen = 0;
    for entry in std::fs::read_dir(&data).unwrap() {
        let bytes = std::fs::read(entry.unwrap().path()).unwrap();
        seen += bytes.len();
        assert!(!bytes.windows(pin.len()).any(|w| w == pin.as_bytes()), "the PIN is in a file");
    }
    assert!(seen > 0, "the store was written");
    let db = rusqlite::Connection::open(data.join("kiosk.db")).unwrap();
    let hash: String = db.query_row("SELECT pin_hash FROM staff WHERE name = 'anna'", [], |r| r.get(0)).unwrap();
    assert!(hash.starts_with("$argon2id$"), "{hash}");
    assert!(torget::staff::verify_pin(&hash, pin));
    let audit = torget().current_dir(dir.path()).arg("--config").arg(&cfg).arg("audit").output().unwrap();
    assert!(String::from_utf8_lossy(&audit.stdout).contains("staff account added"));
    // An administrator lifts a lockout from the command line, and it is audited.
    {
        let mut store =
            torget::store::Store::open(&data.join("kiosk.db"), torget::store::StoreOptions::default()).unwrap();
        store.set_pin_lockout(9, i64::MAX).unwrap();
    }
    let unlock = torget().current_dir(dir.path()).arg("--config").arg(&cfg).args(["staff", "unlock"]).output().unwrap();
    assert!(unlock.status.success(), "{}", String::from_utf8_lossy(&unlock.stderr));
    let store = torget::store::Store::open(&data.join("kiosk.db"), torget::store::StoreOptions::default()).unwrap();
    assert_eq!(store.pin_lockout().unwrap(), (0, 0));
    let lifted = store.audit_log().unwrap().into_iter().find(|e| e.action == "PIN lockout lifted").unwrap();
    assert_eq!(lifted.detail, "after 9 wrong PINs");
    // The retention the command line asks for never goes below 30 days.
    let purge = torget()
        .current_dir(dir.path())
        .arg("--config")
        .arg(&cfg)
        .args(["audit", "--purge-days", "0"])
        .output()
        .unwrap();
    assert!(purge.status.success());
    assert!(String::from_utf8_lossy(&purge.stderr).contains("at least 30 days"));
    assert!(String::from_utf8_lossy(&purge.stdout).contains("PIN lockout lifted"), "nothing recent was purged");
    let removed =
        torget().current_dir(dir.path()).arg("--config").arg(&cfg).args(["staff", "remove", "anna"]).output().unwrap();
    assert!(removed.status.success());
}
