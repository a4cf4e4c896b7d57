//! Sends the probes to a live wiki (feature `responses`): one request at a time, with `maxlag=5` and
//! an optional delay between requests, each session in its own cookie jar. Every answer is recorded,
//! errors included (they are corpus for the checker); tokens are asked for as the probes need them.

use super::plan::Probe;
use super::record::{encode_query, Record};
use serde_json::Value;
use std::collections::BTreeMap;
use std::time::{Duration, Instant};

/// How politely to probe.
#[derive(Debug, Clone)]
pub struct Options {
    /// Waited between two requests.
    pub delay: Duration,
    /// How long one request may take.
    pub timeout: Duration,
}

impl Default for Options {
    fn default() -> Self {
        Options { delay: Duration::ZERO, timeout: Duration::from_secs(60) }
    }
}

/// Why probing stopped. Nothing is written when it does.
#[derive(Debug, thiserror::Error)]
pub enum ProbeError {
    /// The wiki could not be reached.
    #[error("request to {url} failed: {source}")]
    Http { url: String, source: reqwest::Error },
    /// The first request did not get a JSON answer: this is no api.php.
    #[error("{url} did not answer JSON to `{query}`; is it an api.php URL?")]
    NotAnApi { url: String, query: String },
    /// An answer was larger than the probes read, or could not be read.
    #[error("the answer of {url} to `{query}` is over {limit} bytes, or could not be read")]
    Unreadable { url: String, query: String, limit: u64 },
}

/// One module's probes, done.
#[derive(Debug, Clone)]
pub struct Done {
    /// The module path.
    pub module: String,
    /// Requests sent (token requests and continuations included).
    pub requests: usize,
    /// Answers that were an error envelope.
    pub errors: usize,
    /// Answers that were not JSON (not recorded).
    pub unusable: usize,
    /// Time taken.
    pub elapsed: Duration,
}

struct Runner<'a> {
    api: &'a str,
    options: &'a Options,
    sessions: BTreeMap<u8, reqwest::blocking::Client>,
    tokens: BTreeMap<(u8, String), String>,
    vars: BTreeMap<String, String>,
    records: Vec<Record>,
    sent: usize,
    done: Done,
    /// Whether answers are recorded now (token requests always are).
    recording: bool,
}

/// Sends `probes` to `api` in order and returns every answer; `progress` hears of each module when
/// its probes are done.
pub fn run(
    api: &str,
    probes: &[Probe],
    options: &Options,
    progress: &mut dyn FnMut(&Done),
) -> Result<Vec<Record>, ProbeError> {
    let mut r = Runner {
        api,
        options,
        sessions: BTreeMap::new(),
        tokens: BTreeMap::new(),
        vars: BTreeMap::new(),
        records: Vec::new(),
        sent: 0,
        done: fresh(""),
        recording: true,
    };
    let started = Instant::now();
    let mut module_start = started;
    for (i, probe) in probes.iter().enumerate() {
        if r.done.module != probe.module {
            if i > 0 {
                r.done.elapsed = module_start.elapsed();
                progress(&r.done);
            }
            r.done = fresh(&probe.module);
            module_start = Instant::now();
        }
        r.probe(probe)?;
    }
    if !probes.is_empty() {
        r.done.elapsed = module_start.elapsed();
        progress(&r.done);
    }
    Ok(r.records)
}

fn fresh(module: &str) -> Done {
    Done { module: module.to_string(), requests: 0, errors: 0, unusable: 0, elapsed: Duration::ZERO }
}

