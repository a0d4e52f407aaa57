//! The hub's store, the same test bodies on both engines: a real SQLite file, and a real PostgreSQL
//! server started for the test (see `pg/mod.rs`).

use torget_testing::pg;

use std::future::Future;

use torget_common::protocol::{Heartbeat, ItemStatus};
use torget_hub::content::DraftState;
use torget_hub::store::{Database, Incoming, Location};

fn run_sqlite<Fut: Future<Output = ()>>(body: impl FnOnce(Location) -> Fut) {
    let dir = tempfile::tempdir().unwrap();
    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
    runtime.block_on(body(Location::Sqlite(dir.path().join("hub.db"))));
}

fn run_postgres<Fut: Future<Output = ()>>(body: impl FnOnce(Location) -> Fut) {
    let cluster = pg::PgCluster::start();
    let url = cluster.new_database("hub");
    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
    runtime.block_on(body(Location::Postgres(url)));
}

/// Each body becomes one test per engine: `sqlite::name` and `postgres::name`.
macro_rules! on_both_engines {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $( #[test] fn $name() { super::run_sqlite(super::$name) } )*
        }
        mod postgres {
            $( #[test] fn $name() { super::run_postgres(super::$name) } )*
        }
    };
}

on_both_engines!(
    a_credential_works_until_revoked_or_replaced,
    a_batch_is_stored_once_and_never_overwritten,
    the_same_batch_at_two_instances_at_once_is_stored_once,
    two_instances_starting_together_both_migrate,
    heartbeats_keep_the_last_word_of_each_kiosk,
    the_newest_bundle_is_served,
    drafts_go_through_review_once,
    whoever_brought_edited_or_sent_a_draft_is_kept_and_cannot_publish_it,
    a_draft_sent_back_is_a_draft_again_with_the_reviewers_comment,
    notes_are_kept_per_request_in_order_and_audited,
    simultaneous_wrong_passwords_are_counted_before_they_are_checked,
    anonymous_sign_in_tries_are_kept_apart_from_peoples_actions,
    entries_from_before_kinds_are_classified_when_the_hub_is_upgraded,
    each_request_goes_to_the_archive_once_per_round_and_keeps_only_its_journal_number,
    usage_figures_keep_each_kiosks_largest_value_and_sum_per_place,
);

fn item(id: &str, payload: &[u8]) -> Incoming {
    Incoming {
        id: id.into(),
        service_id: "report-fault".into(),
        created_at_ms: 1_764_000_000_000,
        sealed: payload.to_vec(),
    }
}

async fn a_credential_works_until_revoked_or_replaced(at: Location) {
    let db = Database::open(&at).await.unwrap();
    let first = db.add_kiosk("library-1").await.unwrap();
    assert_eq!(db.authenticate(&first).await.unwrap().as_deref(), Some("library-1"));
    assert_eq!(db.authenticate("library-1.wrong").await.unwrap(), None);
    let second = db.add_kiosk("library-1").await.unwrap();
    assert_eq!(db.authenticate(&first).await.unwrap(), None, "enrolling again replaces the credential");
    assert_eq!(db.authenticate(&second).await.unwrap().as_deref(), Some("library-1"));
    assert!(db.revoke_kiosk("library-1").await.unwrap());
    assert!(!db.revoke_kiosk("library-1").await.unwrap(), "already revoked");
    assert_eq!(db.authenticate(&second).await.unwrap(), None);
}

