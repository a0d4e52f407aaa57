//! The `torget-hub` binary as the municipality's IT and a case handler use it.

use torget_testing::pg;

use std::path::PathBuf;
use std::process::Command;

/// The workspace root, where the demo content lives.
fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

#[test]
fn the_case_handler_exports_received_requests_decrypted_with_the_private_key() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("hub.db");
    let hub = || {
        let mut c = Command::new(env!("CARGO_BIN_EXE_torget-hub"));
        c.arg("--db").arg(&db).env("TORGET_LOG", "error");
        c
    };
    let add = hub().args(["kiosk", "add", "library-1"]).output().unwrap();
    assert!(add.status.success());
    let token = String::from_utf8(add.stdout).unwrap();
    assert!(token.trim().starts_with("library-1."));
    let raw = std::fs::read(&db).unwrap();
    assert!(!raw.windows(token.trim().len()).any(|w| w == token.trim().as_bytes()), "only a hash is kept");

    let key = torget_common::seal::OpeningKey::generate();
    std::fs::write(dir.path().join("municipality.key"), key.to_base64()).unwrap();
    let catalog = torget_content::content::Catalog::load(&root()).unwrap();
    let mut answers = std::collections::BTreeMap::new();
    answers.insert("where".to_string(), torget_common::protocol::Answer::One("Kyrkgatan 2".into()));
    let service = catalog.service("report-fault").unwrap();
    let submission = torget_common::protocol::Submission::new(
        &service.id,
        service.version,
        "sv",
        answers,
        "library-1",
        time::OffsetDateTime::now_utc(),
    );
    let sealed = key.sealing_key().seal(&serde_json::to_vec(&submission).unwrap()).unwrap();
    torget_hub::store::HubStore::open(&db)
        .unwrap()
        .insert_batch(
            "library-1",
            &[torget_hub::store::Incoming {
                id: submission.id.to_string(),
                service_id: "report-fault".into(),
                created_at_ms: 0,
                sealed,
            }],
        )
        .unwrap();

    let out = hub().arg("export").arg("--private-key").arg(dir.path().join("municipality.key")).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let line = String::from_utf8(out.stdout).unwrap();
    let exported: torget_common::protocol::Submission = serde_json::from_str(line.trim()).unwrap();
    assert_eq!(exported, submission);

    let wrong = torget_common::seal::OpeningKey::generate();
    std::fs::write(dir.path().join("wrong.key"), wrong.to_base64()).unwrap();
    let out = hub().arg("export").arg("--private-key").arg(dir.path().join("wrong.key")).output().unwrap();
    assert!(!out.status.success(), "a wrong key opens nothing");

    assert!(hub().args(["kiosk", "revoke", "library-1"]).status().unwrap().success());
    assert!(!hub().args(["kiosk", "revoke", "library-1"]).status().unwrap().success(), "already revoked");
}

