//! A visit's way with booked times: which times the appointment question on screen offers, the
//! hold asked for when the visitor touches one, what the hub answered, and letting a hold go when
//! the visit no longer wants it.
//!
//! The free times and the hub come from [`crate::times`]; the answer of the question is the time
//! the hub holds (or [`CALL_TO_AGREE`] when none can be offered), set on the [`Session`] only once
//! the hub said yes. No Slint and no waiting: a hold's answer is taken in by [`Booking::poll`].

use std::sync::mpsc::{Receiver, TryRecvError};

use crate::appointment;
use crate::content::FieldKind;
use crate::session::{Answer, CALL_TO_AGREE, Session};
use crate::store::now_ms;
use crate::times::{Booker, Held, MAX_AGE, TimesHandle};
use crate::validate::FieldError;

/// What the appointment question on screen offers.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Offer {
    /// The starts, earliest first (RFC 3339, the resource's offset); empty: "we will call you".
    pub times: Vec<String>,
    /// When the hub read the calendar (ms since 1970).
    pub read_at_ms: Option<i64>,
    /// The start a hold is being asked for.
    pub asking: Option<String>,
    /// The start the hub holds for this visit.
    pub held: Option<String>,
    /// Until when the hub holds it (ms since 1970); renewed while the visit lasts.
    pub held_until_ms: Option<i64>,
}

/// What a hold's answer changed, for the visitor to hear.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum News {
    Held,
    Taken,
    Unreachable,
}

/// The kiosk's side of booking: the hub's free times and the booker, and this visit's holds.
pub struct Booking {
    times: TimesHandle,
    booker: Booker,
    /// The visit (its request id) the state below is about.
    visit: Option<uuid::Uuid>,
    /// A hold asked for and not answered yet: the start, and where the answer comes.
    asking: Option<(String, Receiver<Held>)>,
    /// The request id and start the hub holds, and until when (ms since 1970).
    held: Option<(uuid::Uuid, String, i64)>,
    /// A renewal of the hold asked for, before it lapses in a long visit.
    renewing: Option<Receiver<Held>>,
    /// Starts the hub said were taken: not offered again in this visit.
    taken: Vec<String>,
    /// The hub could not be asked in this visit: the visitor is called to agree on a time.
    unreachable: bool,
}

/// The hub's answer to a hold, once it came; a booking thread that is gone counts as a hub that
/// could not be asked.
fn heard(answer: &Receiver<Held>) -> Option<Held> {
    match answer.try_recv() {
        Ok(held) => Some(held),
        Err(TryRecvError::Empty) => None,
        Err(TryRecvError::Disconnected) => Some(Held::Unreachable("no answer from the booking thread".into())),
    }
}

impl Booking {
    pub fn new(times: TimesHandle, booker: Booker) -> Booking {
        Booking {
            times,
            booker,
            visit: None,
            asking: None,
            held: None,
            renewing: None,
            taken: Vec::new(),
            unreachable: false,
        }
    }

    /// What the appointment question on screen offers; `None` when no appointment question is.
    pub fn offer(&self, session: &Session) -> Option<Offer> {
        let step = session.current_appointment()?;
        let this_visit = self.visit == Some(session.request_id());
        let mine = self.held.as_ref().filter(|(id, ..)| *id == session.request_id());
        let held = mine.map(|(_, s, _)| s.clone());
        let mut offer = Offer {
            asking: self.asking.as_ref().filter(|_| this_visit).map(|(s, _)| s.clone()),
            held: held.clone(),
            held_until_ms: mine.map(|(.., until)| *until),
            ..Offer::default()
        };
        if this_visit && self.unreachable {
            return Some(offer);
        }
        let fresh = step.resource.as_deref().and_then(|r| self.times.fresh(r, MAX_AGE, now_ms()));
        if let Some(list) = fresh {
            offer.read_at_ms = list.read_at_ms;
            offer.times = list.times.into_iter().filter(|t| !(this_visit && self.taken.contains(t))).collect();
        }
        // The hub's list leaves out what is held, this visit's own time too.
        if let Some(start) = held.filter(|s| !offer.times.contains(s)) {
            offer.times.push(start);
            offer.times.sort_by_key(|s| appointment::parse(s));
        }
        Some(offer)
    }

    /// The visitor touched time `index` of the offer: ask the hub to hold it (one ask at a time).
    pub fn choose(&mut self, session: &Session, index: usize) {
        self.follow_visit(session);
        let Some(offer) = self.offer(session) else { return };
        let (Some(start), Some(resource)) =
            (offer.times.get(index), session.current_appointment().and_then(|s| s.resource.as_deref()))
        else {
            return;
        };
        if self.asking.is_some() || offer.held.as_ref() == Some(start) {
            return;
        }
        let answer = self.booker.hold(session.request_id(), resource, start);
        self.asking = Some((start.clone(), answer));
    }

