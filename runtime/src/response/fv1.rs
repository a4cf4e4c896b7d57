//! formatversion=1 from formatversion=2: [`render`] turns an answer as MediaWiki writes it with
//! `formatversion=2` into the answer it writes without (formatversion=1, the default of `format=json`).
//!
//! MediaWiki builds one result and lets the printer transform it (`ApiResult::applyTransformations`
//! with the `BC` transform, `ApiFormatJson::execute`). What the BC transform does depends on metadata
//! that the modules attach to parts of the result; an answer in formatversion=2 no longer holds that
//! metadata, so the places where modules attach it are listed here (`RULES`, read from
//! `includes/api/*.php` of MediaWiki 1.39 and checked against a live wiki by
//! `tests/tests/live_fv1.rs`):
//!
//! - every boolean becomes `""` when true and is left out when false, except the keys a module
//!   keeps as booleans (`META_BC_BOOLS`: user options, siteinfo's `variantarticlepath`, …);
//! - a module's "content" key is written `*` (`META_CONTENT`: a revision slot's `content`, a
//!   langlink's `title`, a warning's text, …);
//! - some strings become `{"*": …}` (`META_BC_SUBELEMENTS`: parse's `text`, query's `export`, …);
//! - `query.pages` is an object keyed by page id, missing and invalid pages by negative ids
//!   (`BCarray`); siteinfo's `thumblimits` and `imagelimits` are lists (`BCassoc`); parse's and
//!   expandtemplates' `properties` and `indicators` are lists of `{"name": …, "*": …}` (`BCkvp`).
//!
//! Not recoverable from the formatversion=2 answer alone: expandtemplates without `prop` (the
//! deprecated form), which answers `wikitext` in formatversion=2 and `*` in formatversion=1, while
//! with `prop=wikitext` both say `wikitext`; it is left as `wikitext`.

use serde_json::{Map, Value};

/// What the BC transform does at one place of the answer.
#[derive(Debug, Clone, Copy)]
enum Rule {
    /// The object's content key (one of these) is written `*`.
    Content(&'static [&'static str]),
    /// These keys of the object hold `{"*": value}`.
    Sub(&'static [&'static str]),
    /// These keys of the object stay booleans (`None`: every key).
    KeepBools(Option<&'static [&'static str]>),
    /// The object becomes a list of `{"<name>": key, "*": value}`.
    Kvp(&'static str),
    /// The object (keys `0`…`n-1`) becomes a list.
    List,
    /// The list of pages becomes an object keyed by page id, negative ids for pages without one.
    Pages,
}

