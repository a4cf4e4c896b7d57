//! `upload` parameters: an [`Upload`](crate::wire::Upload) is carried beside the pairs of a
//! multipart request (it is the wire's), written by `enc::upload`, found by `Decoder::upload`. The
//! rule here: a plain field under an upload parameter's name is `badupload`.

use super::Context;
use crate::error::ApiError;
use serde_json::json;

/// `badupload`: the field was sent as a plain value, not as a file.
#[cold]
pub(crate) fn not_an_upload(cx: &Context<'_>) -> ApiError {
    let name = cx.name();
    cx.error(
        "badupload",
        format!("File upload parameter \"{name}\" is not a file upload; be sure to use multipart/form-data for your POST and include a filename in the Content-Disposition header."),
    )
    .data(json!({ "code": "notupload" }))
}
