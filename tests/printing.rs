//! Paper, printed through a real CUPS server: each test starts its own `cupsd` (configuration,
//! spool and socket in a temporary folder) with two virtual printers, walks the real window to the
//! receipt or an information page, presses Print, and reads what came out with `pdftotext`:
//! - `pdf`, a PDF printer as IPP Everywhere printers are: CUPS's `pdftopdf` filter, then the
//!   finished PDF into a file (a `file:` device); its text can be read back exactly;
//! - `ps`, the `cups-pdf` virtual printer behind a PostScript driver (`pdftops`, then Ghostscript),
//!   as older office printers are: the sheet must come out of that chain too, but Ghostscript keeps
//!   no text layer for embedded fonts, so only the pages are checked there.
//!
//! The scheduler and every CUPS command (the kiosk's too) get a home and a client configuration
//! folder in that temporary folder: an `lpoptions` or `client.conf` left in root's home or in
//! `/etc/cups` by an earlier run or a hand install must not change a job. (cups-pdf reads its
//! settings only from `/etc/cups`, so its file there is the test's own, named after its queue.)

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

mod common;

use common::{TestKiosk, wait_for};
use rusqlite::Connection;
use torget::app::Action;
use torget::print::{Paper, Printer, PrinterSettings};
use torget::protocol::{Answer, Submission};
use torget::session::Screen;
use torget::speech::{Command as SpeechCommand, Speech};

/// A CUPS scheduler of the test's own with its two virtual printers.
struct Cups {
    /// The scheduler's configuration, spool, logs and socket; `home` and `client` in it are the
    /// home and client configuration folder of every CUPS command the test runs.
    dir: tempfile::TempDir,
    daemon: Child,
    /// The PostScript queue's name (`cups-pdf` reads its settings from a file named after it).
    ps: String,
    /// `/etc/cups/cups-pdf-QUEUE.conf`: cups-pdf reads where PDFs go only from there.
    backend_conf: PathBuf,
}

/// A driver for a printer that takes PDF: CUPS's own `pdftopdf` prepares the pages, nothing else.
const PDF_PRINTER_PPD: &str = r#"*PPD-Adobe: "4.3"
*FormatVersion: "4.3"
*FileVersion: "1.0"
*LanguageVersion: English
*LanguageEncoding: ISOLatin1
*PCFileName: "TORGETPDF.PPD"
*Manufacturer: "Torget tests"
*Product: "(PDF printer)"
*ModelName: "PDF printer"
*ShortNickName: "PDF printer"
*NickName: "PDF printer"
*PSVersion: "(3010.000) 0"
*LanguageLevel: "3"
*ColorDevice: False
*DefaultColorSpace: Gray
*FileSystem: False
*Throughput: "1"
*cupsVersion: 2.4
*cupsFilter2: "application/vnd.cups-pdf application/pdf 0 -"
*OpenUI *PageSize/Media Size: PickOne
*OrderDependency: 10 AnySetup *PageSize
*DefaultPageSize: A4
*PageSize A4/A4: "<</PageSize[595 842]>>setpagedevice"
*CloseUI: *PageSize
*DefaultImageableArea: A4
*ImageableArea A4/A4: "0 0 595 842"
*DefaultPaperDimension: A4
*PaperDimension A4/A4: "595 842"
"#;

static QUEUES: AtomicUsize = AtomicUsize::new(0);

