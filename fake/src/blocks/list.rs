//! `list=blocks` (includes/api/ApiQueryBlocks.php): the blocks in force, newest first by default,
//! continued by `timestamp|id`.

use crate::block_store::{block_row, BlockRow, BLOCK_COLUMNS};
use crate::time;
use crate::Wiki;
use mediawiki_api::action::{QueryBody, QueryResponse};
use mediawiki_api::enums::DirNewerOlder;
use mediawiki_api::list::{self, BlocksItem, BlocksProp, BlocksShow};
use mwgen_runtime::response::Envelope;
use mwgen_runtime::server::{Context, Typed};
use mwgen_runtime::{ApiError, Limit};
use serde_json::{json, Map, Value};

const DEFAULT_PROPS: [BlocksProp; 7] = [
    BlocksProp::Id,
    BlocksProp::User,
    BlocksProp::By,
    BlocksProp::Timestamp,
    BlocksProp::Expiry,
    BlocksProp::Reason,
    BlocksProp::Flags,
];

/// `list=blocks`.
pub(crate) async fn list_blocks(w: &Wiki, req: list::Blocks, cx: &Context) -> Typed<QueryResponse> {
    let high = w.has_right(cx, "apihighlimits");
    let limit = req.limit.unwrap_or(Limit::Value(10)).resolve(if high { 5000 } else { 500 }) as usize;
    let props: Vec<BlocksProp> = if req.prop.is_empty() { DEFAULT_PROPS.to_vec() } else { req.prop.clone() };
    let newer = matches!(req.dir, Some(DirNewerOlder::Newer));
    let now = time::now_secs();
    let rows: Vec<BlockRow> = w.query_db(|c| {
        let mut st = c.prepare_cached(&format!("SELECT {BLOCK_COLUMNS} FROM block"))?;
        let rows = st.query_map([], block_row)?;
        rows.collect()
    })?;
    let users: Vec<String> = req
        .users
        .iter()
        .filter_map(|u| crate::accounts::canonical_name(w, u.as_str()).or(Some(u.as_str().to_string())))
        .collect();
    let bound = |t: &Option<mwgen_runtime::Timestamp>| t.as_ref().and_then(|t| time::parse_ts(t.as_str()));
    let (start, end) = (bound(&req.start), bound(&req.end));
    let cont = match &req.r#continue {
        Some(c) => Some(parse_continue(c)?),
        None => None,
    };
    let mut rows: Vec<(i64, BlockRow)> = rows
        .into_iter()
        .filter(|b| b.active(now))
        .filter(|b| req.ids.is_empty() || req.ids.contains(&b.id))
        .filter(|b| users.is_empty() || users.contains(&b.target))
        .filter(|b| req.ip.as_deref().is_none_or(|ip| b.user == 0 && b.target == ip.to_uppercase()))
        .filter(|b| shown(&req.show, b))
        .map(|b| (time::parse_ts(&b.timestamp).unwrap_or(0), b))
        .filter(|(t, _)| {
            let (lo, hi) = if newer { (start, end) } else { (end, start) };
            lo.is_none_or(|lo| *t >= lo) && hi.is_none_or(|hi| *t <= hi)
        })
        .collect();
    rows.sort_by_key(|(t, b)| (*t, b.id));
    if !newer {
        rows.reverse();
    }
    if let Some((ct, cid)) = cont {
        rows.retain(|(t, b)| if newer { (*t, b.id) >= (ct, cid) } else { (*t, b.id) <= (ct, cid) });
    }
    let mut items = Vec::new();
    let mut next = None;
    for (i, (t, b)) in rows.iter().enumerate() {
        if i == limit {
            next = Some(format!("{}|{}", time::mw(*t), b.id));
            break;
        }
        items.push(item(b, &props)?);
    }
    let body = QueryBody { blocks: Some(items), ..Default::default() };
    let part = QueryResponse { query: Some(Box::new(body)), ..Default::default() };
    let continuation = next.map(|n| {
        let mut m = Map::new();
        m.insert("bkcontinue".into(), Value::String(n));
        m
    });
    Ok(Envelope { body: Some(part), continuation, ..Default::default() }.into())
}

fn parse_continue(c: &str) -> Result<(i64, i64), ApiError> {
    let bad = || {
        ApiError::new(
            "badcontinue",
            "Invalid continue param. You should pass the original value returned by the previous query.",
        )
    };
    let (ts, id) = c.split_once('|').ok_or_else(bad)?;
    Ok((time::parse_ts(ts).ok_or_else(bad)?, id.parse().map_err(|_| bad())?))
}

fn shown(show: &[BlocksShow], b: &BlockRow) -> bool {
    let account = b.user != 0;
    show.iter().all(|s| match s {
        BlocksShow::Account => account,
        BlocksShow::NotAccount => !account,
        BlocksShow::Ip => !account,
        BlocksShow::NotIp => account,
        BlocksShow::Range | BlocksShow::Temp => false,
        BlocksShow::NotRange | BlocksShow::NotTemp => true,
    })
}

fn item(b: &BlockRow, props: &[BlocksProp]) -> Result<BlocksItem, ApiError> {
    let has = |p: BlocksProp| props.contains(&p);
    let mut o = Map::new();
    if has(BlocksProp::Id) {
        o.insert("id".into(), json!(b.id));
    }
    if has(BlocksProp::User) {
        o.insert("user".into(), json!(b.target));
    }
    if has(BlocksProp::Userid) {
        o.insert("userid".into(), json!(b.user));
    }
    if has(BlocksProp::By) {
        o.insert("by".into(), json!(b.by_text));
    }
    if has(BlocksProp::Byid) {
        o.insert("byid".into(), json!(b.by));
    }
    if has(BlocksProp::Timestamp) {
        o.insert("timestamp".into(), json!(b.timestamp));
    }
    if has(BlocksProp::Expiry) {
        o.insert("expiry".into(), json!(b.expiry));
    }
    if has(BlocksProp::Reason) {
        o.insert("reason".into(), json!(b.reason));
    }
    if has(BlocksProp::Range) {
        let (start, end) = if b.user == 0 {
            (b.target.clone(), b.target.clone())
        } else {
            ("0.0.0.0".into(), "0.0.0.0".into())
        };
        o.insert("rangestart".into(), json!(start));
        o.insert("rangeend".into(), json!(end));
    }
    if has(BlocksProp::Flags) {
        o.insert("automatic".into(), json!(false));
        o.insert("anononly".into(), json!(false));
        o.insert("nocreate".into(), json!(b.nocreate));
        o.insert("autoblock".into(), json!(b.autoblock));
        o.insert("noemail".into(), json!(b.noemail));
        o.insert("hidden".into(), json!(false));
        o.insert("allowusertalk".into(), json!(b.allowusertalk));
        o.insert("partial".into(), json!(b.partial));
    }
    if has(BlocksProp::Restrictions) {
        o.insert("restrictions".into(), json!([]));
    }
    serde_json::from_value(Value::Object(o))
        .map_err(|e| ApiError::new("internal_api_error_typed", format!("A block did not fit its type: {e}.")))
}
