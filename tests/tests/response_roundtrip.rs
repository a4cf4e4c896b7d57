//! Property test over every module with a response section: answers generated from the spec's
//! shape (spec/mediawiki-1.39, its `response:` sections) fit the generated type strictly, and the
//! typed value written back reads again to itself.
//!
//! For each module, a proptest strategy makes answers of its shape: each field present as its
//! `optional`/`when` says, enums from their `values`, arrays and maps with their `items`, the part
//! placed at its `at` with the module's `extras` beside it, one of its in-band outcomes with that
//! outcome's fields. A query submodule's part goes into a query answer (a prop's fields onto pages
//! that also carry the page set's own keys). Each answer is read strictly with
//! `mediawiki_api::with_response(path, …)` into `Envelope<T>` (a query submodule through `query`),
//! written back, read again, and the two typed values compared; so are the JSON texts, unless the
//! answer holds an optional field sent as `null` (read as `None`, so written as absent).

use mediawiki_api::with_response;
use mwgen::spec::{Field, FieldType, MapKeys, Response, Spec};
use mwgen_runtime::response::{strict, Envelope, Part, ResponseType, ResponseVisit};
use mwgen_tests::{json_diff, spec_dir};
use proptest::collection::{btree_map, vec};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError, TestError, TestRunner};
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{Map, Value};
use std::fmt::Debug;

/// Answers per module (107 modules; the whole test takes under 10 s in debug).
const CASES: u32 = 48;

/// A generated value, and whether writing its typed reading back may leave something out (an
/// optional field sent as `null`).
type Gen = (Value, bool);

fn text() -> BoxedStrategy<String> {
    prop_oneof![
        4 => "[A-Za-z0-9 _:/.-]{0,12}",
        1 => "[\"\\\\\n\t é日\u{05d0}\u{1F600}]{0,6}",
    ]
    .boxed()
}

fn timestamp() -> BoxedStrategy<String> {
    (2001u32..2038, 1u32..13, 1u32..29, 0u32..24, 0u32..60, 0u32..60)
        .prop_map(|(y, mo, d, h, mi, s)| format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}Z"))
        .boxed()
}

fn key(keys: Option<MapKeys>) -> BoxedStrategy<String> {
    match keys {
        Some(MapKeys::Id) => (-2i64..100_000).prop_map(|n| n.to_string()).boxed(),
        _ => "[a-z][a-z0-9_-]{0,7}".boxed(),
    }
}

