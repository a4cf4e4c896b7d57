//! Fields read from MediaWiki's PHP source, for those answers rarely show (a watched page's expiry,
//! a revision's `sha1hidden`). For each module of [`SOURCES`], the assignments `$VAR['key'] = …` and
//! `ApiResult::setValue( $VAR, 'key', … )` to the variable the module builds its result in give a
//! field; the cast or call on the right gives its type (`(int)`, `true`, `wfTimestamp( TS_ISO_8601`,
//! `[]`), and the `$this->fld_X` or `$prop['X']` test of the block around it its `when`. A field the
//! answers showed is left as observed; one they did not is added, optional, with `source` naming the
//! file.

use super::extract::prop_params;
use crate::spec::response::{Field, FieldType, Response, When};
use crate::spec::{Module, ParamType, Spec};
use std::collections::BTreeMap;
use std::path::Path;

/// Module path, PHP file under `includes/api/`, the variable holding one result item, and where in
/// the module's part the item sits (field names from `at` down; empty for the part itself).
pub const SOURCES: &[(&str, &str, &str, &[&str])] = &[
    ("query+info", "ApiQueryInfo.php", "pageInfo", &[]),
    ("query+revisions", "ApiQueryRevisionsBase.php", "vals", &["revisions"]),
    ("query+allpages", "ApiQueryAllPages.php", "vals", &[]),
    ("query+recentchanges", "ApiQueryRecentChanges.php", "vals", &[]),
    ("query+userinfo", "ApiQueryUserInfo.php", "vals", &[]),
    ("query+allmessages", "ApiQueryAllMessages.php", "a", &[]),
    ("query+imageinfo", "ApiQueryImageInfo.php", "vals", &["imageinfo"]),
];

/// Adds the source fields of [`SOURCES`] (those of `only`, when it is not empty) to `learned`.
/// `install` is MediaWiki's directory (holding `includes/api/`).
pub fn add(
    spec: &Spec,
    install: &Path,
    only: &[String],
    learned: &mut BTreeMap<String, Response>,
) -> Result<(), String> {
    for (path, file, var, under) in SOURCES {
        if !only.is_empty() && !only.iter().any(|o| o == path) {
            continue;
        }
        let Some(module) = spec.modules.get(*path) else { continue };
        let rel = format!("includes/api/{file}");
        let php = install.join(&rel);
        let Ok(text) = std::fs::read_to_string(&php) else { continue };
        let fields = read_fields(module, &text, var, &rel);
        // Where the items go: in what this run learned, else in what the spec has.
        let Some(base) = learned.get(*path).or(module.response.as_ref()).cloned() else { continue };
        let mut response = base;
        let Some(target) = descend(&mut response, under) else { continue };
        for (name, field) in fields {
            target.entry(name).or_insert(field);
        }
        learned.insert(path.to_string(), response);
    }
    Ok(())
}

/// The fields map of the object `under` leads to (through array items).
fn descend<'a>(r: &'a mut Response, under: &[&str]) -> Option<&'a mut indexmap::IndexMap<String, Field>> {
    let mut fields = &mut r.fields;
    for name in under {
        let f = fields.get_mut(*name)?;
        let f = match f.ty {
            FieldType::Array => f.items.as_deref_mut()?,
            _ => f,
        };
        if f.ty != FieldType::Object {
            return None;
        }
        fields = &mut f.fields;
    }
    Some(fields)
}

/// Every `$var['key'] = …` and `ApiResult::setValue( $var, 'key', … )` of `text`, as fields.
pub fn read_fields(module: &Module, text: &str, var: &str, rel: &str) -> BTreeMap<String, Field> {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = BTreeMap::new();
    for (i, line) in lines.iter().enumerate() {
        let Some((key, rhs)) = assignment(line, var) else { continue };
        if out.contains_key(&key) {
            continue;
        }
        let mut ty = type_of(rhs);
        // MediaWiki's ids (page, revision, talk page) are integers.
        if ty == FieldType::Any && key.ends_with("id") {
            ty = FieldType::Integer;
        }
        let mut f = Field::new(ty);
        f.source = rel.to_string();
        f.optional = true;
        if let Some(value) = guard(module, &lines, i) {
            f.when = Some(When { param: Some("prop".into()), has: Some(value), state: vec![] });
        }
        out.insert(key, f);
    }
    out
}

