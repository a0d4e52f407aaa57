//! The only part of Torget that knows Slint: it builds the window, forwards what the visitor does to
//! [`App`], and copies each new [`View`] into the `Kiosk` global of `ui/kiosk.slint`.
//!
//! It makes no decisions of its own. The once-a-second timer (idle warning, attract greeting) lives
//! here because it is a Slint timer; what a tick means is [`App::tick`]'s business.

pub mod screenshot;

use std::cell::RefCell;
use std::collections::HashMap;
use std::path::PathBuf;
use std::rc::Rc;
use std::time::{Duration, Instant};

use slint::{ComponentHandle, Image, ModelRc, SharedString, VecModel};

use crate::app::{self, Action, App, StaffAction, View};

slint::include_modules!();

/// The kiosk window and the app behind it.
pub struct KioskUi {
    window: AppWindow,
    state: Rc<State>,
    _timer: slint::Timer,
    _booking: slint::Timer,
}

struct State {
    app: RefCell<App>,
    pictograms: RefCell<HashMap<PathBuf, Image>>,
    field: RefCell<String>,
    /// Which page, question and overlay is showing, to give the keys back to the window when it changes.
    shown: RefCell<String>,
    /// Ends the moment after something new appears during which taps do nothing.
    settle: slint::Timer,
    /// The scale this window set to fit the screen ([`fit_to_screen`]), once it set one.
    fitted: std::cell::Cell<Option<f32>>,
    models: Models,
}

/// The lists on screen. Each keeps its model for the life of the window and is changed row by row, so
/// that a control keeps its keyboard focus when, say, its option is chosen or a key is typed.
#[derive(Default)]
struct Models {
    languages: Rc<VecModel<Choice>>,
    services: Rc<VecModel<Tile>>,
    info_tiles: Rc<VecModel<Tile>>,
    options: Rc<VecModel<Choice>>,
    days: Rc<VecModel<TimeDay>>,
    times: Rc<VecModel<TimeSlot>>,
    review: Rc<VecModel<Row>>,
    faces: Rc<VecModel<Face>>,
    body: Rc<VecModel<SharedString>>,
    keys: Rc<VecModel<KeyData>>,
    sizes: Rc<VecModel<Choice>>,
    dead: Rc<VecModel<DeadData>>,
    health: Rc<VecModel<SharedString>>,
    reasons: Rc<VecModel<SharedString>>,
    settings: Rc<VecModel<SharedString>>,
}

impl Models {
    fn bind(&self, w: &AppWindow) {
        w.global::<LanguagePage>().set_languages(ModelRc::from(self.languages.clone()));
        let home = w.global::<HomePage>();
        home.set_services(ModelRc::from(self.services.clone()));
        home.set_info_tiles(ModelRc::from(self.info_tiles.clone()));
        let question = w.global::<QuestionPage>();
        question.set_options(ModelRc::from(self.options.clone()));
        question.set_days(ModelRc::from(self.days.clone()));
        question.set_times(ModelRc::from(self.times.clone()));
        question.set_keys(ModelRc::from(self.keys.clone()));
        w.global::<ReviewPage>().set_review(ModelRc::from(self.review.clone()));
        w.global::<ReceiptPage>().set_faces(ModelRc::from(self.faces.clone()));
        // One list of paragraphs, shown by whichever of these pages is on screen.
        w.global::<ReceiptPage>().set_body(ModelRc::from(self.body.clone()));
        w.global::<InfoPage>().set_body(ModelRc::from(self.body.clone()));
        w.global::<SaveFailedPage>().set_body(ModelRc::from(self.body.clone()));
        w.global::<Kiosk>().set_display_sizes(ModelRc::from(self.sizes.clone()));
        let staff = w.global::<StaffPage>();
        staff.set_dead(ModelRc::from(self.dead.clone()));
        staff.set_health(ModelRc::from(self.health.clone()));
        staff.set_reasons(ModelRc::from(self.reasons.clone()));
        staff.set_settings(ModelRc::from(self.settings.clone()));
    }
}

/// Replaces the rows that changed; only a list of another length is replaced whole.
fn update<T: Clone + PartialEq + 'static>(model: &VecModel<T>, rows: Vec<T>) {
    use slint::Model;
    if model.row_count() != rows.len() {
        model.set_vec(rows);
        return;
    }
    for (i, row) in rows.into_iter().enumerate() {
        if model.row_data(i).as_ref() != Some(&row) {
            model.set_row_data(i, row);
        }
    }
}

