//! Valid requests for any module, generated from its static spec, and decoding/encoding any
//! module's request through the enum of its group. Used by the round-trip tests of the client side
//! (tests/roundtrip_props.rs) and of the server (tests/server.rs).

use mediawiki_api::main::Main;
use mediawiki_api::submodules::{Action, Format, List, Meta, Prop};
use mwgen_runtime::request::{SubmoduleDecode, SubmoduleEncode};
use mwgen_runtime::{Decode, DecodeOptions, Decoder, ModuleSpec, ParamSpec, Params, Type};
use proptest::prelude::*;

/// Any module's request, decoded through the enum of its group.
#[derive(Debug, PartialEq)]
pub enum AnyRequest {
    Main(Box<Main>),
    Action(Box<Action>),
    Format(Box<Format>),
    Prop(Box<Prop>),
    List(Box<List>),
    Meta(Box<Meta>),
}

pub fn decode(spec: &ModuleSpec, params: &Params) -> Result<AnyRequest, String> {
    let mut d = Decoder::new(params, DecodeOptions::default());
    let fail = |e: mwgen_runtime::ApiError| format!("{e} (param {:?})", e.param);
    let missing = || format!("no member named {}", spec.name);
    let r = match spec.group {
        "" => AnyRequest::Main(Box::new(Main::decode(&mut d, "").map_err(fail)?)),
        "action" => AnyRequest::Action(Box::new(
            Action::decode_named(spec.name, &mut d).ok_or_else(missing)?.map_err(fail)?,
        )),
        "format" => AnyRequest::Format(Box::new(
            Format::decode_named(spec.name, &mut d).ok_or_else(missing)?.map_err(fail)?,
        )),
        "prop" => AnyRequest::Prop(Box::new(
            Prop::decode_named(spec.name, &mut d).ok_or_else(missing)?.map_err(fail)?,
        )),
        "list" => AnyRequest::List(Box::new(
            List::decode_named(spec.name, &mut d).ok_or_else(missing)?.map_err(fail)?,
        )),
        "meta" => AnyRequest::Meta(Box::new(
            Meta::decode_named(spec.name, &mut d).ok_or_else(missing)?.map_err(fail)?,
        )),
        g => return Err(format!("unknown group {g}")),
    };
    let unexpected: Vec<_> = d.warnings().iter().filter(|w| w.code != "deprecation").collect();
    if !unexpected.is_empty() {
        return Err(format!("unexpected warnings: {unexpected:?}"));
    }
    Ok(r)
}

pub fn encode(r: &AnyRequest) -> Params {
    let mut p = Params::new();
    match r {
        AnyRequest::Main(m) => mwgen_runtime::Encode::encode(m.as_ref(), "", &mut p),
        AnyRequest::Action(a) => a.encode_params(&mut p),
        AnyRequest::Format(f) => f.encode_params(&mut p),
        AnyRequest::Prop(x) => x.encode_params(&mut p),
        AnyRequest::List(x) => x.encode_params(&mut p),
        AnyRequest::Meta(x) => x.encode_params(&mut p),
    }
    p
}

/// Parameters that pick submodules are left out here (a random `action` would bring its own
/// required parameters); `query_composition` in decode_errors.rs covers them.
pub fn picks_submodules(spec: &ModuleSpec, p: &ParamSpec) -> bool {
    matches!(
        (spec.path, p.name),
        ("main", "action" | "format") | ("query", "prop" | "list" | "meta") | (_, "generator")
    )
}

fn pick(values: &'static [&'static str]) -> BoxedStrategy<String> {
    prop::sample::select(values.to_vec()).prop_map(str::to_string).boxed()
}

