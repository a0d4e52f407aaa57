//! The archive bridge against a real hub (its HTTP API on loopback, its SQLite store), with the
//! demo content: every service in every language becomes one package whose `arkivmelding.xml`
//! passes KS's schemas (`xmllint`), whose PDF is PDF/A-2 with its fonts embedded and its answers
//! found by `pdftotext`; receipts go back to the hub; the bridge's credential opens nothing else;
//! and a bridge killed at random points still makes exactly one package per request.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use torget_common::protocol::{Answer, Submission};
use torget_common::seal::OpeningKey;
use torget_content::content::{Catalog, FieldKind};
use torget_hub::store::{HubStore, Incoming};
use torget_testing::workspace;

fn schemas() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("schemas/fiks-arkiv")
}

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// `xmllint --noout --nonet --schema` of `file` against the schema `xsd`: its verdict and words.
fn xmllint(xsd: &str, file: &Path) -> (bool, String) {
    let out = Command::new("xmllint")
        .args(["--noout", "--nonet", "--schema"])
        .arg(schemas().join(xsd))
        .arg(file)
        .output()
        .expect("xmllint (libxml2-utils) is installed");
    (out.status.success(), String::from_utf8_lossy(&out.stderr).into_owned())
}

const ARKIVMELDING: &str = "no.ks.fiks.arkiv.v1.arkivering.arkivmelding.opprett.xsd";

/// The `torget-hub` program, built beside this test by `cargo test --workspace`.
fn hub_binary() -> PathBuf {
    let exe = std::env::current_exe().unwrap();
    let hub = exe.parent().and_then(Path::parent).unwrap().join("torget-hub");
    assert!(hub.exists(), "{} is missing: build it with `cargo build -p torget-hub`", hub.display());
    hub
}

/// A real `torget-hub` process serving `db` at `addr` on loopback; killed (SIGKILL) when dropped.
fn serve(db: &Path, addr: std::net::SocketAddr) -> torget_testing::HubProcess {
    let mut command = Command::new(hub_binary());
    command.env("TORGET_LOG", "error").arg("--db").arg(db);
    torget_testing::HubProcess::start(command, addr, &[])
}

/// The words a test typed into a text question, per language: found again in the PDF.
fn typed(lang: &str, n: usize) -> String {
    match lang {
        "ar" => format!("شارع الكنيسة {n}"),
        "uk" => format!("Вулиця Шевченка {n}"),
        "fi" => format!("Kirkkokatu {n}"),
        "sv" => format!("Storgatan {n}"),
        "nb" => format!("Storgata {n}"),
        _ => format!("Church Street {n}"),
    }
}

/// A request for `service` in `lang` with every question answered.
fn request(catalog: &Catalog, service: &str, lang: &str, n: usize) -> Submission {
    let s = catalog.service(service).unwrap();
    let mut answers = BTreeMap::new();
    for (i, step) in s.steps.iter().enumerate() {
        let answer = match step.kind {
            FieldKind::YesNo => Answer::One("yes".into()),
            FieldKind::Choice => Answer::One(step.options[0].clone()),
            FieldKind::MultiChoice => Answer::Many(step.options[..2].to_vec()),
            FieldKind::Date => Answer::One("2026-12-10".into()),
            FieldKind::Number => Answer::One("3".into()),
            FieldKind::Phone => Answer::One("+4712345678".into()),
            FieldKind::Email => Answer::One("ola@example.no".into()),
            FieldKind::Postcode => Answer::One("0150".into()),
            FieldKind::PersonalId => Answer::One("811218-9876".into()),
            _ => Answer::One(typed(lang, n * 100 + i)),
        };
        answers.insert(step.id.clone(), answer);
    }
    let now = time::OffsetDateTime::now_utc();
    Submission::new(service, 1, lang, answers, "kiosk-1", now)
}

struct Setup {
    dir: tempfile::TempDir,
    db: PathBuf,
    config: PathBuf,
    out: PathBuf,
    incoming: PathBuf,
    catalog: Catalog,
    /// Request id → the request, for every request the kiosk sent.
    sent: BTreeMap<String, Submission>,
    addr: std::net::SocketAddr,
    bridge_token: String,
    hub: Option<torget_testing::HubProcess>,
}

