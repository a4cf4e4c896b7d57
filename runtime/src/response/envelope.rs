//! [`Envelope`]: the keys the main module puts around a module's part.

use super::message::{BcError, Message, Warnings};
use super::object::{check_required, keep, put, put_extra, Extra, Key, Object, Slot};
use serde::de::{MapAccess, SeqAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Map, Value};
use std::borrow::Cow;
use std::fmt;

/// A flag that MediaWiki writes as `true` (formatversion=2) or `""` (formatversion=1), such as
/// `batchcomplete`. Written back as it was read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flag {
    /// `true`.
    True,
    /// `""`.
    Empty,
}

impl Serialize for Flag {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Flag::True => s.serialize_bool(true),
            Flag::Empty => s.serialize_str(""),
        }
    }
}

impl<'de> Deserialize<'de> for Flag {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        match Value::deserialize(d)? {
            Value::Bool(true) => Ok(Flag::True),
            Value::String(s) if s.is_empty() => Ok(Flag::Empty),
            other => Err(serde::de::Error::custom(format!("a flag is `true` or `\"\"`, not {other}"))),
        }
    }
}

/// One answer of api.php: what the main module writes (errors, warnings, continuation, …)
/// around the module's part `T`, which sits at [`Part::AT`] (or, for `""`, holds every other key).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Envelope<T> {
    /// The error, in errorformat=bc (the default).
    pub error: Option<BcError>,
    /// The errors, in every other errorformat.
    pub errors: Option<Vec<Message>>,
    /// The warnings.
    pub warnings: Option<Warnings>,
    /// Where the API's help is, beside `errors` (formatversion=2).
    pub docref: Option<String>,
    /// Where the API's help is, beside `errors` (formatversion=1), written `*`.
    pub star: Option<String>,
    /// Every module of the query finished its batch.
    pub batchcomplete: Option<Flag>,
    /// What to send again for the next batch (`continue`).
    pub continuation: Option<Map<String, Value>>,
    /// The continuation of `rawcontinue` (`query-continue`): per module, what to send again.
    pub query_continue: Option<Map<String, Value>>,
    /// `requestid`, echoed.
    pub requestid: Option<Value>,
    /// `curtimestamp`: when the answer was made.
    pub curtimestamp: Option<String>,
    /// `responselanginfo`: the language of texts.
    pub uselang: Option<String>,
    /// `responselanginfo`: the language of errors.
    pub errorlang: Option<String>,
    /// The limits that `max` stood for, per module.
    pub limits: Option<Map<String, Value>>,
    /// `servedby`: the host that answered.
    pub servedby: Option<String>,
    /// The module's part: absent from an error answer (when `T::AT` is `""`, unless the error
    /// answer has keys of the part too).
    pub body: Option<T>,
    /// Other keys at the root, which neither the envelope nor the part describes.
    pub extra: Extra,
}

/// A module's part of an answer: a response [`Object`] and where it sits.
pub trait Part: Object {
    /// The key of the answer's root that holds it (`block`, `query`), or `""` when its fields sit
    /// at the root beside the envelope's.
    const AT: &'static str;
    /// The part of an answer whose root is an array (opensearch's), when this part is one.
    fn from_array(items: Vec<Value>) -> Option<Self> {
        let _ = items;
        None
    }
    /// The array this part writes as the whole answer, when it is one.
    fn as_array(&self) -> Option<&[Value]> {
        None
    }
}

/// The answer of a module whose answer is a JSON array, not an object (opensearch's
/// `[search, titles, descriptions, urls]`); its errors still come in an [`Envelope`].
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ArrayAnswer {
    /// The array's items.
    pub items: Vec<Value>,
}

impl Object for ArrayAnswer {
    const NAME: &'static str = "ArrayAnswer";
    const REQUIRED: &'static [&'static str] = &[];
    fn read<'de, A: MapAccess<'de>>(&mut self, key: Cow<'de, str>, map: &mut A) -> Result<Slot, A::Error> {
        let mut unused = Extra::new();
        keep(Self::NAME, key, &mut unused, map)
    }
    fn write<M: SerializeMap>(&self, _map: &mut M) -> Result<(), M::Error> {
        Ok(())
    }
}

