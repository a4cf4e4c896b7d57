//! Errors and warnings as MediaWiki writes them: a list of [`Message`]s for `errorformat`
//! plaintext, wikitext, html and raw, or the `bc` shapes ([`BcError`], and warnings keyed by
//! module, [`BcWarning`]).

use serde::de::{MapAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Map, Value};
use std::fmt;

/// One error or warning in `errorformat` plaintext, wikitext, html or raw.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Message {
    /// The code (`badvalue`, `unrecognizedparams`).
    pub code: String,
    /// The text, in plaintext or wikitext (formatversion=2).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// The text, in html (formatversion=2).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub html: Option<String>,
    /// The message key (errorformat=raw).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
    /// The message's parameters (errorformat=raw): strings, numbers, or objects such as
    /// `{"plaintext": "action"}` and `{"list": …, "type": "comma"}`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub params: Option<Vec<Value>>,
    /// The module it is about (`main`, `query+allpages`).
    pub module: String,
    /// The text in formatversion=1, whatever the format.
    #[serde(rename = "*", default, skip_serializing_if = "Option::is_none")]
    pub star: Option<String>,
    /// Data the code carries (`outofrange`'s `min`, `max`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data: Option<Value>,
}

impl Message {
    /// The text, in whichever key the format put it (`key` for raw).
    pub fn text(&self) -> &str {
        let text = self.text.as_deref().or(self.html.as_deref()).or(self.star.as_deref());
        text.or(self.key.as_deref()).unwrap_or_default()
    }
}

/// The error of `errorformat=bc` (the default): `{"error": {"code", "info", …}}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BcError {
    /// The code (`badvalue`, `maxlag`).
    pub code: String,
    /// The text.
    pub info: String,
    /// Where the API's help is, in formatversion=2.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub docref: Option<String>,
    /// Where the API's help is, in formatversion=1.
    #[serde(rename = "*", default, skip_serializing_if = "Option::is_none")]
    pub star: Option<String>,
    /// What the code adds (`maxlag`'s `host`, `lag` and `type`; a module's own data).
    #[serde(flatten)]
    pub data: Map<String, Value>,
}

/// One module's warnings in `errorformat=bc`: the texts joined by newlines.
#[derive(Debug, Clone, PartialEq)]
pub struct BcWarning {
    /// The module (`main`, `allpages`: bc names query submodules without `query+`).
    pub module: String,
    /// The texts, one per line.
    pub text: String,
    /// Written under `*` (formatversion=1), not `warnings`.
    pub star: bool,
}

/// The warnings of an answer.
#[derive(Debug, Clone, PartialEq)]
pub enum Warnings {
    /// `errorformat=bc`: `{"main": {"warnings": "…"}}` (or `"*"` in formatversion=1).
    Bc(Vec<BcWarning>),
    /// Every other errorformat: a list.
    List(Vec<Message>),
}

impl Warnings {
    /// Every warning's module and text, in the answer's order (a bc module's lines apart).
    pub fn texts(&self) -> Vec<(&str, &str)> {
        match self {
            Warnings::Bc(w) => {
                w.iter().flat_map(|w| w.text.split('\n').map(move |t| (w.module.as_str(), t))).collect()
            }
            Warnings::List(w) => w.iter().map(|m| (m.module.as_str(), m.text())).collect(),
        }
    }
}

impl Serialize for Warnings {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Warnings::List(list) => list.serialize(s),
            Warnings::Bc(modules) => {
                let mut map = s.serialize_map(Some(modules.len()))?;
                for w in modules {
                    let key = if w.star { "*" } else { "warnings" };
                    let mut inner = Map::new();
                    inner.insert(key.to_string(), Value::String(w.text.clone()));
                    map.serialize_entry(&w.module, &inner)?;
                }
                map.end()
            }
        }
    }
}

impl<'de> Deserialize<'de> for Warnings {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(WarningsVisitor)
    }
}

struct WarningsVisitor;

impl<'de> Visitor<'de> for WarningsVisitor {
    type Value = Warnings;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a list of warnings, or warnings keyed by module (errorformat=bc)")
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, seq: A) -> Result<Warnings, A::Error> {
        let list = Vec::<Message>::deserialize(serde::de::value::SeqAccessDeserializer::new(seq))?;
        Ok(Warnings::List(list))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Warnings, A::Error> {
        #[derive(Deserialize)]
        #[serde(deny_unknown_fields)]
        struct Texts {
            warnings: Option<String>,
            #[serde(rename = "*")]
            star: Option<String>,
        }
        let mut modules = Vec::new();
        while let Some((module, texts)) = map.next_entry::<String, Texts>()? {
            let (text, star) = match (texts.warnings, texts.star) {
                (Some(t), None) => (t, false),
                (None, Some(t)) => (t, true),
                _ => {
                    let e = format!("the warnings of `{module}` hold neither `warnings` nor `*`, or both");
                    return Err(serde::de::Error::custom(e));
                }
            };
            modules.push(BcWarning { module, text, star });
        }
        Ok(Warnings::Bc(modules))
    }
}
