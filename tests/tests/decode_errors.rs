//! Decode is validation: each error and warning MediaWiki 1.39 gives for a bad parameter, with its
//! code, text and the parameter's wire name. The expected texts are the live wiki's answers
//! (docs/mediawiki-1.39-validation.md, and `live_decode_agrees_with_the_wiki` below checks them
//! against the running wiki).

use mediawiki_api::action::{Block, Compare, Query};
use mediawiki_api::list::Allpages;
use mediawiki_api::main::Main;
use mediawiki_api::submodules::{Action, List};
use mwgen_runtime::{
    ApiError, Decode, DecodeOptions, Decoder, Encode, FormEncoder, Limit, Namespace, Params, Warning,
};

/// Decodes a whole request (main module first, then the action and its submodules).
fn run(query: &str) -> (Result<Main, ApiError>, Vec<Warning>) {
    run_with(query, DecodeOptions::default())
}

fn run_with(query: &str, opts: DecodeOptions) -> (Result<Main, ApiError>, Vec<Warning>) {
    let params = Params::parse_query(query);
    let mut d = Decoder::new(&params, opts);
    let r = Main::decode(&mut d, "");
    (r, d.take_warnings())
}

fn error(query: &str) -> ApiError {
    match run(query).0 {
        Err(e) => e,
        Ok(m) => panic!("{query}: expected an error, decoded {m:?}"),
    }
}

fn warnings(query: &str) -> Vec<Warning> {
    let (r, w) = run(query);
    if let Err(e) = r {
        panic!("{query}: expected success, got {e}");
    }
    w
}

fn allpages(query: &str) -> Allpages {
    match run(query).0 {
        Ok(Main { action: Some(Action::Query(q)), .. }) => match q.list.as_slice() {
            [List::Allpages(a)] => (**a).clone(),
            other => panic!("{query}: lists {other:?}"),
        },
        other => panic!("{query}: {other:?}"),
    }
}

#[test]
fn badvalue_for_a_single_enum() {
    let e = error("action=query&list=allpages&apfilterredir=bogus");
    assert_eq!((e.code.as_ref(), e.module.as_ref()), ("badvalue", "query+allpages"));
    assert_eq!(e.param.as_deref(), Some("apfilterredir"));
    assert_eq!(e.text, "Unrecognized value for parameter \"apfilterredir\": bogus.");
}

#[test]
fn unknown_action_is_badvalue_of_main() {
    let e = error("action=bogus");
    assert_eq!(
        (e.code.as_ref(), e.module.as_ref(), e.param.as_deref()),
        ("badvalue", "main", Some("action"))
    );
    assert_eq!(e.text, "Unrecognized value for parameter \"action\": bogus.");
}

#[test]
fn unrecognizedvalues_is_a_warning_for_multi_enums() {
    let w = warnings("action=query&list=allpages&apprtype=edit|bogus|x");
    assert_eq!(w.len(), 1, "{w:?}");
    assert_eq!((w[0].code.as_ref(), w[0].module.as_ref()), ("unrecognizedvalues", "query+allpages"));
    assert_eq!(w[0].text, "Unrecognized values for parameter \"apprtype\": bogus, x");
    assert_eq!(w[0].data.as_ref().map(|d| d["values"].clone()), Some(serde_json::json!(["bogus", "x"])));
    let a = allpages("action=query&list=allpages&apprtype=edit|bogus|x");
    assert_eq!(a.prtype.len(), 1);
}

#[test]
fn unit_separator_on_a_single_value_is_badvalue() {
    let e = error("action=query&list=allpages&apfrom=%1Fa");
    assert_eq!((e.code.as_ref(), e.param.as_deref()), ("badvalue", Some("apfrom")));
    assert_eq!(
        e.text,
        "Parameter \"apfrom\" accepts only a single value. U+001F multi-value separation may only be used for multi-valued parameters."
    );
}