/// Any JSON value, a little nested.
fn any_json() -> BoxedStrategy<Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        (-1.0e6f64..1.0e6).prop_map(Value::from),
        text().prop_map(Value::String),
    ];
    leaf.prop_recursive(2, 12, 3, |inner| {
        prop_oneof![
            vec(inner.clone(), 0..3).prop_map(Value::Array),
            btree_map(key(None), inner, 0..3).prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
    .boxed()
}

fn plain(s: impl Strategy<Value = Value> + 'static) -> BoxedStrategy<Gen> {
    s.prop_map(|v| (v, false)).boxed()
}

/// Values of one field's shape (not its presence: that is its parent's business).
fn value(f: &Field) -> BoxedStrategy<Gen> {
    match f.ty {
        FieldType::String | FieldType::Title | FieldType::User => plain(text().prop_map(Value::String)),
        FieldType::Timestamp => plain(timestamp().prop_map(Value::String)),
        FieldType::Integer | FieldType::Namespace => plain(any::<i64>().prop_map(Value::from)),
        FieldType::Number => plain((-1.0e9f64..1.0e9).prop_map(Value::from)),
        FieldType::Boolean => plain(any::<bool>().prop_map(Value::Bool)),
        FieldType::Enum if f.values.is_empty() => plain(text().prop_map(Value::String)),
        FieldType::Enum => plain(proptest::sample::select(f.values.clone()).prop_map(Value::String)),
        FieldType::Any => plain(any_json()),
        FieldType::Array => vec(items(f), 0..4).prop_map(|v| any_lossy(v, Value::Array)).boxed(),
        FieldType::Map => btree_map(key(f.keys), items(f), 0..4)
            .prop_map(|m| {
                let lossy = m.values().any(|(_, l)| *l);
                (Value::Object(m.into_iter().map(|(k, (v, _))| (k, v)).collect()), lossy)
            })
            .boxed(),
        FieldType::Object if f.fields.is_empty() => {
            plain(btree_map(key(None), any_json(), 0..3).prop_map(|m| Value::Object(m.into_iter().collect())))
        }
        FieldType::Object => object(&f.fields, &[]),
    }
}

fn items(f: &Field) -> BoxedStrategy<Gen> {
    match &f.items {
        Some(items) => with_null(items),
        None => plain(any_json()),
    }
}

fn any_lossy(v: Vec<Gen>, wrap: fn(Vec<Value>) -> Value) -> Gen {
    let lossy = v.iter().any(|(_, l)| *l);
    (wrap(v.into_iter().map(|(v, _)| v).collect()), lossy)
}

/// A field's values, `null` among them when it is nullable.
fn with_null(f: &Field) -> BoxedStrategy<Gen> {
    if f.nullable {
        prop_oneof![3 => value(f), 1 => Just((Value::Null, false))].boxed()
    } else {
        value(f)
    }
}

/// An object with `fields`, and `fixed` (name, value) pairs set on top (an outcome's value).
fn object<'a>(
    fields: impl IntoIterator<Item = (&'a String, &'a Field)>,
    fixed: &[(String, Value)],
) -> BoxedStrategy<Gen> {
    let parts: Vec<BoxedStrategy<Option<(String, Gen)>>> = fields
        .into_iter()
        .map(|(name, f)| {
            let name = name.clone();
            let v = with_null(f);
            if f.optional || f.when.is_some() {
                proptest::option::of(v)
                    .prop_map(move |o| o.map(|(v, lossy)| (name.clone(), (v.clone(), lossy || v.is_null()))))
                    .boxed()
            } else {
                v.prop_map(move |g| Some((name.clone(), g))).boxed()
            }
        })
        .collect();
    let fixed = fixed.to_vec();
    parts
        .prop_map(move |parts| {
            let mut out = Map::new();
            let mut lossy = false;
            for (name, (v, l)) in parts.into_iter().flatten() {
                lossy |= l;
                out.insert(name, v);
            }
            for (name, v) in &fixed {
                out.insert(name.clone(), v.clone());
            }
            (Value::Object(out), lossy)
        })
        .boxed()
}

/// The shape of the value at a response's `at`, as a field.
fn part_field(r: &Response) -> Field {
    Field { keys: r.keys, items: r.items.clone(), fields: r.fields.clone(), ..Field::new(r.ty) }
}

/// The module's part: its shape, or one of its in-band outcomes with that outcome's fields. An
/// object part is a struct of its fields even when it has none (an action module's part).
fn part(r: &Response) -> BoxedStrategy<Gen> {
    let base = match r.ty {
        FieldType::Object => object(&r.fields, &[]),
        _ => value(&part_field(r)),
    };
    let Some(o) = &r.outcomes else { return base };
    let mut choices = vec![base];
    for (case, c) in &o.cases {
        let mut fields = r.fields.clone();
        fields.extend(c.fields.iter().map(|(k, f)| (k.clone(), f.clone())));
        choices.push(object(&fields, &[(o.field.clone(), Value::String(case.clone()))]));
    }
    proptest::strategy::Union::new(choices).boxed()
}

/// Puts `v` at the dot-separated `path` of `root` (made of objects), beside what is there.
fn place(root: &mut Map<String, Value>, path: &str, v: Value) {
    let mut at = root;
    let mut keys = path.split('.').peekable();
    while let Some(k) = keys.next() {
        if keys.peek().is_none() {
            at.insert(k.to_string(), v);
            return;
        }
        let next = at.entry(k.to_string()).or_insert_with(|| Value::Object(Map::new()));
        match next {
            Value::Object(m) => at = m,
            _ => return,
        }
    }
}

/// How a module's answers are built and read.
struct Plan {
    /// The module path given to `with_response`.
    read_as: String,
    answers: BoxedStrategy<Gen>,
}

/// The plan for module `path`: its own type, or (query submodules) the query's.
fn plan(spec: &Spec, path: &str, r: &Response) -> Option<Plan> {
    let own = with_response(path, Has).is_some();
    let read_as = match () {
        _ if own => path.to_string(),
        _ if path.starts_with("query+") => "query".to_string(),
        _ => return None,
    };
    let (at, each) = match r.at.strip_suffix("[]") {
        Some(at) => (at.to_string(), true),
        None => (r.at.clone(), false),
    };
    let mut one = part(r);
    if at == "query.pages" && each {
        // A prop's fields sit on pages that carry the page set's own keys too.
        let mut page = spec
            .modules
            .values()
            .find(|m| m.path == "query")
            .and_then(|q| q.response.as_ref())
            .and_then(|q| q.fields.get("pages"))
            .and_then(|p| p.items.as_deref())
            .cloned()
            .unwrap_or_else(|| Field::new(FieldType::Object));
        page.fields.extend(r.fields.iter().map(|(k, f)| (k.clone(), f.clone())));
        one = value(&page);
    }
    let whole = if each { vec(one, 0..4).prop_map(|v| any_lossy(v, Value::Array)).boxed() } else { one };
    let extras: Vec<(String, BoxedStrategy<Gen>)> = r
        .extras
        .iter()
        .map(|(p, f)| {
            (
                p.clone(),
                proptest::option::of(with_null(f)).prop_map(|o| o.unwrap_or((Value::Null, false))).boxed(),
            )
        })
        .collect();
    let (extra_paths, extra_values): (Vec<String>, Vec<BoxedStrategy<Gen>>) = extras.into_iter().unzip();
    let answers = (whole, extra_values)
        .prop_map(move |((v, mut lossy), extras)| {
            let mut root = Map::new();
            match v {
                Value::Object(m) if at.is_empty() => root = m,
                // A whole answer that is an array (opensearch's) has no envelope around it.
                v if at.is_empty() => return (v, lossy),
                v => place(&mut root, &at, v),
            }
            for (p, (v, l)) in extra_paths.iter().zip(extras) {
                if !v.is_null() {
                    lossy |= l;
                    place(&mut root, p, v);
                }
            }
            (Value::Object(root), lossy)
        })
        .boxed();
    Some(Plan { read_as, answers })
}

/// Whether a module path has a response type.
struct Has;

impl ResponseVisit for Has {
    type Output = ();
    fn visit<T: ResponseType>(self) {}
}

/// Reads an answer strictly as `Envelope<T>`, writes it, reads that again, and compares.
struct RoundTrip<'a> {
    text: &'a str,
    lossy: bool,
}

