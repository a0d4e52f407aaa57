//! The case handler's inbox, as a case handler uses it: a real kiosk (`torget soak`) sends three
//! requests to a real hub on 127.0.0.1; in Debian's Chromium the handler signs in, opens the
//! private key file, reads a request in Swedish, downloads it, prints it and marks it handled.
//! Everything the browser and the kiosk send passes a recording relay, and the hub's log is kept:
//! neither holds the key or a single answer in plain text, and neither does the hub's database.

use torget_testing::chromium;

use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use chromium::Chromium;
use torget::seal::OpeningKey;
use torget_common::protocol::Submission;
use torget_hub::accounts::{Role, hash_password};
use torget_hub::store::{Database, Incoming, Location};
use torget_hub::web::WebSettings;

/// Everything written to it, for reading back.
#[derive(Clone, Default)]
struct Recorded(Arc<Mutex<Vec<u8>>>);

impl Recorded {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().unwrap()).into_owned()
    }
}

impl std::io::Write for Recorded {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// A TCP relay in front of the hub that keeps every byte sent to the hub.
async fn relay(listener: tokio::net::TcpListener, hub: SocketAddr, seen: Recorded) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    loop {
        let Ok((mut client, _)) = listener.accept().await else { return };
        let seen = seen.clone();
        tokio::spawn(async move {
            let Ok(server) = tokio::net::TcpStream::connect(hub).await else { return };
            let (mut from_client, mut to_client) = client.split();
            let (mut from_server, mut to_server) = tokio::io::split(server);
            let up = async {
                let mut buf = vec![0u8; 64 * 1024];
                loop {
                    let n = match from_client.read(&mut buf).await {
                        Ok(0) | Err(_) => break,
                        Ok(n) => n,
                    };
                    seen.0.lock().unwrap().extend_from_slice(&buf[..n]);
                    if to_server.write_all(&buf[..n]).await.is_err() {
                        break;
                    }
                }
                let _ = to_server.shutdown().await;
            };
            let down = async {
                let _ = tokio::io::copy(&mut from_server, &mut to_client).await;
                let _ = to_client.shutdown().await;
            };
            tokio::join!(up, down);
        });
    }
}

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Every string in the answers, the words a visitor typed or chose.
fn answer_words(submission: &Submission) -> Vec<String> {
    let value = serde_json::to_value(&submission.answers).unwrap();
    let mut words = Vec::new();
    let mut stack = vec![value];
    while let Some(v) = stack.pop() {
        match v {
            serde_json::Value::String(s) => words.push(s),
            serde_json::Value::Array(a) => stack.extend(a),
            serde_json::Value::Object(o) => stack.extend(o.into_iter().map(|(_, v)| v)),
            _ => {}
        }
    }
    words
}

fn wait_for_file(dir: &Path, name: &str) -> String {
    let start = Instant::now();
    loop {
        if let Ok(text) = std::fs::read_to_string(dir.join(name))
            && !text.is_empty()
        {
            return text;
        }
        assert!(start.elapsed() < Duration::from_secs(20), "{name} was never saved in {}", dir.display());
        std::thread::sleep(Duration::from_millis(100));
    }
}

