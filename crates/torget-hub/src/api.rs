//! torget-hub, the reference back office: receives sealed submissions from kiosks over HTTP.
//!
//! Owns the HTTP API under `/v1` (described in `openapi.json`, served at `/v1/openapi.json`):
//! batch upload with a result per item, kiosk heartbeat, health. Every request but health and the
//! API description needs a kiosk credential (`Authorization: Bearer …`), else 401; bodies over the
//! limit get 413. Storage is [`crate::store::HubStore`]; the hub never sees plaintext.

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::{DefaultBodyLimit, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;

use serde_json::value::RawValue;

use crate::serve::Limits;
use crate::store::{Database, DbError, Incoming};
use crate::web::WebSettings;
use torget_common::protocol::{BatchResult, Heartbeat, HeartbeatAnswer, ItemResult, ItemStatus, UploadItem};
use torget_common::usage::UsageRow;

/// Largest request body the hub reads.
pub const MAX_BODY_BYTES: usize = 8 * 1024 * 1024;
/// Largest single sealed submission; larger items are refused one by one ("too large").
pub const MAX_ITEM_BYTES: usize = 1024 * 1024;
/// Most items in one batch.
pub const MAX_BATCH_ITEMS: usize = 500;
/// What a sealed box adds to its plaintext: the sender's ephemeral public key and the tag.
pub const SEALED_BOX_OVERHEAD: usize = 32 + 16;

pub const OPENAPI: &str = include_str!("openapi.json");

/// What every handler shares: the store, and the room for uploads being stored now.
#[derive(Clone)]
struct Shared {
    db: Database,
    uploads: Arc<tokio::sync::Semaphore>,
    busy_retry_after: Duration,
    booking: Option<Arc<crate::booking::BookingService>>,
}

/// The hub's HTTP routes over a store (SQLite or PostgreSQL), with the default body deadline.
pub fn router(store: impl Into<Database>) -> Router {
    router_with(store, Limits::default().body_timeout)
}

/// The hub's HTTP routes; a request body must arrive within `body_timeout`.
pub fn router_with(store: impl Into<Database>, body_timeout: Duration) -> Router {
    router_full(store, Limits { body_timeout, ..Limits::default() }, WebSettings::default())
}

/// The API and the pages for people ([`crate::web`]), the pages set up by `web`. Every route's body
/// must arrive within `limits.body_timeout` ([`crate::serve::body_deadline`]), pages' and API's
/// alike; uploads beyond `limits.uploads_at_once` are answered 429.
pub fn router_full(store: impl Into<Database>, limits: Limits, web: WebSettings) -> Router {
    let body_timeout = limits.body_timeout;
    let db = store.into();
    let booking = web.booking.clone();
    let pages = crate::web::routes(db.clone(), web);
    let shared = Shared {
        booking,
        db,
        uploads: Arc::new(tokio::sync::Semaphore::new(limits.uploads_at_once.max(1))),
        busy_retry_after: limits.busy_retry_after,
    };
    Router::new()
        .route("/v1/health", get(|| async { Json(serde_json::json!({ "status": "ok" })) }))
        .route("/v1/openapi.json", get(|| async { ([(header::CONTENT_TYPE, "application/json")], OPENAPI) }))
        .route("/v1/submissions", post(submissions))
        .route("/v1/heartbeat", post(heartbeat))
        .route("/v1/content/latest", get(latest_content))
        .route("/v1/times", get(free_times))
        .route("/v1/holds", post(hold))
        .route("/v1/holds/{id}", axum::routing::delete(release))
        .route("/v1/archive/requests", get(archive_requests))
        .route("/v1/archive/delivered", post(archive_delivered))
        .route("/v1/archive/receipts", post(archive_receipt))
        .route("/v1/archive/content", get(archive_content))
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .with_state(shared)
        .merge(pages)
        .layer(axum::middleware::from_fn_with_state(body_timeout, crate::serve::body_deadline))
}

/// Serves the hub on `listener` until the process stops, with the default [`Limits`].
pub async fn serve(listener: tokio::net::TcpListener, store: impl Into<Database>) -> std::io::Result<()> {
    serve_with(listener, store, None, Limits::default()).await
}

/// Serves the hub over TLS (rustls) with the certificate chain and key in PEM files.
pub async fn serve_tls(
    listener: tokio::net::TcpListener,
    store: impl Into<Database>,
    cert_pem: &Path,
    key_pem: &Path,
) -> Result<(), HubError> {
    serve_with(listener, store, Some(tls_acceptor(cert_pem, key_pem)?), Limits::default()).await?;
    Ok(())
}

/// Serves the hub with its [`Limits`], over TLS when an acceptor is given.
pub async fn serve_with(
    listener: tokio::net::TcpListener,
    store: impl Into<Database>,
    tls: Option<tokio_rustls::TlsAcceptor>,
    limits: Limits,
) -> std::io::Result<()> {
    let web = WebSettings { secure_cookies: tls.is_some(), ..WebSettings::default() };
    serve_full(listener, store, tls, limits, web).await
}

/// Serves the hub with its [`Limits`] and its pages' [`WebSettings`], over TLS when an acceptor is
/// given (cookies are then marked Secure whatever `web` says).
pub async fn serve_full(
    listener: tokio::net::TcpListener,
    store: impl Into<Database>,
    tls: Option<tokio_rustls::TlsAcceptor>,
    limits: Limits,
    mut web: WebSettings,
) -> std::io::Result<()> {
    web.secure_cookies |= tls.is_some();
    crate::serve::serve_connections(listener, router_full(store, limits, web), tls, limits).await
}

/// A TLS acceptor (rustls) for the certificate chain and key in PEM files.
pub fn tls_acceptor(cert_pem: &Path, key_pem: &Path) -> Result<tokio_rustls::TlsAcceptor, HubError> {
    use rustls::pki_types::pem::PemObject;
    use rustls::pki_types::{CertificateDer, PrivateKeyDer};
    let tls_error = |what: &Path, e: &dyn std::fmt::Display| HubError::Tls(format!("{}: {e}", what.display()));
    let certs: Vec<CertificateDer<'static>> = CertificateDer::pem_file_iter(cert_pem)
        .map_err(|e| tls_error(cert_pem, &e))?
        .collect::<Result<_, _>>()
        .map_err(|e| tls_error(cert_pem, &e))?;
    let key = PrivateKeyDer::from_pem_file(key_pem).map_err(|e| tls_error(key_pem, &e))?;
    let config = rustls::ServerConfig::builder_with_provider(Arc::new(rustls::crypto::ring::default_provider()))
        .with_safe_default_protocol_versions()
        .map_err(|e| tls_error(cert_pem, &e))?
        .with_no_client_auth()
        .with_single_cert(certs, key)
        .map_err(|e| tls_error(cert_pem, &e))?;
    Ok(tokio_rustls::TlsAcceptor::from(Arc::new(config)))
}

#[derive(Debug, thiserror::Error)]
pub enum HubError {
    #[error(transparent)]
    Store(#[from] DbError),
    #[error(transparent)]
    Io(#[from] std::io::Error),
    #[error("TLS setup: {0}")]
    Tls(String),
}

enum ApiError {
    Unauthorized,
    BadRequest(&'static str),
    NotJson,
    TooLarge,
    NotFound,
    Internal,
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (status, message) = match self {
            ApiError::Unauthorized => (StatusCode::UNAUTHORIZED, "missing, unknown or revoked credential"),
            ApiError::BadRequest(m) => (StatusCode::BAD_REQUEST, m),
            ApiError::NotJson => {
                (StatusCode::UNSUPPORTED_MEDIA_TYPE, "the body must be JSON (Content-Type: application/json)")
            }
            ApiError::TooLarge => (StatusCode::PAYLOAD_TOO_LARGE, "the body is larger than the hub takes"),
            ApiError::NotFound => (StatusCode::NOT_FOUND, "no such request in that round"),
            ApiError::Internal => (StatusCode::INTERNAL_SERVER_ERROR, "the hub could not store the batch"),
        };
        (status, Json(serde_json::json!({ "error": message }))).into_response()
    }
}

/// 429 with `Retry-After`: the hub is storing as many uploads as it takes at once.
fn busy(retry_after: Duration) -> Response {
    let seconds = retry_after.as_secs().max(1);
    let message = format!("the hub is busy: send again in {seconds} s");
    let mut response = (StatusCode::TOO_MANY_REQUESTS, Json(serde_json::json!({ "error": message }))).into_response();
    response.headers_mut().insert(header::RETRY_AFTER, header::HeaderValue::from(seconds));
    response
}

/// The free times of every bookable resource, for the kiosks to offer.
async fn free_times(State(store): State<Shared>, headers: HeaderMap) -> Response {
    if let Err(e) = kiosk_of(&store, &headers).await {
        return e.into_response();
    }
    let Some(booking) = &store.booking else {
        return Json(torget_common::protocol::FreeTimes::default()).into_response();
    };
    match booking.free_times(&store.db).await {
        Ok(times) => Json(times).into_response(),
        Err(e) => internal(e).into_response(),
    }
}

/// Holds a time for a visit: 200 with the hold's end, 409 when another visit has it.
async fn hold(State(store): State<Shared>, headers: HeaderMap, body: axum::body::Body) -> Response {
    const NOT_A_HOLD: &str = "the body is not a hold (id, resource, start)";
    let (kiosk, body) = match kiosk_and_body(&store, &headers, body, NOT_A_HOLD).await {
        Ok(k) => k,
        Err(e) => return e.into_response(),
    };
    let Ok(wish) = serde_json::from_slice::<torget_common::protocol::HoldRequest>(&body) else {
        return ApiError::BadRequest(NOT_A_HOLD).into_response();
    };
    let Some(booking) = &store.booking else {
        return ApiError::BadRequest("this hub books no times").into_response();
    };
    use crate::booking::HoldError;
    match booking.hold(&store.db, &kiosk, &wish.id.to_string(), &wish.resource, &wish.start).await {
        Ok(until_ms) => Json(torget_common::protocol::HoldAnswer { held_until_ms: until_ms }).into_response(),
        Err(HoldError::UnknownResource) => ApiError::BadRequest("no such resource").into_response(),
        Err(e @ (HoldError::NotOffered | HoldError::Taken | HoldError::AlreadyBooked | HoldError::TooMany)) => {
            (StatusCode::CONFLICT, Json(serde_json::json!({ "error": e.to_string() }))).into_response()
        }
        Err(HoldError::Store(e)) => internal(e).into_response(),
    }
}

/// Lets go of a visit's hold (the visit ended without sending): 204 whether or not there was one.
async fn release(
    State(store): State<Shared>,
    headers: HeaderMap,
    axum::extract::Path(id): axum::extract::Path<String>,
) -> Response {
    let kiosk = match kiosk_of(&store, &headers).await {
        Ok(k) => k,
        Err(e) => return e.into_response(),
    };
    match store.db.release_hold(&id, &kiosk).await {
        Ok(_) => StatusCode::NO_CONTENT.into_response(),
        Err(e) => internal(e).into_response(),
    }
}

/// A store error is logged and answered with 500: the kiosk keeps the request and tries again.
fn internal(e: DbError) -> ApiError {
    tracing::error!(error = %e, "hub store error");
    ApiError::Internal
}

fn bearer(headers: &HeaderMap) -> Result<String, ApiError> {
    Ok(headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .ok_or(ApiError::Unauthorized)?
        .to_string())
}

/// The kiosk behind a request. An archive bridge's credential is refused here like any unknown
/// one, and the refusal is audited: it may only use the archive's routes.
async fn kiosk_of(store: &Shared, headers: &HeaderMap) -> Result<String, ApiError> {
    let token = bearer(headers)?;
    match store.db.authenticate(&token).await.map_err(internal)? {
        Some(kiosk) => Ok(kiosk),
        None => {
            if let Some(bridge) = store.db.archive_bridge_named(&token).await.map_err(internal)? {
                let _ = store.db.audit(&bridge, "archive bridge refused", "a kiosk's route").await;
            }
            Err(ApiError::Unauthorized)
        }
    }
}

/// The archive bridge behind a request; a kiosk's credential is refused.
async fn bridge_of(store: &Shared, headers: &HeaderMap) -> Result<String, ApiError> {
    let token = bearer(headers)?;
    store.db.archive_bridge_named(&token).await.map_err(internal)?.ok_or(ApiError::Unauthorized)
}

/// The body, read only after the credential was checked, never more than the limit. A body that
/// misses the deadline fails here too, but [`crate::serve::body_deadline`] answers that request
/// 408 whatever this says.
async fn read_body(headers: &HeaderMap, body: axum::body::Body) -> Result<axum::body::Bytes, ApiError> {
    let announced =
        headers.get(header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()).and_then(|v| v.parse::<u64>().ok());
    if announced.is_some_and(|n| n > MAX_BODY_BYTES as u64) {
        return Err(ApiError::TooLarge);
    }
    axum::body::to_bytes(body, MAX_BODY_BYTES).await.map_err(|_| ApiError::TooLarge)
}

/// Whether the request says its body is JSON (`application/json`, parameters allowed).
fn is_json(headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|v| v.trim().eq_ignore_ascii_case("application/json"))
}

/// Whether a JSON text is an object (the API never takes an array where it documents an object,
/// although a derived reader would accept one).
fn is_object(json: &[u8]) -> bool {
    json.trim_ascii_start().starts_with(b"{")
}

/// What the hub can check of an item without the private key; the sealed bytes when it passes.
/// Anything refused here is refused alone: the rest of its batch is stored.
fn check_item(item: &UploadItem) -> Result<Vec<u8>, ItemStatus> {
    let sealed = STANDARD.decode(&item.sealed).map_err(|_| ItemStatus::Invalid)?;
    if sealed.len() > MAX_ITEM_BYTES {
        return Err(ItemStatus::TooLarge);
    }
    // Kiosks name requests by UUIDv7, in the hyphenated form: export checks it against the sealed one.
    let id_ok = item.id.len() == 36 && uuid::Uuid::parse_str(&item.id).is_ok();
    let service_ok = !item.service_id.is_empty()
        && item.service_id.len() <= 64
        && item.service_id.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
    // created_at_ms needs no check here: the reader takes only whole numbers from 0 to 2^53 − 1.
    if id_ok && service_ok && sealed.len() > SEALED_BOX_OVERHEAD { Ok(sealed) } else { Err(ItemStatus::Invalid) }
}

/// The kiosk behind a request and its body, which says it is JSON and starts as an object; the
/// caller reads it. The credential comes first: a client without one never makes the hub read, let
/// alone buffer, a body.
async fn kiosk_and_body(
    store: &Shared,
    headers: &HeaderMap,
    body: axum::body::Body,
    not_it: &'static str,
) -> Result<(String, axum::body::Bytes), ApiError> {
    let kiosk = kiosk_of(store, headers).await?;
    if !is_json(headers) {
        return Err(ApiError::NotJson);
    }
    let body = read_body(headers, body).await?;
    if !is_object(&body) {
        return Err(ApiError::BadRequest(not_it));
    }
    Ok((kiosk, body))
}

/// An upload batch as the hub first reads it: each item kept as raw JSON, so one unreadable item
/// (an array, a number out of range, an unpaired surrogate) is refused alone.
#[derive(serde::Deserialize)]
struct RawBatch<'a> {
    #[serde(borrow)]
    items: Vec<&'a RawValue>,
}

/// Reads one item of a batch; an item that cannot be read is `invalid` under whatever id can be
/// read from it (empty when none).
fn read_item(raw: &RawValue) -> Result<UploadItem, (String, ItemStatus)> {
    #[derive(serde::Deserialize)]
    struct JustId {
        id: String,
    }
    let json = raw.get();
    if !is_object(json.as_bytes()) {
        return Err((String::new(), ItemStatus::Invalid));
    }
    serde_json::from_str::<UploadItem>(json).map_err(|_| {
        let id = serde_json::from_str::<JustId>(json).map(|j| j.id).unwrap_or_default();
        (id, ItemStatus::Invalid)
    })
}

async fn submissions(State(store): State<Shared>, headers: HeaderMap, body: axum::body::Body) -> Response {
    const NOT_A_BATCH: &str = "the body is not an upload batch";
    // Turned away before anything is read: the kiosk keeps its requests and comes back later.
    let Ok(_storing) = store.uploads.clone().try_acquire_owned() else {
        return busy(store.busy_retry_after);
    };
    let (kiosk, body) = match kiosk_and_body(&store, &headers, body, NOT_A_BATCH).await {
        Ok(k) => k,
        Err(e) => return e.into_response(),
    };
    let Ok(batch) = serde_json::from_slice::<RawBatch>(&body) else {
        return ApiError::BadRequest(NOT_A_BATCH).into_response();
    };
    if batch.items.len() > MAX_BATCH_ITEMS {
        return ApiError::BadRequest("too many items in one batch").into_response();
    }
    let mut results: Vec<ItemResult> = Vec::with_capacity(batch.items.len());
    let mut accepted = Vec::new();
    for (i, raw_item) in batch.items.iter().enumerate() {
        let checked = read_item(raw_item).and_then(|item| match check_item(&item) {
            Ok(sealed) => Ok((item, sealed)),
            Err(status) => Err((item.id, status)),
        });
        match checked {
            Ok((item, sealed)) => {
                results.push(ItemResult { id: item.id.clone(), status: ItemStatus::Invalid });
                accepted.push((
                    i,
                    Incoming { id: item.id, service_id: item.service_id, created_at_ms: item.created_at_ms, sealed },
                ));
            }
            Err((id, status)) => results.push(ItemResult { id, status }),
        }
    }
    let count = accepted.len();
    let (indexes, incoming): (Vec<usize>, Vec<Incoming>) = accepted.into_iter().unzip();
    let services: Vec<(String, String)> = incoming.iter().map(|i| (i.id.clone(), i.service_id.clone())).collect();
    let statuses = match store.db.insert_batch(&kiosk, incoming).await {
        Ok(s) => s,
        Err(e) => return internal(e).into_response(),
    };
    // A request that arrives with a time held for it has that time booked (once: a resend finds
    // it booked already), and the calendar is written. A time another visit took after the hold
    // ran out is noted as lost, for the case handler and the desk.
    if let Some(booking) = &store.booking {
        for ((id, service), status) in services.iter().zip(&statuses) {
            if matches!(status, ItemStatus::Stored | ItemStatus::AlreadyStored) {
                match store.db.confirm_booking(id, service).await {
                    Ok(Some(b)) if b.state == "lost" => {
                        tracing::warn!(request = %id, resource = %b.resource, "a request arrived after its time went to another visit")
                    }
                    Ok(Some(_)) => booking.booked(),
                    Ok(None) => {}
                    Err(e) => tracing::error!(error = %e, "cannot confirm the booking"),
                }
            }
        }
    }
    for (i, status) in indexes.into_iter().zip(statuses) {
        results[i].status = status;
    }
    tracing::info!(kiosk = %kiosk, items = count, "batch stored");
    Json(BatchResult { results }).into_response()
}

async fn heartbeat(State(store): State<Shared>, headers: HeaderMap, body: axum::body::Body) -> Response {
    const NOT_A_HEARTBEAT: &str = "the body is not a heartbeat";
    let (kiosk, body) = match kiosk_and_body(&store, &headers, body, NOT_A_HEARTBEAT).await {
        Ok(k) => k,
        Err(e) => return e.into_response(),
    };
    let Ok(mut beat) = serde_json::from_slice::<Heartbeat>(&body) else {
        return ApiError::BadRequest(NOT_A_HEARTBEAT).into_response();
    };
    let usage = match usage_rows(std::mem::take(&mut beat.usage)) {
        Ok(rows) => rows,
        Err(e) => return e.into_response(),
    };
    // The figures first: a kiosk that hears no answer sends them again, and the hub keeps the
    // largest value, so nothing counts twice.
    if let Err(e) = store.db.record_usage(&kiosk, usage).await {
        return internal(e).into_response();
    }
    match store.db.record_heartbeat(&kiosk, beat).await {
        Ok(help) => Json(HeartbeatAnswer { kiosk, help }).into_response(),
        Err(e) => internal(e).into_response(),
    }
}

/// The usage rows of a heartbeat that may be kept: no more than a kiosk sends at once, each
/// holding only what a kiosk counts ([`UsageRow::check`]) for a day from a year ago to tomorrow.
/// A row that fails is left out (and logged), so one kiosk's odd clock loses no other figure.
fn usage_rows(rows: Vec<UsageRow>) -> Result<Vec<UsageRow>, ApiError> {
    if rows.len() > torget_common::usage::MAX_ROWS_PER_BEAT {
        return Err(ApiError::BadRequest("a heartbeat carries at most 500 usage rows"));
    }
    let today = time::OffsetDateTime::now_utc().date();
    let (earliest, latest) = (today - time::Duration::days(400), today + time::Duration::days(1));
    Ok(rows
        .into_iter()
        .filter(|row| match row.check() {
            Ok(day) if (earliest..=latest).contains(&day) => true,
            Ok(day) => {
                tracing::warn!(%day, "usage row for a day too far away left out");
                false
            }
            Err(e) => {
                tracing::warn!(error = %e, "usage row left out");
                false
            }
        })
        .collect())
}

#[derive(serde::Deserialize)]
struct Have {
    have: Option<String>,
}

/// The newest signed content bundle, or 204 when the kiosk already has it (or none is published).
async fn latest_content(
    State(store): State<Shared>,
    headers: HeaderMap,
    axum::extract::Query(have): axum::extract::Query<Have>,
) -> Response {
    if let Err(e) = kiosk_of(&store, &headers).await {
        return e.into_response();
    }
    match store.db.latest_bundle().await.map_err(internal) {
        Ok(Some((version, _))) if have.have.as_deref() == Some(version.as_str()) => {
            StatusCode::NO_CONTENT.into_response()
        }
        Ok(Some((_, signed))) => ([(header::CONTENT_TYPE, "application/json")], signed).into_response(),
        Ok(None) => StatusCode::NO_CONTENT.into_response(),
        Err(e) => e.into_response(),
    }
}

#[derive(serde::Deserialize)]
struct Limit {
    limit: Option<u32>,
}

/// One request for the archive bridge, still sealed.
#[derive(serde::Serialize, serde::Deserialize)]
pub struct ArchiveItem {
    pub id: String,
    pub round: i64,
    pub kiosk: String,
    pub place: Option<String>,
    pub received_ms: i64,
    /// The sealed request, base64.
    pub sealed: String,
}

/// Requests the archive has not been given yet (or that are to be sent again), oldest first; at
/// most `limit` (default 50, at most 500).
async fn archive_requests(
    State(store): State<Shared>,
    headers: HeaderMap,
    axum::extract::Query(limit): axum::extract::Query<Limit>,
) -> Response {
    if let Err(e) = bridge_of(&store, &headers).await {
        return e.into_response();
    }
    let limit = limit.limit.unwrap_or(50).clamp(1, MAX_BATCH_ITEMS as u32);
    match store.db.archive_pending(limit).await {
        Ok(pending) => {
            let items: Vec<ArchiveItem> = pending
                .into_iter()
                .map(|p| ArchiveItem {
                    id: p.id,
                    round: p.round,
                    kiosk: p.kiosk,
                    place: p.place,
                    received_ms: p.received_ms,
                    sealed: STANDARD.encode(&p.sealed),
                })
                .collect();
            Json(serde_json::json!({ "requests": items })).into_response()
        }
        Err(e) => internal(e).into_response(),
    }
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Delivered {
    items: Vec<DeliveredItem>,
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct DeliveredItem {
    id: String,
    round: i64,
}

/// The bridge has put these requests into packages for the archive: they are not offered again.
async fn archive_delivered(State(store): State<Shared>, headers: HeaderMap, body: axum::body::Body) -> Response {
    const NOT_IT: &str = "the body is not a list of delivered requests";
    let bridge = match bridge_of(&store, &headers).await {
        Ok(b) => b,
        Err(e) => return e.into_response(),
    };
    if !is_json(&headers) {
        return ApiError::NotJson.into_response();
    }
    let body = match read_body(&headers, body).await {
        Ok(b) => b,
        Err(e) => return e.into_response(),
    };
    let Ok(delivered) = serde_json::from_slice::<Delivered>(&body) else {
        return ApiError::BadRequest(NOT_IT).into_response();
    };
    if delivered.items.len() > MAX_BATCH_ITEMS {
        return ApiError::BadRequest("too many items at once").into_response();
    }
    let ids = delivered.items.into_iter().map(|i| (i.id, i.round)).collect();
    match store.db.archive_delivered(&bridge, ids).await {
        Ok(marked) => Json(serde_json::json!({ "marked": marked })).into_response(),
        Err(e) => internal(e).into_response(),
    }
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Receipt {
    id: String,
    round: i64,
    outcome: crate::store::ArchiveOutcome,
}

/// The longest journal number, system id or refusal message the hub keeps.
const MAX_RECEIPT_TEXT: usize = 2000;

/// What the archive said of one request's round: its journal number, or why it refused.
async fn archive_receipt(State(store): State<Shared>, headers: HeaderMap, body: axum::body::Body) -> Response {
    const NOT_IT: &str = "the body is not an archive receipt";
    let bridge = match bridge_of(&store, &headers).await {
        Ok(b) => b,
        Err(e) => return e.into_response(),
    };
    if !is_json(&headers) {
        return ApiError::NotJson.into_response();
    }
    let body = match read_body(&headers, body).await {
        Ok(b) => b,
        Err(e) => return e.into_response(),
    };
    let Ok(receipt) = serde_json::from_slice::<Receipt>(&body) else {
        return ApiError::BadRequest(NOT_IT).into_response();
    };
    let too_long = match &receipt.outcome {
        crate::store::ArchiveOutcome::Registered { journal, system_id } => journal.len() > 64 || system_id.len() > 200,
        crate::store::ArchiveOutcome::Refused { message } => message.len() > MAX_RECEIPT_TEXT,
    };
    if too_long {
        return ApiError::BadRequest(NOT_IT).into_response();
    }
    match store.db.archive_receipt(&bridge, &receipt.id, receipt.round, receipt.outcome).await {
        Ok(true) => Json(serde_json::json!({ "recorded": true })).into_response(),
        Ok(false) => ApiError::NotFound.into_response(),
        Err(e) => internal(e).into_response(),
    }
}

/// The newest signed content, for the words of the bridge's documents; 204 when none.
async fn archive_content(State(store): State<Shared>, headers: HeaderMap) -> Response {
    if let Err(e) = bridge_of(&store, &headers).await {
        return e.into_response();
    }
    match store.db.latest_bundle().await.map_err(internal) {
        Ok(Some((_, signed))) => ([(header::CONTENT_TYPE, "application/json")], signed).into_response(),
        Ok(None) => StatusCode::NO_CONTENT.into_response(),
        Err(e) => e.into_response(),
    }
}
