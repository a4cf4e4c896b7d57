//! What every JSON answer of api.php holds around a module's part, typed: the error envelope in
//! each `errorformat` (`error` in `bc`, `errors` otherwise, with `docref`), the warnings, the
//! continuation (`continue`, or `query-continue` with `rawcontinue`), `batchcomplete`, and what the
//! main module adds on request (`servedby`, `requestid`, `curtimestamp`, `uselang`, `limits`).
//!
//! Both formatversions are read, and each is written back as it was read: formatversion=1's
//! `"batchcomplete": ""` stays `""`, its `*` keys stay `*`. The module's part is the type
//! parameter of [`Envelope`], at its key or flattened beside these keys; with `serde_json::Map` as
//! that type an envelope holds any answer, and gives it back key for key. Generated response types
//! are [`Object`]s: unknown keys go to their `extra` map, or fail inside [`strict`].

mod envelope;
pub mod fv1;
mod message;
mod object;

pub use envelope::{ArrayAnswer, Envelope, Flag, Part, Responds, ResponseType, ResponseVisit};
pub use message::{BcError, BcWarning, Message, Warnings};
pub use object::{
    closed_str, is_strict, keep, opt, opt_any, opt_list, put, put_extra, read_closed, read_object, req,
    strict, write_object, Closed, Extra, Object, Slot,
};

/// serde, for the `object_serde!` and `closed_serde!` macros that generated code calls.
#[doc(hidden)]
pub use serde as __serde;
