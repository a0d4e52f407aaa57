//! How the kiosks are used, for editors, reviewers and administrators ([`statistics`]), and the
//! same figures as open data without sign-in (`/open-data`, `.csv`, `.json`). Every table is
//! suppressed ([`crate::statistics`]) before anything of it is shown or exported; charts are drawn
//! here as SVG with the numbers beside them in a table.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};

use super::layout::{Choice, Chrome, Tr, html};
use super::signed_in::SignedIn;
use super::studio::Readers;
use super::{Web, remember_language};
use crate::statistics::{Figures, Named, Shown};

/// Days shown when the form names no period: the last thirty, today included.
const DEFAULT_DAYS: i64 = 30;
/// The longest period one page or export covers.
const MAX_DAYS: i64 = 731;

#[derive(serde::Deserialize, Default)]
pub(super) struct Find {
    lang: Option<String>,
    #[serde(default)]
    from: String,
    #[serde(default)]
    to: String,
    #[serde(default)]
    place: String,
}

/// The period a form asks for, in whole days: the last thirty by default, never longer than two
/// years, never reversed.
fn period(find: &Find) -> (time::Date, time::Date) {
    let format = time::macros::format_description!("[year]-[month]-[day]");
    let today = time::OffsetDateTime::now_utc().date();
    let to = time::Date::parse(find.to.trim(), format).unwrap_or(today);
    let from = time::Date::parse(find.from.trim(), format).unwrap_or(to - time::Duration::days(DEFAULT_DAYS - 1));
    let from = from.min(to).max(to - time::Duration::days(MAX_DAYS - 1));
    (from, to)
}

/// The figures of a period and the places they come from, or the answer to give when the store
/// cannot be read.
async fn tables(
    web: &Web,
    from: time::Date,
    to: time::Date,
    place: Option<&str>,
) -> Result<(Vec<Named>, Vec<String>), Response> {
    let read = async {
        let totals = web.db.usage_totals(from, to).await?;
        let sent = web.db.usage_daily(from, to, "sent").await?;
        Ok::<_, crate::store::DbError>((totals, sent))
    };
    match read.await {
        Ok((totals, sent_daily)) => {
            let threshold = web.settings.statistics_threshold;
            let mut places: Vec<String> = totals.iter().map(|t| t.place.clone()).filter(|p| !p.is_empty()).collect();
            places.sort();
            places.dedup();
            Ok((Figures { totals: &totals, sent_daily: &sent_daily }.tables(place, threshold), places))
        }
        Err(e) => {
            tracing::error!(error = %e, "cannot read the usage figures");
            Err(StatusCode::SERVICE_UNAVAILABLE.into_response())
        }
    }
}

struct Section {
    id: String,
    heading: String,
    caption: String,
    chart: Option<Chart>,
    row_heading: String,
    columns: Vec<String>,
    rows: Vec<Row>,
    totals: Option<Row>,
}

struct Row {
    label: String,
    /// The row names a language: its label is in that language's own direction.
    cells: Vec<String>,
}

/// A bar chart: one bar per figure, its label left of it, its number at its end.
struct Chart {
    height: u32,
    bars: Vec<Bar>,
}

struct Bar {
    y: u32,
    text_y: u32,
    width: u32,
    label: String,
    value: String,
    value_x: u32,
}

const BAR_LEFT: u32 = 210;
const BAR_SPAN: u32 = 340;
const BAR_STEP: u32 = 28;

fn chart(bars: &[(String, Shown)]) -> Option<Chart> {
    let most = bars.iter().filter_map(|(_, v)| *v).max().unwrap_or(0);
    if bars.is_empty() || most == 0 {
        return None;
    }
    let height = BAR_STEP * bars.len() as u32;
    let bars = bars
        .iter()
        .enumerate()
        .map(|(i, (label, value))| {
            let width = value.map_or(0, |v| (v * u64::from(BAR_SPAN) / most) as u32);
            let y = i as u32 * BAR_STEP;
            Bar {
                y: y + 4,
                text_y: y + 19,
                width,
                label: label.clone(),
                value: shown(*value),
                value_x: BAR_LEFT + width + 6,
            }
        })
        .collect();
    Some(Chart { height, bars })
}

fn shown(value: Shown) -> String {
    value.map_or_else(|| "–".to_string(), |v| v.to_string())
}

/// A figure's name in the staff's words.
fn words(tr: Tr, name: &str) -> String {
    if let Some(n) = name.strip_prefix("question-") {
        return tr.t1("stat-question", "n", n);
    }
    match name {
        "service-opened" | "review" | "sent" | "speech-on" | "larger-text" | "high-contrast" | "language-changed"
        | "info-opened" | "receipt-printed" => tr.t(&format!("stat-{name}")),
        "visit-started" | "visits" => tr.t("stat-visits"),
        "help-called" => tr.t("stat-count"),
        "answers" => tr.t("stat-count"),
        _ => match name.strip_prefix("satisfaction-") {
            Some(n) => tr.t(&format!("stat-face-{n}")),
            None => name.to_string(),
        },
    }
}

