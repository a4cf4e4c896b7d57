//! The `response:` section of a module file: where the module's part of a formatversion=2 answer sits,
//! and the shape of every field in it (see `spec/README.md`, "Response shapes").

use indexmap::IndexMap;
use serde::{Deserialize, Serialize};

fn is_false(b: &bool) -> bool {
    !*b
}

/// What a module contributes to an answer (formatversion=2).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Response {
    /// Where the module's part sits, from the answer's root: dot-separated keys, `[]` for "each item
    /// of this array". `block` (action=block), `query.allpages[]` (a list's items), `query.pages[]`
    /// (what a prop adds to each page), `query.userinfo` (a meta block), `''` for the whole answer.
    pub at: String,
    /// The type of the value at `at` (default `object`, left out when it is).
    #[serde(rename = "type", default = "object", skip_serializing_if = "is_object")]
    pub ty: FieldType,
    /// For a map at `at`: what its keys are.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub keys: Option<MapKeys>,
    /// The fields of the object at `at`, by name.
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub fields: IndexMap<String, Field>,
    /// For an array or map at `at`: the shape of each item.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub items: Option<Box<Field>>,
    /// Values elsewhere in the answer that the module adds, by path from the root (`continue`,
    /// `query.searchinfo`).
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub extras: IndexMap<String, Field>,
    /// In-band outcomes: a field whose value says which one, and the fields each brings.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outcomes: Option<Outcomes>,
}

fn object() -> FieldType {
    FieldType::Object
}

fn is_object(t: &FieldType) -> bool {
    *t == FieldType::Object
}

/// In-band outcomes (`clientlogin`'s `status`: PASS, FAIL, UI, REDIRECT, RESTART; `edit`'s `result`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Outcomes {
    /// The field of the object at `at` that names the outcome.
    pub field: String,
    /// Outcome value → the fields that come with it (beyond the module's `fields`).
    pub cases: IndexMap<String, Case>,
}

/// One in-band outcome.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Case {
    /// Fields present in this outcome only.
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub fields: IndexMap<String, Field>,
}

/// One field (or array item, or map value).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Field {
    #[serde(rename = "type")]
    pub ty: FieldType,
    /// Absent in some answers even where its parent (and its `when`) is there.
    #[serde(default, skip_serializing_if = "is_false")]
    pub optional: bool,
    /// Sometimes `null`.
    #[serde(default, skip_serializing_if = "is_false")]
    pub nullable: bool,
    /// Present only when this holds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub when: Option<When>,
    /// `observed`, or the PHP file it was read from (`includes/api/ApiQueryInfo.php`).
    #[serde(default = "observed", skip_serializing_if = "is_observed")]
    pub source: String,
    /// For `enum`: the values.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub values: Vec<String>,
    /// For `map`: what the keys are.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub keys: Option<MapKeys>,
    /// For `array` and `map`: the shape of each item.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub items: Option<Box<Field>>,
    /// For `object`: its fields.
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub fields: IndexMap<String, Field>,
}

/// The source of a field seen in an answer.
pub const OBSERVED: &str = "observed";

fn observed() -> String {
    OBSERVED.to_string()
}

fn is_observed(s: &String) -> bool {
    s == OBSERVED
}

impl Field {
    /// A field of this type, always present, observed.
    pub fn new(ty: FieldType) -> Field {
        Field {
            ty,
            optional: false,
            nullable: false,
            when: None,
            source: observed(),
            values: Vec::new(),
            keys: None,
            items: None,
            fields: IndexMap::new(),
        }
    }

    /// Whether the field was seen in an answer (rather than read from MediaWiki's source).
    pub fn is_observed(&self) -> bool {
        self.source == OBSERVED
    }
}

/// A condition on the request or the page under which a field is present. Every part given must hold.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct When {
    /// A parameter of the module (without its prefix), with `has`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub param: Option<String>,
    /// A value `param` holds (for multi-valued parameters: one of the values given).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub has: Option<String>,
    /// The page is in one of these states (fields of `query.pages[]` items).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub state: Vec<PageState>,
}

/// What keys a `map` has.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum MapKeys {
    /// Numeric ids (page ids, namespace numbers).
    Id,
    /// Names (option names, language codes).
    Name,
}

macro_rules! string_enum {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident => $s:literal),* $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        pub enum $name { $($(#[$vmeta])* #[serde(rename = $s)] $variant),* }
        impl $name {
            /// Every value, in the spec's order.
            pub const ALL: &'static [$name] = &[$($name::$variant),*];
            /// The YAML spelling.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $s),* }
            }
        }
    };
}

string_enum! {
    /// The type of a response field.
    FieldType {
        /// Any string.
        String => "string",
        /// A whole number.
        Integer => "integer",
        /// A number with a fraction (lag, sizes in seconds).
        Number => "number",
        /// `true` or `false`.
        Boolean => "boolean",
        /// `YYYY-MM-DDTHH:MM:SSZ`.
        Timestamp => "timestamp",
        /// A page title.
        Title => "title",
        /// A namespace number.
        Namespace => "namespace",
        /// A user name.
        User => "user",
        /// One of `values`.
        Enum => "enum",
        /// A list of `items`.
        Array => "array",
        /// An object with `fields`.
        Object => "object",
        /// An object keyed by id or name (`keys`), each value an `items`.
        Map => "map",
        /// Anything: the last resort, when answers disagree.
        Any => "any",
    }
}

string_enum! {
    /// The state of a page in `query.pages[]`.
    PageState {
        /// An existing page that is not a redirect.
        Exists => "exists",
        /// An existing redirect.
        Redirect => "redirect",
        /// Asked by a title that does not exist.
        MissingTitle => "missing-title",
        /// Asked by a page id that does not exist.
        MissingId => "missing-id",
        /// Missing but known (a MediaWiki: message, a file on a shared repo).
        Known => "known",
        /// Not a valid title (`A|B`).
        Invalid => "invalid",
        /// A special or media page.
        Special => "special",
    }
}
