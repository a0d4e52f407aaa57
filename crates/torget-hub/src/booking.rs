//! Booking a real time from a kiosk: the free times of each bookable resource, read from its
//! CalDAV calendar ([`crate::calendar`]) and kept current; a time held for a visit (only the time,
//! the resource and the request's id travel, never a name); the booking confirmed when the sealed
//! request arrives and written into the calendar as the reference code and the service; and
//! cancelled by staff, which takes it out of the calendar again.
//!
//! The store decides who gets a time (one transaction, a unique index: [`Database::hold_time`]),
//! so any number of hub instances can offer the same calendars. Each instance reads the calendars
//! every minute; a kiosk is told how fresh its list is and falls back to "we will call you" when it
//! is too old.

use std::collections::BTreeMap;
use std::sync::Mutex;
use std::time::Duration;

use jiff::Timestamp;
use jiff::tz::TimeZone;

use crate::calendar::{self, Bookings, Busy, Resource};
use crate::store::{Booking, Database, DbError, Hold, HoldOutcome};
use torget_common::protocol::{FreeTimes, ResourceTimes};

/// How often each instance reads the calendars.
pub const READ_EVERY: Duration = Duration::from_secs(60);

/// What was last read of one resource's calendar.
#[derive(Debug, Clone)]
struct Read {
    busy: Vec<Busy>,
    at: Timestamp,
}

#[derive(Debug, thiserror::Error)]
pub enum HoldError {
    #[error("no such resource")]
    UnknownResource,
    #[error("the time is not one the resource offers")]
    NotOffered,
    #[error("another visit holds or has the time")]
    Taken,
    #[error("the request already has a booking")]
    AlreadyBooked,
    #[error("this kiosk holds as many times as it may: let one go first")]
    TooMany,
    #[error(transparent)]
    Store(#[from] DbError),
}

pub struct BookingService {
    bookings: Bookings,
    zone: TimeZone,
    client: reqwest::Client,
    passwords: BTreeMap<String, String>,
    reads: Mutex<BTreeMap<String, Read>>,
    /// Wakes the writer when a booking was confirmed or cancelled.
    written: tokio::sync::Notify,
}

impl std::fmt::Debug for BookingService {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("BookingService").field("resources", &self.bookings.resources.len()).finish()
    }
}