fn sections(tr: Tr, named: &[Named], title: &dyn Fn(&str) -> String) -> Vec<Section> {
    let mut out = Vec::new();
    for (n, t) in named.iter().enumerate() {
        if t.rows.is_empty() && t.kind != "languages" {
            continue;
        }
        let service = title(&t.service);
        let (heading, caption, row_heading) = match t.kind {
            "funnel" => (tr.t1("stat-funnel", "service", &service), tr.t("stat-funnel-caption"), tr.t("stat-language")),
            "gave-up" => {
                (tr.t1("stat-gave-up", "service", &service), tr.t("stat-gave-up-caption"), tr.t("stat-language"))
            }
            "languages" => (tr.t("stat-languages"), String::new(), tr.t("stat-language")),
            "help-by-place" => (tr.t("stat-help"), String::new(), tr.t("stat-place")),
            "satisfaction" => (tr.t("stat-satisfaction"), String::new(), tr.t("stat-answers")),
            "choices" => (tr.t("stat-choices"), String::new(), tr.t("stat-choice")),
            _ => (tr.t("stat-sent-per-week"), String::new(), tr.t("stat-week")),
        };
        let label = |row: &str| match t.kind {
            "funnel" | "gave-up" | "languages" => tr.language(row, row),
            "help-by-place" if row.is_empty() => tr.t("stat-no-place"),
            "help-by-place" | "sent-per-week" => row.to_string(),
            _ => words(tr, row),
        };
        let column = |c: &str| if t.kind == "sent-per-week" { title(c) } else { words(tr, c) };
        let p = &t.published;
        let mut columns: Vec<String> = t.columns.iter().map(|c| column(c)).collect();
        let with_row_totals = p.row_totals.iter().any(Option::is_some);
        if with_row_totals {
            columns.push(tr.t("stat-total"));
        }
        let rows = t
            .rows
            .iter()
            .enumerate()
            .map(|(i, r)| {
                let mut cells: Vec<String> = p.cells[i].iter().map(|v| shown(*v)).collect();
                if with_row_totals {
                    cells.push(shown(p.row_totals[i]));
                }
                Row { label: label(r), cells }
            })
            .collect();
        let totals = p.column_totals.iter().any(Option::is_some).then(|| {
            let mut cells: Vec<String> = p.column_totals.iter().map(|v| shown(*v)).collect();
            if with_row_totals {
                cells.push(shown(p.grand_total));
            }
            let label =
                if matches!(t.kind, "funnel" | "gave-up") { tr.t("stat-all-languages") } else { tr.t("stat-total") };
            Row { label, cells }
        });
        // The chart: a funnel's steps over all languages, a week's total, or the one column.
        let bars: Vec<(String, Shown)> = match t.kind {
            "funnel" | "gave-up" => t.columns.iter().zip(&p.column_totals).map(|(c, v)| (column(c), *v)).collect(),
            "sent-per-week" => t.rows.iter().zip(&p.row_totals).map(|(r, v)| (label(r), *v)).collect(),
            _ => t.rows.iter().zip(&p.cells).map(|(r, v)| (label(r), v[0])).collect(),
        };
        out.push(Section {
            id: format!("t{n}"),
            heading,
            caption,
            chart: chart(&bars),
            row_heading,
            columns,
            rows,
            totals,
        });
    }
    out
}

#[derive(Template)]
#[template(path = "statistics.html")]
struct StatisticsPage<'a> {
    chrome: Chrome,
    tr: Tr<'a>,
    from: String,
    to: String,
    places: Vec<Choice>,
    hidden_note: String,
    sections: Vec<Section>,
    open_data: String,
}

pub(super) async fn statistics(State(web): State<Web>, who: SignedIn<Readers>, Query(find): Query<Find>) -> Response {
    let SignedIn { user, csrf, lang, .. } = who;
    let tr = web.tr(lang);
    let (from, to) = period(&find);
    let place = (!find.place.is_empty()).then_some(find.place.as_str());
    let (named, places) = match tables(&web, from, to, place).await {
        Ok(found) => found,
        Err(response) => return response,
    };
    let texts = web.content_texts().await;
    let title =
        |service: &str| texts.as_ref().and_then(|t| t.title(lang, service)).unwrap_or_else(|| service.to_string());
    let choices = std::iter::once(Choice::new("", tr.t("stat-all-places"), find.place.is_empty()))
        .chain(places.iter().map(|p| Choice::new(p, p.clone(), *p == find.place)))
        .collect();
    let (from, to) = (crate::store::iso_day(from), crate::store::iso_day(to));
    let page = StatisticsPage {
        chrome: Chrome::new(tr, &web.settings.municipality, tr.t("page-statistics"), Some((&user, &csrf))),
        tr,
        open_data: format!("/open-data?from={from}&to={to}"),
        from,
        to,
        places: choices,
        hidden_note: tr.t1("stat-hidden", "threshold", web.settings.statistics_threshold),
        sections: sections(tr, &named, &title),
    };
    remember_language(html(StatusCode::OK, &page), &web, &find.lang, lang)
}

