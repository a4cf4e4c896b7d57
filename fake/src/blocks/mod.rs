//! The fake's answers for blocks: `action=block`, `action=unblock` and `list=blocks`
//! (includes/api/ApiBlock.php, ApiUnblock.php, ApiQueryBlocks.php, includes/block/BlockUser.php),
//! and the block details `list=users`, `list=allusers` and `meta=userinfo` show.
//!
//! Blocks are of users and of single IP addresses; partial blocks are kept as a flag without their
//! restrictions. A block past its expiry counts for nothing.

mod list;

pub(crate) use list::list_blocks;

use crate::accounts::{canonical_name, is_ip, user_by_id, user_by_name, Caller};
use crate::block_store::{add_log, block_of, block_row, db_error, BLOCK_COLUMNS};
use crate::time::{self, Expiry};
use crate::Wiki;
use mediawiki_api::action::{self, BlockResponse, UnblockResponse};
use mwgen_runtime::server::{Context, Typed};
use mwgen_runtime::ApiError;
use rusqlite::{params, Connection, OptionalExtension};
use serde_json::{json, Value};
fn permission_denied() -> ApiError {
    ApiError::new("permissiondenied", "You don't have permission to block this user from editing.")
}

/// The target of `block`/`unblock`: `(name shown, user id)` (0 for an IP address).
fn target(
    w: &Wiki,
    user: Option<&str>,
    userid: Option<i64>,
    c: &Connection,
) -> Result<(String, i64), ApiError> {
    if let Some(id) = userid {
        let u = user_by_id(c, id).map_err(db_error)?;
        return u
            .map(|u| (u.name, u.id))
            .ok_or_else(|| ApiError::new("nosuchuserid", format!("There is no user with ID {id}.")));
    }
    let raw = user.unwrap_or("").trim();
    if is_ip(raw) {
        return Ok((raw.to_uppercase(), 0));
    }
    if let Some(range) = ip_range(raw) {
        return Ok((range, 0));
    }
    let found = match canonical_name(w, raw) {
        Some(name) => user_by_name(c, &name).map_err(db_error)?,
        None => None,
    };
    found.map(|u| (u.name, u.id)).ok_or_else(|| {
        ApiError::new(
            "nosuchuser",
            format!(
                "There is no user by the name \"{}\". Check your spelling.",
                canonical_name(w, raw).unwrap_or_else(|| raw.to_string())
            ),
        )
    })
}

/// An IPv4 range (`192.0.2.7/24`) as MediaWiki keeps it (IPUtils::sanitizeRange: the network's
/// first address), within `$wgBlockCIDRLimit` (/16 and longer); IPv6 ranges as given, upper-cased.
fn ip_range(raw: &str) -> Option<String> {
    let (ip, bits) = raw.split_once('/')?;
    let bits: u32 = bits.parse().ok()?;
    match ip.parse::<std::net::IpAddr>().ok()? {
        std::net::IpAddr::V4(v4) if (16..=32).contains(&bits) => {
            let mask = if bits == 0 { 0 } else { u32::MAX << (32 - bits) };
            Some(format!("{}/{bits}", std::net::Ipv4Addr::from(u32::from(v4) & mask)))
        }
        std::net::IpAddr::V6(_) if (19..=128).contains(&bits) => Some(raw.to_uppercase()),
        _ => None,
    }
}

