//! Telling open desk pages that what they show has changed, instead of their asking every second.
//!
//! Each instance's store keeps a counter that grows with every change a desk shows (a help call
//! raised, answered or closed, a kiosk's printer, speech, content, queue or place, a kiosk added
//! or revoked: `Database` grows it where it makes the change). Desk pages follow it over
//! server-sent events (`/kiosks/events`) and fetch the table when it grows. With several instances
//! on PostgreSQL, the instance where a change happens also sends `NOTIFY torget_desk`, and every
//! instance's listener grows its own counter, so a call that reaches instance A shows on a desk
//! connected to B.

use std::sync::Arc;

use tokio::sync::watch;

#[derive(Clone)]
pub struct DeskChanges {
    counter: Arc<watch::Sender<u64>>,
}

impl Default for DeskChanges {
    fn default() -> Self {
        DeskChanges { counter: Arc::new(watch::Sender::new(0)) }
    }
}

impl DeskChanges {
    /// Tells this instance's desks.
    pub fn here(&self) {
        self.counter.send_modify(|n| *n = n.wrapping_add(1));
    }

    pub fn subscribe(&self) -> watch::Receiver<u64> {
        self.counter.subscribe()
    }
}
