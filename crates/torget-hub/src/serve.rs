//! Serving connections: the part of the hub that faces the network before any request is read.
//!
//! Every connection gets its own task at once, so a TLS handshake, a slow client or a silent one
//! never holds up the next. Each phase has a deadline: the handshake and the request headers
//! ([`Limits::client_timeout`], which also closes a kept-alive connection that stays idle), and the
//! body ([`Limits::body_timeout`], for every route at once by [`body_deadline`]: a request that
//! announces a body and never sends it is answered 408 and its connection closed, instead of holding
//! a connection slot for good). Open connections are bounded:
//! at the bound the hub stops accepting (the kernel queues newcomers) and says so in the log. An
//! `accept()` error, such as running out of file descriptors, waits before the next try instead of
//! spinning.

use std::future::Future;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::{Body, Bytes, HttpBody};
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use hyper::body::{Frame, Incoming, SizeHint};
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::io::{AsyncRead, AsyncWrite};
use tokio::net::TcpListener;
use tokio::sync::Semaphore;
use tokio_rustls::TlsAcceptor;
use tower::ServiceExt;

/// How much of itself the hub gives to clients it does not know yet.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Connections open at once, TLS handshakes included.
    pub max_connections: usize,
    /// Time for a TLS handshake, for the headers of a request, and the longest a kept-alive
    /// connection may stay idle.
    pub client_timeout: Duration,
    /// Time for a whole request body.
    pub body_timeout: Duration,
    /// Upload batches the hub stores at once; one more is answered 429 with `Retry-After`, so
    /// that a fleet coming back after an outage is taken in as fast as the database allows and
    /// no faster. Heartbeats (which carry help calls) are never turned away.
    pub uploads_at_once: usize,
    /// The `Retry-After` of such a 429; kiosks add a random part of up to as much again.
    pub busy_retry_after: Duration,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits::with_client_timeout(Duration::from_secs(30))
    }
}

impl Limits {
    /// The default bound, with `timeout` for handshakes and headers and four times as long for a
    /// body (an 8 MiB batch over a slow mobile link).
    pub fn with_client_timeout(timeout: Duration) -> Limits {
        Limits {
            max_connections: 1024,
            client_timeout: timeout,
            body_timeout: timeout * 4,
            uploads_at_once: 64,
            busy_retry_after: Duration::from_secs(5),
        }
    }
}

/// Serves `app` on `listener` (over TLS when `tls` is given) until the process stops.
pub async fn serve_connections(
    listener: TcpListener,
    app: Router,
    tls: Option<TlsAcceptor>,
    limits: Limits,
) -> std::io::Result<()> {
    let open = Arc::new(Semaphore::new(limits.max_connections.max(1)));
    let mut accept_pause = MIN_ACCEPT_PAUSE;
    let mut last_full_warning: Option<Instant> = None;
    loop {
        let permit = match open.clone().try_acquire_owned() {
            Ok(permit) => permit,
            Err(_) => {
                if last_full_warning.is_none_or(|at| at.elapsed() > Duration::from_secs(10)) {
                    tracing::warn!(
                        limit = limits.max_connections,
                        "connection limit reached: new connections wait until one closes"
                    );
                    last_full_warning = Some(Instant::now());
                }
                open.clone().acquire_owned().await.expect("the semaphore is never closed")
            }
        };
        let (stream, addr) = match listener.accept().await {
            Ok(accepted) => {
                accept_pause = MIN_ACCEPT_PAUSE;
                accepted
            }
            Err(e) => {
                tracing::warn!(error = %e, pause_ms = accept_pause.as_millis() as u64, "accepting a connection failed");
                tokio::time::sleep(accept_pause).await;
                accept_pause = (accept_pause * 2).min(MAX_ACCEPT_PAUSE);
                continue;
            }
        };
        let app = app.clone();
        let tls = tls.clone();
        tokio::spawn(async move {
            let _permit = permit;
            match tls {
                None => serve_one(stream, addr, app, limits).await,
                Some(acceptor) => match tokio::time::timeout(limits.client_timeout, acceptor.accept(stream)).await {
                    Ok(Ok(stream)) => serve_one(stream, addr, app, limits).await,
                    Ok(Err(e)) => tracing::debug!(%addr, error = %e, "TLS handshake failed"),
                    Err(_) => tracing::debug!(%addr, "TLS handshake timed out"),
                },
            }
        });
    }
}

