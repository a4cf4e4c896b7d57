//! What every compiled fixture does with requests, read from its spec tables: each parameter of
//! each module decodes from its wire name (module prefix, and `g` where the module is a generator),
//! names close to it are left unrecognized, templated parameters are validated after the others,
//! and what decodes encodes back to a request that decodes the same.

use mwgen_gen_fixtures::probe::{near_misses, placements, sample, selects, Placement, Request, Sample};
use mwgen_gen_fixtures::{Fixture, FIXTURES};
use mwgen_runtime::{ParamSpec, Type};

/// Every placement of every module of every fixture.
fn all_placements() -> Vec<(&'static Fixture, Placement)> {
    let mut out = Vec::new();
    for fixture in FIXTURES {
        for module in fixture.modules {
            let found = placements(fixture, module);
            assert!(!found.is_empty(), "fixture {}: no request reaches module {}", fixture.name, module.path);
            out.extend(found.into_iter().map(|p| (fixture, p)));
        }
    }
    out
}

/// Every parameter of every placement, templated ones or the others.
fn each_param(templated: bool) -> Vec<(&'static Fixture, Placement, &'static ParamSpec)> {
    let mut out = Vec::new();
    for (fixture, at) in all_placements() {
        for param in at.module.params.iter().filter(|p| p.template.is_some() == templated) {
            out.push((fixture, at.clone(), param));
        }
    }
    out
}

fn assert_none(what: &str, failures: Vec<String>) {
    assert!(failures.is_empty(), "{} {what}:\n{}", failures.len(), failures.join("\n"));
}

#[test]
fn every_parameter_decodes_from_its_wire_name_and_round_trips() {
    let mut failures = Vec::new();
    let mut checked = 0;
    for (fixture, at) in all_placements() {
        // A parameter that picks a submodule is given by every placement of the module it picks.
        for param in at.module.params.iter().filter(|p| !selects(fixture, at.module, p)) {
            let Some((request, wire)) = at.request_for(param) else { continue };
            checked += 1;
            let got = request.decode(fixture);
            let context = format!("{}: {} as `{wire}` in {}", fixture.name, at.label(), request.show());
            if let Some(e) = &got.error {
                failures.push(format!("{context}: error {} {:?}", e.code, e.text));
                continue;
            }
            if !got.unrecognized.is_empty() {
                failures.push(format!("{context}: unrecognized {:?}", got.unrecognized));
            }
            if let Err(e) = &got.roundtrip {
                failures.push(format!("{context}: round trip: {e}"));
            }
            let encoded = got.encoded.as_ref();
            let sent = encoded
                .is_some_and(|p| p.get(&wire).is_some() || p.uploads().iter().any(|(n, _)| *n == wire));
            if !sent {
                let shown = encoded.map(|p| p.to_query_string()).unwrap_or_default();
                failures.push(format!("{context}: the decoded request encodes as {shown}, without `{wire}`"));
            }
        }
    }
    assert!(checked >= 50, "only {checked} parameters were checked");
    assert_none("parameters do not decode from their wire names", failures);
}

#[test]
fn names_close_to_a_parameters_are_unrecognized() {
    let mut failures = Vec::new();
    let mut checked = 0;
    for (fixture, at, param) in each_param(false) {
        // A file under a name no parameter has is not reported, by MediaWiki either (its
        // unrecognized names are the form's, not the files'): try the names with text.
        let value = match sample(param) {
            None => continue,
            Some(Sample::File) => Sample::Text("x".into()),
            Some(text) => text,
        };
        for name in near_misses(&at, param) {
            checked += 1;
            let mut request = at.base_request(Some(param));
            request.set(name.clone(), value.clone());
            let got = request.decode(fixture);
            if !got.unrecognized.contains(&name) {
                failures.push(format!(
                    "{}: {} read `{name}` (for `{}`?) in {}; unrecognized {:?}",
                    fixture.name,
                    at.label(),
                    at.wire_name(param),
                    request.show(),
                    got.unrecognized
                ));
            }
        }
    }
    assert!(checked >= 200, "only {checked} near misses were tried");
    assert_none("near-miss names were read as parameters", failures);
}