impl KioskUi {
    /// Creates the window on the current Slint platform and shows the first page.
    pub fn new(app: App) -> Result<KioskUi, slint::PlatformError> {
        let window = AppWindow::new()?;
        let state = Rc::new(State {
            app: RefCell::new(app),
            pictograms: RefCell::new(HashMap::new()),
            field: RefCell::new(String::new()),
            shown: RefCell::new(String::new()),
            settle: slint::Timer::default(),
            fitted: std::cell::Cell::new(None),
            models: Models::default(),
        });
        state.models.bind(&window);
        bind_callbacks(&window, &state);
        let timer = slint::Timer::default();
        let weak = window.as_weak();
        let tick_state = state.clone();
        timer.start(slint::TimerMode::Repeated, Duration::from_secs(1), move || {
            if let Some(window) = weak.upgrade() {
                tick_state.app.borrow_mut().tick(Instant::now());
                render(&window, &tick_state, Instant::now());
                // From the event loop itself: a hung loop stops these, and systemd restarts the kiosk.
                crate::systemd::notify("WATCHDOG=1");
            }
        });
        // A hold's answer shows as soon as it comes, not at the next tick.
        let booking = slint::Timer::default();
        let weak = window.as_weak();
        let booking_state = state.clone();
        booking.start(slint::TimerMode::Repeated, Duration::from_millis(50), move || {
            if let Some(window) = weak.upgrade()
                && booking_state.app.borrow().booking_pending()
                && booking_state.app.borrow_mut().poll_booking()
            {
                render(&window, &booking_state, Instant::now());
            }
        });
        wake_on_printer_news(&window, &state);
        fit_to_screen(&window, &state);
        render(&window, &state, Instant::now());
        Ok(KioskUi { window, state, _timer: timer, _booking: booking })
    }

    pub fn window(&self) -> &AppWindow {
        &self.window
    }

    /// A key of the keyboard or a tactile keypad, pressed and released (e.g. `'\t'` for Tab).
    pub fn press_key(&self, key: char) {
        use slint::platform::WindowEvent;
        let text: SharedString = key.to_string().into();
        self.window.window().dispatch_event(WindowEvent::KeyPressed { text: text.clone() });
        self.window.window().dispatch_event(WindowEvent::KeyReleased { text });
    }

    /// Sets the window's size in pixels, e.g. a portrait or landscape screen.
    pub fn set_size(&self, width: u32, height: u32) {
        self.window.window().set_size(slint::PhysicalSize::new(width, height));
        fit_to_screen(&self.window, &self.state);
    }

    /// What is in the answer field right now.
    pub fn field_text(&self) -> String {
        self.window.global::<QuestionPage>().get_input_text().into()
    }

    /// Whether the high-contrast theme is on.
    pub fn is_high_contrast(&self) -> bool {
        self.window.global::<Theme>().get_high_contrast()
    }

    /// Whether the window is laid out right to left.
    pub fn is_rtl(&self) -> bool {
        self.window.global::<Kiosk>().get_rtl()
    }

    /// Reads the app (for tests and the screenshot tool).
    pub fn with_app<R>(&self, f: impl FnOnce(&App) -> R) -> R {
        f(&self.state.app.borrow())
    }

    /// Changes the app directly (e.g. a whole scripted visit), then redraws.
    pub fn with_app_mut<R>(&self, f: impl FnOnce(&mut App) -> R) -> R {
        let result = f(&mut self.state.app.borrow_mut());
        render(&self.window, &self.state, Instant::now());
        result
    }

    /// Does what the visitor would do, then redraws.
    pub fn act(&self, action: Action) {
        self.act_at(action, Instant::now());
    }

    pub fn act_at(&self, action: Action, now: Instant) {
        self.state.app.borrow_mut().handle(action, now);
        render(&self.window, &self.state, now);
    }

    /// One clock tick at `now`, as the timer does once a second.
    pub fn tick_at(&self, now: Instant) {
        self.state.app.borrow_mut().tick(now);
        render(&self.window, &self.state, now);
    }

    /// Fills the screen, as a kiosk does.
    pub fn set_fullscreen(&self, on: bool) {
        self.window.window().set_fullscreen(on);
    }

