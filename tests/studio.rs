//! Content reviewed by two people and signed in the browser, as the municipality's communicators
//! use it: an editor brings a changed content folder to a real hub in Debian's Chromium, sees it
//! checked (the rules of `torget lint`) and what changed, and sends it for review; the editor
//! cannot publish it. A reviewer opens the content-signing key file in the page, approves and
//! publishes; a real kiosk installs the bundle between visits and its home screen shows the change.

use torget_testing::chromium;
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

/// A real hub on 127.0.0.1 serving the demo content, with an editor and a reviewer, the kiosk's
/// program as its renderer, and a real kiosk taking signed content from it.
struct Studio {
    dir: tempfile::TempDir,
    rt: tokio::runtime::Runtime,
    db: Database,
    addr: std::net::SocketAddr,
    kiosk: TestKiosk,
    verifying: String,
    key_file: std::path::PathBuf,
}

impl Studio {
    fn start() -> Studio {
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
        rt.spawn(
            async move { torget_hub::serve_full(listener, served, None, torget_hub::Limits::default(), web).await },
        );
        let kiosk = TestKiosk::connected_with_content(&format!("http://{addr}"), &token, Some(&verifying));
        Studio { dir, rt, db, addr, kiosk, verifying, key_file }
    }

    /// The reviewer opens draft `id`, signs it with the content-signing key and publishes it.
    fn publish_as_reviewer(&self, browser: &Chromium, id: i64) -> torget_common::bundle::SignedBundle {
        sign_in(browser, self.addr, "granskare");
        browser.go(&format!("http://{}/content/draft/{id}", self.addr));
        browser.choose_file("#signing-key", &self.key_file);
        browser.click("#publish button");
        browser.wait_until(
            "published",
            "return document.getElementById('state').textContent.startsWith('Publicerat som')",
        );
        let published = self.rt.block_on(self.db.published()).unwrap();
        let signed: torget_common::bundle::SignedBundle = serde_json::from_str(&published[0].signed).unwrap();
        torget_common::bundle::verify(&signed, &self.verifying).expect("signed with the content-signing key");
        signed
    }

    /// The kiosk takes `signed` between visits.
    fn kiosk_installs(&self, signed: &torget_common::bundle::SignedBundle) {
        let start = std::time::Instant::now();
        common::wait_for("the kiosk to install the new content", Duration::from_secs(20), || {
            self.kiosk.tick_at(start.elapsed());
            torget_common::bundle::current_version(self.kiosk.dir.path()).filter(|v| *v == signed.version)
        });
        self.kiosk.tick_at(start.elapsed() + Duration::from_secs(1));
    }
}

/// The PNG's size and pixels.
fn pixels(png: &[u8]) -> (u32, u32, Vec<u8>) {
    let mut reader = png::Decoder::new(std::io::Cursor::new(png)).read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut buf).unwrap();
    buf.truncate(info.buffer_size());
    (info.width, info.height, buf)
}

/// The preview image on the page, as the browser got it.
fn preview_shown(browser: &Chromium) -> Vec<u8> {
    browser.wait_until(
        "the preview drawn",
        "const i = document.getElementById('preview'); return !!i && i.complete && i.naturalWidth > 0",
    );
    let shown = browser.script(
        "return fetch(document.getElementById('preview').src).then(r => r.arrayBuffer()).then(b => { let s = ''; for (const x of new Uint8Array(b)) s += String.fromCharCode(x); return btoa(s); })",
    );
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.decode(shown.as_str().unwrap()).unwrap()
}

/// `torget screenshot` of one question of a service in the content at `content`.
fn screenshot_of(content: &Path, question: &str, lang: &str, text_size: &str, out: &Path) -> Vec<u8> {
    let drawn = std::process::Command::new(env!("CARGO_BIN_EXE_torget"))
        .arg("screenshot")
        .arg("--content")
        .arg(content)
        .args(["--screen", question, "--lang", lang, "--text-size", text_size, "--size", "1920x1080", "-o"])
        .arg(out)
        .output()
        .unwrap();
    assert!(drawn.status.success(), "{}", String::from_utf8_lossy(&drawn.stderr));
    std::fs::read(out).unwrap()
}

