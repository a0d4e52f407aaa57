//! Named screens of the demo content, reached the way a visitor reaches them: as a list of actions.
//! Used by `torget screenshot` and `make screenshots`, so every picture shows a real state of the kiosk.

use crate::app::Action;
use crate::content::Catalog;

/// Every screen `torget screenshot --screen` knows, in the order `--all` draws them.
pub const SCREENS: &[&str] = &[
    "attract",
    "language",
    "home",
    "question-choice",
    "question-text",
    "question-error",
    "question-long-text",
    "question-yes-no",
    "question-multi-choice",
    "question-date",
    "question-time",
    "question-time-call",
    "question-personal-id",
    "speech",
    "high-contrast",
    "display",
    "review",
    "receipt",
    "receipt-offline",
    "receipt-print-failed",
    "info",
    "idle",
    "cancel",
    "save-failed",
    "staff-pin",
    "staff",
];

/// The common kiosk screens every screen is drawn and checked on: (name, width, height).
pub const SCREEN_SIZES: &[(&str, u32, u32)] = &[
    ("1920x1080", 1920, 1080),
    ("1366x768", 1366, 768),
    ("1280x720", 1280, 720),
    ("1280x1024", 1280, 1024),
    ("1080x1920", 1080, 1920),
];

/// The visitor's text sizes (normal, large, extra large) and what a picture's name says of them.
pub const TEXT_SIZES: &[(usize, &str)] = &[(0, ""), (1, "-150"), (2, "-200")];

/// The PIN of the demo staff account that the staff screens sign in with.
const DEMO_PIN: &str = "2580";

/// The actions that lead from the attract screen to `screen` in language `lang`.
pub fn actions_for(catalog: &Catalog, screen: &str, lang: &str) -> Result<Vec<Action>, String> {
    let lang_index =
        catalog.languages.iter().position(|l| l.code == lang).ok_or(format!("unknown language `{lang}`"))?;
    let service = |id: &str| {
        catalog
            .services
            .iter()
            .filter(|s| s.ready_in(lang))
            .position(|s| s.id == id)
            .map(Action::OpenService)
            .ok_or(format!("no service `{id}` in `{lang}`"))
    };
    let edit = |t: &str| Action::Edit(t.to_string());
    let home = vec![Action::Start, Action::ChooseLanguage(lang_index)];
    let with = |mut base: Vec<Action>, more: Vec<Action>| {
        base.extend(more);
        base
    };
    let fault = with(home.clone(), vec![service("report-fault")?]);
    let fault_where = with(fault.clone(), vec![Action::Choose(0), Action::Next]);
    let fault_done = with(
        fault_where.clone(),
        vec![
            edit("Storgatan 12, vid busshållplatsen"),
            Action::Next,
            edit("Lampan blinkar och släcks på kvällen."),
            Action::Next,
            Action::Choose(0),
            Action::Next,
            edit("070 123 45 67"),
            Action::Next,
        ],
    );
    Ok(match screen {
        "attract" => vec![],
        "language" => with(home, vec![Action::OpenLanguages]),
        "home" | "idle" => home,
        "question-choice" => fault,
        "question-text" => with(fault_where, vec![edit("Storgatan 12")]),
        "question-error" => with(fault_where, vec![Action::Next]),
        "question-long-text" => with(fault_where, vec![edit("Storgatan 12"), Action::Next, edit("Lampan blinkar.")]),
        "question-yes-no" => with(
            home,
            vec![
                service("parking-permit")?,
                edit("811218-9876"),
                Action::Next,
                edit("Anna Lindqvist"),
                Action::Next,
                edit("123 45"),
                Action::Next,
                Action::Choose(0),
            ],
        ),
        "question-multi-choice" => with(
            home,
            vec![service("home-help")?, Action::Choose(0), Action::Next, Action::Choose(0), Action::Choose(2)],
        ),
        "question-date" => {
            with(home, vec![service("home-help")?, Action::Choose(0), Action::Next, Action::Choose(0), Action::Next])
        }
        "question-time" | "question-time-call" => {
            with(home, vec![service("book-meeting")?, Action::Choose(1), Action::Next])
        }
        "question-personal-id" => with(home, vec![service("parking-permit")?, edit("811218-9876")]),
        "speech" => with(fault, vec![Action::ToggleSpeech]),
        "high-contrast" => with(fault_where, vec![Action::Next, Action::ToggleContrast]),
        "display" => with(fault_where.clone(), vec![Action::OpenDisplay]),
        "review" | "save-failed" => fault_done,
        "receipt" | "receipt-offline" => with(fault_done, vec![Action::Send]),
        "receipt-print-failed" => with(fault_done, vec![Action::Send, Action::Print]),
        "info" => with(home, vec![Action::OpenInfo(0)]),
        "cancel" => with(fault_where, vec![edit("Storgatan 12"), Action::Cancel]),
        "staff-pin" | "staff" => {
            use crate::app::StaffAction;
            let mut actions = vec![Action::Staff(StaffAction::Enter)];
            let digits = DEMO_PIN.bytes().map(|b| Action::Staff(StaffAction::Digit(b - b'0')));
            actions.extend(digits.take(if screen == "staff" { DEMO_PIN.len() } else { 2 }));
            if screen == "staff" {
                actions.push(Action::Staff(StaffAction::Submit));
            }
            actions
        }
        other => return Err(format!("unknown screen `{other}`; known: {}", SCREENS.join(", "))),
    }
    .into_iter()
    .chain((screen == "save-failed").then_some(Action::Send))
    .collect())
}

