//! paraminfo JSON (a file, or a live wiki's api.php) → spec files.

use crate::spec::{HelpFormat, Module, Parameter, Spec, WikiInfo, WIKI_FILE};
use serde_json::{Map, Value};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Why an import failed. Nothing is written when it fails.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[cfg(feature = "import")]
    #[error("request to {url} failed: {source}")]
    Http { url: String, source: reqwest::Error },
    #[error("{url} answered HTTP {status}: {excerpt}")]
    Status { url: String, status: u16, excerpt: String },
    #[error("{url} did not answer JSON ({source}); the answer began: {excerpt}")]
    NotJson { url: String, source: serde_json::Error, excerpt: String },
    #[error("{url} answered the API error `{code}`: {info}")]
    Api { url: String, code: String, info: String },
    #[error("{url} answered with warnings, so the spec would be incomplete: {warnings}")]
    Warnings { url: String, warnings: String },
    #[error("{context}: {message}")]
    Malformed { context: String, message: String },
    #[error("{}: {source}", path.display())]
    Io { path: PathBuf, source: std::io::Error },
    #[error("the imported spec does not pass lint:\n{0}")]
    Lint(String),
    #[error(
        "{url} answered more than {limit} bytes; a paraminfo answer is far smaller, so the import stops"
    )]
    TooLarge { url: String, limit: u64 },
}

pub(super) fn malformed(context: impl Into<String>, message: impl Into<String>) -> ImportError {
    ImportError::Malformed { context: context.into(), message: message.into() }
}

pub(super) fn io(path: &Path) -> impl FnOnce(std::io::Error) -> ImportError + '_ {
    move |source| ImportError::Io { path: path.to_path_buf(), source }
}

/// An imported spec, not yet written.
#[derive(Debug, Clone)]
pub struct Imported {
    pub wiki: WikiInfo,
    pub modules: BTreeMap<String, Module>,
}

/// Reads a saved paraminfo answer (`{"paraminfo":{"helpformat":…,"modules":[…]}}`).
pub fn from_file(path: &Path) -> Result<Imported, ImportError> {
    let text = std::fs::read_to_string(path).map_err(io(path))?;
    let label = path.display().to_string();
    let json: Value = serde_json::from_str(&text).map_err(|source| ImportError::NotJson {
        url: label.clone(),
        source,
        excerpt: excerpt(&text),
    })?;
    check_api_answer(&label, &json)?;
    let (helpformat, raw) = modules_of(&label, &json)?;
    let server = raw.iter().find_map(|m| m.get("licenselink")?.as_str().and_then(origin)).unwrap_or_default();
    let mut modules = BTreeMap::new();
    for m in &raw {
        let module = module_from_json(m, &server)?;
        modules.insert(module.path.clone(), module);
    }
    let wiki = WikiInfo {
        generator: "unknown".into(),
        api: label,
        server,
        imported: today(),
        mwgen: env!("CARGO_PKG_VERSION").into(),
        helpformat,
        lang: "en".into(),
    };
    Ok(Imported { wiki, modules })
}

/// Turns an API error or warnings into an error: a spec must be complete.
pub(super) fn check_api_answer(url: &str, json: &Value) -> Result<(), ImportError> {
    let first_error = json.get("error").or_else(|| json.get("errors").and_then(|e| e.get(0)));
    if let Some(e) = first_error {
        let code = e.get("code").and_then(Value::as_str).unwrap_or("unknown").to_string();
        let info = ["info", "text", "*"].iter().find_map(|k| e.get(*k).and_then(Value::as_str)).unwrap_or("");
        return Err(ImportError::Api { url: url.to_string(), code, info: info.to_string() });
    }
    if let Some(w) = json.get("warnings") {
        return Err(ImportError::Warnings { url: url.to_string(), warnings: w.to_string() });
    }
    Ok(())
}

pub(super) fn modules_of(url: &str, json: &Value) -> Result<(HelpFormat, Vec<Value>), ImportError> {
    let pi = json.get("paraminfo").ok_or_else(|| malformed(url, "the answer has no `paraminfo`"))?;
    let helpformat = match pi.get("helpformat").and_then(Value::as_str) {
        Some("none") | None => HelpFormat::None,
        Some("wikitext") => HelpFormat::Wikitext,
        Some(other) => {
            return Err(malformed(
                url,
                format!("helpformat `{other}` is not supported; use wikitext or none"),
            ))
        }
    };
    let modules = pi
        .get("modules")
        .and_then(Value::as_array)
        .ok_or_else(|| malformed(url, "paraminfo has no `modules` list"))?
        .clone();
    Ok((helpformat, modules))
}

