//! Paper for visitors: a [`Sheet`] (plain text blocks, built by [`crate::app`] from the content's
//! texts) is drawn as a PDF by the kiosk itself ([`pdf`]) and sent to a CUPS queue with the CUPS
//! command line (`lp`, `lpstat`, `cancel`), on a thread of its own so the window never waits.
//!
//! The printer thread also watches the queue (every 30 s, and around each job) so staff and the hub
//! see when the printer is not working. A job counts as printed only when CUPS has finished it and
//! the queue is still accepting work; a stopped queue, a refused job, a job CUPS stopped or holds,
//! or no answer within the deadline is a failure, said to the visitor in plain words. A failure the
//! queue's own state does not show (a stopped or held job, one that never finished) is shown to
//! staff until the next job ends.

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

pub use torget_paper::{Block, Paper, Sheet, Style, render};

/// Where to print.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PrinterSettings {
    /// The CUPS queue's name.
    pub queue: String,
    pub paper: Paper,
    /// The CUPS server (`host:port` or a socket path); `None` is the system's own.
    pub server: Option<String>,
    /// A folder the CUPS commands take as their home and configuration folder (`client.conf`,
    /// `lpoptions`) instead of `/etc/cups` and the user's `~/.cups`; `None` reads those, as CUPS
    /// does. Tests give their own scheduler one, so no option left on the machine reaches a job.
    pub client_config: Option<PathBuf>,
}

/// What staff and the hub see of the printer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PrinterState {
    /// Not asked yet.
    Unknown,
    Ready,
    /// Why not (for staff, not for the visitor).
    NotWorking(PrintError),
}

/// How one print job ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum JobOutcome {
    Printed,
    Failed(PrintError),
}

