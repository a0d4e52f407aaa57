//! The kiosk's side of booking a time, against a real hub reading a real CalDAV server (Radicale
//! on loopback in a temp folder): the sync worker brings the free times with its heartbeat, one
//! kiosk holds a time and another is told it is taken and no longer offered it, a time let go is
//! offered again, and a kiosk that cannot reach its hub offers no times and is told so. Through
//! the kiosk's window: a visitor taps a time and leaves with it on the receipt and in the
//! adviser's calendar; two visitors race for one time; a stale list or an unreachable hub says
//! "we will call you", and the request still arrives.

mod common;

use std::net::SocketAddr;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use common::TestKiosk;
use torget::protocol::{Answer, Submission};
use torget::session::Screen;
use torget::sync::{SyncSettings, SyncWorker};
use torget::times::{Held, MAX_AGE};
use torget_hub::booking::BookingService;
use torget_hub::calendar::Bookings;
use torget_hub::store::{Database, HubStore};
use torget_testing::radicale::Radicale;
use torget_testing::wait_for;

const RESOURCE: &str = "budget-advice";

/// The hub, in this process, with the bookings of `file`.
fn start_hub(db: &Path, file: &Path) -> SocketAddr {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    listener.set_nonblocking(true).unwrap();
    let addr = listener.local_addr().unwrap();
    let booking = Arc::new(BookingService::new(Bookings::load(file).unwrap(), "Europe/Stockholm").unwrap());
    let store: Database = HubStore::open(db).unwrap().into();
    std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
        rt.block_on(async move {
            booking.clone().spawn(store.clone());
            let web = torget_hub::web::WebSettings { booking: Some(booking), ..Default::default() };
            let listener = tokio::net::TcpListener::from_std(listener).unwrap();
            torget_hub::serve_full(listener, store, None, torget_hub::Limits::default(), web).await.unwrap();
        });
    });
    addr
}

fn kiosk(dir: &Path, name: &str, hub: SocketAddr, token: &str) -> SyncWorker {
    // Every heartbeat asks for the free times, so that the test sees each change at once.
    let settings = SyncSettings { times_every: Duration::ZERO, ..SyncSettings::new(&format!("http://{hub}"), token) };
    SyncWorker::start(settings, dir.join(format!("{name}.db"))).unwrap()
}

fn now_ms() -> i64 {
    torget_common::sqlite::now_ms()
}

#[test]
fn kiosks_get_the_free_times_with_their_heartbeat_and_one_time_is_held_by_one_visit() {
    let dir = tempfile::tempdir().unwrap();
    let radicale = Radicale::start();
    radicale.make_calendar("budget");
    let file = radicale.bookings_file(dir.path(), "budget", "Europe/Stockholm");
    let db = dir.path().join("hub.db");
    let (token_a, token_b) = {
        let mut store = HubStore::open(&db).unwrap();
        (store.add_kiosk("bibliotek-1").unwrap(), store.add_kiosk("stadshuset-1").unwrap())
    };
    let hub = start_hub(&db, &file);
    let a = kiosk(dir.path(), "a", hub, &token_a);
    let b = kiosk(dir.path(), "b", hub, &token_b);
    // The hub reads the calendar at start; a kiosk hears its list with the heartbeat after that.
    let offered = |worker: &SyncWorker| {
        worker.send_now_handle().heartbeat_now();
        worker.times().fresh(RESOURCE, MAX_AGE, now_ms())
    };
    let list = wait_for("the free times on kiosk A", Duration::from_secs(30), || offered(&a));
    assert_eq!(list.minutes, 30);
    // The last time offered: days away, so that the notice never passes it while the test runs.
    let start = list.times.last().unwrap().clone();
    wait_for("the same time on kiosk B", Duration::from_secs(30), || offered(&b).filter(|l| l.times.contains(&start)));

    let (booker_a, booker_b) = (a.booker().unwrap(), b.booker().unwrap());
    let visit_a = uuid::Uuid::now_v7();
    let held = booker_a.hold(visit_a, RESOURCE, &start).recv_timeout(Duration::from_secs(20)).unwrap();
    assert!(matches!(held, Held::Until(until) if until > now_ms()), "{held:?}");
    // Visit B holds another time first, then tries A's: it is told at once, and keeps its own.
    let visit_b = uuid::Uuid::now_v7();
    let own = list.times.iter().rev().find(|t| **t != start).unwrap().clone();
    assert!(matches!(
        booker_b.hold(visit_b, RESOURCE, &own).recv_timeout(Duration::from_secs(20)).unwrap(),
        Held::Until(_)
    ));
    let late = booker_b.hold(visit_b, RESOURCE, &start).recv_timeout(Duration::from_secs(20)).unwrap();
    assert_eq!(late, Held::Taken, "the second visit is told at once");
    let third = booker_a.hold(uuid::Uuid::now_v7(), RESOURCE, &own).recv_timeout(Duration::from_secs(20)).unwrap();
    assert_eq!(third, Held::Taken, "visit B still holds the time it had");
    assert!(booker_b.release(visit_b).recv_timeout(Duration::from_secs(20)).unwrap());
    wait_for("the held time gone from kiosk B's list", Duration::from_secs(30), || {
        offered(&b).filter(|l| !l.times.contains(&start))
    });

    // Visit A ends without sending: its time is offered again.
    assert!(booker_a.release(visit_a).recv_timeout(Duration::from_secs(20)).unwrap());
    wait_for("the time back on kiosk B's list", Duration::from_secs(30), || {
        offered(&b).filter(|l| l.times.contains(&start))
    });
    let again = booker_b.hold(uuid::Uuid::now_v7(), RESOURCE, &start).recv_timeout(Duration::from_secs(20)).unwrap();
    assert!(matches!(again, Held::Until(_)), "{again:?}");
}