/// A hub with the demo content published, a kiosk that sent `per_language` requests of every
/// service in every language, and a bridge's configuration.
fn setup(per_language: usize) -> Setup {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("hub.db");
    let catalog = Catalog::load(&workspace()).unwrap();
    let key = OpeningKey::generate();
    let sealing = key.sealing_key();
    let mut store = HubStore::open(&db).unwrap();
    store.add_kiosk("kiosk-1").unwrap();
    store.set_place("kiosk-1", "Biblioteket, inngangen", "test").unwrap();
    let (signing, _) = torget_common::bundle::generate_signing_key();
    let bundle = torget_common::bundle::pack(&workspace(), "v1", 1).unwrap();
    let signed = torget_common::bundle::sign(&bundle, &signing).unwrap();
    store.publish_bundle("v1", &serde_json::to_string(&signed).unwrap()).unwrap();
    let bridge_token = store.add_archive_bridge("arkiv").unwrap();
    let mut sent = BTreeMap::new();
    let mut incoming = Vec::new();
    let mut n = 0;
    for _ in 0..per_language {
        for lang in catalog.languages.iter().map(|l| l.code.clone()) {
            for service in catalog.services.iter().map(|s| s.id.clone()) {
                n += 1;
                let r = request(&catalog, &service, &lang, n);
                let json = serde_json::to_vec(&r).unwrap();
                incoming.push(Incoming {
                    id: r.id.to_string(),
                    service_id: service.clone(),
                    created_at_ms: r.created_at_ms(),
                    sealed: sealing.seal(&json).unwrap(),
                });
                sent.insert(r.id.to_string(), r);
            }
        }
    }
    store.insert_batch("kiosk-1", &incoming).unwrap();
    drop(store);
    let addr = torget_testing::free_address();
    let hub = Some(serve(&db, addr));
    std::fs::write(dir.path().join("token"), &bridge_token).unwrap();
    std::fs::write(dir.path().join("private.key"), key.to_base64()).unwrap();
    let (out, inbox) = (dir.path().join("out"), dir.path().join("in"));
    let config = dir.path().join("archive.toml");
    std::fs::write(
        &config,
        format!(
            "hub_url = \"http://{addr}\"\ntoken_file = {:?}\nprivate_key_file = {:?}\nformat = \"fiks-arkiv\"\noutgoing = {:?}\nincoming = {:?}\nstate_dir = {:?}\nmunicipality = \"Eksempel kommune\"\nlanguage = \"nb\"\nevery_seconds = 1\n\n[fiks_arkiv]\narkivdel = \"SAK\"\nklassifikasjonssystem = \"ORG\"\nklasse = \"100\"\n",
            dir.path().join("token"),
            dir.path().join("private.key"),
            out,
            inbox,
            dir.path().join("state"),
        ),
    )
    .unwrap();
    Setup { dir, db, config, out, incoming: inbox, catalog, sent, addr, bridge_token, hub }
}

fn bridge(config: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_torget-archive"));
    c.env("TORGET_LOG", "error");
    c.arg("run").arg("--config").arg(config);
    c
}

fn run_once(config: &Path) -> String {
    let out = bridge(config).arg("--once").output().unwrap();
    assert!(out.status.success(), "{}\n{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The packages in the outgoing folder, by name.
fn packages(out: &Path) -> Vec<String> {
    let mut names: Vec<String> = match std::fs::read_dir(out) {
        Ok(entries) => entries.map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect(),
        Err(_) => Vec::new(),
    };
    names.sort();
    names
}

fn pdftotext(file: &Path) -> String {
    let out = Command::new("pdftotext").arg(file).arg("-").output().unwrap();
    assert!(out.status.success());
    String::from_utf8(out.stdout).unwrap().replace(['\u{202a}', '\u{202b}', '\u{202c}'], "")
}

/// The contents of an element, every time it occurs.
fn elements<'a>(xml: &'a str, name: &str) -> Vec<&'a str> {
    let (open, close) = (format!("<{name}>"), format!("</{name}>"));
    xml.split(&open).skip(1).filter_map(|rest| rest.split(&close).next()).collect()
}