async fn a_batch_is_stored_once_and_never_overwritten(at: Location) {
    let db = Database::open(&at).await.unwrap();
    db.add_kiosk("k").await.unwrap();
    let batch = vec![item("a", b"one"), item("b", b"two"), item("c", b"three")];
    assert_eq!(db.insert_batch("k", batch.clone()).await.unwrap(), [ItemStatus::Stored; 3]);
    assert_eq!(db.insert_batch("k", batch).await.unwrap(), [ItemStatus::AlreadyStored; 3], "a retry changes nothing");
    let statuses =
        db.insert_batch("k", vec![item("a", b"other"), item("d", b"four"), item("d", b"four")]).await.unwrap();
    assert_eq!(statuses, [ItemStatus::Conflict, ItemStatus::Stored, ItemStatus::AlreadyStored]);
    let all = db.all().await.unwrap();
    assert_eq!(all.len(), 4);
    assert_eq!(all.iter().find(|s| s.id == "a").unwrap().sealed, b"one", "a conflict never overwrites");
    assert!(all.iter().all(|s| s.kiosk == "k" && s.received_ms > 0));
    assert_eq!(db.count().await.unwrap(), 4);
}

async fn the_same_batch_at_two_instances_at_once_is_stored_once(at: Location) {
    // Two handles on one database: two hub instances, as after a lost answer and a retry that the
    // load balancer sent elsewhere while the first was still committing.
    let one = Database::open(&at).await.unwrap();
    let two = Database::open(&at).await.unwrap();
    one.add_kiosk("k").await.unwrap();
    for round in 0..20 {
        let batch: Vec<Incoming> = (0..50).map(|i| item(&format!("{round}-{i}"), format!("p{i}").as_bytes())).collect();
        let (a, b) = tokio::join!(one.insert_batch("k", batch.clone()), two.insert_batch("k", batch));
        let (a, b) = (a.unwrap(), b.unwrap());
        for (x, y) in a.iter().zip(&b) {
            let stored = [x, y].iter().filter(|s| ***s == ItemStatus::Stored).count();
            let already = [x, y].iter().filter(|s| ***s == ItemStatus::AlreadyStored).count();
            assert_eq!((stored, already), (1, 1), "one instance stores it, the other finds it: {x:?} {y:?}");
        }
    }
    assert_eq!(one.count().await.unwrap(), 20 * 50);
}

async fn two_instances_starting_together_both_migrate(at: Location) {
    let (a, b) = tokio::join!(Database::open(&at), Database::open(&at));
    let (a, b) = (a.unwrap(), b.unwrap());
    let token = a.add_kiosk("k").await.unwrap();
    assert_eq!(b.authenticate(&token).await.unwrap().as_deref(), Some("k"));
}

async fn heartbeats_keep_the_last_word_of_each_kiosk(at: Location) {
    let db = Database::open(&at).await.unwrap();
    db.add_kiosk("library-1").await.unwrap();
    db.add_kiosk("town-hall").await.unwrap();
    let beat = |depth, help, printer: Option<&str>| Heartbeat {
        version: "0.1.0".into(),
        queue_depth: depth,
        last_error: None,
        help_requested: help,
        printer: printer.map(str::to_string),
        content_version: Some(format!("2026-11-{:02}", depth + 1)),
        speech: Some(if help { "working".into() } else { "not working: speech-dispatcher is not running".into() }),
        free_disk_mb: Some(100 * depth),
        could_not_send: depth * 2,
        usage: Vec::new(),
    };
    db.record_heartbeat("library-1", beat(3, true, Some("ready"))).await.unwrap();
    db.record_heartbeat("town-hall", beat(0, false, None)).await.unwrap();
    db.record_heartbeat("library-1", beat(1, false, Some("not working: the printer is stopped"))).await.unwrap();
    let beats = db.heartbeats().await.unwrap();
    let names: Vec<&str> = beats.iter().map(|b| b.kiosk.as_str()).collect();
    assert_eq!(names, ["library-1", "town-hall"]);
    assert_eq!((beats[0].queue_depth, beats[0].help_requested), (1, false), "the newest beat counts");
    assert_eq!(beats[0].printer.as_deref(), Some("not working: the printer is stopped"));
    assert_eq!(beats[1].printer, None, "a kiosk without a printer");
    let health = (&beats[0].content_version, &beats[0].speech, beats[0].free_disk_mb, beats[0].could_not_send);
    assert_eq!(
        health,
        (&Some("2026-11-02".into()), &Some("not working: speech-dispatcher is not running".into()), Some(100), 2)
    );
}

