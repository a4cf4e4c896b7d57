//! Tower layers around the client's transport ([`ClientBuilder::layer`]): a user's tracing,
//! timeouts, compression or metrics, wrapped around the HTTP requests the client sends (or around
//! the in-process service it was given). What needs the API's answers and the module's spec
//! (tokens, `maxlag`, `badtoken`, logging in again, pacing writes, validation) stays in the
//! client's send loop, above the layers; a layer sees `http::Request<Bytes>` with the cookies
//! and the `User-Agent` already set, and its answer's `Set-Cookie` reaches the session.

use super::transport::{frames, BoxError, Call};
use super::ClientBuilder;
use bytes::Bytes;
use http_body::Body as HttpBody;
use std::sync::Arc;
use tower::util::BoxCloneSyncService;
use tower::{Layer, Service, ServiceExt};

/// The transport as the layers see it: one request in, its answer (the body still to read) out.
/// A layer given to [`ClientBuilder::layer`] wraps this service; over HTTP it sends with reqwest.
pub type HttpService = BoxCloneSyncService<http::Request<Bytes>, http::Response<reqwest::Body>, BoxError>;

type LayerFn = Arc<dyn Fn(HttpService) -> HttpService + Send + Sync>;

/// The layers added, innermost first.
#[derive(Clone, Default)]
pub(super) struct Layers(Vec<LayerFn>);

impl std::fmt::Debug for Layers {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Layers({})", self.0.len())
    }
}

impl Layers {
    pub(super) fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// `base` wrapped in every layer, the first added innermost.
    pub(super) fn around(&self, base: HttpService) -> HttpService {
        self.0.iter().fold(base, |svc, layer| layer(svc))
    }
}

/// Sends over HTTP with `http`, a reqwest client without a cookie store: the transport's jar
/// sets the cookies before the layers, and reads the answer's after them.
pub(super) fn over_http(http: reqwest::Client) -> HttpService {
    BoxCloneSyncService::new(tower::service_fn(move |req: http::Request<Bytes>| {
        let http = http.clone();
        async move {
            let req = reqwest::Request::try_from(req.map(reqwest::Body::from))?;
            let resp = http.execute(req).await?;
            Ok::<_, BoxError>(http::Response::from(resp))
        }
    }))
}

/// The in-process service as the layers see it.
pub(super) fn of_call(call: Call) -> HttpService {
    BoxCloneSyncService::new(tower::service_fn(move |req| call(req)))
}

/// A layered service as the transport calls it.
pub(super) fn into_call(svc: HttpService) -> Call {
    Arc::new(move |req| Box::pin(svc.clone().oneshot(req)))
}

impl ClientBuilder {
    /// Wraps the transport in a tower layer: tracing, a timeout, metrics, a header of yours. Each
    /// call adds one outside the last (`ServiceBuilder` stacks count as one), around the HTTP
    /// requests, or around the in-process service given to [`service`](Self::service). The
    /// client's own manners (retries, pacing, tokens, logging in again) act above the layers,
    /// since they read the API's answers; a layer that fails a request gives
    /// [`ClientError::Transport`](super::ClientError::Transport).
    pub fn layer<L, S, B>(mut self, layer: L) -> Self
    where
        L: Layer<HttpService, Service = S> + Send + Sync + 'static,
        S: Service<http::Request<Bytes>, Response = http::Response<B>> + Clone + Send + Sync + 'static,
        S::Future: Send + 'static,
        S::Error: Into<BoxError>,
        B: HttpBody<Data = Bytes> + Send + 'static,
        B::Error: Into<BoxError>,
    {
        self.layers.0.push(Arc::new(move |inner| {
            let svc = layer
                .layer(inner)
                .map_response(|r: http::Response<B>| r.map(|b| reqwest::Body::wrap_stream(frames(b))))
                .map_err(Into::into);
            BoxCloneSyncService::new(svc)
        }));
        self
    }
}