const MIN_ACCEPT_PAUSE: Duration = Duration::from_millis(5);
const MAX_ACCEPT_PAUSE: Duration = Duration::from_secs(1);

/// One HTTP/1.1 connection; the header deadline also ends a connection idle between requests.
async fn serve_one<S>(stream: S, addr: SocketAddr, app: Router, limits: Limits)
where
    S: AsyncRead + AsyncWrite + Unpin + Send + 'static,
{
    let service = hyper::service::service_fn(move |mut request: hyper::Request<Incoming>| {
        request.extensions_mut().insert(ConnectInfo(addr));
        app.clone().oneshot(request.map(axum::body::Body::new))
    });
    let connection = hyper::server::conn::http1::Builder::new()
        .timer(TokioTimer::new())
        .header_read_timeout(limits.client_timeout)
        .serve_connection(TokioIo::new(stream), service);
    if let Err(e) = connection.await {
        tracing::debug!(%addr, error = %e, "connection ended");
    }
}

/// The body deadline passed before the whole body arrived.
#[derive(Debug, thiserror::Error)]
#[error("the body did not arrive within the deadline")]
pub struct BodyDeadline;

/// Middleware for every route: the request body must arrive within `timeout` of the request's
/// headers. A body still missing then ends with a [`BodyDeadline`] error to whoever reads it, and
/// the request is answered 408 whatever the handler made of that error; hyper then closes the
/// connection, since its body was not read to the end. A handler that reads no body is not held.
pub async fn body_deadline(State(timeout): State<Duration>, request: Request, next: Next) -> Response {
    let expired = Arc::new(AtomicBool::new(false));
    let request = request.map(|inner| {
        Body::new(DeadlineBody { inner, sleep: Box::pin(tokio::time::sleep(timeout)), expired: expired.clone() })
    });
    let response = next.run(request).await;
    if !expired.load(Ordering::Acquire) {
        return response;
    }
    // The same answer as the API has always given (its document lists it), so that a kiosk and a
    // browser alike learn what happened.
    let mut late =
        (StatusCode::REQUEST_TIMEOUT, axum::Json(serde_json::json!({ "error": "the body did not arrive in time" })))
            .into_response();
    late.headers_mut().insert(header::CONNECTION, HeaderValue::from_static("close"));
    late
}

/// A request body that fails once its deadline passes.
struct DeadlineBody {
    inner: Body,
    sleep: Pin<Box<tokio::time::Sleep>>,
    expired: Arc<AtomicBool>,
}

impl HttpBody for DeadlineBody {
    type Data = Bytes;
    type Error = axum::Error;

    fn poll_frame(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Result<Frame<Bytes>, axum::Error>>> {
        let this = &mut *self;
        if let Poll::Ready(frame) = Pin::new(&mut this.inner).poll_frame(cx) {
            return Poll::Ready(frame);
        }
        if this.sleep.as_mut().poll(cx).is_ready() {
            this.expired.store(true, Ordering::Release);
            return Poll::Ready(Some(Err(axum::Error::new(BodyDeadline))));
        }
        Poll::Pending
    }

    fn is_end_stream(&self) -> bool {
        self.inner.is_end_stream()
    }

    // Passed on, so that a reader with a limit can refuse an announced length before reading.
    fn size_hint(&self) -> SizeHint {
        self.inner.size_hint()
    }
}