/// The free times of the demo's `citizen-office` as a hub offers them at `now`: the next three
/// weekdays, 09:00–11:30 and 13:00–15:30 every half hour, on the kiosk's clock.
pub fn sample_times(now: time::OffsetDateTime) -> crate::protocol::FreeTimes {
    let local = crate::app::paper::local_time(now);
    let mut times = Vec::new();
    let mut day = local.date();
    while times.len() < 3 * 12 {
        day = day.next_day().unwrap_or(day);
        if day.weekday().number_from_monday() > 5 {
            continue;
        }
        for hour in [9, 10, 11, 13, 14, 15] {
            for minute in [0, 30] {
                let at = day.with_hms(hour, minute, 0).unwrap_or(day.midnight()).assume_offset(local.offset());
                times.push(at.format(&time::format_description::well_known::Rfc3339).unwrap_or_default());
            }
        }
    }
    crate::protocol::FreeTimes {
        hold_minutes: 10,
        resources: vec![crate::protocol::ResourceTimes {
            resource: "citizen-office".into(),
            minutes: 30,
            read_at_ms: Some((now.unix_timestamp_nanos() / 1_000_000) as i64),
            times,
        }],
    }
}

/// A valid answer of the demo visitor for a typed question, with `marker` in free text so tests can
/// look for it. `None` for kinds answered by touching an option.
pub fn sample_answer(kind: crate::content::FieldKind, today: time::Date, marker: &str) -> Option<String> {
    use crate::content::FieldKind;
    Some(match kind {
        FieldKind::Text => format!("Anna Lindqvist {marker}"),
        FieldKind::LongText => format!("Lampan vid Storgatan 12 lyser inte {marker}"),
        FieldKind::Number => "84".into(),
        FieldKind::Date => crate::validate::iso(today + time::Duration::days(2)),
        FieldKind::Phone => "070 123 45 67".into(),
        FieldKind::Email => "anna@nordvik.se".into(),
        FieldKind::Postcode => "123 45".into(),
        FieldKind::PersonalId => "811218-9876".into(),
        FieldKind::Choice | FieldKind::MultiChoice | FieldKind::YesNo | FieldKind::Appointment => return None,
    })
}

/// How a demo visit ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ending {
    /// Every question answered, sent, then Done.
    Sent,
    /// "Stop" and "Yes" on question `n` (the last one when the service has fewer).
    CancelledAt(usize),
    /// Nobody touches the kiosk any more on question `n`: the idle warning, then the wipe.
    TimedOutAt(usize),
}

/// What a demo visit did: the service and language it was made in, how many questions it reached,
/// and the reference shown when it was sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Visited {
    pub service: String,
    pub lang: String,
    pub questions: usize,
    pub reference: Option<String>,
}

/// One whole visit without a window: start, language, service, every question, Send, Done.
/// `service` and `language` count in the content's lists; a service not ready in that language is
/// visited in the default language. Returns the reference shown on the receipt, or `None` when
/// saving failed.
pub fn complete_visit(
    app: &mut crate::app::App,
    service: usize,
    language: usize,
    marker: &str,
    now: std::time::Instant,
) -> Option<String> {
    visit(app, service, language, marker, Ending::Sent, false, now)?.reference
}

