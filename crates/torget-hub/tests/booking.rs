//! Booking a real time, end to end on the hub's side: a real CalDAV server (Radicale, started by
//! the test on loopback in a temp folder) with an adviser's calendar, the real `torget-hub serve`
//! process reading it (SQLite and PostgreSQL), and kiosks speaking the API as the kiosk does. The
//! free times leave out what the calendar has; two kiosks racing for one time get it once; the
//! time is gone from another kiosk's list; the sealed request that arrives books it, and the
//! calendar gets an event with the reference code and the service and nothing of the visitor.

mod hub;

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::process::Command;
use std::sync::{Arc, Barrier};
use std::time::Duration;

use base64::Engine;
use jiff::civil::DateTime;
use jiff::tz::TimeZone;
use torget_hub::store::{Database, Hold, HoldOutcome, Location};
use torget_testing::radicale::{self, Radicale};
use torget_testing::{HubProcess, pg, wait_for};

const ZONE: &str = "Europe/Stockholm";

fn hub_command(database: &str) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_torget-hub"));
    command.env("TORGET_HUB_DATABASE", database).env("TORGET_LOG", "warn");
    command
}

/// A kiosk credential from `torget-hub kiosk add`, as IT makes one.
fn add_kiosk(database: &str, name: &str) -> String {
    let out = hub_command(database).args(["kiosk", "add", name]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap().trim().to_string()
}

fn send(addr: SocketAddr, method: &str, path: &str, token: &str, body: &str) -> (u16, String) {
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
    write!(
        s,
        "{method} {path} HTTP/1.1\r\nHost: hub\r\nAuthorization: Bearer {token}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .unwrap();
    let mut answer = String::new();
    s.read_to_string(&mut answer).unwrap();
    let status = answer[9..12].parse().unwrap();
    (status, answer.split_once("\r\n\r\n").map(|(_, b)| b.to_string()).unwrap_or_default())
}

/// The times `/v1/times` offers of the adviser, once the calendar has been read.
fn free(addr: SocketAddr, token: &str) -> Vec<String> {
    let (status, body) = send(addr, "GET", "/v1/times", token, "");
    assert_eq!(status, 200, "{body}");
    let answer: serde_json::Value = serde_json::from_str(&body).unwrap();
    let resource = &answer["resources"][0];
    assert_eq!(resource["resource"], "budget-advice", "{answer}");
    assert!(resource["read_at_ms"].is_i64(), "the calendar was read: {answer}");
    resource["times"].as_array().unwrap().iter().map(|t| t.as_str().unwrap().to_string()).collect()
}

fn hold(addr: SocketAddr, token: &str, id: &str, start: &str) -> (u16, String) {
    let body = serde_json::json!({ "id": id, "resource": "budget-advice", "start": start }).to_string();
    send(addr, "POST", "/v1/holds", token, &body)
}

/// Tomorrow at `hh:mm` in the hub's zone, as the hub writes times; "tomorrow" as it was at the
/// first call, so that a test running over midnight speaks of one day.
fn tomorrow_at(hour: i8, minute: i8) -> jiff::ZonedDateTime {
    static DAY: std::sync::OnceLock<jiff::civil::Date> = std::sync::OnceLock::new();
    let zone = TimeZone::get(ZONE).unwrap();
    let day = *DAY.get_or_init(|| jiff::Timestamp::now().to_zoned_datetime(zone.clone()).date().tomorrow().unwrap());
    day.to_datetime(jiff::civil::Time::new(hour, minute, 0, 0).unwrap()).to_zoned_datetime(zone).unwrap()
}

fn rfc3339(z: &jiff::ZonedDateTime) -> String {
    z.strftime("%Y-%m-%dT%H:%M:%S%:z").to_string()
}

/// The adviser's own meeting tomorrow 10:00–11:00 local, written by their calendar program.
fn advisers_meeting() -> String {
    let start = tomorrow_at(10, 0).datetime();
    let end = tomorrow_at(11, 0).datetime();
    let stamp = |d: DateTime| d.strftime("%Y%m%dT%H%M%S").to_string();
    format!(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Kommunen//Kalender//SV\r\nBEGIN:VEVENT\r\nUID:eget-mote\r\n\
         DTSTAMP:20261201T080000Z\r\nDTSTART;TZID={ZONE}:{}\r\nDTEND;TZID={ZONE}:{}\r\nSUMMARY:Teammöte\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
        stamp(start),
        stamp(end)
    )
}

fn a_time_from_the_calendar_is_held_once_booked_and_written_without_the_visitor(database: &str) {
    let dir = tempfile::tempdir().unwrap();
    let radicale = Radicale::start();
    radicale.make_calendar("budget");
    radicale.put_event("budget", "eget-mote", &advisers_meeting());
    let a = add_kiosk(database, "bibliotek-1");
    let b = add_kiosk(database, "stadshuset-1");
    let file = radicale.bookings_file(dir.path(), "budget", ZONE);
    let hub = HubProcess::start(
        hub_command(database),
        torget_testing::free_address(),
        &["--bookings", file.to_str().unwrap(), "--time-zone", ZONE],
    );

    // The calendar is read at start; the adviser's meeting is not offered, the hour after it is.
    let times = wait_for("the calendar read", Duration::from_secs(20), || {
        let (_, body) = send(hub.addr, "GET", "/v1/times", &a, "");
        body.contains("read_at_ms\":1").then(|| free(hub.addr, &a))
    });
    for busy in [tomorrow_at(10, 0), tomorrow_at(10, 30)] {
        assert!(!times.contains(&rfc3339(&busy)), "{} is the adviser's meeting: {times:?}", rfc3339(&busy));
    }
    for open in [tomorrow_at(9, 30), tomorrow_at(11, 0), tomorrow_at(13, 0)] {
        assert!(times.contains(&rfc3339(&open)), "{} is free: {times:?}", rfc3339(&open));
    }
    assert!(!times.contains(&rfc3339(&tomorrow_at(12, 0))), "lunch is not opening hours");
    let (status, body) = hold(hub.addr, &a, &uuid::Uuid::now_v7().to_string(), &rfc3339(&tomorrow_at(10, 30)));
    assert_eq!(status, 409, "a time the calendar has is not held: {body}");
    let (status, _) = send(
        hub.addr,
        "POST",
        "/v1/holds",
        &a,
        &serde_json::json!({ "id": uuid::Uuid::now_v7(), "resource": "nobody", "start": rfc3339(&tomorrow_at(9, 0)) })
            .to_string(),
    );
    assert_eq!(status, 400, "no such resource");

    // Two kiosks choose the same time at the same moment, five times over: exactly one gets it.
    let mut won_by_a = None;
    for round in 0..5 {
        let start = rfc3339(&tomorrow_at(13, 0).checked_add(jiff::Span::new().minutes(30 * round as i64)).unwrap());
        let barrier = Arc::new(Barrier::new(2));
        let racers: Vec<_> = [a.clone(), b.clone()]
            .into_iter()
            .map(|token| {
                let (barrier, start, addr) = (barrier.clone(), start.clone(), hub.addr);
                std::thread::spawn(move || {
                    let id = uuid::Uuid::now_v7().to_string();
                    barrier.wait();
                    let (status, body) = hold(addr, &token, &id, &start);
                    (status, body, id, token)
                })
            })
            .collect();
        let results: Vec<_> = racers.into_iter().map(|r| r.join().unwrap()).collect();
        let statuses: Vec<u16> = results.iter().map(|r| r.0).collect();
        assert!(statuses == [200, 409] || statuses == [409, 200], "round {round}: {results:?}");
        let loser = results.iter().find(|r| r.0 == 409).unwrap();
        assert!(loser.1.contains("another visit holds"), "the loser is told: {}", loser.1);
        let winner = results.iter().find(|r| r.0 == 200).unwrap();
        if round == 0 {
            won_by_a = Some((winner.2.clone(), winner.3.clone(), start.clone()));
        } else {
            // That visit ends without sending: the kiosk holds one time at a time, as kiosks do.
            assert_eq!(send(hub.addr, "DELETE", &format!("/v1/holds/{}", winner.2), &winner.3, "").0, 204);
        }
    }
    let (id, winner, start) = won_by_a.unwrap();
    let other = if winner == a { b.clone() } else { a.clone() };
    assert!(!free(hub.addr, &other).contains(&start), "a held time is gone from the other kiosk's list");
    // A visit that holds a time and tries one another visit holds keeps its own.
    let visit = uuid::Uuid::now_v7().to_string();
    let own = rfc3339(&tomorrow_at(15, 30));
    assert_eq!(hold(hub.addr, &other, &visit, &own).0, 200);
    assert_eq!(hold(hub.addr, &other, &visit, &start).0, 409);
    assert!(!free(hub.addr, &winner).contains(&own), "the time it had is still held");
    assert_eq!(send(hub.addr, "DELETE", &format!("/v1/holds/{visit}"), &other, "").0, 204);
    assert!(free(hub.addr, &winner).contains(&own), "let go when that visit ends");

    // The visitor sends the request: the time is booked and written into the adviser's calendar.
    let sealed = base64::engine::general_purpose::STANDARD.encode([7u8; 120]);
    let batch = serde_json::json!({ "items": [{ "id": id, "service_id": "book-meeting", "created_at_ms": 1, "sealed": sealed }] });
    let (status, body) = send(hub.addr, "POST", "/v1/submissions", &winner, &batch.to_string());
    assert_eq!(status, 200, "{body}");
    let path = format!("/{}/budget/{id}.ics", radicale::USER);
    let event = wait_for("the booking in the calendar", Duration::from_secs(20), || {
        let (status, body) = radicale.request("GET", &path, &[], "");
        (status == 200).then_some(body)
    });
    let reference = torget_common::reference::from_id(uuid::Uuid::parse_str(&id).unwrap());
    assert!(event.contains(&format!("SUMMARY:{reference} book-meeting")), "{event}");
    let utc = start.parse::<jiff::Timestamp>().unwrap().strftime("%Y%m%dT%H%M%SZ").to_string();
    assert!(event.contains(&format!("DTSTART:{utc}")), "{event}");
    // Nothing but the time, the reference and the service: no name, no answer, no kiosk.
    for line in event.lines().map(str::trim).filter(|l| !l.is_empty()) {
        let name = line.split([':', ';']).next().unwrap();
        assert!(
            ["BEGIN", "END", "VERSION", "PRODID", "UID", "DTSTAMP", "DTSTART", "DTEND", "SUMMARY", "TRANSP"]
                .contains(&name),
            "{line} in {event}"
        );
    }
    assert!(!event.contains("bibliotek") && !event.contains("stadshuset"));
    assert!(!free(hub.addr, &other).contains(&start), "a booked time stays gone after the hold's minutes");
    // The same request sent again books nothing twice.
    let (status, _) = send(hub.addr, "POST", "/v1/submissions", &winner, &batch.to_string());
    assert_eq!(status, 200);
    assert_eq!(radicale.events("budget").iter().filter(|(name, _)| name.contains(&id)).count(), 1);

    // A visit that ends without sending lets its time go at once.
    let released = rfc3339(&tomorrow_at(9, 0));
    let visit = uuid::Uuid::now_v7().to_string();
    assert_eq!(hold(hub.addr, &other, &visit, &released).0, 200);
    assert!(!free(hub.addr, &winner).contains(&released));
    assert_eq!(send(hub.addr, "DELETE", &format!("/v1/holds/{visit}"), &other, "").0, 204);
    assert!(free(hub.addr, &winner).contains(&released), "released: offered again");
    // Choosing another time lets the first go: one visit holds one time.
    let first = rfc3339(&tomorrow_at(9, 30));
    assert_eq!(hold(hub.addr, &other, &visit, &first).0, 200);
    assert_eq!(hold(hub.addr, &other, &visit, &released).0, 200);
    let now_free = free(hub.addr, &winner);
    assert!(now_free.contains(&first) && !now_free.contains(&released), "{now_free:?}");
    // A kiosk holds at most three times at once: a credential cannot keep every time from the rest.
    let more: Vec<String> = (0..3).map(|_| uuid::Uuid::now_v7().to_string()).collect();
    assert_eq!(hold(hub.addr, &other, &more[0], &rfc3339(&tomorrow_at(11, 0))).0, 200);
    assert_eq!(hold(hub.addr, &other, &more[1], &rfc3339(&tomorrow_at(11, 30))).0, 200);
    let (status, body) = hold(hub.addr, &other, &more[2], &rfc3339(&tomorrow_at(9, 30)));
    assert_eq!(status, 409, "{body}");
    assert!(body.contains("holds as many times as it may"), "{body}");
    assert!(free(hub.addr, &winner).contains(&rfc3339(&tomorrow_at(9, 30))), "and nothing was held");
    assert_eq!(send(hub.addr, "DELETE", &format!("/v1/holds/{}", more[0]), &other, "").0, 204);
    assert_eq!(hold(hub.addr, &other, &more[2], &rfc3339(&tomorrow_at(9, 30))).0, 200);
}

#[test]
fn a_time_from_the_calendar_is_held_once_booked_and_written_without_the_visitor_on_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    let database = format!("sqlite:{}", dir.path().join("hub.db").display());
    a_time_from_the_calendar_is_held_once_booked_and_written_without_the_visitor(&database);
}

#[test]
fn a_time_from_the_calendar_is_held_once_booked_and_written_without_the_visitor_on_postgresql() {
    let cluster = pg::PgCluster::start();
    let database = cluster.new_database("booking");
    a_time_from_the_calendar_is_held_once_booked_and_written_without_the_visitor(&database);
}

/// A zone where it is midday now (a fixed offset), so that the test has times left today at any
/// hour it runs.
fn midday_zone() -> String {
    let hour = i32::from(jiff::Timestamp::now().to_zoned_datetime(TimeZone::UTC).hour());
    let offset = (12 - hour).clamp(-12, 14);
    // IANA's Etc zones count the other way round: Etc/GMT-3 is three hours ahead of UTC.
    if offset == 0 { "Etc/UTC".to_string() } else { format!("Etc/GMT{:+}", -offset) }
}

/// The desk sees today's bookings under the kiosk's place and cancels one in a real browser: the
/// cancellation is audited, the event leaves the adviser's calendar and the time is offered again.
#[test]
fn the_desk_lists_todays_bookings_by_place_and_a_cancelled_one_leaves_the_calendar() {
    let dir = tempfile::tempdir().unwrap();
    let zone = midday_zone();
    let radicale = Radicale::start();
    radicale.make_calendar("budget");
    let file = radicale.bookings_file(dir.path(), "budget", &zone);
    let hub = hub::Hub::start_with_accounts(
        dir.path(),
        &[("disk", "desk", "disken vid entrén 7")],
        &["--bookings", file.to_str().unwrap(), "--time-zone", ZONE],
    );
    assert!(
        torget_hub::store::HubStore::open(&hub.db)
            .unwrap()
            .set_place("library-1", "Biblioteket, plan 2", "test")
            .unwrap()
    );
    assert_eq!(send(hub.addr, "POST", "/v1/heartbeat", &hub.token, r#"{"version":"1","queue_depth":0}"#).0, 200);
    let today = jiff::Timestamp::now().to_zoned_datetime(TimeZone::get(&zone).unwrap()).date();
    let today_times: Vec<String> = wait_for("the calendar read", Duration::from_secs(20), || {
        let (_, body) = send(hub.addr, "GET", "/v1/times", &hub.token, "");
        body.contains("read_at_ms\":1").then(|| free(hub.addr, &hub.token))
    })
    .into_iter()
    .filter(|t| t.starts_with(&today.to_string()))
    .collect();
    // The last of the day: hours away, so that the notice never passes it while the test runs.
    let start = today_times.last().cloned().expect("a time left today at midday");
    let id = uuid::Uuid::now_v7().to_string();
    assert_eq!(hold(hub.addr, &hub.token, &id, &start).0, 200);
    let sealed = base64::engine::general_purpose::STANDARD.encode([7u8; 120]);
    let batch = serde_json::json!({ "items": [{ "id": id, "service_id": "book-meeting", "created_at_ms": 1, "sealed": sealed }] });
    assert_eq!(send(hub.addr, "POST", "/v1/submissions", &hub.token, &batch.to_string()).0, 200);
    let event = format!("/{}/budget/{id}.ics", radicale::USER);
    wait_for("the booking in the calendar", Duration::from_secs(20), || {
        (radicale.request("GET", &event, &[], "").0 == 200).then_some(())
    });
    // Another time of the day was held by a kiosk that then lost the hub for longer than the hold;
    // a visit at another kiosk took it, and then the first kiosk's request arrived.
    let lost_start = today_times.get(today_times.len().saturating_sub(2)).cloned().unwrap();
    let lost_ms = lost_start.parse::<jiff::Timestamp>().unwrap().as_millisecond();
    let (lost, taker) = (uuid::Uuid::now_v7().to_string(), uuid::Uuid::now_v7().to_string());
    let now = jiff::Timestamp::now().as_millisecond();
    let mut store = torget_hub::store::HubStore::open(&hub.db).unwrap();
    for (visit, kiosk, now_ms) in [(&lost, "library-1", now - 20 * 60_000), (&taker, "town-hall-1", now)] {
        let hold = Hold {
            id: visit.clone(),
            resource: "budget-advice".into(),
            start_ms: lost_ms,
            end_ms: lost_ms + 30 * 60_000,
            kiosk: kiosk.into(),
            now_ms,
            until_ms: now_ms + 10 * 60_000,
        };
        assert_eq!(store.hold_time(&hold).unwrap(), HoldOutcome::Held);
    }
    let late = serde_json::json!({ "items": [{ "id": lost, "service_id": "book-meeting", "created_at_ms": 2, "sealed": sealed }] });
    assert_eq!(send(hub.addr, "POST", "/v1/submissions", &hub.token, &late.to_string()).0, 200);

    let browser = torget_testing::chromium::Chromium::start();
    browser.go(&format!("http://{}/sign-in?lang=sv", hub.addr));
    browser.type_into("#name", "disk");
    browser.type_into("#password", "disken vid entrén 7");
    browser.click("button[type=submit]");
    browser.wait_until("the desk page", "return location.pathname === '/kiosks'");
    let reference = torget_common::reference::from_id(uuid::Uuid::parse_str(&id).unwrap());
    let row_of = |reference: &str| {
        format!(
            "const s = document.getElementById('bookings'); const r = s && [...s.querySelectorAll('tbody tr')].find((r) => r.innerText.includes('{reference}')); return r ? [s.querySelector('h3').textContent, r.innerText] : null"
        )
    };
    let listed = browser.script(&row_of(&reference));
    assert_eq!(listed[0], "Biblioteket, plan 2", "{listed}");
    let row = listed[1].as_str().unwrap();
    let clock = &start[11..16];
    assert!(row.contains(clock) && row.contains(&reference) && row.contains("library-1"), "{row}");
    // The lost one is there too, so the desk knows why a visitor may come with that time.
    let lost_reference = torget_common::reference::from_id(uuid::Uuid::parse_str(&lost).unwrap());
    let listed = browser.script(&row_of(&lost_reference));
    let row = listed[1].as_str().unwrap();
    assert!(row.contains(&lost_start[11..16]) && row.contains("gick till ett annat besök"), "{row}");
    assert!(browser.accessibility_problems().is_empty(), "{:?}", browser.accessibility_problems());
    browser.screenshot("desk-bookings-today-sv");
    browser.click("#bookings form[action='/kiosks/bookings/cancel'] button");
    browser.wait_until(
        "the booking shown cancelled",
        &format!(
            "return [...document.querySelectorAll('#bookings tbody tr')].some((r) => r.innerText.includes('{reference}') && r.innerText.includes('Avbokad av disk'))"
        ),
    );
    // The page brought itself up to date without mixing its tables: each row where it belongs.
    let booking_rows = browser.script(
        "return [...document.querySelectorAll('#bookings tbody tr')].map((r) => [r.dataset.booking, r.querySelector('th').textContent])",
    );
    let booking_rows = booking_rows.as_array().unwrap();
    assert_eq!(booking_rows.len(), 2, "{booking_rows:?}");
    assert!(booking_rows.iter().all(|r| r[1].as_str().unwrap().contains(':')), "{booking_rows:?}");
    assert_eq!(
        browser.script("return [...document.querySelectorAll('table.kiosks tbody tr')].map((r) => r.dataset.kiosk)"),
        serde_json::json!(["library-1"])
    );
    wait_for("the event gone from the calendar", Duration::from_secs(20), || {
        (radicale.request("GET", &event, &[], "").0 == 404).then_some(())
    });
    assert!(free(hub.addr, &hub.token).contains(&start), "the cancelled time is offered again");
    let audit = torget_hub::store::HubStore::open(&hub.db).unwrap().audit_log(20).unwrap();
    assert!(audit.iter().any(|e| e.actor == "disk" && e.action == "booking cancelled" && e.subject == id), "{audit:?}");
}

/// A kiosk without the hub holds a time, and its visitor's request waits on the kiosk until the
/// hold has run out; meanwhile another visit takes the time. The request still arrives: it books
/// nothing, the other visit keeps the time, and the loss is kept for the case handler and the desk
/// (the visitor's receipt shows a time they do not have). A resend says nothing twice, and a visit
/// that lost its time while still choosing simply holds another.
fn a_request_whose_time_went_to_another_visit_is_told_lost(location: Location) {
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let db = rt.block_on(Database::open(&location)).unwrap();
    let start_ms = tomorrow_at(10, 0).timestamp().as_millisecond();
    let now = jiff::Timestamp::now().as_millisecond();
    let hold = |id: &str, kiosk: &str, start_ms: i64, now_ms: i64, minutes: i64| Hold {
        id: id.to_string(),
        resource: "budget-advice".into(),
        start_ms,
        end_ms: start_ms + 30 * 60_000,
        kiosk: kiosk.into(),
        now_ms,
        until_ms: now_ms + minutes * 60_000,
    };
    let (offline, taker) = (uuid::Uuid::now_v7().to_string(), uuid::Uuid::now_v7().to_string());
    assert_eq!(rt.block_on(db.hold_time(hold(&offline, "bibliotek-1", start_ms, now, 10))).unwrap(), HoldOutcome::Held);
    let later = now + 11 * 60_000;
    assert_eq!(
        rt.block_on(db.hold_time(hold(&taker, "stadshuset-1", start_ms, later, 10))).unwrap(),
        HoldOutcome::Held
    );

    // The offline kiosk's request arrives: the time is not booked for it, and the loss is noted.
    let arrived = rt.block_on(db.confirm_booking(&offline, "book-meeting")).unwrap().expect("its hold is known");
    assert_eq!((arrived.state.as_str(), arrived.start_ms), ("lost", start_ms));
    assert!(rt.block_on(db.confirm_booking(&offline, "book-meeting")).unwrap().is_none(), "a resend says nothing new");
    let lost: Vec<String> = rt.block_on(db.bookings_lost()).unwrap().into_iter().map(|b| b.id).collect();
    assert_eq!(lost, std::slice::from_ref(&offline));
    let booked = rt.block_on(db.confirm_booking(&taker, "book-meeting")).unwrap().expect("held");
    assert_eq!(booked.state, "booked", "the visit that took the time has it");
    let day: Vec<(String, String)> = rt
        .block_on(db.bookings_between(start_ms, start_ms + 1))
        .unwrap()
        .into_iter()
        .map(|b| (b.id, b.state))
        .collect();
    assert!(day.contains(&(offline.clone(), "lost".into())) && day.contains(&(taker, "booked".into())), "{day:?}");
    assert!(
        rt.block_on(db.taken_times("budget-advice", start_ms)).unwrap().contains(&start_ms),
        "the time stays taken by the booking"
    );

    // A visit still choosing when its hold ran out and the time was taken holds another time; a
    // request that never arrives is never reported.
    let (slow, quick) = (uuid::Uuid::now_v7().to_string(), uuid::Uuid::now_v7().to_string());
    let other_ms = start_ms + 60 * 60_000;
    assert_eq!(rt.block_on(db.hold_time(hold(&slow, "bibliotek-1", other_ms, now, 1))).unwrap(), HoldOutcome::Held);
    assert_eq!(
        rt.block_on(db.hold_time(hold(&quick, "stadshuset-1", other_ms, later, 10))).unwrap(),
        HoldOutcome::Held
    );
    assert_eq!(
        rt.block_on(db.hold_time(hold(&slow, "bibliotek-1", other_ms, later, 10))).unwrap(),
        HoldOutcome::Taken,
        "its own time went to the other visit"
    );
    let third_ms = other_ms + 30 * 60_000;
    assert_eq!(rt.block_on(db.hold_time(hold(&slow, "bibliotek-1", third_ms, later, 10))).unwrap(), HoldOutcome::Held);
    let lost: Vec<String> = rt.block_on(db.bookings_lost()).unwrap().into_iter().map(|b| b.id).collect();
    assert_eq!(lost, [offline], "only a request that arrived is reported");
    let booked = rt.block_on(db.confirm_booking(&slow, "book-meeting")).unwrap().expect("held");
    assert_eq!((booked.state.as_str(), booked.start_ms), ("booked", third_ms));
}

#[test]
fn a_request_whose_time_went_to_another_visit_is_told_lost_on_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    a_request_whose_time_went_to_another_visit_is_told_lost(Location::Sqlite(dir.path().join("hub.db")));
}

#[test]
fn a_request_whose_time_went_to_another_visit_is_told_lost_on_postgresql() {
    let cluster = pg::PgCluster::start();
    a_request_whose_time_went_to_another_visit_is_told_lost(cluster.new_database("lost").parse().unwrap());
}