#[test]
fn every_request_of_every_service_and_language_lands_as_one_valid_arkivmelding_with_a_pdf_a() {
    // The control: KS's own valid message passes, their faulty one fails, with the same set-up.
    let (n6, said) = xmllint(ARKIVMELDING, &fixtures().join("ks/NyJournalpostN6/arkivmelding.xml"));
    assert!(n6, "{said}");
    let (fx, said) = xmllint(ARKIVMELDING, &fixtures().join("ks/NySaksmappeFX/arkivmelding.xml"));
    assert!(!fx && said.contains("klassifikasjon"), "{said}");

    let s = setup(1);
    let said = run_once(&s.config);
    assert!(said.contains(&format!("packages: {}", s.sent.len())), "{said}");
    let names = packages(&s.out);
    assert_eq!(names.len(), s.sent.len(), "one package per request");
    for (id, r) in &s.sent {
        let folder = s.out.join(format!("torget-{id}"));
        let xml_file = folder.join("arkivmelding.xml");
        let (valid, said) = xmllint(ARKIVMELDING, &xml_file);
        assert!(valid, "{} {}: {said}", r.service_id, r.lang);
        let xml = std::fs::read_to_string(&xml_file).unwrap();
        let files = elements(&xml, "referanseDokumentfil");
        assert_eq!(elements(&xml, "antallFiler"), [files.len().to_string().as_str()]);
        for f in &files {
            assert!(folder.join(f).is_file(), "{f} is in the package");
        }
        assert!(xml.contains(&format!("<n5mdk:noekkel>{id}</n5mdk:noekkel>")));
        assert_eq!(std::fs::read(folder.join("request.json")).unwrap(), serde_json::to_vec(r).unwrap());
        let pdf = std::fs::read(folder.join("request.pdf")).unwrap();
        assert!(String::from_utf8_lossy(&pdf).contains("<pdfaid:part>2</pdfaid:part>"));
        let fonts = Command::new("pdffonts").arg(folder.join("request.pdf")).output().unwrap();
        let fonts = String::from_utf8_lossy(&fonts.stdout).into_owned();
        let rows: Vec<&str> = fonts.lines().skip(2).collect();
        assert!(!rows.is_empty() && rows.iter().all(|l| l.split_whitespace().rev().nth(4) == Some("yes")), "{fonts}");
        let text = pdftotext(&folder.join("request.pdf"));
        assert!(text.contains(&torget_common::reference::from_id(r.id)), "the reference code");
        assert!(text.contains("Biblioteket, inngangen"), "the place");
        for answer in r.answers.values() {
            if let Answer::One(words) = answer
                && words.chars().any(char::is_alphabetic)
                && !["yes"].contains(&words.as_str())
                && !s.catalog.service(&r.service_id).unwrap().steps.iter().any(|st| st.options.contains(words))
            {
                assert!(text.contains(words.as_str()), "{} {}: `{words}` in the PDF:\n{text}", r.service_id, r.lang);
            }
        }
        if r.lang != "nb" {
            assert!(text.contains("Norsk"), "{} {}: the answers again in Norwegian:\n{text}", r.service_id, r.lang);
        }
    }
    // The hub knows every one is delivered, so another round makes nothing; a hub that forgets
    // and offers them all again makes no second package either.
    let hub = HubStore::open(&s.db).unwrap();
    let states = hub.archive_states().unwrap();
    assert_eq!(states.len(), s.sent.len());
    assert!(states.iter().all(|(_, a)| a.state == "delivered" && a.round == 0));
    assert!(run_once(&s.config).contains("packages: 0"));
    rusqlite::Connection::open(&s.db).unwrap().execute("DELETE FROM archive_state", []).unwrap();
    assert!(run_once(&s.config).contains("packages: 0"));
    assert_eq!(packages(&s.out).len(), s.sent.len());
    // The same requests make the same package bytes: a second bridge with a ledger and outgoing
    // folder of its own, offered them all again, writes every file byte for byte the same.
    let again = s.dir.path().join("again.toml");
    let text = std::fs::read_to_string(&s.config).unwrap();
    let out2 = s.dir.path().join("out2");
    std::fs::write(
        &again,
        text.replace(&format!("{:?}", s.out), &format!("{out2:?}"))
            .replace(&format!("{:?}", s.dir.path().join("state")), &format!("{:?}", s.dir.path().join("state2"))),
    )
    .unwrap();
    rusqlite::Connection::open(&s.db).unwrap().execute("DELETE FROM archive_state", []).unwrap();
    run_once(&again);
    assert_eq!(packages(&out2), packages(&s.out));
    for name in packages(&s.out) {
        for file in ["arkivmelding.xml", "request.pdf", "request.json"] {
            let (a, b) = (s.out.join(&name).join(file), out2.join(&name).join(file));
            assert!(std::fs::read(&a).unwrap() == std::fs::read(&b).unwrap(), "{name}/{file}: the same bytes");
        }
    }
}