    /// Next on the appointment question: with no time to offer, the answer is "we will call you".
    /// `false` while a hold is still being asked for: Next waits for its answer.
    pub fn before_next(&mut self, session: &mut Session) -> bool {
        self.follow_visit(session);
        let Some(offer) = self.offer(session) else { return true };
        if offer.asking.is_some() {
            return false;
        }
        let answered = session.current_appointment().and_then(|s| session.answers().get(&s.id)).cloned();
        if offer.times.is_empty() {
            session.set_appointment(Some(CALL_TO_AGREE));
        } else if answered == Some(Answer::One(CALL_TO_AGREE.to_string())) {
            // Times came while the visitor was here: one is to be chosen.
            session.set_appointment(None);
        }
        true
    }

    /// Takes in a hold's answer, and lets go of a hold the visit no longer wants. What changed.
    pub fn poll(&mut self, session: &mut Session) -> Option<News> {
        self.follow_visit(session);
        let news = self.take_answer(session);
        let lost = self.renew(session);
        self.release_unwanted(session);
        news.or(lost)
    }

    /// Holds the visit's time again when half its hold has passed, so that a long visit keeps it
    /// (the hub lets the same request hold the same time anew). `Taken` if the hub no longer
    /// holds it for the visit.
    fn renew(&mut self, session: &mut Session) -> Option<News> {
        if let Some(answer) = &self.renewing {
            let renewed = heard(answer)?;
            self.renewing = None;
            match (renewed, self.held.as_mut()) {
                (Held::Until(until), Some(held)) => held.2 = until,
                (Held::Taken, Some((_, start, _))) => {
                    // Its hold had lapsed and another visit took the time: the visitor chooses anew.
                    tracing::warn!("a held time lapsed and was taken by another visit");
                    self.taken.push(start.clone());
                    self.held = None;
                    session.clear_appointment(&self.taken);
                    return Some(News::Taken);
                }
                // Unreachable: the hold stands until it lapses, and the booking is made if the
                // request reaches the hub before another visit holds the time.
                _ => {}
            }
            return None;
        }
        let (id, start, until) = self.held.as_ref()?;
        let minutes = self.times.hold_minutes().unwrap_or(10);
        let half = i64::from(minutes) * 30_000;
        if *id != session.request_id() || self.asking.is_some() || now_ms() < until - half {
            return None;
        }
        let resource = session.service()?.steps.iter().find(|s| s.kind == FieldKind::Appointment)?.resource.clone()?;
        self.renewing = Some(self.booker.hold(*id, &resource, start));
        None
    }

    /// The request was saved: its time is booked when it reaches the hub, never let go.
    pub fn sent(&mut self) {
        self.held = None;
    }

    fn take_answer(&mut self, session: &mut Session) -> Option<News> {
        let (start, answer) = self.asking.as_ref()?;
        let held = heard(answer)?;
        let start = start.clone();
        self.asking = None;
        Some(match held {
            Held::Until(until) => {
                self.held = Some((session.request_id(), start.clone(), until));
                self.renewing = None;
                session.set_appointment(Some(&start));
                News::Held
            }
            Held::Taken => {
                self.taken.push(start);
                if session.current_appointment().is_some() {
                    session.set_error(FieldError::TimeTaken);
                }
                News::Taken
            }
            Held::Unreachable(why) => {
                tracing::warn!(%why, "a time could not be held; the visitor is called to agree on one");
                self.unreachable = true;
                News::Unreachable
            }
        })
    }

    /// A new visit starts afresh, and what the last one held or asked for is let go.
    fn follow_visit(&mut self, session: &Session) {
        if self.visit == Some(session.request_id()) {
            return;
        }
        if let Some((start, _)) = self.asking.take()
            && let Some(old) = self.visit
        {
            // The answer may still be on its way: the hold then lapses by itself after its minutes.
            tracing::debug!(%start, "a visit ended while a time was being held");
            let _ = self.booker.release(old);
        }
        self.visit = Some(session.request_id());
        self.taken.clear();
        self.unreachable = false;
    }

    /// A hold whose time is no longer the visit's answer (another service, a wipe) is let go.
    fn release_unwanted(&mut self, session: &Session) {
        let Some((id, start, _)) = &self.held else { return };
        let wanted = *id == session.request_id() && session.answers().values().any(|a| a.has(start));
        if !wanted {
            let _ = self.booker.release(*id);
            self.held = None;
            self.renewing = None;
        }
    }
}