#[test]
fn a_kiosk_that_cannot_reach_its_hub_offers_no_times_and_its_hold_says_so() {
    let dir = tempfile::tempdir().unwrap();
    // Nobody listens here.
    let nowhere = torget_testing::free_address();
    let worker = kiosk(dir.path(), "offline", nowhere, "a-credential");
    wait_for("the worker to have tried the hub", Duration::from_secs(20), || {
        (worker.status().get().online == Some(false)).then_some(())
    });
    assert_eq!(worker.times().fresh(RESOURCE, MAX_AGE, now_ms()), None, "no list: we will call you");
    let held = worker.booker().unwrap().hold(uuid::Uuid::now_v7(), RESOURCE, "2027-01-12T10:30:00+01:00");
    assert!(matches!(held.recv_timeout(Duration::from_secs(30)).unwrap(), Held::Unreachable(_)));
}

/// The demo content's resource: book-meeting's time question books in it.
const OFFICE: &str = "citizen-office";

/// Radicale with the calendar `office`, and a hub on it offering `citizen-office` with two
/// kiosks enrolled. Returns the hub's address, its database and the kiosks' credentials.
struct Office {
    radicale: Radicale,
    hub: SocketAddr,
    hub_db: std::path::PathBuf,
    tokens: Vec<String>,
    _dir: tempfile::TempDir,
}

fn office(kiosks: &[&str]) -> Office {
    office_holding(kiosks, 10)
}

/// Like [`office`], with holds of `hold_minutes`.
fn office_holding(kiosks: &[&str], hold_minutes: u32) -> Office {
    let dir = tempfile::tempdir().unwrap();
    let radicale = Radicale::start();
    radicale.make_calendar("office");
    let file = radicale.bookings_file(dir.path(), "office", "Europe/Stockholm");
    let text = std::fs::read_to_string(&file)
        .unwrap()
        .replace("id = \"budget-advice\"", &format!("id = \"{OFFICE}\""))
        .replace("hold_minutes = 10", &format!("hold_minutes = {hold_minutes}"));
    std::fs::write(&file, text).unwrap();
    let hub_db = dir.path().join("hub.db");
    let tokens = {
        let mut store = HubStore::open(&hub_db).unwrap();
        kiosks.iter().map(|k| store.add_kiosk(k).unwrap()).collect()
    };
    let hub = start_hub(&hub_db, &file);
    Office { radicale, hub, hub_db, tokens, _dir: dir }
}

/// The kiosk's free times, once its worker heard a fresh list.
fn heard_times(kiosk: &TestKiosk) -> Vec<String> {
    let worker = kiosk.worker.as_ref().unwrap();
    wait_for("the free times on the kiosk", Duration::from_secs(30), || {
        worker.send_now_handle().heartbeat_now();
        worker.times().fresh(OFFICE, MAX_AGE, now_ms()).map(|l| l.times)
    })
}

/// A time days away, so that its notice never passes while the test runs: the first of the last
/// day offered (on screen without scrolling in a portrait window).
fn far_time(times: &[String]) -> String {
    let last_day = torget::appointment::parse(times.last().unwrap()).unwrap().date();
    times.iter().find(|t| torget::appointment::parse(t).unwrap().date() == last_day).unwrap().clone()
}

