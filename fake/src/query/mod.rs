//! `action=query`: the page set (titles, page ids, revision ids, a generator's pages), the props
//! the fake answers over it, and the lists; the rest (metas, other helpers' lists, submodules the
//! fake does not answer) by their own methods through the generated runners. Continuation follows
//! ApiContinuationManager: props are continued before the generator advances, and `batchcomplete`
//! comes only when the props are done.

mod changes;
mod fileprops;
mod lists;
mod pageset;
mod props;
mod revisions;

use crate::Wiki;
use mediawiki_api::action::{self, QueryBody, QueryInterwiki, QueryPage};
use mediawiki_api::server::{run_generator, run_list, run_meta, run_prop};
use mediawiki_api::submodules::{Generator, List, Prop};
use mwgen_runtime::server::{Answer, Context, Produced, QueryOutput};
use mwgen_runtime::{ApiError, Submodule};
use pageset::PageSet;
use serde_json::{Map, Value};
use std::collections::BTreeMap;

pub(crate) use crate::listing::{bad_continue, escape, limit, param14, ts14, url_path, Pages, BIG};

/// The timestamp of page `id`'s latest revision (a search hit's time).
pub(crate) fn db_added(w: &Wiki, id: i64) -> Result<String, ApiError> {
    w.query_db(|c| {
        c.prepare_cached("SELECT revision.timestamp FROM page JOIN revision ON revision.id = page.latest WHERE page.id = ?1").and_then(|mut st| st.query_row([id],
            |r| r.get(0)))
    })
}

/// When page `id` was put in category `cat` (categorylinks' `cl_timestamp`): the first revision
/// of the run of latest revisions whose wikitext names the category.
pub(crate) fn cat_added(w: &Wiki, id: i64, cat: &str) -> Result<String, ApiError> {
    let revs: Vec<(String, String)> = w.query_db(|c| {
        let mut st =
            c.prepare_cached("SELECT timestamp, content FROM revision WHERE page = ?1 ORDER BY id DESC")?;
        let it = st.query_map([id], |r| Ok((r.get(0)?, r.get(1)?)))?;
        it.collect()
    })?;
    let names = |content: &str| {
        let flat = content.replace('_', " ").to_lowercase();
        flat.contains(&format!(":{}", cat.to_lowercase()))
    };
    let mut when = revs.first().map(|r| r.0.clone()).unwrap_or_default();
    for (ts, content) in &revs {
        if !names(content) {
            break;
        }
        when = ts.clone();
    }
    Ok(when)
}

/// What the continuation manager keeps: modules in order (props first), their continuation.
#[derive(Default)]
pub(crate) struct Cont {
    modules: Vec<(String, bool)>,
    data: Vec<(String, Vec<(String, String)>)>,
}

impl Cont {
    fn add(&mut self, module: &str, key: String, value: String) {
        match self.data.iter_mut().find(|(m, _)| m == module) {
            Some((_, kv)) => kv.push((key, value)),
            None => self.data.push((module.to_string(), vec![(key, value)])),
        }
    }

    /// Takes a runner's continuation (its `continue` object, without the `continue` key).
    fn take(&mut self, module: &str, p: &Produced) {
        let c = match p {
            Produced::Raw(v) => v.get("continue"),
            Produced::Root(o) => o.get("continue"),
        };
        if let Some(Value::Object(c)) = c {
            for (k, v) in c {
                if k != "continue" {
                    let v = v.as_str().map_or_else(|| v.to_string(), String::from);
                    self.add(module, k.clone(), v);
                }
            }
        }
    }
}

/// The parsed `continue` parameter: the generator's keys, the modules to skip, whether the
/// generator is done.
fn parse_continue(c: &Option<String>) -> Result<(Vec<String>, Vec<String>, bool), ApiError> {
    let Some(c) = c.as_deref().filter(|c| !c.is_empty()) else { return Ok((Vec::new(), Vec::new(), false)) };
    let parts: Vec<&str> = c.split("||").collect();
    if parts.len() != 2 {
        return Err(bad_continue());
    }
    let done = parts[0] == "-";
    let keys = if done { Vec::new() } else { parts[0].split('|').map(String::from).collect() };
    Ok((keys, parts[1].split('|').map(String::from).collect(), done))
}