/// The same commands against PostgreSQL: IT points the hub at the database server it already runs.
#[test]
fn every_command_works_against_postgresql() {
    let cluster = pg::PgCluster::start();
    let url = cluster.new_database("hub");
    let dir = tempfile::tempdir().unwrap();
    let hub = || {
        let mut c = Command::new(env!("CARGO_BIN_EXE_torget-hub"));
        c.env("TORGET_HUB_DATABASE", &url).env("TORGET_LOG", "error");
        c
    };
    let add = hub().args(["kiosk", "add", "library-1"]).output().unwrap();
    assert!(add.status.success(), "{}", String::from_utf8_lossy(&add.stderr));
    let token = String::from_utf8(add.stdout).unwrap().trim().to_string();

    // A kiosk's request arrives (through the same store the HTTP API uses).
    let key = torget_common::seal::OpeningKey::generate();
    std::fs::write(dir.path().join("municipality.key"), key.to_base64()).unwrap();
    let mut answers = std::collections::BTreeMap::new();
    answers.insert("where".to_string(), torget_common::protocol::Answer::One("Kyrkgatan 2".into()));
    let submission = torget_common::protocol::Submission::new(
        "report-fault",
        1,
        "sv",
        answers,
        "library-1",
        time::OffsetDateTime::now_utc(),
    );
    let sealed = key.sealing_key().seal(&serde_json::to_vec(&submission).unwrap()).unwrap();
    let runtime = tokio::runtime::Runtime::new().unwrap();
    runtime.block_on(async {
        let location = torget_hub::store::Location::Postgres(url.clone());
        let db = torget_hub::store::Database::open(&location).await.unwrap();
        assert_eq!(db.authenticate(&token).await.unwrap().as_deref(), Some("library-1"));
        let incoming = torget_hub::store::Incoming {
            id: submission.id.to_string(),
            service_id: "report-fault".into(),
            created_at_ms: 0,
            sealed,
        };
        db.insert_batch("library-1", vec![incoming]).await.unwrap();
        db.record_heartbeat(
            "library-1",
            torget_common::protocol::Heartbeat {
                version: "0.1.0".into(),
                queue_depth: 2,
                last_error: None,
                help_requested: true,
                printer: Some("not working: the printer is stopped".into()),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    });

    let placed = hub().args(["kiosk", "place", "library-1", "by the entrance, main library"]).output().unwrap();
    assert!(placed.status.success(), "{}", String::from_utf8_lossy(&placed.stderr));
    let unknown = hub().args(["kiosk", "place", "no-such-kiosk", "attic"]).output().unwrap();
    assert!(!unknown.status.success() && String::from_utf8_lossy(&unknown.stderr).contains("no kiosk named"));
    let list = hub().args(["kiosk", "list"]).output().unwrap();
    let list = String::from_utf8(list.stdout).unwrap();
    assert!(list.contains("library-1 (by the entrance, main library)"), "{list}");
    assert!(list.contains("library-1") && list.contains("queue 2") && list.contains("HELP"), "{list}");
    assert!(list.contains("printer not working: the printer is stopped"), "{list}");

    let out = hub().arg("export").arg("--private-key").arg(dir.path().join("municipality.key")).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let exported: torget_common::protocol::Submission =
        serde_json::from_str(String::from_utf8(out.stdout).unwrap().trim()).unwrap();
    assert_eq!(exported, submission);

    assert!(hub().args(["content", "keygen", "--out"]).arg(dir.path()).status().unwrap().success());
    let publish = hub()
        .args(["content", "publish"])
        .arg(root())
        .arg("--signing-key")
        .arg(dir.path().join("content-signing.key"))
        .args(["--version", "2026-11-30.1"])
        .output()
        .unwrap();
    assert!(publish.status.success(), "{}", String::from_utf8_lossy(&publish.stderr));
    let latest = runtime.block_on(async {
        let location = torget_hub::store::Location::Postgres(url.clone());
        torget_hub::store::Database::open(&location).await.unwrap().latest_bundle().await.unwrap()
    });
    assert_eq!(latest.map(|(v, _)| v).as_deref(), Some("2026-11-30.1"));

    assert!(hub().args(["kiosk", "revoke", "library-1"]).status().unwrap().success());
    assert!(!hub().args(["kiosk", "revoke", "library-1"]).status().unwrap().success(), "already revoked");
}

#[test]
fn a_database_address_that_is_neither_sqlite_nor_postgres_is_refused_clearly() {
    let out = Command::new(env!("CARGO_BIN_EXE_torget-hub"))
        .args(["--database", "mysql://db/hub", "kiosk", "list"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("neither sqlite:PATH nor postgres://"));
}

#[test]
fn a_database_password_is_never_printed_in_either_form_of_address() {
    // Nothing listens on port 1: the hub says it cannot open the database, and names it masked.
    for (address, shown) in [
        ("postgres://torget:hunter2@127.0.0.1:1/hub", "postgres://…@127.0.0.1:1/hub"),
        ("postgres://torget@127.0.0.1:1/hub?password=hunter2&sslmode=disable", "?password=…&sslmode=disable"),
        ("postgresql://127.0.0.1:1/hub?user=torget&PASSWORD=hunter2", "PASSWORD=…"),
    ] {
        let out = Command::new(env!("CARGO_BIN_EXE_torget-hub"))
            .args(["--database", address, "kiosk", "list"])
            .env("TORGET_LOG", "debug")
            .output()
            .unwrap();
        assert!(!out.status.success(), "{address}");
        let said = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
        assert!(!said.contains("hunter2"), "the password was printed: {said}");
        assert!(said.contains(shown), "the address is named, masked ({shown}): {said}");
    }
}

#[test]
fn the_audit_command_shows_a_forged_line_as_one_escaped_line_and_a_huge_name_cut() {
    let dir = tempfile::tempdir().unwrap();
    let db_path = dir.path().join("hub.db");
    let forged = "eve\n2026-12-02T10:00:00Z  admin  signed in\u{1b}[2K";
    tokio::runtime::Runtime::new().unwrap().block_on(async {
        let db =
            torget_hub::store::Database::open(&torget_hub::store::Location::Sqlite(db_path.clone())).await.unwrap();
        db.audit("command line", "user added (admin)", "anna").await.unwrap();
        // As an anonymous sign-in with a refused form token records the typed name.
        db.audit_anonymous(forged, "sign-in failed", "from 127.0.0.1").await.unwrap();
        db.audit_anonymous(&"x".repeat(1_500_000), "sign-in failed", "from 127.0.0.1").await.unwrap();
    });
    let audit = |args: &[&str]| {
        let out =
            Command::new(env!("CARGO_BIN_EXE_torget-hub")).arg("--db").arg(&db_path).arg("audit").args(args).output();
        let out = out.unwrap();
        assert!(out.status.success());
        String::from_utf8(out.stdout).unwrap()
    };
    let people = audit(&[]);
    assert_eq!(people.lines().count(), 1, "people's actions only: {people}");
    assert!(people.contains("command line  user added (admin)  anna"), "{people}");
    let text = audit(&["--sign-ins"]);
    assert_eq!(text.lines().count(), 2, "two entries, two lines: {text}");
    assert!(!text.contains("user added"), "{text}");
    assert!(!text.contains('\u{1b}'), "no terminal codes reach the terminal");
    assert!(text.contains("eve\\u{a}2026-12-02T10:00:00Z  admin  signed in\\u{1b}[2K"), "{text}");
    let longest = text.lines().map(|l| l.chars().count()).max().unwrap();
    assert!(
        longest < 400,
        "the 1.5 million characters were cut to {} per text: a line of {longest}",
        torget_hub::accounts::AUDIT_TEXT_MAX
    );
}

#[test]
fn export_names_a_request_it_cannot_open_and_still_exports_the_others() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("hub.db");
    let key = torget_common::seal::OpeningKey::generate();
    std::fs::write(dir.path().join("municipality.key"), key.to_base64()).unwrap();
    let mut store = torget_hub::store::HubStore::open(&db).unwrap();
    store.add_kiosk("library-1").unwrap();
    let good = |n: u8| {
        let mut answers = std::collections::BTreeMap::new();
        answers.insert("where".to_string(), torget_common::protocol::Answer::One(format!("Torget {n}")));
        torget_common::protocol::Submission::new(
            "report-fault",
            1,
            "sv",
            answers,
            "library-1",
            time::OffsetDateTime::now_utc(),
        )
    };
    let (first, last) = (good(1), good(2));
    let incoming = |s: &torget_common::protocol::Submission, sealed: Vec<u8>| torget_hub::store::Incoming {
        id: s.id.to_string(),
        service_id: "report-fault".into(),
        created_at_ms: 0,
        sealed,
    };
    let seal =
        |s: &torget_common::protocol::Submission| key.sealing_key().seal(&serde_json::to_vec(s).unwrap()).unwrap();
    let broken_id = "0193a5c2-7b1e-7c3d-9f00-00000000dead";
    let broken = torget_hub::store::Incoming {
        id: broken_id.into(),
        service_id: "report-fault".into(),
        created_at_ms: 0,
        sealed: vec![9; 200],
    };
    store.insert_batch("library-1", &[incoming(&first, seal(&first)), broken, incoming(&last, seal(&last))]).unwrap();

    let out = Command::new(env!("CARGO_BIN_EXE_torget-hub"))
        .arg("--db")
        .arg(&db)
        .arg("export")
        .arg("--private-key")
        .arg(dir.path().join("municipality.key"))
        .env("TORGET_LOG", "error")
        .output()
        .unwrap();
    assert!(!out.status.success(), "the exit status says something was left behind");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains(broken_id) && stderr.contains("library-1"), "{stderr}");
    let exported: Vec<torget_common::protocol::Submission> =
        String::from_utf8(out.stdout).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(exported, [first, last], "the rows before and after the bad one are exported");
}

#[test]
fn the_content_signing_key_is_private_and_a_version_must_be_a_name() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let hub = || {
        let mut c = Command::new(env!("CARGO_BIN_EXE_torget-hub"));
        c.arg("--db").arg(dir.path().join("hub.db")).env("TORGET_LOG", "error");
        c
    };
    assert!(hub().args(["content", "keygen", "--out"]).arg(dir.path()).status().unwrap().success());
    let key = dir.path().join("content-signing.key");
    assert_eq!(std::fs::metadata(&key).unwrap().permissions().mode() & 0o777, 0o600, "only its owner reads it");
    assert!(!hub().args(["content", "keygen", "--out"]).arg(dir.path()).status().unwrap().success(), "never replaced");
    for version in ["..", ".", "a/b", ""] {
        let out = hub()
            .args(["content", "publish"])
            .arg(root())
            .arg("--signing-key")
            .arg(&key)
            .args(["--version", version])
            .output()
            .unwrap();
        assert!(!out.status.success(), "{version:?} was published");
        assert!(String::from_utf8_lossy(&out.stderr).contains("not a plain name"), "{version:?}");
    }
    // Sequences only grow: kiosks refuse a bundle that is not newer than theirs.
    let publish = |version: &str, sequence: Option<&str>| {
        let mut c = hub();
        c.args(["content", "publish"]).arg(root()).arg("--signing-key").arg(&key).args(["--version", version]);
        if let Some(n) = sequence {
            c.args(["--sequence", n]);
        }
        c.output().unwrap()
    };
    assert!(publish("2026-11-30.1", Some("10")).status.success());
    let older = publish("2026-11-30.0", Some("9"));
    assert!(!older.status.success());
    assert!(String::from_utf8_lossy(&older.stderr).contains("not above"), "{older:?}");
    let next = publish("2026-11-30.2", None);
    assert!(next.status.success());
    let (_, latest) =
        torget_hub::store::HubStore::open(&dir.path().join("hub.db")).unwrap().latest_bundle().unwrap().unwrap();
    let sequence = torget_common::bundle::claimed_sequence(&serde_json::from_str(&latest).unwrap()).unwrap();
    assert!(sequence > 10, "{sequence}");
}

