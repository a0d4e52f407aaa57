//! What goes on paper: the receipt of a sent request and the sheet of an information page, built
//! from the content's public texts in the visitor's language. A receipt carries the service, the
//! reference code, the time booked with it, when it was sent, what happens next and whom to ask —
//! never anything the visitor wrote, so a slip left on the kiosk exposes nobody.

use crate::appointment;
use crate::content::{CALL_TO_AGREE, Catalog, Direction, text_id};
use crate::i18n::I18n;
use crate::print::{Block, Sheet, Style};
use crate::session::{Screen, Session};

/// The time of day in the kiosk's own time zone (the system's), as people there read clocks.
pub fn local_time(utc: time::OffsetDateTime) -> time::OffsetDateTime {
    use chrono::{Offset, TimeZone};
    let seconds =
        chrono::Local.timestamp_opt(utc.unix_timestamp(), 0).single().map_or(0, |t| t.offset().fix().local_minus_utc());
    time::UtcOffset::from_whole_seconds(seconds).map_or(utc, |o| utc.to_offset(o))
}

/// "30 November 2026, 09:15" in `lang`, local time.
pub fn date_and_time(i18n: &I18n, lang: &str, utc: time::OffsetDateTime) -> String {
    let t = local_time(utc);
    format!("{} {:02}:{:02}", i18n.date(lang, t.date()), t.hour(), t.minute())
}

/// The sheet for the page on screen, when it has one: the receipt (after the request was saved)
/// or an information page.
pub fn sheet(
    catalog: &Catalog,
    i18n: &I18n,
    session: &Session,
    saved_at: Option<time::OffsetDateTime>,
) -> Option<Sheet> {
    let lang = session.lang();
    let t = |key: &str| i18n.text(lang, key);
    let block = |style, text: String| Block { style, text };
    let rtl = catalog.language(lang).is_some_and(|l| l.direction == Direction::Rtl);
    let header = block(Style::Header, t("paper-municipality"));
    match session.screen() {
        Screen::Receipt => {
            let service = session.service()?;
            let reference = session.reference()?;
            let title = t(&text_id(&[&service.id, "title"]));
            let when = date_and_time(i18n, lang, saved_at.unwrap_or_else(time::OffsetDateTime::now_utc));
            let mut blocks = vec![
                header,
                block(Style::Title, title),
                block(Style::Body, t("receipt-title")),
                block(Style::Small, t("receipt-reference")),
                block(Style::Code, reference.to_string()),
            ];
            // The booked time, large: what the visitor came for.
            match session.appointment() {
                Some(CALL_TO_AGREE) => blocks.push(block(Style::Body, t("appointment-call"))),
                Some(start) => {
                    let words = appointment::words(i18n, lang, start);
                    blocks
                        .push(block(Style::Title, i18n.format(lang, "receipt-appointment", &[("time", words.into())])))
                }
                None => {}
            }
            blocks.extend([
                block(Style::Body, i18n.format(lang, "paper-sent", &[("time", when.into())])),
                block(Style::Title, t("receipt-next-title")),
                block(Style::Body, t(&text_id(&[&service.id, "next"]))),
                block(Style::Body, t("paper-contact")),
            ]);
            Some(Sheet { title: format!("{} {reference}", t("paper-receipt")), lang: lang.to_string(), rtl, blocks })
        }
        Screen::Info(id) => {
            let page = catalog.info_page(id)?;
            let title = t(&text_id(&[&page.id, "title"]));
            let now = date_and_time(i18n, lang, time::OffsetDateTime::now_utc());
            let mut blocks = vec![header, block(Style::Title, title.clone())];
            blocks.extend(page.paragraphs.iter().map(|p| block(Style::Body, t(&text_id(&[&page.id, p])))));
            blocks.push(block(Style::Small, i18n.format(lang, "paper-printed", &[("time", now.into())])));
            Some(Sheet { title, lang: lang.to_string(), rtl, blocks })
        }
        _ => None,
    }
}