async fn the_newest_bundle_is_served(at: Location) {
    let db = Database::open(&at).await.unwrap();
    assert_eq!(db.latest_bundle().await.unwrap(), None);
    db.publish_bundle("2026-11-01.1", "{\"v\":1}").await.unwrap();
    db.publish_bundle("2026-11-02.1", "{\"v\":2}").await.unwrap();
    assert_eq!(db.latest_bundle().await.unwrap(), Some(("2026-11-02.1".into(), "{\"v\":2}".into())));
}

async fn drafts_go_through_review_once(at: Location) {
    let db = Database::open(&at).await.unwrap();
    let files: std::collections::BTreeMap<String, String> =
        [("locales/sv/services.ftl".to_string(), "YSA9IGI=".to_string())].into();
    let first = db.add_draft(&files, "first", "eva").await.unwrap();
    let second = db.add_draft(&files, "second", "eva").await.unwrap();
    assert_eq!(db.draft(first).await.unwrap().unwrap().note, "first");
    assert_eq!(db.draft(second + 100).await.unwrap(), None);
    let all: Vec<i64> = db.drafts().await.unwrap().iter().map(|d| d.id).collect();
    assert_eq!(all, [second, first], "newest first");
    let listed = db.draft_list().await.unwrap();
    assert_eq!(
        listed.iter().map(|d| (d.id, d.note.as_str(), d.state, d.created_by.as_str())).collect::<Vec<_>>(),
        [(second, "second", DraftState::Draft, "eva"), (first, "first", DraftState::Draft, "eva")],
        "the list, without files"
    );
    assert!(db.submit_draft(first, "eva").await.unwrap());
    assert!(!db.submit_draft(first, "eva").await.unwrap(), "sent once");
    assert!(!db.edit_draft(first, &files, "eva", "edited").await.unwrap(), "no edits once sent");
    assert!(db.publish_draft(first, "olle", "2026-11-30.1", "{}").await.unwrap());
    let published = db.draft(first).await.unwrap().unwrap();
    assert_eq!((published.state.as_str(), published.published_by.as_deref()), ("published", Some("olle")));
    assert_eq!(published.editors, ["eva"], "who brought and sent it");
    let listed = db.draft_list().await.unwrap().into_iter().find(|d| d.id == first).unwrap();
    assert_eq!((listed.state, listed.published_version.as_deref()), (DraftState::Published, Some("2026-11-30.1")));
    assert_eq!(db.published().await.unwrap()[0].version, "2026-11-30.1");
}

async fn whoever_brought_edited_or_sent_a_draft_is_kept_and_cannot_publish_it(at: Location) {
    let db = Database::open(&at).await.unwrap();
    let files: std::collections::BTreeMap<String, String> =
        [("locales/sv/services.ftl".to_string(), "YSA9IGI=".to_string())].into();
    let id = db.add_draft(&files, "first", "eva").await.unwrap();
    assert!(db.edit_draft(id, &files, "admin", "content texts edited").await.unwrap());
    assert!(db.edit_draft(id, &files, "admin", "content texts edited").await.unwrap());
    assert!(db.submit_draft(id, "sara").await.unwrap());
    assert_eq!(db.draft(id).await.unwrap().unwrap().editors, ["admin", "eva", "sara"]);
    // The store holds the rule too, in the publishing transaction.
    for editor in ["admin", "eva", "sara"] {
        assert!(!db.publish_draft(id, editor, "2026-11-30.1", "{}").await.unwrap(), "{editor} touched it");
    }
    assert!(db.published().await.unwrap().is_empty());
    assert!(db.publish_draft(id, "olle", "2026-11-30.1", "{}").await.unwrap());
}