/// One published figure as open data.
#[derive(serde::Serialize)]
struct Record<'a> {
    table: &'a str,
    service: &'a str,
    row: &'a str,
    column: &'a str,
    value: Shown,
}

fn records(named: &[Named]) -> Vec<Record<'_>> {
    let mut out = Vec::new();
    for t in named {
        let p = &t.published;
        let columns_of = |j: usize| t.columns[j].as_str();
        for (i, row) in t.rows.iter().enumerate() {
            for j in 0..t.columns.len() {
                out.push(Record {
                    table: t.kind,
                    service: &t.service,
                    row,
                    column: columns_of(j),
                    value: p.cells[i][j],
                });
            }
            if p.row_totals[i].is_some() {
                out.push(Record { table: t.kind, service: &t.service, row, column: "total", value: p.row_totals[i] });
            }
        }
        if p.column_totals.iter().any(Option::is_some) {
            for j in 0..t.columns.len() {
                let value = p.column_totals[j];
                out.push(Record { table: t.kind, service: &t.service, row: "total", column: columns_of(j), value });
            }
        }
        if p.grand_total.is_some() {
            out.push(Record {
                table: t.kind,
                service: &t.service,
                row: "total",
                column: "total",
                value: p.grand_total,
            });
        }
    }
    out
}

/// The fields of every record, as the open data's description gives them.
const FIELDS: [(&str, &str); 6] = [
    ("period", "open-data-field-period"),
    ("table", "open-data-field-table"),
    ("service", "open-data-field-service"),
    ("row", "open-data-field-row"),
    ("column", "open-data-field-column"),
    ("value", "open-data-field-value"),
];

#[derive(Template)]
#[template(path = "open_data.html")]
struct OpenDataPage<'a> {
    chrome: Chrome,
    tr: Tr<'a>,
    from: String,
    to: String,
    hidden_note: String,
    fields: Vec<(&'static str, String)>,
}

pub(super) async fn open_data(
    State(web): State<Web>,
    headers: axum::http::HeaderMap,
    Query(find): Query<Find>,
) -> Response {
    let lang = web.language(&headers, find.lang.as_deref());
    let tr = web.tr(lang);
    let (from, to) = period(&find);
    let page = OpenDataPage {
        chrome: Chrome::new(tr, &web.settings.municipality, tr.t("page-open-data"), None),
        tr,
        from: crate::store::iso_day(from),
        to: crate::store::iso_day(to),
        hidden_note: tr.t1("stat-hidden", "threshold", web.settings.statistics_threshold),
        fields: FIELDS.iter().map(|(name, key)| (*name, tr.t(key))).collect(),
    };
    remember_language(html(StatusCode::OK, &page), &web, &find.lang, lang)
}

/// Open data as JSON: the period, the threshold, each field described (in English) and the records.
pub(super) async fn open_data_json(State(web): State<Web>, Query(find): Query<Find>) -> Response {
    let (from, to) = period(&find);
    let named = match tables(&web, from, to, None).await {
        Ok((named, _)) => named,
        Err(response) => return response,
    };
    let tr = web.tr("en");
    let fields: serde_json::Map<String, serde_json::Value> =
        FIELDS.iter().map(|(name, key)| (name.to_string(), tr.t(key).into())).collect();
    let body = serde_json::json!({
        "period": { "from": crate::store::iso_day(from), "to": crate::store::iso_day(to) },
        "threshold": web.settings.statistics_threshold,
        "fields": fields,
        "records": records(&named),
    });
    ([(header::CONTENT_TYPE, "application/json")], body.to_string()).into_response()
}

/// Open data as CSV (RFC 4180): `period_from,period_to,table,service,row,column,value`.
pub(super) async fn open_data_csv(State(web): State<Web>, Query(find): Query<Find>) -> Response {
    let (from, to) = period(&find);
    let named = match tables(&web, from, to, None).await {
        Ok((named, _)) => named,
        Err(response) => return response,
    };
    let (from, to) = (crate::store::iso_day(from), crate::store::iso_day(to));
    let quote = |s: &str| {
        if s.contains([',', '"', '\n', '\r']) { format!("\"{}\"", s.replace('"', "\"\"")) } else { s.to_string() }
    };
    let mut csv = String::from("period_from,period_to,table,service,row,column,value\r\n");
    for r in records(&named) {
        let value = r.value.map(|v| v.to_string()).unwrap_or_default();
        csv.push_str(&format!(
            "{from},{to},{},{},{},{},{value}\r\n",
            r.table,
            quote(r.service),
            quote(r.row),
            quote(r.column)
        ));
    }
    (
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
            (header::CONTENT_DISPOSITION, "attachment; filename=\"torget-usage.csv\""),
        ],
        csv,
    )
        .into_response()
}