/// The scheme and authority of a URL (`http://127.0.0.1:8080`, `//en.wikipedia.org`), if it has one.
fn origin(url: &str) -> Option<String> {
    let rest_at =
        if let Some(r) = url.strip_prefix("//") { url.len() - r.len() } else { url.find("://")? + 3 };
    let end = url[rest_at..].find('/').map(|i| rest_at + i).unwrap_or(url.len());
    Some(url[..end].to_string())
}

/// One paraminfo module object → a [`Module`], naming the module and parameter in any error.
pub fn module_from_json(m: &Value, server: &str) -> Result<Module, ImportError> {
    let obj = m.as_object().ok_or_else(|| malformed("paraminfo", "a module is not an object"))?;
    let path = obj.get("path").and_then(Value::as_str).unwrap_or("?").to_string();
    let ctx = format!("module `{path}`");
    let mut head: Map<String, Value> = obj.clone();
    let plain = take_list(&mut head, "parameters", &ctx)?;
    let templated = take_list(&mut head, "templatedparameters", &ctx)?;
    if let Some(Value::String(link)) = head.get_mut("licenselink") {
        if !server.is_empty() && link.starts_with(server) && link[server.len()..].starts_with('/') {
            *link = link[server.len()..].to_string();
        }
    }
    let mut module: Module =
        serde_json::from_value(Value::Object(head)).map_err(|e| malformed(&ctx, e.to_string()))?;
    // The group and name become the module's file: refuse what could point outside the spec.
    if let Some(problem) = module.path_problem() {
        return Err(malformed(&ctx, problem));
    }

    let mut params: Vec<(u64, Map<String, Value>)> = Vec::new();
    for p in plain.into_iter().chain(templated) {
        let Value::Object(mut p) = p else { return Err(malformed(&ctx, "a parameter is not an object")) };
        let name = p.get("name").and_then(Value::as_str).unwrap_or("?").to_string();
        let pctx = format!("module `{path}`, parameter `{name}`");
        let index = p
            .remove("index")
            .and_then(|i| i.as_u64())
            .ok_or_else(|| malformed(&pctx, "missing or non-integer `index`"))?;
        if let Some(limit) = p.remove("limit") {
            let lo = p.get("lowlimit").cloned();
            let hi = p.get("highlimit").cloned();
            if Some(&limit) != lo.as_ref() && Some(&limit) != hi.as_ref() {
                return Err(malformed(&pctx, format!("limit {limit} is neither lowlimit nor highlimit")));
            }
        }
        params.push((index, p));
    }
    params.sort_by_key(|(i, _)| *i);
    for (pos, (index, p)) in params.into_iter().enumerate() {
        let name = p.get("name").and_then(Value::as_str).unwrap_or("?").to_string();
        let pctx = format!("module `{path}`, parameter `{name}`");
        if index != pos as u64 + 1 {
            return Err(malformed(&pctx, format!("index {index} where {} was expected", pos + 1)));
        }
        let param: Parameter =
            serde_json::from_value(Value::Object(p)).map_err(|e| malformed(&pctx, e.to_string()))?;
        module.parameters.push(param);
    }
    Ok(module)
}

fn take_list(o: &mut Map<String, Value>, key: &str, ctx: &str) -> Result<Vec<Value>, ImportError> {
    match o.remove(key) {
        None => Ok(Vec::new()),
        Some(Value::Array(a)) => Ok(a),
        Some(_) => Err(malformed(ctx, format!("`{key}` is not a list"))),
    }
}

/// The files of a spec directory, by relative path, as they would be written.
pub fn render(imported: &Imported) -> Result<BTreeMap<String, String>, ImportError> {
    let mut files = BTreeMap::new();
    for m in imported.modules.values() {
        let yaml =
            serde_yaml::to_string(m).map_err(|e| malformed(format!("module `{}`", m.path), e.to_string()))?;
        files.insert(m.file_path(), yaml);
    }
    let wiki = serde_yaml::to_string(&imported.wiki).map_err(|e| malformed(WIKI_FILE, e.to_string()))?;
    files.insert(WIKI_FILE.to_string(), wiki);
    Ok(files)
}

/// What [`write_spec`] did.
#[derive(Debug, Clone, Default)]
pub struct WriteReport {
    pub modules: usize,
    pub parameters: usize,
    pub changed_files: Vec<String>,
}

/// Writes the spec to `out` all at once: into a temporary sibling directory, checked by lint, then
/// swapped in. When no module changed, the existing wiki.yaml's import date is kept, so importing
/// the same wiki twice changes nothing.
pub fn write_spec(imported: &Imported, out: &Path) -> Result<WriteReport, ImportError> {
    let Prepared { imported, files, changed: changed_files } = prepare(imported, out)?;
    let staging = stage(&files, out)?;
    Spec::load(staging.path()).map_err(|e| ImportError::Lint(e.to_string()))?;
    swap_in(staging, out)?;
    Ok(WriteReport {
        modules: imported.modules.len(),
        parameters: imported.modules.values().map(|m| m.parameters.len()).sum(),
        changed_files,
    })
}

