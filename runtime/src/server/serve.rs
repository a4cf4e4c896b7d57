//! Serving a router on a TCP listener with the limits a public server needs, which `axum::serve` does
//! not have: a time limit on a request's head, on idle connections, and a cap on open connections.
//! (The body's time limit is the router's, [`ConnectionLimits::body_timeout`], so it holds under any
//! server.)
//!
//! - **Head**: hyper's header read timeout. It runs from the moment the connection waits for a request
//!   (just accepted, or after the previous answer) until the whole head has arrived, so a head sent a
//!   byte at a time cannot hold a connection.
//! - **Idle**: a connection with no request in progress on which no byte arrives for `idle_timeout` is
//!   closed; a request is in progress from its head until the last byte of its answer is handed over.
//! - **Connections**: at most `max_connections` are served at once. Further ones wait in the listen
//!   backlog and are accepted as others close, which the two timeouts above make happen.

use super::ConnectionLimits;
use axum::body::Body;
use axum::http::Request;
use hyper_util::rt::{TokioIo, TokioTimer};
use std::future::Future;
use std::io;
use std::pin::Pin;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::Semaphore;
use tokio::time::{Instant, Sleep};
use tower::ServiceExt;

/// Serves `app` (HTTP/1.1) on `listener` with `limits`, until the listener fails for good.
///
/// ```no_run
/// # async fn run(app: axum::Router) -> std::io::Result<()> {
/// use mwgen_runtime::server::{serve, ServerOptions};
/// let opts = ServerOptions::default();
/// let listener = tokio::net::TcpListener::bind("127.0.0.1:8080").await?;
/// serve(listener, app, &opts.limits).await
/// # }
/// ```
pub async fn serve(listener: TcpListener, app: axum::Router, limits: &ConnectionLimits) -> io::Result<()> {
    serve_until(listener, app, limits, std::future::pending()).await
}

/// [`serve`] until `shutdown` completes; then no connection is accepted any more, and it returns when
/// the open ones have ended (their answers are finished; idle ones close within `idle_timeout`).
pub async fn serve_until(
    listener: TcpListener,
    app: axum::Router,
    limits: &ConnectionLimits,
    shutdown: impl Future<Output = ()>,
) -> io::Result<()> {
    let max = limits.max_connections.clamp(1, Semaphore::MAX_PERMITS.min(u32::MAX as usize));
    let slots = Arc::new(Semaphore::new(max));
    let (head, idle) = (limits.header_timeout, limits.idle_timeout);
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        let next = async {
            let slot = slots.clone().acquire_owned().await;
            (slot, listener.accept().await)
        };
        let (slot, accepted) = tokio::select! {
            got = next => got,
            () = &mut shutdown => break,
        };
        let Ok(slot) = slot else { break };
        let stream = match accepted {
            Ok((stream, _)) => stream,
            // The peer went away before it was accepted: nothing to do.
            Err(e) if is_peer_error(&e) => continue,
            // Out of file descriptors or buffers, for now: wait instead of spinning.
            Err(_) => {
                tokio::time::sleep(Duration::from_millis(50)).await;
                continue;
            }
        };
        let _ = stream.set_nodelay(true);
        let app = app.clone();
        tokio::spawn(async move {
            let busy = Arc::new(AtomicUsize::new(0));
            let io = TokioIo::new(IdleStream::new(stream, idle, busy.clone()));
            let service = hyper::service::service_fn(move |req: Request<hyper::body::Incoming>| {
                let guard = Busy::enter(&busy);
                let app = app.clone();
                async move {
                    let resp = app.oneshot(req.map(Body::new)).await;
                    resp.map(|r| r.map(|body| Body::new(Guarded { body, _guard: guard })))
                }
            });
            let mut http = hyper::server::conn::http1::Builder::new();
            http.timer(TokioTimer::new()).header_read_timeout(head);
            // Errors here are the peer's (a reset, a timeout, a malformed head): the connection ends.
            let _ = http.serve_connection(io, service).await;
            drop(slot);
        });
    }
    // Every slot back means every connection has ended.
    let _ = slots.acquire_many(max as u32).await;
    Ok(())
}

fn is_peer_error(e: &io::Error) -> bool {
    matches!(
        e.kind(),
        io::ErrorKind::ConnectionAborted | io::ErrorKind::ConnectionReset | io::ErrorKind::ConnectionRefused
    )
}

/// Counts the requests in progress on a connection while it lives.
struct Busy(Arc<AtomicUsize>);

impl Busy {
    fn enter(count: &Arc<AtomicUsize>) -> Self {
        count.fetch_add(1, Ordering::Relaxed);
        Busy(count.clone())
    }
}

impl Drop for Busy {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::Relaxed);
    }
}

/// An answer's body that keeps its request counted as in progress until hyper has sent it and drops it.
struct Guarded {
    body: Body,
    _guard: Busy,
}

impl http_body::Body for Guarded {
    type Data = axum::body::Bytes;
    type Error = axum::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<http_body::Frame<Self::Data>, Self::Error>>> {
        Pin::new(&mut self.body).poll_frame(cx)
    }

    fn is_end_stream(&self) -> bool {
        self.body.is_end_stream()
    }

    fn size_hint(&self) -> http_body::SizeHint {
        self.body.size_hint()
    }
}

/// A TCP stream that fails its reads with `TimedOut` once no byte has moved for `idle` while no request
/// is in progress.
struct IdleStream {
    inner: TcpStream,
    idle: Duration,
    deadline: Pin<Box<Sleep>>,
    busy: Arc<AtomicUsize>,
}

impl IdleStream {
    fn new(inner: TcpStream, idle: Duration, busy: Arc<AtomicUsize>) -> Self {
        IdleStream { inner, idle, deadline: Box::pin(tokio::time::sleep(idle)), busy }
    }

    fn moved(&mut self) {
        let next = Instant::now() + self.idle;
        self.deadline.as_mut().reset(next);
    }
}

impl AsyncRead for IdleStream {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let before = buf.filled().len();
        match Pin::new(&mut self.inner).poll_read(cx, buf) {
            Poll::Ready(r) => {
                if buf.filled().len() > before {
                    self.moved();
                }
                Poll::Ready(r)
            }
            Poll::Pending => {
                if self.busy.load(Ordering::Relaxed) > 0 {
                    // A request is in progress: its time limits are the body's and the module's.
                    self.moved();
                    return Poll::Pending;
                }
                match self.deadline.as_mut().poll(cx) {
                    Poll::Ready(()) => {
                        Poll::Ready(Err(io::Error::new(io::ErrorKind::TimedOut, "idle connection")))
                    }
                    Poll::Pending => Poll::Pending,
                }
            }
        }
    }
}

impl AsyncWrite for IdleStream {
    fn poll_write(mut self: Pin<&mut Self>, cx: &mut Context<'_>, data: &[u8]) -> Poll<io::Result<usize>> {
        let r = Pin::new(&mut self.inner).poll_write(cx, data);
        if matches!(r, Poll::Ready(Ok(n)) if n > 0) {
            self.moved();
        }
        r
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        let r = Pin::new(&mut self.inner).poll_write_vectored(cx, bufs);
        if matches!(r, Poll::Ready(Ok(n)) if n > 0) {
            self.moved();
        }
        r
    }

    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }
}