/// A visit that ends as `ending` says, with speech turned on at the first question when `speech`.
/// `None` when the service is not offered or a sent visit could not be saved.
pub fn visit(
    app: &mut crate::app::App,
    service: usize,
    language: usize,
    marker: &str,
    ending: Ending,
    speech: bool,
    now: std::time::Instant,
) -> Option<Visited> {
    use crate::session::Screen;
    let today = time::OffsetDateTime::now_utc().date();
    let catalog = app.catalog();
    let chosen = catalog.services.get(service).map(|s| s.id.clone())?;
    let ready = catalog.languages.get(language).is_some_and(|l| catalog.services[service].ready_in(&l.code));
    let language = if ready {
        language
    } else {
        catalog.languages.iter().position(|l| l.code == catalog.default_language).unwrap_or(0)
    };
    app.handle(Action::Start, now);
    app.handle(Action::ChooseLanguage(language), now);
    let tile = crate::app::view::offered_services(app.catalog(), app.session()).iter().position(|s| s.id == chosen)?;
    app.handle(Action::OpenService(tile), now);
    let lang = app.session().lang().to_string();
    if speech {
        app.handle(Action::ToggleSpeech, now);
    }
    let stop_at = match ending {
        Ending::Sent => None,
        Ending::CancelledAt(n) | Ending::TimedOutAt(n) => Some(n.max(1)),
    };
    let mut questions = 0;
    for _ in 0..64 {
        let Some(step) = app.session().current_step().cloned() else { break };
        questions = questions.max(app.session().progress().0);
        let (at, of) = app.session().progress();
        if stop_at.is_some_and(|n| at >= n.min(of)) {
            break;
        }
        match sample_answer(step.kind, today, marker) {
            Some(text) => app.handle(Action::Edit(text), now),
            None => app.handle(Action::Choose(0), now),
        }
        app.handle(Action::Next, now);
    }
    let reference = match ending {
        Ending::Sent => {
            if *app.session().screen() != Screen::Review {
                return None;
            }
            app.handle(Action::Send, now);
            let reference = app.session().reference().map(str::to_string);
            reference.as_ref()?;
            app.handle(Action::Done, now);
            reference
        }
        Ending::CancelledAt(_) => {
            app.handle(Action::Cancel, now);
            app.handle(Action::DialogYes, now);
            None
        }
        Ending::TimedOutAt(_) => {
            // A day without a touch: the warning shows at the first tick, the wipe comes at the next.
            let later = now + std::time::Duration::from_secs(86_400);
            app.tick(later);
            app.tick(later + std::time::Duration::from_secs(86_400));
            None
        }
    };
    app.flush_counts();
    Some(Visited { service: chosen, lang, questions, reference })
}

/// A kiosk on `content` for drawing screens: a fresh key, a store at `database`, default idle times.
pub fn screen_app(
    content: &std::path::Path,
    screen: &str,
    database: std::path::PathBuf,
) -> Result<crate::app::App, String> {
    let (catalog, i18n) = crate::lint::load_checked(content).map_err(|p| p.to_string())?;
    if screen.starts_with("staff") {
        // The staff screens sign in with a demo account.
        let mut store =
            crate::store::Store::open(&database, crate::store::StoreOptions::default()).map_err(|e| e.to_string())?;
        let pin_hash = crate::staff::hash_pin(DEMO_PIN).map_err(|e| e.to_string())?;
        store
            .staff_add(&crate::store::StaffAccount { name: "demo".into(), admin: false, pin_hash }, 0)
            .map_err(|e| e.to_string())?;
    }
    Ok(crate::app::App::new(
        crate::app::AppParts {
            catalog,
            i18n,
            key: crate::seal::OpeningKey::generate().sealing_key(),
            kiosk_id: "screenshot".into(),
            database,
            store_options: crate::store::StoreOptions::default(),
            idle: crate::session::IdleTimes {
                idle: std::time::Duration::from_secs(90),
                warning: std::time::Duration::from_secs(30),
            },
            default_language: None,
        },
        std::time::Instant::now(),
    ))
}

/// What a kiosk drawn for a picture or the studio's preview is connected to. The hub: reachable,
/// except on `receipt-offline`, which shows what a visitor reads when the request waits on the
/// kiosk. A printer on the receipt and information pages that cannot be reached, so the pages show
/// their print button, and pressing it shows what a visitor sees when it fails.
pub fn connect_screenshot(app: &mut crate::app::App, screen: &str) {
    app.set_sync_status(crate::sync::StatusHandle::fixed(screen != "receipt-offline"));
    if screen == "question-time" {
        // Free times as a hub would give them; nothing is held from a picture.
        let times = crate::times::TimesHandle::default();
        times.heard(sample_times(time::OffsetDateTime::now_utc()));
        let token = std::sync::Arc::new(std::sync::Mutex::new(String::new()));
        let _ = rustls::crypto::ring::default_provider().install_default();
        if let Ok(booker) = crate::times::Booker::new("http://127.0.0.1:9", token, reqwest::Client::new()) {
            app.set_booking(times, booker);
        }
    }
    if matches!(screen, "receipt" | "receipt-offline" | "receipt-print-failed" | "info") {
        app.set_printer(crate::print::Printer::start(crate::print::PrinterSettings {
            queue: "screenshot".into(),
            paper: crate::print::Paper::Receipt80mm,
            server: Some("/nonexistent/cups.sock".into()),
            client_config: None,
        }));
    }
}