impl Part for ArrayAnswer {
    const AT: &'static str = "";
    fn from_array(items: Vec<Value>) -> Option<Self> {
        Some(ArrayAnswer { items })
    }
    fn as_array(&self) -> Option<&[Value]> {
        Some(&self.items)
    }
}

crate::object_serde!(ArrayAnswer);

/// A request whose answer has a generated type: `Envelope<Self::Response>`.
pub trait Responds {
    /// The module's part of the answer.
    type Response: Part + serde::de::DeserializeOwned + Serialize;
}

/// What a generated response type is: a [`Part`] that reads and writes itself with serde, and
/// compares. Every type that `with_response` hands out is one.
pub trait ResponseType:
    Part + serde::de::DeserializeOwned + Serialize + fmt::Debug + Clone + PartialEq + Send + Sync + 'static
{
}

impl<T> ResponseType for T where
    T: Part
        + serde::de::DeserializeOwned
        + Serialize
        + fmt::Debug
        + Clone
        + PartialEq
        + Send
        + Sync
        + 'static
{
}

/// What the generated `with_response(path, visitor)` hands a module's response type to: one
/// generic call per module.
pub trait ResponseVisit {
    /// What the visit gives back.
    type Output;
    /// Visits response type `T`.
    fn visit<T: ResponseType>(self) -> Self::Output;
}

/// Any answer, key for key: every key the envelope does not take stays in the map.
impl Object for Map<String, Value> {
    const NAME: &'static str = "object";
    const REQUIRED: &'static [&'static str] = &[];
    fn read<'de, A: MapAccess<'de>>(&mut self, key: Cow<'de, str>, map: &mut A) -> Result<Slot, A::Error> {
        let v: Value = map.next_value()?;
        self.insert(key.into_owned(), v);
        Ok(Slot::Optional)
    }
    fn write<M: SerializeMap>(&self, map: &mut M) -> Result<(), M::Error> {
        put_extra(map, self)
    }
}

impl Part for Map<String, Value> {
    const AT: &'static str = "";
}

macro_rules! envelope_keys {
    ($($key:literal => $field:ident),* $(,)?) => {
        impl<'de, T: Part + Deserialize<'de>> Visitor<'de> for EnvelopeVisitor<T> {
            type Value = Envelope<T>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an answer of api.php (a JSON object)")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Envelope<T>, A::Error> {
                let mut items = Vec::new();
                while let Some(v) = seq.next_element::<Value>()? {
                    items.push(v);
                }
                match T::from_array(items) {
                    Some(body) => Ok(Envelope { body: Some(body), ..Envelope::default() }),
                    None => Err(serde::de::Error::invalid_type(serde::de::Unexpected::Seq, &self)),
                }
            }

            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Envelope<T>, A::Error> {
                let mut out = Envelope::<T>::default();
                let flat = T::AT.is_empty();
                let mut body = T::default();
                let mut seen = 0u64;
                let mut touched = false;
                while let Some(Key(key)) = map.next_key()? {
                    match &*key {
                        $($key => out.$field = Some(map.next_value()?),)*
                        k if !flat && k == T::AT => out.body = Some(map.next_value()?),
                        _ if flat => {
                            touched = true;
                            if let Slot::Required(bit) = body.read(key, &mut map)? {
                                seen |= 1 << bit;
                            }
                        }
                        _ => {
                            keep("the answer's root", key, &mut out.extra, &mut map)?;
                        }
                    }
                }
                if flat {
                    let failed = out.error.is_some() || out.errors.is_some();
                    if !failed {
                        check_required(T::REQUIRED, seen)?;
                    }
                    if touched || !failed {
                        out.body = Some(body);
                    }
                }
                Ok(out)
            }
        }

        impl<T: Part> Serialize for Envelope<T> {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                if let Some(items) = self.body.as_ref().and_then(T::as_array) {
                    return items.serialize(s);
                }
                let mut map = s.serialize_map(None)?;
                $(put(&mut map, $key, &self.$field)?;)*
                if let Some(body) = &self.body {
                    if T::AT.is_empty() {
                        body.write(&mut map)?;
                    } else {
                        map.serialize_entry(T::AT, &Whole(body))?;
                    }
                }
                put_extra(&mut map, &self.extra)?;
                map.end()
            }
        }
    };
}