/// A templated parameter is read only under a name its placeholder's parameter gave: without that
/// value, or with a fill that is not one, the name is unrecognized (as MediaWiki reports it).
#[test]
fn templated_names_need_their_fill() {
    let mut failures = Vec::new();
    let mut checked = 0;
    for (fixture, at, param) in each_param(true) {
        let Some((request, wire)) = at.request_for(param) else { continue };
        let Some(t) = param.template else { continue };
        let source = format!("{}{}{}", at.outer, at.module.prefix, t.source);
        checked += 1;
        let mut unfilled = request.clone();
        unfilled.pairs.retain(|(n, _)| *n != source);
        let mut bad_fill = Request::default();
        for (n, v) in &request.pairs {
            bad_fill.pairs.push((n.replace(&wire, &format!("{wire}zz")), v.clone()));
        }
        for (case, r, name) in
            [("unfilled", unfilled, wire.clone()), ("bad fill", bad_fill, format!("{wire}zz"))]
        {
            let got = r.decode(fixture);
            if !got.unrecognized.contains(&name) {
                failures.push(format!("{}: {case}: `{name}` was read in {}", fixture.name, r.show()));
            }
        }
    }
    assert!(checked >= 2, "only {checked} templated parameters were tried");
    assert_none("templated names were read without their fill", failures);
}

/// A value that fails validation with an error (not only a warning), if the type has one.
fn invalid(param: &ParamSpec) -> Option<&'static str> {
    match param.ty {
        _ if param.multi.is_some() => None,
        Type::Integer { .. } | Type::Limit { .. } | Type::Float => Some("bogus"),
        Type::Enum { .. } | Type::Timestamp | Type::Namespace { .. } => Some("bogus"),
        _ => None,
    }
}

/// MediaWiki validates templated parameters after all the others, and throws the first error: a
/// bad templated value and a bad plain one declared after it give the plain one's error.
#[test]
fn templated_parameters_are_validated_after_the_others() {
    let mut failures = Vec::new();
    let mut pairs = 0;
    for (fixture, at) in all_placements() {
        let params = at.module.params;
        for (i, templated) in params.iter().enumerate().filter(|(_, p)| p.template.is_some()) {
            let Some(bad_t) = invalid(templated) else { continue };
            let Some((request, t_wire)) = at.request_for(templated) else { continue };
            for plain in params[i + 1..].iter().filter(|p| p.template.is_none()) {
                let Some(bad_p) = invalid(plain) else { continue };
                pairs += 1;
                let p_wire = at.wire_name(plain);
                let mut alone = request.clone();
                alone.set(t_wire.clone(), Sample::Text(bad_t.into()));
                let mut both = alone.clone();
                both.set(p_wire.clone(), Sample::Text(bad_p.into()));
                for (r, want) in [(&alone, &t_wire), (&both, &p_wire)] {
                    let got = r.decode(fixture).error.and_then(|e| e.param);
                    if got.as_ref() != Some(want) {
                        failures.push(format!(
                            "{}: {}: error for {got:?}, not `{want}`",
                            fixture.name,
                            r.show()
                        ));
                    }
                }
            }
        }
    }
    assert!(pairs >= 1, "no fixture has a templated parameter before a plain one that can fail");
    assert_none("requests report the wrong error first", failures);
}

/// Deprecated parameters and values decode, with MediaWiki's `deprecation` warning naming them.
#[test]
fn deprecated_parameters_and_values_warn() {
    let mut failures = Vec::new();
    let mut checked = 0;
    for (fixture, at, param) in each_param(false) {
        let wire = at.wire_name(param);
        let mut values: Vec<&str> = match param.ty {
            Type::Enum { deprecated, .. } => deprecated.to_vec(),
            _ => Vec::new(),
        };
        let plain = sample(param);
        if param.deprecated {
            if let Some(Sample::Text(v)) = &plain {
                values.push(v.as_str());
            }
        }
        for value in values {
            checked += 1;
            let mut request = at.base_request(Some(param));
            request.set(wire.clone(), Sample::Text(value.to_string()));
            let got = request.decode(fixture);
            let warned = got.warnings.iter().any(|w| w.code == "deprecation" && w.text.contains(&wire));
            if got.error.is_some() || !warned {
                failures.push(format!(
                    "{}: {}: error {:?}, warnings {:?}",
                    fixture.name,
                    request.show(),
                    got.error.map(|e| e.code),
                    got.warnings
                ));
            }
        }
    }
    assert!(checked >= 3, "only {checked} deprecated parameters and values were tried");
    assert_none("deprecated parameters or values did not warn", failures);
}

