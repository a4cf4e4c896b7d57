//! Rust names for MediaWiki's: decided once, here, so emitters never invent names.

use heck::{ToSnakeCase, ToUpperCamelCase};

/// Rust's keywords (strict and reserved) for the 2021 edition.
const KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum", "extern", "false",
    "fn", "for", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub", "ref", "return",
    "self", "Self", "static", "struct", "super", "trait", "true", "type", "unsafe", "use", "where", "while",
    "abstract", "become", "box", "do", "final", "macro", "override", "priv", "typeof", "unsized", "virtual",
    "yield", "try", "gen",
];

/// Keywords that cannot be raw identifiers.
const NOT_RAW: &[&str] = &["crate", "self", "Self", "super"];

/// A field name for a parameter: snake case, `{var}` placeholders spelled out (`fromtext-{slot}` →
/// `fromtext_slot`), keywords made raw (`type` → `r#type`).
pub fn field_name(param: &str) -> String {
    let spelled: String = param.chars().map(|c| if c == '{' || c == '}' { '_' } else { c }).collect();
    let mut snake = spelled.to_snake_case();
    if snake.is_empty() {
        snake = "value".into();
    }
    if snake.starts_with(|c: char| c.is_ascii_digit()) {
        snake = format!("p{snake}");
    }
    escape(snake)
}

/// A type name: upper camel case, never a keyword.
pub fn type_name(s: &str) -> String {
    let mut t = s.to_upper_camel_case();
    if t.is_empty() {
        t = "Value".into();
    }
    if t.starts_with(|c: char| c.is_ascii_digit()) {
        t = format!("V{t}");
    }
    if KEYWORDS.contains(&t.as_str()) {
        t.push('_');
    }
    t
}

/// A variant name for an enum value: `application/json` → `ApplicationJson`, `!bot` → `NotBot`,
/// `0.10` → `V0_10`, `` → `Empty`.
pub fn variant_name(value: &str) -> String {
    if value.is_empty() {
        return "Empty".into();
    }
    let (not, rest) = match value.strip_prefix('!') {
        Some(r) => (true, r),
        None => (false, value),
    };
    // Keep digit groups apart (`0.10` is not `010`).
    let mut words: Vec<String> = Vec::new();
    let mut cur = String::new();
    for c in rest.chars() {
        if c.is_alphanumeric() {
            cur.push(c);
        } else if !cur.is_empty() {
            words.push(std::mem::take(&mut cur));
        }
    }
    if !cur.is_empty() {
        words.push(cur);
    }
    let mut out = String::new();
    if not {
        out.push_str("Not");
    }
    for (i, w) in words.iter().enumerate() {
        let prev_digit = i > 0 && words[i - 1].ends_with(|c: char| c.is_ascii_digit());
        if prev_digit && w.starts_with(|c: char| c.is_ascii_digit()) {
            out.push('_');
        }
        out.push_str(&w.to_upper_camel_case());
    }
    if out.is_empty() {
        // Only punctuation: name it by its code points.
        out = value.chars().map(|c| format!("U{:04X}", c as u32)).collect();
    }
    if out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert(0, 'V');
    }
    if KEYWORDS.contains(&out.as_str()) {
        out.push('_');
    }
    out
}

/// The name of the enum a value set gets, decided from a parameter's name (`cand`, already a type
/// name: `Prop`; for a set that parameters of several names take, the name most of them share:
/// `contentformat`, `fromcontentformat-{slot}` and `tocontentformat-{slot}` give `Contentformat`),
/// the values and the module paths that use that set:
/// - one set for that parameter name across the API: the parameter's name (`Filterredir`, `Model`);
/// - several sets share the name (`prop` has dozens): the module's name and the parameter's
///   (`CategorymembersProp`), which is what a user reading the module's field guesses. A set that
///   several modules share takes the module with the shortest name (`prop=revisions`' set is also
///   `alldeletedrevisions`' and `allrevisions'`: `RevisionsProp`), except that a small set shared by
///   several modules is named for what it holds (`DirNewerOlder`, `DirAscendingDescending`).
pub fn enum_name(
    cand: &str,
    values: &[String],
    used_by: &std::collections::BTreeSet<String>,
    clash: bool,
) -> String {
    if !clash {
        return cand.to_string();
    }
    let joined: String = values.iter().map(|v| variant_name(v)).collect();
    if used_by.len() > 1 && values.len() <= 4 && joined.len() <= 32 {
        return format!("{cand}{joined}");
    }
    let module = used_by
        .iter()
        .map(|path| path.rsplit('+').next().unwrap_or(path))
        .min_by_key(|name| (name.len(), *name))
        .unwrap_or_default();
    format!("{}{cand}", type_name(module))
}

