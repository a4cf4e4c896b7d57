//! The spec tables built with the runtime's `const fn` builders equal the struct literals the
//! generator emitted before (copied here from that output): the builders change how a table
//! reads, not what it holds.

use mediawiki_api::action::*;
use mwgen_runtime::spec::{Names, Rule};
use mwgen_runtime::{Constraint, ModuleFlags, ModuleSpec, MultiSpec, ParamSpec, StrEnum, Template, Type};

/// `action=block`: a token, POST, a deprecated parameter, a multi-valued one with `*`.
const BLOCK: ModuleSpec = {
    // Built field by field (the index of names is set with the parameters).
    let mut m = ModuleSpec::new("block", "block", "action");
    m.params = &[
        ParamSpec::new("user", Type::User { subtypes: &["name", "ip", "cidr", "id"] }),
        ParamSpec {
            deprecated: true,
            ..ParamSpec::new("userid", Type::Integer { min: None, max: None, high_max: None })
        },
        ParamSpec {
            default: Some("never"),
            ..ParamSpec::new("expiry", Type::String { max_bytes: None, max_chars: None })
        },
        ParamSpec {
            default: Some(""),
            ..ParamSpec::new("reason", Type::String { max_bytes: None, max_chars: None })
        },
        ParamSpec::new("anononly", Type::Boolean),
        ParamSpec::new("nocreate", Type::Boolean),
        ParamSpec::new("autoblock", Type::Boolean),
        ParamSpec::new("noemail", Type::Boolean),
        ParamSpec::new("hidename", Type::Boolean),
        ParamSpec::new("allowusertalk", Type::Boolean),
        ParamSpec::new("reblock", Type::Boolean),
        ParamSpec::new("watchuser", Type::Boolean),
        ParamSpec {
            multi: Some(MultiSpec { limit: 50u32, high_limit: 500u32, all: None, duplicates: false }),
            ..ParamSpec::new("tags", Type::Tags { values: &[] })
        },
        ParamSpec::new("partial", Type::Boolean),
        ParamSpec {
            multi: Some(MultiSpec { limit: 10u32, high_limit: 10u32, all: None, duplicates: false }),
            ..ParamSpec::new("pagerestrictions", Type::Title { must_exist: true })
        },
        ParamSpec {
            multi: Some(MultiSpec { limit: 50u32, high_limit: 500u32, all: Some("*"), duplicates: false }),
            ..ParamSpec::new("namespacerestrictions", Type::Namespace { extra: &[] })
        },
        ParamSpec {
            required: true,
            sensitive: true,
            ..ParamSpec::new("token", Type::String { max_bytes: None, max_chars: None })
        },
    ];
    m.flags = ModuleFlags {
        readrights: true,
        writerights: true,
        mustbeposted: true,
        generator: false,
        internal: false,
        deprecated: false,
    };
    m.token = Some("csrf");
    m.dynamic_params = false;
    m.help_url = Some("https://www.mediawiki.org/wiki/Special:MyLanguage/API:Block");
    // The module's own checks, in its order: the `block` right, then one of `user` and `userid`.
    const fn check(rule: Rule, params: &'static [&'static str]) -> Constraint {
        Constraint {
            rule,
            params,
            when: None,
            code: None,
            names: Names::Wire,
            text: None,
            not_in_generator: false,
            unless_given: &[],
            unless_empty: None,
        }
    }
    m.constraints = &[check(Rule::Right(&["block"]), &[]), check(Rule::OnlyOne, &["user", "userid"])];
    m.params(m.params)
};

/// `action=compare`'s templated parameters, whose source is an enum-valued list.
const COMPARE_TEMPLATED: [ParamSpec; 2] = [
    ParamSpec {
        template: Some(Template { var: "slot", source: "fromslots" }),
        ..ParamSpec::new("fromtext-{slot}", Type::Text)
    },
    ParamSpec {
        template: Some(Template { var: "slot", source: "fromslots" }),
        ..ParamSpec::new(
            "fromcontentformat-{slot}",
            Type::Enum { values: <Contentformat as StrEnum>::VALUES, deprecated: &[] },
        )
    },
];

#[test]
fn builders_build_the_tables_struct_literals_did() {
    assert_eq!(Block::MODULE, BLOCK);
    for expected in &COMPARE_TEMPLATED {
        assert_eq!(Compare::MODULE.param(expected.name), Some(expected));
    }
    assert_eq!(
        Compare::MODULE.param("fromslots"),
        Some(&ParamSpec {
            multi: Some(MultiSpec { limit: 50, high_limit: 500, all: None, duplicates: false }),
            ..ParamSpec::new("fromslots", Type::Enum { values: <Slots as StrEnum>::VALUES, deprecated: &[] })
        })
    );
}