#[test]
fn receipts_register_the_journal_number_on_the_hub_a_refusal_can_be_sent_again_and_the_credential_opens_nothing_else() {
    let s = setup(1);
    run_once(&s.config);
    let ids: Vec<&String> = s.sent.keys().collect();
    let (ok, existing, refused, garbage) = (ids[0], ids[1], ids[2], ids[3]);
    std::fs::create_dir_all(&s.incoming).unwrap();
    let kvittering = std::fs::read_to_string(fixtures().join("example-kvittering.xml"))
        .unwrap()
        .replace("<journalaar>2025</journalaar>", "<journalaar>2026</journalaar>");
    for file in ["example-kvittering.xml", "example-ugyldigforespoersel.xml"] {
        let (valid, said) = xmllint(
            if file.contains("kvittering") {
                "no.ks.fiks.arkiv.v1.arkivering.arkivmelding.opprett.kvittering.xsd"
            } else {
                "no.ks.fiks.arkiv.v1.feilmelding.ugyldigforespoersel.xsd"
            },
            &fixtures().join(file),
        );
        assert!(valid, "{file}: {said}");
    }
    std::fs::write(s.incoming.join(format!("torget-{ok}.xml")), &kvittering).unwrap();
    std::fs::write(
        s.incoming.join(format!("torget-{existing}.xml")),
        kvittering.replace(">Opprettet<", ">Eksisterende<").replace(">123<", ">124<"),
    )
    .unwrap();
    std::fs::copy(fixtures().join("example-ugyldigforespoersel.xml"), s.incoming.join(format!("torget-{refused}.xml")))
        .unwrap();
    std::fs::write(s.incoming.join(format!("torget-{garbage}.xml")), "<not-a-receipt/>").unwrap();
    let out = bridge(&s.config).arg("--once").output().unwrap();
    assert!(!out.status.success(), "an unreadable receipt is reported");
    assert!(String::from_utf8_lossy(&out.stderr).contains("not an answer of the archive"));
    assert!(s.incoming.join("unreadable").join(format!("torget-{garbage}.xml")).is_file());
    assert_eq!(std::fs::read_dir(s.incoming.join("done")).unwrap().count(), 3);

    let hub = HubStore::open(&s.db).unwrap();
    let states: BTreeMap<String, _> = hub.archive_states().unwrap().into_iter().collect();
    assert_eq!((states[ok].state.as_str(), states[ok].journal.as_deref()), ("registered", Some("2026/123")));
    assert_eq!(
        (states[existing].state.as_str(), states[existing].journal.as_deref()),
        ("registered", Some("2026/124"))
    );
    assert_eq!(states[refused].state, "refused");
    assert!(states[refused].message.as_deref().unwrap().contains("tittel"));
    drop(hub);

    // A case handler sends the refused one again: a second package, for round 1.
    let mut hub = HubStore::open(&s.db).unwrap();
    assert!(hub.archive_again(refused, "saksbehandler").unwrap());
    assert!(!hub.archive_again(ok, "saksbehandler").unwrap(), "only a refused request is sent again");
    drop(hub);
    assert!(run_once(&s.config).contains("packages: 1"));
    assert!(s.out.join(format!("torget-{refused}-1")).join("arkivmelding.xml").is_file());
    assert_eq!(packages(&s.out).len(), s.sent.len() + 1);

    // The bridge's credential on a kiosk's routes: refused, and the refusal audited.
    let client = http::client();
    let other_routes = [
        ("POST", "/v1/heartbeat"),
        ("POST", "/v1/submissions"),
        ("GET", "/v1/content/latest"),
        ("GET", "/requests"),
        ("GET", "/accounts"),
        ("POST", "/requests/archive-again"),
        ("GET", "/audit.csv"),
    ];
    for (method, path) in other_routes {
        let status = client(method, s.addr, path, &s.bridge_token);
        assert_eq!(status, 401, "{method} {path}");
    }
    let hub = HubStore::open(&s.db).unwrap();
    let refusals = hub.audit_log(200).unwrap().into_iter().filter(|e| e.action == "archive bridge refused").count();
    assert_eq!(refusals, other_routes.len(), "every refusal audited");
    // A kiosk's credential on the bridge's route: refused.
    let kiosk_token = HubStore::open(&s.db).unwrap().add_kiosk("kiosk-2").unwrap();
    assert_eq!(client("GET", s.addr, "/v1/archive/requests", &kiosk_token), 401);
}

