//! Enums: which parameters share a value set, what each set is called (see [`names::enum_name`]),
//! which deprecated values it has, and which shared enums each group re-exports.

use super::{is_tags_param, names, Builder, EnumIr, FieldKind, Group, ModuleIr, SubmoduleSetIr};
use crate::spec::{Module, ParamType, Parameter};
use std::collections::{BTreeMap, BTreeSet};

impl Builder<'_> {
    /// First pass: every enum-typed parameter, grouped by its values (one value set, one enum,
    /// whatever the parameters are called), named so that one name means one value set.
    pub(super) fn collect_enums(&mut self, chosen: &[&Module]) {
        let mut sets: BTreeMap<Vec<String>, Users> = BTreeMap::new();
        for m in chosen {
            for p in &m.parameters {
                if let Some(values) = self.enum_values(m, p) {
                    let users = sets.entry(values).or_default();
                    *users.candidates.entry(candidate(p)).or_default() += 1;
                    users.modules.insert(m.path.clone());
                    users.params.insert((m.path.clone(), p.name.clone()));
                }
            }
        }
        // The name a set starts from: the parameter name most of its parameters share.
        let primary = |u: &Users| {
            let best = u.candidates.iter().max_by_key(|(c, n)| (**n, std::cmp::Reverse((c.len(), *c))));
            best.map(|(c, _)| c.clone()).unwrap_or_default()
        };
        let mut by_name: BTreeMap<String, usize> = BTreeMap::new();
        let keyed: Vec<(String, Vec<String>, Users)> = sets
            .into_iter()
            .map(|(values, users)| {
                let cand = primary(&users);
                *by_name.entry(cand.clone()).or_default() += 1;
                (cand, values, users)
            })
            .collect();
        let mut names: Vec<String> = keyed
            .iter()
            .map(|(cand, values, u)| names::enum_name(cand, values, &u.modules, by_name[cand] > 1))
            .collect();
        // An enum lives beside the module structs of the groups that use it (in its own module's
        // file, or re-exported there), so it must not take one of those structs' names.
        let group_of: BTreeMap<&str, Option<&str>> =
            chosen.iter().map(|m| (m.path.as_str(), m.group.as_deref())).collect();
        let structs: BTreeSet<(Option<&str>, String)> =
            chosen.iter().map(|m| (m.group.as_deref(), names::type_name(&m.name))).collect();
        for (n, (_, _, u)) in names.iter_mut().zip(&keyed) {
            let groups = u.modules.iter().map(|path| group_of.get(path.as_str()).copied().flatten());
            if groups.into_iter().any(|g| structs.contains(&(g, n.clone()))) {
                n.push_str("Value");
            }
        }
        names::dedupe(&mut names);
        // Enums in name order, so that the emitted files read alphabetically.
        let mut order: Vec<usize> = (0..names.len()).collect();
        order.sort_by(|&a, &b| names[a].cmp(&names[b]));
        let mut keyed: Vec<Option<(String, Vec<String>, Users)>> = keyed.into_iter().map(Some).collect();
        for i in order {
            let Some((_, values, users)) = keyed[i].take() else { continue };
            let mut variants: Vec<String> = values.iter().map(|v| names::variant_name(v)).collect();
            names::dedupe(&mut variants);
            self.enum_index.insert(values.clone(), self.enums.len());
            self.enums.push(EnumIr {
                name: std::mem::take(&mut names[i]),
                values,
                variants,
                deprecated: BTreeMap::new(),
                params: users.params,
                used_by: users.modules,
            });
        }
    }

    /// The values of an enum-typed parameter (not submodules, tags or empty lists).
    fn enum_values(&self, m: &Module, p: &Parameter) -> Option<Vec<String>> {
        match &p.ty {
            ParamType::Values(v) if !v.is_empty() && p.submodules.is_none() && !is_tags_param(m, p) => {
                Some(v.clone())
            }
            _ => None,
        }
    }

    pub(super) fn finish_enums(&mut self) -> Vec<EnumIr> {
        // Deprecated values are recorded per parameter (the spec tables carry them so); the enum
        // keeps which of its parameters deprecate each value, for its docs.
        let mut out = std::mem::take(&mut self.enums);
        for m in self.spec.modules.values().filter(|m| self.chosen.contains(&m.path)) {
            for p in &m.parameters {
                if let (Some(values), Some(dep)) = (self.enum_values(m, p), &p.deprecatedvalues) {
                    if let Some(&i) = self.enum_index.get(&values) {
                        for d in dep {
                            let by = out[i].deprecated.entry(d.clone()).or_default();
                            by.insert((m.path.clone(), p.name.clone()));
                        }
                    }
                }
            }
        }
        out
    }
}