/// Why a sheet was not printed, or why the printer is not working: for staff, the hub and the log,
/// in CUPS's words where CUPS gave some. The visitor hears one plain sentence whatever the reason.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PrintError {
    /// A CUPS command could not be started or fed.
    #[error("{program} could not run: {error}")]
    CommandLine { program: &'static str, error: String },
    /// CUPS answered a command with an error.
    #[error("{0}")]
    Refused(String),
    /// The queue is disabled: "stopped", or the reason given when it was stopped.
    #[error("the printer is {0}")]
    Stopped(String),
    /// The printer reports a problem such as `media-empty`.
    #[error("the printer reports {0}")]
    Reports(&'static str),
    #[error("the queue is not accepting jobs")]
    NotAccepting,
    #[error("the sheet could not be drawn: {0}")]
    Render(String),
    #[error("lp gave no job id: {0}")]
    NoJobId(String),
    /// CUPS holds the job (`pending-held`): it prints only when someone releases it.
    #[error("CUPS holds the job instead of printing it")]
    JobHeld,
    /// The job stays queued while the printer is idle: CUPS stopped it (`processing-stopped`) or
    /// put it back to be retried later.
    #[error("CUPS stopped the job: it stays queued while the printer is idle")]
    JobStopped,
    #[error("the printer did not finish within a minute")]
    Deadline,
    #[error("the printer thread has stopped")]
    ThreadStopped,
}

impl PrintError {
    /// Whether this is a failure of the job that the queue's state does not show: after a stopped,
    /// held or endless job `lpstat -p` still says the printer is idle and enabled.
    fn hidden_by_the_queue(&self) -> bool {
        matches!(self, PrintError::JobHeld | PrintError::JobStopped | PrintError::Deadline)
    }
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
/// How long a job may stay queued on an idle printer before it counts as one CUPS is not printing.
/// A job CUPS is about to start, or has just finished, is seen so for a moment only: the scheduler
/// starts a job on an idle printer as soon as it has it.
const STALL_GRACE: Duration = Duration::from_secs(2);

impl Printer {
    /// Starts the printer thread.
    pub fn start(settings: PrinterSettings) -> Printer {
        let (jobs, rx) = mpsc::channel();
        let shared = Arc::new(Mutex::new(Shared::default()));
        let thread_shared = Arc::clone(&shared);
        let spawned = std::thread::Builder::new().name("printer".into()).spawn(move || {
            let cups = Cups { settings };
            // After a job CUPS stopped or held, the queue reads idle and enabled: staff would be told
            // the printer works while no sheet comes out. The last job's failure is shown until the
            // next job ends.
            let mut job_trouble: Option<PrintError> = None;
            let state_with = |trouble: &Option<PrintError>| match (cups.state(), trouble) {
                (PrinterState::Ready, Some(why)) => PrinterState::NotWorking(why.clone()),
                (state, _) => state,
            };
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
                        job_trouble = match &outcome {
                            JobOutcome::Failed(why) if why.hidden_by_the_queue() => Some(why.clone()),
                            _ => None,
                        };
                        report_state(state_with(&job_trouble));
                        let waker = {
                            let mut s = thread_shared.lock().unwrap_or_else(|e| e.into_inner());
                            s.finished.push((ticket, outcome));
                            s.waker.clone()
                        };
                        if let Some(w) = waker {
                            w();
                        }
                    }
                    Err(RecvTimeoutError::Timeout) => report_state(state_with(&job_trouble)),
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
            self.lock().finished.push((self.next, JobOutcome::Failed(PrintError::ThreadStopped)));
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

/// What a working queue is doing, from `lpstat -p`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Activity {
    Idle,
    Printing,
}

/// Where one job is, from `lpstat -l -o`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Queued {
    /// No longer listed: finished (or cancelled).
    Gone,
    Waiting,
    /// Held (`pending-held`) until someone releases it.
    Held,
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
        if let Some(dir) = &self.settings.client_config {
            // libcups reads client.conf and lpoptions from CUPS_SERVERROOT and from ~/.cups.
            c.env("HOME", dir).env("CUPS_SERVERROOT", dir);
        }
        c.env("LC_ALL", "C").stdin(Stdio::null()).stdout(Stdio::piped()).stderr(Stdio::piped());
        c
    }

    fn run(&self, program: &'static str, args: &[&str]) -> Result<String, PrintError> {
        let out = self
            .command(program)
            .args(args)
            .output()
            .map_err(|e| PrintError::CommandLine { program, error: e.to_string() })?;
        let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
        if out.status.success() {
            Ok(stdout)
        } else {
            let err = String::from_utf8_lossy(&out.stderr).trim().to_string();
            Err(PrintError::Refused(if err.is_empty() { stdout.trim().to_string() } else { err }))
        }
    }

    fn state(&self) -> PrinterState {
        match self.activity() {
            Ok(_) => PrinterState::Ready,
            Err(why) => PrinterState::NotWorking(why),
        }
    }

    /// What the queue is doing, from `lpstat -p QUEUE` (and `-a` for whether it accepts jobs); an
    /// error when it cannot print.
    fn activity(&self) -> Result<Activity, PrintError> {
        let queue = self.settings.queue.as_str();
        let printer = self.run("lpstat", &["-p", queue])?;
        if let Some(problem) = printer_problem(&printer) {
            return Err(problem);
        }
        if self.run("lpstat", &["-a", queue])?.contains("not accepting") {
            return Err(PrintError::NotAccepting);
        }
        Ok(printer_activity(&printer))
    }

    /// Sends one sheet and waits (on this thread) until CUPS has printed it, refused it, stopped or
    /// held it, or the deadline passed.
    fn print(&self, sheet: &Sheet) -> JobOutcome {
        if let PrinterState::NotWorking(why) = self.state() {
            return JobOutcome::Failed(why);
        }
        let pdf = match render(sheet, self.settings.paper) {
            Ok(pdf) => pdf,
            Err(e) => return JobOutcome::Failed(PrintError::Render(e)),
        };
        let job = match self.submit(&sheet.title, &pdf) {
            Ok(job) => job,
            Err(e) => return JobOutcome::Failed(e),
        };
        let deadline = Instant::now() + JOB_DEADLINE;
        let mut idle_since = None;
        loop {
            let queued = match self.run("lpstat", &["-l", "-o", &self.settings.queue]) {
                Ok(text) => job_in_queue(&text, &job),
                Err(e) => return self.give_up(&job, e),
            };
            match queued {
                Queued::Gone => {
                    return match self.state() {
                        PrinterState::NotWorking(why) => JobOutcome::Failed(why),
                        _ => JobOutcome::Printed,
                    };
                }
                Queued::Held => return self.give_up(&job, PrintError::JobHeld),
                Queued::Waiting => {}
            }
            let activity = match self.activity() {
                Ok(activity) => activity,
                Err(why) => return self.give_up(&job, why),
            };
            // A job CUPS stopped (`processing-stopped`) leaves the printer idle and enabled, and
            // `lpstat` shows no job state: a job that stays queued on an idle printer is the sign.
            // Seen with cups-daemon 2.4.2-3+deb12u10, which stops a job whose `file:` device it
            // cannot open ("Stopping job because the scheduler could not open the output file";
            // issue 27, https://security-tracker.debian.org/tracker/source-package/cups); waiting
            // for the deadline instead kept the visitor a minute before saying anything.
            let now = Instant::now();
            idle_since = if activity == Activity::Idle { idle_since.or(Some(now)) } else { None };
            if idle_since.is_some_and(|since| now.duration_since(since) >= STALL_GRACE) {
                return self.give_up(&job, PrintError::JobStopped);
            }
            if now >= deadline {
                return self.give_up(&job, PrintError::Deadline);
            }
            std::thread::sleep(Duration::from_millis(200));
        }
    }

    /// `lp` with the PDF on standard input; the job's id (`QUEUE-N`).
    fn submit(&self, title: &str, pdf: &[u8]) -> Result<String, PrintError> {
        let mut lp = self.command("lp");
        lp.arg("-d").arg(&self.settings.queue).arg("-t").arg(title);
        // The PDF's page size is the paper's: no media option needed.
        lp.arg("-");
        lp.stdin(Stdio::piped());
        let failed = |e: std::io::Error| PrintError::CommandLine { program: "lp", error: e.to_string() };
        let mut child = lp.spawn().map_err(failed)?;
        if let Some(mut stdin) = child.stdin.take() {
            stdin.write_all(pdf).map_err(failed)?;
        }
        let out = child.wait_with_output().map_err(failed)?;
        let text = String::from_utf8_lossy(&out.stdout);
        if !out.status.success() {
            return Err(PrintError::Refused(String::from_utf8_lossy(&out.stderr).trim().to_string()));
        }
        // "request id is QUEUE-12 (1 file(s))"
        text.split_whitespace()
            .find(|w| w.starts_with(&format!("{}-", self.settings.queue)))
            .map(str::to_string)
            .ok_or_else(|| PrintError::NoJobId(text.trim().to_string()))
    }

    /// Cancels a job that will not print now: paper found hours later helps nobody.
    fn give_up(&self, job: &str, why: PrintError) -> JobOutcome {
        if let Err(e) = self.run("cancel", &[job]) {
            tracing::warn!(%job, error = %e, "a job that could not print was not cancelled");
        }
        JobOutcome::Failed(why)
    }
}

/// What `lpstat -p` says is wrong with the printer, if anything: disabled (stopped), or a reason
/// such as `media-empty` on its second line.
fn printer_problem(lpstat: &str) -> Option<PrintError> {
    let mut lines = lpstat.lines();
    let first = lines.next().unwrap_or_default();
    let detail = lines.map(str::trim).find(|l| !l.is_empty()).unwrap_or_default();
    if first.contains(" disabled") {
        let why = if detail.is_empty() || detail == "Paused" { "stopped" } else { detail };
        return Some(PrintError::Stopped(why.to_string()));
    }
    let trouble = ["media-empty", "media-jam", "offline", "door-open", "toner-empty", "marker-supply-empty"];
    trouble.iter().find(|t| detail.contains(*t)).map(|t| PrintError::Reports(t))
}

/// Whether `lpstat -p` says the printer is idle (`printer Q is idle.`) or at work
/// (`printer Q now printing Q-12.`).
fn printer_activity(lpstat: &str) -> Activity {
    let first = lpstat.lines().next().unwrap_or_default();
    if first.contains(" is idle") { Activity::Idle } else { Activity::Printing }
}

/// Where `job` is in `lpstat -l -o QUEUE`: each job's line is followed by indented details, and
/// its `Alerts:` are its job-state-reasons (`job-hold-until-specified` while held). `lpstat` shows
/// no job state: a stopped job reads like a waiting one (its alert stays `job-printing`).
fn job_in_queue(lpstat: &str, job: &str) -> Queued {
    let mut lines = lpstat.lines().skip_while(|l| l.split_whitespace().next() != Some(job));
    if lines.next().is_none() {
        return Queued::Gone;
    }
    let held = lines
        .take_while(|l| l.starts_with([' ', '\t']))
        .filter_map(|l| l.trim().strip_prefix("Alerts:"))
        .flat_map(str::split_whitespace)
        .any(|reason| reason.starts_with("job-hold-until") || reason.contains("held"));
    if held { Queued::Held } else { Queued::Waiting }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lpstat_tells_a_stopped_printer_from_a_ready_one() {
        assert_eq!(printer_problem("printer kiosk is idle.  enabled since Mon 30 Nov 2026 09:00:00\n"), None);
        assert_eq!(
            printer_problem("printer kiosk disabled since Mon 30 Nov 2026 09:00:00 -\n\tPaused\n")
                .map(|e| e.to_string())
                .as_deref(),
            Some("the printer is stopped")
        );
        assert_eq!(
            printer_problem("printer kiosk disabled since Mon 30 Nov 2026 -\n\tout of paper\n")
                .map(|e| e.to_string())
                .as_deref(),
            Some("the printer is out of paper")
        );
        assert_eq!(
            printer_problem("printer kiosk is idle.  enabled since Mon\n\tmedia-empty-error\n"),
            Some(PrintError::Reports("media-empty"))
        );
    }

    #[test]
    fn lpstat_tells_an_idle_printer_from_one_at_work() {
        assert_eq!(printer_activity("printer pdf is idle.  enabled since Wed Dec  2 13:27:40 2026\n"), Activity::Idle);
        assert_eq!(
            printer_activity("printer pdf now printing pdf-2.  enabled since Wed Dec  2 13:27:40 2026\n"),
            Activity::Printing
        );
    }

    /// As cupsd 2.4.2-3+deb12u10 lists them: `pdf-1` stopped (its output file could not be opened),
    /// `pdf-4` held with `lp -H indefinite`.
    const QUEUE: &str = "pdf-1                   root              1024   Wed Dec  2 13:26:36 2026\n\
                         \tStatus: \n\
                         \tAlerts: job-printing\n\
                         \tqueued for pdf\n\
                         pdf-4                   root              1024   Wed Dec  2 13:27:50 2026\n\
                         \tAlerts: job-hold-until-specified\n\
                         \tqueued for pdf\n";

    #[test]
    fn lpstat_tells_a_waiting_job_from_a_held_one_and_a_finished_one() {
        assert_eq!(job_in_queue(QUEUE, "pdf-1"), Queued::Waiting);
        assert_eq!(job_in_queue(QUEUE, "pdf-4"), Queued::Held);
        assert_eq!(job_in_queue(QUEUE, "pdf-2"), Queued::Gone);
        assert_eq!(job_in_queue(QUEUE, "pdf-"), Queued::Gone, "a job is named whole");
        assert_eq!(job_in_queue("", "pdf-1"), Queued::Gone);
        assert_eq!(
            job_in_queue("pdf-9 root 1024 Wed\n\tAlerts: cups-held-for-authentication\n", "pdf-9"),
            Queued::Held
        );
    }

    #[test]
    fn only_failures_the_queue_cannot_show_outlive_their_job() {
        assert!(PrintError::JobStopped.hidden_by_the_queue());
        assert!(PrintError::JobHeld.hidden_by_the_queue());
        assert!(PrintError::Deadline.hidden_by_the_queue());
        assert!(!PrintError::Stopped("stopped".into()).hidden_by_the_queue());
        assert!(!PrintError::NotAccepting.hidden_by_the_queue());
    }
}