impl Runner<'_> {
    fn probe(&mut self, probe: &Probe) -> Result<(), ProbeError> {
        let mut params = Vec::new();
        for (k, v) in &probe.params {
            let value = match self.fill(probe.session, v)? {
                Some(v) => v,
                // A variable an earlier probe did not capture: the probe cannot be sent.
                None => return Ok(()),
            };
            params.push((k.clone(), value));
        }
        if !probe.pause.is_zero() {
            std::thread::sleep(probe.pause);
        }
        self.recording = probe.record;
        let answer = self.send(probe.session, probe.post, &params, probe.file)?;
        if let (Some((name, pointer)), Some(a)) = (&probe.capture, &answer) {
            if let Some(v) = a.pointer(pointer) {
                let text = v.as_str().map(str::to_string).unwrap_or_else(|| v.to_string());
                self.vars.insert(name.clone(), text);
            }
        }
        let action = params.iter().find(|(k, _)| k == "action").map(|(_, v)| v.as_str());
        if matches!(action, Some("login" | "clientlogin" | "logout")) {
            // The session changed user: its tokens are no longer good.
            self.tokens.retain(|(s, _), _| *s != probe.session);
        }
        if probe.follow {
            if let Some(Value::Object(cont)) = answer.as_ref().and_then(|a| a.get("continue")) {
                let mut next = params.clone();
                for (k, v) in cont {
                    let v = v.as_str().map(str::to_string).unwrap_or_else(|| v.to_string());
                    next.retain(|(x, _)| x != k);
                    next.push((k.clone(), v));
                }
                self.send(probe.session, probe.post, &next, None)?;
            }
        }
        Ok(())
    }

    /// `{token:TYPE}` and `{var:NAME}` replaced; `None` when the variable was never captured.
    fn fill(&mut self, session: u8, value: &str) -> Result<Option<String>, ProbeError> {
        if let Some(ty) = value.strip_prefix("{token:").and_then(|r| r.strip_suffix('}')) {
            return self.token(session, ty);
        }
        if let Some(name) = value.strip_prefix("{var:").and_then(|r| r.strip_suffix('}')) {
            return Ok(self.vars.get(name).cloned());
        }
        Ok(Some(value.to_string()))
    }

    fn token(&mut self, session: u8, ty: &str) -> Result<Option<String>, ProbeError> {
        let key = (session, ty.to_string());
        if let Some(t) = self.tokens.get(&key) {
            return Ok(Some(t.clone()));
        }
        let params = vec![
            ("action".to_string(), "query".to_string()),
            ("meta".into(), "tokens".into()),
            ("type".into(), ty.into()),
        ];
        let recording = std::mem::replace(&mut self.recording, true);
        let answer = self.send(session, false, &params, None);
        self.recording = recording;
        let answer = answer?;
        let token = answer
            .as_ref()
            .and_then(|a| a.pointer(&format!("/query/tokens/{ty}token")))
            .and_then(Value::as_str)
            .map(str::to_string);
        if let Some(t) = &token {
            self.tokens.insert(key, t.clone());
        }
        Ok(token)
    }

    fn client(&mut self, session: u8) -> Result<reqwest::blocking::Client, ProbeError> {
        if let Some(c) = self.sessions.get(&session) {
            return Ok(c.clone());
        }
        let c = reqwest::blocking::Client::builder()
            .user_agent(concat!("mwgen/", env!("CARGO_PKG_VERSION"), " (response probes)"))
            .cookie_store(true)
            .timeout(self.options.timeout)
            .build()
            .map_err(|source| ProbeError::Http { url: self.api.to_string(), source })?;
        self.sessions.insert(session, c.clone());
        Ok(c)
    }

    /// One request (retried while the wiki says it lags), recorded. `None` when the answer is not JSON.
    fn send(
        &mut self,
        session: u8,
        post: bool,
        params: &[(String, String)],
        file: Option<&'static [u8]>,
    ) -> Result<Option<Value>, ProbeError> {
        let mut all: Vec<(String, String)> = [("format", "json"), ("formatversion", "2"), ("maxlag", "5")]
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        all.extend(params.iter().cloned());
        let client = self.client(session)?;
        for attempt in 0..4 {
            if self.sent > 0 && !self.options.delay.is_zero() {
                std::thread::sleep(self.options.delay);
            }
            self.sent += 1;
            self.done.requests += 1;
            let request = match (post, file) {
                (true, Some(bytes)) => {
                    // Built here with its length: PHP's built-in server drops chunked bodies.
                    let (content_type, body) = multipart(&all, bytes);
                    client.post(self.api).header("content-type", content_type).body(body)
                }
                (true, None) => client.post(self.api).form(&all),
                (false, _) => client.get(self.api).query(&all),
            };
            let resp =
                request.send().map_err(|source| ProbeError::Http { url: self.api.to_string(), source })?;
            let retry_after = resp
                .headers()
                .get("retry-after")
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.parse::<u64>().ok());
            let unreadable = || ProbeError::Unreadable {
                url: self.api.to_string(),
                query: encode_query(&all),
                limit: crate::http::MAX_ANSWER_BYTES,
            };
            let bytes = crate::http::read_bounded(resp).ok().flatten().ok_or_else(unreadable)?;
            let text = String::from_utf8_lossy(&bytes);
            let Ok(json) = serde_json::from_str::<Value>(&text) else {
                if self.sent == 1 {
                    return Err(ProbeError::NotAnApi {
                        url: self.api.to_string(),
                        query: encode_query(&all),
                    });
                }
                self.done.unusable += 1;
                return Ok(None);
            };
            let lagged = json.pointer("/error/code").and_then(Value::as_str) == Some("maxlag");
            if lagged && attempt < 3 {
                std::thread::sleep(Duration::from_secs(retry_after.unwrap_or(5).min(30)));
                continue;
            }
            if json.get("error").is_some() || json.get("errors").is_some() {
                self.done.errors += 1;
            }
            let method = if post { "POST" } else { "GET" }.to_string();
            if !self.recording {
                return Ok(Some(json));
            }
            self.records.push(Record {
                method,
                query: encode_query(&redacted(&all)),
                response: json.clone(),
            });
            return Ok(Some(json));
        }
        Ok(None)
    }
}

/// A multipart/form-data body: the parameters, then `bytes` as the file `probe.png`.
fn multipart(params: &[(String, String)], bytes: &[u8]) -> (String, Vec<u8>) {
    const BOUNDARY: &str = "mwgen-probe-boundary-7f3a9c";
    let mut body = Vec::new();
    for (k, v) in params {
        let head = format!("--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n");
        body.extend_from_slice(head.as_bytes());
    }
    let head = format!(
        "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"probe.png\"\r\nContent-Type: image/png\r\n\r\n"
    );
    body.extend_from_slice(head.as_bytes());
    body.extend_from_slice(bytes);
    body.extend_from_slice(format!("\r\n--{BOUNDARY}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={BOUNDARY}"), body)
}

/// Passwords are not written to records.
fn redacted(params: &[(String, String)]) -> Vec<(String, String)> {
    params
        .iter()
        .map(|(k, v)| {
            let secret = k.contains("password") || k == "retype";
            (k.clone(), if secret { "redacted".to_string() } else { v.clone() })
        })
        .collect()
}