#[test]
fn a_case_handler_reads_prints_downloads_and_marks_handled_in_the_browser_and_the_hub_sees_no_plain_text() {
    let log = Recorded::default();
    let writer = log.clone();
    tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .init();

    let dir = tempfile::tempdir().unwrap();
    let hub_db = dir.path().join("hub.db");
    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
    let db = rt.block_on(Database::open(&Location::Sqlite(hub_db.clone()))).unwrap();
    let token = rt.block_on(db.add_kiosk("entrance")).unwrap();
    for (name, role) in [("handlaggare", Role::CaseHandler), ("disk", Role::Desk)] {
        let hash = hash_password("ett långt lösenord 42").unwrap();
        assert!(rt.block_on(db.add_user("admin", name, role, &hash)).unwrap());
    }
    // The content is published to the kiosks as IT does it; its texts are what the inbox shows.
    let (signing, _) = torget_common::bundle::generate_signing_key();
    let bundle = torget_common::bundle::pack(&repo(), "2026-11-30", 1).unwrap();
    let signed = torget_common::bundle::sign(&bundle, &signing).unwrap();
    rt.block_on(db.publish_bundle("2026-11-30", &serde_json::to_string(&signed).unwrap())).unwrap();

    let listener = rt.block_on(tokio::net::TcpListener::bind("127.0.0.1:0")).unwrap();
    let hub = listener.local_addr().unwrap();
    let served = db.clone();
    rt.spawn(async move {
        torget_hub::serve_full(listener, served, None, torget_hub::Limits::default(), WebSettings::default()).await
    });
    let sent = Recorded::default();
    let front = rt.block_on(tokio::net::TcpListener::bind("127.0.0.1:0")).unwrap();
    let addr = front.local_addr().unwrap();
    rt.spawn(relay(front, hub, sent.clone()));

    // The municipality's key pair, as `torget keygen` writes it.
    let out = Command::new(env!("CARGO_BIN_EXE_torget")).arg("keygen").arg("--out").arg(dir.path()).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let key_file = dir.path().join("municipality.key");
    let key_text = std::fs::read_to_string(&key_file).unwrap();
    let key = OpeningKey::from_base64(&key_text).unwrap();

    // A real kiosk makes three visits and sends them.
    let config = dir.path().join("kiosk.toml");
    std::fs::write(
        &config,
        format!(
            "kiosk_id = \"entrance\"\ncontent_dir = {:?}\ndata_dir = \"data\"\npublic_key = \"{}\"\nhub_url = \"http://{addr}\"\nhub_token = \"{}\"\n",
            env!("CARGO_MANIFEST_DIR"),
            key.sealing_key().to_base64(),
            token.trim()
        ),
    )
    .unwrap();
    let soak = Command::new(env!("CARGO_BIN_EXE_torget"))
        .arg("--config")
        .arg(&config)
        .args(["soak", "--visits", "3", "--drain-seconds", "60"])
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap();
    let output = soak.wait_with_output().unwrap();
    assert!(output.status.success(), "the soak run delivered its requests");
    let references: Vec<String> = BufReader::new(&output.stdout[..])
        .lines()
        .map_while(Result::ok)
        .filter_map(|l| l.strip_prefix("shown ").map(str::to_string))
        .collect();
    assert_eq!(references.len(), 3);

    // What the kiosk sealed, opened here with the same key: what the page must show.
    let stored = rt.block_on(db.all()).unwrap();
    assert_eq!(stored.len(), 3);
    let opened: Vec<Submission> =
        stored.iter().map(|s| serde_json::from_slice(&key.open(&s.sealed).unwrap()).unwrap()).collect();
    // Names typed with a mark, and numbers such as phone numbers: none may reach the hub in clear.
    let personal = |w: &String| w.contains("SOAKMARK") || (w.len() >= 8 && w.chars().all(|c| c.is_ascii_digit()));
    let words: Vec<String> = opened.iter().flat_map(answer_words).filter(personal).collect();
    assert!(!words.is_empty(), "the visits typed text");

    // Two rows the page must refuse to show: sealed to another key, and one whose sealed id is
    // not the id the hub stored it under.
    let other = OpeningKey::generate();
    let foreign = other.sealing_key().seal(&serde_json::to_vec(&opened[0]).unwrap()).unwrap();
    let mut renamed = opened[1].clone();
    renamed.id = uuid::Uuid::now_v7();
    let swapped = key.sealing_key().seal(&serde_json::to_vec(&renamed).unwrap()).unwrap();
    let bad_ids = [uuid::Uuid::now_v7(), uuid::Uuid::now_v7()];
    // A meeting booked at a time the hub offered: the answer is the start on the office's clock.
    let booked = Submission::new(
        "book-meeting",
        2,
        "sv",
        [
            ("topic".to_string(), torget_common::protocol::Answer::One("money".into())),
            ("time".to_string(), torget_common::protocol::Answer::One("2026-12-08T10:30:00+01:00".into())),
        ]
        .into(),
        "entrance",
        time::OffsetDateTime::now_utc(),
    );
    let items = vec![
        Incoming {
            id: booked.id.to_string(),
            service_id: booked.service_id.clone(),
            created_at_ms: 3,
            sealed: key.sealing_key().seal(&serde_json::to_vec(&booked).unwrap()).unwrap(),
        },
        Incoming {
            id: bad_ids[0].to_string(),
            service_id: opened[0].service_id.clone(),
            created_at_ms: 1,
            sealed: foreign,
        },
        Incoming {
            id: bad_ids[1].to_string(),
            service_id: opened[1].service_id.clone(),
            created_at_ms: 2,
            sealed: swapped,
        },
    ];
    rt.block_on(db.insert_batch("entrance", items)).unwrap();
    // Its time was held while the kiosk was away from the hub; the hold ran out, another visit
    // took the time, and then the request arrived: the hub noted the time as lost.
    let start_ms =
        time::OffsetDateTime::parse("2026-12-08T10:30:00+01:00", &time::format_description::well_known::Rfc3339)
            .unwrap()
            .unix_timestamp()
            * 1000;
    let now = time::OffsetDateTime::now_utc().unix_timestamp() * 1000;
    for (visit, now_ms) in [(booked.id.to_string(), now - 20 * 60_000), (uuid::Uuid::now_v7().to_string(), now)] {
        let hold = torget_hub::store::Hold {
            id: visit,
            resource: "citizen-office".into(),
            start_ms,
            end_ms: start_ms + 30 * 60_000,
            kiosk: "entrance".into(),
            now_ms,
            until_ms: now_ms + 10 * 60_000,
        };
        assert_eq!(rt.block_on(db.hold_time(hold)).unwrap(), torget_hub::store::HoldOutcome::Held);
    }
    let lost = rt.block_on(db.confirm_booking(&booked.id.to_string(), "book-meeting")).unwrap().unwrap();
    assert_eq!(lost.state, "lost");

    let downloads = dir.path().join("downloads");
    std::fs::create_dir_all(&downloads).unwrap();
    let browser = Chromium::start_saving_to(Some(&downloads));
    // A desk account may not open the inbox.
    browser.go(&format!("http://{addr}/sign-in?lang=sv"));
    browser.type_into("#name", "disk");
    browser.type_into("#password", "ett långt lösenord 42");
    browser.click("button[type=submit]");
    browser.wait_until("the desk page", "return location.pathname === '/kiosks'");
    browser.go(&format!("http://{addr}/requests"));
    assert_eq!(browser.script("return document.title.startsWith('Inte för din roll')"), true, "refused to desk staff");
    browser.click("form.who button");
    browser.wait_until("signed out", "return location.pathname === '/sign-in'");

    browser.type_into("#name", "handlaggare");
    browser.type_into("#password", "ett långt lösenord 42");
    browser.click("button[type=submit]");
    browser.wait_until("the inbox", "return location.pathname === '/requests'");
    let listed =
        browser.script("return [...document.querySelectorAll('#list tbody tr')].map(r => r.dataset.reference)");
    for reference in &references {
        assert!(listed.as_array().unwrap().iter().any(|r| r == reference.as_str()), "{reference} listed: {listed}");
    }
    let titles = torget_content::texts::ContentTexts::load(&repo()).unwrap().services("sv");
    let first_title = &titles[&opened[0].service_id].title;
    assert_eq!(
        browser.script(
            "return document.querySelector('#list tbody').textContent.includes(arguments[0])"
                .replace("arguments[0]", &serde_json::to_string(first_title).unwrap())
                .as_str()
        ),
        true,
        "the service's Swedish title in the list"
    );

    // Opening a request before the key says what to do.
    browser.click(&format!("tr[data-id='{}'] button.open", stored[0].id));
    assert_eq!(
        browser.script("return document.getElementById('key-status').textContent"),
        "Öppna din nyckel först: ärendet kan bara läsas med den."
    );

    // Something that is not a key is refused with a reason.
    let not_a_key = dir.path().join("anteckningar.txt");
    std::fs::write(&not_a_key, "inköpslista: mjölk").unwrap();
    browser.choose_file("#key-file", &not_a_key);
    browser.wait_until(
        "the refusal",
        "return document.getElementById('key-status').textContent.startsWith('Filen är ingen privat nyckel')",
    );

    browser.choose_file("#key-file", &key_file);
    browser.wait_until("the key opened", "return document.getElementById('inbox').dataset.keyOpen === '1'");
    assert_eq!(
        browser.script("return document.getElementById('key-status').textContent"),
        "Nyckeln är öppen: 4 av 6 ärenden kan läsas."
    );
    browser.screenshot("inbox-sv");

    // The request as the kiosk sealed it: every answer in the service's Swedish words.
    let first = &opened[0];
    let reference = torget_common::reference::from_id(first.id);
    assert!(references.contains(&reference));
    browser.click(&format!("tr[data-id='{}'] button.open", first.id));
    browser.wait_until("the request shown", "return !document.getElementById('request').hidden");
    let shown = browser.script("return document.getElementById('request').innerText").as_str().unwrap().to_string();
    assert!(shown.contains(&reference), "{shown}");
    assert!(shown.contains(first_title.as_str()), "{shown}");
    let service = &titles[&first.service_id];
    for step in &service.steps {
        if let Some(answer) = first.answers.get(&step.id) {
            assert!(shown.contains(&step.question), "question {} shown: {shown}", step.id);
            let value = match answer {
                torget_common::protocol::Answer::One(v) => v.clone(),
                torget_common::protocol::Answer::Many(vs) => vs[0].clone(),
            };
            let words = step.options.get(&value).cloned().unwrap_or(value);
            assert!(shown.contains(&words), "answer to {} shown as {words:?}: {shown}", step.id);
        }
    }
    // Answers are words, never the codes the kiosk stores (`report-fault-call-back-yes`).
    let code = format!("{}-", first.service_id);
    assert!(!shown.contains(&code), "no answer shown as a code: {shown}");
    browser.screenshot("inbox-request-sv");

    // A booked time reads as the day and time, on the office's clock, not as the stored text.
    browser.click(&format!("tr[data-id='{}'] button.open", booked.id));
    let booked_reference = torget_common::reference::from_id(booked.id);
    browser.wait_until(
        "the booked request shown",
        &format!("return document.getElementById('request').innerText.includes('{booked_reference}')"),
    );
    let shown = browser.script("return document.querySelector('[data-field=answers]').innerText");
    let shown = shown.as_str().unwrap();
    assert!(shown.contains("tisdag 8 december 2026") && shown.contains("10:30"), "the time in words: {shown}");
    assert!(!shown.contains("2026-12-08T"), "not the stored text: {shown}");
    browser.screenshot("inbox-request-booked-sv");
    // The list says that this visitor's time went to someone else, so the handler gets in touch.
    let notice = browser.script(&format!(
        "const n = document.querySelector(\"tr[data-id='{}'] .lost\"); return n ? n.textContent : ''",
        booked.id
    ));
    assert!(
        notice.as_str().unwrap().contains("gick till ett annat besök innan ärendet kom fram"),
        "the lost time told: {notice}"
    );
    assert!(notice.as_str().unwrap().contains("2026-12-08"), "{notice}");
    browser.script(&format!("document.querySelector(\"tr[data-id='{}']\").scrollIntoView()", booked.id));
    browser.screenshot("inbox-lost-time-sv");
    browser.click(&format!("tr[data-id='{}'] button.open", first.id));
    browser.wait_until(
        "the first request shown again",
        &format!("return document.getElementById('request').innerText.includes('{reference}')"),
    );
    assert_eq!(browser.accessibility_problems(), Vec::<String>::new(), "the inbox meets WCAG 2.2 AA");

    // Downloads: the JSON is exactly what the kiosk sealed; the CSV names the questions.
    browser.click("#download-json");
    let json = wait_for_file(&downloads, &format!("request-{reference}.json"));
    let downloaded: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(downloaded, serde_json::to_value(first).unwrap(), "decrypted in the browser = what the kiosk enqueued");
    browser.click("#download-csv");
    let csv = wait_for_file(&downloads, &format!("request-{reference}.csv"));
    let first_question = &service.steps.iter().find(|s| first.answers.contains_key(&s.id)).unwrap().question;
    assert!(csv.contains(first_question.as_str()) && csv.contains(&reference), "{csv}");
    assert_eq!(csv.lines().count(), 2, "a heading row and a value row: {csv}");
    assert!(!csv.contains(&code), "the CSV has the answers in words: {csv}");

    // Print: only the request, none of the page around it.
    let pdf = dir.path().join("printed.pdf");
    std::fs::write(&pdf, browser.print_pdf()).unwrap();
    let _ = Command::new("pdftoppm")
        .args(["-png", "-r", "50", "-f", "1", "-l", "1"])
        .arg(&pdf)
        .arg(chromium::screenshots().join("inbox-printed"))
        .status();
    let printed = Command::new("pdftotext").arg("-enc").arg("UTF-8").arg(&pdf).arg("-").output().unwrap();
    let printed = String::from_utf8_lossy(&printed.stdout).into_owned();
    assert!(printed.contains(&reference), "{printed}");
    assert!(printed.contains(first_question.as_str()), "{printed}");
    assert!(!printed.contains(&code), "the printed request has the answers in words: {printed}");
    assert!(
        !printed.contains("privata nyckel") && !printed.contains("Skriv ut"),
        "only the request printed: {printed}"
    );

    // The two that must not be shown say why.
    browser.click(&format!("tr[data-id='{}'] button.open", bad_ids[0]));
    let error = browser.script("return document.querySelector('[data-field=error]').textContent");
    assert!(error.as_str().unwrap().starts_with("Ärendet kan inte dekrypteras"), "{error}");
    assert_eq!(browser.script("return document.querySelector('[data-field=answers]').children.length"), 0);
    browser.click(&format!("tr[data-id='{}'] button.open", bad_ids[1]));
    let error = browser.script("return document.querySelector('[data-field=error]').textContent");
    assert!(error.as_str().unwrap().contains("från en annan kiosk"), "{error}");

    // Mark as handled: who and when, in the list and the audit log.
    browser.click(&format!("tr[data-id='{}'] button.open", first.id));
    browser.click("#handled-form button");
    browser.wait_until(
        "the state changed",
        &format!("return document.querySelector(\"tr[data-id='{}'] .state\").textContent.startsWith('Hanterat av handlaggare')", first.id),
    );
    let row = rt.block_on(db.all()).unwrap().into_iter().find(|s| s.id == first.id.to_string()).unwrap();
    assert_eq!(row.handled_by.as_deref(), Some("handlaggare"));
    let audit = rt.block_on(db.audit_log(50)).unwrap();
    assert!(audit.iter().any(|e| e.actor == "handlaggare"
        && e.action == "request marked handled"
        && e.subject == first.id.to_string()));

    // The archive bridge delivered two of them: the archive registered one, refused the other;
    // the case handler sees both in the list and sends the refused one again.
    let (registered, refused) = (first.id.to_string(), opened[1].id.to_string());
    let delivered = vec![(registered.clone(), 0), (refused.clone(), 0)];
    assert_eq!(rt.block_on(db.archive_delivered("arkiv", delivered)).unwrap(), 2);
    let journal = torget_hub::store::ArchiveOutcome::Registered { journal: "2026/123".into(), system_id: "s".into() };
    assert!(rt.block_on(db.archive_receipt("arkiv", &registered, 0, journal)).unwrap());
    let refusal = torget_hub::store::ArchiveOutcome::Refused { message: "Tittel mangler <i>".into() };
    assert!(rt.block_on(db.archive_receipt("arkiv", &refused, 0, refusal)).unwrap());
    browser.go(&format!("http://{addr}/requests?state=all"));
    let archive_cell = |id: &str| format!("document.querySelector(\"tr[data-id='{id}'] .archive\").textContent");
    browser.wait_until(
        "the journal number shown",
        &format!("return {}.includes('Registrerat i arkivet som 2026/123')", archive_cell(&registered)),
    );
    let said = browser.script(&format!("return {}", archive_cell(&refused)));
    assert!(said.as_str().unwrap().contains("Arkivet tog inte emot det: Tittel mangler <i>"), "{said}");
    assert_eq!(browser.accessibility_problems(), Vec::<String>::new());
    browser.screenshot("inbox-archive-sv");
    browser.click(&format!("tr[data-id='{refused}'] .archive button"));
    browser.wait_until(
        "sent again",
        &format!("return {}.includes('Väntar på att lämnas till arkivet igen')", archive_cell(&refused)),
    );
    let states: std::collections::BTreeMap<String, _> = rt.block_on(db.archive_states()).unwrap().into_iter().collect();
    assert_eq!((states[&refused].state.as_str(), states[&refused].round), ("again", 1));
    let audit = rt.block_on(db.audit_log(50)).unwrap();
    assert!(audit.iter().any(|e| e.actor == "handlaggare" && e.action == "request sent to the archive again"));

    // The same in English, for the screenshot.
    browser.go(&format!("http://{addr}/requests?lang=en"));
    browser.choose_file("#key-file", &key_file);
    browser.wait_until("the key opened", "return document.getElementById('inbox').dataset.keyOpen === '1'");
    browser.screenshot("inbox-en");
    browser.click(&format!("tr[data-id='{}'] button.open", opened[1].id));
    browser.wait_until("the request shown", "return !document.getElementById('request').hidden");
    browser.screenshot("inbox-request-en");
    drop(browser);

    // The relay saw the browser's requests (the sign-ins, the texts, the mark), so it saw everything.
    let traffic = sent.text();
    assert!(traffic.contains("POST /requests/handled") && traffic.contains("GET /requests/texts.json"), "relay works");
    assert!(traffic.contains("POST /v1/submissions"), "the kiosk's uploads passed the relay");
    let secrets: Vec<&str> = words.iter().map(String::as_str).chain([key_text.trim()]).collect();
    let hub_log = log.text();
    assert!(hub_log.contains("batch stored"), "the hub's log was captured: {hub_log}");
    let mut on_disk = Vec::new();
    for entry in std::fs::read_dir(dir.path()).unwrap() {
        let path = entry.unwrap().path();
        if path.file_name().unwrap().to_string_lossy().starts_with("hub.db") {
            on_disk.extend(std::fs::read(&path).unwrap());
        }
    }
    let on_disk = String::from_utf8_lossy(&on_disk).into_owned();
    assert!(on_disk.len() > 4096, "the hub's database was read");
    for secret in secrets {
        assert!(!traffic.contains(secret), "the hub was sent {secret:?}");
        assert!(!hub_log.contains(secret), "the hub logged {secret:?}");
        assert!(!on_disk.contains(secret), "the hub stored {secret:?}");
    }
}
