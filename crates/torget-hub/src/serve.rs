//! Serving connections: the part of the hub that faces the network before any request is read.
//!
//! Every connection gets its own task at once, so a TLS handshake, a slow client or a silent one
//! never holds up the next. Each phase has a deadline: the handshake and the request headers
//! ([`Limits::client_timeout`], which also closes a kept-alive connection that stays idle), and the
//! body ([`Limits::body_timeout`], enforced where the API reads it). Open connections are bounded:
//! at the bound the hub stops accepting (the kernel queues newcomers) and says so in the log. An
//! `accept()` error, such as running out of file descriptors, waits before the next try instead of
//! spinning.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::Router;
use axum::extract::ConnectInfo;
use hyper::body::Incoming;
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
        Limits { max_connections: 1024, client_timeout: timeout, body_timeout: timeout * 4 }
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