/// A minimal HTTP/1.1 client for one request with a bearer credential and an empty JSON body; the
/// status it gets.
mod http {
    use std::io::{Read, Write};

    pub fn client() -> impl Fn(&str, std::net::SocketAddr, &str, &str) -> u16 {
        |method, addr, path, token| {
            let mut s = std::net::TcpStream::connect(addr).unwrap();
            let body = "{}";
            write!(
                s,
                "{method} {path} HTTP/1.1\r\nHost: hub\r\nAuthorization: Bearer {token}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            )
            .unwrap();
            let mut answer = String::new();
            s.read_to_string(&mut answer).unwrap();
            answer.split_whitespace().nth(1).unwrap().parse().unwrap()
        }
    }
}

/// The bridge killed (SIGKILL) at random points while it works through many requests, and started
/// again each time, the hub killed and started again every other time: in the end every request
/// is in exactly one package, none lost, none doubled, and the staging folder is empty.
#[test]
fn a_bridge_and_hub_killed_at_random_points_make_exactly_one_package_per_request() {
    let mut s = setup(2);
    let total = s.sent.len();
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15 ^ std::process::id() as u64;
    let (mut kills, mut mid_work) = (0, 0);
    let deadline = std::time::Instant::now() + Duration::from_secs(240);
    loop {
        let mut child = bridge(&s.config).spawn().unwrap();
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        // Short lives, so that most kills land while packages are being written, not after.
        let after = Duration::from_millis(5 + seed % 150);
        std::thread::sleep(after); // the random point of the kill, not a wait for anything
        let _ = child.kill();
        let _ = child.wait();
        kills += 1;
        if kills % 2 == 0 {
            drop(s.hub.take());
            s.hub = Some(serve(&s.db, s.addr));
        }
        let state = HubStore::open(&s.db).unwrap().archive_states().unwrap();
        if state.len() < total {
            mid_work += 1;
        }
        if state.len() == total && kills >= 5 {
            break;
        }
        assert!(std::time::Instant::now() < deadline, "the bridge never finished: {} of {total}", state.len());
    }
    assert!(mid_work >= 5, "only {mid_work} of {kills} kills came before the work was done");
    run_once(&s.config);
    let names = packages(&s.out);
    let expected: Vec<String> = s.sent.keys().map(|id| format!("torget-{id}")).collect();
    assert_eq!(names, expected, "every request in exactly one package after {kills} kills");
    let staging = s.dir.path().join("state/staging");
    assert_eq!(std::fs::read_dir(&staging).unwrap().count(), 0, "nothing left half made");
    for name in &names {
        let (valid, said) = xmllint(ARKIVMELDING, &s.out.join(name).join("arkivmelding.xml"));
        assert!(valid, "{name}: {said}");
    }
}

/// The Python of the virtual environment `make eark-validator` makes, with eark-validator in it.
fn eark_python() -> PathBuf {
    let python = workspace().join("target/tools/eark/bin/python");
    assert!(python.exists(), "{} is missing: `make eark-validator` installs eark-validator", python.display());
    python
}

/// The same demo requests with the bridge set for Sweden: every one becomes one E-ARK SIP that
/// eark-validator (CSIP/SIP 2.1) finds well-formed and METS-valid, whose representation METS is
/// valid too and whose every file has the size and SHA-256 METS gives; a damaged copy fails.
#[test]
fn every_request_lands_as_one_e_ark_sip_that_eark_validator_accepts() {
    let s = setup(1);
    let text = std::fs::read_to_string(&s.config)
        .unwrap()
        .replace("format = \"fiks-arkiv\"", "format = \"e-ark-sip\"")
        .replace("language = \"nb\"", "language = \"sv\"")
        .replace("Eksempel kommune", "Exempel kommun");
    std::fs::write(&s.config, format!("{text}\n[e_ark]\nsubmission_agreement = \"RA 2026-17\"\n")).unwrap();
    let said = run_once(&s.config);
    assert!(said.contains(&format!("packages: {}", s.sent.len())), "{said}");
    let names = packages(&s.out);
    assert_eq!(names.len(), s.sent.len(), "one package per request");

    // A damaged copy, so the check is seen to fail: a data file gone and an element METS does not
    // have.
    let damaged = s.dir.path().join("damaged/torget-damaged");
    std::fs::create_dir_all(&damaged).unwrap();
    copy_tree(&s.out.join(&names[0]), &damaged);
    std::fs::remove_file(damaged.join("representations/rep1/data/request.json")).unwrap();
    let mets = std::fs::read_to_string(damaged.join("METS.xml")).unwrap();
    std::fs::write(damaged.join("METS.xml"), mets.replacen("<mets:dmdSec", "<mets:parcel/><mets:dmdSec", 1)).unwrap();

    let out = Command::new(eark_python())
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/eark/validate.py"))
        .args(names.iter().map(|n| s.out.join(n)))
        .arg(&damaged)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["served_offline"].as_array().unwrap().len(), 4, "the four vocabularies, from the wheel");
    let results = report["packages"].as_array().unwrap();
    assert_eq!(results.len(), names.len() + 1);
    for p in &results[..names.len()] {
        let name = p["package"].as_str().unwrap();
        assert_eq!(p["structure"], "WellFormed", "{name}: {p}");
        assert_eq!(p["schema"], "VALID", "{name}: {p}");
        // SIP14 asks every CREATOR agent for an IDENTIFICATIONCODE note, while CSIP16 asks the
        // software agent for a SOFTWARE VERSION note: eark-validator 1.1.3 applies both to the one
        // agent CSIP requires, so no package satisfies both. Nothing else may report an error.
        let errors: std::collections::BTreeSet<&str> = p["schematron"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|r| r[1] == "Error")
            .map(|r| r[0].as_str().unwrap())
            .collect();
        assert_eq!(errors.into_iter().collect::<Vec<_>>(), ["SIP14"], "{name}: {}", p["schematron"]);
        let reps = p["representations"].as_object().unwrap();
        assert_eq!(reps.len(), 1, "{name}");
        assert!(reps.values().all(|r| r["valid"] == true), "{name}: {reps:?}");
        let refs = p["references"].as_object().unwrap();
        assert_eq!(refs["METS.xml"]["checked"], 7, "{name}: dc, premis, readme, three schemas, the representation");
        assert_eq!(refs["representations/rep1/METS.xml"]["checked"], 3, "{name}: premis, PDF, JSON");
        assert!(refs.values().all(|r| r["problems"].as_array().unwrap().is_empty()), "{name}: {refs:?}");
    }
    let bad = &results[names.len()];
    assert_eq!(bad["schema"], "INVALID", "{bad}");
    let problems = bad["references"]["representations/rep1/METS.xml"]["problems"].to_string();
    assert!(problems.contains("data/request.json: missing"), "{problems}");