#[test]
fn toomanyvalues_at_50_and_500() {
    let titles: Vec<String> = (0..51).map(|i| i.to_string()).collect();
    let q = format!("action=query&titles={}", titles.join("|"));
    let e = error(&q);
    assert_eq!(
        (e.code.as_ref(), e.module.as_ref(), e.param.as_deref()),
        ("toomanyvalues", "query", Some("titles"))
    );
    assert_eq!(e.text, "Too many values supplied for parameter \"titles\". The limit is 50.");
    assert_eq!(e.data.as_deref(), Some(&serde_json::json!({"limit": 50, "lowlimit": 50, "highlimit": 500})));
    // A high-limit caller may send 500.
    let high = DecodeOptions { high_limits: true, ..Default::default() };
    assert!(run_with(&q, high.clone()).0.is_ok());
    let many: Vec<String> = (0..501).map(|i| i.to_string()).collect();
    let e = run_with(&format!("action=query&titles={}", many.join("|")), high).0.expect_err("501 values");
    assert_eq!(e.text, "Too many values supplied for parameter \"titles\". The limit is 500.");
}

#[test]
fn badinteger() {
    for v in ["abc", "1.5", "", "0x1A", "9223372036854775808"] {
        let e = error(&format!("action=query&list=allpages&apminsize={v}"));
        assert_eq!((e.code.as_ref(), e.param.as_deref()), ("badinteger", Some("apminsize")), "{v}");
        assert_eq!(e.text, format!("Invalid value \"{v}\" for integer parameter \"apminsize\"."));
    } // One bad value of a multi-valued integer parameter is the error, after the good ones.
    let e = error("action=query&pageids=1|x|3");
    assert_eq!((e.code.as_ref(), e.param.as_deref()), ("badinteger", Some("pageids")));
    assert_eq!(e.text, "Invalid value \"x\" for integer parameter \"pageids\".");
}

#[test]
fn outofrange_is_a_warning_and_clamps() {
    let w = warnings("action=query&list=allpages&aplimit=100000");
    assert_eq!(w[0].code, "outofrange");
    assert_eq!(w[0].text, "The value \"100000\" for parameter \"aplimit\" must be between 1 and 500.");
    assert_eq!(
        w[0].data.as_ref(),
        Some(&serde_json::json!({"min": 1, "curmax": 500, "max": 500, "highmax": 5000}))
    );
    assert_eq!(allpages("action=query&list=allpages&aplimit=100000").limit, Some(Limit::Value(500)));
    assert_eq!(allpages("action=query&list=allpages&aplimit=0").limit, Some(Limit::Value(1)));
    assert_eq!(allpages("action=query&list=allpages&aplimit=max").limit, Some(Limit::Max));
    // High-limit callers get highmax, and the text formats it as MediaWiki does.
    let (_, w) = run_with(
        "action=query&list=allpages&aplimit=5001",
        DecodeOptions { high_limits: true, ..Default::default() },
    );
    assert_eq!(w[0].text, "The value \"5001\" for parameter \"aplimit\" must be between 1 and 5,000.");
}

#[test]
fn badtimestamp() {
    let e = error("action=query&list=allrevisions&arvstart=garbage");
    assert_eq!((e.code.as_ref(), e.param.as_deref()), ("badtimestamp", Some("arvstart")));
    assert_eq!(e.text, "Invalid value \"garbage\" for timestamp parameter \"arvstart\".");
    assert!(run("action=query&list=allrevisions&arvstart=2024-01-01T00:00:00Z").0.is_ok());
    let w = warnings("action=query&list=allrevisions&arvstart=0");
    assert_eq!(w[0].code, "unclearnowtimestamp");
}

/// Inputs whose numbers overflowed the old parser: two panicked in a debug build ("attempt to multiply
/// with overflow"), and the third wrapped around to a valid date in release. MediaWiki refuses all
/// three (checked with its ConvertibleTimestamp, tests/timestamp_oracle.rs, and on the live wiki).
#[test]
fn overflowing_timestamps_are_badtimestamp() {
    for raw in [
        "Jan 0 500000002500 0:6",
        "5555555555555000:0 2 Jan 0",
        "Mon, 01 Jan 2024 5124095576030432:00:00 GMT",
    ] {
        let query = format!(
            "action=query&list=usercontribs&ucuser=Admin&ucstart={}",
            form_urlencoded::byte_serialize(raw.as_bytes()).collect::<String>()
        );
        let e = error(&query);
        assert_eq!((e.code.as_ref(), e.param.as_deref()), ("badtimestamp", Some("ucstart")), "{raw}");
        assert_eq!(e.text, format!("Invalid value \"{raw}\" for timestamp parameter \"ucstart\"."));
    }
}