/// From the attract screen to book-meeting's time question in `lang`.
fn to_the_time_question(kiosk: &TestKiosk, lang: &str) {
    kiosk.start_in(lang);
    kiosk.open_service("book-meeting");
    kiosk.answer_current_validly();
    let step = kiosk.ui.with_app(|a| a.session().current_step().map(|s| s.kind));
    assert_eq!(step, Some(torget::content::FieldKind::Appointment));
}

/// The page's time called `name` ("tisdag 8 december klockan 10:30"), as the view has it.
fn time_on_page(kiosk: &TestKiosk, name: &str) -> Option<torget::app::TimeView> {
    kiosk.ui.with_app(|a| a.view(std::time::Instant::now()).question.times.into_iter().find(|t| t.name == name))
}

/// The words of `start` in the kiosk's language.
fn words(kiosk: &TestKiosk, start: &str) -> String {
    kiosk.ui.with_app(|a| torget::appointment::words(a.i18n(), a.session().lang(), start))
}

/// Waits until the hub's answer to the hold has shown on the kiosk's page.
fn answered(kiosk: &TestKiosk) {
    wait_for("the hub's answer to the hold", Duration::from_secs(20), || {
        kiosk.ui.with_app_mut(|a| a.poll_booking());
        (!kiosk.ui.with_app(|a| a.booking_pending())).then_some(())
    });
}

/// The request the hub stored for `reference`, opened with the kiosk's key.
fn arrived(kiosk: &TestKiosk, hub_db: &Path, reference: &str) -> Submission {
    wait_for("the request at the hub", Duration::from_secs(30), || {
        HubStore::open(hub_db).unwrap().all().unwrap().into_iter().find_map(|row| {
            let submission: Submission = serde_json::from_slice(&kiosk.key.open(&row.sealed).unwrap()).unwrap();
            (torget::reference::from_id(submission.id) == reference).then_some(submission)
        })
    })
}

#[test]
fn a_visitor_taps_a_time_and_leaves_with_it_on_the_receipt_and_in_the_advisers_calendar() {
    let office = office(&["bibliotek-1", "stadshuset-1"]);
    let kiosk = TestKiosk::booking(&format!("http://{}", office.hub), &office.tokens[0]);
    let other = kiosk_worker_for(&office, 1);
    let start = far_time(&heard_times(&kiosk));
    to_the_time_question(&kiosk, "sv");
    let name = words(&kiosk, &start);
    let shown = time_on_page(&kiosk, &name).expect("the time is offered on the page");
    assert!(!shown.selected && shown.label.len() == 5, "{shown:?}");
    // Read aloud day by day: the day's name, then its times.
    let said: String = kiosk
        .ui
        .with_app(|a| a.spoken_page(&a.view(std::time::Instant::now())).into_iter().map(|(text, _)| text).collect());
    let day =
        kiosk.ui.with_app(|a| torget::appointment::day(a.i18n(), "sv", torget::appointment::parse(&start).unwrap()));
    assert!(said.contains(&format!("{day}: ")) && said.contains(&shown.label), "{said}");
    // How fresh the list is, on the page.
    let hint = kiosk.ui.with_app(|a| a.view(std::time::Instant::now()).question.hint);
    assert!(!hint.is_empty() && !kiosk.find(&hint).is_empty(), "{hint:?}");

    // A finger on the time: the hub holds it for this visit, and the page says so.
    kiosk.tap(&name);
    answered(&kiosk);
    assert!(time_on_page(&kiosk, &name).unwrap().selected, "the time is the visitor's");
    assert!(kiosk.all_text().contains(&kiosk.t("appointment-held")));
    wait_for("the held time gone from the other kiosk's list", Duration::from_secs(30), || {
        other.send_now_handle().heartbeat_now();
        other.times().fresh(OFFICE, MAX_AGE, now_ms()).filter(|l| !l.times.contains(&start))
    });

    kiosk.press_text("button-next");
    while kiosk.screen() == Screen::Question {
        kiosk.answer_current_validly();
    }
    assert_eq!(kiosk.screen(), Screen::Review);
    assert!(kiosk.all_text().contains(&name), "the summary shows the time");
    kiosk.press_text("button-send");
    assert_eq!(kiosk.screen(), Screen::Receipt);
    let on_receipt =
        kiosk.ui.with_app(|a| a.i18n().format("sv", "receipt-appointment", &[("time", name.clone().into())]));
    let receipt = kiosk.all_text();
    assert!(receipt.contains(&on_receipt), "the time on the receipt: {on_receipt:?} in {receipt}");
    let paper = kiosk.ui.with_app(|a| a.sheet()).expect("the receipt has paper");
    assert!(paper.blocks.iter().any(|b| b.text.contains(&name)), "the time on paper: {paper:?}");

    // In the adviser's calendar: the reference and the service, nothing the visitor wrote.
    let reference = kiosk.ui.with_app(|a| a.session().reference().unwrap().to_string());
    let submission = arrived(&kiosk, &office.hub_db, &reference);
    assert_eq!(submission.answers.get("time"), Some(&Answer::One(start.clone())));
    let event = wait_for("the booking in the calendar", Duration::from_secs(30), || {
        office.radicale.events("office").into_iter().map(|(_, ics)| ics).find(|ics| ics.contains(&reference))
    });
    assert!(event.contains(&format!("SUMMARY:{reference} book-meeting")), "{event}");
    for personal in ["TESTMARK", "Anna", "070", "Lindqvist"] {
        assert!(!event.contains(personal), "{personal} in the calendar: {event}");
    }
    // Done ends the visit; the booking stays, and nobody else can hold its time.
    kiosk.press_text("button-done");
    kiosk.tick_at(Duration::from_secs(1));
    let late = other.booker().unwrap().hold(uuid::Uuid::now_v7(), OFFICE, &start);
    assert_eq!(late.recv_timeout(Duration::from_secs(20)).unwrap(), Held::Taken);
}

