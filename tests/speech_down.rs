//! Speech that is down (speech-dispatcher unreachable) never blocks the visitor: the kiosk keeps
//! answering every touch at once and says that speech is not available.

mod common;

use std::time::{Duration, Instant};

use common::TestKiosk;
use torget::session::Screen;

#[test]
fn with_speech_down_the_kiosk_answers_every_touch_at_once_and_says_speech_is_unavailable() {
    // An address where no speech-dispatcher listens: every connection attempt fails.
    // SAFETY: set before any other thread of this test binary reads the environment.
    unsafe { std::env::set_var("SPEECHD_ADDRESS", "unix_socket:/nonexistent/torget-test/speechd.sock") };
    let kiosk = TestKiosk::new();
    kiosk.ui.with_app_mut(|app| {
        app.set_speech(torget::speech::Speech::start([("sv".to_string(), "sv".to_string())].into_iter().collect()))
    });
    let listen = kiosk.ui.with_app(|a| a.view(Instant::now()).speech.listen);
    let start = Instant::now();
    kiosk.press(&listen);
    kiosk.start_in("sv");
    kiosk.open_service("report-fault");
    assert!(start.elapsed() < Duration::from_secs(3), "touches answered at once: {:?}", start.elapsed());
    for _ in 0..20 {
        let t = Instant::now();
        kiosk.press_text("speech-repeat");
        kiosk.press_text("speech-faster");
        assert!(t.elapsed() < Duration::from_secs(1), "a touch took {:?} while speech is down", t.elapsed());
    }
    assert_eq!(kiosk.screen(), Screen::Question);
    assert!(!kiosk.find(&kiosk.t("speech-unavailable")).is_empty(), "the visitor is told speech is not available");
    assert!(kiosk.ui.with_app(|a| a.session().speech().is_some()), "speech stays on, to work when it comes back");
    // The desk's kiosk list hears it with the next heartbeat.
    let start = Instant::now();
    let noted = common::wait_for("speech noted for the heartbeat", Duration::from_secs(10), || {
        kiosk.tick_at(start.elapsed());
        let store = torget::store::Store::open(&kiosk.database(), Default::default()).unwrap();
        store.condition(torget::store::Condition::Speech).unwrap()
    });
    assert!(noted.starts_with("not working: "), "{noted}");
}