#[test]
fn namespaces() {
    let e = error("action=query&list=allpages&apnamespace=99");
    assert_eq!((e.code.as_ref(), e.param.as_deref()), ("badvalue", Some("apnamespace")));
    assert_eq!(e.text, "Unrecognized value for parameter \"apnamespace\": 99.");
    assert_eq!(allpages("action=query&list=allpages&apnamespace=%2B4").namespace, Some(Namespace(4)));
    // Multi-valued: unknown namespaces are a warning; extra namespaces (-1) allowed where declared.
    let w = warnings("action=query&list=recentchanges&rcnamespace=-1|-2|-3");
    assert_eq!(w[0].text, "Unrecognized value for parameter \"rcnamespace\": -3");
}

#[test]
fn missingparam() {
    let e = error("action=block");
    assert_eq!(
        (e.code.as_ref(), e.module.as_ref(), e.param.as_deref()),
        ("missingparam", "block", Some("token"))
    );
    assert_eq!(e.text, "The \"token\" parameter must be set.");
    // An empty required string is missing too.
    let e = error("action=block&token=");
    assert_eq!(e.code, "missingparam");
}

#[test]
fn the_first_error_in_declaration_order_wins_and_later_warnings_stay() {
    // apnamespace is declared before filterredir, minsize and limit.
    let e = error("action=query&list=allpages&aplimit=abc&apminsize=abc&apfilterredir=bogus&apnamespace=99");
    assert_eq!(e.param.as_deref(), Some("apnamespace"));
    let e = error("action=query&list=allpages&aplimit=abc&apminsize=abc&apfilterredir=bogus");
    assert_eq!(e.param.as_deref(), Some("apfilterredir"));
    // aplimit's warning comes after minsize's error and is still given.
    let (r, w) = run("action=query&list=allpages&aplimit=0&apminsize=abc&apdir=bogus");
    assert_eq!(r.expect_err("badinteger").param.as_deref(), Some("apminsize"));
    assert_eq!(w.iter().map(|w| w.code.as_ref()).collect::<Vec<_>>(), ["outofrange"]);
}

#[test]
fn query_validates_the_page_set_first_then_its_own_then_the_generator() {
    // titles (page set) wins over exportschema (query's own).
    let titles: Vec<String> = (0..51).map(|i| i.to_string()).collect();
    let e = error(&format!("action=query&list=bogus&titles={}&exportschema=bogus", titles.join("|")));
    assert_eq!(e.code, "toomanyvalues");
    let (r, w) = run("action=query&list=bogus&exportschema=bogus");
    assert_eq!(r.expect_err("badvalue").param.as_deref(), Some("exportschema"));
    assert_eq!(w[0].text, "Unrecognized value for parameter \"list\": bogus");
    let e = error("action=query&list=allpages&aplimit=abc&generator=bogus");
    assert_eq!((e.code.as_ref(), e.text.as_str()), ("badgenerator", "Unknown \"generator=bogus\"."));
    let e = error("action=query&generator=info");
    assert_eq!(e.text, "Module \"info\" cannot be used as a generator.");
    let e = error("action=query&generator=allpages&gaplimit=xyz");
    assert_eq!((e.code.as_ref(), e.param.as_deref()), ("badinteger", Some("gaplimit")));
}

