//! Paper for visitors: a [`Sheet`] (plain text blocks, built by [`crate::app`] from the content's
//! texts) is drawn as a PDF by the kiosk itself ([`pdf`]) and sent to a CUPS queue with the CUPS
//! command line (`lp`, `lpstat`, `cancel`), on a thread of its own so the window never waits.
//!
//! The printer thread also watches the queue (every 30 s, and around each job) so staff and the hub
//! see when the printer is not working. A job counts as printed only when CUPS has finished it and
//! the queue is still accepting work; a stopped queue, a refused job or no answer within the
//! deadline is a failure, said to the visitor in plain words.

mod pdf;

use std::io::Write;
use std::process::{Command, Stdio};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

pub use pdf::render;

/// The paper in the printer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Paper {
    /// 80 mm thermal receipt roll: one long sheet, cut after the text.
    #[serde(rename = "receipt-80mm")]
    Receipt80mm,
    /// A4 sheets.
    A4,
}

impl std::str::FromStr for Paper {
    type Err = String;

    /// `receipt-80mm` or `a4`, as in the configuration file.
    fn from_str(name: &str) -> Result<Paper, String> {
        match name {
            "receipt-80mm" => Ok(Paper::Receipt80mm),
            "a4" => Ok(Paper::A4),
            other => Err(format!("must be receipt-80mm or a4, not `{other}`")),
        }
    }
}

/// How a block of text looks on paper.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// The municipality's name, at the top.
    Header,
    Title,
    /// The reference code: large, centred, always left to right.
    Code,
    Body,
    Small,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    pub style: Style,
    pub text: String,
}

/// What goes on the paper: text only, in the visitor's language. Built from public texts and the
/// reference code, never from an answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sheet {
    /// The document's title (and the print job's name).
    pub title: String,
    pub lang: String,
    pub rtl: bool,
    pub blocks: Vec<Block>,
}

impl Sheet {
    /// Every text on the sheet, for tests and previews.
    pub fn text(&self) -> String {
        self.blocks.iter().map(|b| b.text.as_str()).collect::<Vec<_>>().join("\n")
    }
}

/// Where to print.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PrinterSettings {
    /// The CUPS queue's name.
    pub queue: String,
    pub paper: Paper,
    /// The CUPS server (`host:port` or a socket path); `None` is the system's own.
    pub server: Option<String>,
}

/// What staff and the hub see of the printer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PrinterState {
    /// Not asked yet.
    Unknown,
    Ready,
    /// Why not, in CUPS's words (for staff, not for the visitor).
    NotWorking(String),
}

/// How one print job ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum JobOutcome {
    Printed,
    Failed(String),
}

/// The printer as the app sees it: send a sheet, learn how jobs ended and how the printer is.
pub struct Printer {
    jobs: mpsc::Sender<(u64, Sheet)>,
    shared: Arc<Mutex<Shared>>,
    next: u64,
}

#[derive(Default)]
struct Shared {
    state: Option<PrinterState>,
    finished: Vec<(u64, JobOutcome)>,
    waker: Option<Arc<dyn Fn() + Send + Sync>>,
}

/// How often the printer's state is read when nothing is printed.
const WATCH_EVERY: Duration = Duration::from_secs(30);
/// The longest a job may take before the visitor is told the printer is not working.
const JOB_DEADLINE: Duration = Duration::from_secs(60);

