//! Import from a live wiki (feature `import`): `action=paraminfo` for every module, over HTTP.

use super::import::{
    check_api_answer, excerpt, io, malformed, module_from_json, modules_of, today, ImportError, Imported,
};
use crate::spec::{HelpFormat, WikiInfo};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::path::Path;
use std::time::Duration;

/// How many modules one paraminfo request asks for: the `modules` parameter takes 50 values
/// (500 for high-limit users, which an anonymous import is not).
pub const BATCH: usize = 50;

pub use crate::http::MAX_ANSWER_BYTES;
/// The most modules the import follows: MediaWiki 1.39 has 121, with every bundled extension 141.
pub const MAX_MODULES: usize = 5_000;

/// Asks a live wiki for every module: main, then whatever each submodule parameter names (every
/// action and format, then every query submodule), in batches of [`BATCH`], in English wikitext.
pub fn from_url(api: &str) -> Result<Imported, ImportError> {
    let client = reqwest::blocking::Client::builder()
        .user_agent(concat!("mwgen/", env!("CARGO_PKG_VERSION"), " (spec import)"))
        .timeout(Duration::from_secs(120))
        .build()
        .map_err(|source| ImportError::Http { url: api.to_string(), source })?;
    let get = |params: &[(&str, &str)]| -> Result<Value, ImportError> {
        let mut query: Vec<(&str, &str)> = vec![("format", "json"), ("formatversion", "2")];
        query.extend_from_slice(params);
        let resp = client
            .get(api)
            .query(&query)
            .send()
            .map_err(|source| ImportError::Http { url: api.to_string(), source })?;
        let status = resp.status();
        let Some(bytes) = crate::http::read_bounded(resp).map_err(io(Path::new(api)))? else {
            return Err(ImportError::TooLarge { url: api.to_string(), limit: MAX_ANSWER_BYTES });
        };
        let body = String::from_utf8_lossy(&bytes);
        if !status.is_success() {
            return Err(ImportError::Status {
                url: api.to_string(),
                status: status.as_u16(),
                excerpt: excerpt(&body),
            });
        }
        let json: Value = serde_json::from_str(&body).map_err(|source| ImportError::NotJson {
            url: api.to_string(),
            source,
            excerpt: excerpt(&body),
        })?;
        check_api_answer(api, &json)?;
        Ok(json)
    };

    let site = get(&[("action", "query"), ("meta", "siteinfo"), ("siprop", "general")])?;
    let general =
        site.pointer("/query/general").ok_or_else(|| malformed(api, "siteinfo has no query.general"))?;
    let field = |k: &str| general.get(k).and_then(Value::as_str).map(str::to_string);
    let generator = field("generator").ok_or_else(|| malformed(api, "siteinfo has no generator"))?;
    let server = field("server").ok_or_else(|| malformed(api, "siteinfo has no server"))?;

    let mut raw: BTreeMap<String, Value> = BTreeMap::new();
    let mut queued: BTreeSet<String> = BTreeSet::from(["main".to_string()]);
    let mut queue: VecDeque<String> = VecDeque::from(["main".to_string()]);
    while !queue.is_empty() {
        let batch: Vec<String> = queue.drain(..queue.len().min(BATCH)).collect();
        let joined = batch.join("|");
        let json = get(&[
            ("action", "paraminfo"),
            ("modules", &joined),
            ("helpformat", "wikitext"),
            ("uselang", "en"),
        ])?;
        let (_, modules) = modules_of(api, &json)?;
        for m in modules {
            let path = m
                .get("path")
                .and_then(Value::as_str)
                .ok_or_else(|| malformed(api, "a module without a path"))?
                .to_string();
            for target in submodule_targets(&m) {
                if queued.insert(target.clone()) {
                    queue.push_back(target);
                }
            }
            if queued.len() > MAX_MODULES {
                return Err(malformed(
                    api,
                    format!("more than {MAX_MODULES} modules are named; the import stops"),
                ));
            }
            raw.insert(path, m);
        }
        for asked in &batch {
            if !raw.contains_key(asked) {
                return Err(malformed(api, format!("paraminfo did not describe module `{asked}`")));
            }
        }
    }
    let mut modules = BTreeMap::new();
    for m in raw.values() {
        let module = module_from_json(m, &server)?;
        modules.insert(module.path.clone(), module);
    }
    let wiki = WikiInfo {
        generator,
        api: api.to_string(),
        server,
        imported: today(),
        mwgen: env!("CARGO_PKG_VERSION").into(),
        helpformat: HelpFormat::Wikitext,
        lang: "en".into(),
    };
    Ok(Imported { wiki, modules })
}

fn submodule_targets(m: &Value) -> Vec<String> {
    let mut out = Vec::new();
    for key in ["parameters", "templatedparameters"] {
        for p in m.get(key).and_then(Value::as_array).into_iter().flatten() {
            if let Some(subs) = p.get("submodules").and_then(Value::as_object) {
                out.extend(subs.values().filter_map(Value::as_str).map(str::to_string));
            }
        }
    }
    out
}
