//! Staff mode as a librarian uses it, on the real window (testing backend), a real SQLite file and a
//! real hub on 127.0.0.1: signing in, the lockout, assisted visits, the queue panel, the audit log.

mod common;

use std::time::{Duration, Instant};

use common::{HubProcess, TestKiosk};
use slint::ComponentHandle;
use slint::platform::{Key, WindowEvent};
use torget::app::Page;
use torget::session::Screen;
use torget::store::{OutboxItem, Outcome, StaffAccount, Store, StoreOptions};

const PIN: &str = "739164";

fn store(kiosk: &TestKiosk) -> Store {
    Store::open(&kiosk.database(), StoreOptions::default()).unwrap()
}

fn add_staff(kiosk: &TestKiosk, name: &str, pin: &str) {
    let account = StaffAccount { name: name.into(), admin: false, pin_hash: torget::staff::hash_pin(pin).unwrap() };
    store(kiosk).staff_add(&account, 0).unwrap();
}

fn page(kiosk: &TestKiosk) -> Page {
    kiosk.ui.with_app(|a| a.view(Instant::now()).page)
}

fn staff_text(kiosk: &TestKiosk, key: &str) -> String {
    kiosk.ui.with_app(|a| a.i18n().text(&a.catalog().default_language, key))
}

fn audit_actions(kiosk: &TestKiosk) -> Vec<String> {
    store(kiosk).audit_log().unwrap().into_iter().map(|e| e.action).collect()
}

/// Ctrl+Alt+S on a keyboard, as staff open the PIN pad.
fn staff_keys(kiosk: &TestKiosk) {
    let window = kiosk.ui.window().window();
    for k in [Key::Control, Key::Alt] {
        window.dispatch_event(WindowEvent::KeyPressed { text: k.into() });
    }
    window.dispatch_event(WindowEvent::KeyPressed { text: "s".into() });
    window.dispatch_event(WindowEvent::KeyReleased { text: "s".into() });
    for k in [Key::Alt, Key::Control] {
        window.dispatch_event(WindowEvent::KeyReleased { text: k.into() });
    }
}

fn type_pin(kiosk: &TestKiosk, pin: &str) {
    for d in pin.chars() {
        kiosk.press(&d.to_string());
    }
    kiosk.press(&staff_text(kiosk, "staff-pin-ok"));
}

fn sign_in(kiosk: &TestKiosk) {
    staff_keys(kiosk);
    assert_eq!(page(kiosk), Page::StaffPin, "Ctrl+Alt+S opens the PIN pad");
    type_pin(kiosk, PIN);
    assert_eq!(page(kiosk), Page::Staff, "the right PIN opens the panel");
}

/// From the staff panel, an assisted visit in language `code`.
fn assist_in(kiosk: &TestKiosk, code: &str) {
    kiosk.press(&staff_text(kiosk, "staff-assist"));
    assert_eq!(kiosk.screen(), Screen::Language, "assisting starts at the language page");
    let endonym = kiosk.ui.with_app(|a| a.catalog().language(code).unwrap().endonym.clone());
    kiosk.press(&endonym);
}

#[test]
fn the_right_pin_opens_the_panel_and_the_staff_session_ends_by_itself() {
    let kiosk = TestKiosk::new();
    add_staff(&kiosk, "anna", PIN);
    sign_in(&kiosk);
    assert!(!kiosk.find(&staff_text(&kiosk, "staff-send-now")).is_empty());
    assert_eq!(audit_actions(&kiosk), ["signed in"]);
    assert_eq!(store(&kiosk).audit_log().unwrap()[0].staff.as_deref(), Some("anna"));
    kiosk.ui.tick_at(Instant::now() + Duration::from_secs(60));
    assert_eq!(page(&kiosk), Page::Staff, "a minute is not yet idle");
    kiosk.ui.tick_at(Instant::now() + torget::staff::STAFF_IDLE + Duration::from_secs(1));
    assert_eq!(page(&kiosk), Page::Attract, "left alone, staff mode ends");
    assert_eq!(audit_actions(&kiosk).last().map(String::as_str), Some("signed out after idle time"));
}