struct EnvelopeVisitor<T>(std::marker::PhantomData<T>);

/// An [`Object`] written as one JSON object.
struct Whole<'a, T>(&'a T);

impl<T: Object> Serialize for Whole<'_, T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        super::object::write_object(self.0, s)
    }
}

envelope_keys! {
    "error" => error,
    "errors" => errors,
    "warnings" => warnings,
    "docref" => docref,
    "*" => star,
    "batchcomplete" => batchcomplete,
    "continue" => continuation,
    "query-continue" => query_continue,
    "requestid" => requestid,
    "curtimestamp" => curtimestamp,
    "uselang" => uselang,
    "errorlang" => errorlang,
    "limits" => limits,
    "servedby" => servedby,
}

impl<'de, T: Part + Deserialize<'de>> Deserialize<'de> for Envelope<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(EnvelopeVisitor(std::marker::PhantomData))
    }
}

impl<T> Envelope<T> {
    /// The error's code, in whichever errorformat it came (the first one of a list).
    pub fn error_code(&self) -> Option<&str> {
        match (&self.error, &self.errors) {
            (Some(e), _) => Some(&e.code),
            (None, Some(list)) => list.first().map(|m| m.code.as_str()),
            (None, None) => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::response::{BcWarning, Warnings};

    #[test]
    fn reads_both_formatversions_and_writes_each_back() {
        let fv1 = r#"{"warnings":{"main":{"*":"a\nb"}},"batchcomplete":"","query":{"pages":{}}}"#;
        let env: Envelope<Map<String, Value>> = serde_json::from_str(fv1).expect("fv1");
        assert_eq!(env.batchcomplete, Some(Flag::Empty));
        let bc = BcWarning { module: "main".into(), text: "a\nb".into(), star: true };
        assert_eq!(env.warnings, Some(Warnings::Bc(vec![bc])));
        assert_eq!(env.warnings.as_ref().map(Warnings::texts), Some(vec![("main", "a"), ("main", "b")]));
        assert_eq!(serde_json::to_string(&env).expect("written"), fv1);
    }

    #[test]
    fn an_array_answer_and_its_errors() {
        let text = r#"["Ma",["Main Page"],[""],["http://x/Main_Page"]]"#;
        let env: Envelope<ArrayAnswer> = serde_json::from_str(text).expect("an array");
        assert_eq!(env.body.as_ref().map(|b| b.items.len()), Some(4));
        assert_eq!(serde_json::to_string(&env).expect("written"), text);
        let err = r#"{"error":{"code":"nosearch","info":"The \"search\" parameter must be set."}}"#;
        let env: Envelope<ArrayAnswer> = serde_json::from_str(err).expect("an error");
        assert_eq!((env.error_code(), env.body.is_some()), (Some("nosearch"), false));
        let e = serde_json::from_str::<Envelope<Map<String, Value>>>("[1]").expect_err("not an array part");
        assert!(e.to_string().contains("invalid type: sequence"), "{e}");
    }

    #[test]
    fn garbage_is_a_clear_error() {
        let e = serde_json::from_str::<Envelope<Map<String, Value>>>(r#"{"batchcomplete":1}"#);
        assert!(e.expect_err("a number").to_string().contains("a flag is `true` or `\"\"`, not 1"));
        let e = serde_json::from_str::<Envelope<Map<String, Value>>>(r#"{"warnings":{"main":{}}}"#);
        assert!(e.expect_err("no text").to_string().contains("the warnings of `main` hold neither"));
        let e = serde_json::from_str::<Envelope<Map<String, Value>>>(r#"{"errors":[{"text":"t"}]}"#);
        assert!(e.expect_err("no code").to_string().contains("missing field `code`"));
    }
}