async fn a_draft_sent_back_is_a_draft_again_with_the_reviewers_comment(at: Location) {
    let db = Database::open(&at).await.unwrap();
    let files: std::collections::BTreeMap<String, String> =
        [("locales/sv/services.ftl".to_string(), "YSA9IGI=".to_string())].into();
    let id = db.add_draft(&files, "first", "eva").await.unwrap();
    assert!(!db.return_draft(id, "olle", "Kortare rubrik").await.unwrap(), "only what is in review goes back");
    assert!(db.submit_draft(id, "eva").await.unwrap());
    assert!(db.return_draft(id, "olle", "Kortare rubrik, tack.\nOch enklare ord.").await.unwrap());
    let back = db.draft(id).await.unwrap().unwrap();
    assert_eq!(back.state, DraftState::Draft);
    assert_eq!(back.returned, Some(("olle".into(), "Kortare rubrik, tack.\nOch enklare ord.".into())));
    assert_eq!(back.submitted_by, None);
    assert!(!db.publish_draft(id, "olle", "2026-11-30.1", "{}").await.unwrap(), "a returned draft is not published");
    assert!(db.edit_draft(id, &files, "eva", "content texts edited").await.unwrap(), "editable again");
    assert!(db.submit_draft(id, "eva").await.unwrap());
    assert_eq!(db.draft(id).await.unwrap().unwrap().returned, None, "sent anew, the comment is done");
    assert!(
        db.publish_draft(id, "olle", "2026-11-30.1", "{}").await.unwrap(),
        "the reviewer who sent it back publishes"
    );
    let audit = db.audit_log(20).await.unwrap();
    assert!(
        audit
            .iter()
            .any(|e| e.actor == "olle" && e.action == "content sent back" && e.subject == format!("draft {id}"))
    );
}

async fn notes_are_kept_per_request_in_order_and_audited(at: Location) {
    let db = Database::open(&at).await.unwrap();
    db.add_kiosk("k1").await.unwrap();
    db.insert_batch("k1", vec![item("0195f3c2-7a3b-7cc0-8a1e-3f6f2b9d4e10", b"sealed")]).await.unwrap();
    let id = "0195f3c2-7a3b-7cc0-8a1e-3f6f2b9d4e10";
    assert!(!db.add_note("no-such-request", "anna", vec![1; 48]).await.unwrap(), "only on a request the hub has");
    assert!(db.add_note(id, "anna", vec![1; 48]).await.unwrap());
    assert!(db.add_note(id, "olle", vec![2; 60]).await.unwrap());
    let notes = db.notes(id).await.unwrap();
    assert_eq!(notes.iter().map(|n| (n.by.as_str(), n.sealed.len())).collect::<Vec<_>>(), [("anna", 48), ("olle", 60)]);
    assert!(db.notes("no-such-request").await.unwrap().is_empty());
    let audit = db.audit_log(10).await.unwrap();
    assert_eq!(audit.iter().filter(|e| e.action == "request note added" && e.subject == id).count(), 2);
}