/// One valid value of a parameter's type, as wire text.
fn value(p: &'static ParamSpec) -> Option<BoxedStrategy<String>> {
    Some(match p.ty {
        Type::String { .. } | Type::Text | Type::Raw | Type::Password => "[a-zA-Z0-9 |_.:é-]{0,10}".boxed(),
        Type::Integer { min, max, .. } => {
            (min.unwrap_or(-1000)..=max.unwrap_or(1000)).prop_map(|n| n.to_string()).boxed()
        }
        Type::Limit { min, max, .. } => {
            prop_oneof![Just("max".to_string()), (min..=max).prop_map(|n| n.to_string())].boxed()
        }
        Type::Float => (-1.0e6f64..1.0e6).prop_map(|f| f.to_string()).boxed(),
        Type::Boolean => {
            prop_oneof![Just(String::new()), Just("1".to_string()), Just("false".to_string())].boxed()
        }
        Type::Timestamp => {
            pick(&["now", "2024-01-01T00:00:00Z", "20240101000000", "1700000000", "2024-02-03 04:05:06"])
        }
        Type::Expiry => pick(&["infinite", "never", "1 week", "2030-01-01T00:00:00Z"]),
        Type::User { subtypes } => {
            let mut v: Vec<&'static str> = Vec::new();
            let all = subtypes.is_empty();
            for (kind, example) in [
                ("name", "Example user"),
                ("ip", "127.0.0.1"),
                ("cidr", "10.0.0.0/8"),
                ("interwiki", "imported>Foo"),
                ("id", "#1"),
            ] {
                if all && kind != "id" || subtypes.contains(&kind) {
                    v.push(example);
                }
            }
            prop::sample::select(v).prop_map(str::to_string).boxed()
        }
        Type::Title { .. } => pick(&["Main Page", "Talk:Foo", "Foo/Bar"]),
        Type::Namespace { extra } => {
            let mut v: Vec<i32> = (0..=15).collect();
            v.extend_from_slice(extra);
            prop::sample::select(v).prop_map(|n| n.to_string()).boxed()
        }
        Type::Enum { values, .. } if !values.is_empty() => pick(values),
        Type::Enum { .. } | Type::Tags { .. } | Type::Upload => return None,
    })
}

/// The whole wire value of a parameter: one value, or several joined as MediaWiki reads them.
fn wire_value(p: &'static ParamSpec) -> Option<BoxedStrategy<String>> {
    let one = value(p)?;
    let Some(multi) = p.multi else { return Some(one) };
    let all = multi.all;
    let list = prop::collection::vec(
        one.prop_filter("no empty values in lists", |v| !v.is_empty()),
        1..=multi.limit.min(6) as usize,
    )
    .prop_map(|mut v| {
        let mut seen = std::collections::BTreeSet::new();
        v.retain(|x| seen.insert(x.clone()));
        if v.iter().any(|x| x.contains('|')) {
            format!("\u{1f}{}", v.join("\u{1f}"))
        } else {
            v.join("|")
        }
    });
    Some(match all {
        Some(a) => prop_oneof![1 => Just(a.to_string()), 4 => list].boxed(),
        None => list.boxed(),
    })
}

/// One parameter as drawn: its value, and whether it is sent.
#[derive(Debug, Clone)]
struct Drawn {
    spec: &'static ParamSpec,
    name: String,
    value: String,
    sent: bool,
}

impl Drawn {
    /// Given as MediaWiki's `require*Parameter` helpers count it: sent, or defaulted (not a boolean).
    fn given(&self) -> bool {
        self.sent || self.stuck()
    }

    /// Given by its default, whether sent or not: no repair can take it away.
    fn stuck(&self) -> bool {
        self.spec.default.is_some() && !matches!(self.spec.ty, Type::Boolean)
    }
}