#[test]
fn staff_mode_opens_only_between_visits() {
    let kiosk = TestKiosk::new();
    add_staff(&kiosk, "anna", PIN);
    kiosk.start_in("sv");
    kiosk.open_service("report-fault");
    staff_keys(&kiosk);
    assert_eq!(page(&kiosk), Page::Question, "a visit in progress is never handed to staff mode");
}

#[test]
fn five_wrong_pins_lock_the_entry_even_for_the_right_pin() {
    let kiosk = TestKiosk::new();
    add_staff(&kiosk, "anna", PIN);
    staff_keys(&kiosk);
    for n in 1..=4 {
        type_pin(&kiosk, "111222");
        let left = kiosk.ui.with_app(|a| a.view(Instant::now()).pin.message);
        assert!(left.contains(&(5 - n).to_string()), "{left}");
    }
    type_pin(&kiosk, "111222");
    let (failures, until) = store(&kiosk).pin_lockout().unwrap();
    assert_eq!(failures, 5);
    let now_ms = torget::store::now_ms();
    assert!(until - now_ms > 25_000, "locked for about 30 s");
    type_pin(&kiosk, PIN);
    assert_eq!(page(&kiosk), Page::StaffPin, "locked: the right PIN does not open either");
    assert_eq!(audit_actions(&kiosk).iter().filter(|a| *a == "wrong PIN").count(), 5);
    // The lock holds across a restart of the kiosk: it is in the store.
    let again = TestKiosk::with_store(|_| kiosk.database(), StoreOptions::default());
    staff_keys(&again);
    type_pin(&again, PIN);
    assert_eq!(page(&again), Page::StaffPin);
}

#[test]
fn an_assisted_visit_in_arabic_with_speech_is_recorded_as_assisted() {
    let kiosk = TestKiosk::new();
    add_staff(&kiosk, "anna", PIN);
    sign_in(&kiosk);
    assist_in(&kiosk, "ar");
    assert!(!kiosk.find(&kiosk.t("staff-assisted-band")).is_empty(), "the band shows, in the visitor's language");
    kiosk.press_text("speech-listen");
    kiosk.open_service("report-fault");
    while kiosk.screen() == Screen::Question {
        kiosk.answer_current_validly();
    }
    kiosk.press_text("button-send");
    assert_eq!(kiosk.screen(), Screen::Receipt);
    let row = store(&kiosk).recent(1).unwrap().remove(0);
    let sealed = store(&kiosk).sealed(&row.id).unwrap().unwrap();
    let submission: torget::protocol::Submission = serde_json::from_slice(&kiosk.key.open(&sealed).unwrap()).unwrap();
    assert!(submission.assisted);
    assert_eq!(submission.assisted_by.as_deref(), Some("anna"));
    assert_eq!(submission.lang, "ar");
    kiosk.press_text("button-done");
    kiosk.tick_at(Duration::from_secs(1));
    assert_eq!(page(&kiosk), Page::Staff, "after the visit, back to the panel");
    assert!(audit_actions(&kiosk).contains(&"assisted visit started".to_string()));
}

/// A request the hub refused for good, put in the store the way the sync worker does it. For a
/// moment it is queued, and the running worker may send it first: `hub_takes` says whether the hub
/// would then store it (a real sealed payload) or refuse it too (three bytes cannot be a sealed box),
/// so that a test which discards it finds it dead either way.
fn dead_item(kiosk: &TestKiosk, reference: &str, hub_takes: bool) -> String {
    let mut s = store(kiosk);
    let id = uuid::Uuid::now_v7().to_string();
    s.enqueue(&OutboxItem {
        id: id.clone(),
        reference: reference.into(),
        service_id: "report-fault".into(),
        service_version: 1,
        created_at_ms: 1,
        sealed: if hub_takes { kiosk.key.sealing_key().seal(b"{}").unwrap() } else { vec![1, 2, 3] },
    })
    .unwrap();
    s.mark_sending(std::slice::from_ref(&id)).unwrap();
    s.record_outcomes(&[(id.clone(), Outcome::Dead("the hub refused it (HTTP 409)".into()))]).unwrap();
    id
}