async fn each_request_goes_to_the_archive_once_per_round_and_keeps_only_its_journal_number(at: Location) {
    use torget_hub::store::ArchiveOutcome;
    let db = Database::open(&at).await.unwrap();
    db.add_kiosk("k1").await.unwrap();
    db.set_place("k1", "Biblioteket", "anna").await.unwrap();
    let (a, b) = ("0195f3c2-7a3b-7cc0-8a1e-3f6f2b9d4e11", "0195f3c2-7a3b-7cc0-8a1e-3f6f2b9d4e12");
    db.insert_batch("k1", vec![item(a, b"sealed a"), item(b, b"sealed b")]).await.unwrap();
    let token = db.add_archive_bridge("arkiv").await.unwrap();
    assert_eq!(db.archive_bridge_named(&token).await.unwrap().as_deref(), Some("arkiv"));
    assert_eq!(db.authenticate(&token).await.unwrap(), None, "not a kiosk's credential");
    let pending = db.archive_pending(10).await.unwrap();
    assert_eq!(pending.iter().map(|p| (p.id.as_str(), p.round)).collect::<Vec<_>>(), [(a, 0), (b, 0)]);
    assert_eq!((pending[0].place.as_deref(), pending[0].sealed.as_slice()), (Some("Biblioteket"), &b"sealed a"[..]));
    let both = vec![(a.to_string(), 0), (b.to_string(), 0), ("no-such-request".to_string(), 0)];
    assert_eq!(db.archive_delivered("arkiv", both.clone()).await.unwrap(), 2);
    assert_eq!(db.archive_delivered("arkiv", both).await.unwrap(), 0, "told twice, marked once");
    assert!(db.archive_pending(10).await.unwrap().is_empty());
    let registered = ArchiveOutcome::Registered { journal: "2026/123".into(), system_id: "s1".into() };
    assert!(db.archive_receipt("arkiv", a, 0, registered.clone()).await.unwrap());
    assert!(!db.archive_receipt("arkiv", a, 1, registered).await.unwrap(), "no such round");
    let refused = ArchiveOutcome::Refused { message: "tittel mangler".into() };
    assert!(db.archive_receipt("arkiv", b, 0, refused).await.unwrap());
    assert!(!db.archive_again(a, "anna").await.unwrap(), "a registered request is not sent again");
    assert!(db.archive_again(b, "anna").await.unwrap());
    let again = db.archive_pending(10).await.unwrap();
    assert_eq!(again.iter().map(|p| (p.id.as_str(), p.round)).collect::<Vec<_>>(), [(b, 1)]);
    assert_eq!(db.archive_delivered("arkiv", vec![(b.to_string(), 0)]).await.unwrap(), 0, "an old round");
    assert_eq!(db.archive_delivered("arkiv", vec![(b.to_string(), 1)]).await.unwrap(), 1);
    let states: std::collections::BTreeMap<String, _> = db.archive_states().await.unwrap().into_iter().collect();
    assert_eq!((states[a].state.as_str(), states[a].journal.as_deref()), ("registered", Some("2026/123")));
    assert_eq!((states[b].state.as_str(), states[b].round, states[b].message.as_deref()), ("delivered", 1, None));
    assert!(db.revoke_archive_bridge("arkiv").await.unwrap());
    assert_eq!(db.archive_bridge_named(&token).await.unwrap(), None);
    let audit = db.audit_log(50).await.unwrap();
    for (what, count) in [
        ("request delivered to the archive", 3),
        ("request registered in the archive", 1),
        ("request refused by the archive", 1),
        ("request sent to the archive again", 1),
    ] {
        assert_eq!(audit.iter().filter(|e| e.action == what).count(), count, "{what}");
    }
}

/// Twelve wrong passwords at once on one account: three are checked and the others wait, and so
/// does the right password then; a quarter of an hour later it gets in.
async fn simultaneous_wrong_passwords_are_counted_before_they_are_checked(at: Location) {
    use torget_hub::sign_in::{Refused, sign_in};
    let db = Database::open(&at).await.unwrap();
    let hash = torget_hub::accounts::hash_password("disken vid entrén 7").unwrap();
    assert!(db.add_user("command line", "disk", torget_hub::accounts::Role::Desk, &hash).await.unwrap());
    let from: std::net::IpAddr = "192.0.2.7".parse().unwrap();
    let now = 1_764_000_000_000;
    let tries: Vec<_> = (0..12)
        .map(|n| {
            let db = db.clone();
            tokio::spawn(async move { sign_in(&db, "disk", format!("inte rätt {n}"), from, now).await })
        })
        .collect();
    let (mut checked, mut waited) = (0, 0);
    for try_ in tries {
        match try_.await.unwrap() {
            Err(Refused::Wrong) => checked += 1,
            Err(Refused::Wait(_)) => waited += 1,
            other => panic!("{other:?}"),
        }
    }
    assert_eq!((checked, waited), (3, 9));
    let right = sign_in(&db, "disk", "disken vid entrén 7".into(), from, now + 1000).await;
    assert!(matches!(right, Err(Refused::Wait(_))), "{right:?}");
    let later = sign_in(&db, "disk", "disken vid entrén 7".into(), from, now + 16 * 60 * 1000).await;
    assert_eq!(later.unwrap().name, "disk");
}