impl Printer {
    /// Starts the printer thread.
    pub fn start(settings: PrinterSettings) -> Printer {
        let (jobs, rx) = mpsc::channel();
        let shared = Arc::new(Mutex::new(Shared::default()));
        let thread_shared = Arc::clone(&shared);
        let spawned = std::thread::Builder::new().name("printer".into()).spawn(move || {
            let cups = Cups { settings };
            let report_state = |state: PrinterState| {
                let waker = {
                    let mut s = thread_shared.lock().unwrap_or_else(|e| e.into_inner());
                    if s.state.as_ref() == Some(&state) {
                        return;
                    }
                    match &state {
                        PrinterState::NotWorking(why) => {
                            tracing::warn!(queue = %cups.settings.queue, %why, "the printer is not working")
                        }
                        _ => tracing::info!(queue = %cups.settings.queue, "the printer is ready"),
                    }
                    s.state = Some(state);
                    s.waker.clone()
                };
                if let Some(w) = waker {
                    w();
                }
            };
            report_state(cups.state());
            loop {
                match rx.recv_timeout(WATCH_EVERY) {
                    Ok((ticket, sheet)) => {
                        let outcome = cups.print(&sheet);
                        if let JobOutcome::Failed(why) = &outcome {
                            tracing::warn!(queue = %cups.settings.queue, %why, "a sheet was not printed");
                        }
                        report_state(cups.state());
                        let waker = {
                            let mut s = thread_shared.lock().unwrap_or_else(|e| e.into_inner());
                            s.finished.push((ticket, outcome));
                            s.waker.clone()
                        };
                        if let Some(w) = waker {
                            w();
                        }
                    }
                    Err(RecvTimeoutError::Timeout) => report_state(cups.state()),
                    Err(RecvTimeoutError::Disconnected) => return,
                }
            }
        });
        if let Err(e) = spawned {
            tracing::error!(error = %e, "the printer thread could not start");
        }
        Printer { jobs, shared, next: 0 }
    }