#[test]
fn the_queue_panel_counts_sends_now_retries_and_discards_only_after_confirmation() {
    let dir = tempfile::tempdir().unwrap();
    let (kiosk, _hub_db) = TestKiosk::with_hub(dir.path());
    add_staff(&kiosk, "anna", PIN);
    for n in 0..2 {
        let marker = format!("MARKER-{n}-7731");
        kiosk.ui.with_app_mut(|a| torget::demo::complete_visit(a, 0, 0, &marker, Instant::now())).unwrap();
    }
    let start = Instant::now();
    while store(&kiosk).counts().unwrap().sent < 2 {
        assert!(start.elapsed() < Duration::from_secs(30), "the two requests were never sent");
        std::thread::sleep(Duration::from_millis(50));
    }
    dead_item(&kiosk, "DEA-D00-001", true);
    sign_in(&kiosk);
    let counts = kiosk.ui.with_app(|a| {
        a.i18n().format(
            &a.catalog().default_language,
            "staff-counts",
            &[("queued", 0.into()), ("sending", 0.into()), ("sent", 2.into()), ("dead", 1.into())],
        )
    });
    assert!(!kiosk.find(&counts).is_empty(), "the panel shows {counts:?}");
    assert!(!kiosk.find(&staff_text(&kiosk, "staff-online")).is_empty());
    // Send now wakes the worker and is audited.
    kiosk.press(&staff_text(&kiosk, "staff-send-now"));
    // Retry: the dead item goes back to the queue, and the hub takes it.
    kiosk.press(&format!("{}: DEA-D00-001", staff_text(&kiosk, "staff-retry")));
    let start = Instant::now();
    while store(&kiosk).counts().unwrap().sent < 3 {
        assert!(start.elapsed() < Duration::from_secs(30), "the retried request was never sent");
        std::thread::sleep(Duration::from_millis(50));
    }
    // Discard asks first; nothing is removed or audited before a reason is chosen.
    dead_item(&kiosk, "DEA-D00-002", false);
    kiosk.ui.tick_at(Instant::now());
    kiosk.press(&format!("{}: DEA-D00-002", staff_text(&kiosk, "staff-discard")));
    assert_eq!(store(&kiosk).counts().unwrap().dead, 1, "not yet");
    assert!(!audit_actions(&kiosk).contains(&"discard".to_string()));
    kiosk.press(&staff_text(&kiosk, "staff-reason-test"));
    assert_eq!(store(&kiosk).counts().unwrap().dead, 0);
    let log = store(&kiosk).audit_log().unwrap();
    let discard = log.iter().find(|e| e.action == "discard").expect("the discard is audited");
    assert!(
        discard.detail.contains("DEA-D00-002") && discard.detail.contains(&staff_text(&kiosk, "staff-reason-test"))
    );
    assert_eq!(discard.staff.as_deref(), Some("anna"));
    let actions: Vec<&str> = log.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(actions, ["signed in", "send now", "retry", "discard"]);
    // No answer of any visitor is in the audit log.
    assert!(log.iter().all(|e| !format!("{e:?}").contains("MARKER")));
}

#[test]
fn the_audit_log_is_append_only_except_for_the_logged_retention_purge() {
    let kiosk = TestKiosk::new();
    add_staff(&kiosk, "anna", PIN);
    sign_in(&kiosk);
    kiosk.press(&staff_text(&kiosk, "staff-sign-out"));
    let raw = rusqlite::Connection::open(kiosk.database()).unwrap();
    assert!(raw.execute("UPDATE audit SET action = 'nothing happened'", []).is_err(), "no change");
    assert!(raw.execute("DELETE FROM audit", []).is_err(), "no delete");
    // No table to write a flag into opens it either: only the kiosk's own purge can delete.
    let tables: Vec<String> = raw
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table'")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    for table in tables.iter().filter(|t| !t.starts_with("sqlite_") && *t != "audit") {
        let _ = raw.execute(&format!("INSERT INTO {table} DEFAULT VALUES"), []);
    }
    assert!(raw.execute("DELETE FROM audit", []).is_err(), "still no delete");
    assert_eq!(audit_actions(&kiosk), ["signed in", "signed out"]);

    const DAY: i64 = 86_400_000;
    let now = torget::store::now_ms();
    let mut s = store(&kiosk);
    for (age, action) in [(400, "a year ago"), (40, "forty days ago"), (10, "ten days ago")] {
        s.audit(now - age * DAY, None, action, "").unwrap();
    }
    // A clock five years ahead at start: nothing is purged.
    let ahead = now + 5 * 365 * DAY;
    assert_eq!(s.audit_purge(365, ahead).unwrap(), torget::store::AuditPurge::ClockAhead);
    assert_eq!(audit_actions(&kiosk).len(), 5);
    // Asking for one day keeps thirty.
    assert_eq!(s.audit_purge(1, now).unwrap(), torget::store::AuditPurge::Purged(2));
    let log = audit_actions(&kiosk);
    assert_eq!(log, ["signed in", "signed out", "ten days ago", "audit purged"], "the purge itself is logged");
    assert!(raw.execute("DELETE FROM audit", []).is_err(), "and the log is closed again");
}

