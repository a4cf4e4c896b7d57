//! How a request reaches the wiki: over HTTP with reqwest (the default), or through a tower
//! `Service` in the same process ([`ClientBuilder::service`](super::ClientBuilder::service)), such
//! as an axum `Router`, with no socket at all.
//!
//! Both ways the client builds the same request (reqwest's builder: the same URL, headers and
//! urlencoded or multipart body) and reads the same answer (a `reqwest::Response`, so size limits,
//! `Retry-After` and errors are read by one piece of code). In process, the request becomes an
//! `http::Request<Bytes>` with the `User-Agent`, `Content-Length` and the cookies of the client's
//! own jar (reqwest's [`Jar`], which keeps them as over HTTP), and the service's answer's
//! `Set-Cookie` headers go back into that jar.

use super::{layers, ClientError};
use bytes::Bytes;
use futures::future::BoxFuture;
use http_body::Body as HttpBody;
use reqwest::cookie::{CookieStore, Jar};
use reqwest::header::{HeaderValue, CONTENT_LENGTH, COOKIE, SET_COOKIE, USER_AGENT};
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;
use tower::ServiceExt;

/// An error of an in-process service or of its answer's body.
pub type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// A type-erased in-process service: one request in, its answer (body still to read) out.
pub(super) type Call = Arc<
    dyn Fn(http::Request<Bytes>) -> BoxFuture<'static, Result<http::Response<reqwest::Body>, BoxError>>
        + Send
        + Sync,
>;

/// The service a [`ClientBuilder`](super::ClientBuilder) was given, before the client is built.
#[derive(Clone)]
pub(super) struct ServiceSlot(Call);

impl std::fmt::Debug for ServiceSlot {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ServiceSlot(<in-process service>)")
    }
}

/// A body's data frames as a stream (trailers are skipped).
pub(super) fn frames<B>(body: B) -> impl futures::Stream<Item = Result<Bytes, BoxError>> + Send + 'static
where
    B: HttpBody<Data = Bytes> + Send + 'static,
    B::Error: Into<BoxError>,
{
    futures::stream::try_unfold(Box::pin(body), |mut body: Pin<Box<B>>| async move {
        loop {
            match std::future::poll_fn(|cx| body.as_mut().poll_frame(cx)).await {
                None => return Ok(None),
                Some(Err(e)) => return Err(e.into()),
                Some(Ok(frame)) => {
                    if let Ok(data) = frame.into_data() {
                        return Ok(Some((data, body)));
                    }
                }
            }
        }
    })
}

impl super::ClientBuilder {
    /// Sends every request to `svc` in this process instead of over HTTP: any tower `Service` of
    /// `http::Request<Bytes>` answering an `http::Response` with a body of `Bytes` frames, such as
    /// an axum `Router` whose requests are mapped to its body type. The client keeps the cookies
    /// the service sets in a jar of its own, as over HTTP; [`timeout`](Self::timeout) bounds each
    /// answer. Everything else (validation, tokens, retries, size limits) is as over HTTP.
    pub fn service<S, B>(mut self, svc: S) -> Self
    where
        S: tower::Service<http::Request<Bytes>, Response = http::Response<B>> + Clone + Send + Sync + 'static,
        S::Future: Send + 'static,
        S::Error: Into<BoxError>,
        B: HttpBody<Data = Bytes> + Send + 'static,
        B::Error: Into<BoxError>,
    {
        // Type-erased: each request clones the service and calls it once (`oneshot`).
        self.service = Some(ServiceSlot(Arc::new(move |req| {
            let svc = svc.clone();
            Box::pin(async move {
                let resp = svc.oneshot(req).await.map_err(Into::into)?;
                Ok(resp.map(|body| reqwest::Body::wrap_stream(frames(body))))
            })
        })));
        self
    }
}

/// Where the built client sends: reqwest builds every request; the service, when there is one,
/// answers it.
pub(super) struct Transport {
    http: reqwest::Client,
    service: Option<InProcess>,
    /// The session's cookies, over HTTP and in process alike.
    jar: Arc<Jar>,
}

struct InProcess {
    call: Call,
    user_agent: HeaderValue,
    timeout: Duration,
}

/// Never the cookies: they are the session.
impl std::fmt::Debug for Transport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Transport")
            .field("http", &self.http)
            .field("service", &self.service)
            .field("jar", &"<redacted>")
            .finish()
    }
}

impl std::fmt::Debug for InProcess {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("InProcess").field("timeout", &self.timeout).finish_non_exhaustive()
    }
}