/// A kiosk without a window for `office`'s kiosk `n`, hearing the free times with every heartbeat.
fn kiosk_worker_for(office: &Office, n: usize) -> SyncWorker {
    let dir = tempfile::tempdir().unwrap().keep();
    kiosk(&dir, "other", office.hub, &office.tokens[n])
}

#[test]
fn two_visitors_race_for_one_time_and_the_one_who_loses_is_told_and_picks_another() {
    let office = office(&["bibliotek-1", "stadshuset-1"]);
    let a = TestKiosk::booking(&format!("http://{}", office.hub), &office.tokens[0]);
    let b = TestKiosk::booking(&format!("http://{}", office.hub), &office.tokens[1]);
    let times = heard_times(&a);
    heard_times(&b);
    let start = far_time(&times);
    to_the_time_question(&a, "sv");
    to_the_time_question(&b, "ar");
    let (name_a, name_b) = (words(&a, &start), words(&b, &start));
    // Both fingers land before either hears back.
    a.tap(&name_a);
    b.tap(&name_b);
    answered(&a);
    answered(&b);
    let won =
        [time_on_page(&a, &name_a).is_some_and(|t| t.selected), time_on_page(&b, &name_b).is_some_and(|t| t.selected)];
    assert_eq!(won.iter().filter(|w| **w).count(), 1, "exactly one visitor has the time: {won:?}");
    let (loser, lost_name) = if won[0] { (&b, &name_b) } else { (&a, &name_a) };
    assert!(loser.all_text().contains(&loser.t("appointment-taken")), "the other is told on the spot");
    assert!(time_on_page(loser, lost_name).is_none(), "and the time is no longer offered to them");
    assert_eq!(loser.ui.with_app(|a| a.session().answers().get("time").cloned()), None);

    // The one who lost picks another time, and gets it.
    let another = loser.ui.with_app(|a| {
        a.view(std::time::Instant::now()).question.times.iter().rev().find(|t| !t.selected).unwrap().name.clone()
    });
    loser.press_accessibly(&another);
    answered(loser);
    assert!(time_on_page(loser, &another).unwrap().selected);
    assert!(!loser.all_text().contains(&loser.t("appointment-taken")), "the message is gone");

    // The winner stops the visit: the time is let go, and the hub offers it again.
    let winner = if won[0] { &a } else { &b };
    winner.press_text("button-cancel");
    winner.press_text("cancel-yes");
    assert_eq!(winner.screen(), Screen::Attract);
    let worker = loser.worker.as_ref().unwrap();
    wait_for("the let-go time offered again", Duration::from_secs(30), || {
        worker.send_now_handle().heartbeat_now();
        worker.times().fresh(OFFICE, MAX_AGE, now_ms()).filter(|l| l.times.contains(&start))
    });
}