#[test]
fn fifty_presses_of_ok_on_an_empty_pin_pad_do_not_lock_staff_out() {
    let kiosk = TestKiosk::new();
    add_staff(&kiosk, "anna", PIN);
    staff_keys(&kiosk);
    for _ in 0..50 {
        kiosk.press(&staff_text(&kiosk, "staff-pin-ok"));
    }
    assert_eq!(store(&kiosk).pin_lockout().unwrap(), (0, 0), "an empty PIN is not a wrong PIN");
    assert!(!audit_actions(&kiosk).contains(&"wrong PIN".to_string()));
    type_pin(&kiosk, PIN);
    assert_eq!(page(&kiosk), Page::Staff);
}

#[test]
fn an_assisted_visit_left_idle_ends_the_staff_session_too() {
    let kiosk = TestKiosk::new();
    add_staff(&kiosk, "anna", PIN);
    sign_in(&kiosk);
    assist_in(&kiosk, "sv");
    kiosk.open_service("report-fault");
    // Visitor and staff walk away: the idle warning, then the wipe.
    kiosk.tick_at(Duration::from_secs(600));
    kiosk.tick_at(Duration::from_secs(1200));
    assert_eq!(kiosk.screen(), Screen::Attract);
    kiosk.tick_at(Duration::from_secs(1201));
    assert_eq!(page(&kiosk), Page::Attract, "the panel does not reopen for whoever comes next");
    assert!(!kiosk.ui.with_app(|a| a.in_staff_mode()));
    let log = audit_actions(&kiosk);
    assert_eq!(log.last().map(String::as_str), Some("signed out: the assisted visit was left idle"), "{log:?}");
}

#[test]
fn a_visitor_can_call_staff_from_any_page_and_staff_clear_it() {
    let kiosk = TestKiosk::new();
    add_staff(&kiosk, "anna", PIN);
    kiosk.start_in("uk");
    kiosk.open_service("report-fault");
    kiosk.press_text("call-staff");
    assert!(!kiosk.find(&kiosk.t("call-staff-where")).is_empty(), "where staff are");
    kiosk.press_text("call-staff-close");
    assert_eq!(kiosk.screen(), Screen::Question, "the visit goes on");
    assert!(kiosk.ui.with_app(|a| a.help_requested()));
    let restarted = TestKiosk::with_store(|_| kiosk.database(), StoreOptions::default());
    assert!(restarted.ui.with_app(|a| a.help_requested()), "a restart keeps the request until staff clear it");
    kiosk.press_text("button-cancel");
    kiosk.press_text("cancel-yes");
    sign_in(&kiosk);
    kiosk.press(&staff_text(&kiosk, "staff-clear-help"));
    assert!(!kiosk.ui.with_app(|a| a.help_requested()));
    assert!(audit_actions(&kiosk).contains(&"help request cleared".to_string()));
}

