//! The scripted wiki of `client_hostile.rs`: a loopback server that answers each request as a
//! script says (bytes, headers then a stall, or an endless body), and records what it was asked;
//! plus the client and log capture those tests share.

use super::*;
// ---------------------------------------------------------------------------------------------
// A scripted wiki.

/// What the fake wiki sends for one request.
pub(crate) enum Answer {
    /// These bytes (status line, headers and body), then it closes the connection.
    Raw(Vec<u8>),
    /// These headers, then nothing: the body never comes (the client must not wait for it).
    HeadersThenStall(String),
    /// A 200 whose body never ends (until the client hangs up, or 1 GiB): chunked, or delimited by
    /// closing the connection.
    Endless { chunked: bool },
}

/// An HTTP/1.1 answer with a `Content-Length`.
pub(crate) fn http(status: &str, headers: &[(&str, &str)], body: &[u8]) -> Answer {
    let mut out = format!("HTTP/1.1 {status}\r\nConnection: close\r\nContent-Length: {}\r\n", body.len());
    for (k, v) in headers {
        out.push_str(&format!("{k}: {v}\r\n"));
    }
    out.push_str("\r\n");
    let mut out = out.into_bytes();
    out.extend_from_slice(body);
    Answer::Raw(out)
}

pub(crate) fn json(headers: &[(&str, &str)], body: &str) -> Answer {
    let mut h = vec![("Content-Type", "application/json; charset=utf-8")];
    h.extend_from_slice(headers);
    http("200 OK", &h, body.as_bytes())
}

pub(crate) const MAXLAG: &str =
    r#"{"errors":[{"code":"maxlag","text":"Waiting for db1: 7 seconds lagged.","module":"main"}]}"#;

/// What the fake wiki saw and did.
#[derive(Default)]
pub(crate) struct Seen {
    pub(crate) requests: AtomicUsize,
    /// Bytes of endless bodies written before the client hung up.
    pub(crate) endless_sent: AtomicU64,
    pub(crate) endless_done: AtomicBool,
}

pub(crate) type Script = Arc<dyn Fn(usize, &str) -> Answer + Send + Sync>;

/// A wiki on 127.0.0.1 that answers the `n`-th request (from 0) with `script(n, request text)`.
pub(crate) async fn fake_wiki(
    script: impl Fn(usize, &str) -> Answer + Send + Sync + 'static,
) -> (String, Arc<Seen>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    let seen = Arc::new(Seen::default());
    let script: Script = Arc::new(script);
    let s = seen.clone();
    tokio::spawn(async move {
        loop {
            let Ok((sock, _)) = listener.accept().await else { return };
            let n = s.requests.fetch_add(1, Ordering::SeqCst);
            tokio::spawn(answer(sock, n, script.clone(), s.clone()));
        }
    });
    (format!("http://{addr}/api.php"), seen)
}

pub(crate) async fn answer(mut sock: TcpStream, n: usize, script: Script, seen: Arc<Seen>) {
    let Some(request) = read_request(&mut sock).await else { return };
    match script(n, &request) {
        Answer::Raw(bytes) => {
            let _ = sock.write_all(&bytes).await;
            let _ = sock.shutdown().await;
        }
        Answer::HeadersThenStall(head) => {
            let _ = sock.write_all(head.as_bytes()).await;
            // Hold the connection open (bounded): a client that waits for the body waits this long.
            tokio::time::sleep(Duration::from_secs(60)).await;
        }
        Answer::Endless { chunked } => {
            let head = if chunked {
                "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
            } else {
                "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n"
            };
            if sock.write_all(head.as_bytes()).await.is_ok() {
                let piece = vec![b' '; 16 * 1024];
                let mut chunk = format!("{:x}\r\n", piece.len()).into_bytes();
                chunk.extend_from_slice(&piece);
                chunk.extend_from_slice(b"\r\n");
                let data = if chunked { &chunk } else { &piece };
                while seen.endless_sent.load(Ordering::SeqCst) < 1 << 30 {
                    if sock.write_all(data).await.is_err() {
                        break;
                    }
                    seen.endless_sent.fetch_add(piece.len() as u64, Ordering::SeqCst);
                }
            }
            seen.endless_done.store(true, Ordering::SeqCst);
        }
    }
}

/// Reads one request: its head, then as many body bytes as its `Content-Length` says (bounded).
pub(crate) async fn read_request(sock: &mut TcpStream) -> Option<String> {
    let mut buf = Vec::new();
    let mut piece = [0u8; 8192];
    let head_end = loop {
        if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break i + 4;
        }
        let n = tokio::time::timeout(QUICK, sock.read(&mut piece)).await.ok()?.ok()?;
        if n == 0 || buf.len() > 1 << 20 {
            return None;
        }
        buf.extend_from_slice(&piece[..n]);
    };
    let head = String::from_utf8_lossy(&buf[..head_end]).to_ascii_lowercase();
    let length = head
        .lines()
        .find_map(|l| l.strip_prefix("content-length:"))
        .and_then(|v| v.trim().parse::<usize>().ok())
        .unwrap_or(0)
        .min(1 << 20);
    while buf.len() < head_end + length {
        let n = tokio::time::timeout(QUICK, sock.read(&mut piece)).await.ok()?.ok()?;
        if n == 0 {
            break;
        }
        buf.extend_from_slice(&piece[..n]);
    }
    Some(String::from_utf8_lossy(&buf).into_owned())
}

pub(crate) fn client(api: &str) -> mwgen_runtime::client::ClientBuilder {
    Client::builder(api, "mwgen-tests/0.1 (hostile wiki test)").timeout(Duration::from_secs(30))
}

// ---------------------------------------------------------------------------------------------
// Capturing `tracing` events (the test thread's, as `#[tokio::test]` runs on it).

#[derive(Clone, Default)]
pub(crate) struct Events(Arc<Mutex<Vec<String>>>);

impl Events {
    pub(crate) fn all(&self) -> Vec<String> {
        self.0.lock().expect("events").clone()
    }
}

pub(crate) struct Fields(String);

impl tracing::field::Visit for Fields {
    fn record_debug(&mut self, field: &tracing::field::Field, value: &dyn std::fmt::Debug) {
        // `%value` fields and the message arrive here; their Debug is their Display, unescaped.
        self.0.push_str(&format!("{}={:?} ", field.name(), value));
    }
    fn record_str(&mut self, field: &tracing::field::Field, value: &str) {
        self.0.push_str(&format!("{}={} ", field.name(), value));
    }
}

impl tracing::Subscriber for Events {
    fn enabled(&self, _: &tracing::Metadata<'_>) -> bool {
        true
    }
    fn new_span(&self, _: &tracing::span::Attributes<'_>) -> tracing::span::Id {
        tracing::span::Id::from_u64(1)
    }
    fn record(&self, _: &tracing::span::Id, _: &tracing::span::Record<'_>) {}
    fn record_follows_from(&self, _: &tracing::span::Id, _: &tracing::span::Id) {}
    fn event(&self, event: &tracing::Event<'_>) {
        let mut f = Fields(format!("{} ", event.metadata().level()));
        event.record(&mut f);
        self.0.lock().expect("events").push(f.0);
    }
    fn enter(&self, _: &tracing::span::Id) {}
    fn exit(&self, _: &tracing::span::Id) {}
}

pub(crate) fn capture() -> (Events, tracing::subscriber::DefaultGuard) {
    let events = Events::default();
    let guard = tracing::subscriber::set_default(events.clone());
    (events, guard)
}

pub(crate) fn has_control(s: &str) -> bool {
    s.chars().any(char::is_control)
}