    // What is in them: the request as sealed, its PDF/A in Swedish and in the visitor's language,
    // and the description an archivist searches by.
    for (id, r) in &s.sent {
        let folder = s.out.join(format!("torget-{id}"));
        let data = folder.join("representations/rep1/data");
        assert_eq!(std::fs::read(data.join("request.json")).unwrap(), serde_json::to_vec(r).unwrap());
        let pdf = std::fs::read(data.join("request.pdf")).unwrap();
        assert!(String::from_utf8_lossy(&pdf).contains("<pdfaid:part>2</pdfaid:part>"));
        let reference = torget_common::reference::from_id(r.id);
        let dc = std::fs::read_to_string(folder.join("metadata/descriptive/dc.xml")).unwrap();
        assert!(dc.contains(&format!("<dc:identifier>{reference}</dc:identifier>")), "{dc}");
        assert!(dc.contains(&format!("<dc:subject>{}</dc:subject>", r.service_id)), "{dc}");
        assert!(dc.contains("<dc:creator>Exempel kommun</dc:creator>"), "{dc}");
        let root = std::fs::read_to_string(folder.join("METS.xml")).unwrap();
        assert!(root.contains("<mets:altRecordID TYPE=\"SUBMISSIONAGREEMENT\">RA 2026-17</mets:altRecordID>"));
        if r.lang == "ar" {
            let text = pdftotext(&data.join("request.pdf"));
            assert!(text.contains("Referens") && text.contains(&reference), "{text}");
            assert!(text.contains("Svenska") || text.contains("svenska"), "the answers in Swedish too:\n{text}");
        }
    }
}

fn copy_tree(from: &Path, to: &Path) {
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}
