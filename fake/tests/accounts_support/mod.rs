//! What the differential tests of accounts, blocks and siteinfo share: one session with the fake
//! and one with the real wiki, sending them the same requests and comparing the answers.
//!
//! Beyond `common::normalize`, the comparison masks what differs by nature between two wikis in
//! these modules: `checktoken`'s `generated`, `registrationdate`, `latestcontrib`, the block
//! times as people read them, `userID`, the job queue's length, and the servers' addresses.

#![allow(dead_code)]

use crate::common::{self, Session};
use serde_json::{Map, Value};

/// How many answers were compared, in this test binary.
static COMPARED: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

/// The password of the accounts [`Pair::create`] makes.
pub const PASSWORD: &str = "Mwgen-test-password-9";

/// A fake and a real wiki, a session with each, and a prefix unique to the run.
pub struct Pair {
    pub fake: Session,
    pub real: Session,
    pub prefix: String,
    fake_host: String,
    real_host: String,
    _wiki: mediawiki_fake::Wiki,
}

fn borrow(p: &[(String, String)]) -> Vec<(&str, &str)> {
    p.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect()
}

fn host(url: &str) -> String {
    url.trim_start_matches("http://").trim_end_matches("/api.php").to_string()
}

/// The pair for `test`, or `None` (loudly) without a real wiki.
pub async fn pair(test: &str) -> Option<Pair> {
    let real_url = common::real_wiki(test)?;
    let (wiki, fake_url) = common::fake().await;
    Some(Pair {
        fake: Session::new(&fake_url),
        real: Session::new(&real_url),
        prefix: common::run_prefix(test),
        fake_host: host(&fake_url),
        real_host: host(&real_url),
        _wiki: wiki,
    })
}

const MASKED: &[&str] = &[
    "generated",
    "registrationdate",
    "latestcontrib",
    "userID",
    "blockedtimestamp",
    "blockedtimestampformatted",
    "blockexpiryformatted",
    "blockexpiryrelative",
    "jobs",
    "centralids",
];

fn mask(v: &Value, from: &str, to: &str) -> Value {
    match v {
        Value::Object(o) => {
            let mut out = Map::new();
            for (k, x) in o {
                let x = if MASKED.contains(&k.as_str()) {
                    Value::String("<masked>".into())
                } else {
                    mask(x, from, to)
                };
                out.insert(k.clone(), x);
            }
            Value::Object(out)
        }
        Value::Array(a) => Value::Array(a.iter().map(|x| mask(x, from, to)).collect()),
        Value::String(s) => Value::String(s.replace(from, to)),
        other => other.clone(),
    }
}

impl Pair {
    /// The fake's answer as the real wiki's would read: its address replaced, the masked keys masked.
    fn fake_view(&self, v: &Value) -> Value {
        mask(v, &self.fake_host, &self.real_host)
    }

    /// Asserts that the two answers are the same after normalisation.
    pub fn same(&self, what: &str, fake: &Value, real: &Value) {
        let r = mask(real, "", "");
        common::assert_same(what, &self.fake_view(fake), &r, &self.prefix);
        let n = COMPARED.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
        if std::env::var_os("MWGEN_FAKE_COUNT").is_some() {
            eprintln!("compared {n}: {what}");
        }
    }

    /// The same GET to both, compared; both answers.
    pub async fn get(&self, what: &str, params: &[(&str, &str)]) -> (Value, Value) {
        let (f, r) = (self.fake.get(params).await, self.real.get(params).await);
        self.same(what, &f, &r);
        (f, r)
    }

    /// The same POST to both, compared; both answers.
    pub async fn post(&self, what: &str, params: &[(&str, &str)]) -> (Value, Value) {
        let (f, r) = (self.fake.post(params).await, self.real.post(params).await);
        self.same(what, &f, &r);
        (f, r)
    }

    /// A POST carrying each wiki's own token of `kind` as `param`, compared; both answers.
    pub async fn post_token(
        &self,
        what: &str,
        params: &[(&str, &str)],
        param: &str,
        kind: &str,
    ) -> (Value, Value) {
        let (ft, rt) = (self.fake.token(kind).await, self.real.token(kind).await);
        let with = |t: &str| {
            let mut p: Vec<(String, String)> =
                params.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
            p.push((param.to_string(), t.to_string()));
            p
        };
        let (fp, rp) = (with(&ft), with(&rt));
        let (f, r) = (self.fake.post(&borrow(&fp)).await, self.real.post(&borrow(&rp)).await);
        self.same(what, &f, &r);
        (f, r)
    }

    /// The same POST to both, with `query` in the query string and `body` in the body (each by a
    /// client of its own, without cookies), compared; both answers.
    pub async fn post_split(
        &self,
        what: &str,
        query: &[(&str, &str)],
        body: &[(&str, &str)],
    ) -> (Value, Value) {
        let send = |url: String| async move {
            let http = reqwest::Client::new();
            let mut q = query.to_vec();
            q.extend([("format", "json"), ("formatversion", "2")]);
            let resp = http.post(&url).query(&q).form(body).send().await.expect("the wiki answers");
            resp.json::<Value>().await.expect("the answer is JSON")
        };
        let (f, r) = (send(self.fake.url.clone()).await, send(self.real.url.clone()).await);
        self.same(what, &f, &r);
        (f, r)
    }

    /// Logs both sessions in as `name` with `password` through `clientlogin`.
    pub async fn login_as(&self, name: &str, password: &str) {
        let params = [
            ("action", "clientlogin"),
            ("loginreturnurl", "http://example.org/"),
            ("username", name),
            ("password", password),
        ];
        let (f, _) = self.post_token(&format!("clientlogin as {name}"), &params, "logintoken", "login").await;
        assert_eq!(f["clientlogin"]["status"], "PASS", "{f}");
    }

    /// Logs both sessions in as Admin through `clientlogin`.
    pub async fn admin(&self) {
        self.login_as("Admin", "mwgen-admin-password-1").await;
    }

    /// Logs both sessions in as a user [`create`](Self::create) made.
    pub async fn login_created(&self, name: &str) {
        self.login_as(name, PASSWORD).await;
    }

    /// A user name unique to this run.
    pub fn name(&self, suffix: &str) -> String {
        format!("{} {suffix}", self.prefix)
    }

    /// Creates the account `name` (password [`PASSWORD`]) on both wikis, anonymously.
    pub async fn create(&self, name: &str) {
        let fresh = self.another();
        let params = [
            ("action", "createaccount"),
            ("createreturnurl", "http://example.org/"),
            ("username", name),
            ("password", PASSWORD),
            ("retype", PASSWORD),
        ];
        let (f, _) = fresh.post_token("createaccount", &params, "createtoken", "createaccount").await;
        assert_eq!(f["createaccount"]["status"], "PASS", "{f}");
    }

    fn shallow(&self) -> Pair {
        Pair {
            fake: Session::new(&self.fake.url),
            real: Session::new(&self.real.url),
            prefix: self.prefix.clone(),
            fake_host: self.fake_host.clone(),
            real_host: self.real_host.clone(),
            _wiki: self._wiki.clone(),
        }
    }

    /// A second pair of sessions with the same two wikis.
    pub fn another(&self) -> Pair {
        self.shallow()
    }
}
