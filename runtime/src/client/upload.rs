//! Chunked uploads ([`Client::upload_chunked`]): a large file sent in pieces to the wiki's upload
//! stash (`stash=1`, `filesize`, `offset`, `chunk`, then `filekey`), then published from the stash
//! with one last request, the progress reported after each piece.

use super::{text, Client, ClientError};
use crate::params::Params;
use crate::spec::ModuleSpec;
use crate::wire::Upload;
use serde_json::Value;

/// The upload module, as far as the client's send loop needs to know it.
static UPLOAD: ModuleSpec =
    ModuleSpec::action("upload").write().post().token("csrf").params(super::TOKEN_PARAM);

/// The default of [`ChunkedUpload::chunk_size`]: 1 MiB.
pub const DEFAULT_CHUNK_SIZE: usize = 1024 * 1024;

/// How [`Client::upload_chunked`] goes about it.
#[derive(Debug, Clone)]
pub struct ChunkedUpload {
    /// The file's name on the wiki, without `File:`.
    pub filename: String,
    /// The upload's comment (the log entry's and the first revision's summary).
    pub comment: String,
    /// The file page's text for a new file (`None`: the comment, as MediaWiki does).
    pub text: Option<String>,
    /// The size of each piece but the last (default 1 MiB). MediaWiki refuses pieces under
    /// `$wgMinUploadChunkSize` (1,024 bytes by default), the last one excepted.
    pub chunk_size: usize,
    /// Publish despite warnings (a file of that name exists, a duplicate of another file, …).
    /// Without it, an upload the wiki warns about is not published: its answer says
    /// `"result": "Warning"` and keeps the `filekey`, to publish it later or not.
    pub ignore_warnings: bool,
    /// The MIME type declared with each piece (`application/octet-stream` when `None`; the wiki
    /// detects the type from the assembled file either way).
    pub mime: Option<String>,
}

impl ChunkedUpload {
    /// An upload of `filename` with this comment, in 1 MiB pieces, not ignoring warnings.
    pub fn new(filename: impl Into<String>, comment: impl Into<String>) -> ChunkedUpload {
        ChunkedUpload {
            filename: filename.into(),
            comment: comment.into(),
            text: None,
            chunk_size: DEFAULT_CHUNK_SIZE,
            ignore_warnings: false,
            mime: None,
        }
    }
}

/// How far a chunked upload is, reported after each piece the wiki stashed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UploadProgress {
    /// The bytes the wiki has.
    pub sent: u64,
    /// The file's size.
    pub total: u64,
    /// The stash's key of the file so far.
    pub filekey: String,
}

impl Client {
    /// Uploads `content` as `how.filename` in pieces of `how.chunk_size`: each piece goes to the
    /// wiki's upload stash (MediaWiki's chunked upload protocol), `progress` is told after each,
    /// and then the stashed file is published. Gives the last answer's `upload` object: `result`
    /// is `Success` (with `imageinfo`), or `Warning` (with `warnings` and `filekey`) when the wiki
    /// warned and `how.ignore_warnings` is off.
    ///
    /// Every piece is a write (paced, and held back by a dry run) with the session's csrf token.
    /// An answer that does not continue where the last piece ended is an error, not a guess.
    pub async fn upload_chunked(
        &self,
        how: &ChunkedUpload,
        content: &[u8],
        mut progress: impl FnMut(&UploadProgress),
    ) -> Result<Value, ClientError> {
        let total = content.len() as u64;
        let size = how.chunk_size.max(1);
        let mut offset = 0usize;
        let mut filekey: Option<String> = None;
        while offset < content.len() || filekey.is_none() {
            let end = content.len().min(offset.saturating_add(size));
            let mut p = Params::new();
            p.add("filename", &how.filename);
            p.add("filesize", itoa::Buffer::new().format(total));
            p.add("offset", itoa::Buffer::new().format(offset));
            p.add("stash", "1");
            if let Some(key) = &filekey {
                p.add("filekey", key);
            }
            let mut piece = Upload::new(how.filename.clone(), content[offset..end].to_vec());
            piece.mime = how.mime.clone();
            p.push_upload("chunk", piece);
            let r = self.send(&UPLOAD, p).await?;
            let up = r.body.get("upload").ok_or_else(|| unexpected("no upload object", &r.body))?;
            let result = up.get("result").and_then(Value::as_str).unwrap_or_default();
            let key =
                up.get("filekey").and_then(Value::as_str).ok_or_else(|| unexpected("no filekey", up))?;
            filekey = Some(key.to_string());
            let next = match result {
                "Continue" => match up.get("offset").and_then(Value::as_u64) {
                    Some(o) if o == end as u64 && end < content.len() => end,
                    _ => return Err(unexpected(&format!("a piece ending at {end} continued at"), up)),
                },
                "Success" if end == content.len() => end,
                _ => return Err(unexpected(&format!("result `{result}` after bytes {offset}..{end}"), up)),
            };
            progress(&UploadProgress { sent: next as u64, total, filekey: key.to_string() });
            offset = next;
        }
        let mut p = Params::new();
        p.add("filename", &how.filename);
        p.add("filekey", filekey.as_deref().unwrap_or_default());
        p.add("comment", &how.comment);
        if let Some(t) = &how.text {
            p.add("text", t);
        }
        if how.ignore_warnings {
            p.add("ignorewarnings", "1");
        }
        let r = self.send(&UPLOAD, p).await?;
        r.body.get("upload").cloned().ok_or_else(|| unexpected("no upload object", &r.body))
    }
}

fn unexpected(what: &str, v: &Value) -> ClientError {
    ClientError::Unexpected(format!("chunked upload: {what} in {}", text::json_excerpt(v)))
}
