//! Booked times on the kiosk's side: the free times the hub offers ([`FreeTimes`], fetched by the
//! sync worker after each heartbeat that reaches the hub), how fresh they are, and holding a chosen
//! time for the visit. Only the time, the resource and the request's id go to the hub: never
//! anything the visitor wrote.
//!
//! A list is offered only while it is fresh: the hub read the calendar, and the kiosk heard the
//! hub, within [`MAX_AGE`]. Otherwise the page says "We will call you to agree on a time" and the
//! request is sent as any other.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use torget_common::protocol::{FreeTimes, HoldAnswer, HoldRequest, ResourceTimes};

/// The oldest list of free times a visitor is offered.
pub const MAX_AGE: Duration = Duration::from_secs(10 * 60);

/// The free times as last heard from the hub, shared between the sync worker and the app.
#[derive(Clone, Default)]
pub struct TimesHandle(Arc<Mutex<Option<(FreeTimes, Instant)>>>);

impl TimesHandle {
    /// What the hub said just now.
    pub fn heard(&self, times: FreeTimes) {
        *self.0.lock().unwrap_or_else(|p| p.into_inner()) = Some((times, Instant::now()));
    }

    /// How long the hub holds a chosen time, as it last said.
    pub fn hold_minutes(&self) -> Option<u32> {
        self.0.lock().unwrap_or_else(|p| p.into_inner()).as_ref().map(|(t, _)| t.hold_minutes)
    }

    /// `resource`'s free times, if the list is fresh: heard from the hub within `max_age`, and the
    /// calendar read by the hub within `max_age` of `now_ms` (ms since 1970). `None`: offer none.
    pub fn fresh(&self, resource: &str, max_age: Duration, now_ms: i64) -> Option<ResourceTimes> {
        let guard = self.0.lock().unwrap_or_else(|p| p.into_inner());
        let (times, heard) = guard.as_ref()?;
        if heard.elapsed() > max_age {
            return None;
        }
        let offered = times.resources.iter().find(|r| r.resource == resource)?;
        let read = offered.read_at_ms?;
        (now_ms.saturating_sub(read) <= max_age.as_millis() as i64 && !offered.times.is_empty())
            .then(|| offered.clone())
    }
}

/// What became of a wish to hold a time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Held {
    /// Held for the visit until then (ms since 1970).
    Until(i64),
    /// Another visit has it, or the calendar no longer leaves it free: choose another.
    Taken,
    /// The hub could not be asked (offline, refused, an older hub): the visitor is called instead.
    Unreachable(String),
}

/// Asks the hub to hold and let go of times; cheap to clone, usable from any thread (each call
/// runs on the process's booking thread and answers on a channel, so the screen never waits on
/// it, and a call outlives the booker that made it).
#[derive(Clone)]
pub struct Booker {
    hub_url: String,
    token: Arc<Mutex<String>>,
    client: reqwest::Client,
    runtime: &'static tokio::runtime::Runtime,
}

/// The one thread that talks to the hub about times, started with the first booker.
static RUNTIME: std::sync::OnceLock<tokio::runtime::Runtime> = std::sync::OnceLock::new();

impl Booker {
    pub fn new(hub_url: &str, token: Arc<Mutex<String>>, client: reqwest::Client) -> std::io::Result<Booker> {
        let runtime = match RUNTIME.get() {
            Some(runtime) => runtime,
            None => {
                let made = tokio::runtime::Builder::new_multi_thread()
                    .worker_threads(1)
                    .thread_name("booking")
                    .enable_all()
                    .build()?;
                RUNTIME.get_or_init(|| made)
            }
        };
        Ok(Booker { hub_url: hub_url.trim_end_matches('/').to_string(), token, client, runtime })
    }

    fn token(&self) -> String {
        self.token.lock().unwrap_or_else(|p| p.into_inner()).clone()
    }

    /// Holds `start` of `resource` for request `id`; the answer arrives on the channel.
    pub fn hold(&self, id: uuid::Uuid, resource: &str, start: &str) -> std::sync::mpsc::Receiver<Held> {
        let (tx, rx) = std::sync::mpsc::channel();
        let wish = HoldRequest { id, resource: resource.to_string(), start: start.to_string() };
        let (client, url, token) = (self.client.clone(), format!("{}/v1/holds", self.hub_url), self.token());
        self.runtime.spawn(async move {
            let sent = client.post(url).bearer_auth(token).json(&wish).send().await;
            let held = match sent {
                Ok(answer) if answer.status().is_success() => match answer.json::<HoldAnswer>().await {
                    Ok(answer) => Held::Until(answer.held_until_ms),
                    Err(e) => Held::Unreachable(format!("the hub's answer: {e}")),
                },
                Ok(answer) if answer.status() == reqwest::StatusCode::CONFLICT => Held::Taken,
                Ok(answer) => Held::Unreachable(format!("the hub answered {}", answer.status())),
                Err(e) => Held::Unreachable(e.to_string()),
            };
            let _ = tx.send(held);
        });
        rx
    }

    /// Lets go of request `id`'s time (the visit ended without sending); best effort: a hold the
    /// hub does not hear of ends by itself after its minutes.
    pub fn release(&self, id: uuid::Uuid) -> std::sync::mpsc::Receiver<bool> {
        let (tx, rx) = std::sync::mpsc::channel();
        let (client, url, token) = (self.client.clone(), format!("{}/v1/holds/{id}", self.hub_url), self.token());
        self.runtime.spawn(async move {
            let done = client.delete(url).bearer_auth(token).send().await.is_ok_and(|a| a.status().is_success());
            let _ = tx.send(done);
        });
        rx
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn list(read_at_ms: Option<i64>, times: &[&str]) -> FreeTimes {
        FreeTimes {
            hold_minutes: 10,
            resources: vec![ResourceTimes {
                resource: "budget-advice".into(),
                minutes: 30,
                read_at_ms,
                times: times.iter().map(|t| t.to_string()).collect(),
            }],
        }
    }

    #[test]
    fn only_a_fresh_list_with_times_is_offered() {
        let handle = TimesHandle::default();
        let now = 1_800_000_000_000;
        assert_eq!(handle.fresh("budget-advice", MAX_AGE, now), None, "nothing heard yet");
        handle.heard(list(Some(now - 60_000), &["2027-01-12T10:30:00+01:00"]));
        assert_eq!(handle.fresh("budget-advice", MAX_AGE, now).unwrap().times, ["2027-01-12T10:30:00+01:00"]);
        assert_eq!(handle.fresh("other", MAX_AGE, now), None, "a resource the hub does not offer");
        assert_eq!(handle.fresh("budget-advice", Duration::ZERO, now), None, "heard too long ago");
        handle.heard(list(Some(now - 11 * 60_000), &["2027-01-12T10:30:00+01:00"]));
        assert_eq!(handle.fresh("budget-advice", MAX_AGE, now), None, "the hub read the calendar too long ago");
        handle.heard(list(None, &["2027-01-12T10:30:00+01:00"]));
        assert_eq!(handle.fresh("budget-advice", MAX_AGE, now), None, "the hub never read it");
        handle.heard(list(Some(now), &[]));
        assert_eq!(handle.fresh("budget-advice", MAX_AGE, now), None, "no time left");
    }
}