impl Cups {
    fn start() -> Cups {
        assert!(
            Path::new("/usr/sbin/cupsd").exists() && Path::new("/usr/lib/cups/backend/cups-pdf").exists(),
            "CUPS and cups-pdf are missing: `make test` installs them (cups-daemon, printer-driver-cups-pdf)"
        );
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().to_path_buf();
        // The filters run as the `lp` user and read the spool.
        std::fs::set_permissions(&root, std::os::unix::fs::PermissionsExt::from_mode(0o755)).unwrap();
        for sub in ["spool", "cache", "state", "log", "out", "ps-out", "ppd", "home", "client"] {
            std::fs::create_dir(root.join(sub)).unwrap();
        }
        let socket = root.join("cups.sock");
        std::fs::write(
            root.join("cupsd.conf"),
            format!(
                "Listen {}\nLogLevel info\nWebInterface No\nBrowsing No\nDefaultAuthType None\n\
                 <Location />\n  Order allow,deny\n  Allow all\n</Location>\n\
                 <Policy default>\n  <Limit All>\n    Order deny,allow\n  </Limit>\n</Policy>\n",
                socket.display()
            ),
        )
        .unwrap();
        let r = root.display().to_string();
        std::fs::write(
            root.join("cups-files.conf"),
            format!(
                "ServerRoot {r}\nRequestRoot {r}/spool\nCacheDir {r}/cache\nStateDir {r}/state\n\
                 ErrorLog {r}/log/error_log\nAccessLog {r}/log/access_log\nPageLog {r}/log/page_log\n\
                 TempDir {r}/spool\nFileDevice Yes\n"
            ),
        )
        .unwrap();
        std::fs::write(root.join("pdf-printer.ppd"), PDF_PRINTER_PPD).unwrap();
        let daemon = isolated(&root, "/usr/sbin/cupsd")
            .arg("-f")
            .arg("-c")
            .arg(root.join("cupsd.conf"))
            .arg("-s")
            .arg(root.join("cups-files.conf"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("cupsd starts");
        let ps = format!("torget-test-{}-{}", std::process::id(), QUEUES.fetch_add(1, Ordering::SeqCst));
        let backend_conf = PathBuf::from(format!("/etc/cups/cups-pdf-{ps}.conf"));
        std::fs::write(&backend_conf, format!("Out {r}/ps-out\nAnonDirName {r}/ps-out\nLabel 0\nGrp root\n")).unwrap();
        let cups = Cups { dir, daemon, ps, backend_conf };
        wait_for("cupsd to listen", Duration::from_secs(20), || {
            cups.cmd("lpstat").arg("-r").status().ok().filter(|s| s.success())
        });
        cups.empty_sheet();
        cups.add_queue("pdf", &format!("file://{}", cups.sheet().display()), &cups.pdf_ppd());
        cups.add_queue(&cups.ps, &format!("cups-pdf:/{}", cups.ps), "/usr/share/ppd/cups-pdf/CUPS-PDF_opt.ppd");
        cups
    }

    fn add_queue(&self, queue: &str, device: &str, ppd: &str) {
        // A scheduler that has just started may still drop a connection ("Bad file descriptor").
        wait_for(&format!("lpadmin to add the virtual printer {queue}"), Duration::from_secs(20), || {
            let added = self.cmd("lpadmin").args(["-p", queue, "-E", "-v", device, "-P", ppd]).status().ok()?;
            added.success().then_some(())
        });
    }

    fn pdf_ppd(&self) -> String {
        self.dir.path().join("pdf-printer.ppd").display().to_string()
    }

    /// Empties the PDF printer's output file, creating it if need be. cups-daemon 2.4.2-3+deb12u10
    /// (Debian's security update) opens a `file:` device without `O_CREAT` or `O_TRUNC`: a missing
    /// file stops the job ("the scheduler could not open the output file"), and a longer sheet
    /// printed before would leave its tail behind a shorter one. The scheduler runs as root, as
    /// the test does (only the filters run as `lp`), so a file of the test's own is writable to it.
    fn empty_sheet(&self) {
        std::fs::File::create(self.sheet()).unwrap();
    }

    /// Presses the print button `key`, the PDF printer's output emptied first.
    fn press_print(&self, kiosk: &TestKiosk, key: &str) {
        self.empty_sheet();
        kiosk.press_text(key);
    }

    fn socket(&self) -> String {
        self.dir.path().join("cups.sock").display().to_string()
    }

    /// A CUPS command against this scheduler.
    fn cmd(&self, program: &str) -> Command {
        let mut c = isolated(self.dir.path(), program);
        c.arg("-h").arg(self.socket());
        c
    }

    /// The kiosk's settings for `queue` on this scheduler.
    fn printer(&self, queue: &str, paper: Paper) -> PrinterSettings {
        PrinterSettings {
            queue: queue.into(),
            paper,
            server: Some(self.socket()),
            client_config: Some(self.dir.path().join("client")),
        }
    }

    /// The PDF printer, on `paper`.
    fn pdf_printer(&self, paper: Paper) -> PrinterSettings {
        self.printer("pdf", paper)
    }

    /// The PostScript printer (cups-pdf).
    fn ps_printer(&self) -> PrinterSettings {
        self.printer(&self.ps, Paper::Receipt80mm)
    }

    /// A PDF printer whose `file:` device names a file in a folder that does not exist: the
    /// scheduler cannot open it and stops every job (`processing-stopped`), while `lpstat -p` says
    /// the printer is idle and enabled.
    fn printer_that_stops_jobs(&self) -> PrinterSettings {
        let nowhere = self.dir.path().join("out/missing/sheet.pdf");
        self.add_queue("stops", &format!("file://{}", nowhere.display()), &self.pdf_ppd());
        self.printer("stops", Paper::Receipt80mm)
    }

    fn error_log(&self) -> String {
        std::fs::read_to_string(self.dir.path().join("log/error_log")).unwrap_or_default()
    }

    fn sheet(&self) -> PathBuf {
        self.dir.path().join("out/sheet.pdf")
    }

    /// The text of the sheet the PDF printer printed last (the kiosk says "take your paper" only
    /// after CUPS finished the job).
    fn printed_text(&self) -> String {
        let out = Command::new("pdftotext").arg("-enc").arg("UTF-8").arg(self.sheet()).arg("-").output().unwrap();
        assert!(out.status.success(), "pdftotext: {}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout).unwrap()
    }

    /// The PDFs cups-pdf made.
    fn ps_pdfs(&self) -> Vec<PathBuf> {
        std::fs::read_dir(self.dir.path().join("ps-out"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "pdf"))
            .collect()
    }
}

/// `program` with nothing of the machine's user in its environment: its home and CUPS client
/// configuration (`client.conf`, `lpoptions`) are the test's own, under `root`.
fn isolated(root: &Path, program: &str) -> Command {
    let mut c = Command::new(program);
    c.env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_else(|| "/usr/sbin:/usr/bin:/sbin:/bin".into()))
        .env("HOME", root.join("home"))
        .env("CUPS_SERVERROOT", root.join("client"))
        .env("LC_ALL", "C")
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    c
}

impl Drop for Cups {
    fn drop(&mut self) {
        let _ = self.daemon.kill();
        let _ = self.daemon.wait();
        let _ = std::fs::remove_file(&self.backend_conf);
    }
}

/// A kiosk in `lang` with this printer, at the receipt of a completed parking permit request.
fn receipt_in(lang: &str, printer: PrinterSettings) -> (TestKiosk, std::sync::mpsc::Receiver<SpeechCommand>) {
    receipt_on(TestKiosk::new(), lang, printer)
}

fn receipt_on(
    kiosk: TestKiosk,
    lang: &str,
    printer: PrinterSettings,
) -> (TestKiosk, std::sync::mpsc::Receiver<SpeechCommand>) {
    let (tx, spoken) = std::sync::mpsc::channel();
    kiosk.ui.with_app_mut(|a| {
        a.set_speech(Speech::to_channel(tx, &["sv", "nb", "en", "fi", "uk", "ar"]));
        a.set_printer(Printer::start(printer));
    });
    kiosk.start_in(lang);
    kiosk.open_service("parking-permit");
    while kiosk.screen() == Screen::Question {
        kiosk.answer_current_validly();
    }
    kiosk.press_text("button-send");
    assert_eq!(kiosk.screen(), Screen::Receipt);
    (kiosk, spoken)
}

/// Ticks the kiosk until the print status on screen is `key`'s text.
fn wait_for_status(kiosk: &TestKiosk, key: &str) {
    wait_for_status_within(kiosk, key, Duration::from_secs(80));
}

fn wait_for_status_within(kiosk: &TestKiosk, key: &str, deadline: Duration) {
    let want = kiosk.t(key);
    wait_for(&format!("the print status {key:?}"), deadline, || {
        kiosk.ui.tick_at(Instant::now());
        let status = kiosk.ui.with_app(|a| a.view(Instant::now()).print_status);
        (status == want).then_some(())
    });
}

/// The request on disk, opened with the municipality's key.
fn stored(kiosk: &TestKiosk) -> Vec<Submission> {
    let conn = Connection::open(kiosk.database()).unwrap();
    let mut stmt = conn.prepare("SELECT sealed FROM outbox").unwrap();
    let sealed: Vec<Vec<u8>> = stmt.query_map([], |r| r.get(0)).unwrap().collect::<Result<_, _>>().unwrap();
    sealed.iter().map(|s| serde_json::from_slice(&kiosk.key.open(s).unwrap()).unwrap()).collect()
}

fn answers(submission: &Submission) -> Vec<String> {
    submission
        .answers
        .values()
        .flat_map(|a| match a {
            Answer::One(v) => vec![v.clone()],
            Answer::Many(vs) => vs.clone(),
        })
        .collect()
}

fn reference(kiosk: &TestKiosk) -> String {
    kiosk.ui.with_app(|a| a.session().reference().unwrap().to_string())
}

/// Text as `pdftotext` gives it: bidi controls left out, every run of white space one space.
fn flat(text: &str) -> String {
    text.chars()
        .filter(|c| !matches!(c, '\u{2066}'..='\u{2069}' | '\u{202a}'..='\u{202e}' | '\u{200e}' | '\u{200f}'))
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn a_printed_receipt_carries_the_code_and_the_service_and_never_an_answer() {
    let cups = Cups::start();
    let (kiosk, _spoken) = receipt_in("sv", cups.pdf_printer(Paper::Receipt80mm));
    assert!(kiosk.find(&kiosk.t("button-print-receipt")).len() == 1, "the print button is on the receipt page");
    cups.press_print(&kiosk, "button-print-receipt");
    wait_for_status(&kiosk, "print-done");

    let text = flat(&cups.printed_text());
    let code = reference(&kiosk);
    assert!(text.contains(&code), "the code {code} is on the paper: {text}");
    for key in ["parking-permit-title", "paper-municipality", "receipt-next-title"] {
        let want = flat(&kiosk.t(key));
        assert!(text.contains(&want), "{want:?} is on the paper: {text}");
    }
    let submission = &stored(&kiosk)[0];
    for answer in answers(submission).iter().filter(|a| a.len() >= 3) {
        assert!(!text.contains(answer.as_str()), "the answer {answer:?} is on the paper: {text}");
    }
    let Some(Answer::One(id)) = submission.answers.get("personal-id") else { panic!("an identity number was given") };
    let digits: String = id.chars().filter(char::is_ascii_digit).collect();
    assert!(!text.replace(['-', ' '], "").contains(&digits[2..]), "the identity number is on the paper");
    // The printed receipt is counted once, for the day and the language, with no service.
    kiosk.ui.with_app_mut(|a| a.flush_counts());
    let rows =
        torget::store::Store::open(&kiosk.database(), torget::store::StoreOptions::default()).unwrap().usage().unwrap();
    let printed: Vec<(&str, &str, u64)> = rows
        .iter()
        .filter(|r| r.counter == "receipt-printed")
        .map(|r| (r.service.as_str(), r.lang.as_str(), r.value))
        .collect();
    assert_eq!(printed, [("", "sv", 1)]);
}

#[test]
fn an_arabic_receipt_prints_right_to_left_with_the_code_left_to_right() {
    let cups = Cups::start();
    let (kiosk, _spoken) = receipt_in("ar", cups.pdf_printer(Paper::Receipt80mm));
    cups.press_print(&kiosk, "button-print-receipt");
    wait_for_status(&kiosk, "print-done");
    let raw = cups.printed_text();
    let text = flat(&raw);
    let code = reference(&kiosk);
    assert!(text.contains(&code), "the code reads left to right: {text}");
    // Arabic is extracted in reading order: each title's words follow one another as written.
    // (Words with a lam-alef ligature or a vowel mark are left out: pdftotext gives those letters
    // swapped.)
    for key in ["parking-permit-title", "paper-municipality", "receipt-title"] {
        let want = flat(&kiosk.t(key));
        let swapped = |w: &&str| {
            ["لا", "لأ", "لإ", "لآ"].iter().any(|l| w.contains(l))
                || w.chars().any(|c| ('\u{064B}'..='\u{0652}').contains(&c))
        };
        let words: Vec<&str> = want.split(' ').filter(|w| !swapped(w)).collect();
        assert!(words.len() >= 2, "{want:?} has words to check");
        let mut at = 0;
        for w in &words {
            let found =
                text[at..].find(w).unwrap_or_else(|| panic!("{w:?} of {want:?} missing or out of order: {text}"));
            at += found + w.len();
        }
    }
}

#[test]
fn an_information_page_prints_every_paragraph_on_a4_in_ukrainian() {
    let cups = Cups::start();
    let kiosk = TestKiosk::new();
    kiosk.ui.with_app_mut(|a| a.set_printer(Printer::start(cups.pdf_printer(Paper::A4))));
    kiosk.start_in("uk");
    let (index, page) = kiosk.ui.with_app(|a| (0, a.catalog().info_pages[0].clone()));
    kiosk.act(Action::OpenInfo(index));
    assert!(matches!(kiosk.screen(), Screen::Info(_)));
    cups.press_print(&kiosk, "button-print-page");
    wait_for_status(&kiosk, "print-done");
    let text = flat(&cups.printed_text());
    let title = flat(&kiosk.t(&torget::content::text_id(&[&page.id, "title"])));
    assert!(text.contains(&title), "{title:?} on the sheet: {text}");
    for p in &page.paragraphs {
        let para = flat(&kiosk.t(&torget::content::text_id(&[&page.id, p])));
        assert!(text.contains(&para), "{para:?} on the sheet: {text}");
    }
}

#[test]
fn a_stopped_printer_is_said_to_the_visitor_shown_to_staff_and_loses_nothing() {
    let cups = Cups::start();
    assert!(cups.cmd("cupsdisable").args(["-r", "out of paper", "pdf"]).status().unwrap().success());
    let hub_dir = tempfile::tempdir().unwrap();
    let (kiosk, hub_db) = TestKiosk::with_hub(hub_dir.path());
    let (kiosk, spoken) = receipt_on(kiosk, "en", cups.pdf_printer(Paper::Receipt80mm));
    cups.press_print(&kiosk, "button-print-receipt");
    wait_for_status(&kiosk, "print-failed-receipt");

    // Seen: the warning and the code, large, on the receipt page.
    let code = reference(&kiosk);
    let view = kiosk.ui.with_app(|a| a.view(Instant::now()));
    assert!(view.print_failed && view.print_code == code);
    assert!(kiosk.all_text().contains(&kiosk.t("print-failed-receipt")), "the warning is on screen");
    // Heard: the warning and the code spelled, although the visitor never turned speech on.
    let said: Vec<String> = spoken
        .try_iter()
        .filter_map(|c| match c {
            SpeechCommand::Say(parts) => Some(parts.into_iter().map(|(t, _)| t).collect::<String>()),
            _ => None,
        })
        .collect();
    let warning = said.iter().find(|s| s.contains("printer is not working")).unwrap_or_else(|| panic!("{said:?}"));
    let spelled = warning.strip_prefix(kiosk.t("print-failed-receipt").as_str()).unwrap_or_else(|| panic!("{warning}"));
    assert!(spelled.split_whitespace().count() >= 9, "the code follows, spelled: {warning}");

    // Nothing printed, the request stored once, staff see why.
    assert_eq!(std::fs::metadata(cups.sheet()).unwrap().len(), 0, "nothing came out of a stopped printer");
    assert_eq!(outbox_rows(&kiosk), 1, "the request is on disk exactly once");
    staff_and_heartbeat_say_the_printer_fails(&kiosk, "out of paper");
    // The back office hears it with the next heartbeat, and has the request once.
    wait_for("the hub to hear of the printer", Duration::from_secs(20), || {
        let beats = torget_hub::store::HubStore::open(&hub_db).unwrap().heartbeats().unwrap();
        beats.into_iter().find_map(|b| b.printer.filter(|p| p.contains("out of paper")))
    });
    wait_for("the request at the hub", Duration::from_secs(20), || {
        (torget_hub::store::HubStore::open(&hub_db).unwrap().all().unwrap().len() == 1).then_some(())
    });
}

#[test]
fn a_postscript_printer_that_works_again_prints_the_same_receipt() {
    let cups = Cups::start();
    assert!(cups.cmd("cupsdisable").arg(&cups.ps).status().unwrap().success());
    let (kiosk, _spoken) = receipt_in("fi", cups.ps_printer());
    kiosk.press_text("button-print-receipt");
    wait_for_status(&kiosk, "print-failed-receipt");
    assert!(cups.ps_pdfs().is_empty());
    assert!(cups.cmd("cupsenable").arg(&cups.ps).status().unwrap().success());
    cups.press_print(&kiosk, "button-print-receipt");
    wait_for_status(&kiosk, "print-done");
    // Through pdftops and Ghostscript: one page came out, with something drawn on it.
    let pdfs = cups.ps_pdfs();
    assert_eq!(pdfs.len(), 1, "one sheet printed");
    let info = Command::new("pdfinfo").arg(&pdfs[0]).output().unwrap();
    let info = String::from_utf8_lossy(&info.stdout);
    assert!(info.lines().any(|l| l.starts_with("Pages:") && l.ends_with(" 1")), "{info}");
    let words =
        flat(&String::from_utf8_lossy(&Command::new("pdftotext").arg(&pdfs[0]).arg("-").output().unwrap().stdout));
    assert!(words.split(' ').count() > 20, "the page is not blank: {words}");
}

#[test]
fn a_job_cups_stopped_is_said_to_the_visitor_and_staff_within_seconds_and_loses_nothing() {
    let cups = Cups::start();
    let (kiosk, _spoken) = receipt_in("en", cups.printer_that_stops_jobs());
    kiosk.press_text("button-print-receipt");
    // The kiosk used to wait out its whole minute: `lpstat -p` says the printer is idle and enabled.
    wait_for_status_within(&kiosk, "print-failed-receipt", Duration::from_secs(10));

    let stopped = "Stopping job because the scheduler could not open the output file";
    assert!(cups.error_log().contains(stopped), "CUPS stopped the job: {}", cups.error_log());
    let view = kiosk.ui.with_app(|a| a.view(Instant::now()));
    assert!(view.print_failed && view.print_code == reference(&kiosk), "the code is shown to write down");
    let queued = cups.cmd("lpstat").args(["-o", "stops"]).stdout(Stdio::piped()).output().unwrap();
    assert!(queued.stdout.is_empty(), "the stopped job was cancelled: no sheet comes out hours later");
    assert_eq!(outbox_rows(&kiosk), 1, "the request is on disk exactly once");
    staff_and_heartbeat_say_the_printer_fails(&kiosk, "CUPS stopped the job");
}

fn outbox_rows(kiosk: &TestKiosk) -> i64 {
    Connection::open(kiosk.database()).unwrap().query_row("SELECT count(*) FROM outbox", [], |r| r.get(0)).unwrap()
}

/// Staff's panel and the heartbeat's printer note say the printer does not work, and `why`.
fn staff_and_heartbeat_say_the_printer_fails(kiosk: &TestKiosk, why: &str) {
    let failed = kiosk.ui.with_app(|a| a.i18n().text(&a.catalog().default_language, "staff-printer-failed"));
    let failed_start = failed.split('{').next().unwrap().trim_end_matches([':', ' ', '\u{2068}']).to_string();
    let staff = staff_panel_health(kiosk);
    assert!(staff.iter().any(|l| l.starts_with(&failed_start) && l.contains(why)), "{staff:?}");
    let db = Connection::open(kiosk.database()).unwrap();
    let beat: String = db.query_row("SELECT value FROM settings WHERE key = 'printer'", [], |r| r.get(0)).unwrap();
    assert!(beat.starts_with("not working") && beat.contains(why), "the heartbeat says {beat:?}");
}

/// Ends the visit, signs staff in, and reads the panel's lines about the kiosk.
fn staff_panel_health(kiosk: &TestKiosk) -> Vec<String> {
    use torget::app::StaffAction;
    kiosk.press_text("button-done");
    let pin_hash = torget::staff::hash_pin("739164").unwrap();
    let mut store = torget::store::Store::open(&kiosk.database(), Default::default()).unwrap();
    store.staff_add(&torget::store::StaffAccount { name: "anna".into(), admin: false, pin_hash }, 0).unwrap();
    kiosk.act(Action::Staff(StaffAction::Enter));
    for d in "739164".chars() {
        kiosk.act(Action::Staff(StaffAction::Digit(d.to_digit(10).unwrap() as u8)));
    }
    kiosk.act(Action::Staff(StaffAction::Submit));
    kiosk.ui.with_app(|a| a.view(Instant::now()).panel.health)
}

#[test]
fn without_a_printer_there_is_no_print_button() {
    let kiosk = TestKiosk::new();
    kiosk.start_in("sv");
    kiosk.open_service("report-fault");
    while kiosk.screen() == Screen::Question {
        kiosk.answer_current_validly();
    }
    kiosk.press_text("button-send");
    assert_eq!(kiosk.screen(), Screen::Receipt);
    assert!(kiosk.find(&kiosk.t("button-print-receipt")).is_empty());
    kiosk.act(Action::Print);
    assert_eq!(kiosk.ui.with_app(|a| a.view(Instant::now()).print_status), "", "Print does nothing");
}
