//! A kiosk in a test: the real content, a real SQLite file in a temporary folder, a real Slint window
//! on the testing backend, and the private key so tests can open what was sealed.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use i_slint_backend_testing::{ElementHandle, ElementRoot};
use slint::platform::{PointerEventButton, WindowEvent};
use slint::{ComponentHandle, LogicalPosition};
use torget::app::{Action, App, AppParts};
use torget::content::FieldKind;
use torget::lint;
use torget::seal::OpeningKey;
use torget::session::{IdleTimes, Screen};
use torget::store::StoreOptions;
use torget::ui::KioskUi;

pub const IDLE: Duration = Duration::from_secs(90);
pub const WARNING: Duration = Duration::from_secs(30);

// Not every test that includes this module waits.
#[allow(unused_imports)]
pub use torget_testing::wait_for;

/// The demo content: the workspace's `assets/` and `locales/`.
pub fn content_root() -> PathBuf {
    torget_testing::workspace()
}

/// The `torget-hub` binary beside this test's own (`cargo test` builds it with the workspace).
pub fn hub_binary() -> PathBuf {
    let exe = std::env::current_exe().unwrap();
    let dir = exe.parent().and_then(Path::parent).unwrap();
    let hub = dir.join(format!("torget-hub{}", std::env::consts::EXE_SUFFIX));
    assert!(hub.exists(), "{} is missing: build it with `cargo build -p torget-hub`", hub.display());
    hub
}

/// A real torget-hub serving the hub database at `db` on a free port of 127.0.0.1, in a thread of
/// this test, until the test ends. Returns its address.
pub fn serve_hub(db: &Path) -> std::net::SocketAddr {
    let store = torget_hub::store::HubStore::open(db).unwrap();
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    listener.set_nonblocking(true).unwrap();
    let addr = listener.local_addr().unwrap();
    std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(1).enable_all().build().unwrap();
        rt.block_on(async move {
            torget_hub::serve(tokio::net::TcpListener::from_std(listener).unwrap(), store).await.unwrap();
        });
    });
    addr
}

/// What a kiosk on the demo content needs, with a store at `database` and a fresh key pair (the
/// private half returned, so tests can open what was sealed).
pub fn app_parts(database: PathBuf) -> (AppParts, OpeningKey) {
    let (catalog, i18n) = lint::load_checked(&content_root()).expect("the demo content is fine");
    let key = OpeningKey::generate();
    let parts = AppParts {
        catalog,
        i18n,
        key: key.sealing_key(),
        kiosk_id: "test-kiosk".into(),
        database,
        store_options: StoreOptions::default(),
        idle: IdleTimes { idle: IDLE, warning: WARNING },
        default_language: None,
    };
    (parts, key)
}

/// The real `torget-hub` binary serving `database` (`sqlite:PATH` or `postgres://…`) on `addr`,
/// killed (SIGKILL, as a failing host) when dropped.
pub struct HubProcess(torget_testing::HubProcess);

impl HubProcess {
    pub fn start(database: &str, addr: std::net::SocketAddr) -> HubProcess {
        let mut command = std::process::Command::new(hub_binary());
        command.env("TORGET_HUB_DATABASE", database).env("TORGET_LOG", "error");
        HubProcess(torget_testing::HubProcess::start(command, addr, &[]))
    }
}

pub struct TestKiosk {
    pub ui: KioskUi,
    pub worker: Option<torget::sync::SyncWorker>,
    pub key: OpeningKey,
    pub dir: tempfile::TempDir,
    pub start: Instant,
}

impl TestKiosk {
    pub fn new() -> TestKiosk {
        Self::with_store(|dir| dir.join("kiosk.db"), StoreOptions::default())
    }

    pub fn with_store(database: impl FnOnce(&Path) -> PathBuf, store_options: StoreOptions) -> TestKiosk {
        Self::build(database, store_options, None)
    }

    /// A kiosk whose sync worker sends to the hub at `hub_url`.
    pub fn connected(hub_url: &str, token: &str) -> TestKiosk {
        Self::connected_with_content(hub_url, token, None)
    }

    /// Connected to a real torget-hub on 127.0.0.1 (its database in `dir`) that has this kiosk enrolled.
    /// Returns the kiosk and the hub's database.
    pub fn with_hub(dir: &Path) -> (TestKiosk, PathBuf) {
        Self::with_hub_beating_every(dir, Duration::from_millis(100))
    }

    /// Like [`TestKiosk::with_hub`], with regular heartbeats only every `heartbeat_every`.
    pub fn with_hub_beating_every(dir: &Path, heartbeat_every: Duration) -> (TestKiosk, PathBuf) {
        let hub_db = dir.join("hub.db");
        let token = torget_hub::store::HubStore::open(&hub_db).unwrap().add_kiosk("test-kiosk").unwrap();
        let addr = serve_hub(&hub_db);
        (TestKiosk::connected_with(&format!("http://{addr}"), &token, None, heartbeat_every), hub_db)
    }