/// A core import ready to be staged: the modules (with what was carried over), their files, and which
/// files change.
pub(super) struct Prepared {
    pub imported: Imported,
    pub files: BTreeMap<String, String>,
    pub changed: Vec<String>,
}

/// The files a core import writes into `out` (with the sections and the date carried over from
/// what is there), and which of them change.
pub(super) fn prepare(imported: &Imported, out: &Path) -> Result<Prepared, ImportError> {
    let mut imported = imported.clone();
    let old = read_existing(out)?;
    keep_responses_from(&mut imported.modules, &old);
    let mut files = render(&imported)?;
    let modules_unchanged = files.iter().filter(|(k, _)| *k != WIKI_FILE).all(|(k, v)| old.get(k) == Some(v))
        && old.keys().filter(|k| *k != WIKI_FILE).all(|k| files.contains_key(k));
    if modules_unchanged {
        if let Some(old_wiki) = old.get(WIKI_FILE).and_then(|t| serde_yaml::from_str::<WikiInfo>(t).ok()) {
            imported.wiki.imported = old_wiki.imported;
            files = render(&imported)?;
        }
    }
    let changed_files = changed(&files, &old);
    // Modules from paraminfo are checked as they are read (`Module::path_problem`); this holds for any
    // `Imported`, before anything is written.
    if let Some((m, problem)) = imported.modules.values().find_map(|m| Some((m, m.path_problem()?))) {
        return Err(malformed(format!("module `{}`", m.path), problem));
    }
    Ok(Prepared { imported, files, changed: changed_files })
}

/// The files of `files` whose text differs from `old`'s, and those of `old` that go.
pub(super) fn changed(files: &BTreeMap<String, String>, old: &BTreeMap<String, String>) -> Vec<String> {
    let mut out: Vec<String> =
        files.iter().filter(|(k, v)| old.get(*k) != Some(*v)).map(|(k, _)| k.clone()).collect();
    out.extend(old.keys().filter(|k| !files.contains_key(*k)).cloned());
    out.sort();
    out
}

/// Writes `files` into a new temporary directory beside `out`, to be checked and swapped in.
pub(super) fn stage(files: &BTreeMap<String, String>, out: &Path) -> Result<tempfile::TempDir, ImportError> {
    let parent = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&parent).map_err(io(&parent))?;
    let staging =
        tempfile::Builder::new().prefix(".mwgen-import-").tempdir_in(&parent).map_err(io(&parent))?;
    for (rel, text) in files {
        let path = staging.path().join(rel);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(io(dir))?;
        }
        std::fs::write(&path, text).map_err(io(&path))?;
    }
    Ok(staging)
}

/// Replaces `out` with the staged directory (the old one is put back if that fails).
pub(super) fn swap_in(staging: tempfile::TempDir, out: &Path) -> Result<(), ImportError> {
    let parent = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    if out.exists() {
        let trash =
            tempfile::Builder::new().prefix(".mwgen-old-").tempdir_in(&parent).map_err(io(&parent))?;
        let old_place = trash.path().join("spec");
        std::fs::rename(out, &old_place).map_err(io(out))?;
        if let Err(e) = std::fs::rename(staging.path(), out) {
            // Put the old spec back rather than leave nothing.
            let _ = std::fs::rename(&old_place, out);
            return Err(ImportError::Io { path: out.to_path_buf(), source: e });
        }
    } else {
        std::fs::rename(staging.path(), out).map_err(io(out))?;
    }
    // The staging directory was moved into place: keep tempfile from deleting it.
    let _ = staging.keep();
    Ok(())
}

/// Carries the `response` and `constraints` sections of the spec in `dir` over to the imported
/// modules of the same path: paraminfo knows nothing of either (responses are learned by `mwgen
/// responses`, constraints written from MediaWiki's source). [`write_spec`] does this itself; call it
/// to compare an import with a spec on disk. Returns how many modules had something carried over.
pub fn keep_responses(imported: &mut Imported, dir: &Path) -> Result<usize, ImportError> {
    Ok(keep_responses_from(&mut imported.modules, &read_existing(dir)?))
}

