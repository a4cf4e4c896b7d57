//! What the query modules and the file modules share: the page map of an answer, limits,
//! continuation errors, timestamps in 14 digits, and escaping for HTML and URL paths.

use crate::Wiki;
use mediawiki_api::action::QueryPage;
use mwgen_runtime::server::Context;
use mwgen_runtime::{ApiError, Limit};
use std::collections::BTreeMap;

/// The pages of the answer by key (fake ids of missing titles first, then page ids).
pub(crate) type Pages = BTreeMap<i64, QueryPage>;

/// `ApiBase::LIMIT_BIG1` and `LIMIT_BIG2`: most lists' maximum, without and with `apihighlimits`.
pub(crate) const BIG: (u32, u32) = (500, 5000);

/// A limit parameter's value for this caller: `default` when absent, `max` for `max`.
pub(crate) fn limit(
    w: &Wiki,
    cx: &Context,
    module: &str,
    l: Option<Limit>,
    default: u32,
    max: (u32, u32),
) -> usize {
    let m = if w.has_right(cx, "apihighlimits") { max.1 } else { max.0 };
    let n = l.map_or(default, |l| l.resolve(m));
    if l == Some(Limit::Max) {
        cx.add_limit(module, u64::from(n));
    }
    n as usize
}

/// `badcontinue`.
pub(crate) fn bad_continue() -> ApiError {
    ApiError::new(
        "badcontinue",
        "Invalid continue param. You should pass the original value returned by the previous query.",
    )
}

/// A stored ISO 8601 timestamp in 14 digits.
pub(crate) fn ts14(iso: &str) -> String {
    iso.chars().filter(char::is_ascii_digit).collect()
}

/// A timestamp parameter in 14 digits (`now` and `""` are now).
pub(crate) fn param14(t: &str) -> String {
    match mwgen_runtime::timestamp::seconds(t) {
        Some(s) => mwgen_runtime::timestamp::format_mw(s),
        None => ts14(&crate::util::now()),
    }
}

/// HTML-escaped text, as a comment without links comes out of Linker::formatComment.
pub(crate) fn escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// A title in a URL path, as wfUrlencode writes it.
pub(crate) fn url_path(title: &str) -> String {
    crate::util::percent_encode(&title.replace(' ', "_"), b"-_.;@$!*(),/~:")
}