#[test]
fn settings_hold_for_the_next_visits_survive_a_restart_and_are_audited() {
    let kiosk = TestKiosk::new();
    add_staff(&kiosk, "anna", PIN);
    sign_in(&kiosk);
    let settings = |k: &TestKiosk| k.ui.with_app(|a| a.view(Instant::now()).panel.settings);
    // Language, idle time, speech, text size, contrast: each touch moves to the next value.
    for i in 0..5 {
        let label = settings(&kiosk)[i].clone();
        kiosk.press(&label);
        assert_ne!(settings(&kiosk)[i], label, "setting {i} changed");
    }
    kiosk.press(&staff_text(&kiosk, "staff-sign-out"));
    let check = |k: &TestKiosk| {
        k.ui.with_app(|a| {
            let s = a.session();
            assert_eq!(s.lang(), "nb", "the next visitor starts in the new default language");
            assert!(s.speech().is_some(), "with speech on");
            assert_eq!(s.text_size(), 1, "large text");
            assert!(s.high_contrast());
            assert_eq!(s.defaults().1, Duration::from_secs(120), "and the next longer idle time after 90 s");
        })
    };
    check(&kiosk);
    // A visitor changes them, and the next visitor starts with the defaults again.
    kiosk.start_in("fi");
    kiosk.act(torget::app::Action::TextSize(0));
    kiosk.act(torget::app::Action::ToggleContrast);
    kiosk.act(torget::app::Action::Done);
    check(&kiosk);
    let again = TestKiosk::with_store(|_| kiosk.database(), StoreOptions::default());
    check(&again);
    let changed = store(&kiosk).audit_log().unwrap().into_iter().filter(|e| e.action == "setting changed").count();
    assert_eq!(changed, 5);
}

#[test]
fn leaving_the_kiosk_takes_an_administrators_pin() {
    let kiosk = TestKiosk::new();
    add_staff(&kiosk, "anna", PIN);
    let admin = StaffAccount { name: "bo".into(), admin: true, pin_hash: torget::staff::hash_pin("502718").unwrap() };
    store(&kiosk).staff_add(&admin, 0).unwrap();
    sign_in(&kiosk);
    kiosk.press(&staff_text(&kiosk, "staff-exit"));
    assert!(!kiosk.find(&staff_text(&kiosk, "staff-exit-pin-title")).is_empty());
    type_pin(&kiosk, PIN);
    assert!(!kiosk.ui.with_app(|a| a.exit_requested()), "a staff PIN does not leave the kiosk");
    type_pin(&kiosk, "502718");
    assert!(kiosk.ui.with_app(|a| a.exit_requested()));
    let last = store(&kiosk).audit_log().unwrap().pop().unwrap();
    assert_eq!((last.action.as_str(), last.staff.as_deref()), ("left the kiosk to the desktop", Some("bo")));
}

