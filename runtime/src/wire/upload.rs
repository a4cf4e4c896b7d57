//! [`Upload`]: a file a multipart request carries. Held by [`Params`](super::Params), written by
//! [`Sink::upload`](super::Sink::upload), read back by the decoder's `upload` (whose `badupload`
//! rule lives in `value/upload.rs`).

use std::fmt;

/// A file to upload: its name and content. Sent as multipart/form-data.
#[derive(Clone, PartialEq, Eq, Default)]
pub struct Upload {
    /// The file name sent with the content (the `filename` of its Content-Disposition).
    pub filename: String,
    /// The file's bytes.
    pub content: Vec<u8>,
    /// The MIME type to declare; `application/octet-stream` when absent.
    pub mime: Option<String>,
}

impl Upload {
    /// A file called `filename` holding `content`, with no MIME type declared.
    pub fn new(filename: impl Into<String>, content: impl Into<Vec<u8>>) -> Self {
        Upload { filename: filename.into(), content: content.into(), mime: None }
    }
}

impl fmt::Debug for Upload {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Upload")
            .field("filename", &self.filename)
            .field("bytes", &self.content.len())
            .field("mime", &self.mime)
            .finish()
    }
}