impl Transport {
    /// reqwest with its cookie store, or `service` with a jar of its own.
    pub(super) fn new(
        api: &str,
        user_agent: &str,
        timeout: Duration,
        service: Option<ServiceSlot>,
        layers: &layers::Layers,
    ) -> Result<Transport, ClientError> {
        let jar = Arc::new(Jar::default());
        let http = reqwest::Client::builder()
            .user_agent(user_agent.to_string())
            .cookie_provider(jar.clone())
            .timeout(timeout)
            .build()
            .map_err(|source| ClientError::Http { url: api.to_string(), source })?;
        let call = match (service, layers.is_empty()) {
            (None, true) => None,
            (None, false) => {
                let bare = reqwest::Client::builder()
                    .timeout(timeout)
                    .build()
                    .map_err(|source| ClientError::Http { url: api.to_string(), source })?;
                Some(layers::into_call(layers.around(layers::over_http(bare))))
            }
            (Some(ServiceSlot(call)), true) => Some(call),
            (Some(ServiceSlot(call)), false) => Some(layers::into_call(layers.around(layers::of_call(call)))),
        };
        let service = match call {
            None => None,
            Some(call) => {
                reqwest::Url::parse(api).map_err(|e| {
                    ClientError::Config(format!("the api.php URL `{api}` does not parse: {e}"))
                })?;
                let user_agent = HeaderValue::from_str(user_agent).map_err(|_| {
                    ClientError::Config(format!("user agent `{user_agent}` is not a valid header value"))
                })?;
                Some(InProcess { call, user_agent, timeout })
            }
        };
        Ok(Transport { http, service, jar })
    }

    /// The cookies the client sends to `api`, as a `Cookie` header's value (`a=1; b=2`).
    pub(super) fn cookies(&self, api: &str) -> Option<String> {
        let url = reqwest::Url::parse(api).ok()?;
        let header = self.jar.cookies(&url)?;
        header.to_str().ok().map(str::to_string)
    }

    /// Sets a cookie (`name=value`) for the whole host of `api`.
    pub(super) fn add_cookie(&self, api: &str, pair: &str) {
        if let Ok(url) = reqwest::Url::parse(api) {
            self.jar.add_cookie_str(&format!("{pair}; Path=/"), &url);
        }
    }

    /// reqwest's builder for a request to `url`.
    pub(super) fn http(&self) -> &reqwest::Client {
        &self.http
    }

    /// Sends a request built with [`http`](Self::http) and gives the answer, its body unread.
    pub(super) async fn send(
        &self,
        api: &str,
        request: reqwest::RequestBuilder,
    ) -> Result<reqwest::Response, ClientError> {
        let http_err = |source| ClientError::Http { url: api.to_string(), source };
        let Some(svc) = &self.service else {
            return request.send().await.map_err(http_err);
        };
        let failed = |source: BoxError| ClientError::Transport { url: api.to_string(), source };
        let request = request.build().map_err(http_err)?;
        let url = request.url().clone();
        let (mut parts, body) =
            http::Request::<reqwest::Body>::try_from(request).map_err(http_err)?.into_parts();
        let body = collect(body).await.map_err(failed)?;
        let h = &mut parts.headers;
        h.insert(USER_AGENT, svc.user_agent.clone());
        if !body.is_empty() || parts.method == http::Method::POST {
            h.insert(CONTENT_LENGTH, HeaderValue::from(body.len()));
        }
        if let Some(cookies) = self.jar.cookies(&url) {
            h.insert(COOKIE, cookies);
        }
        let answer = tokio::time::timeout(svc.timeout, (svc.call)(http::Request::from_parts(parts, body)));
        let resp = match answer.await {
            Ok(resp) => resp.map_err(failed)?,
            Err(_) => return Err(failed(format!("no answer within {:?}", svc.timeout).into())),
        };
        self.jar.set_cookies(&mut resp.headers().get_all(SET_COOKIE).iter(), &url);
        Ok(reqwest::Response::from(resp))
    }
}

/// A request body, whole (reqwest's bodies are small forms or multipart streams built in memory).
async fn collect(body: reqwest::Body) -> Result<Bytes, BoxError> {
    if let Some(bytes) = body.as_bytes() {
        return Ok(Bytes::copy_from_slice(bytes));
    }
    let mut out = Vec::new();
    let mut body = Box::pin(body);
    while let Some(frame) = std::future::poll_fn(|cx| body.as_mut().poll_frame(cx)).await {
        if let Ok(data) = frame.map_err(|e| -> BoxError { Box::new(e) })?.into_data() {
            out.extend_from_slice(&data);
        }
    }
    Ok(Bytes::from(out))
}
