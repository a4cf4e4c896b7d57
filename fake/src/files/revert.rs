//! `action=filerevert` (ApiFileRevert): an old version of a file published again as the current
//! one, as an upload of its bytes with the comment as its text (`upload/overwrite` in the log, a
//! null revision of the description page); what LocalFile::upload refuses is a `Failure` with its
//! errors, as ApiErrorFormatter::arrayFromStatus writes them.

use super::publish::{publish, NewFile};
use super::{current, props, NS_FILE};
use crate::edit::{caller, denied, status_error};
use crate::title::Title;
use crate::Wiki;
use mediawiki_api::action;
use mwgen_runtime::server::{Answered, Context, Typed};
use mwgen_runtime::ApiError;
use rusqlite::OptionalExtension;
use serde_json::json;

/// `action=filerevert`.
pub(crate) async fn filerevert(
    w: &Wiki,
    req: action::Filerevert,
    cx: &Context,
) -> Typed<action::FilerevertResponse> {
    // Title::makeTitleSafe( NS_FILE, … ): a `File:` prefix is part of the name.
    let name = match Title::parse(w.site(), &format!("File:{}", req.filename), NS_FILE) {
        Ok(t) if t.ns == NS_FILE && !t.text.is_empty() => t.text,
        _ => return Err(ApiError::new("invalidtitle", format!("Bad title \"{}\".", req.filename))),
    };
    let Some(file) = w.query_db(|c| current(c, &name))? else {
        return Err(ApiError::new("missingtitle", "The page you specified doesn't exist."));
    };
    let old: Option<Vec<u8>> = w.query_db(|c| {
        c.prepare_cached("SELECT content FROM oldimage WHERE name = ?1 AND archive_name = ?2")?
            .query_row([name.as_str(), req.archivename.as_str()], |r| r.get(0))
            .optional()
    })?;
    let Some(content) = old else {
        return Err(ApiError::new(
            "filerevert-badversion",
            "There is no previous local version of this file with the provided timestamp.",
        ));
    };
    let who = caller(w, cx);
    // `edit` and `upload` on the page, then `reupload` (or `reupload-own` of one's own file).
    if !(who.can("edit") && who.can("upload") && super::may_overwrite(&who, &file)) {
        return Err(denied("[[Mwgen test wiki:Users|Users]]"));
    }
    let comment = req.comment.clone().unwrap_or_default();
    let p = props::of(&content);
    let new = NewFile {
        name: &name,
        content: &content,
        props: &p,
        comment: comment.trim(),
        text: &comment,
        watch: false,
        filekey: None,
    };
    let answer = match publish(w, &who, &new).await? {
        Ok(_) => json!({ "filerevert": { "result": "Success" } }),
        Err(refused) => {
            let (code, param, text) = refused.parts(w, &name);
            let errors = [status_error(cx, code, &[&param], &text)];
            json!({ "filerevert": { "result": "Failure", "errors": errors } })
        }
    };
    Ok(Answered::Raw(answer))
}
