//! Enums: which parameters share a value set, what each set is called (see [`names::enum_name`]),
//! which deprecated values it has, and which shared enums each group re-exports.

use super::{is_tags_param, names, Builder, EnumIr, FieldKind, Group, ModuleIr, SubmoduleSetIr};
use crate::spec::{Module, ParamType, Parameter};
use std::collections::{BTreeMap, BTreeSet};

impl Builder<'_> {
    /// First pass: every enum-typed parameter, grouped by (candidate name, values), named so that
    /// one name means one value set.
    pub(super) fn collect_enums(&mut self, chosen: &[&Module]) {
        let mut groups: BTreeMap<String, BTreeMap<Vec<String>, BTreeSet<String>>> = BTreeMap::new();
        for m in chosen {
            for p in &m.parameters {
                if let Some(values) = self.enum_values(m, p) {
                    groups.entry(candidate(p)).or_default().entry(values).or_default().insert(m.path.clone());
                }
            }
        }
        let mut names: Vec<String> = Vec::new();
        let mut keys: Vec<(String, Vec<String>, BTreeSet<String>)> = Vec::new();
        for (cand, sets) in groups {
            let clash = sets.len() > 1;
            for (values, used_by) in sets {
                names.push(names::enum_name(&cand, &values, &used_by, clash));
                keys.push((cand.clone(), values, used_by));
            }
        }
        // An enum lives beside the module structs of the groups that use it (in its own module's
        // file, or re-exported there), so it must not take one of those structs' names.
        let group_of: BTreeMap<&str, Option<&str>> =
            chosen.iter().map(|m| (m.path.as_str(), m.group.as_deref())).collect();
        let structs: BTreeSet<(Option<&str>, String)> =
            chosen.iter().map(|m| (m.group.as_deref(), names::type_name(&m.name))).collect();
        for (n, (_, _, used_by)) in names.iter_mut().zip(&keys) {
            let groups = used_by.iter().map(|path| group_of.get(path.as_str()).copied().flatten());
            if groups.into_iter().any(|g| structs.contains(&(g, n.clone()))) {
                n.push_str("Value");
            }
        }
        names::dedupe(&mut names);
        for (name, (cand, values, used_by)) in names.into_iter().zip(keys) {
            let mut variants: Vec<String> = values.iter().map(|v| names::variant_name(v)).collect();
            names::dedupe(&mut variants);
            self.enum_index.insert((cand, values.clone()), self.enums.len());
            self.enums.push(EnumIr { name, values, variants, deprecated: Vec::new(), used_by });
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
        // Deprecated values are recorded per parameter; an enum lists those any parameter marks.
        let mut out = std::mem::take(&mut self.enums);
        for m in self.spec.modules.values().filter(|m| self.chosen.contains(&m.path)) {
            for p in &m.parameters {
                if let (Some(values), Some(dep)) = (self.enum_values(m, p), &p.deprecatedvalues) {
                    if let Some(&i) = self.enum_index.get(&(candidate(p), values)) {
                        for d in dep {
                            if !out[i].deprecated.contains(d) {
                                out[i].deprecated.push(d.clone());
                            }
                        }
                    }
                }
            }
        }
        out
    }
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
pub(super) fn candidate(p: &Parameter) -> String {
    let base: String = p.name.split('{').next().unwrap_or(&p.name).trim_end_matches(['-', '_']).to_string();
    names::type_name(&base)
}

#[cfg(test)]
mod tests {
    use crate::ir::{FieldKind, Group, Ir};
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
            | FieldKind::Multi { value: crate::ir::ValueType::Enum(i), .. } => ir.enums[*i].name.clone(),
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
        // Every enum name is unique.
        let mut names: Vec<&str> = ir.enums.iter().map(|e| e.name.as_str()).collect();
        names.sort_unstable();
        let before = names.len();
        names.dedup();
        assert_eq!(before, names.len());
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