    /// Shows the window and runs until it is closed; says why it closed.
    pub fn run(&self) -> Result<Ended, slint::PlatformError> {
        self.window.run()?;
        let app = self.state.app.borrow();
        Ok(if app.exit_requested() {
            Ended::Maintenance
        } else if app.restart_requested() {
            Ended::Upgrade
        } else {
            Ended::Closed
        })
    }
}

/// Why the kiosk window closed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ended {
    /// The window was closed (a developer's desktop).
    Closed,
    /// An administrator stopped the kiosk for maintenance.
    Maintenance,
    /// A newer version is installed and takes over now that no visit is under way.
    Upgrade,
}

thread_local! {
    /// The window the printer thread's news is for (the event loop's thread only).
    static PRINTER_NEWS: RefCell<Option<(slint::Weak<AppWindow>, std::rc::Weak<State>)>> = const { RefCell::new(None) };
}

/// The printer thread wakes the event loop when a job ends, so "take your paper" or "the printer is
/// not working" shows and is said at once, not at the next tick.
fn wake_on_printer_news(window: &AppWindow, state: &Rc<State>) {
    let app = state.app.borrow();
    let Some(printer) = app.printer() else { return };
    PRINTER_NEWS.with(|n| *n.borrow_mut() = Some((window.as_weak(), Rc::downgrade(state))));
    printer.set_waker(std::sync::Arc::new(|| {
        let _ = slint::invoke_from_event_loop(|| {
            PRINTER_NEWS.with(|n| {
                let Some((window, state)) = n.borrow().clone() else { return };
                if let (Some(window), Some(state)) = (window.upgrade(), state.upgrade())
                    && state.app.borrow_mut().poll_printer()
                {
                    render(&window, &state, Instant::now());
                }
            })
        });
    }));
}

