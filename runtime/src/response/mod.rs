//! What every JSON answer of api.php holds around a module's part, typed: the error envelope in
//! each `errorformat` (`error` in `bc`, `errors` otherwise, with `docref`), the warnings, the
//! continuation (`continue`, or `query-continue` with `rawcontinue`), `batchcomplete`, and what the
//! main module adds on request (`servedby`, `requestid`, `curtimestamp`, `uselang`, `limits`).
//!
//! Both formatversions are read, and each is written back as it was read: formatversion=1's
//! `"batchcomplete": ""` stays `""`, its `*` keys stay `*`. The module's part is the type
//! parameter of [`Envelope`], flattened beside these keys; with `serde_json::Map` as that type an
//! envelope holds any answer, and gives it back key for key.

mod envelope;
mod message;

pub use envelope::{Envelope, Flag};
pub use message::{BcError, BcWarning, Message, Warnings};