impl ResponseVisit for RoundTrip<'_> {
    type Output = Result<(), String>;
    fn visit<T: ResponseType>(self) -> Result<(), String> {
        round_trip::<T>(self.text, self.lossy)
    }
}

/// The check itself, for any part type (also the broken one below).
fn round_trip<T: Part + DeserializeOwned + Serialize + Debug + PartialEq>(
    text: &str,
    lossy: bool,
) -> Result<(), String> {
    let first: Envelope<T> =
        strict(|| serde_json::from_str(text)).map_err(|e| format!("reading the answer: {e}"))?;
    let written = serde_json::to_string(&first).map_err(|e| format!("writing it: {e}"))?;
    let second: Envelope<T> = strict(|| serde_json::from_str(&written))
        .map_err(|e| format!("reading it back: {e}; written: {written}"))?;
    if first != second {
        return Err(format!("read back, it differs:\n{first:?}\n{second:?}"));
    }
    if !lossy {
        let a: Value = serde_json::from_str(text).map_err(|e| e.to_string())?;
        let b: Value = serde_json::from_str(&written).map_err(|e| e.to_string())?;
        if a != b {
            return Err(format!("the JSON written differs from the answer:\n{}", json_diff(&a, &b)));
        }
    }
    Ok(())
}

/// Runs `plan` for `CASES` answers; the smallest failing answer and why, if one fails.
fn run(plan: &Plan, check: impl Fn(&str, bool) -> Result<(), String>) -> Result<(), String> {
    let mut runner = TestRunner::new(Config { failure_persistence: None, ..Config::with_cases(CASES) });
    let outcome = runner
        .run(&plan.answers, |(json, lossy)| check(&json.to_string(), lossy).map_err(TestCaseError::fail));
    match outcome {
        Ok(()) => Ok(()),
        Err(TestError::Fail(why, (json, _))) => Err(format!("{why}\n    answer: {json}")),
        Err(e) => Err(e.to_string()),
    }
}

fn with_type(read_as: &str) -> impl Fn(&str, bool) -> Result<(), String> + '_ {
    move |text, lossy| match with_response(read_as, RoundTrip { text, lossy }) {
        Some(r) => r,
        None => Err(format!("`{read_as}` has no response type")),
    }
}