/// Anyone can make a failed sign-in; a person's action is kept apart from them with its kind, and
/// each kind is read with its own bound (205 anonymous entries pushed out every other, issue 28).
async fn anonymous_sign_in_tries_are_kept_apart_from_peoples_actions(at: Location) {
    use torget_hub::accounts::AuditKind;
    let db = Database::open(&at).await.unwrap();
    db.audit("anna", "user added (desk)", "bo").await.unwrap();
    for n in 0..205 {
        db.audit_anonymous(&format!("gissning{n}"), "sign-in failed", "from 192.0.2.7").await.unwrap();
    }
    db.audit_anonymous(&"x".repeat(10_000), "sign-in failed", "from 192.0.2.7").await.unwrap();
    let people = db.audit_log_of(AuditKind::Person, 200).await.unwrap();
    assert_eq!(people.len(), 1, "{people:?}");
    assert_eq!((people[0].actor.as_str(), people[0].kind), ("anna", AuditKind::Person));
    let tries = db.audit_log_of(AuditKind::Anonymous, 200).await.unwrap();
    assert_eq!(tries.len(), 200);
    assert!(tries.iter().all(|e| e.kind == AuditKind::Anonymous));
    assert_eq!(tries[0].actor.chars().count(), torget_hub::accounts::AUDIT_TEXT_MAX + 1, "cut, with …");
    assert_eq!(tries[1].actor, "gissning204", "newest first");
    assert_eq!(db.audit_log(1000).await.unwrap().len(), 207, "every kind together");
}

/// A hub upgraded with entries in its audit log: the migration that stores kinds makes the failed
/// and refused sign-ins already there anonymous, and leaves the rest people's actions.
async fn entries_from_before_kinds_are_classified_when_the_hub_is_upgraded(at: Location) {
    use torget_hub::accounts::AuditKind;
    // The hub's migrations before the kinds', from its own folder, as an older hub applied them.
    let engine = if matches!(at, Location::Sqlite(_)) { "sqlite" } else { "postgres" };
    let folder = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations").join(engine);
    let mut files: Vec<_> = std::fs::read_dir(&folder).unwrap().map(|f| f.unwrap().path()).collect();
    files.sort();
    let older: Vec<(String, String)> = files
        .iter()
        .map(|f| (f.file_stem().unwrap().to_string_lossy().into_owned(), std::fs::read_to_string(f).unwrap()))
        .take_while(|(name, _)| !name.ends_with("_audit_kind"))
        .collect();
    assert!(older.len() < files.len(), "the kinds' migration is in {}", folder.display());
    let entries = "INSERT INTO audit (at_ms, actor, action, subject) VALUES
        (1, 'anna', 'signed in', 'from 192.0.2.7'),
        (2, 'eve', 'sign-in failed', 'from 192.0.2.66'),
        (3, 'eve', 'sign-in refused (form token)', 'from 192.0.2.66'),
        (4, 'eve', 'sign-in refused (too many failures)', 'from 192.0.2.66'),
        (5, 'anna', 'requests listed', '2 sealed');";
    match &at {
        Location::Sqlite(path) => {
            let older: Vec<(&str, &str)> = older.iter().map(|(n, sql)| (n.as_str(), sql.as_str())).collect();
            let conn = torget_common::sqlite::open_database(path, &older).unwrap();
            conn.execute_batch(entries).unwrap();
        }
        Location::Postgres(url) => {
            let (client, connection) = tokio_postgres::connect(url, tokio_postgres::NoTls).await.unwrap();
            tokio::spawn(connection);
            client
                .batch_execute(
                    "CREATE TABLE schema_migrations (version BIGINT PRIMARY KEY, name TEXT NOT NULL, applied_ms BIGINT NOT NULL)",
                )
                .await
                .unwrap();
            for (version, (name, sql)) in older.iter().enumerate() {
                client.batch_execute(sql).await.unwrap();
                let insert = "INSERT INTO schema_migrations (version, name, applied_ms) VALUES ($1, $2, 0)";
                client.execute(insert, &[&(version as i64 + 1), name]).await.unwrap();
            }
            client.batch_execute(entries).await.unwrap();
        }
    }
    let db = Database::open(&at).await.unwrap();
    let people = db.audit_log_of(AuditKind::Person, 10).await.unwrap();
    let actions: Vec<&str> = people.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(actions, ["requests listed", "signed in"]);
    let tries = db.audit_log_of(AuditKind::Anonymous, 10).await.unwrap();
    assert_eq!(tries.len(), 3, "{tries:?}");
    assert!(tries.iter().all(|e| e.actor == "eve" && e.kind == AuditKind::Anonymous));
}

