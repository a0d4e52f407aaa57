//! Content reviewed by two people and signed in the browser, as the municipality's communicators
//! use it: an editor brings a changed content folder to a real hub in Debian's Chromium, sees it
//! checked (the rules of `torget lint`) and what changed, and sends it for review; the editor
//! cannot publish it. A reviewer opens the content-signing key file in the page, approves and
//! publishes; a real kiosk installs the bundle between visits and its home screen shows the change.

#[path = "../crates/torget-hub/tests/chromium/mod.rs"]
mod chromium;
mod common;

use std::path::Path;
use std::time::Duration;

use chromium::Chromium;
use common::TestKiosk;
use torget_hub::accounts::{Role, hash_password};
use torget_hub::store::{Database, Location};
use torget_hub::web::WebSettings;

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        let target = to.join(path.file_name().unwrap());
        if path.is_dir() {
            copy_tree(&path, &target);
        } else {
            std::fs::copy(&path, &target).unwrap();
        }
    }
}

fn sign_in(browser: &Chromium, addr: std::net::SocketAddr, name: &str) {
    browser.go(&format!("http://{addr}/sign-in?lang=sv"));
    browser.type_into("#name", name);
    browser.type_into("#password", "ett långt lösenord 42");
    browser.click("button[type=submit]");
    browser.wait_until("signed in", "return location.pathname === '/content'");
}

