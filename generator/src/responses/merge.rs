//! A learned shape merged into the one a module already has. Deterministic, and idempotent: merging
//! the same learned shape twice gives what merging it once gave.
//!
//! What was there stays: fields not seen this time are kept (a seeded wiki shows more than a plain one,
//! and fields read from MediaWiki's source are rarely seen at all), in their order; new fields follow,
//! by name. What is seen widens what was there: `optional` and `nullable` stay once set, types widen
//! (an enum gains the values seen, a timestamp seen as any string becomes a string, an integer seen
//! with a fraction becomes a number), and a `when` only loosens (states are joined; a parameter value
//! that no longer explains the field is dropped, and a field no condition explains is `optional`). A
//! field always seen before that is now seen missing takes the condition learned now. An object seen
//! again without a field it had, or with a field it lacked, makes that field `optional` (unless a
//! `when` explains it, or it came from source): each run's answers saw the object without it.

use crate::spec::response::{Case, Field, FieldType, Outcomes, Response, When};
use indexmap::IndexMap;

/// `old` (the spec's) with `new` (learned) merged in.
pub fn merge(old: Option<&Response>, new: &Response) -> Response {
    let Some(old) = old else { return new.clone() };
    let mut shape = Field::new(old.ty);
    shape.keys = old.keys;
    shape.fields = old.fields.clone();
    shape.items = old.items.clone();
    let mut learned = Field::new(new.ty);
    learned.keys = new.keys;
    learned.fields = new.fields.clone();
    learned.items = new.items.clone();
    let new_outcomes = new.outcomes.clone().or_else(|| as_cases(old, &mut learned.fields));
    // A part first seen only empty (`at: query.allimages`, an array of nothing) takes the place the
    // items were seen at (`query.allimages[]`) once they are.
    if old.at != new.at && knows_nothing(old) {
        let mut r = new.clone();
        r.extras = merge_fields(&old.extras, &new.extras);
        return r;
    }
    let merged = if old.at == new.at { merge_field(&shape, &learned) } else { shape };
    Response {
        at: old.at.clone(),
        ty: merged.ty,
        keys: merged.keys,
        fields: merged.fields,
        items: merged.items,
        extras: merge_fields(&old.extras, &new.extras),
        outcomes: match (&old.outcomes, &new_outcomes) {
            (Some(a), Some(b)) if a.field == b.field => Some(merge_outcomes(a, b)),
            (a, b) => a.clone().or_else(|| b.clone()),
        },
    }
}

/// Answers of one outcome only (a small corpus) learn no `outcomes`: the fields that the file has in
/// its cases are taken out of `fields` into the case of the outcome value they were seen with.
fn as_cases(old: &Response, fields: &mut IndexMap<String, Field>) -> Option<Outcomes> {
    let o = old.outcomes.as_ref()?;
    let values = fields.get(&o.field).map(|f| f.values.clone()).unwrap_or_default();
    let [value] = values.as_slice() else { return None };
    let in_cases =
        |k: &String| !old.fields.contains_key(k) && o.cases.values().any(|c| c.fields.contains_key(k));
    let moved: IndexMap<String, Field> =
        fields.iter().filter(|(k, _)| in_cases(k)).map(|(k, f)| (k.clone(), f.clone())).collect();
    fields.retain(|k, _| !moved.contains_key(k));
    let cases = [(value.clone(), Case { fields: moved })].into_iter().collect();
    Some(Outcomes { field: o.field.clone(), cases })
}

/// A shape without fields, items or outcomes: what an empty answer teaches.
fn knows_nothing(r: &Response) -> bool {
    r.fields.is_empty() && r.items.is_none() && r.outcomes.is_none()
}

fn merge_outcomes(old: &Outcomes, new: &Outcomes) -> Outcomes {
    let mut cases = old.cases.clone();
    for (value, case) in &new.cases {
        let merged = match cases.get(value) {
            Some(c) => Case { fields: merge_fields(&c.fields, &case.fields) },
            None => case.clone(),
        };
        cases.insert(value.clone(), merged);
    }
    Outcomes { field: old.field.clone(), cases }
}