fn escape(name: String) -> String {
    if NOT_RAW.contains(&name.as_str()) {
        format!("{name}_")
    } else if KEYWORDS.contains(&name.as_str()) {
        format!("r#{name}")
    } else {
        name
    }
}

/// Makes `names` unique by suffixing `_2`, `_3`, … to later repeats, keeping order.
pub fn dedupe(names: &mut [String]) {
    let mut seen = std::collections::BTreeSet::new();
    for n in names.iter_mut() {
        if !seen.insert(n.clone()) {
            let mut i = 2;
            while seen.contains(&format!("{n}{i}")) {
                i += 1;
            }
            *n = format!("{n}{i}");
            seen.insert(n.clone());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields() {
        assert_eq!(field_name("from"), "from");
        assert_eq!(field_name("type"), "r#type");
        assert_eq!(field_name("continue"), "r#continue");
        assert_eq!(field_name("fromtext-{slot}"), "fromtext_slot");
        assert_eq!(field_name("self"), "self_");
        assert_eq!(field_name("mustExist"), "must_exist");
    }

    #[test]
    fn variants() {
        assert_eq!(variant_name("application/json"), "ApplicationJson");
        assert_eq!(variant_name("!bot"), "NotBot");
        assert_eq!(variant_name("0.10"), "V0_10");
        assert_eq!(variant_name(""), "Empty");
        assert_eq!(variant_name("ady-cyrl"), "AdyCyrl");
        assert_eq!(variant_name("90"), "V90");
        assert_eq!(variant_name("*"), "U002A");
        assert_eq!(variant_name("self"), "Self_");
    }

    #[test]
    fn enum_names() {
        let set =
            |paths: &[&str]| paths.iter().map(|p| p.to_string()).collect::<std::collections::BTreeSet<_>>();
        let vals = |v: &[&str]| v.iter().map(|p| p.to_string()).collect::<Vec<_>>();
        let many = vals(&["ids", "flags", "timestamp", "user", "size", "content"]);
        // No other set shares the parameter's name: the parameter's name.
        assert_eq!(
            enum_name("Filterredir", &vals(&["all", "redirects"]), &set(&["query+allpages"]), false),
            "Filterredir"
        );
        // Shared by modules, large: the shortest module name, whatever the order of the paths.
        let revs = set(&[
            "query+alldeletedrevisions",
            "query+allrevisions",
            "query+deletedrevisions",
            "query+revisions",
        ]);
        assert_eq!(enum_name("Prop", &many, &revs, true), "RevisionsProp");
        // One module's own set: its module's name, even when small.
        assert_eq!(
            enum_name("Sort", &vals(&["sortkey", "timestamp"]), &set(&["query+categorymembers"]), true),
            "CategorymembersSort"
        );
        // Small and shared: named for what it holds.
        assert_eq!(
            enum_name("Dir", &vals(&["newer", "older"]), &set(&["query+blocks", "query+logevents"]), true),
            "DirNewerOlder"
        );
        // Action modules have no `+`; ties between equally long names go to the first alphabetically.
        assert_eq!(enum_name("Type", &many, &set(&["tag", "pin"]), true), "PinType");
    }

    #[test]
    fn dedupes() {
        let mut v = vec!["A".to_string(), "B".into(), "A".into(), "A".into()];
        dedupe(&mut v);
        assert_eq!(v, ["A", "B", "A2", "A3"]);
    }
}