/// `action=query`.
pub(crate) async fn query(w: &Wiki, req: action::Query, cx: &Context) -> Answer {
    let (gen_keys, skip, gen_done) = parse_continue(&req.r#continue)?;
    let mut cm = Cont::default();
    for p in &req.prop {
        cm.modules.push((p.name().to_string(), true));
    }
    for l in &req.list {
        cm.modules.push((l.name().to_string(), false));
    }
    for m in &req.meta {
        cm.modules.push((m.name().to_string(), false));
    }
    let given = [
        ("titles", !req.titles.is_empty()),
        ("pageids", !req.pageids.is_empty()),
        ("revids", !req.revids.is_empty()),
    ];
    let mut source: Option<&str> = None;
    for (name, set) in given {
        if set {
            if let Some(first) = source {
                return Err(ApiError::new(
                    "multisource",
                    format!("The \"{name}\" parameter cannot be used with \"{first}\"."),
                ));
            }
            source = Some(name);
        }
    }
    let mut others: Vec<Produced> = Vec::new();
    let mut set = PageSet::new(req.redirects);
    // The generator's continuation (`(param, value)`), and the value of its continue parameter
    // as the request gave it (what props continuing keep).
    let mut gen_cont: Option<(String, String)> = None;
    let mut gen_in: Vec<(String, String)> = Vec::new();
    let mut gen_name = "";
    // Generator data: list=search's `index` of each page.
    let mut index: BTreeMap<i64, i64> = BTreeMap::new();
    match req.generator {
        // `continue=-||…`: the page set is done; nothing of it is looked at again.
        _ if gen_done => {}
        Some(g) => {
            let mut base = PageSet::new(false);
            base.add_titles(w, &req.titles)?;
            base.add_pageids(w, &req.pageids)?;
            base.add_revids(w, &req.revids)?;
            gen_name = g.name();
            let (prefix, incoming) = match &g {
                Generator::Allpages(r) => ("gap", r.r#continue.clone()),
                Generator::Categorymembers(r) => ("gcm", r.r#continue.clone()),
                Generator::Backlinks(r) => ("gbl", r.r#continue.clone()),
                Generator::Embeddedin(r) => ("gei", r.r#continue.clone()),
                Generator::Search(r) => ("gsr", r.offset.map(|o| o.to_string())),
                Generator::Recentchanges(r) => ("grc", r.r#continue.clone()),
                Generator::Links(r) => ("gpl", r.r#continue.clone()),
                Generator::Revisions(r) => ("grv", r.r#continue.clone()),
                Generator::Templates(r) => ("gtl", r.r#continue.clone()),
                Generator::Categories(r) => ("gcl", r.r#continue.clone()),
                _ => ("g", None),
            };
            let own = if matches!(g, Generator::Search(_)) { "offset" } else { "continue" };
            for k in &gen_keys {
                if *k == format!("{prefix}{own}") {
                    if let Some(v) = &incoming {
                        gen_in.push((k.clone(), v.clone()));
                    }
                }
            }
            let cont = |c: Option<(&'static str, String)>| c.map(|(k, v)| (format!("{prefix}{k}"), v));
            match g {
                Generator::Allpages(r) => {
                    let l = lists::allpages(w, &r, cx)?;
                    l.rows.into_iter().for_each(|x| set.add_row(x));
                    gen_cont = cont(l.cont);
                }
                Generator::Categorymembers(r) => {
                    let l = lists::categorymembers(w, &r, cx)?;
                    l.rows.into_iter().for_each(|x| set.add_row(x));
                    gen_cont = cont(l.cont);
                }
                Generator::Backlinks(r) => {
                    let l = lists::backlinks(w, &r, cx)?;
                    l.rows.into_iter().for_each(|x| set.add_row(x));
                    gen_cont = cont(l.cont);
                }
                Generator::Embeddedin(r) => {
                    let l = lists::embeddedin(w, &r, cx)?;
                    l.rows.into_iter().for_each(|x| set.add_row(x));
                    gen_cont = cont(l.cont);
                }
                Generator::Search(r) => {
                    let (l, _) = lists::search(w, &r, cx)?;
                    let offset = r.offset.unwrap_or(0);
                    for (i, x) in l.rows.into_iter().enumerate() {
                        index.insert(x.id, offset + i as i64 + 1);
                        set.add_row(x);
                    }
                    gen_cont = cont(l.cont);
                }
                Generator::Revisions(r) => {
                    let (ids, c) = revisions::generate(w, &r, &base, cx)?;
                    set.add_revids(w, &ids)?;
                    gen_cont = cont(c.map(|c| ("continue", c)));
                }
                Generator::Recentchanges(r) => {
                    let (_, titles, c) = changes::recentchanges(w, &r, cx)?;
                    set.add_title_objs(w, titles)?;
                    gen_cont = cont(c.map(|c| ("continue", c)));
                }
                Generator::Links(r) => {
                    let f = props::links(w, &r, &base, cx)?;
                    set.add_title_objs(w, props::as_titles(&f))?;
                    gen_cont = cont(f.cont.map(|v| ("continue", v)));
                }
                Generator::Templates(r) => {
                    let f = props::templates(w, &r, &base, cx)?;
                    set.add_title_objs(w, props::as_titles(&f))?;
                    gen_cont = cont(f.cont.map(|v| ("continue", v)));
                }
                Generator::Categories(r) => {
                    let f = props::categories(w, &r, &base, cx)?;
                    set.add_title_objs(w, props::as_titles(&f))?;
                    gen_cont = cont(f.cont.map(|v| ("continue", v)));
                }
                g => {
                    others.push(run_generator(w, g, cx).await?);
                }
            }
        }
        None => {
            set.add_titles(w, &req.titles)?;
            set.add_pageids(w, &req.pageids)?;
            set.add_revids(w, &req.revids)?;
        }
    }
    set.resolve_redirects(w)?;
    let out = set.output(w);
    let mut pages = out.pages;
    for (id, i) in index {
        if let Some(p) = pages.get_mut(&id) {
            p.index = Some(i);
        }
    }
    let mut body = QueryBody::default();
    for p in req.prop {
        let name = p.name();
        if gen_done || skip.iter().any(|s| s == name) {
            continue;
        }
        match p {
            Prop::Info(r) => props::info(w, &r, &set, &mut pages, cx)?,
            Prop::Imageinfo(r) => {
                if let Some((k, v)) = crate::files::imageinfo(w, &r, &mut pages, cx)? {
                    cm.add(name, k, v);
                }
            }
            Prop::Categoryinfo(_) => fileprops::categoryinfo(w, &mut pages)?,
            Prop::Pageprops(_) => {}
            Prop::Revisions(r) => {
                if let Some(c) = revisions::revisions(w, &r, &set, &mut pages, cx)? {
                    cm.add(name, "rvcontinue".into(), c);
                }
            }
            Prop::Links(r) => {
                let f = props::links(w, &r, &set, cx)?;
                props::put_links(w, &f, &mut pages, false);
                if let Some(c) = f.cont {
                    cm.add(name, "plcontinue".into(), c);
                }
            }
            Prop::Templates(r) => {
                let f = props::templates(w, &r, &set, cx)?;
                props::put_links(w, &f, &mut pages, true);
                if let Some(c) = f.cont {
                    cm.add(name, "tlcontinue".into(), c);
                }
            }
            Prop::Categories(r) => {
                let f = props::categories(w, &r, &set, cx)?;
                props::put_categories(w, &r, &set, &f, &mut pages)?;
                if let Some(c) = f.cont {
                    cm.add(name, "clcontinue".into(), c);
                }
            }
            p => {
                let got = run_prop(w, p, cx).await?;
                cm.take(name, &got);
                others.push(got);
            }
        }
    }
    for l in req.list {
        let name = l.name();
        if skip.iter().any(|s| s == name) {
            continue;
        }
        let mut cont = |c: Option<(&'static str, String)>, p: &str| {
            if let Some((k, v)) = c {
                cm.add(name, format!("{p}{k}"), v);
            }
        };
        match l {
            List::Allpages(r) => {
                let x = lists::allpages(w, &r, cx)?;
                body.allpages = Some(x.items);
                cont(x.cont, "ap");
            }
            List::Categorymembers(r) => {
                let x = lists::categorymembers(w, &r, cx)?;
                body.categorymembers = Some(x.items);
                cont(x.cont, "cm");
            }
            List::Backlinks(r) => {
                let x = lists::backlinks(w, &r, cx)?;
                body.backlinks = Some(x.items);
                cont(x.cont, "bl");
            }
            List::Embeddedin(r) => {
                let x = lists::embeddedin(w, &r, cx)?;
                body.embeddedin = Some(x.items);
                cont(x.cont, "ei");
            }
            List::Recentchanges(r) => {
                let (items, _, c) = changes::recentchanges(w, &r, cx)?;
                body.recentchanges = Some(items);
                cont(c.map(|c| ("continue", c)), "rc");
            }
            List::Logevents(r) => {
                let (items, c) = changes::logevents(w, &r, cx)?;
                body.logevents = Some(items);
                cont(c.map(|c| ("continue", c)), "le");
            }
            List::Usercontribs(r) => {
                let (items, c) = changes::usercontribs(w, &r, cx)?;
                body.usercontribs = Some(items);
                cont(c.map(|c| ("continue", c)), "uc");
            }
            List::Search(r) => {
                let mut info: Vec<&str> = r.info.iter().map(|i| i.as_str()).collect();
                if info.is_empty() {
                    info = vec!["totalhits", "suggestion", "rewrittenquery"];
                }
                let (x, total) = lists::search(w, &r, cx)?;
                if info.contains(&"totalhits") {
                    body.searchinfo = Some(Box::new(mediawiki_api::list::SearchSearchinfo {
                        totalhits: total,
                        extra: Default::default(),
                    }));
                }
                body.search = Some(x.items);
                cont(x.cont, "sr");
            }
            l => {
                let got = run_list(w, l, cx).await?;
                cm.take(name, &got);
                others.push(got);
            }
        }
    }
    for m in req.meta {
        let name = m.name();
        if skip.iter().any(|s| s == name) {
            continue;
        }
        let got = run_meta(w, m, cx).await?;
        cm.take(name, &got);
        others.push(got);
    }
    if !out.normalized.is_empty() {
        body.normalized = Some(out.normalized);
    }
    if !set.interwiki.is_empty() {
        let iw = set
            .interwiki
            .iter()
            .map(|(title, prefix, rest)| QueryInterwiki {
                iw: prefix.clone(),
                title: title.clone(),
                url: req.iwurl.then(|| pageset::interwiki_url(w, prefix, rest)).flatten(),
                extra: Default::default(),
            })
            .collect();
        body.interwiki = Some(iw);
    }
    if !out.redirects.is_empty() {
        body.redirects = Some(out.redirects);
    }
    if !out.badrevids.is_empty() {
        body.badrevids = Some(out.badrevids.into_iter().collect());
    }
    if !pages.is_empty() {
        if req.indexpageids {
            body.pageids =
                Some(out.order.iter().filter(|k| pages.contains_key(k)).map(|k| k.to_string()).collect());
        }
        body.pages = Some(page_list(pages, &out.order, cx));
    }
    let answer = if req.rawcontinue {
        raw_continue(body, others, cm, gen_cont.map(|(k, v)| (gen_name, k, v)))?
    } else {
        compose(body, others, cm, gen_cont, gen_in)?
    };
    Ok(answer)
}

/// The pages in the order the answer lists them. formatversion=2 sorts them by key (the router
/// writes them as given); formatversion=1 keys them by page id in the page set's order (the order
/// `indexpageids` gives), which the formatversion=1 rendering keeps: so for it the pages with ids
/// come in that order, after those without.
fn page_list(pages: Pages, order: &[i64], cx: &Context) -> Vec<QueryPage> {
    let fv2 = matches!(cx.raw_param("formatversion"), Some("2" | "latest"));
    if fv2 {
        return pages.into_values().collect();
    }
    let (without, with): (Vec<_>, Vec<_>) = pages.into_iter().partition(|(k, _)| *k < 0);
    let rank = |k: &i64| order.iter().position(|o| o == k).unwrap_or(usize::MAX);
    let mut with = with;
    with.sort_by_key(|(k, _)| (rank(k), *k));
    without.into_iter().chain(with).map(|(_, p)| p).collect()
}

/// The fake's part and the runners' parts, in one answer without the envelope's continuation.
fn gather(body: QueryBody, others: Vec<Produced>) -> Answer {
    let q = serde_json::to_value(&body).map_err(|e| {
        ApiError::new("internal_api_error_fake", format!("The answer could not be written: {e}."))
    })?;
    let mut out = QueryOutput::default();
    if q.as_object().is_some_and(|o| !o.is_empty()) {
        let mut root = Map::new();
        root.insert("query".into(), q);
        out.add_produced(Produced::Root(root));
    }
    for p in others {
        out.add_produced(p);
    }
    let mut answer = out.finish();
    if let Value::Object(o) = &mut answer {
        o.remove("batchcomplete");
        o.remove("continue");
    }
    Ok(answer)
}

/// `rawcontinue`: each module's continuation under its name in `query-continue` (the generator's
/// beside a module of the same name), and no `batchcomplete`.
fn raw_continue(
    body: QueryBody,
    others: Vec<Produced>,
    cm: Cont,
    generator: Option<(&str, String, String)>,
) -> Answer {
    let mut answer = gather(body, others)?;
    let mut raw = Map::new();
    let mut put = |m: &str, k: String, v: String| {
        let entry = raw.entry(m.to_string()).or_insert_with(|| Value::Object(Map::new()));
        if let Value::Object(o) = entry {
            let v = continue_value(&k, &v);
            o.insert(k, v);
        }
    };
    for (m, kv) in cm.data {
        for (k, v) in kv {
            put(&m, k, v);
        }
    }
    if let Some((m, k, v)) = generator {
        put(m, k, v);
    }
    let Value::Object(o) = &mut answer else { return Ok(answer) };
    if raw.is_empty() {
        return Ok(answer);
    }
    let mut head = Map::new();
    head.insert("query-continue".into(), Value::Object(raw));
    head.extend(std::mem::take(o));
    Ok(Value::Object(head))
}

/// A continuation value as the wiki writes it: offsets (`sroffset`) are numbers, the rest strings.
fn continue_value(key: &str, v: &str) -> Value {
    match v.parse::<i64>() {
        Ok(n) if key.ends_with("offset") => Value::from(n),
        _ => Value::String(v.to_string()),
    }
}

/// The answer: the fake's own part, the runners' parts, and the continuation as
/// ApiContinuationManager::getContinuation makes it.
fn compose(
    body: QueryBody,
    others: Vec<Produced>,
    cm: Cont,
    gen_cont: Option<(String, String)>,
    gen_in: Vec<(String, String)>,
) -> Answer {
    let mut answer = gather(body, others)?;
    let prop = |m: &str| cm.modules.iter().any(|(n, p)| n == m && *p);
    let mut finished: Vec<&str> =
        cm.modules.iter().map(|(n, _)| n.as_str()).filter(|n| !cm.data.iter().any(|(m, _)| m == n)).collect();
    let mut data: Vec<(String, String)> = Vec::new();
    let put = |data: &mut Vec<(String, String)>, kv: &[(String, String)]| {
        for (k, v) in kv {
            if !data.iter().any(|(d, _)| d == k) {
                data.push((k.clone(), v.clone()));
            }
        }
    };
    for (m, kv) in &cm.data {
        if !prop(m) {
            put(&mut data, kv);
        }
    }
    let props_continue = cm.data.iter().any(|(m, _)| prop(m));
    let (keys, complete) = if props_continue {
        for (m, kv) in &cm.data {
            if prop(m) {
                put(&mut data, kv);
            }
        }
        put(&mut data, &gen_in);
        (gen_in.iter().map(|(k, _)| k.as_str()).collect::<Vec<_>>().join("|"), false)
    } else if let Some(g) = &gen_cont {
        put(&mut data, std::slice::from_ref(g));
        finished.retain(|n| !prop(n));
        (g.0.clone(), true)
    } else {
        ("-".to_string(), true)
    };
    let Value::Object(o) = &mut answer else { return Ok(answer) };
    let mut head = Map::new();
    if complete {
        head.insert("batchcomplete".into(), Value::Bool(true));
    }
    if !data.is_empty() || keys != "-" {
        let mut c = Map::new();
        for (k, v) in data {
            let v = continue_value(&k, &v);
            c.insert(k, v);
        }
        c.insert("continue".into(), Value::String(format!("{keys}||{}", finished.join("|"))));
        head.insert("continue".into(), Value::Object(c));
    }
    head.extend(std::mem::take(o));
    Ok(Value::Object(head))
}