/// Where each rule applies. A place is the keys from the answer's root, `[]` for a list's item and
/// `*` for any key; `**.` in front matches any beginning.
const RULES: &[(&str, Rule)] = &[
    // The envelope (ApiMain, ApiErrorFormatter and its BackCompat form).
    ("", Rule::Content(&["docref"])),
    ("", Rule::Sub(&["parsetree"])),
    ("error", Rule::Content(&["docref", "trace"])),
    ("warnings.*", Rule::Content(&["warnings"])),
    ("errors[]", Rule::Content(&["text", "html"])),
    ("warnings[]", Rule::Content(&["text", "html"])),
    // action=query and its page set.
    ("query", Rule::Sub(&["export"])),
    ("query.pages", Rule::Pages),
    // Revisions (prop=revisions, prop=deletedrevisions, list=allrevisions, …).
    ("**.revisions[].slots.*", Rule::Content(&["content"])),
    ("**.deletedrevisions[].slots.*", Rule::Content(&["content"])),
    ("**.revisions[]", Rule::Content(&["content"])),
    ("**.deletedrevisions[]", Rule::Content(&["content"])),
    ("**.revisions[].diff", Rule::Content(&["body"])),
    ("**.deletedrevisions[].diff", Rule::Content(&["body"])),
    ("query.deletedrevs[].revisions[]", Rule::Content(&["text"])),
    // Props and lists.
    ("query.pages[].iwlinks[]", Rule::Content(&["title"])),
    ("query.pages[].langlinks[]", Rule::Content(&["title"])),
    ("query.pages[].extlinks[]", Rule::Content(&["url"])),
    ("**.metadata[]", Rule::KeepBools(Some(&["value"]))),
    ("**.commonmetadata[]", Rule::KeepBools(Some(&["value"]))),
    ("**.metadata[].value[]", Rule::KeepBools(Some(&["value"]))),
    ("**.commonmetadata[].value[]", Rule::KeepBools(Some(&["value"]))),
    ("query.allcategories[]", Rule::Content(&["category"])),
    ("query.allmessages[]", Rule::Content(&["content"])),
    // meta=siteinfo and meta=userinfo.
    ("query.general", Rule::KeepBools(Some(&["variantarticlepath"]))),
    ("query.general.thumblimits", Rule::List),
    ("query.general.imagelimits", Rule::List),
    ("query.namespaces.*", Rule::Content(&["name"])),
    ("query.namespacealiases[]", Rule::Content(&["alias"])),
    ("query.languages[]", Rule::Content(&["name"])),
    ("query.skins[]", Rule::Content(&["name"])),
    ("query.defaultoptions", Rule::KeepBools(None)),
    ("query.userinfo.options", Rule::KeepBools(None)),
    ("query.userinfo.acceptlang[]", Rule::Content(&["code"])),
    // action=compare.
    ("compare", Rule::Content(&["body"])),
    // action=parse.
    (
        "parse",
        Rule::Sub(&[
            "text",
            "wikitext",
            "parsedsummary",
            "categorieshtml",
            "headhtml",
            "psttext",
            "limitreporthtml",
            "parsetree",
        ]),
    ),
    ("parse.langlinks[]", Rule::Content(&["title"])),
    ("parse.categories[]", Rule::Content(&["category"])),
    ("parse.links[]", Rule::Content(&["title"])),
    ("parse.templates[]", Rule::Content(&["title"])),
    ("parse.iwlinks[]", Rule::Content(&["title"])),
    ("parse.headitems[]", Rule::Content(&["content"])),
    ("parse.indicators", Rule::Kvp("name")),
    ("parse.properties", Rule::Kvp("name")),
    // action=expandtemplates.
    ("expandtemplates.categories[]", Rule::Content(&["category"])),
    ("expandtemplates.properties", Rule::Kvp("name")),
];

/// Renders `answer`, an answer of api.php in formatversion=2 (a module's part, or a whole answer
/// with its envelope), as MediaWiki writes it in formatversion=1.
///
/// ```
/// # use mwgen_runtime::response::fv1;
/// # use serde_json::json;
/// let fv2 = json!({"batchcomplete": true, "query": {"pages": [
///     {"ns": 0, "title": "Nope", "missing": true},
///     {"pageid": 7, "ns": 0, "title": "Main Page", "new": false},
/// ]}});
/// let fv1 = json!({"batchcomplete": "", "query": {"pages": {
///     "-1": {"ns": 0, "title": "Nope", "missing": ""},
///     "7": {"pageid": 7, "ns": 0, "title": "Main Page"},
/// }}});
/// assert_eq!(fv1::render(fv2), fv1);
/// ```
pub fn render(answer: Value) -> Value {
    node(answer, &mut Vec::new())
}

/// Where a value is: the keys from the root, `[]` for a list's item.
type Place = Vec<String>;

/// Whether pattern `pat` names place `path`.
fn matches<S: AsRef<str>>(pat: &str, path: &[S]) -> bool {
    let (anywhere, pat) = match pat.strip_prefix("**.") {
        Some(rest) => (true, rest),
        None => (false, pat),
    };
    let segs = segments(pat);
    if anywhere {
        segs.len() <= path.len() && fits(&segs, &path[path.len() - segs.len()..])
    } else {
        segs.len() == path.len() && fits(&segs, path)
    }
}

fn fits<S: AsRef<str>>(segs: &[&str], path: &[S]) -> bool {
    segs.iter().zip(path).all(|(s, p)| {
        let p = p.as_ref();
        *s == p || (*s == "*" && p != "[]")
    })
}

/// `a.b[].c` → `["a", "b", "[]", "c"]`.
fn segments(pat: &str) -> Vec<&str> {
    let mut out = Vec::new();
    for part in pat.split('.').filter(|p| !p.is_empty()) {
        let mut rest = part;
        let mut items = 0;
        while let Some(head) = rest.strip_suffix("[]") {
            rest = head;
            items += 1;
        }
        out.push(rest);
        out.extend(std::iter::repeat_n("[]", items));
    }
    out
}