impl BookingService {
    /// The service for a checked bookings file; `hub_zone` when the file names no zone.
    pub fn new(bookings: Bookings, hub_zone: &str) -> Result<BookingService, String> {
        bookings.check()?;
        let zone_name = bookings.time_zone.clone().unwrap_or_else(|| hub_zone.to_string());
        let zone = TimeZone::get(&zone_name).map_err(|_| format!("`{zone_name}` is not a time zone"))?;
        let mut passwords = BTreeMap::new();
        for r in &bookings.resources {
            if let Some(file) = &r.password_file {
                let password = std::fs::read_to_string(file).map_err(|e| format!("{}: {e}", file.display()))?;
                passwords.insert(r.id.clone(), password.trim_end_matches(['\r', '\n']).to_string());
            }
        }
        // The process's TLS provider, if nothing chose one yet (calendars are often on HTTPS).
        let _ = rustls::crypto::ring::default_provider().install_default();
        let client = reqwest::Client::builder()
            .timeout(Duration::from_secs(20))
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|e| e.to_string())?;
        Ok(BookingService {
            bookings,
            zone,
            client,
            passwords,
            reads: Mutex::new(BTreeMap::new()),
            written: tokio::sync::Notify::new(),
        })
    }

    pub fn resources(&self) -> &[Resource] {
        &self.bookings.resources
    }

    pub fn zone(&self) -> &TimeZone {
        &self.zone
    }

    pub fn hold_minutes(&self) -> u32 {
        self.bookings.hold_minutes
    }

    fn resource(&self, id: &str) -> Option<&Resource> {
        self.bookings.resources.iter().find(|r| r.id == id)
    }

    fn request(&self, resource: &Resource, method: reqwest::Method, url: &str) -> reqwest::RequestBuilder {
        let request = self.client.request(method, url);
        match &resource.user {
            Some(user) => request.basic_auth(user, self.passwords.get(&resource.id)),
            None => request,
        }
    }

    /// Reads one resource's events of the days it offers; keeps what was read before on failure.
    pub async fn read(&self, resource: &Resource) -> Result<(), String> {
        let now = Timestamp::now();
        let from = now - jiff::SignedDuration::from_hours(24);
        let to = now + jiff::SignedDuration::from_hours(24 * (i64::from(resource.days_ahead) + 2));
        let answer = self
            .request(resource, reqwest::Method::from_bytes(b"REPORT").expect("a method"), &resource.calendar)
            .header("Depth", "1")
            .header("Content-Type", "application/xml; charset=utf-8")
            .body(calendar::query(from, to))
            .send()
            .await
            .map_err(|e| format!("{}: {e}", resource.calendar))?;
        let status = answer.status();
        if status.as_u16() != 207 {
            return Err(format!("{}: the calendar answered {status}", resource.calendar));
        }
        let body = answer.text().await.map_err(|e| format!("{}: {e}", resource.calendar))?;
        let mut busy = Vec::new();
        for text in calendar::calendar_data(&body)? {
            busy.extend(calendar::busy(&text, &self.zone, from, to));
        }
        self.reads.lock().unwrap_or_else(|p| p.into_inner()).insert(resource.id.clone(), Read { busy, at: now });
        Ok(())
    }

    /// Reads every calendar once; failures are logged and the earlier read kept.
    pub async fn read_all(&self) {
        for resource in &self.bookings.resources {
            if let Err(e) = self.read(resource).await {
                tracing::warn!(resource = %resource.id, error = %e, "cannot read the calendar");
            }
        }
    }

    /// Every resource's free times now: its calendar as last read, less held and booked times.
    pub async fn free_times(&self, db: &Database) -> Result<FreeTimes, DbError> {
        let now = Timestamp::now();
        let mut all = Vec::new();
        for resource in &self.bookings.resources {
            let read = self.reads.lock().unwrap_or_else(|p| p.into_inner()).get(&resource.id).cloned();
            let Some(read) = read else {
                all.push(ResourceTimes {
                    resource: resource.id.clone(),
                    minutes: resource.minutes,
                    read_at_ms: None,
                    times: Vec::new(),
                });
                continue;
            };
            let taken: Vec<Timestamp> = db
                .taken_times(&resource.id, now.as_millisecond())
                .await?
                .into_iter()
                .filter_map(|ms| Timestamp::from_millisecond(ms).ok())
                .collect();
            let times = calendar::free_times(resource, &self.zone, &read.busy, &taken, now)
                .into_iter()
                .map(|z| z.strftime("%Y-%m-%dT%H:%M:%S%:z").to_string())
                .collect();
            all.push(ResourceTimes {
                resource: resource.id.clone(),
                minutes: resource.minutes,
                read_at_ms: Some(read.at.as_millisecond()),
                times,
            });
        }
        Ok(FreeTimes { hold_minutes: self.bookings.hold_minutes, resources: all })
    }

    /// Holds `start` (RFC 3339) of `resource` for request `id` from `kiosk`; the hold's end (ms).
    pub async fn hold(
        &self,
        db: &Database,
        kiosk: &str,
        id: &str,
        resource: &str,
        start: &str,
    ) -> Result<i64, HoldError> {
        let r = self.resource(resource).ok_or(HoldError::UnknownResource)?;
        let start: Timestamp = start.parse().map_err(|_| HoldError::NotOffered)?;
        let now = Timestamp::now();
        // Only a time the calendar, as last read, leaves free (holds and bookings aside).
        let read = self.reads.lock().unwrap_or_else(|p| p.into_inner()).get(&r.id).cloned();
        let offered = read.is_some_and(|read| {
            calendar::free_times(r, &self.zone, &read.busy, &[], now).iter().any(|z| z.timestamp() == start)
        });
        if !offered {
            return Err(HoldError::NotOffered);
        }
        let length = jiff::SignedDuration::from_mins(i64::from(r.minutes));
        let until = now + jiff::SignedDuration::from_mins(i64::from(self.bookings.hold_minutes));
        let hold = Hold {
            id: id.to_string(),
            resource: r.id.clone(),
            start_ms: start.as_millisecond(),
            end_ms: (start + length).as_millisecond(),
            kiosk: kiosk.to_string(),
            now_ms: now.as_millisecond(),
            until_ms: until.as_millisecond(),
        };
        match db.hold_time(hold).await? {
            HoldOutcome::Held => Ok(until.as_millisecond()),
            HoldOutcome::Taken => Err(HoldError::Taken),
            HoldOutcome::AlreadyBooked => Err(HoldError::AlreadyBooked),
            HoldOutcome::TooMany => Err(HoldError::TooMany),
        }
    }

    /// Tells the writer that a booking needs writing.
    pub fn booked(&self) {
        self.written.notify_one();
    }

    /// Brings the calendars up to date with every booking confirmed or cancelled since: a booked
    /// time becomes an event (`PUT`, the request's id as its name), a cancelled one is deleted.
    /// Returns how many are still to be written.
    pub async fn write(&self, db: &Database) -> Result<usize, DbError> {
        let mut left = 0;
        for booking in db.bookings_to_write().await? {
            match self.write_one(&booking).await {
                Ok(()) => db.booking_written(&booking.id).await?,
                Err(e) => {
                    left += 1;
                    tracing::warn!(booking = %booking.id, error = %e, "cannot write the booking to the calendar");
                }
            }
        }
        Ok(left)
    }

    async fn write_one(&self, booking: &Booking) -> Result<(), String> {
        let Some(resource) = self.resource(&booking.resource) else {
            return Err(format!("the resource `{}` is no longer in the bookings file", booking.resource));
        };
        let url = format!("{}/{}.ics", resource.calendar.trim_end_matches('/'), booking.id);
        let answer = if booking.state == "cancelled" {
            self.request(resource, reqwest::Method::DELETE, &url).send().await
        } else {
            let start = Timestamp::from_millisecond(booking.start_ms).map_err(|e| e.to_string())?;
            let end = Timestamp::from_millisecond(booking.end_ms).map_err(|e| e.to_string())?;
            let reference = uuid::Uuid::parse_str(&booking.id)
                .map(torget_common::reference::from_id)
                .unwrap_or_else(|_| booking.id.clone());
            let summary = format!("{reference} {}", booking.service.as_deref().unwrap_or_default());
            let event = calendar::booking_event(&booking.id, start, end, summary.trim(), Timestamp::now());
            self.request(resource, reqwest::Method::PUT, &url)
                .header("Content-Type", "text/calendar; charset=utf-8")
                .body(event)
                .send()
                .await
        }
        .map_err(|e| format!("{url}: {e}"))?;
        let status = answer.status();
        // A cancelled booking already gone from the calendar is as good as deleted.
        if status.is_success() || (booking.state == "cancelled" && status.as_u16() == 404) {
            Ok(())
        } else {
            Err(format!("{url}: the calendar answered {status}"))
        }
    }

    /// Runs until the process ends: reads the calendars every [`READ_EVERY`] and writes bookings
    /// as soon as they are confirmed or cancelled (and again every 30 s while some could not be).
    pub fn spawn(self: std::sync::Arc<Self>, db: Database) {
        let reader = self.clone();
        tokio::spawn(async move {
            loop {
                reader.read_all().await;
                tokio::time::sleep(READ_EVERY).await;
            }
        });
        tokio::spawn(async move {
            loop {
                let left = match self.write(&db).await {
                    Ok(left) => left,
                    Err(e) => {
                        tracing::error!(error = %e, "cannot read the bookings to write");
                        1
                    }
                };
                let wait = if left > 0 { Duration::from_secs(30) } else { READ_EVERY };
                tokio::select! {
                    _ = self.written.notified() => {}
                    _ = tokio::time::sleep(wait) => {}
                }
            }
        });
    }
}