fn bind_callbacks(window: &AppWindow, state: &Rc<State>) {
    let k = window.global::<Kiosk>();
    let on = |action: fn() -> Action| {
        let weak = window.as_weak();
        let state = state.clone();
        move || {
            if let Some(w) = weak.upgrade() {
                state.app.borrow_mut().handle(action(), Instant::now());
                render(&w, &state, Instant::now());
            }
        }
    };
    let on_index = |action: fn(usize) -> Action| {
        let weak = window.as_weak();
        let state = state.clone();
        move |i: i32| {
            if let (Some(w), Ok(i)) = (weak.upgrade(), usize::try_from(i)) {
                state.app.borrow_mut().handle(action(i), Instant::now());
                render(&w, &state, Instant::now());
            }
        }
    };
    let attract = window.global::<AttractPage>();
    attract.on_start(on(|| Action::Start));
    k.on_open_languages(on(|| Action::OpenLanguages));
    k.on_back(on(|| Action::Back));
    k.on_next(on(|| Action::Next));
    k.on_forward(on(|| Action::Forward));
    k.on_cancel(on(|| Action::Cancel));
    k.on_dialog_yes(on(|| Action::DialogYes));
    k.on_dialog_no(on(|| Action::DialogNo));
    window.global::<QuestionPage>().on_toggle_reveal(on(|| Action::ToggleReveal));
    window.global::<ReviewPage>().on_toggle_reveal(on(|| Action::ToggleReveal));
    k.on_toggle_speech(on(|| Action::ToggleSpeech));
    k.on_listen(on(|| Action::Listen));
    k.on_stop_speech(on(|| Action::StopSpeech));
    k.on_slower(on(|| Action::Slower));
    k.on_faster(on(|| Action::Faster));
    k.on_quieter(on(|| Action::Quieter));
    k.on_louder(on(|| Action::Louder));
    k.on_toggle_private(on(|| Action::TogglePrivateListening));
    k.on_toggle_contrast(on(|| Action::ToggleContrast));
    k.on_open_display(on(|| Action::OpenDisplay));
    k.on_close_display(on(|| Action::CloseDisplay));
    k.on_help(on(|| Action::Help));
    k.on_call_staff_pressed(on(|| Action::CallStaff));
    k.on_close_staff_call(on(|| Action::CloseStaffCall));
    window.global::<Paper>().on_print(on(|| Action::Print));
    window.global::<ReceiptPage>().on_rate(on_index(|i| Action::Rate(i.clamp(1, 5) as u8)));
    k.on_staff_enter(on(|| Action::Staff(StaffAction::Enter)));
    let pin = window.global::<StaffPinPage>();
    pin.on_backspace(on(|| Action::Staff(StaffAction::Backspace)));
    pin.on_submit(on(|| Action::Staff(StaffAction::Submit)));
    pin.on_cancel(on(|| Action::Staff(StaffAction::Cancel)));
    pin.on_digit(on_index(|i| Action::Staff(StaffAction::Digit(i.min(9) as u8))));
    let staff = window.global::<StaffPage>();
    staff.on_send_now(on(|| Action::Staff(StaffAction::SendNow)));
    staff.on_discard_cancel(on(|| Action::Staff(StaffAction::DiscardCancel)));
    staff.on_assist(on(|| Action::Staff(StaffAction::Assist)));
    staff.on_clear_help(on(|| Action::Staff(StaffAction::ClearHelp)));
    staff.on_sign_out(on(|| Action::Staff(StaffAction::SignOut)));
    staff.on_exit(on(|| Action::Staff(StaffAction::Exit)));
    staff.on_setting(on_index(|i| Action::Staff(StaffAction::Setting(i))));
    staff.on_retry(on_index(|i| Action::Staff(StaffAction::Retry(i))));
    staff.on_discard(on_index(|i| Action::Staff(StaffAction::Discard(i))));
    staff.on_reason(on_index(|i| Action::Staff(StaffAction::DiscardReason(i))));
    let question = window.global::<QuestionPage>();
    question.on_press_key(on_index(Action::Key));
    k.on_text_size(on_index(Action::TextSize));
    let weak = window.as_weak();
    k.on_move_focus(move |forward: bool| {
        if let Some(w) = weak.upgrade() {
            // An arrow key does what Tab (or Shift+Tab) does.
            let key: SharedString =
                if forward { slint::platform::Key::Tab } else { slint::platform::Key::Backtab }.into();
            w.window().dispatch_event(slint::platform::WindowEvent::KeyPressed { text: key.clone() });
            w.window().dispatch_event(slint::platform::WindowEvent::KeyReleased { text: key });
        }
    });
    let weak = window.as_weak();
    let resize_state = state.clone();
    k.on_resized(move || {
        if let Some(w) = weak.upgrade() {
            fit_to_screen(&w, &resize_state);
        }
    });
    window.global::<InfoPage>().on_listen_paragraph(on_index(Action::ListenParagraph));
    let review = window.global::<ReviewPage>();
    review.on_listen_answer(on_index(Action::ListenAnswer));
    review.on_change(on_index(Action::Change));
    window.global::<LanguagePage>().on_choose(on_index(Action::ChooseLanguage));
    let home = window.global::<HomePage>();
    home.on_open_service(on_index(Action::OpenService));
    home.on_open_info(on_index(Action::OpenInfo));
    question.on_choose(on_index(Action::Choose));
    let weak = window.as_weak();
    let focus_state = state.clone();
    k.on_focused(move |label: SharedString| {
        if weak.upgrade().is_some() {
            // Saying what has focus changes nothing on screen: no redraw.
            focus_state.app.borrow_mut().handle(Action::Focused(label.to_string()), Instant::now());
        }
    });
    let weak = window.as_weak();
    let edit_state = state.clone();
    question.on_edited(move |text: SharedString| {
        if let Some(w) = weak.upgrade() {
            edit_state.app.borrow_mut().handle(Action::Edit(text.to_string()), Instant::now());
            render(&w, &edit_state, Instant::now());
        }
    });
}

fn strings(texts: &[String]) -> Vec<SharedString> {
    texts.iter().map(|t| SharedString::from(t.as_str())).collect()
}

fn dialog_data(d: Option<&app::DialogView>) -> DialogData {
    match d {
        Some(d) => DialogData {
            visible: true,
            title: d.title.clone().into(),
            body: d.body.clone().into(),
            yes: d.yes.clone().into(),
            no: d.no.clone().into(),
        },
        None => DialogData::default(),
    }
}

