//! Files: `action=upload` ([`upload`], [`chunks`], [`publish`]), `prop=imageinfo` ([`info`]),
//! `list=allimages` ([`list`], not as a generator), `action=filerevert` ([`revert`]), and the
//! deletion and undeletion of a file with its description page ([`delete`]), as ApiUpload,
//! UploadBase, LocalFile, ApiQueryImageInfo, ApiQueryAllImages, ApiFileRevert and FileDeleteForm do
//! them on the wiki of tests/mediawiki/up.sh (`$wgFileExtensions` png, gif, jpg, jpeg, txt, svg,
//! neither strict nor checked, `$wgVerifyMimeType` off, no ImageMagick).
//!
//! The tables are MediaWiki's `image` (the current version of each file), `oldimage` (its earlier
//! versions, with their archive names) and `filearchive` (the versions of deleted files), with the
//! bytes in them, and `uploadstash` (what an upload that warned, `stash=1` or the pieces of a
//! chunked upload keep for a `filekey`). A file's name is stored as titles are (spaces), its SHA-1
//! in base 36 as MediaWiki stores it.
//!
//! What is left out: uploads by URL (`copyuploaddisabled`, as on the test wiki), `async` and
//! `checkstatus` (`notimplemented`), thumbnails (`iiurlwidth`/`iiurlheight` give no `thumburl`), the
//! metadata of JPEG files and of PNG text chunks, GIF animation (every GIF is one frame), SVG script
//! checks, blocks and protections of file titles (an upload checks rights only), the owner of a
//! stashed file (any user may publish a key), `generator=allimages`, imageinfo's `uploadwarning` and
//! `badfile` for missing files, and undeletion of some of a file's versions (all come back).

mod chunks;
mod info;
mod list;
mod name;
mod props;
mod publish;
mod revert;
mod upload;
mod warnings;

pub(crate) use info::imageinfo;
pub(crate) use list::list_allimages;
pub(crate) use revert::filerevert;
pub(crate) use upload::upload;

pub(crate) use crate::file_store::*;

/// Whether `who` may publish a new version of `f` (UploadBase::userCanReUpload): `reupload`, or
/// `reupload-own` of a file whose current version is theirs.
pub(crate) fn may_overwrite(who: &crate::edit::Caller, f: &Version) -> bool {
    who.can("reupload") || who.can("reupload-own") && f.user == who.id
}
