//! The kiosk's side of booking a time, against a real hub reading a real CalDAV server (Radicale
//! on loopback in a temp folder): the sync worker brings the free times with its heartbeat, one
//! kiosk holds a time and another is told it is taken and no longer offered it, a time let go is
//! offered again, and a kiosk that cannot reach its hub offers no times and is told so.

use std::net::SocketAddr;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

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
    let late = booker_b.hold(uuid::Uuid::now_v7(), RESOURCE, &start).recv_timeout(Duration::from_secs(20)).unwrap();
    assert_eq!(late, Held::Taken, "the second visit is told at once");
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