    /// Called (from the printer thread) when a job ends or the printer's state changes.
    pub fn set_waker(&self, waker: Arc<dyn Fn() + Send + Sync>) {
        self.lock().waker = Some(waker);
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Shared> {
        self.shared.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Queues a sheet; returns the ticket its outcome will carry.
    pub fn print(&mut self, sheet: Sheet) -> u64 {
        self.next += 1;
        if self.jobs.send((self.next, sheet)).is_err() {
            self.lock().finished.push((self.next, JobOutcome::Failed("the printer thread has stopped".into())));
        }
        self.next
    }

    /// Outcomes of jobs that ended since the last call.
    pub fn finished(&self) -> Vec<(u64, JobOutcome)> {
        std::mem::take(&mut self.lock().finished)
    }

    pub fn state(&self) -> PrinterState {
        self.lock().state.clone().unwrap_or(PrinterState::Unknown)
    }
}

/// The CUPS command line, for one queue.
struct Cups {
    settings: PrinterSettings,
}

impl Cups {
    fn command(&self, program: &str) -> Command {
        let mut c = Command::new(program);
        if let Some(server) = &self.settings.server {
            c.arg("-h").arg(server);
        }
        c.env("LC_ALL", "C").stdin(Stdio::null()).stdout(Stdio::piped()).stderr(Stdio::piped());
        c
    }

    fn run(&self, mut command: Command) -> Result<String, String> {
        let out = command.output().map_err(|e| format!("the CUPS command line could not run: {e}"))?;
        let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
        if out.status.success() {
            Ok(stdout)
        } else {
            let err = String::from_utf8_lossy(&out.stderr).trim().to_string();
            Err(if err.is_empty() { stdout.trim().to_string() } else { err })
        }
    }

    /// The queue's state, from `lpstat -p QUEUE` (and `-a` for whether it accepts jobs).
    fn state(&self) -> PrinterState {
        let queue = &self.settings.queue;
        let mut p = self.command("lpstat");
        p.arg("-p").arg(queue);
        let printer = match self.run(p) {
            Ok(text) => text,
            Err(e) => return PrinterState::NotWorking(e),
        };
        if let Some(reason) = printer_problem(&printer) {
            return PrinterState::NotWorking(reason);
        }
        let mut a = self.command("lpstat");
        a.arg("-a").arg(queue);
        match self.run(a) {
            Ok(text) if text.contains("not accepting") => {
                PrinterState::NotWorking("the queue is not accepting jobs".into())
            }
            Ok(_) => PrinterState::Ready,
            Err(e) => PrinterState::NotWorking(e),
        }
    }

    /// Sends one sheet and waits (on this thread) until CUPS has printed it, refused it or the
    /// deadline passed.
    fn print(&self, sheet: &Sheet) -> JobOutcome {
        if let PrinterState::NotWorking(why) = self.state() {
            return JobOutcome::Failed(why);
        }
        let pdf = match render(sheet, self.settings.paper) {
            Ok(pdf) => pdf,
            Err(e) => return JobOutcome::Failed(e),
        };
        let job = match self.submit(&sheet.title, &pdf) {
            Ok(job) => job,
            Err(e) => return JobOutcome::Failed(e),
        };
        let deadline = Instant::now() + JOB_DEADLINE;
        loop {
            let mut o = self.command("lpstat");
            o.arg("-o").arg(&self.settings.queue);
            let pending = match self.run(o) {
                Ok(text) => text.lines().any(|l| l.split_whitespace().next() == Some(job.as_str())),
                Err(e) => return self.give_up(&job, e),
            };
            if !pending {
                return match self.state() {
                    PrinterState::NotWorking(why) => JobOutcome::Failed(why),
                    _ => JobOutcome::Printed,
                };
            }
            if let PrinterState::NotWorking(why) = self.state() {
                return self.give_up(&job, why);
            }
            if Instant::now() >= deadline {
                return self.give_up(&job, "the printer did not finish within a minute".into());
            }
            std::thread::sleep(Duration::from_millis(200));
        }
    }

    /// `lp` with the PDF on standard input; the job's id (`QUEUE-N`).
    fn submit(&self, title: &str, pdf: &[u8]) -> Result<String, String> {
        let mut lp = self.command("lp");
        lp.arg("-d").arg(&self.settings.queue).arg("-t").arg(title);
        // The PDF's page size is the paper's: no media option needed.
        lp.arg("-");
        lp.stdin(Stdio::piped());
        let mut child = lp.spawn().map_err(|e| format!("lp could not run: {e}"))?;
        if let Some(mut stdin) = child.stdin.take() {
            stdin.write_all(pdf).map_err(|e| format!("lp did not take the sheet: {e}"))?;
        }
        let out = child.wait_with_output().map_err(|e| format!("lp failed: {e}"))?;
        let text = String::from_utf8_lossy(&out.stdout);
        if !out.status.success() {
            return Err(String::from_utf8_lossy(&out.stderr).trim().to_string());
        }
        // "request id is QUEUE-12 (1 file(s))"
        text.split_whitespace()
            .find(|w| w.starts_with(&format!("{}-", self.settings.queue)))
            .map(str::to_string)
            .ok_or_else(|| format!("lp gave no job id: {}", text.trim()))
    }

    /// Cancels a job that will not print now: paper found hours later helps nobody.
    fn give_up(&self, job: &str, why: String) -> JobOutcome {
        let mut cancel = self.command("cancel");
        cancel.arg(job);
        if let Err(e) = self.run(cancel) {
            tracing::warn!(%job, error = %e, "a job that could not print was not cancelled");
        }
        JobOutcome::Failed(why)
    }
}

/// What `lpstat -p` says is wrong with the printer, if anything: disabled (stopped), or a reason
/// such as `media-empty` on its second line.
fn printer_problem(lpstat: &str) -> Option<String> {
    let mut lines = lpstat.lines();
    let first = lines.next().unwrap_or_default();
    let detail = lines.map(str::trim).find(|l| !l.is_empty()).unwrap_or_default();
    if first.contains(" disabled") {
        let why = if detail.is_empty() || detail == "Paused" { "stopped".to_string() } else { detail.to_string() };
        return Some(format!("the printer is {why}"));
    }
    let trouble = ["media-empty", "media-jam", "offline", "door-open", "toner-empty", "marker-supply-empty"];
    trouble.iter().find(|t| detail.contains(*t)).map(|t| format!("the printer reports {t}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lpstat_tells_a_stopped_printer_from_a_ready_one() {
        assert_eq!(printer_problem("printer kiosk is idle.  enabled since Mon 30 Nov 2026 09:00:00\n"), None);
        assert_eq!(
            printer_problem("printer kiosk disabled since Mon 30 Nov 2026 09:00:00 -\n\tPaused\n").as_deref(),
            Some("the printer is stopped")
        );
        assert_eq!(
            printer_problem("printer kiosk disabled since Mon 30 Nov 2026 -\n\tout of paper\n").as_deref(),
            Some("the printer is out of paper")
        );
        assert_eq!(
            printer_problem("printer kiosk is idle.  enabled since Mon\n\tmedia-empty-error\n").as_deref(),
            Some("the printer reports media-empty")
        );
    }
}