/// The parameters that take one value set.
#[derive(Default)]
struct Users {
    /// Candidate name → how many parameters start from it.
    candidates: BTreeMap<String, usize>,
    /// Module paths.
    modules: BTreeSet<String>,
    /// (module path, parameter name).
    params: BTreeSet<(String, String)>,
}

/// The query submodules that no `generator` parameter offers.
pub(super) fn not_generators(modules: &[ModuleIr], sets: &[SubmoduleSetIr]) -> Vec<String> {
    let generators: BTreeSet<&str> = modules
        .iter()
        .flat_map(|m| m.params.iter())
        .filter_map(|p| match p.kind {
            FieldKind::Generator { set } => sets.get(set),
            _ => None,
        })
        .flat_map(|s| s.members.iter().map(|(name, _)| name.as_str()))
        .collect();
    modules
        .iter()
        .filter(|m| matches!(m.group, Group::Prop | Group::List | Group::Meta))
        .filter(|m| !generators.contains(m.name.as_str()))
        .map(|m| m.name.clone())
        .collect()
}

/// For each group, the shared enums its modules' parameters use, in enum order.
pub(super) fn reexports(modules: &[ModuleIr], enums: &[EnumIr]) -> BTreeMap<Group, Vec<usize>> {
    let mut out: BTreeMap<Group, BTreeSet<usize>> = BTreeMap::new();
    for m in modules {
        for p in &m.params {
            for i in p.kind.enums() {
                if enums.get(i).is_some_and(|e| e.home().is_none()) {
                    out.entry(m.group).or_default().insert(i);
                }
            }
        }
    }
    out.into_iter().map(|(g, set)| (g, set.into_iter().collect())).collect()
}

/// The name an enum-typed parameter's enum starts from.
fn candidate(p: &Parameter) -> String {
    let base: String = p.name.split('{').next().unwrap_or(&p.name).trim_end_matches(['-', '_']).to_string();
    names::type_name(&base)
}

#[cfg(test)]
mod tests {
    use crate::ir::{FieldKind, Group, Ir, WireType};
    use crate::spec::Spec;
    use std::path::Path;

    fn core() -> Ir {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec/mediawiki-1.39");
        let spec = Spec::load(&dir).expect("the checked-in spec loads");
        Ir::build(&spec, None).expect("ir")
    }

    fn enum_of(ir: &Ir, module: &str, param: &str) -> String {
        let m = ir.module(module).expect("module");
        let p = m.params.iter().find(|p| p.name == param).expect("param");
        match &p.kind {
            FieldKind::Single { value: crate::ir::ValueType::Enum(i), .. }
            | FieldKind::Multi { value: crate::ir::ValueType::Enum(i), .. }
            | FieldKind::Templated { value: crate::ir::ValueType::Enum(i), .. } => ir.enums[*i].name.clone(),
            other => panic!("{module} {param}: not an enum: {other:?}"),
        }
    }