/// `$var['key'] = rhs` or `ApiResult::setValue( $var, 'key', rhs` → (key, rhs).
fn assignment<'a>(line: &'a str, var: &str) -> Option<(String, &'a str)> {
    let t = line.trim();
    if let Some(rest) = t.strip_prefix(&format!("${var}[")) {
        let rest = rest.trim_start().strip_prefix('\'')?;
        let end = rest.find('\'')?;
        let key = &rest[..end];
        let after = rest[end + 1..].trim_start().strip_prefix(']')?.trim_start();
        let rhs = after.strip_prefix('=')?;
        if rhs.starts_with('=') || !is_key(key) {
            return None;
        }
        return Some((key.to_string(), rhs.trim()));
    }
    let rest = t.strip_prefix("ApiResult::setValue(")?.trim_start();
    let rest = rest.strip_prefix(&format!("${var},"))?.trim_start().strip_prefix('\'')?;
    let end = rest.find('\'')?;
    let key = &rest[..end];
    let rhs = rest[end + 1..].trim_start().strip_prefix(',')?;
    is_key(key).then(|| (key.to_string(), rhs.trim()))
}

fn is_key(k: &str) -> bool {
    !k.is_empty() && k.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
}

/// The type an expression gives, when it says so; `any` otherwise.
fn type_of(rhs: &str) -> FieldType {
    let r = rhs.trim_end_matches(';').trim();
    if r.starts_with("(int)") || r.starts_with("intval(") || r.contains("->getId()") {
        FieldType::Integer
    } else if matches!(r, "true" | "false") || r.starts_with("(bool)") || r.starts_with('!') {
        FieldType::Boolean
    } else if r.contains("TS_ISO_8601") {
        FieldType::Timestamp
    } else if r.starts_with('[') {
        FieldType::Array
    } else if r.starts_with('\'')
        || r.starts_with('"')
        || r.starts_with("(string)")
        || r.ends_with("->plain()")
    {
        FieldType::String
    } else {
        FieldType::Any
    }
}

/// The `*prop` value tested by the innermost block around line `at` that tests one: `$this->fld_X`,
/// `$prop['X']`, `$this->prop['X']`, when X is a value of the module's `prop`.
fn guard(module: &Module, lines: &[&str], at: usize) -> Option<String> {
    let values: Vec<String> = prop_params(module)
        .filter(|p| p.name == "prop")
        .flat_map(|p| match &p.ty {
            ParamType::Values(v) => v.clone(),
            ParamType::Named(_) => Vec::new(),
        })
        .collect();
    let indent = |l: &str| l.len() - l.trim_start().len();
    let mut depth = indent(lines[at]);
    for line in lines[..at].iter().rev() {
        if line.trim().is_empty() || indent(line) >= depth {
            continue;
        }
        depth = indent(line);
        let t = line.trim();
        if t.contains("function ") {
            return None;
        }
        if !(t.starts_with("if") || t.starts_with("} elseif") || t.starts_with("elseif")) {
            continue;
        }
        for marker in ["fld_", "prop['", "prop[ '"] {
            if let Some(i) = t.find(marker) {
                let name: String = t[i + marker.len()..]
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                    .collect();
                if values.contains(&name) {
                    return Some(name);
                }
            }
        }
        if depth == 0 {
            return None;
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn assignments_and_types() {
        assert_eq!(
            assignment("\t\t$vals['touched'] = wfTimestamp( TS_ISO_8601, $x );", "vals")
                .map(|(k, r)| (k, type_of(r))),
            Some(("touched".into(), FieldType::Timestamp))
        );
        assert_eq!(
            assignment("$vals[ 'new' ] = true;", "vals").map(|(k, r)| (k, type_of(r))),
            Some(("new".into(), FieldType::Boolean))
        );
        assert_eq!(
            assignment("ApiResult::setValue( $vals, 'size', (int)$n );", "vals")
                .map(|(k, r)| (k, type_of(r))),
            Some(("size".into(), FieldType::Integer))
        );
        assert_eq!(assignment("$vals['x'] == 1", "vals"), None);
        assert_eq!(assignment("$other['x'] = 1;", "vals"), None);
        assert_eq!(assignment("$vals['Bad-Key'] = 1;", "vals"), None);
    }
}