/// `content publish` numbered above the newest bundle only, the Content page above every
/// published one (issue 28): after a far-future sequence and a newer, lower one, the command
/// line chose a number below the first, which kiosks that had installed it would refuse.
#[test]
fn content_publish_numbers_above_every_published_bundle_as_the_content_page_does() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("hub.db");
    let hub = || {
        let mut c = Command::new(env!("CARGO_BIN_EXE_torget-hub"));
        c.arg("--db").arg(&db).env("TORGET_LOG", "error");
        c
    };
    assert!(hub().args(["content", "keygen", "--out"]).arg(dir.path()).status().unwrap().success());
    let key = dir.path().join("content-signing.key");
    let far = 90_000_000_000u64;
    let publish = |version: &str, sequence: Option<u64>| {
        let mut c = hub();
        c.args(["content", "publish"]).arg(root()).arg("--signing-key").arg(&key).args(["--version", version]);
        if let Some(n) = sequence {
            c.args(["--sequence", &n.to_string()]);
        }
        c.output().unwrap()
    };
    assert!(publish("2026-11-30.1", Some(far)).status.success());
    // A newer bundle with a lower sequence, as an earlier hub could leave behind.
    let signing = std::fs::read_to_string(&key).unwrap();
    let bundle =
        torget_common::bundle::Bundle { version: "2026-11-30.2".into(), sequence: 5, files: Default::default() };
    let signed = serde_json::to_string(&torget_common::bundle::sign(&bundle, &signing).unwrap()).unwrap();
    torget_hub::store::HubStore::open(&db).unwrap().publish_bundle("2026-11-30.2", &signed).unwrap();
    let asked_too_low = publish("2026-11-30.3", Some(far - 1));
    assert!(!asked_too_low.status.success());
    assert!(
        String::from_utf8_lossy(&asked_too_low.stderr)
            .contains(&format!("not above the last published bundle's ({far})"))
    );
    assert!(publish("2026-11-30.4", None).status.success());
    let (_, latest) = torget_hub::store::HubStore::open(&db).unwrap().latest_bundle().unwrap().unwrap();
    let sequence = torget_common::bundle::claimed_sequence(&serde_json::from_str(&latest).unwrap()).unwrap();
    assert_eq!(sequence, far + 1);
}

