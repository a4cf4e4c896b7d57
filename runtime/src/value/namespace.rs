//! `namespace` parameters: [`Namespace`]. The rule is NamespaceDef's: a number that is one of
//! the wiki's namespaces ([`DecodeOptions::namespaces`](super::DecodeOptions::namespaces)) or the
//! parameter's extra ones, else `badvalue`.

use super::integer::parse_integer;
use super::{Context, Value};
use crate::error::ApiError;
use crate::spec::Type;
use crate::wire::Sink;

/// A namespace number (`0` main, `1` talk, `-1` special, …).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Namespace(pub i32);

impl Namespace {
    /// `-2`, Media: links straight to a file. Accepted only where a parameter lists it as an extra
    /// namespace.
    pub const MEDIA: Namespace = Namespace(-2);
    /// `-1`, Special: the special pages. Accepted only where a parameter lists it as an extra
    /// namespace.
    pub const SPECIAL: Namespace = Namespace(-1);
    /// `0`, the main (article) namespace.
    pub const MAIN: Namespace = Namespace(0);
    /// `1`, Talk: discussion of main namespace pages.
    pub const TALK: Namespace = Namespace(1);
    /// `2`, User: user pages.
    pub const USER: Namespace = Namespace(2);
    /// `3`, User talk.
    pub const USER_TALK: Namespace = Namespace(3);
    /// `4`, Project: pages about the wiki itself (named after the wiki).
    pub const PROJECT: Namespace = Namespace(4);
    /// `5`, Project talk.
    pub const PROJECT_TALK: Namespace = Namespace(5);
    /// `6`, File: file description pages.
    pub const FILE: Namespace = Namespace(6);
    /// `7`, File talk.
    pub const FILE_TALK: Namespace = Namespace(7);
    /// `8`, MediaWiki: the interface messages.
    pub const MEDIAWIKI: Namespace = Namespace(8);
    /// `9`, MediaWiki talk.
    pub const MEDIAWIKI_TALK: Namespace = Namespace(9);
    /// `10`, Template.
    pub const TEMPLATE: Namespace = Namespace(10);
    /// `11`, Template talk.
    pub const TEMPLATE_TALK: Namespace = Namespace(11);
    /// `12`, Help.
    pub const HELP: Namespace = Namespace(12);
    /// `13`, Help talk.
    pub const HELP_TALK: Namespace = Namespace(13);
    /// `14`, Category.
    pub const CATEGORY: Namespace = Namespace(14);
    /// `15`, Category talk.
    pub const CATEGORY_TALK: Namespace = Namespace(15);
}

impl Value for Namespace {
    fn placeholder() -> Self {
        Namespace(0)
    }
    fn write<S: Sink + ?Sized>(&self, out: &mut S) {
        out.push(itoa::Buffer::new().format(self.0));
    }

    /// `[+-]?\d+` cast to a number, one of the wiki's namespaces or the parameter's extra ones;
    /// anything else is `badvalue` (an enum of numbers, for MediaWiki).
    fn decode(raw: &str, cx: &mut Context<'_>) -> Result<Self, ApiError> {
        let extra: &[i32] = match cx.spec().ty {
            Type::Namespace { extra } => extra,
            _ => &[],
        };
        match parse_integer(raw).and_then(|n| i32::try_from(n).ok()) {
            Some(n) if cx.options().namespaces.contains(&n) || extra.contains(&n) => Ok(Namespace(n)),
            _ => Err(cx.bad_value(raw)),
        }
    }
}