fn merge_fields(old: &IndexMap<String, Field>, new: &IndexMap<String, Field>) -> IndexMap<String, Field> {
    let mut out = IndexMap::new();
    for (k, f) in old {
        let merged = match new.get(k) {
            Some(n) => merge_field(f, n),
            // The object was seen without it (answers of another kind than the file's): it is not
            // always there. Unless a condition explains it, or it came from source.
            None if !new.is_empty() && f.is_observed() && f.when.is_none() => {
                Field { optional: true, ..f.clone() }
            }
            None => f.clone(),
        };
        out.insert(k.clone(), merged);
    }
    let mut added: Vec<(&String, &Field)> = new.iter().filter(|(k, _)| !old.contains_key(*k)).collect();
    added.sort_by(|a, b| a.0.cmp(b.0));
    for (k, f) in added {
        // Likewise a field the file's answers showed the object without.
        let seen_without = !old.is_empty() && f.is_observed() && f.when.is_none();
        out.insert(k.clone(), Field { optional: f.optional || seen_without, ..f.clone() });
    }
    out
}

/// One field widened by what was seen.
pub fn merge_field(old: &Field, new: &Field) -> Field {
    // What the source says never overrides what a file has.
    if !new.is_observed() {
        return old.clone();
    }
    // A field read from source with no type known takes the observed one.
    if old.ty == FieldType::Any && !old.is_observed() {
        let mut f = new.clone();
        f.source = old.source.clone();
        f.optional |= old.optional;
        f.when = old.when.clone();
        return f;
    }
    let mut f = old.clone();
    f.optional |= new.optional;
    f.nullable |= new.nullable;
    f.when = match (&old.when, &new.when) {
        (Some(a), Some(b)) => loosen(a, b),
        // Always seen before, now seen missing unless a `*prop` value or a page state brings it: the
        // condition is what the new answers show (the field becomes an `Option`).
        (None, Some(b)) if !old.optional => Some(b.clone()),
        (a, _) => a.clone(),
    };
    // Two conditions that explain nothing together: the field is simply optional.
    if old.when.is_some() && new.when.is_some() && f.when.is_none() {
        f.optional = true;
    }
    f.ty = widen(old.ty, new.ty);
    match f.ty {
        FieldType::Enum => {
            for v in &new.values {
                if !f.values.contains(v) {
                    f.values.push(v.clone());
                }
            }
        }
        _ => f.values.clear(),
    }
    f.keys = if f.ty == FieldType::Map { old.keys.or(new.keys) } else { None };
    f.items = match (&old.items, &new.items) {
        _ if !matches!(f.ty, FieldType::Array | FieldType::Map) => None,
        (Some(a), Some(b)) => Some(Box::new(merge_field(a, b))),
        (a, b) => a.clone().or_else(|| b.clone()),
    };
    f.fields =
        if f.ty == FieldType::Object { merge_fields(&old.fields, &new.fields) } else { IndexMap::new() };
    f
}

/// The weaker of two conditions: both parts must still explain the field.
fn loosen(a: &When, b: &When) -> Option<When> {
    let same_param = a.param == b.param && a.has == b.has;
    let mut state = Vec::new();
    if !a.state.is_empty() && !b.state.is_empty() {
        state = a.state.clone();
        for s in &b.state {
            if !state.contains(s) {
                state.push(*s);
            }
        }
        state.sort();
    }
    let w = When {
        param: if same_param { a.param.clone() } else { None },
        has: if same_param { a.has.clone() } else { None },
        state,
    };
    (w != When::default()).then_some(w)
}