#[test]
fn deprecated_parameters_warn_even_with_an_error() {
    let (r, w) = run("action=compare&totext=x&fromcontentformat=bogus2");
    assert_eq!(r.expect_err("badvalue").param.as_deref(), Some("fromcontentformat"));
    let texts: Vec<&str> = w.iter().map(|w| w.text.as_str()).collect();
    assert!(texts.contains(&"The parameter \"totext\" has been deprecated."), "{texts:?}");
    assert!(texts.contains(&"The parameter \"fromcontentformat\" has been deprecated."), "{texts:?}");
    let dep = w.iter().find(|w| w.text.contains("totext")).expect("totext warning");
    assert_eq!(
        dep.data.as_ref().map(|d| d["feature"].clone()),
        Some(serde_json::json!("action=compare&totext"))
    );
    let w = warnings("action=query&prop=info&inprop=readable");
    assert_eq!(
        w[0].data.as_ref().map(|d| d["feature"].clone()),
        Some(serde_json::json!("action=query&prop=info&inprop=readable"))
    );
}

#[test]
fn templated_parameters_follow_their_slot_list() {
    let (r, _) = run("action=compare&fromslots=main&fromtext-main=hello&totitle=X");
    let Ok(Main { action: Some(Action::Compare(c)), .. }) = r else { panic!("{r:?}") };
    assert_eq!(c.fromtext_slot.values().collect::<Vec<_>>(), ["hello"]);
    // Without the slot in fromslots, fromtext-main is never read: MediaWiki reports it unused.
    let params = Params::parse_query("action=compare&fromtitle=Y&fromtext-main=hello&totitle=X");
    let mut d = Decoder::new(&params, DecodeOptions::default());
    let m = Main::decode(&mut d, "").expect("valid");
    let Some(Action::Compare(c)) = m.action else { panic!() };
    assert!(c.fromtext_slot.is_empty());
    assert_eq!(d.unused(), ["fromtext-main"]);
    // A bad value in a templated parameter names the filled-in wire name.
    let e = error("action=compare&fromslots=main&fromcontentmodel-main=bogus");
    assert_eq!(e.param.as_deref(), Some("fromcontentmodel-main"));
}

#[test]
fn booleans_are_true_when_present_whatever_the_value() {
    for v in ["", "false", "0", "no", "1"] {
        let (r, _) = run(&format!("action=query&list=allpages&redirects={v}"));
        let Ok(Main { action: Some(Action::Query(q)), .. }) = r else { panic!("{r:?}") };
        assert!(q.redirects, "{v:?}");
    }
}

#[test]
fn unrecognized_parameters_are_reported_in_request_order() {
    let params = Params::parse_query("action=query&list=allpages&apfoo=1&bar=2&apfoo=3");
    let mut d = Decoder::new(&params, DecodeOptions::default());
    Main::decode(&mut d, "").expect("valid");
    assert_eq!(d.unused(), ["apfoo", "bar"]);
}

#[test]
fn user_parameters() {
    let e = error("action=query&list=logevents&leuser=10.0.0.0/8");
    assert_eq!((e.code.as_ref(), e.param.as_deref()), ("baduser", Some("leuser")));
    assert_eq!(e.text, "Invalid value \"10.0.0.0/8\" for user parameter \"leuser\".");
    assert!(run("action=query&list=logevents&leuser=Foo@bar").0.is_ok());
}

/// `action=query` composes submodules: each with its prefix, the generator with `g` in front.
#[test]
fn query_composition() {
    let q = Query {
        list: vec![Allpages {
            from: Some("Foo".into()),
            limit: Some(Limit::Value(50)),
            ..Default::default()
        }
        .into()],
        generator: Some(Allpages { namespace: Some(Namespace::TEMPLATE), ..Default::default() }.into()),
        redirects: true,
        ..Default::default()
    };
    let main = Main { action: Some(q.into()), ..Default::default() };
    let mut s = String::new();
    main.encode("", &mut FormEncoder::new(&mut s));
    assert_eq!(
        s,
        "action=query&list=allpages&apfrom=Foo&aplimit=50&generator=allpages&gapnamespace=10&redirects=1"
    );
    let (back, w) = run(&s);
    assert!(w.is_empty(), "{w:?}");
    assert_eq!(back.expect("valid"), main);
}

#[test]
fn required_parameters_are_constructor_arguments() {
    let b = Block::new("+\\");
    assert_eq!(b.token.as_str(), "+\\");
    assert_eq!(format!("{:?}", b.token), "<redacted>");
    let c = Compare::new();
    assert!(c.fromtext_slot.is_empty());
}