#[test]
fn a_help_request_reaches_the_hub_at_once_and_so_does_staff_clearing_it() {
    let dir = tempfile::tempdir().unwrap();
    // Regular heartbeats only hourly: what the hub hears within seconds was sent because of the call.
    let (kiosk, hub_db) = TestKiosk::with_hub_beating_every(dir.path(), Duration::from_secs(3600));
    add_staff(&kiosk, "anna", PIN);
    let hub_says = |want: bool| {
        let start = Instant::now();
        loop {
            let beats = torget_hub::store::HubStore::open(&hub_db).unwrap().heartbeats().unwrap();
            if beats.iter().any(|b| b.kiosk == "test-kiosk" && b.help_requested == want) {
                return;
            }
            assert!(
                start.elapsed() < Duration::from_secs(5),
                "the hub did not hear help_requested = {want} within 5 s: {beats:?}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    };
    // The first heartbeat (at start) says no one asks for help.
    hub_says(false);
    kiosk.start_in("sv");
    kiosk.press_text("call-staff");
    hub_says(true);
    kiosk.press_text("call-staff-close");
    kiosk.press_text("button-language");
    kiosk.act(torget::app::Action::Done);
    sign_in(&kiosk);
    kiosk.press(&staff_text(&kiosk, "staff-clear-help"));
    hub_says(false);
}

#[test]
fn the_visitor_is_told_when_staff_are_on_the_way_and_the_desk_can_close_the_call() {
    let dir = tempfile::tempdir().unwrap();
    let (kiosk, hub_db) = TestKiosk::with_hub_beating_every(dir.path(), Duration::from_secs(3600));
    let hub = || torget_hub::store::HubStore::open(&hub_db).unwrap();
    let help_at_hub = || hub().heartbeats().unwrap().iter().any(|b| b.kiosk == "test-kiosk" && b.help_requested);
    kiosk.start_in("sv");
    kiosk.press_text("call-staff");
    common::wait_for("the call at the hub", Duration::from_secs(5), || help_at_hub().then_some(()));
    kiosk.press_text("call-staff-close");
    assert!(kiosk.find(&kiosk.t("call-staff-coming")).is_empty(), "nobody has answered yet");

    // The desk answers "I'm on my way" (what the desk page's button stores).
    assert!(hub().answer_help("test-kiosk", "coming", "anna").unwrap());
    let start = Instant::now();
    common::wait_for("the visitor to see that staff are coming", Duration::from_secs(5), || {
        kiosk.tick_at(start.elapsed());
        (!kiosk.find(&kiosk.t("call-staff-coming")).is_empty()).then_some(())
    });

    // "Done" at the desk closes the call on the kiosk, and the hub hears that it is closed.
    assert!(hub().answer_help("test-kiosk", "done", "anna").unwrap());
    common::wait_for("the call to close at the kiosk and the hub", Duration::from_secs(5), || {
        kiosk.tick_at(start.elapsed());
        (!kiosk.ui.with_app(|a| a.help_requested()) && !help_at_hub()).then_some(())
    });
    assert!(kiosk.find(&kiosk.t("call-staff-coming")).is_empty(), "the card is closed");
    let audit = store(&kiosk).audit_log().unwrap();
    assert!(audit.iter().any(|e| e.action == "help request closed at the desk"), "{audit:?}");

    // A new call starts unanswered, whatever the last one ended with.
    kiosk.press_text("call-staff");
    kiosk.tick_at(start.elapsed() + Duration::from_secs(1));
    assert!(kiosk.ui.with_app(|a| a.help_requested()), "the new call is open");
    assert!(kiosk.find(&kiosk.t("call-staff-coming")).is_empty());
}

/// The real `torget-hub` program serving on `addr`; killed when dropped.
#[test]
fn a_librarian_helps_in_arabic_watches_the_request_wait_for_the_hub_sends_it_and_reads_the_audit_log() {
    let dir = tempfile::tempdir().unwrap();
    let hub_db = dir.path().join("hub.db");
    let token = torget_hub::store::HubStore::open(&hub_db).unwrap().add_kiosk("test-kiosk").unwrap();
    let addr = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap();
    let hub = HubProcess::start(&format!("sqlite:{}", hub_db.display()), addr);
    let kiosk = TestKiosk::connected(&format!("http://{addr}"), &token);
    add_staff(&kiosk, "anna", PIN);
    let panel = |k: &TestKiosk| k.ui.with_app(|a| a.view(Instant::now()).panel);
    let wait_for = |what: &str, done: &dyn Fn() -> bool| {
        let start = Instant::now();
        while !done() {
            assert!(start.elapsed() < Duration::from_secs(30), "{what}");
            kiosk.ui.tick_at(Instant::now());
            std::thread::sleep(Duration::from_millis(50));
        }
    };
    wait_for("online", &|| kiosk.worker.as_ref().unwrap().status().get().online == Some(true));
    sign_in(&kiosk);
    // The hub goes away (a network cut), then a visitor is helped in Arabic with speech on.
    drop(hub);
    assist_in(&kiosk, "ar");
    kiosk.press_text("speech-listen");
    kiosk.open_service("parking-permit");
    while kiosk.screen() == Screen::Question {
        kiosk.answer_current_validly();
    }
    kiosk.press_text("button-send");
    let reference = kiosk.ui.with_app(|a| a.session().reference().unwrap().to_string());
    kiosk.press_text("button-done");
    kiosk.tick_at(Duration::from_secs(1));
    assert_eq!(page(&kiosk), Page::Staff);
    // The panel shows it waiting, and the kiosk offline.
    wait_for("the kiosk noticed the hub is gone", &|| panel(&kiosk).connection == staff_text(&kiosk, "staff-offline"));
    assert!(panel(&kiosk).counts.contains("1"), "{}", panel(&kiosk).counts);
    // Between two tries the worker holds the request as "sending" for a moment; it waits queued.
    wait_for("waiting on the kiosk", &|| store(&kiosk).counts().unwrap().queued == 1);
    // The hub is back; Send now; it is sent.
    let _hub = HubProcess::start(&format!("sqlite:{}", hub_db.display()), addr);
    kiosk.press(&staff_text(&kiosk, "staff-send-now"));
    wait_for("sent after Send now", &|| store(&kiosk).counts().unwrap().sent == 1);
    wait_for("online again", &|| panel(&kiosk).connection == staff_text(&kiosk, "staff-online"));
    let on_hub = torget_hub::store::HubStore::open(&hub_db).unwrap().all().unwrap();
    assert_eq!(on_hub.len(), 1);
    let submission: torget::protocol::Submission =
        serde_json::from_slice(&kiosk.key.open(&on_hub[0].sealed).unwrap()).unwrap();
    assert!(submission.assisted && submission.lang == "ar");
    assert_eq!(torget::reference::from_id(submission.id), reference);
    // The audit log, as `torget audit` prints it: who did what, never an answer.
    let log = store(&kiosk).audit_log().unwrap();
    let actions: Vec<&str> = log.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(actions, ["signed in", "assisted visit started", "send now"]);
    assert!(log.iter().all(|e| e.staff.as_deref() == Some("anna")));
    assert!(log.iter().all(|e| !format!("{e:?}").contains("TESTMARK")), "no answer in the audit log");
}

#[test]
fn a_store_the_panel_cannot_read_is_said_on_the_panel_not_shown_as_an_empty_queue() {
    let kiosk = TestKiosk::new();
    add_staff(&kiosk, "anna", PIN);
    sign_in(&kiosk);
    let panel = |k: &TestKiosk| k.ui.with_app(|a| a.view(Instant::now()).panel);
    assert_eq!(panel(&kiosk).last_error, staff_text(&kiosk, "staff-no-error"));
    // The queue's table is damaged behind the kiosk's back.
    rusqlite::Connection::open(kiosk.database()).unwrap().execute_batch("DROP TABLE sync_state").unwrap();
    kiosk.tick_at(Duration::from_secs(1));
    let said = panel(&kiosk).last_error;
    let expected = staff_text(&kiosk, "staff-store-error");
    let prefix = expected.split('{').next().unwrap().trim_end_matches(['\u{2068}', ' ']);
    assert!(said.starts_with(prefix), "the panel says the store cannot be read: {said:?}");
    assert!(said.contains("sync_state"), "and why: {said:?}");
}

#[test]
fn a_newly_installed_version_takes_over_only_between_visits() {
    let kiosk = TestKiosk::new();
    add_staff(&kiosk, "anna", PIN);
    kiosk.start_in("sv");
    kiosk.open_service("report-fault");
    kiosk.ui.with_app_mut(|a| a.note_upgrade_installed());
    assert!(!kiosk.ui.with_app(|a| a.restart_requested()), "never during a visit");
    kiosk.press_text("button-cancel");
    kiosk.press_text("cancel-yes");
    assert_eq!(kiosk.screen(), Screen::Attract);
    assert!(kiosk.ui.with_app(|a| a.restart_requested()), "between visits");

    let staffed = TestKiosk::new();
    add_staff(&staffed, "anna", PIN);
    sign_in(&staffed);
    staffed.ui.with_app_mut(|a| a.note_upgrade_installed());
    assert!(!staffed.ui.with_app(|a| a.restart_requested()), "nor while staff work at the kiosk");
    staffed.press(&staff_text(&staffed, "staff-sign-out"));
    assert!(staffed.ui.with_app(|a| a.restart_requested()), "once they are done");
}

#[test]
fn the_desk_hears_which_content_the_kiosk_shows_and_how_much_disk_is_free() {
    let dir = tempfile::tempdir().unwrap();
    let (kiosk, hub_db) = TestKiosk::with_hub_beating_every(dir.path(), Duration::from_millis(200));
    let start = Instant::now();
    let beat = common::wait_for("the kiosk's condition at the hub", Duration::from_secs(10), || {
        kiosk.tick_at(start.elapsed());
        let beats = torget_hub::store::HubStore::open(&hub_db).unwrap().heartbeats().unwrap();
        beats.into_iter().find(|b| b.kiosk == "test-kiosk" && b.content_version.is_some())
    });
    assert_eq!(beat.content_version.as_deref(), Some("built-in"), "the content that came with the installation");
    let free = torget::sync::free_disk_mb(&kiosk.database()).unwrap();
    let told = beat.free_disk_mb.expect("free disk is told");
    assert!(told > 0 && told.abs_diff(free) < 1024, "told {told} MiB free, the filesystem has {free}");
    assert_eq!(beat.could_not_send, 0);
    assert_eq!(beat.speech, None, "a kiosk without speech says nothing about it");
}