#[test]
fn a_stale_list_or_an_unreachable_hub_says_we_will_call_and_the_request_is_sent_as_today() {
    let kiosk = TestKiosk::new();
    let times = torget::times::TimesHandle::default();
    let token = Arc::new(std::sync::Mutex::new(String::new()));
    let _ = rustls::crypto::ring::default_provider().install_default();
    // Nobody listens there: a hold cannot be asked for.
    let nowhere = format!("http://{}", torget_testing::free_address());
    let booker = torget::times::Booker::new(&nowhere, token, reqwest::Client::new()).unwrap();
    kiosk.ui.with_app_mut(|a| a.set_booking(times.clone(), booker));
    let mut list = torget::demo::sample_times(time::OffsetDateTime::now_utc());
    // The hub read the calendar eleven minutes ago: too old to offer.
    list.resources[0].read_at_ms = Some(now_ms() - 11 * 60_000);
    times.heard(list.clone());
    to_the_time_question(&kiosk, "en");
    let call = kiosk.t("appointment-call");
    assert!(!kiosk.find(&call).is_empty(), "a stale list: we will call you");
    assert!(kiosk.ui.with_app(|a| a.view(std::time::Instant::now()).question.times.is_empty()));

    // A fresh list shows its times; a tap finds the hub unreachable, and the page says so.
    list.resources[0].read_at_ms = Some(now_ms());
    times.heard(list.clone());
    kiosk.tick_at(Duration::from_secs(1));
    let first = kiosk.ui.with_app(|a| a.view(std::time::Instant::now()).question.times[0].name.clone());
    kiosk.tap(&first);
    answered(&kiosk);
    assert!(!kiosk.find(&call).is_empty(), "unreachable: we will call you");
    kiosk.press_text("button-next");
    while kiosk.screen() == Screen::Question {
        kiosk.answer_current_validly();
    }
    kiosk.press_text("button-send");
    assert_eq!(kiosk.screen(), Screen::Receipt);
    assert!(kiosk.all_text().contains(&call), "the receipt says so too");
    let conn = rusqlite::Connection::open(kiosk.database()).unwrap();
    let sealed: Vec<u8> = conn.query_row("SELECT sealed FROM outbox", [], |r| r.get(0)).unwrap();
    let submission: Submission = serde_json::from_slice(&kiosk.key.open(&sealed).unwrap()).unwrap();
    assert_eq!(submission.answers.get("time"), Some(&Answer::One(torget::session::CALL_TO_AGREE.into())));
}

#[test]
fn an_offline_kiosk_offers_no_time_and_its_request_still_reaches_the_hub() {
    let dir = tempfile::tempdir().unwrap();
    // A hub without bookings: it offers no times at all.
    let (kiosk, hub_db) = TestKiosk::with_hub(dir.path());
    wait_for("the kiosk online", Duration::from_secs(20), || {
        (kiosk.worker.as_ref().unwrap().status().get().online == Some(true)).then_some(())
    });
    to_the_time_question(&kiosk, "uk");
    assert!(!kiosk.find(&kiosk.t("appointment-call")).is_empty());
    kiosk.press_text("button-next");
    while kiosk.screen() == Screen::Question {
        kiosk.answer_current_validly();
    }
    kiosk.press_text("button-send");
    let reference = kiosk.ui.with_app(|a| a.session().reference().unwrap().to_string());
    let submission = arrived(&kiosk, &hub_db, &reference);
    assert_eq!(submission.answers.get("time"), Some(&Answer::One(torget::session::CALL_TO_AGREE.into())));
}

#[test]
fn a_long_visit_keeps_its_time_by_holding_it_again_before_the_hold_lapses() {
    // Holds of one minute: the kiosk holds the time again when half of it has passed.
    let office = office_holding(&["bibliotek-1"], 1);
    let kiosk = TestKiosk::booking(&format!("http://{}", office.hub), &office.tokens[0]);
    let start = far_time(&heard_times(&kiosk));
    to_the_time_question(&kiosk, "fi");
    let name = words(&kiosk, &start);
    kiosk.tap(&name);
    answered(&kiosk);
    let offer = || kiosk.ui.with_app(|a| a.view(std::time::Instant::now()).question.times.iter().any(|t| t.selected));
    assert!(offer(), "held");
    let until = |kiosk: &TestKiosk| kiosk.ui.with_app(|a| a.booking_offer().and_then(|o| o.held_until_ms));
    let first = until(&kiosk).unwrap();
    // The visitor reads slowly: the kiosk's clock ticks on.
    let later = wait_for("the hold renewed", Duration::from_secs(60), || {
        kiosk.tick_at(Duration::from_secs(1));
        until(&kiosk).filter(|u| *u > first)
    });
    assert!(later >= first + 20_000, "held anew for a minute from the renewal: {first} → {later}");
    assert!(offer(), "still the visitor's time");
}
