//! torget-hub, the reference back office: receives sealed submissions from kiosks over HTTP.
//!
//! Owns the HTTP API under `/v1` (described in `openapi.json`, served at `/v1/openapi.json`):
//! batch upload with a result per item, kiosk heartbeat, health. Every request but health and the
//! API description needs a kiosk credential (`Authorization: Bearer …`), else 401; bodies over the
//! limit get 413. Storage is [`crate::store::HubStore`]; the hub never sees plaintext.

use std::net::SocketAddr;
use std::path::Path;
use std::sync::Arc;

use axum::extract::{DefaultBodyLimit, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;

use crate::store::{Database, DbError, Incoming};
use torget_common::protocol::{BatchResult, Heartbeat, ItemResult, ItemStatus, UploadBatch, UploadItem};

/// Largest request body the hub reads.
pub const MAX_BODY_BYTES: usize = 8 * 1024 * 1024;
/// Largest single sealed submission; larger items are refused one by one ("too large").
pub const MAX_ITEM_BYTES: usize = 1024 * 1024;
/// Most items in one batch.
pub const MAX_BATCH_ITEMS: usize = 500;
/// What a sealed box adds to its plaintext: the sender's ephemeral public key and the tag.
pub const SEALED_BOX_OVERHEAD: usize = 32 + 16;

pub const OPENAPI: &str = include_str!("openapi.json");

type Shared = Database;

/// The hub's HTTP routes over a store (SQLite or PostgreSQL).
pub fn router(store: impl Into<Database>) -> Router {
    let shared: Shared = store.into();
    Router::new()
        .route("/v1/health", get(|| async { Json(serde_json::json!({ "status": "ok" })) }))
        .route("/v1/openapi.json", get(|| async { ([(header::CONTENT_TYPE, "application/json")], OPENAPI) }))
        .route("/v1/submissions", post(submissions))
        .route("/v1/heartbeat", post(heartbeat))
        .route("/v1/content/latest", get(latest_content))
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .with_state(shared)
}

/// Serves the hub on `listener` until the process stops.
pub async fn serve(listener: tokio::net::TcpListener, store: impl Into<Database>) -> std::io::Result<()> {
    axum::serve(listener, router(store)).await
}

/// Serves the hub over TLS (rustls) with the certificate chain and key in PEM files.
pub async fn serve_tls(
    listener: tokio::net::TcpListener,
    store: impl Into<Database>,
    cert_pem: &Path,
    key_pem: &Path,
) -> Result<(), HubError> {
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
    let acceptor = tokio_rustls::TlsAcceptor::from(Arc::new(config));
    axum::serve(TlsListener { tcp: listener, acceptor }, router(store)).await?;
    Ok(())
}

/// Accepts TCP connections and completes the TLS handshake before handing them to axum.
struct TlsListener {
    tcp: tokio::net::TcpListener,
    acceptor: tokio_rustls::TlsAcceptor,
}

impl axum::serve::Listener for TlsListener {
    type Io = tokio_rustls::server::TlsStream<tokio::net::TcpStream>;
    type Addr = SocketAddr;

    async fn accept(&mut self) -> (Self::Io, Self::Addr) {
        loop {
            let Ok((stream, addr)) = self.tcp.accept().await else { continue };
            // A bounded handshake, so one silent client cannot hold up the others for long.
            let handshake = tokio::time::timeout(std::time::Duration::from_secs(10), self.acceptor.accept(stream));
            match handshake.await {
                Ok(Ok(tls)) => return (tls, addr),
                Ok(Err(e)) => tracing::debug!(%addr, error = %e, "TLS handshake failed"),
                Err(_) => tracing::debug!(%addr, "TLS handshake timed out"),
            }
        }
    }

    fn local_addr(&self) -> std::io::Result<Self::Addr> {
        self.tcp.local_addr()
    }
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
    Internal,
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (status, message) = match self {
            ApiError::Unauthorized => (StatusCode::UNAUTHORIZED, "missing, unknown or revoked kiosk credential"),
            ApiError::BadRequest(m) => (StatusCode::BAD_REQUEST, m),
            ApiError::Internal => (StatusCode::INTERNAL_SERVER_ERROR, "the hub could not store the batch"),
        };
        (status, Json(serde_json::json!({ "error": message }))).into_response()
    }
}