fn apply_staff(window: &AppWindow, state: &State, v: &View) {
    let k = window.global::<Kiosk>();
    let p = &v.pin;
    window.global::<StaffPinPage>().set_pin(PinData {
        title: p.title.clone().into(),
        dots: p.dots.clone().into(),
        message: p.message.clone().into(),
        ok: p.ok.clone().into(),
        cancel: p.cancel.clone().into(),
        backspace: p.backspace.clone().into(),
    });
    let s = &v.panel;
    window.global::<StaffPage>().set_panel(PanelData {
        title: s.title.clone().into(),
        queue_title: s.queue_title.clone().into(),
        counts: s.counts.clone().into(),
        connection: s.connection.clone().into(),
        last_success: s.last_success.clone().into(),
        last_error: s.last_error.clone().into(),
        send_now: s.send_now.clone().into(),
        dead_title: s.dead_title.clone().into(),
        health_title: s.health_title.clone().into(),
        help: s.help.clone().into(),
        clear_help: s.clear_help.clone().into(),
        assist: s.assist.clone().into(),
        sign_out: s.sign_out.clone().into(),
        settings_title: s.settings_title.clone().into(),
        exit: s.exit.clone().into(),
        retry_word: s.retry_word.clone().into(),
        discard_word: s.discard_word.clone().into(),
        confirm_title: s.confirm_title.clone().into(),
        confirm_body: s.confirm_body.clone().into(),
        confirm_cancel: s.confirm_cancel.clone().into(),
    });
    update(
        &state.models.dead,
        s.dead
            .iter()
            .map(|d| DeadData {
                text: d.text.clone().into(),
                retry: d.retry.clone().into(),
                discard: d.discard.clone().into(),
            })
            .collect(),
    );
    update(&state.models.health, strings(&s.health));
    update(&state.models.reasons, strings(&s.reasons));
    update(&state.models.settings, strings(&s.settings));
    k.set_assisted(v.assisted.clone().into());
    k.set_call_staff(v.call_staff.clone().into());
    k.set_staff_call(dialog_data(v.staff_call.as_ref()));
}

fn render(window: &AppWindow, state: &State, now: Instant) {
    if state.app.borrow().exit_requested() || state.app.borrow().restart_requested() {
        // An administrator left the kiosk, or a newer version takes over between visits.
        let _ = window.hide();
        let _ = slint::quit_event_loop();
        return;
    }
    let view = state.app.borrow().view(now);
    apply(window, state, &view);
    // A new page (or question, dialog, panel): the keys go to the window, where the arrows start from the
    // top; an answer field takes them itself, so that a keyboard can type into it at once.
    let shown = format!("{:?}|{}|{}|{}", view.page, view.question.field, view.dialog.is_some(), view.display.is_some());
    if *state.shown.borrow() != shown {
        *state.shown.borrow_mut() = shown;
        settle(window, state);
        let typing =
            view.page == app::Page::Question && matches!(view.question.input, app::Input::Line | app::Input::Lines);
        if !typing || view.dialog.is_some() || view.display.is_some() {
            window.invoke_focus_page();
        }
    }
}

/// The screen lines the kiosk is drawn for: every size in `ui/` is a pixel of a 1080-line screen.
pub const DESIGN_LINES: f32 = 1080.0;

/// Draws the 1080-line design on a screen with fewer lines (1280×720, 1366×768, 1280×1024) by scaling
/// it, as a television draws its menus: the same page shows, its text and targets as large on the
/// glass as the panel's larger pixels make them. A screen of 1080 lines or more, a platform that
/// scales already (HiDPI) and an administrator's `SLINT_SCALE_FACTOR` are left as they are.
fn fit_to_screen(window: &AppWindow, state: &State) {
    let w = window.window();
    let current = w.scale_factor();
    if std::env::var_os("SLINT_SCALE_FACTOR").is_some() || (state.fitted.get().is_none() && current > 1.0) {
        return;
    }
    let size = w.size();
    let shortest = size.width.min(size.height) as f32;
    if shortest < 1.0 {
        return;
    }
    let wanted = (shortest / DESIGN_LINES).clamp(0.5, 1.0);
    if (wanted - current).abs() > 0.001 {
        state.fitted.set(Some(wanted));
        w.dispatch_event(slint::platform::WindowEvent::ScaleFactorChanged { scale_factor: wanted });
        // The window's item takes its new logical size only from a resize.
        w.dispatch_event(slint::platform::WindowEvent::Resized { size: size.to_logical(wanted) });
    }
}

