//! The parts of a revision that revision deletion hides (MediaWiki's `rev_deleted` bits), and who
//! may see a hidden part.

/// The text bit.
pub(crate) const TEXT: i64 = 1;
/// The summary bit.
pub(crate) const COMMENT: i64 = 2;
/// The user bit.
pub(crate) const USER: i64 = 4;
/// Hidden from administrators too.
pub(crate) const RESTRICTED: i64 = 8;

/// Whether `viewer` may see the part `bit` of something whose `rev_deleted` is `deleted`
/// (RevisionRecord::userCanBitfield): a part not hidden; hidden, when the viewer has `deletedtext`
/// (text) or `deletedhistory` (the rest); suppressed, when they have `suppressrevision` or
/// `viewsuppressed`.
pub(crate) fn can_see(rights: &[String], deleted: i64, bit: i64) -> bool {
    if deleted & bit == 0 {
        return true;
    }
    let has = |r: &str| rights.iter().any(|x| x == r);
    if deleted & RESTRICTED != 0 {
        has("suppressrevision") || has("viewsuppressed")
    } else {
        has(if bit == TEXT { "deletedtext" } else { "deletedhistory" })
    }
}