    /// Connected, and taking signed content updates checked with `verify_key`.
    pub fn connected_with_content(hub_url: &str, token: &str, verify_key: Option<&str>) -> TestKiosk {
        Self::connected_with(hub_url, token, verify_key, Duration::from_millis(100))
    }

    pub fn connected_with(
        hub_url: &str,
        token: &str,
        verify_key: Option<&str>,
        heartbeat_every: Duration,
    ) -> TestKiosk {
        let mut settings = torget::sync::SyncSettings::new(hub_url, token);
        settings.poll = Duration::from_millis(50);
        settings.backoff_cap = Duration::from_millis(200);
        settings.heartbeat_every = heartbeat_every;
        settings.content = verify_key.map(|key| torget::sync::ContentUpdates {
            verify_key: key.to_string(),
            data_dir: PathBuf::new(),
            check_every: Duration::from_millis(100),
        });
        Self::build(|dir| dir.join("kiosk.db"), StoreOptions::default(), Some(settings))
    }

    /// Connected to a hub that offers times to book: every heartbeat (each 100 ms) brings the
    /// free times, so that the test sees each change at once.
    pub fn booking(hub_url: &str, token: &str) -> TestKiosk {
        let mut settings = torget::sync::SyncSettings::new(hub_url, token);
        settings.poll = Duration::from_millis(50);
        settings.backoff_cap = Duration::from_millis(200);
        settings.heartbeat_every = Duration::from_millis(100);
        settings.times_every = Duration::ZERO;
        Self::build(|dir| dir.join("kiosk.db"), StoreOptions::default(), Some(settings))
    }

    fn build(
        database: impl FnOnce(&Path) -> PathBuf,
        store_options: StoreOptions,
        sync: Option<torget::sync::SyncSettings>,
    ) -> TestKiosk {
        init_backend();
        let dir = tempfile::tempdir().unwrap();
        let (mut parts, key) = app_parts(database(dir.path()));
        parts.store_options = store_options;
        let start = Instant::now();
        let mut app = App::new(parts, start);
        let worker = sync.map(|mut settings| {
            if let Some(content) = settings.content.as_mut() {
                content.data_dir = dir.path().to_path_buf();
            }
            let worker = torget::sync::SyncWorker::start(settings, dir.path().join("kiosk.db")).unwrap();
            app.set_sync_status(worker.status());
            app.set_send_now(worker.send_now_handle());
            app.set_content_updates(worker.content_updates());
            app.set_booking(worker.times(), worker.booker().unwrap());
            worker
        });
        let ui = KioskUi::new(app).unwrap();
        // Portrait, so that a whole question page is on screen: elements scrolled out of view are not
        // found, just as a finger cannot touch them.
        ui.set_size(1080, 1920);
        TestKiosk { ui, worker, key, dir, start }
    }

    pub fn database(&self) -> PathBuf {
        self.dir.path().join("kiosk.db")
    }

    /// A text of the kiosk in the visitor's current language.
    pub fn t(&self, key: &str) -> String {
        self.ui.with_app(|a| a.i18n().text(a.session().lang(), key))
    }

    pub fn screen(&self) -> Screen {
        self.ui.with_app(|a| a.session().screen().clone())
    }

    pub fn find(&self, label: &str) -> Vec<ElementHandle> {
        ElementHandle::find_by_accessible_label(self.ui.window(), label).collect()
    }

    /// Presses the control labelled `label` as a finger does: a tap at its position on the window.
    pub fn press(&self, label: &str) {
        self.tap(label);
    }

    /// Presses the control labelled `label` as a screen reader user does: its default action.
    pub fn press_accessibly(&self, label: &str) {
        let found = self.find(label);
        assert!(!found.is_empty(), "no control labelled {label:?} on {:?}", self.screen());
        found[0].invoke_accessible_default_action();
    }

    /// Where the control labelled `label` is on the window: the centre of the first one on screen.
    pub fn position_of(&self, label: &str) -> LogicalPosition {
        let found = self.find(label);
        assert!(!found.is_empty(), "no control labelled {label:?} on {:?}", self.screen());
        let window = self.ui.window().window().size().to_logical(self.ui.window().window().scale_factor());
        found
            .iter()
            .map(|e| {
                let (at, size) = (e.absolute_position(), e.size());
                LogicalPosition::new(at.x + size.width / 2.0, at.y + size.height / 2.0)
            })
            .find(|c| c.x >= 0.0 && c.y >= 0.0 && c.x < window.width && c.y < window.height)
            .unwrap_or_else(|| panic!("the control labelled {label:?} is not on screen on {:?}", self.screen()))
    }

    /// Taps the control labelled `label` with a finger, once the moment after a new page has passed.
    pub fn tap(&self, label: &str) {
        let at = self.position_of(label);
        self.settle();
        self.tap_at(at);
    }

    /// Lets the moment pass during which taps on a new page do nothing.
    pub fn settle(&self) {
        i_slint_backend_testing::mock_elapsed_time(torget::ui::SETTLE + Duration::from_millis(50));
    }