#[test]
fn under_systemd_log_lines_carry_their_level_for_the_journal_and_no_colour_codes() {
    let dir = tempfile::tempdir().unwrap();
    let addr = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap();
    for journal in [true, false] {
        let log = dir.path().join(format!("log-{journal}"));
        let mut serve = Command::new(env!("CARGO_BIN_EXE_torget-hub"));
        serve
            .arg("--db")
            .arg(dir.path().join("hub.db"))
            .args(["serve", "--listen", &addr.to_string()])
            .env("TORGET_LOG", "info")
            .env_remove("JOURNAL_STREAM")
            .stderr(std::fs::File::create(&log).unwrap());
        if journal {
            serve.env("JOURNAL_STREAM", "8:12345");
        }
        let mut child = serve.spawn().unwrap();
        let start = std::time::Instant::now();
        while !std::fs::read_to_string(&log).unwrap().contains("listening") {
            assert!(start.elapsed() < std::time::Duration::from_secs(20), "the hub never said it listens");
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        child.kill().unwrap();
        child.wait().unwrap();
        let text = std::fs::read_to_string(&log).unwrap();
        assert!(!text.contains('\u{1b}'), "no terminal colour codes in a file: {text:?}");
        if journal {
            // Info is <6>, the warning about plain HTTP <4>.
            assert!(text.lines().all(|l| l.starts_with('<')), "{text}");
            assert!(text.lines().any(|l| l.starts_with("<6>")) && text.lines().any(|l| l.starts_with("<4>")), "{text}");
        } else {
            assert!(text.contains(" INFO "), "{text}");
        }
    }
}

/// Runs `torget-hub` with `args` against `database`, `input` on standard input.
fn hub_with_input(database: &str, args: &[&str], input: &str) -> std::process::Output {
    use std::io::Write;
    let mut child = Command::new(env!("CARGO_BIN_EXE_torget-hub"))
        .env("TORGET_HUB_DATABASE", database)
        .env("TORGET_LOG", "error")
        .args(args)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // A command that refuses its arguments ends before it reads its input: the pipe is then closed,
    // and what it answers is what the test judges.
    match child.stdin.take().unwrap().write_all(input.as_bytes()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {}
        written => written.unwrap(),
    }
    child.wait_with_output().unwrap()
}

/// Adds, lists, resets and removes accounts as IT would, and reads the audit log; the password is
/// kept only as an argon2id hash that verifies.
fn accounts_are_managed_from_the_command_line(database: &str) {
    let out = |o: &std::process::Output| String::from_utf8_lossy(&o.stdout).to_string();
    let err = |o: &std::process::Output| String::from_utf8_lossy(&o.stderr).to_string();
    let rt = tokio::runtime::Runtime::new().unwrap();
    let location: torget_hub::store::Location = database.parse().unwrap();
    let open = || rt.block_on(torget_hub::store::Database::open(&location)).unwrap();

    let added = hub_with_input(database, &["user", "add", "anna", "--role", "case-handler"], "bibliotek vid torget\n");
    assert!(added.status.success(), "{}", err(&added));
    let desk = hub_with_input(database, &["user", "add", "bo", "--role", "desk"], "disken vid entrén 7\n");
    assert!(desk.status.success(), "{}", err(&desk));

    let short = hub_with_input(database, &["user", "add", "cecilia", "--role", "admin"], "kort\n");
    assert!(!short.status.success() && err(&short).contains("at least 12"), "{}", err(&short));
    let role = hub_with_input(database, &["user", "add", "cecilia", "--role", "boss"], "bibliotek vid torget\n");
    assert!(!role.status.success() && err(&role).contains("case-handler"), "{}", err(&role));
    let again = hub_with_input(database, &["user", "add", "anna", "--role", "admin"], "ett annat lösenord\n");
    assert!(!again.status.success() && err(&again).contains("already"), "{}", err(&again));

    let list = hub_with_input(database, &["user", "list"], "");
    assert!(out(&list).contains("anna  case-handler") && out(&list).contains("bo  desk"), "{}", out(&list));
    assert!(!out(&list).contains("cecilia"), "refused accounts are not added: {}", out(&list));

    let (user, hash) = rt.block_on(open().user_with_hash("anna")).unwrap().expect("anna exists");
    assert_eq!(user.role(), Some(torget_hub::accounts::Role::CaseHandler));
    assert!(hash.starts_with("$argon2id$") && !hash.contains("torget"), "{hash}");
    assert!(torget_hub::accounts::verify_password(&hash, "bibliotek vid torget"));

    let reset = hub_with_input(database, &["user", "reset", "anna"], "ett nytt långt lösenord\r\n");
    assert!(reset.status.success(), "{}", err(&reset));
    let (_, hash) = rt.block_on(open().user_with_hash("anna")).unwrap().unwrap();
    assert!(torget_hub::accounts::verify_password(&hash, "ett nytt långt lösenord"));
    assert!(!torget_hub::accounts::verify_password(&hash, "bibliotek vid torget"), "the old password is gone");

    let removed = hub_with_input(database, &["user", "remove", "bo"], "");
    assert!(removed.status.success(), "{}", err(&removed));
    let missing = hub_with_input(database, &["user", "remove", "bo"], "");
    assert!(!missing.status.success() && err(&missing).contains("no account named bo"), "{}", err(&missing));
    let missing = hub_with_input(database, &["user", "reset", "bo"], "ett nytt långt lösenord\n");
    assert!(!missing.status.success(), "a removed account gets no password");

    let audit = out(&hub_with_input(database, &["audit"], ""));
    let lines: Vec<&str> = audit.lines().collect();
    assert_eq!(lines.len(), 4, "{audit}");
    assert!(lines[0].contains("command line  user removed  bo"), "newest first: {audit}");
    assert!(lines[1].contains("password reset  anna"), "{audit}");
    assert!(lines[3].contains("user added (case-handler)  anna"), "{audit}");
    assert!(!audit.contains("lösenord") && !audit.contains("torget"), "no password in the log: {audit}");
}

#[test]
fn accounts_are_managed_from_the_command_line_on_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    accounts_are_managed_from_the_command_line(&format!("sqlite:{}", dir.path().join("hub.db").display()));
}

