//! Telling open desk pages that what they show has changed, and which kiosks, instead of their
//! asking every second.
//!
//! Each instance's store keeps a counter that grows with every change a desk shows (a help call
//! raised, answered or closed, a kiosk's printer, speech, content, queue or place, a kiosk added
//! or revoked: `Database` grows it where it makes the change), and a short log of which kiosk
//! each change was about. Desk pages follow it over server-sent events (`/kiosks/events`); each
//! event names the rows that changed since the last one (or says the whole table), and the page
//! fetches only those rows. With several instances on PostgreSQL, the instance where a change
//! happens also sends `NOTIFY torget_desk` with the kiosk's name, and every instance's listener
//! grows its own counter, so a call that reaches instance A shows on a desk connected to B.

use std::collections::{BTreeSet, VecDeque};
use std::sync::{Arc, Mutex};

use tokio::sync::watch;

/// How many changes each instance remembers: a page further behind fetches the whole table.
const REMEMBERED: usize = 4096;

/// More kiosks than this in one event and the page fetches the whole table instead.
pub const MOST_ROWS: usize = 64;

#[derive(Clone)]
pub struct DeskChanges {
    counter: Arc<watch::Sender<u64>>,
    /// The latest changes, oldest first: the counter's value after each, and its kiosk (`None`:
    /// the whole table, e.g. a kiosk added or what changed while an instance could not listen).
    log: Arc<Mutex<VecDeque<Entry>>>,
}

/// The counter's value after a change, and the kiosk whose row it was (`None`: any row).
type Entry = (u64, Option<String>);

impl Default for DeskChanges {
    fn default() -> Self {
        DeskChanges { counter: Arc::new(watch::Sender::new(0)), log: Arc::default() }
    }
}

/// What changed since a page last heard.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Changed {
    /// These kiosks' rows.
    Kiosks(BTreeSet<String>),
    /// Possibly anything: the page fetches the whole table.
    All,
}

impl DeskChanges {
    /// Tells this instance's desks that `kiosk`'s row changed (`None`: the whole table).
    pub fn here(&self, kiosk: Option<&str>) {
        // The log is written under the counter's lock, so that a reader who sees a value finds
        // its entry.
        self.counter.send_modify(|n| {
            *n = n.wrapping_add(1);
            let mut log = self.log.lock().unwrap_or_else(|p| p.into_inner());
            log.push_back((*n, kiosk.map(str::to_string)));
            while log.len() > REMEMBERED {
                log.pop_front();
            }
        });
    }

    pub fn subscribe(&self) -> watch::Receiver<u64> {
        self.counter.subscribe()
    }

    /// What changed after the counter read `seen` and up to `now`.
    pub fn since(&self, seen: u64, now: u64) -> Changed {
        if now <= seen {
            return Changed::Kiosks(BTreeSet::new());
        }
        let log = self.log.lock().unwrap_or_else(|p| p.into_inner());
        // The log must still reach back to the first change after `seen`.
        if log.front().is_none_or(|(first, _)| *first > seen.wrapping_add(1)) {
            return Changed::All;
        }
        let mut kiosks = BTreeSet::new();
        for (_, kiosk) in log.iter().filter(|(n, _)| *n > seen && *n <= now) {
            match kiosk {
                Some(k) => {
                    kiosks.insert(k.clone());
                }
                None => return Changed::All,
            }
            if kiosks.len() > MOST_ROWS {
                return Changed::All;
            }
        }
        Changed::Kiosks(kiosks)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kiosks(names: &[&str]) -> Changed {
        Changed::Kiosks(names.iter().map(|n| n.to_string()).collect())
    }

    #[test]
    fn a_page_is_told_the_rows_that_changed_since_it_last_heard() {
        let desk = DeskChanges::default();
        let mut receiver = desk.subscribe();
        desk.here(Some("bibliotek-1"));
        desk.here(Some("stadshuset"));
        desk.here(Some("bibliotek-1"));
        let now = *receiver.borrow_and_update();
        assert_eq!(now, 3);
        assert_eq!(desk.since(0, now), kiosks(&["bibliotek-1", "stadshuset"]));
        assert_eq!(desk.since(2, now), kiosks(&["bibliotek-1"]));
        assert_eq!(desk.since(3, now), kiosks(&[]));
        desk.here(None);
        desk.here(Some("stadshuset"));
        assert_eq!(desk.since(3, 5), Changed::All, "a kiosk added or revoked: the whole table");
        assert_eq!(desk.since(4, 5), kiosks(&["stadshuset"]));
    }

    #[test]
    fn a_page_too_far_behind_or_told_of_too_many_rows_fetches_the_whole_table() {
        let desk = DeskChanges::default();
        for n in 0..REMEMBERED + 10 {
            desk.here(Some(&format!("kiosk-{}", n % 3)));
        }
        let now = (REMEMBERED + 10) as u64;
        assert_eq!(desk.since(0, now), Changed::All, "the log no longer reaches back");
        assert_eq!(desk.since(now - 3, now), kiosks(&["kiosk-0", "kiosk-1", "kiosk-2"]));
        let many = DeskChanges::default();
        for n in 0..=MOST_ROWS {
            many.here(Some(&format!("kiosk-{n}")));
        }
        assert_eq!(many.since(0, MOST_ROWS as u64 + 1), Changed::All);
        assert!(matches!(many.since(1, MOST_ROWS as u64 + 1), Changed::Kiosks(k) if k.len() == MOST_ROWS));
    }
}