#[test]
fn an_editor_brings_content_a_reviewer_signs_it_in_the_browser_and_the_kiosk_shows_it_between_visits() {
    let studio = Studio::start();
    let Studio { dir, rt, db, addr, kiosk, verifying, key_file } = &studio;
    let addr = *addr;

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
    assert!(page.contains("Innehållet klarar alla kontroller."), "{page}");
    assert!(page.contains("Säg till om något är trasigt: 1 text på svenska ändrad"), "{page}");
    assert_eq!(browser.script("return document.querySelectorAll('#changes li').length"), 1, "{page}");
    assert_eq!(browser.accessibility_problems(), Vec::<String>::new(), "the content page meets WCAG 2.2 AA");
    browser.screenshot("content-draft-sv");

    // The preview of question 2 in Arabic at 200 %, drawn by the kiosk's own program; the form
    // opens on the service the draft changes.
    assert_eq!(browser.script("return document.getElementById('preview-service').value"), "report-fault");
    browser.click("#preview-service option[value='report-fault']");
    browser.replace_text("#preview-question", "2");
    browser.click("#preview-language option[value='ar']");
    browser.click("#preview-text option[value='2']");
    browser.click(".preview-form button");
    let shown = preview_shown(&browser);
    let direct = screenshot_of(&folder, "service:report-fault:2", "ar", "2", &dir.path().join("direct.png"));
    let (preview, screenshot) = (pixels(&shown), pixels(&direct));
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
    // The address already names the service (the preview's form did) and the box already holds
    // the typed words: only the saved page's `#texts` tells that the save came back.
    browser.wait_until(
        "the texts saved",
        "return document.querySelector('textarea[name=\"t:en:report-fault-title\"]')?.value === 'Tell us if something is broken' && location.search.includes('service=report-fault') && location.hash === '#texts'",
    );
    let page = browser.script("return document.querySelector('main').innerText").as_str().unwrap().to_string();
    assert!(page.contains("Innehållet klarar alla kontroller."), "{page}");
    assert!(page.contains("Säg till om något är trasigt: 1 text på engelska ändrad"), "{page}");
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
    browser.choose_file("#signing-key", key_file);
    browser.click("#publish button");
    browser.wait_until("published", "return document.getElementById('state').textContent.startsWith('Publicerat som')");
    browser.screenshot("content-published-sv");
    let published = rt.block_on(db.published()).unwrap();
    assert_eq!(published.len(), 1);
    let signed: torget_common::bundle::SignedBundle = serde_json::from_str(&published[0].signed).unwrap();
    torget_common::bundle::verify(&signed, verifying).expect("signed with the content-signing key");

    // Published is not yet on the kiosks, and the content page says so.
    browser.go(&format!("http://{addr}/content"));
    assert_eq!(
        browser.script("return document.getElementById('rollout').textContent.startsWith('0 av 1 kiosker visar den')"),
        true,
        "{}",
        browser.script("return document.getElementById('rollout').textContent")
    );
    // The kiosk takes it between visits: its home screen shows the new words, and the open page
    // follows without being reloaded.
    studio.kiosk_installs(&signed);
    let start = std::time::Instant::now();
    common::wait_for("the open page to say the kiosk shows it", Duration::from_secs(40), || {
        studio.kiosk.tick_at(start.elapsed() + Duration::from_secs(2));
        (browser.script("return document.getElementById('rollout').textContent.startsWith('1 av 1 kiosker')") == true)
            .then_some(())
    });
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

/// Submits with the button `css` and waits for the page that answers.
fn submit(browser: &Chromium, css: &str) {
    browser.script("document.body.dataset.before = '1'; return true");
    browser.click(css);
    browser.wait_until("the next page", "return document.readyState === 'complete' && !document.body.dataset.before");
}

/// The text of the element `css`.
fn text(browser: &Chromium, css: &str) -> String {
    let script = format!("return document.querySelector({css:?})?.innerText ?? ''");
    browser.script(&script).as_str().unwrap_or_default().to_string()
}

/// Waits until the form's checks have run since now, while the editor types.
fn checked_while_typing(browser: &Chromium, before: i64, what: &str, script: &str) {
    browser.wait_until(
        what,
        &format!("return Number(document.getElementById('service-form').dataset.checked || 0) > {before} && (() => {{ {script} }})()"),
    );
}

fn checks_so_far(browser: &Chromium) -> i64 {
    browser.script("return Number(document.getElementById('service-form').dataset.checked || 0)").as_i64().unwrap()
}

#[test]
fn a_communicator_writes_a_new_service_in_forms_and_the_kiosk_offers_it_in_the_languages_that_are_ready() {
    let studio = Studio::start();
    let addr = studio.addr;
    let browser = Chromium::start();
    sign_in(&browser, addr, "redaktor");

    // A draft of what the kiosks show, without any folder, and a new service in it.
    browser.type_into("#start-note", "Lånekort");
    submit(&browser, "#start button");
    assert_eq!(browser.script("return location.pathname"), "/content/draft/1");
    submit(&browser, "#new-service");
    browser.type_into("#title", "Lånekort");
    browser.type_into("#next", "Du får ett brev när kortet är klart.");
    browser.click("input[name=pictogram][value=document]");
    submit(&browser, "#service-form button[value=save]");
    assert_eq!(browser.script("return location.pathname"), "/content/draft/1/service/lanekort");
    let problems = text(&browser, "#service-problems");
    assert!(problems.contains("Tjänsten har inga frågor än. Lägg till minst en."), "{problems}");

    // Question 1: typed words, checked while typing: the missing translations and hard Swedish
    // are shown beside the question.
    browser.click("#new-kind option[value=text]");
    submit(&browser, "button[value=add]");
    assert_eq!(text(&browser, "#q-problems-0"), "", "a question just added shows no errors before anything is typed");
    assert_eq!(text(&browser, "#saved"), "Sparat.", "the saved form says so");
    let before = checks_so_far(&browser);
    browser.type_into("#q0-words", "Vad heter du?");
    browser.type_into(
        "#q0-help",
        "Ansökan om bibliotekskort för minderåriga handläggs av kommunens biblioteksförvaltning efter inkommen vårdnadshavarunderskrift.",
    );
    checked_while_typing(
        &browser,
        before,
        "hard Swedish flagged while typing",
        "return document.getElementById('q-problems-0').innerText.includes('Hjälptexten är svår att läsa (LIX')",
    );
    let problems = text(&browser, "#q-problems-0");
    // Languages named in the staff's words, so no sentence mixes directions.
    for language in ["engelska", "norska (bokmål)", "finska", "ukrainska", "arabiska"] {
        assert!(problems.contains(&format!("Det saknas 2 texter på {language}.")), "{language}: {problems}");
    }
    assert!(!problems.contains("på svenska"), "the Swedish texts are the ones typed: {problems}");
    assert_eq!(problems.matches("svår att läsa").count(), 1, "measured in Swedish only: {problems}");
    browser.script("document.getElementById('q-0').scrollIntoView(); return true");
    browser.screenshot("content-service-form-sv");
    browser.replace_text("#q0-help", "Skriv ditt för- och efternamn.");

    // Question 2: a choice; options hidden for typed answers are shown for it.
    browser.click("#new-kind option[value=choice]");
    submit(&browser, "button[value=add]");
    assert_eq!(browser.script("return document.querySelector('#q0-words').value"), "Vad heter du?", "kept on adding");
    assert_eq!(browser.script("return document.querySelector('#q0-options').closest('p').hidden"), true);
    assert_eq!(browser.script("return document.querySelector('#q1-options').closest('p').hidden"), false);
    assert_eq!(text(&browser, "#q-problems-1"), "", "no errors on the new question");
    // Removing a question asks first; answered no, the question stays.
    browser.click("button[value='remove:1']");
    assert_eq!(
        browser.call("GET", "/alert/text", serde_json::json!({})),
        "Ta bort frågan och dess texter på alla språk?"
    );
    browser.call("POST", "/alert/dismiss", serde_json::json!({}));
    assert_eq!(browser.script("return document.querySelectorAll('fieldset.question').length"), 2);
    browser.type_into("#q1-words", "Var vill du hämta kortet?");
    browser.type_into("#q1-help", "Välj ett bibliotek.");
    browser.type_into("#q1-options", "Stadsbiblioteket\nBokbussen");
    // English and Arabic come now; the other languages later.
    for code in ["nb", "fi", "uk"] {
        browser.click(&format!("input[name=not_ready][value={code}]"));
    }
    submit(&browser, "#service-form button[value=save]");
    for (n, count) in [(0, 2), (1, 4)] {
        let problems = text(&browser, &format!("#q-problems-{n}"));
        let lines: Vec<&str> = problems.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
        let hint = "Skriv dem bland tjänstens texter på innehållets sida.";
        assert_eq!(
            lines,
            [
                format!("Det saknas {count} texter på engelska. {hint}"),
                format!("Det saknas {count} texter på arabiska. {hint}")
            ]
        );
    }
    assert!(
        text(&browser, "#service-problems").starts_with("Det saknas 2 texter på engelska."),
        "the name and what happens next"
    );
    assert_eq!(browser.accessibility_problems(), Vec::<String>::new(), "the service form meets WCAG 2.2 AA");

    // The texts side by side: English and Arabic missing and counted, the languages not ready marked.
    browser.go(&format!("http://{addr}/content/draft/1?service=lanekort"));
    for code in ["en", "ar", "fi"] {
        assert!(
            text(&browser, &format!("li[data-lang={code}] .alert")).starts_with("8 "),
            "{}",
            text(&browser, ".missing-counts")
        );
    }
    assert!(!text(&browser, "li[data-lang=fi] .not-ready").is_empty());
    assert!(text(&browser, "li[data-lang=ar] .not-ready").is_empty());
    let keys = [
        "lanekort-title",
        "lanekort-next",
        "lanekort-vad-heter-du",
        "lanekort-vad-heter-du-help",
        "lanekort-var-vill-du-hamta-kortet",
        "lanekort-var-vill-du-hamta-kortet-help",
        "lanekort-var-vill-du-hamta-kortet-stadsbiblioteket",
        "lanekort-var-vill-du-hamta-kortet-bokbussen",
    ];
    let english = [
        "Library card",
        "We send you a letter when the card is ready.",
        "What is your name?",
        "Write your first and last name.",
        "Where do you want to pick up the card?",
        "Choose a library.",
        "City library",
        "Mobile library",
    ];
    let arabic = [
        "بطاقة المكتبة",
        "سنرسل لك رسالة عندما تكون البطاقة جاهزة.",
        "ما اسمك؟",
        "اكتب اسمك الأول واسم العائلة.",
        "أين تريد استلام البطاقة؟",
        "اختر مكتبة.",
        "مكتبة المدينة",
        "المكتبة المتنقلة",
    ];
    for (lang, words) in [("en", english), ("ar", arabic)] {
        for (key, words) in keys.iter().zip(words) {
            browser.replace_text(&format!("textarea[name='t:{lang}:{key}']"), words);
        }
    }
    submit(&browser, "#texts-form button");
    assert!(text(&browser, "main").contains("Innehållet klarar alla kontroller."), "{}", text(&browser, "main"));

    // Question 2 in Arabic at 200 %, as the kiosk draws it and what it reads aloud.
    browser.click("#preview-service option[value='lanekort']");
    browser.replace_text("#preview-question", "2");
    browser.click("#preview-language option[value='ar']");
    browser.click("#preview-text option[value='2']");
    browser.click(".preview-form button");
    let shown = preview_shown(&browser);
    let draft = studio.rt.block_on(studio.db.draft(1)).unwrap().unwrap();
    let folder = studio.dir.path().join("draft");
    let bundle = torget_common::bundle::Bundle { version: "draft".into(), sequence: 0, files: draft.files };
    torget_common::bundle::unpack(&bundle, &folder).unwrap();
    let direct = screenshot_of(&folder, "service:lanekort:2", "ar", "2", &studio.dir.path().join("direct.png"));
    assert!(pixels(&shown) == pixels(&direct), "the preview is pixel for pixel what torget screenshot draws");
    browser.wait_until("what is read aloud", "return document.getElementById('spoken-text').dataset.done === '1'");
    let said = text(&browser, "#spoken");
    assert!(said.starts_with("بطاقة المكتبة."), "{said}");
    assert!(said.contains("أين تريد استلام البطاقة؟ اختر مكتبة."), "no full stop after a question mark: {said}");
    assert!(said.contains("مكتبة المدينة") && said.contains("المكتبة المتنقلة"), "{said}");
    browser.script("document.getElementById('preview').scrollIntoView(); return true");
    browser.screenshot("content-preview-library-card-ar");
    // The summary, and an information page in Arabic at 200 %, the same way.
    browser.click("#preview-page option[value='review']");
    submit(&browser, ".preview-form button");
    browser.wait_until("the summary read", "return document.getElementById('spoken-text').dataset.done === '1'");
    let said = text(&browser, "#spoken");
    assert!(said.contains("ما اسمك؟") && said.contains("أين تريد استلام البطاقة؟"), "{said}");
    browser.click("#preview-service option[value='info:opening-hours']");
    submit(&browser, ".preview-form button");
    let shown = preview_shown(&browser);
    let direct = screenshot_of(&folder, "info:opening-hours", "ar", "2", &studio.dir.path().join("info.png"));
    assert!(pixels(&shown) == pixels(&direct), "the information page as torget screenshot draws it");

    // An information page as a form: a paragraph reworded in Swedish, the address moved up.
    browser.go(&format!("http://{addr}/content/draft/1"));
    submit(&browser, "a[href='/content/draft/1/info/opening-hours']");
    assert_eq!(browser.script("return document.querySelectorAll('#info-form fieldset.question').length"), 4);
    browser.replace_text("#p1-words", "Biblioteket: alla dagar kl. 10.00 till 19.00.");
    submit(&browser, "button[value='up:3']");
    let draft = studio.rt.block_on(studio.db.draft(1)).unwrap().unwrap();
    let file = |path: &str| {
        use base64::Engine;
        String::from_utf8(base64::engine::general_purpose::STANDARD.decode(&draft.files[path]).unwrap()).unwrap()
    };
    assert!(
        file("assets/info/opening-hours.toml").contains(r#"paragraphs = ["town-hall", "library", "address", "phone"]"#)
    );
    assert!(
        file("locales/sv/info.ftl").contains("opening-hours-library = Biblioteket: alla dagar kl. 10.00 till 19.00.\n")
    );
    assert!(file("locales/en/info.ftl").contains("opening-hours-library = "), "the other languages keep their words");
    assert!(text(&browser, "#q-problems-1").is_empty() && text(&browser, "#service-problems").is_empty());
    assert_eq!(browser.accessibility_problems(), Vec::<String>::new(), "the page form meets WCAG 2.2 AA");
    browser.screenshot("content-info-form-sv");

    // Review and publishing by someone else; the kiosk takes it between visits.
    browser.go(&format!("http://{addr}/content/draft/1"));
    assert!(text(&browser, "main").contains("Innehållet klarar alla kontroller."));
    submit(&browser, "form[action='/content/draft/1/submit'] button");
    submit(&browser, "form.who button");
    assert_eq!(browser.script("return fetch('/content/draft/1/service/lanekort').then(r => r.redirected)"), true);
    let signed = studio.publish_as_reviewer(&browser, 1);
    studio.kiosk_installs(&signed);
    let kiosk = &studio.kiosk;
    kiosk.start_in("fi");
    assert!(kiosk.find("Lånekort").is_empty() && kiosk.find("Library card").is_empty(), "not offered in Finnish");
    kiosk.choose_language("ar");
    assert!(!kiosk.find("بطاقة المكتبة").is_empty(), "the new tile on the Arabic home screen");
    kiosk.choose_language("sv");
    assert!(!kiosk.find("Lånekort").is_empty(), "the new tile on the Swedish home screen");
    kiosk.press("Öppettider och kontakt");
    assert!(kiosk.all_text().contains("Biblioteket: alla dagar kl. 10.00 till 19.00."), "the page's new words");
    kiosk.press_text("button-back");
    kiosk.choose_language("en");
    assert!(!kiosk.find("Library card").is_empty(), "and on the English one");

    // The home screen drawn from what the kiosk installed is the one drawn from the draft.
    let installed = torget_common::bundle::current(kiosk.dir.path()).unwrap();
    let home = |content: &Path, out: &Path| {
        let drawn = std::process::Command::new(env!("CARGO_BIN_EXE_torget"))
            .arg("screenshot")
            .arg("--content")
            .arg(content)
            .args(["--screen", "home", "--lang", "sv", "-o"])
            .arg(out)
            .output()
            .unwrap();
        assert!(drawn.status.success(), "{}", String::from_utf8_lossy(&drawn.stderr));
        pixels(&std::fs::read(out).unwrap())
    };
    let on_kiosk = home(&installed, &chromium::screenshots().join("kiosk-home-library-card-sv.png"));
    assert!(on_kiosk == home(&folder, &studio.dir.path().join("home.png")), "the kiosk shows what was reviewed");

    let audit = studio.rt.block_on(studio.db.audit_log(100)).unwrap();
    for (who, what) in [
        ("redaktor", "content service created (lanekort)"),
        ("redaktor", "content service edited (lanekort)"),
        ("redaktor", "content texts edited (16, lanekort)"),
        ("redaktor", "content sent for review"),
        ("granskare", "content published"),
    ] {
        assert!(audit.iter().any(|e| e.actor == who && e.action == what), "{who}: {what} in {audit:?}");
    }
}