#[test]
fn an_editor_brings_content_a_reviewer_signs_it_in_the_browser_and_the_kiosk_shows_it_between_visits() {
    let dir = tempfile::tempdir().unwrap();
    let (signing, verifying) = torget_common::bundle::generate_signing_key();
    let key_file = dir.path().join("content-signing.key");
    std::fs::write(&key_file, &signing).unwrap();

    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
    let db = rt.block_on(Database::open(&Location::Sqlite(dir.path().join("hub.db")))).unwrap();
    let token = rt.block_on(db.add_kiosk("test-kiosk")).unwrap();
    for (name, role) in [("redaktor", Role::Editor), ("granskare", Role::Reviewer)] {
        let hash = hash_password("ett långt lösenord 42").unwrap();
        assert!(rt.block_on(db.add_user("admin", name, role, &hash)).unwrap());
    }
    let web = WebSettings {
        content_dir: Some(common::content_root()),
        content_verify_key: Some(verifying.clone()),
        renderer: Some(env!("CARGO_BIN_EXE_torget").into()),
        ..WebSettings::default()
    };
    let listener = rt.block_on(tokio::net::TcpListener::bind("127.0.0.1:0")).unwrap();
    let addr = listener.local_addr().unwrap();
    let served = db.clone();
    rt.spawn(async move { torget_hub::serve_full(listener, served, None, torget_hub::Limits::default(), web).await });
    let kiosk = TestKiosk::connected_with_content(&format!("http://{addr}"), &token, Some(&verifying));

    // The communicators' folder: the demo content with one title made plainer.
    let folder = dir.path().join("innehall");
    copy_tree(&common::content_root().join("assets"), &folder.join("assets"));
    copy_tree(&common::content_root().join("locales"), &folder.join("locales"));
    let services = folder.join("locales/sv/services.ftl");
    let text = std::fs::read_to_string(&services).unwrap();
    assert!(text.contains("report-fault-title = Anmäl ett fel utomhus"));
    std::fs::write(
        &services,
        text.replace("report-fault-title = Anmäl ett fel utomhus", "report-fault-title = Säg till om något är trasigt"),
    )
    .unwrap();

    let browser = Chromium::start();
    browser.go(&format!("http://{addr}/content"));
    browser.wait_until("sent to sign in", "return location.pathname === '/sign-in'");
    sign_in(&browser, addr, "redaktor");
    browser.choose_file("#folder", &folder);
    browser.type_into("#note", "Enklare rubrik för felanmälan");
    browser.click("#upload button");
    browser.wait_until("the draft page", "return location.pathname === '/content/draft/1'");
    let page = browser.script("return document.querySelector('main').innerText").as_str().unwrap().to_string();
    assert!(page.contains("Innehållet klarar alla kontroller i torget lint."), "{page}");
    assert!(page.contains("locales/sv/services.ftl: ändrad"), "{page}");
    assert_eq!(
        page.matches(": ändrad").count() + page.matches(": ny").count() + page.matches(": borttagen").count(),
        1,
        "{page}"
    );
    assert_eq!(browser.accessibility_problems(), Vec::<String>::new(), "the content page meets WCAG 2.2 AA");
    browser.screenshot("content-draft-sv");

    // The preview of question 2 in Arabic at 200 %, drawn by the kiosk's own program.
    browser.click("#preview-service option[value='report-fault']");
    browser.replace_text("#preview-question", "2");
    browser.click("#preview-language option[value='ar']");
    browser.click("#preview-text option[value='2']");
    browser.click(".preview-form button");
    browser.wait_until(
        "the preview drawn",
        "const i = document.getElementById('preview'); return !!i && i.complete && i.naturalWidth > 0",
    );
    let shown = browser.script(
        "return fetch(document.getElementById('preview').src).then(r => r.arrayBuffer()).then(b => { let s = ''; for (const x of new Uint8Array(b)) s += String.fromCharCode(x); return btoa(s); })",
    );
    use base64::Engine;
    let shown = base64::engine::general_purpose::STANDARD.decode(shown.as_str().unwrap()).unwrap();
    let direct = dir.path().join("direct.png");
    let drawn = std::process::Command::new(env!("CARGO_BIN_EXE_torget"))
        .arg("screenshot")
        .arg("--content")
        .arg(&folder)
        .args(["--screen", "service:report-fault:2", "--lang", "ar", "--text-size", "2", "--size", "1920x1080", "-o"])
        .arg(&direct)
        .output()
        .unwrap();
    assert!(drawn.status.success(), "{}", String::from_utf8_lossy(&drawn.stderr));
    let pixels = |png: &[u8]| {
        let mut reader = png::Decoder::new(std::io::Cursor::new(png)).read_info().unwrap();
        let mut buf = vec![0; reader.output_buffer_size().unwrap()];
        let info = reader.next_frame(&mut buf).unwrap();
        buf.truncate(info.buffer_size());
        (info.width, info.height, buf)
    };
    let (preview, screenshot) = (pixels(&shown), pixels(&std::fs::read(&direct).unwrap()));
    assert_eq!((preview.0, preview.1), (1920, 1080));
    assert!(preview == screenshot, "the preview is pixel for pixel what torget screenshot draws");
    browser.screenshot("content-preview-sv");
    // The service's texts side by side: every language complete, the new words in Swedish; the
    // English title is made plainer right here, and saved into the draft.
    let sv_title = "return document.querySelector('textarea[name=\"t:sv:report-fault-title\"]').value";
    assert_eq!(browser.script(sv_title), "Säg till om något är trasigt");
    assert_eq!(browser.script("return document.querySelectorAll('table.texts td.missing').length"), 0);
    browser.replace_text("textarea[name='t:en:report-fault-title']", "Tell us if something is broken");
    browser.click("#texts-form button");
    browser.wait_until(
        "the texts saved",
        "return document.querySelector('textarea[name=\"t:en:report-fault-title\"]')?.value === 'Tell us if something is broken' && location.search.includes('service=report-fault')",
    );
    let page = browser.script("return document.querySelector('main').innerText").as_str().unwrap().to_string();
    assert!(page.contains("Innehållet klarar alla kontroller i torget lint."), "{page}");
    assert!(page.contains("locales/en/services.ftl: ändrad"), "{page}");
    browser.script("document.querySelector('table.texts').scrollIntoView(); return true");
    browser.screenshot("content-texts-sv");
    assert_eq!(browser.accessibility_problems(), Vec::<String>::new(), "the preview and texts meet WCAG 2.2 AA");

    // The editor sends it for review and cannot publish it.
    browser.click("form[action='/content/draft/1/submit'] button");
    browser.wait_until("in review", "return document.getElementById('state').textContent === 'Väntar på granskning'");
    assert_eq!(
        browser.script("return document.getElementById('publish') === null"),
        true,
        "no publishing for an editor"
    );
    assert_eq!(browser.script("return fetch('/content/draft/1/bundle').then(r => r.status)"), 403);
    browser.click("form.who button");
    browser.wait_until("signed out", "return location.pathname === '/sign-in'");

    // The reviewer: a key that is not the content-signing key is refused in the page.
    sign_in(&browser, addr, "granskare");
    browser.go(&format!("http://{addr}/content/draft/1"));
    let wrong = dir.path().join("annan.key");
    std::fs::write(&wrong, torget_common::bundle::generate_signing_key().0).unwrap();
    browser.choose_file("#signing-key", &wrong);
    browser.click("#publish button");
    browser.wait_until(
        "the wrong key refused",
        "return document.getElementById('publish-status').textContent.startsWith('Det här är inte nyckeln')",
    );
    assert!(rt.block_on(db.published()).unwrap().is_empty(), "nothing published with a wrong key");
    browser.choose_file("#signing-key", &key_file);
    browser.click("#publish button");
    browser.wait_until("published", "return document.getElementById('state').textContent.startsWith('Publicerat som')");
    browser.screenshot("content-published-sv");
    let published = rt.block_on(db.published()).unwrap();
    assert_eq!(published.len(), 1);
    let signed: torget_common::bundle::SignedBundle = serde_json::from_str(&published[0].signed).unwrap();
    torget_common::bundle::verify(&signed, &verifying).expect("signed with the content-signing key");

    // The kiosk takes it between visits: its home screen shows the new words.
    let start = std::time::Instant::now();
    common::wait_for("the kiosk to install the new content", Duration::from_secs(20), || {
        kiosk.tick_at(start.elapsed());
        torget_common::bundle::current_version(kiosk.dir.path()).filter(|v| *v == signed.version)
    });
    kiosk.tick_at(start.elapsed() + Duration::from_secs(1));
    kiosk.start_in("sv");
    assert!(!kiosk.find("Säg till om något är trasigt").is_empty(), "the new title on the home screen");
    assert!(kiosk.find("Anmäl ett fel utomhus").is_empty());

    let audit = rt.block_on(db.audit_log(100)).unwrap();
    for (who, what) in [
        ("redaktor", "content brought for review"),
        ("redaktor", "content sent for review"),
        ("redaktor", "page refused (role)"),
        ("granskare", "content published"),
    ] {
        assert!(audit.iter().any(|e| e.actor == who && e.action == what), "{who}: {what} in {audit:?}");
    }
}