    #[test]
    fn names_a_user_guesses_on_the_real_spec() {
        let ir = core();
        // rvprop's set is shared by four modules: the shortest module name.
        assert_eq!(enum_of(&ir, "query+revisions", "prop"), "RevisionsProp");
        assert_eq!(enum_of(&ir, "query+alldeletedrevisions", "prop"), "RevisionsProp");
        // A small set shared by many modules is named for what it holds.
        assert_eq!(enum_of(&ir, "query+logevents", "dir"), "DirNewerOlder");
        // A parameter name with one value set keeps its own name.
        assert_eq!(enum_of(&ir, "query+allpages", "filterredir"), "Filterredir");
        // One module's own set among others of the same name: module + parameter.
        assert_eq!(enum_of(&ir, "query+categorymembers", "sort"), "CategorymembersSort");
        // One value set is one enum, named for the parameter most of its users share.
        assert_eq!(enum_of(&ir, "compare", "fromcontentformat-{slot}"), "Contentformat");
        assert_eq!(enum_of(&ir, "compare", "tocontentmodel"), "Contentmodel");
        assert_eq!(enum_of(&ir, "compare", "fromslots"), "Slots");
        assert_eq!(enum_of(&ir, "query+recentchanges", "slot"), "Slots");
        assert_eq!(enum_of(&ir, "userrights", "add"), "Group");
        assert_eq!(enum_of(&ir, "query+allusers", "excludegroup"), "Group");
        assert_eq!(enum_of(&ir, "query+contributors", "excluderights"), "Rights");
        assert_eq!(enum_of(&ir, "paraminfo", "helpformat"), "Messageformat");
        assert_eq!(enum_of(&ir, "feedwatchlist", "wlshow"), "WatchlistShow");
        assert_eq!(enum_of(&ir, "feedwatchlist", "wltype"), "WatchlistType");
        assert_eq!(enum_of(&ir, "revisiondelete", "show"), enum_of(&ir, "revisiondelete", "hide"));
        let mut sets: Vec<&Vec<String>> = ir.enums.iter().map(|e| &e.values).collect();
        sets.sort_unstable();
        let before = sets.len();
        sets.dedup();
        assert_eq!(before, sets.len(), "two enums hold the same values");
        // Every enum name is unique.
        let mut names: Vec<&str> = ir.enums.iter().map(|e| e.name.as_str()).collect();
        names.sort_unstable();
        let before = names.len();
        names.dedup();
        assert_eq!(before, names.len());
    }

    #[test]
    fn deprecated_values_are_kept_per_parameter() {
        let ir = core();
        let i = ir.enums.iter().position(|e| e.name == "RevisionsProp").expect("RevisionsProp");
        let by = &ir.enums[i].deprecated["parsetree"];
        // Every parameter taking the set deprecates `parsetree`; the spec tables say it per parameter.
        assert_eq!(*by, ir.enums[i].params);
        let m = ir.module("query+revisions").expect("revisions");
        let p = m.params.iter().find(|p| p.name == "prop").expect("prop");
        assert!(matches!(&p.wire, WireType::Enum { deprecated, .. } if deprecated == &["parsetree"]));
    }

    #[test]
    fn groups_reexport_the_shared_enums_they_use() {
        let ir = core();
        let list: Vec<&str> = ir.reexports[&Group::List].iter().map(|&i| ir.enums[i].name.as_str()).collect();
        assert!(list.contains(&"DirNewerOlder") && list.contains(&"RevisionsProp"), "{list:?}");
        // Only shared enums are re-exported: a module's own enum is already in its group.
        assert!(ir.reexports.values().flatten().all(|&i| ir.enums[i].home().is_none()));
        assert!(!list.contains(&"CategorymembersSort"));
    }

    #[test]
    fn generator_membership_and_templated_fills_are_decided_here() {
        let ir = core();
        assert!(ir.not_generators.iter().any(|n| n == "info"), "{:?}", ir.not_generators);
        assert!(!ir.not_generators.iter().any(|n| n == "allpages" || n == "revisions"));
        let compare = ir.module("compare").expect("compare");
        let pos = |name: &str| compare.params.iter().position(|p| p.name == name).expect(name);
        let fromslots = &compare.params[pos("fromslots")];
        let filled: Vec<&str> =
            fromslots.filled_by.iter().map(|&j| compare.params[j].name.as_str()).collect();
        assert!(
            filled.contains(&"fromtext-{slot}") && filled.contains(&"fromcontentmodel-{slot}"),
            "{filled:?}"
        );
        assert!(compare.params[pos("torelative")].filled_by.is_empty());
    }
}