fn rules_at(path: &[String]) -> impl Iterator<Item = Rule> + '_ {
    RULES.iter().filter(move |(pat, _)| matches(pat, path)).map(|(_, r)| *r)
}

/// Renders the value at `path` (its own booleans are its parent's business: [`bc_bool`]).
fn node(v: Value, path: &mut Place) -> Value {
    match v {
        Value::Object(o) => object(o, path),
        Value::Array(a) => array(a, path),
        other => other,
    }
}

/// A child's boolean as the BC transform leaves it: `""`, or gone.
fn bc_bool(v: Value, kept: bool) -> Option<Value> {
    match v {
        Value::Bool(b) if !kept => b.then(|| Value::String(String::new())),
        other => Some(other),
    }
}

fn object(mut o: Map<String, Value>, path: &mut Place) -> Value {
    let mut keep_all = false;
    let mut keep: &[&str] = &[];
    let mut kvp = None;
    let mut list = false;
    for rule in rules_at(path) {
        match rule {
            Rule::Content(keys) => {
                if let Some(k) = keys.iter().find(|k| o.contains_key(**k)) {
                    if let Some(v) = o.shift_remove(*k) {
                        o.insert("*".into(), v);
                    }
                }
            }
            Rule::Sub(keys) => {
                for k in keys {
                    if let Some(v) = o.get_mut(*k) {
                        let inner = std::mem::take(v);
                        let mut wrapped = Map::new();
                        wrapped.insert("*".into(), inner);
                        *v = Value::Object(wrapped);
                    }
                }
            }
            Rule::KeepBools(None) => keep_all = true,
            Rule::KeepBools(Some(keys)) => keep = keys,
            Rule::Kvp(name) => kvp = Some(name),
            Rule::List => list = true,
            Rule::Pages => {}
        }
    }
    let had_keys = !o.is_empty();
    let mut out = Map::new();
    for (k, v) in o {
        let kept = keep_all || keep.contains(&k.as_str());
        // The key is the path's last segment while its value is rendered.
        path.push(k);
        let rendered = node(v, path);
        let k = path.pop().unwrap_or_default();
        if let Some(v) = bc_bool(rendered, kept) {
            out.insert(k, v);
        }
    }
    if let Some(name) = kvp {
        return Value::Array(
            out.into_iter()
                .map(|(k, v)| {
                    let mut item = Map::new();
                    item.insert(name.into(), Value::String(k));
                    item.insert("*".into(), v);
                    Value::Object(item)
                })
                .collect(),
        );
    }
    // An object whose every key was a false boolean is an empty PHP array: a list.
    if (had_keys && out.is_empty())
        || (list && out.keys().enumerate().all(|(i, k)| k.parse::<usize>() == Ok(i)))
    {
        return Value::Array(out.into_iter().map(|(_, v)| v).collect());
    }
    Value::Object(out)
}

fn array(a: Vec<Value>, path: &mut Place) -> Value {
    let pages = rules_at(path).any(|r| matches!(r, Rule::Pages));
    path.push("[]".into());
    let items: Vec<Option<Value>> = a.into_iter().map(|v| bc_bool(node(v, path), false)).collect();
    path.pop();
    if pages {
        return php_array(pages_by_id(items.into_iter().flatten().collect()));
    }
    if items.iter().all(Option::is_some) || trailing_gaps_only(&items) {
        return Value::Array(items.into_iter().flatten().collect());
    }
    // A false left out of the middle of a list: PHP's array is no longer a list, but an object
    // keyed by the remaining indexes.
    Value::Object(items.into_iter().enumerate().filter_map(|(i, v)| Some((i.to_string(), v?))).collect())
}

/// Whether the only left-out items are at the end (the rest still counts `0…n-1`).
fn trailing_gaps_only(items: &[Option<Value>]) -> bool {
    let kept = items.iter().take_while(|v| v.is_some()).count();
    items[kept..].iter().all(Option::is_none)
}