#[test]
fn accounts_are_managed_from_the_command_line_on_postgresql() {
    let cluster = pg::PgCluster::start();
    accounts_are_managed_from_the_command_line(&cluster.new_database("accounts"));
}

/// Every file under `dir`, by its path relative to `dir`, with its bytes.
fn tree(dir: &std::path::Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    let mut files = std::collections::BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(at) = stack.pop() {
        for entry in std::fs::read_dir(&at).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let rel = path.strip_prefix(dir).unwrap().to_string_lossy().into_owned();
                files.insert(rel, std::fs::read(&path).unwrap());
            }
        }
    }
    files
}

#[test]
fn content_kept_in_git_comes_in_and_goes_out_byte_for_byte() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("hub.db");
    let hub = |args: &[&str]| {
        let out = Command::new(env!("CARGO_BIN_EXE_torget-hub")).arg("--db").arg(&db).args(args).output().unwrap();
        assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout).unwrap()
    };
    let said = hub(&["content", "import", root().to_str().unwrap(), "--note", "the demo content"]);
    assert!(said.starts_with("draft 1:"), "{said}");
    let out = dir.path().join("out");
    hub(&["content", "export", "--draft", "1", out.to_str().unwrap()]);
    let mut original = tree(&root().join("assets"));
    original = original.into_iter().map(|(k, v)| (format!("assets/{k}"), v)).collect();
    original.extend(tree(&root().join("locales")).into_iter().map(|(k, v)| (format!("locales/{k}"), v)));
    assert_eq!(tree(&out), original, "the same files, byte for byte");
    let audit = hub(&["audit"]);
    assert!(audit.contains("content brought for review") && audit.contains("the demo content"), "{audit}");
    let missing = Command::new(env!("CARGO_BIN_EXE_torget-hub"))
        .arg("--db")
        .arg(&db)
        .args(["content", "export", "--version", "1999-01-01.1", "x"])
        .output()
        .unwrap();
    assert!(!missing.status.success() && String::from_utf8_lossy(&missing.stderr).contains("no published version"));
}
