//! What the HTTP parts (import and response probes) share: reading an answer with a bound, so that
//! a wiki that never stops writing cannot fill the memory.

use std::io::Read;

/// The largest answer read from a wiki: a batch of 50 modules' paraminfo in wikitext is about 1 MB
/// on a wiki with extensions.
pub const MAX_ANSWER_BYTES: u64 = 32 * 1024 * 1024;

/// The body of `resp`, or `Ok(None)` when it is larger than [`MAX_ANSWER_BYTES`] (announced by its
/// `Content-Length`, or found while reading).
pub(crate) fn read_bounded(resp: reqwest::blocking::Response) -> std::io::Result<Option<Vec<u8>>> {
    if resp.content_length().is_some_and(|n| n > MAX_ANSWER_BYTES) {
        return Ok(None);
    }
    let mut bytes = Vec::new();
    resp.take(MAX_ANSWER_BYTES + 1).read_to_end(&mut bytes)?;
    Ok((bytes.len() as u64 <= MAX_ANSWER_BYTES).then_some(bytes))
}
