//! The service desk's page with a real kiosk: the kiosk's own app and sync worker talk to a real
//! hub on 127.0.0.1, and the desk page is open in Debian's Chromium. A visitor's help call is on
//! the page within 2 s without a reload; "I'm on my way" reaches the visitor's screen within 5 s;
//! "Done" closes the call; a kiosk that goes silent is shown out of contact.

use torget_testing::chromium;
mod common;

use std::time::{Duration, Instant};

use chromium::Chromium;
use common::TestKiosk;
use torget_hub::accounts::{Role, hash_password};
use torget_hub::store::{Database, Location};
use torget_hub::web::WebSettings;

#[test]
fn a_real_kiosks_help_call_reaches_the_open_desk_page_within_two_seconds_and_the_answer_reaches_the_visitor() {
    let dir = tempfile::tempdir().unwrap();
    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
    let db = rt.block_on(Database::open(&Location::Sqlite(dir.path().join("hub.db")))).unwrap();
    let token = rt.block_on(db.add_kiosk("test-kiosk")).unwrap();
    assert!(rt.block_on(db.set_place("test-kiosk", "vid entrén", "admin")).unwrap());
    let hash = hash_password("disken vid entrén 7").unwrap();
    assert!(rt.block_on(db.add_user("admin", "disk", Role::Desk, &hash)).unwrap());
    let offline_after = Duration::from_secs(6);
    let web = WebSettings { offline_after, ..WebSettings::default() };
    let listener = rt.block_on(tokio::net::TcpListener::bind("127.0.0.1:0")).unwrap();
    let addr = listener.local_addr().unwrap();
    let served = db.clone();
    rt.spawn(async move { torget_hub::serve_full(listener, served, None, torget_hub::Limits::default(), web).await });

    // Regular heartbeats only hourly: whatever the page shows within seconds came because of the call.
    let mut kiosk = TestKiosk::connected_with(&format!("http://{addr}"), &token, None, Duration::from_secs(3600));
    common::wait_for("the kiosk's first heartbeat", Duration::from_secs(10), || {
        rt.block_on(db.heartbeats()).unwrap().into_iter().find(|b| b.kiosk == "test-kiosk")
    });

    let browser = Chromium::start();
    browser.go(&format!("http://{addr}/sign-in?lang=sv"));
    browser.type_into("#name", "disk");
    browser.type_into("#password", "disken vid entrén 7");
    browser.click("button[type=submit]");
    browser.wait_until("the desk page", "return location.pathname === '/kiosks'");
    assert_eq!(browser.script("return document.querySelectorAll('[data-help-alert]').length"), 0);

    kiosk.start_in("sv");
    let asked = Instant::now();
    kiosk.press_text("call-staff");
    browser.wait_until("the call on the open page", "return document.title.startsWith('(1) ')");
    let shown_after = asked.elapsed();
    assert!(shown_after < Duration::from_secs(2), "the call was on the desk page after {shown_after:?}");
    assert_eq!(
        browser.script("return document.getElementById('announcer').textContent"),
        "test-kiosk, vid entrén: en besökare ber om hjälp"
    );
    browser.screenshot("desk-real-kiosk-sv");

    // "I'm on my way": the visitor sees and hears that someone is coming.
    browser.click("form.answer button");
    let answered = Instant::now();
    let coming = kiosk.t("call-staff-coming");
    common::wait_for("the visitor to see that staff are coming", Duration::from_secs(5), || {
        kiosk.tick_at(kiosk.start.elapsed());
        (!kiosk.find(&coming).is_empty()).then_some(())
    });
    assert!(answered.elapsed() < Duration::from_secs(5));

    // "Done" closes the call on the kiosk; the page no longer counts it.
    browser.wait_until("the Done button", "return document.querySelectorAll('form.answer button').length === 1");
    browser.click("form.answer button");
    common::wait_for("the call to close at the kiosk", Duration::from_secs(5), || {
        kiosk.tick_at(kiosk.start.elapsed());
        (!kiosk.ui.with_app(|a| a.help_requested())).then_some(())
    });
    browser.wait_until("no call on the page", "return !document.title.startsWith('(')");

    // The kiosk goes silent (its worker stops): the open page shows it out of contact.
    let last_beat = rt.block_on(db.heartbeats()).unwrap()[0].at_ms;
    drop(kiosk.worker.take());
    browser.wait_until(
        "out of contact",
        "return document.getElementById('kiosks').textContent.includes('Inte i kontakt')",
    );
    let silent_for = torget_common::sqlite::now_ms() - last_beat;
    assert!(
        silent_for >= offline_after.as_millis() as i64 && silent_for < offline_after.as_millis() as i64 + 3000,
        "shown out of contact {silent_for} ms after the last heartbeat"
    );
}