/// The narrowest type both fit.
pub fn widen(a: FieldType, b: FieldType) -> FieldType {
    use FieldType::*;
    match (a, b) {
        (a, b) if a == b => a,
        (Any, _) | (_, Any) => Any,
        (Integer | Namespace, Integer | Namespace) => Integer,
        (Integer | Namespace | Number, Integer | Namespace | Number) => Number,
        (String | Timestamp | Title | User | Enum, String | Timestamp | Title | User | Enum) => String,
        (Map, Object) | (Object, Map) => Map,
        _ => Any,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn part(at: &str, fields: &[(&str, Field)]) -> Response {
        Response {
            at: at.into(),
            ty: FieldType::Object,
            keys: None,
            fields: fields.iter().map(|(k, f)| (k.to_string(), f.clone())).collect(),
            items: None,
            extras: IndexMap::new(),
            outcomes: None,
        }
    }

    fn when(has: &str) -> Option<When> {
        Some(When { param: Some("prop".into()), has: Some(has.into()), state: vec![] })
    }

    #[test]
    fn a_part_seen_only_empty_moves_to_where_its_items_are() {
        let empty = Response { ty: FieldType::Array, ..part("query.embeddedin", &[]) };
        let items = part("query.embeddedin[]", &[("title", Field::new(FieldType::Title))]);
        let merged = merge(Some(&empty), &items);
        assert_eq!(merged.at, "query.embeddedin[]");
        assert_eq!(merge(Some(&merged), &items), merged, "a second merge changes nothing");
    }

    #[test]
    fn a_field_always_seen_takes_the_condition_now_seen_and_fields_seen_without_become_optional() {
        let text = Field::new(FieldType::String);
        let old = part("parse", &[("text", text.clone()), ("title", Field::new(FieldType::Title))]);
        let new = part(
            "parse",
            &[("text", Field { when: when("text"), ..text }), ("revid", Field::new(FieldType::Integer))],
        );
        let merged = merge(Some(&old), &new);
        assert_eq!(merged.fields["text"].when, when("text"));
        assert!(!merged.fields["text"].optional);
        assert!(merged.fields["title"].optional, "the new answers show the object without it");
        assert!(merged.fields["revid"].optional, "the old answers showed the object without it");
        assert_eq!(merge(Some(&merged), &new), merged, "a second merge changes nothing");
    }

    #[test]
    fn answers_of_one_outcome_put_its_fields_in_its_case() {
        let result = |values: &[&str]| Field {
            values: values.iter().map(|v| v.to_string()).collect(),
            ..Field::new(FieldType::Enum)
        };
        let mut old = part("upload", &[("result", result(&["Success", "Warning"]))]);
        let cases = [(
            "Success".to_string(),
            Case { fields: [("filename".to_string(), Field::new(FieldType::String))].into_iter().collect() },
        )];
        old.outcomes = Some(Outcomes { field: "result".into(), cases: cases.into_iter().collect() });
        let new =
            part("upload", &[("result", result(&["Success"])), ("filename", Field::new(FieldType::String))]);
        let merged = merge(Some(&old), &new);
        assert!(!merged.fields.contains_key("filename"), "{:?}", merged.fields.keys());
        assert_eq!(merged.outcomes, old.outcomes);
    }

    #[test]
    fn an_object_learned_again_as_a_map_becomes_one_with_its_keys_and_items() {
        let entry = Field { optional: true, ..Field::new(FieldType::Object) };
        let mut old = Field::new(FieldType::Object);
        old.fields =
            [("username".to_string(), entry.clone()), ("password".to_string(), entry)].into_iter().collect();
        let mut new = Field::new(FieldType::Map);
        new.keys = Some(crate::spec::response::MapKeys::Name);
        new.items = Some(Box::new(Field::new(FieldType::Object)));
        let merged = merge_field(&old, &new);
        assert_eq!((merged.ty, merged.keys, merged.fields.len()), (FieldType::Map, new.keys, 0));
        assert_eq!(merged.items, new.items);
        assert_eq!(merge_field(&merged, &new), merged, "a second merge changes nothing");
    }

    #[test]
    fn two_conditions_that_explain_nothing_together_leave_the_field_optional() {
        let a = Field { when: when("ids"), ..Field::new(FieldType::Integer) };
        let b = Field { when: when("size"), ..Field::new(FieldType::Integer) };
        let merged = merge_field(&a, &b);
        assert_eq!((merged.when.clone(), merged.optional), (None, true));
        assert_eq!(merge_field(&merged, &b), merged);
    }
}