/// Brings a kiosk window to `screen` in `lang` at text size `text_size`, the way a visitor gets there.
pub fn show(ui: &crate::ui::KioskUi, screen: &str, lang: &str, text_size: usize) -> Result<(), String> {
    if let Some(question) = screen.strip_prefix("service:") {
        return show_question(ui, question, lang, text_size);
    }
    if let Some(id) = screen.strip_prefix("info:") {
        let (page, language) = ui.with_app(|a| {
            let c = a.catalog();
            (c.info_pages.iter().position(|p| p.id == id), c.languages.iter().position(|l| l.code == lang))
        });
        let page = page.ok_or(format!("no information page `{id}`"))?;
        let language = language.ok_or(format!("unknown language `{lang}`"))?;
        let now = std::time::Instant::now();
        ui.act_at(Action::TextSize(text_size), now);
        for action in [Action::Start, Action::ChooseLanguage(language), Action::OpenInfo(page)] {
            ui.act_at(action, now);
        }
        return Ok(());
    }
    let actions = ui.with_app(|a| actions_for(a.catalog(), screen, lang))?;
    let now = std::time::Instant::now();
    ui.act_at(Action::TextSize(text_size), now);
    for a in actions {
        ui.act_at(a, now);
    }
    if screen == "idle" {
        ui.tick_at(now + std::time::Duration::from_secs(91));
        ui.tick_at(now + std::time::Duration::from_secs(96));
    }
    if screen == "receipt-print-failed" {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
        while !ui.with_app(|a| a.view(now).print_failed) {
            if std::time::Instant::now() > deadline {
                return Err("the unreachable printer never reported its failure".into());
            }
            std::thread::sleep(std::time::Duration::from_millis(20));
            ui.tick_at(now);
        }
    }
    Ok(())
}

/// `ID:N`: the N-th question (from 1) of service ID in `lang`, reached as a visitor reaches it,
/// every earlier question answered as the demo visitor answers (for the content studio's preview);
/// `ID:review` its summary and `ID:receipt` its receipt, every question answered that way.
fn show_question(ui: &crate::ui::KioskUi, question: &str, lang: &str, text_size: usize) -> Result<(), String> {
    let (id, n) = question.rsplit_once(':').ok_or(format!("`service:{question}` is not service:ID:N"))?;
    let end = matches!(n, "review" | "receipt");
    let n: usize = if end {
        usize::MAX
    } else {
        n.parse().ok().filter(|n| *n >= 1).ok_or(format!("`{n}` is not a question number from 1, review or receipt"))?
    };
    let (service, language) = ui.with_app(|a| {
        let c = a.catalog();
        (c.service(id).cloned(), c.languages.iter().position(|l| l.code == lang))
    });
    let service = service.ok_or(format!("no service `{id}`"))?;
    let language = language.ok_or(format!("unknown language `{lang}`"))?;
    if !service.ready_in(lang) {
        return Err(format!("service `{id}` is marked not ready in `{lang}`: the kiosk does not offer it there"));
    }
    let now = std::time::Instant::now();
    let today = time::OffsetDateTime::now_utc().date();
    ui.act_at(Action::TextSize(text_size), now);
    for action in [Action::Start, Action::ChooseLanguage(language)] {
        ui.act_at(action, now);
    }
    let tile = ui
        .with_app(|a| crate::app::view::offered_services(a.catalog(), a.session()).iter().position(|s| s.id == id))
        .ok_or(format!("service `{id}` is not on the home screen in `{lang}`"))?;
    ui.act_at(Action::OpenService(tile), now);
    for reached in 1..n {
        let Some(step) = ui.with_app(|a| a.session().current_step().cloned()) else {
            if end {
                break;
            }
            return Err(format!("service `{id}` has {} question(s) on the demo visitor's way, not {n}", reached - 1));
        };
        ui.act_at(sample_answer(step.kind, today, "").map_or(Action::Choose(0), Action::Edit), now);
        ui.act_at(Action::Next, now);
    }
    if end {
        if ui.with_app(|a| *a.session().screen() != crate::session::Screen::Review) {
            return Err(format!("the demo visitor does not reach the summary of `{id}`"));
        }
        if question.ends_with(":receipt") {
            ui.act_at(Action::Send, now);
        }
        return Ok(());
    }
    if ui.with_app(|a| a.session().current_step().is_none()) {
        return Err(format!("service `{id}` has fewer than {n} questions on the demo visitor's way"));
    }
    Ok(())
}

/// Where a screen's store goes: the error page needs one that cannot be written (a path under a file).
pub fn screen_database(screen: &str, dir: &std::path::Path, n: usize) -> std::path::PathBuf {
    if screen == "save-failed" { "/dev/null/kiosk.db".into() } else { dir.join(format!("shot-{n}.db")) }
}