/// One value set is one enum, but each parameter warns only for the values it deprecates:
/// `wikitext` for render's `format`, not for old's `outputformat` (the same enum, `Format`).
#[test]
fn a_shared_enum_warns_only_where_its_parameter_deprecates() {
    let mut warned = Vec::new();
    for (fixture, at, param) in each_param(false).into_iter().filter(|(f, ..)| f.name == "deprecated") {
        if !matches!(param.name, "format" | "outputformat") {
            continue;
        }
        let wire = at.wire_name(param);
        let mut request = at.base_request(Some(param));
        request.set(wire.clone(), Sample::Text("wikitext".into()));
        let got = request.decode(fixture);
        assert!(got.error.is_none(), "{}: {:?}", request.show(), got.error);
        if got.warnings.iter().any(|w| w.code == "deprecation" && w.text.contains(&format!("\"{wire}\""))) {
            warned.push(param.name);
        }
    }
    assert_eq!(warned, ["format"]);
}

/// A multi-valued parameter with an all-specifier takes it, and it survives the round trip.
#[test]
fn all_specifiers_decode_and_round_trip() {
    let mut failures = Vec::new();
    let mut checked = 0;
    for (fixture, at, param) in each_param(false) {
        let Some(all) = param.multi.and_then(|m| m.all) else { continue };
        checked += 1;
        let wire = at.wire_name(param);
        let mut request = at.base_request(Some(param));
        request.set(wire.clone(), Sample::Text(all.to_string()));
        let got = request.decode(fixture);
        let again = got.encoded.as_ref().and_then(|p| p.get(&wire).map(str::to_string));
        if got.error.is_some() || got.roundtrip.is_err() || again.as_deref() != Some(all) {
            failures.push(format!("{}: {}: {got:?}", fixture.name, request.show()));
        }
    }
    assert!(checked >= 2, "only {checked} all-specifiers were tried");
    assert_none("all-specifiers did not decode", failures);
}

/// A module with dynamic (AuthManager) parameters leaves the names it does not declare unread, for
/// the module to read from the request.
#[test]
fn dynamic_parameters_are_left_to_the_module() {
    let mut checked = 0;
    for (fixture, at) in all_placements().into_iter().filter(|(_, p)| p.module.dynamic_params) {
        checked += 1;
        let mut request = at.base_request(None);
        request.set("username".into(), Sample::Text("Example".into()));
        let got = request.decode(fixture);
        assert!(got.error.is_none(), "{}: {}: {:?}", fixture.name, request.show(), got.error);
        assert_eq!(got.unrecognized, ["username"], "{}: {}", fixture.name, request.show());
    }
    assert!(checked >= 1, "no fixture module takes dynamic parameters");
}

/// `generator=` takes the query submodules that are generators, with their parameters under `g`,
/// and refuses the others.
#[test]
fn generators_take_the_g_prefix_and_others_are_refused() {
    let mut generators = 0;
    let mut others = 0;
    for fixture in FIXTURES {
        for module in fixture.modules.iter().filter(|m| m.path.contains('+')) {
            let Some((parent, name)) = module.path.rsplit_once('+') else { continue };
            let has_generator = fixture
                .modules
                .iter()
                .any(|m| m.path == parent && m.params.iter().any(|p| p.name == "generator"));
            if !has_generator {
                continue;
            }
            let as_generator: Vec<Placement> =
                placements(fixture, module).into_iter().filter(|p| p.outer == "g").collect();
            let mut request = Request::default();
            request.set("action".into(), Sample::Text(parent.into()));
            request.set("generator".into(), Sample::Text(name.into()));
            let got = request.decode(fixture);
            if module.flags.generator {
                generators += 1;
                assert_eq!(as_generator.len(), 1, "{}: {} is a generator", fixture.name, module.path);
                assert!(got.error.is_none(), "{}: {}: {:?}", fixture.name, request.show(), got.error);
            } else {
                others += 1;
                assert!(as_generator.is_empty(), "{}: {} is not a generator", fixture.name, module.path);
                let code = got.error.map(|e| e.code.to_string());
                assert_eq!(code.as_deref(), Some("badgenerator"), "{}: {}", fixture.name, request.show());
            }
        }
    }
    assert!(generators >= 1 && others >= 1, "{generators} generators and {others} other list modules tried");
}