#[test]
fn submodules_are_decoded_in_the_order_named_without_repeats() {
    // Six names (more than are kept without allocating), one repeated, one unknown.
    let query = "action=query&list=allpages|allusers|allcategories|alllinks|allpages|nosuchlist|allimages|allredirects";
    let (r, w) = run(query);
    let names: Vec<&str> = match r {
        Ok(Main { action: Some(Action::Query(q)), .. }) => {
            q.list.iter().map(mwgen_runtime::Submodule::name).collect()
        }
        other => panic!("{other:?}"),
    };
    assert_eq!(names, ["allpages", "allusers", "allcategories", "alllinks", "allimages", "allredirects"]);
    assert_eq!(w.iter().map(|w| w.code.as_ref()).collect::<Vec<_>>(), ["unrecognizedvalues"], "{w:?}");
    assert_eq!(w[0].text, "Unrecognized value for parameter \"list\": nosuchlist");
}

#[test]
fn the_all_specifier_alone_means_every_value() {
    use mediawiki_api::submodules::Prop;
    use mwgen_runtime::Multi;
    let slots = |query: &str| match run(query).0 {
        Ok(Main { action: Some(Action::Query(q)), .. }) => match q.prop.as_slice() {
            [Prop::Revisions(r)] => r.slots.clone(),
            other => panic!("{query}: props {other:?}"),
        },
        other => panic!("{query}: {other:?}"),
    };
    assert_eq!(slots("action=query&prop=revisions&rvslots=*"), Multi::All);
    match slots("action=query&prop=revisions&rvslots=main") {
        Multi::Values(v) => assert_eq!(v.iter().map(|s| s.as_str()).collect::<Vec<_>>(), ["main"]),
        Multi::All => panic!("one slot named, all decoded"),
    }
    // With another value, `*` is an unknown value, not the all-specifier.
    let (r, w) = run("action=query&prop=revisions&rvslots=main|*");
    assert!(r.is_ok(), "{r:?}");
    assert_eq!(w.iter().map(|w| w.code.as_ref()).collect::<Vec<_>>(), ["unrecognizedvalues"]);
}

/// A required list given empty (`ids=`) is given: MediaWiki validates it and goes on (the live wiki
/// answers `permissiondenied` to an anonymous `action=revisiondelete&type=revision&ids=`, and
/// `missingparam` without `ids`). So it must survive encode → decode; found by the request_decode fuzz
/// target, whose reproducers are fuzz/regressions/request_decode/.
#[test]
fn an_empty_required_list_is_encoded_and_decodes_back() {
    for query in [
        "action=revisiondelete&type=revision&ids=&token=%2B%5C",
        "action=protect&title=X&protections=&token=%2B%5C",
    ] {
        let main = run(query).0.unwrap_or_else(|e| panic!("{query}: {e:?}"));
        let mut again = String::new();
        main.encode("", &mut FormEncoder::new(&mut again));
        assert!(
            again.contains("ids=&") || again.contains("protections=&") || again.ends_with('='),
            "{again}"
        );
        assert_eq!(run(&again).0.as_ref().ok(), Some(&main), "{query} → {again}");
    }
    let e = error("action=revisiondelete&type=revision&token=%2B%5C");
    assert_eq!((e.code.as_ref(), e.param.as_deref()), ("missingparam", Some("ids")));
}

#[test]
fn tags_the_wiki_created_are_allowed_when_the_caller_says_so() {
    let q = "action=tag&revid=1&add=mwgen-probe|other&token=%2B%5C";
    let e = error(q);
    assert_eq!((e.code.as_ref(), e.param.as_deref()), ("badtags", Some("add")));
    assert_eq!(e.text, "The following tags are not allowed to be manually applied: mwgen-probe, other");
    let opts = DecodeOptions { extra_tags: vec!["mwgen-probe".into()], ..Default::default() };
    let e = run_with(q, opts.clone()).0.expect_err("other is still refused");
    assert_eq!(e.text, "The tag \"other\" is not allowed to be manually applied.");
    assert!(run_with("action=tag&revid=1&add=mwgen-probe&token=%2B%5C", opts).0.is_ok());
}
