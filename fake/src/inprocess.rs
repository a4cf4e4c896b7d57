//! The project's client bound to the fake without a socket: every request goes straight to the
//! wiki's router (a tower `oneshot`), cookies kept in the client's own jar as over HTTP.
//!
//! ```no_run
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let wiki = mediawiki_fake::Wiki::new("http://fake.test/api.php")?;
//! let client = wiki.client("my-bot-tests/1.0 (me@example.org)").build()?;
//! let token = client.token("login").await?;
//! assert!(token.ends_with("+\\"));
//! # Ok(()) }
//! ```

use crate::Wiki;
use axum::body::{Body, Bytes};
use axum::http::Request;
use mwgen_runtime::client::{Client, ClientBuilder};
use tower::ServiceExt;

impl Wiki {
    /// A client builder for this wiki, in process: the same router as over HTTP (sessions, faults,
    /// api.php), reached without a socket. Configure it as any [`ClientBuilder`] (retries,
    /// `maxlag`, `assert`) and [`build`](ClientBuilder::build) it; each built client has its own
    /// cookies, so two clients are two sessions.
    pub fn client(&self, user_agent: &str) -> ClientBuilder {
        let service = self.router().map_request(|r: Request<Bytes>| r.map(Body::from));
        // No pause between writes: a test against the fake wants them fast (set one with
        // `write_interval` to test pacing).
        Client::builder(self.api_url(), user_agent).service(service).write_interval(std::time::Duration::ZERO)
    }
}