/// The `constraints` fixture: a module's own checks of its parameters, in the spec's order, with
/// MediaWiki's codes and texts; a right checked only when the caller's rights are known.
#[test]
fn constraints_refuse_as_the_module_would() {
    use mwgen_gen_fixtures::constraints::main::Main;
    use mwgen_runtime::{Decode, DecodeOptions, Decoder, Params};
    let outcome = |query: &str, opts: DecodeOptions| {
        let params = Params::parse_query(query);
        let mut d = Decoder::new(&params, opts);
        Main::decode(&mut d, "").err().map(|e| (e.code.to_string(), e.text))
    };
    let refused = |query: &str| outcome(query, DecodeOptions::default());
    let some = |code: &str, text: &str| Some((code.to_string(), text.to_string()));
    assert_eq!(
        refused("action=demo"),
        some("missingparam", "One of the parameters \"title\" and \"pageid\" is required.")
    );
    assert_eq!(
        refused("action=demo&pageid=1&title=A"),
        some("invalidparammix", "The parameters \"title\" and \"pageid\" can not be used together.")
    );
    assert_eq!(
        refused("action=demo&pageid=1&lang=de"),
        some("nolang", "The \"lang\" parameter may only be used with \"title\".")
    );
    assert_eq!(
        refused("action=demo&pageid=1&redirect="),
        some("invalidparammix", "The \"redirect\" parameter cannot be used with \"pageid\".")
    );
    assert_eq!(refused("action=demo&title=A&lang=de&redirect="), None);
    // Out of range is an error for this parameter, not a clamp with a warning.
    assert_eq!(
        refused("action=demo&title=A&undo=-1"),
        some("outofrange", "The value \"-1\" for parameter \"undo\" must be no less than 0.")
    );
    // Login and rights: not known by default (a client that has not asked), so not checked.
    assert_eq!(refused("action=history"), None);
    let anonymous = DecodeOptions::anonymous();
    assert_eq!(
        outcome("action=history", anonymous.clone()),
        some("notloggedin", "Please log in to view your history.")
    );
    // With the owner's token, no login is needed; the default `prop` has `comment`, which needs a right.
    assert_eq!(
        outcome("action=history&howner=A&htoken=t", anonymous.clone()),
        some("permissiondenied", "You don't have permission to view deleted comments.")
    );
    assert_eq!(outcome("action=history&howner=A&htoken=t&hprop=ids", anonymous), None);
    let rights: std::sync::Arc<[String]> = vec!["deletedhistory".to_string()].into();
    let sysop = DecodeOptions { rights: Some(rights), logged_in: Some(true), ..DecodeOptions::default() };
    assert_eq!(outcome("action=history", sysop), None);
}

/// A title-or-id pair is one `PageRef` field: it sends exactly one of the two, reads back from
/// either, by name or (where a templated parameter makes the decode positional) by position, and
/// a request with neither or both is still the module's error. A pair with a deprecated member
/// stays two fields.
#[test]
fn a_title_or_an_id_is_one_field() {
    use mwgen_gen_fixtures::constraints::action::Rename;
    use mwgen_gen_fixtures::constraints::main::Main;
    use mwgen_gen_fixtures::constraints::submodules::Action;
    use mwgen_runtime::{Decode, DecodeOptions, Decoder, Encode, PageRef, Params};
    let rename =
        Rename { reason: Some("r".into()), user: Some("U".into()), ..Rename::new("Old", PageRef::Id(7)) };
    assert_eq!(rename.to_params().to_query_string(), "from=Old&toid=7&reason=r&user=U");
    let read = |query: &str| {
        let params = Params::parse_query(query);
        let mut d = Decoder::new(&params, DecodeOptions::default());
        Main::decode(&mut d, "").map_err(|e| (e.code.to_string(), e.text))
    };
    let main = read("action=rename&from=Old&toid=7&reason=r&user=U").expect("decodes");
    assert_eq!(main.action, Some(Action::Rename(Box::new(rename))));
    let by_id = read("action=rename&fromid=3&to=New&user=U").expect("decodes");
    let Some(Action::Rename(r)) = by_id.action else { panic!("not a rename: {by_id:?}") };
    assert_eq!((r.from, r.to), (PageRef::Id(3), PageRef::Title("New".into())));
    assert_eq!(
        read("action=rename&to=New&user=U"),
        Err(("missingparam".into(), "One of the parameters \"from\" and \"fromid\" is required.".into()))
    );
    assert_eq!(
        read("action=rename&from=A&fromid=1&to=New&user=U"),
        Err((
            "invalidparammix".into(),
            "The parameters \"from\" and \"fromid\" can not be used together.".into()
        ))
    );
    // `user` and the deprecated `userid` stay fields of their own.
    #[allow(deprecated)]
    let user = Rename { userid: Some(5), ..Rename::new("A", "B") };
    assert_eq!(user.to_params().to_query_string(), "from=A&to=B&userid=5");
}