/// `action=block`: a new block, or (with `reblock`) the settings of the one in force changed.
#[allow(deprecated)] // `userid` is deprecated, and still answered.
pub(crate) async fn block(w: &Wiki, req: action::Block, cx: &Context) -> Typed<BlockResponse> {
    if !w.has_right(cx, "block") {
        return Err(permission_denied());
    }
    let user = req.user.as_ref().map(|u| u.as_str().to_string());
    match (&user, req.userid) {
        (Some(_), Some(_)) => {
            return Err(ApiError::new(
                "invalidparammix",
                "The parameters \"user\" and \"userid\" can not be used together.",
            ))
        }
        (None, None) => {
            return Err(ApiError::new(
                "missingparam",
                "One of the parameters \"user\" and \"userid\" is required.",
            ))
        }
        _ => {}
    }
    if req.noemail && !w.has_right(cx, "blockemail") {
        return Err(ApiError::new(
            "cantblock-email",
            "You don't have permission to block users from sending email through the wiki.",
        ));
    }
    if req.hidename && !w.has_right(cx, "hideuser") {
        return Err(ApiError::new(
            "canthide",
            "You don't have permission to hide usernames from the block log.",
        ));
    }
    let caller = Caller::of(w, cx);
    let now = time::now_secs();
    let given = req.expiry.clone().unwrap_or_else(|| "never".into());
    let reason = req.reason.clone().unwrap_or_default();
    w.transaction(|tx| {
        let (name, user_id) = target(w, user.as_deref(), req.userid, tx)?;
        let expiry = match time::parse_expiry(&given, now) {
            None => return Err(ApiError::new("invalidexpiry", "Expiry time invalid.")),
            Some(Expiry::At(t)) if t < now => return Err(ApiError::new("pastexpiry", "Expiry time is in the past.")),
            Some(e) => e,
        };
        let stored = match expiry {
            Expiry::Infinite => "infinity".to_string(),
            Expiry::At(t) => time::iso(t),
        };
        let existing = block_of(tx, &name).map_err(db_error)?;
        let autoblock = req.autoblock && user_id != 0;
        let values = params![
            name,
            user_id,
            caller.id,
            caller.name,
            crate::util::now(),
            stored,
            reason,
            req.nocreate,
            autoblock,
            req.noemail,
            req.allowusertalk,
            req.partial
        ];
        let (id, action) = match existing {
            Some(_) if !req.reblock => {
                return Err(ApiError::new("alreadyblocked", format!("\"{name}\" is already blocked.")))
            }
            Some(b) => {
                tx.execute(
                    "UPDATE block SET target = ?1, user = ?2, by = ?3, by_text = ?4, timestamp = ?5, expiry = ?6,
                     reason = ?7, nocreate = ?8, autoblock = ?9, noemail = ?10, allowusertalk = ?11, partial = ?12
                     WHERE id = ?13",
                    rusqlite::params_from_iter(values.iter().copied().chain([&b.id as &dyn rusqlite::ToSql])),
                )
                .map_err(db_error)?;
                (b.id, "reblock")
            }
            None => {
                tx.execute(
                    "INSERT INTO block (target, user, by, by_text, timestamp, expiry, reason, nocreate, autoblock,
                     noemail, allowusertalk, partial) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
                    values,
                )
                .map_err(db_error)?;
                (tx.last_insert_rowid(), "block")
            }
        };
        let mut flags = Vec::new();
        if req.nocreate {
            flags.push("nocreate");
        }
        if user_id != 0 && !req.autoblock {
            flags.push("noautoblock");
        }
        if req.noemail {
            flags.push("noemail");
        }
        if !req.allowusertalk {
            flags.push("nousertalk");
        }
        let duration = if expiry == Expiry::Infinite { "infinity".to_string() } else { given.clone() };
        let mut log = json!({ "duration": duration, "flags": flags, "sitewide": !req.partial });
        if let Expiry::At(t) = expiry {
            log["expiry"] = json!(time::iso(t));
        }
        add_log(tx, ("block", action), (caller.id, &caller.name), (2, &name), &reason, &log).map_err(db_error)?;
        if req.watchuser {
            tx.execute(
                "INSERT OR IGNORE INTO watch (user, ns, title) VALUES (?1, 2, ?2)",
                params![caller.id, name],
            )
            .map_err(db_error)?;
        }
        let restrictions = |v: Value| if req.partial { v } else { Value::Null };
        Ok(BlockResponse {
            user: name,
            user_id,
            expiry: if expiry == Expiry::Infinite { "infinite".into() } else { stored },
            id,
            reason: reason.clone(),
            anononly: req.anononly,
            nocreate: req.nocreate,
            autoblock: req.autoblock,
            noemail: req.noemail,
            hidename: req.hidename,
            allowusertalk: req.allowusertalk,
            watchuser: req.watchuser,
            partial: req.partial,
            pagerestrictions: restrictions(json!(req.pagerestrictions.iter().map(|t| t.as_str()).collect::<Vec<_>>())),
            namespacerestrictions: restrictions(json!([])),
            ..Default::default()
        }
        .into())
    })
}

/// `action=unblock`: the block in force on the target (or with that id) removed.
#[allow(deprecated)] // `userid` is deprecated, and still answered.
pub(crate) async fn unblock(w: &Wiki, req: action::Unblock, cx: &Context) -> Typed<UnblockResponse> {
    if !w.has_right(cx, "block") {
        return Err(permission_denied());
    }
    let user = req.user.as_ref().map(|u| u.as_str().to_string());
    let given = [req.id.is_some(), user.is_some(), req.userid.is_some()].iter().filter(|b| **b).count();
    if given == 0 {
        return Err(ApiError::new(
            "missingparam",
            "One of the parameters \"id\", \"user\" and \"userid\" is required.",
        ));
    }
    if given > 1 {
        let names: Vec<&str> =
            [("id", req.id.is_some()), ("user", user.is_some()), ("userid", req.userid.is_some())]
                .iter()
                .filter(|(_, on)| *on)
                .map(|(n, _)| *n)
                .collect();
        return Err(ApiError::new(
            "invalidparammix",
            format!("The parameters {} can not be used together.", quoted_list(&names)),
        ));
    }
    let caller = Caller::of(w, cx);
    let reason = req.reason.clone().unwrap_or_default();
    w.transaction(|tx| {
        let (block, shown) = if let Some(id) = req.id {
            let b = tx
                .query_row(&format!("SELECT {BLOCK_COLUMNS} FROM block WHERE id = ?1"), [id], block_row)
                .optional()
                .map_err(db_error)?
                .filter(|b| b.active(time::now_secs()));
            (b, format!("#{id}"))
        } else {
            // A user id must name a user; a name need not (its block is simply not found).
            let name = match (req.userid, user.as_deref()) {
                (Some(_), _) => target(w, None, req.userid, tx)?.0,
                (None, Some(u)) if is_ip(u.trim()) => u.trim().to_uppercase(),
                (None, u) => {
                    let raw = u.unwrap_or("").trim();
                    canonical_name(w, raw).unwrap_or_else(|| raw.to_string())
                }
            };
            (block_of(tx, &name).map_err(db_error)?, name)
        };
        let Some(b) = block else {
            return Err(ApiError::new(
                "cantunblock",
                format!("Error: Block for {shown} not found. It may have been removed already."),
            ));
        };
        tx.execute("DELETE FROM block WHERE id = ?1", [b.id]).map_err(db_error)?;
        add_log(tx, ("block", "unblock"), (caller.id, &caller.name), (2, &b.target), &reason, &json!({}))
            .map_err(db_error)?;
        Ok(UnblockResponse {
            id: b.id,
            user: b.target,
            userid: b.user,
            reason: reason.clone(),
            ..Default::default()
        }
        .into())
    })
}

/// `"a", "b" and "c"`, as MediaWiki lists parameter names.
fn quoted_list(names: &[&str]) -> String {
    let q: Vec<String> = names.iter().map(|n| format!("\"{n}\"")).collect();
    match q.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
        _ => q.join(""),
    }
}
