//! `password` parameters and tokens: [`Secret`]. Its rule is the text length limit; what is
//! special is that it is never printed, and the client sends it only by POST.

use super::text::{check_length, text_newtype};

text_newtype!(
    /// A password or token: sent only by POST, and never printed (`Debug` shows `<redacted>`).
    Secret,
    check_length,
    redacted
);