fn load() -> Spec {
    match Spec::load(spec_dir()) {
        Ok(s) => s,
        Err(e) => panic!("the checked-in spec loads: {e}"),
    }
}

#[test]
fn every_response_type_round_trips() {
    let spec = load();
    let (mut tested, mut untyped, mut failures) = (0, Vec::new(), Vec::new());
    for m in spec.modules.values() {
        let Some(r) = &m.response else { continue };
        let Some(plan) = plan(&spec, &m.path, r) else {
            untyped.push(m.path.clone());
            continue;
        };
        tested += 1;
        let Err(e) = run(&plan, with_type(&plan.read_as)) else { continue };
        let e = format!("{} (read as `{}`): {e}", m.path, plan.read_as);
        failures.push(e);
    }
    eprintln!("response round trip: {tested} modules, {CASES} answers each; no response type: {untyped:?}");
    assert!(tested >= 100, "only {tested} modules have a response type");
    assert!(failures.is_empty(), "{} modules do not round-trip:\n{}", failures.len(), failures.join("\n"));
}

/// The test can fail: a spec shape that disagrees with the type is refused by the strict read, for
/// a list's items (allpages' `title` as an integer) and for a prop's fields on pages (revisions'
/// `revid` as a string).
#[test]
fn a_shape_the_type_does_not_have_fails() {
    let spec = load();
    let misfit = |path: &str, change: fn(&mut Response), expected: &str| {
        let m = spec.modules.values().find(|m| m.path == path).expect("the module is in the spec");
        let mut r = m.response.clone().expect("the module has a response section");
        change(&mut r);
        let plan = plan(&spec, &m.path, &r).expect("the module is read as a query");
        let e = run(&plan, with_type(&plan.read_as)).expect_err("the changed shape does not fit");
        assert!(e.contains(expected), "{path}: {e}");
    };
    misfit(
        "query+allpages",
        |r| r.fields.get_mut("title").expect("allpages items have a title").ty = FieldType::Integer,
        "invalid type: integer",
    );
    misfit(
        "query+revisions",
        |r| {
            let revisions = r.fields.get_mut("revisions").expect("pages have revisions");
            let items = revisions.items.as_mut().expect("revisions have items");
            items.fields.get_mut("revid").expect("a revision has a revid").ty = FieldType::String;
        },
        "expected i64",
    );
}

/// A part type that writes a field under another name than it reads it.
#[derive(Debug, Clone, PartialEq, Default)]
struct Misnamed {
    title: String,
    extra: mwgen_runtime::response::Extra,
}

mod misnamed {
    use super::Misnamed;
    use mwgen_runtime::codegen as rt;

    impl rt::Object for Misnamed {
        const NAME: &'static str = "Misnamed";
        const REQUIRED: &'static [&'static str] = &["title"];
        fn read<'de, A: rt::MapAccess<'de>>(
            &mut self,
            key: rt::Cow<'de, str>,
            map: &mut A,
        ) -> Result<rt::Slot, A::Error> {
            match &*key {
                "title" => rt::req(0, &mut self.title, map),
                _ => rt::keep(Self::NAME, key, &mut self.extra, map),
            }
        }
        fn write<M: rt::SerializeMap>(&self, map: &mut M) -> Result<(), M::Error> {
            map.serialize_entry("name", &self.title)?;
            rt::put_extra(map, &self.extra)
        }
    }
    impl rt::Part for Misnamed {
        const AT: &'static str = "misnamed";
    }
    rt::object_serde!(Misnamed);
}

/// The test can fail: a type that does not write what it reads is caught by the check.
#[test]
fn a_type_that_does_not_round_trip_fails() {
    let mut shape = Field::new(FieldType::Object);
    shape.fields.insert("title".to_string(), Field::new(FieldType::Title));
    let r = Response {
        at: "misnamed".into(),
        fields: shape.fields,
        ..serde_yaml::from_str("at: x").expect("a response")
    };
    let answers =
        part(&r).prop_map(|(v, l)| (Value::Object(Map::from_iter([("misnamed".to_string(), v)])), l)).boxed();
    let plan = Plan { read_as: "misnamed".into(), answers };
    let e = run(&plan, round_trip::<Misnamed>).expect_err("the title is written as `name`");
    assert!(e.contains("reading it back: unknown field `name` in Misnamed"), "{e}");
}