/// An array keyed by integers as PHP's ApiResult writes it without a type of its own: a list, sorted
/// by key, when its largest key is one less than its length (`{-1, 1}` → `[page -1, page 1]`), an
/// object otherwise (ApiResult::applyTransformations).
fn php_array(keyed: Map<String, Value>) -> Value {
    let keys: Option<Vec<i64>> = keyed.keys().map(|k| k.parse::<i64>().ok()).collect();
    match keys {
        Some(keys) if !keys.is_empty() && keys.iter().max() == Some(&(keys.len() as i64 - 1)) => {
            let mut items: Vec<(i64, Value)> =
                keys.into_iter().zip(keyed.into_iter().map(|(_, v)| v)).collect();
            items.sort_by_key(|(k, _)| *k);
            Value::Array(items.into_iter().map(|(_, v)| v).collect())
        }
        _ => Value::Object(keyed),
    }
}

/// `query.pages` keyed as formatversion=1 writes it. formatversion=2 sorts the pages by their key:
/// the pages without a page id (missing or invalid titles, special pages) first, with the fake ids
/// the page set gave them in turn (`-1`, `-2`, …), so the first of `n` such pages had `-n`.
/// formatversion=1 keeps the page set's order: those pages from `-1` on, then the others.
fn pages_by_id(pages: Vec<Value>) -> Map<String, Value> {
    let id = |p: &Value| p.get("pageid").and_then(Value::as_i64);
    let fake = pages.iter().filter(|p| id(p).is_none()).count();
    let mut with_fake: Vec<(String, Value)> = Vec::new();
    let mut rest: Vec<(String, Value)> = Vec::new();
    for (i, p) in pages.into_iter().enumerate() {
        match id(&p) {
            Some(n) => rest.push((n.to_string(), p)),
            None => with_fake.push(((i as i64 - fake as i64).to_string(), p)),
        }
    }
    with_fake.into_iter().rev().chain(rest).collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn pages_whose_largest_key_is_their_count_less_one_are_a_list() {
        use serde_json::json;
        // Observed on the wiki: a missing title and page 1 (keys -1 and 1) come as a list.
        let fv2 = json!({"query": {"pages": [{"title": "X", "missing": true}, {"pageid": 1, "title": "Main Page"}]}});
        let fv1 = super::render(fv2);
        assert_eq!(
            fv1["query"]["pages"],
            json!([{"title": "X", "missing": ""}, {"pageid": 1, "title": "Main Page"}])
        );
        // Keys -1 and 5: an object.
        let fv2 = json!({"query": {"pages": [{"title": "X", "missing": true}, {"pageid": 5, "title": "P"}]}});
        assert!(super::render(fv2)["query"]["pages"].is_object());
    }

    use super::*;
    use serde_json::json;

    #[test]
    fn places_match_their_patterns() {
        assert!(matches("query.pages", &["query", "pages"]));
        assert!(matches(
            "**.revisions[].slots.*",
            &["query", "pages", "[]", "revisions", "[]", "slots", "main"]
        ));
        assert!(!matches("query.namespaces.*", &["query", "namespaces", "[]"]));
        assert!(matches::<&str>("", &[]));
        assert!(!matches("", &["query"]));
    }

    #[test]
    fn content_subelements_kvp_and_lists() {
        let fv2 = json!({
            "parse": {"title": "X", "text": "<p>x</p>", "properties": {"a": "1"}, "links": [{"ns": 0, "title": "Y", "exists": false}]},
            "query": {"general": {"variantarticlepath": false, "thumblimits": {"0": 120, "1": 150}, "rtl": false, "mainpage": "M"}},
        });
        let fv1 = json!({
            "parse": {"title": "X", "text": {"*": "<p>x</p>"}, "properties": [{"name": "a", "*": "1"}], "links": [{"ns": 0, "*": "Y"}]},
            "query": {"general": {"variantarticlepath": false, "thumblimits": [120, 150], "mainpage": "M"}},
        });
        assert_eq!(render(fv2), fv1);
    }

    #[test]
    fn a_false_in_the_middle_of_a_list_keys_the_rest() {
        assert_eq!(render(json!({"x": [true, false, true]})), json!({"x": {"0": "", "2": ""}}));
        assert_eq!(render(json!({"x": [true, false]})), json!({"x": [""]}));
    }
}