async fn usage_figures_keep_each_kiosks_largest_value_and_sum_per_place(at: Location) {
    use torget_common::usage::UsageRow;
    let db = Database::open(&at).await.unwrap();
    for kiosk in ["library-1", "library-2", "town-hall"] {
        db.add_kiosk(kiosk).await.unwrap();
    }
    db.set_place("library-1", "Library", "test").await.unwrap();
    db.set_place("library-2", "Library", "test").await.unwrap();
    let row = |day: &str, counter: &str, value| UsageRow {
        day: day.into(),
        service: "parking-permit".into(),
        lang: "ar".into(),
        counter: counter.into(),
        value,
    };
    // A kiosk's sends: repeated, answered late (an older value after a newer), and growing.
    db.record_usage("library-1", vec![row("2026-12-01", "sent", 3), row("2026-12-01", "question-1", 5)]).await.unwrap();
    db.record_usage("library-1", vec![row("2026-12-01", "sent", 3)]).await.unwrap();
    db.record_usage("library-1", vec![row("2026-12-01", "sent", 7)]).await.unwrap();
    db.record_usage("library-1", vec![row("2026-12-01", "sent", 4)]).await.unwrap();
    db.record_usage("library-2", vec![row("2026-12-01", "sent", 2), row("2026-12-02", "sent", 1)]).await.unwrap();
    db.record_usage("town-hall", vec![row("2026-12-02", "sent", 6), row("2026-11-01", "sent", 100)]).await.unwrap();
    let day = |d: &str| time::Date::parse(d, time::macros::format_description!("[year]-[month]-[day]")).unwrap();
    let totals = db.usage_totals(day("2026-12-01"), day("2026-12-02")).await.unwrap();
    let sent: Vec<(String, u64)> =
        totals.iter().filter(|t| t.counter == "sent").map(|t| (t.place.clone(), t.value)).collect();
    assert_eq!(sent, [("".to_string(), 6), ("Library".to_string(), 7 + 2 + 1)]);
    assert!(totals.iter().any(|t| t.counter == "question-1" && t.value == 5 && t.lang == "ar"));
    let daily = db.usage_daily(day("2026-12-01"), day("2026-12-31"), "sent").await.unwrap();
    let daily: Vec<(&str, &str, u64)> = daily.iter().map(|d| (d.day.as_str(), d.place.as_str(), d.value)).collect();
    assert_eq!(daily, [("2026-12-01", "Library", 9), ("2026-12-02", "", 6), ("2026-12-02", "Library", 1)]);
}
