//! Signed content updates: only content signed with the municipality's key and passing lint is
//! installed, and it replaces the old content only between visits.

mod common;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use common::TestKiosk;
use torget::bundle::{self, BundleError, SignedBundle};
use torget::lint;
use torget::session::Screen;
use torget_hub::store::HubStore;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A copy of the bundled content, changed by `change`.
fn content_copy(change: impl FnOnce(&Path)) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for sub in ["assets", "locales"] {
        let ok = std::process::Command::new("cp").arg("-r").arg(root().join(sub)).arg(dir.path().join(sub)).status();
        assert!(ok.unwrap().success());
    }
    change(dir.path());
    dir
}

fn retitle(dir: &Path) {
    let file = dir.join("locales/en/services.ftl");
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(
        &file,
        text.replace("report-fault-title = Report a fault outside", "report-fault-title = Report a broken thing"),
    )
    .unwrap();
}

#[test]
fn a_tampered_bundle_is_refused_and_nothing_is_installed() {
    let (signing, verifying) = bundle::generate_signing_key();
    let content = content_copy(retitle);
    let signed = bundle::sign(&bundle::pack(content.path(), "v2", 2).unwrap(), &signing).unwrap();
    let mut inner: bundle::Bundle = serde_json::from_slice(&base64_decode(&signed.bundle)).unwrap();
    inner.files.insert("locales/en/extra.ftl".into(), base64_encode(b"evil = injected"));
    let tampered = SignedBundle { bundle: base64_encode(&serde_json::to_vec(&inner).unwrap()), ..signed };
    let data = tempfile::tempdir().unwrap();
    assert!(matches!(lint::install_bundle(data.path(), &tampered, &verifying), Err(BundleError::BadSignature)));
    assert_eq!(bundle::current(data.path()), None);
    assert!(!data.path().join("content/v2").exists());
}

#[test]
fn a_signed_bundle_with_a_broken_service_is_refused_with_the_linters_reason() {
    let (signing, verifying) = bundle::generate_signing_key();
    let content = content_copy(|dir| {
        let file = dir.join("assets/services/report-fault.toml");
        let text = std::fs::read_to_string(&file).unwrap().replace("kind = \"phone\"", "kind = \"telefax\"");
        std::fs::write(file, text).unwrap();
    });
    let signed = bundle::sign(&bundle::pack(content.path(), "v3", 3).unwrap(), &signing).unwrap();
    let data = tempfile::tempdir().unwrap();
    match lint::install_bundle(data.path(), &signed, &verifying) {
        Err(BundleError::Lint(problems)) => assert!(problems.to_string().contains("telefax")),
        other => panic!("expected a lint refusal, got {other:?}"),
    }
    assert_eq!(bundle::current(data.path()), None);
}

#[test]
fn a_good_bundle_from_the_hub_is_used_only_after_the_current_visit_ends() {
    let (signing, verifying) = bundle::generate_signing_key();
    let dir = tempfile::tempdir().unwrap();
    let hub_db = dir.path().join("hub.db");
    let mut hub = HubStore::open(&hub_db).unwrap();
    let token = hub.add_kiosk("test-kiosk").unwrap();
    let content = content_copy(retitle);
    let signed = bundle::sign(&bundle::pack(content.path(), "2026-11-24.1", 1).unwrap(), &signing).unwrap();
    hub.publish_bundle(&signed.version, &serde_json::to_string(&signed).unwrap()).unwrap();
    drop(hub);
    let addr = common::serve_hub(&hub_db);

    let kiosk = TestKiosk::connected_with_content(&format!("http://{addr}"), &token, Some(&verifying));
    kiosk.start_in("en");
    assert!(!kiosk.find("Report a fault outside").is_empty());
    kiosk.open_service("report-fault");

    let start = Instant::now();
    while bundle::current_version(kiosk.dir.path()).as_deref() != Some("2026-11-24.1") {
        assert!(start.elapsed() < Duration::from_secs(20), "the bundle was never installed");
        std::thread::sleep(Duration::from_millis(20));
    }
    // Installed and handed over to the kiosk, which must keep it waiting until the visit ends.
    let updates = kiosk.worker.as_ref().unwrap().content_updates();
    while !updates.is_waiting() {
        assert!(start.elapsed() < Duration::from_secs(20), "the bundle was never handed over");
        std::thread::sleep(Duration::from_millis(20));
    }
    kiosk.tick_at(Duration::from_secs(1));
    assert_eq!(kiosk.screen(), Screen::Question, "the visit goes on");
    assert_eq!(kiosk.t("report-fault-title"), "Report a fault outside", "no swap mid-visit");

    kiosk.press_text("button-cancel");
    kiosk.press_text("cancel-yes");
    kiosk.tick_at(Duration::from_secs(2));
    assert_eq!(kiosk.ui.with_app(|a| a.i18n().text("en", "report-fault-title")), "Report a broken thing");
    kiosk.start_in("en");
    assert!(!kiosk.find("Report a broken thing").is_empty(), "the next visitor sees the new content");
}

fn base64_decode(s: &str) -> Vec<u8> {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.decode(s).unwrap()
}

fn base64_encode(b: &[u8]) -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.encode(b)
}