/// As [`keep_responses`], for `modules` whose files (by [`Module::file_path`]) were `old`.
pub(super) fn keep_responses_from(
    modules: &mut BTreeMap<String, Module>,
    old: &BTreeMap<String, String>,
) -> usize {
    let mut kept = 0;
    for module in modules.values_mut() {
        if module.response.is_some() && !module.constraints.is_empty() {
            continue;
        }
        // A file that no longer parses is replaced whole, as before: its sections go with it.
        let Some(text) = old.get(&module.file_path()) else { continue };
        let Ok(previous) = serde_yaml::from_str::<Module>(text) else { continue };
        if previous.path != module.path {
            continue;
        }
        let mut carried = false;
        if module.response.is_none() && previous.response.is_some() {
            module.response = previous.response;
            carried = true;
        }
        if module.constraints.is_empty() && !previous.constraints.is_empty() {
            module.constraints = previous.constraints;
            carried = true;
        }
        kept += usize::from(carried);
    }
    kept
}

pub(super) fn read_existing(out: &Path) -> Result<BTreeMap<String, String>, ImportError> {
    let mut files = BTreeMap::new();
    if !out.is_dir() {
        return Ok(files);
    }
    let mut stack = vec![out.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).map_err(io(&dir))? {
            let path = entry.map_err(io(&dir))?.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "yaml") {
                let rel = path.strip_prefix(out).unwrap_or(&path).to_string_lossy().replace('\\', "/");
                let text = std::fs::read_to_string(&path).map_err(io(&path))?;
                files.insert(rel, text);
            }
        }
    }
    Ok(files)
}

/// The first 200 characters of an answer, for an error message: control characters (terminal escapes
/// among them) are shown escaped, never sent to the terminal.
pub(super) fn excerpt(text: &str) -> String {
    let mut t: String = text
        .chars()
        .take(200)
        .flat_map(|c| {
            let shown: Vec<char> =
                if c.is_control() && c != ' ' { c.escape_unicode().collect() } else { vec![c] };
            shown
        })
        .collect();
    if text.chars().count() > 200 {
        t.push('…');
    }
    t
}

/// Today's date (UTC) as `YYYY-MM-DD`, or the date of `SOURCE_DATE_EPOCH` when that is set.
pub(super) fn today() -> String {
    let secs =
        std::env::var("SOURCE_DATE_EPOCH").ok().and_then(|s| s.parse::<i64>().ok()).unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_secs() as i64)
                .unwrap_or(0)
        });
    let (y, m, d) = civil_from_days(secs.div_euclid(86_400));
    format!("{y:04}-{m:02}-{d:02}")
}

/// Proleptic Gregorian date from days since 1970-01-01.
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excerpts_escape_control_characters() {
        let e = excerpt("<html>\u{1b}[31mred\u{7}\u{9b}2J\n");
        assert_eq!(e, "<html>\\u{1b}[31mred\\u{7}\\u{9b}2J\\u{a}");
        assert!(!e.chars().any(char::is_control));
        assert_eq!(excerpt(&"a".repeat(300)).chars().count(), 201);
    }

    #[test]
    fn dates() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(20_414), (2025, 11, 22));
        assert_eq!(civil_from_days(11_016), (2000, 2, 29));
    }

    #[test]
    fn origins() {
        assert_eq!(origin("http://127.0.0.1:8139/index.php/X").as_deref(), Some("http://127.0.0.1:8139"));
        assert_eq!(origin("//en.wikipedia.org/wiki/X").as_deref(), Some("//en.wikipedia.org"));
        assert_eq!(origin("https://a.b").as_deref(), Some("https://a.b"));
        assert_eq!(origin("no-scheme"), None);
    }

    #[test]
    fn api_errors_and_warnings_are_errors() {
        let bc = serde_json::json!({"error": {"code": "badvalue", "info": "Unrecognized value"}});
        let e = check_api_answer("u", &bc).expect_err("error").to_string();
        assert_eq!(e, "u answered the API error `badvalue`: Unrecognized value");
        let modern =
            serde_json::json!({"errors": [{"code": "ratelimited", "text": "Slow down", "module": "main"}]});
        let e = check_api_answer("u", &modern).expect_err("errors").to_string();
        assert_eq!(e, "u answered the API error `ratelimited`: Slow down");
        let warned =
            serde_json::json!({"warnings": {"paraminfo": {"warnings": "The module \"x\" does not exist."}}});
        let e = check_api_answer("u", &warned).expect_err("warnings").to_string();
        assert!(e.starts_with("u answered with warnings, so the spec would be incomplete"), "{e}");
        assert!(check_api_answer("u", &serde_json::json!({"paraminfo": {}})).is_ok());
    }

    #[test]
    fn module_errors_name_module_and_parameter() {
        let m = serde_json::json!({
            "name": "x", "classname": "X", "path": "x", "group": "action", "prefix": "",
            "parameters": [{"index": 1, "name": "p", "type": "string", "required": false, "multi": false, "bogus": 1}],
            "templatedparameters": []
        });
        let e = module_from_json(&m, "").expect_err("bogus key").to_string();
        assert!(e.starts_with("module `x`, parameter `p`: unknown field `bogus`"), "{e}");
    }
}