/// How long taps wait after a new page, question or dialog appears. A double tap's taps come within
/// about 300 ms of each other (Android's double-tap timeout); older hands are slower. Keys of a keypad
/// and the screen reader's actions are not held.
pub const SETTLE: Duration = Duration::from_millis(500);

/// Holds taps for [`SETTLE`]: the second tap of an impatient visitor lands on nothing instead of on
/// what the new page shows under the finger.
fn settle(window: &AppWindow, state: &State) {
    window.global::<Kiosk>().set_settling(true);
    let weak = window.as_weak();
    state.settle.start(slint::TimerMode::SingleShot, SETTLE, move || {
        if let Some(w) = weak.upgrade() {
            w.global::<Kiosk>().set_settling(false);
        }
    });
}

fn apply(window: &AppWindow, state: &State, v: &View) {
    let k = window.global::<Kiosk>();
    let image = |path: &PathBuf| -> Image {
        state
            .pictograms
            .borrow_mut()
            .entry(path.clone())
            .or_insert_with(|| Image::load_from_path(path).unwrap_or_default())
            .clone()
    };
    k.set_page(match v.page {
        app::Page::Attract => Page::Attract,
        app::Page::Language => Page::Language,
        app::Page::Home => Page::Home,
        app::Page::Question => Page::Question,
        app::Page::Review => Page::Review,
        app::Page::Receipt => Page::Receipt,
        app::Page::Info => Page::Info,
        app::Page::SaveFailed => Page::SaveFailed,
        app::Page::StaffPin => Page::StaffPin,
        app::Page::Staff => Page::Staff,
    });
    k.set_nav(Nav {
        back: v.nav.back,
        cancel: v.nav.cancel,
        forward: v.nav.forward.clone().into(),
        staff_entry: v.nav.staff_entry,
        staff_hold: app::view::STAFF_HOLD.as_millis() as i64,
    });
    k.set_rtl(v.rtl);
    let l = &v.labels;
    k.set_labels(Labels {
        language: l.language.clone().into(),
        back: l.back.clone().into(),
        next: l.next.clone().into(),
        cancel: l.cancel.clone().into(),
        send: l.send.clone().into(),
        change: l.change.clone().into(),
        done: l.done.clone().into(),
        selected: l.selected.clone().into(),
        not_selected: l.not_selected.clone().into(),
    });
    k.set_title(v.title.clone().into());
    let attract = window.global::<AttractPage>();
    attract.set_greeting(v.greeting.clone().into());
    attract.set_touch(v.touch.clone().into());
    attract.set_greeting_rtl(v.greeting_rtl);
    let choices = |cs: &[app::Choice]| {
        cs.iter().map(|c| Choice { label: c.label.clone().into(), selected: c.selected }).collect::<Vec<_>>()
    };
    update(&state.models.languages, choices(&v.languages));
    let home = window.global::<HomePage>();
    home.set_services_heading(v.services_heading.clone().into());
    home.set_info_heading(v.info_heading.clone().into());
    let tiles = |ts: &[app::Tile]| {
        ts.iter().map(|t| Tile { title: t.title.clone().into(), pictogram: image(&t.pictogram) }).collect::<Vec<_>>()
    };
    update(&state.models.services, tiles(&v.services));
    update(&state.models.info_tiles, tiles(&v.info_tiles));
    let q = &v.question;
    let question = window.global::<QuestionPage>();
    question.set_question(Question {
        service_title: q.service_title.clone().into(),
        progress: q.progress.clone().into(),
        text: q.text.clone().into(),
        help: q.help.clone().into(),
        input: match q.input {
            app::Input::Line => InputKind::Line,
            app::Input::Lines => InputKind::Lines,
            app::Input::Options => InputKind::Options,
            app::Input::Times => InputKind::Times,
        },
        multi: q.multi,
        masked: q.masked,
        reveal: q.reveal.clone().into(),
        hint: q.hint.clone().into(),
        error: q.error.clone().into(),
        optional: q.optional.clone().into(),
        notice: q.notice.clone().into(),
    });
    update(&state.models.options, choices(&q.options));
    update(
        &state.models.days,
        q.days.iter().map(|d| TimeDay { heading: d.heading.clone().into(), count: d.count as i32 }).collect(),
    );
    update(
        &state.models.times,
        q.times
            .iter()
            .map(|t| TimeSlot {
                label: t.label.clone().into(),
                name: t.name.clone().into(),
                day: t.day as i32,
                place: t.place as i32,
                selected: t.selected,
                busy: t.busy,
            })
            .collect(),
    );
    // The field's text is set when another question opens or the answer changed elsewhere (never
    // while it already matches, so typing and the cursor are not disturbed).
    let mut field = state.field.borrow_mut();
    if *field != q.field || question.get_input_text() != q.value.as_str() {
        *field = q.field.clone();
        question.set_input_text(q.value.clone().into());
        // Typing goes on where the text ends, on the screen's keys or a real keyboard.
        question.set_text_set(question.get_text_set().wrapping_add(1));
    }
    update(
        &state.models.review,
        v.review.iter().map(|r| Row { question: r.question.clone().into(), answer: r.answer.clone().into() }).collect(),
    );
    window.global::<ReviewPage>().set_reveal(v.reveal.clone().into());
    let receipt = window.global::<ReceiptPage>();
    receipt.set_reference_label(v.reference_label.clone().into());
    receipt.set_reference(v.reference.clone().into());
    update(&state.models.body, strings(&v.body));
    receipt.set_next_title(v.next_title.clone().into());
    receipt.set_next_text(v.next_text.clone().into());
    let rating = v.rating.clone().unwrap_or_default();
    receipt.set_rating_shown(v.rating.is_some());
    receipt.set_rating_question(rating.question.into());
    receipt.set_rated(rating.chosen.is_some());
    receipt.set_rating_thanks(rating.thanks.into());
    // In reading order: from very bad to very good, right to left in Arabic.
    let mut faces: Vec<Face> = rating
        .faces
        .iter()
        .enumerate()
        .map(|(i, label)| Face { label: label.clone().into(), value: i as i32 + 1 })
        .collect();
    if v.rtl {
        faces.reverse();
    }
    update(&state.models.faces, faces);
    let paper = window.global::<Paper>();
    paper.set_label(v.print.clone().into());
    paper.set_status(v.print_status.clone().into());
    paper.set_failed(v.print_failed);
    paper.set_code(v.print_code.clone().into());
    window.global::<InfoPage>().set_pictogram(if v.pictogram.as_os_str().is_empty() {
        Image::default()
    } else {
        image(&v.pictogram)
    });
    let s = &v.speech;
    k.set_speech(SpeechData {
        on: s.on,
        listen: s.listen.clone().into(),
        toggle: s.toggle.clone().into(),
        repeat: s.repeat.clone().into(),
        stop: s.stop.clone().into(),
        slower: s.slower.clone().into(),
        faster: s.faster.clone().into(),
        quieter: s.quieter.clone().into(),
        louder: s.louder.clone().into(),
        private: s.private.clone().into(),
        private_on: s.private_on,
        notice: s.notice.clone().into(),
        fallback: s.fallback.clone().into(),
        fallback_index: s.fallback_index as i32,
    });
    window.global::<Theme>().set_high_contrast(v.high_contrast);
    k.set_contrast_label(v.contrast_label.clone().into());
    apply_staff(window, state, v);
    window.global::<Theme>().set_text_scale(v.text_scale);
    k.set_display_label(v.display_label.clone().into());
    update(&state.models.sizes, v.display.as_ref().map(|d| choices(&d.sizes)).unwrap_or_default());
    k.set_display(match &v.display {
        Some(d) => DisplayData {
            visible: true,
            title: d.title.clone().into(),
            contrast: d.contrast.clone().into(),
            contrast_on: d.contrast_on,
            close: d.close.clone().into(),
        },
        None => DisplayData::default(),
    });
    let (keys, rows, units) = match &v.keyboard {
        Some(kb) => (
            kb.keys
                .iter()
                .map(|key| KeyData {
                    label: key.label.clone().into(),
                    name: key.name.clone().into(),
                    row: key.row as i32,
                    x: key.x,
                    units: key.units,
                    on: key.on,
                })
                .collect(),
            kb.rows as i32,
            kb.units,
        ),
        None => (Vec::new(), 0, 0.0),
    };
    update(&state.models.keys, keys);
    question.set_keyboard_rows(rows);
    question.set_keyboard_units(units);
    k.set_connection(v.connection.clone().into());
    k.set_online(v.online);
    k.set_dialog(dialog_data(v.dialog.as_ref()));
}