/// Makes the drawn parameters keep the module's own checks (its constraints) where a choice of
/// what is sent can: exactly one of a one-of group, the first of a must-use pair with its partner,
/// and so on. Rights are not the request's to keep (the decode knows no caller).
fn keep_constraints(spec: &ModuleSpec, drawn: &mut [Drawn]) {
    use mwgen_runtime::spec::Rule;
    // A repair can break an earlier check: twice over the list settles every module of the spec.
    for _ in 0..2 {
        for c in spec.constraints {
            let at: Vec<usize> =
                c.params.iter().filter_map(|p| drawn.iter().position(|d| d.spec.name == *p)).collect();
            let given: Vec<usize> = at.iter().copied().filter(|&i| drawn[i].given()).collect();
            match c.rule {
                Rule::OnlyOne | Rule::MaxOne | Rule::AtLeastOne => {
                    if given.is_empty() && c.rule != Rule::MaxOne {
                        if let Some(&first) = at.first() {
                            drawn[first].sent = true;
                        }
                    }
                    if c.rule != Rule::AtLeastOne && given.len() > 1 {
                        let keep = given.iter().copied().find(|&i| drawn[i].stuck()).unwrap_or(given[0]);
                        for &i in given.iter().filter(|&&i| i != keep) {
                            drawn[i].sent = false;
                        }
                    }
                }
                Rule::CannotUseWith => {
                    let [first, ..] = at.as_slice() else { continue };
                    if drawn[*first].given() && given.len() > 1 {
                        if drawn[*first].stuck() {
                            for &i in &given[1..] {
                                drawn[i].sent = false;
                            }
                        } else {
                            drawn[*first].sent = false;
                        }
                    }
                }
                Rule::MustUseWith => {
                    if let [first, other] = at.as_slice() {
                        if drawn[*first].given() && !drawn[*other].given() {
                            drawn[*other].sent = true;
                        }
                    } else if let Some(&first) = at.first() {
                        drawn[first].sent = false;
                    }
                }
                Rule::ExclusiveValues(pairs) => {
                    for &i in &at {
                        let values: Vec<&str> =
                            mwgen_runtime::params::split_multi(&drawn[i].value, 500).collect();
                        if pairs.iter().any(|(a, b)| values.contains(a) && values.contains(b)) {
                            drawn[i].sent = false;
                        }
                    }
                }
                Rule::Right(_) | Rule::LoggedIn => {}
            }
        }
    }
}

/// Valid parameters for a whole module: each drawn, then sent or not as the module's constraints
/// allow.
pub fn module_params(spec: &'static ModuleSpec) -> BoxedStrategy<Params> {
    let mut plain: Vec<BoxedStrategy<Drawn>> = Vec::new();
    for p in spec.params.iter().filter(|p| p.template.is_none() && !picks_submodules(spec, p)) {
        let name = format!("{}{}", spec.prefix, p.name);
        let Some(v) = wire_value(p) else { continue };
        let s = if p.required {
            // An empty required string is `missingparam`.
            v.prop_filter("required values are not empty", |v| !v.is_empty())
                .prop_map(move |value| Drawn { spec: p, name: name.clone(), value, sent: true })
                .boxed()
        } else {
            (v, any::<bool>())
                .prop_map(move |(value, sent)| Drawn { spec: p, name: name.clone(), value, sent })
                .boxed()
        };
        plain.push(s);
    }
    let templated: Vec<&'static ParamSpec> = spec.params.iter().filter(|p| p.template.is_some()).collect();
    let fills: Vec<BoxedStrategy<Option<String>>> =
        templated.iter().filter_map(|p| value(p)).map(|v| prop::option::of(v).boxed()).collect();
    (plain, fills)
        .prop_map(move |(mut drawn, fills)| {
            keep_constraints(spec, &mut drawn);
            let mut params = Params::new();
            for d in drawn.iter().filter(|d| d.sent) {
                params.add(&d.name, &d.value);
            }
            for (p, fill) in templated.iter().zip(fills) {
                let (Some(t), Some(v)) = (p.template, fill) else { continue };
                let source = format!("{}{}", spec.prefix, t.source);
                let Some(list) = params.get(&source).map(str::to_string) else { continue };
                for key in mwgen_runtime::params::split_multi(&list, 500) {
                    let name = format!("{}{}", spec.prefix, p.name.replace(&format!("{{{}}}", t.var), key));
                    params.add(&name, &v);
                }
            }
            params
        })
        .boxed()
}