    /// A finger on the glass at `at` for 80 ms, lifted at `up`.
    pub fn touch(&self, at: LogicalPosition, up: LogicalPosition) {
        let window = self.ui.window().window();
        window.dispatch_event(WindowEvent::PointerMoved { position: at });
        window.dispatch_event(WindowEvent::PointerPressed { position: at, button: PointerEventButton::Left });
        i_slint_backend_testing::mock_elapsed_time(Duration::from_millis(80));
        window.dispatch_event(WindowEvent::PointerMoved { position: up });
        window.dispatch_event(WindowEvent::PointerReleased { position: up, button: PointerEventButton::Left });
        window.dispatch_event(WindowEvent::PointerExited);
    }

    /// A tap at `at`: pressed and lifted in the same place.
    pub fn tap_at(&self, at: LogicalPosition) {
        self.touch(at, at);
    }

    pub fn press_text(&self, key: &str) {
        let label = self.t(key);
        self.press(&label);
    }

    /// Types into the answer field of the current question.
    pub fn type_answer(&self, text: &str) {
        let question = self.ui.with_app(|a| a.view(Instant::now()).question.text);
        let field = self
            .find(&question)
            .into_iter()
            .find(|e| e.accessible_role() == Some(i_slint_backend_testing::AccessibleRole::TextInput))
            .unwrap_or_else(|| panic!("no answer field for {question:?}"));
        field.set_accessible_value(text);
    }

    pub fn choose_language(&self, code: &str) {
        let endonym = self.ui.with_app(|a| a.catalog().language(code).unwrap().endonym.clone());
        self.press_text("button-language");
        self.press(&endonym);
    }

    /// From the attract screen to the home page in `code`.
    pub fn start_in(&self, code: &str) {
        let touch = self.ui.with_app(|a| a.view(Instant::now()).touch);
        self.press(&touch);
        let endonym = self.ui.with_app(|a| a.catalog().language(code).unwrap().endonym.clone());
        self.press(&endonym);
        assert_eq!(self.screen(), Screen::Home);
    }

    pub fn open_service(&self, id: &str) {
        let title = self.t(&torget::content::text_id(&[id, "title"]));
        self.press(&title);
    }

    /// Answers the current question with a valid answer for its kind, and presses Next.
    pub fn answer_current_validly(&self) {
        let step = self.ui.with_app(|a| a.session().current_step().cloned()).expect("a question is showing");
        let tomorrow = time::OffsetDateTime::now_utc().date() + time::Duration::days(2);
        match step.kind {
            FieldKind::Choice | FieldKind::MultiChoice => {
                let service = self.ui.with_app(|a| a.session().service().unwrap().id.clone());
                let first = self.t(&torget::content::text_id(&[&service, &step.id, &step.options[0]]));
                self.press(&first);
            }
            FieldKind::YesNo => self.press_text("answer-yes"),
            // Without a hub there are no times: the page says "we will call you", and Next goes on.
            FieldKind::Appointment => {}
            kind => self.type_answer(&valid_text(kind, tomorrow)),
        }
        self.press_text("button-next");
    }

    pub fn tick_at(&self, after: Duration) {
        self.ui.tick_at(self.start + after);
    }

    pub fn act(&self, action: Action) {
        self.ui.act(action);
    }

    /// Every text shown in the window (labels and values of all elements).
    pub fn all_text(&self) -> String {
        let mut out = String::new();
        for e in self.ui.window().root_element().query_descendants().find_all() {
            for s in [e.accessible_label(), e.accessible_value(), e.accessible_description()].into_iter().flatten() {
                out.push_str(&s);
                out.push('\n');
            }
        }
        out
    }
}

pub fn valid_text(kind: FieldKind, date: time::Date) -> String {
    torget::demo::sample_answer(kind, date - time::Duration::days(2), "TESTMARK").expect("a typed question")
}

fn init_backend() {
    thread_local! { static READY: std::cell::Cell<bool> = const { std::cell::Cell::new(false) }; }
    READY.with(|r| {
        if !r.get() {
            i_slint_backend_testing::init_no_event_loop();
            r.set(true);
        }
    });
}

/// From the attract screen to the review page of the parking permit in Swedish, with this identity
/// number (a sensitive answer) and this name.
pub fn permit_review(app: &mut App, identity: &str, name: &str) {
    let sv = app.catalog().languages.iter().position(|l| l.code == "sv").unwrap();
    let permit = app.catalog().services.iter().position(|s| s.id == "parking-permit").unwrap();
    let steps = [
        Action::Start,
        Action::ChooseLanguage(sv),
        Action::OpenService(permit),
        Action::Edit(identity.into()),
        Action::Next,
        Action::Edit(name.into()),
        Action::Next,
        Action::Edit("12345".into()),
        Action::Next,
        Action::Choose(0),
        Action::Next,
        Action::Choose(0),
        Action::Next,
        Action::Choose(1),
        Action::Next,
    ];
    for a in steps {
        app.handle(a, Instant::now());
    }
}