/// A store error is logged and answered with 500: the kiosk keeps the request and tries again.
fn internal(e: DbError) -> ApiError {
    tracing::error!(error = %e, "hub store error");
    ApiError::Internal
}

async fn kiosk_of(store: &Shared, headers: &HeaderMap) -> Result<String, ApiError> {
    let token = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .ok_or(ApiError::Unauthorized)?
        .to_string();
    store.authenticate(&token).await.map_err(internal)?.ok_or(ApiError::Unauthorized)
}

/// The body, read only after the credential was checked, and never more than the limit.
async fn read_body(body: axum::body::Body) -> Result<axum::body::Bytes, Response> {
    axum::body::to_bytes(body, MAX_BODY_BYTES).await.map_err(|_| {
        (StatusCode::PAYLOAD_TOO_LARGE, Json(serde_json::json!({ "error": "the body is larger than the hub takes" })))
            .into_response()
    })
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
    if id_ok && service_ok && item.created_at_ms >= 0 && sealed.len() > SEALED_BOX_OVERHEAD {
        Ok(sealed)
    } else {
        Err(ItemStatus::Invalid)
    }
}

/// The kiosk behind a request and its JSON body. The credential comes first: a client without one
/// never makes the hub read, let alone buffer, a body.
async fn kiosk_and_body<T: serde::de::DeserializeOwned>(
    store: &Shared,
    headers: &HeaderMap,
    body: axum::body::Body,
    not_it: &'static str,
) -> Result<(String, T), Response> {
    let kiosk = kiosk_of(store, headers).await.map_err(IntoResponse::into_response)?;
    let body = read_body(body).await?;
    let value = serde_json::from_slice(&body).map_err(|_| ApiError::BadRequest(not_it).into_response())?;
    Ok((kiosk, value))
}

async fn submissions(State(store): State<Shared>, headers: HeaderMap, body: axum::body::Body) -> Response {
    let (kiosk, batch) =
        match kiosk_and_body::<UploadBatch>(&store, &headers, body, "the body is not an upload batch").await {
            Ok(k) => k,
            Err(r) => return r,
        };
    if batch.items.len() > MAX_BATCH_ITEMS {
        return ApiError::BadRequest("too many items in one batch").into_response();
    }
    let mut results: Vec<Option<ItemStatus>> = vec![None; batch.items.len()];
    let mut accepted = Vec::new();
    for (i, item) in batch.items.iter().enumerate() {
        match check_item(item) {
            Ok(sealed) => accepted.push((
                i,
                Incoming {
                    id: item.id.clone(),
                    service_id: item.service_id.clone(),
                    created_at_ms: item.created_at_ms,
                    sealed,
                },
            )),
            Err(status) => results[i] = Some(status),
        }
    }
    let count = accepted.len();
    let (indexes, incoming): (Vec<usize>, Vec<Incoming>) = accepted.into_iter().unzip();
    let statuses = match store.insert_batch(&kiosk, incoming).await {
        Ok(s) => s,
        Err(e) => return internal(e).into_response(),
    };
    for (i, status) in indexes.into_iter().zip(statuses) {
        results[i] = Some(status);
    }
    tracing::info!(kiosk = %kiosk, items = count, "batch stored");
    let results = batch
        .items
        .iter()
        .zip(results)
        .map(|(item, status)| ItemResult { id: item.id.clone(), status: status.unwrap_or(ItemStatus::Invalid) })
        .collect();
    Json(BatchResult { results }).into_response()
}

async fn heartbeat(State(store): State<Shared>, headers: HeaderMap, body: axum::body::Body) -> Response {
    let (kiosk, beat) = match kiosk_and_body::<Heartbeat>(&store, &headers, body, "the body is not a heartbeat").await {
        Ok(k) => k,
        Err(r) => return r,
    };
    match store.record_heartbeat(&kiosk, beat).await {
        Ok(()) => StatusCode::NO_CONTENT.into_response(),
        Err(e) => internal(e).into_response(),
    }
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
    match store.latest_bundle().await.map_err(internal) {
        Ok(Some((version, _))) if have.have.as_deref() == Some(version.as_str()) => {
            StatusCode::NO_CONTENT.into_response()
        }
        Ok(Some((_, signed))) => ([(header::CONTENT_TYPE, "application/json")], signed).into_response(),
        Ok(None) => StatusCode::NO_CONTENT.into_response(),
        Err(e) => e.into_response(),
    }
}
