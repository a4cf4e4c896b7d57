//! The server's IR: the `Api` trait's methods, which module dispatches where, and the side table
//! from which the router derives `action=paraminfo` (what the spec tables do not hold). The server
//! emitter only renders this.

use super::response::ResponseIr;
use super::{FieldKind, Group, ModuleIr};
use crate::spec::{Module, ParamType, Parameter, Scalar};

/// Everything the generated `server.rs` holds, decided.
#[derive(Debug, Clone)]
pub(crate) struct ServerIr {
    /// One trait method per served module, in module order.
    pub methods: Vec<MethodIr>,
    /// The groups whose request types the methods take, each once, in order.
    pub groups: Vec<Group>,
    /// `action=…` modules answered by their own method: indexes into `methods`.
    pub actions: Vec<usize>,
    /// How `action=query` runs its submodules, when `query` is generated.
    pub query: Option<Vec<SetDispatchIr>>,
    /// `action=paraminfo` is generated: the router answers it from the spec tables.
    pub paraminfo: bool,
    /// `action=help` is generated: the router answers it from the spec tables.
    pub help: bool,
    /// `main` is generated: requests are decoded and dispatched (no `action`: main's help).
    pub main: bool,
    /// The paraminfo side table.
    pub table: ParaminfoIr,
}

/// A trait method: the module it serves and its name.
#[derive(Debug, Clone)]
pub(crate) struct MethodIr {
    /// `block`, `list_allpages`, `prop_info`, `meta_tokens`.
    pub name: String,
    /// The module's name (`allpages`).
    pub module: String,
    /// The module's path (`query+allpages`).
    pub path: String,
    pub group: Group,
    /// The request type (`Allpages`), in the group's Rust module.
    pub type_name: String,
}

/// The typed answer of a method: the response type its module answers with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ReplyIr {
    /// The group whose Rust module holds the type.
    pub group: Group,
    /// `BlockResponse`, `SiteinfoResponse`, `QueryResponse`.
    pub type_name: String,
}

/// One of `action=query`'s submodule parameters, and the method each of its values runs.
#[derive(Debug, Clone)]
pub(crate) struct SetDispatchIr {
    /// The field of the query request (`generator`, `prop`, `list`, `meta`).
    pub field: String,
    /// The submodule set's enum (`Prop`, `Generator`).
    pub set: String,
    /// The field holds a list (`prop`), not one optional value (`generator`).
    pub multi: bool,
    /// The function that runs one of its values (`run_prop`).
    pub runner: String,
    /// `(variant, index into methods)`, in the set's order.
    pub arms: Vec<(String, usize)>,
}

/// What paraminfo says beyond the spec tables, for every generated module.
#[derive(Debug, Clone, Default)]
pub(crate) struct ParaminfoIr {
    /// Distinct sources, each emitted once as a constant.
    pub sources: Vec<SourceIr>,
    /// Value lists shown as a parameter's type that the spec table does not hold, each emitted once.
    pub lists: Vec<ValueListIr>,
    /// One per module, in module order.
    pub modules: Vec<ModuleInfoIr>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SourceIr {
    /// The constant's name (`MEDIAWIKI`).
    pub name: String,
    pub source: Option<String>,
    pub sourcename: Option<String>,
    pub licensetag: Option<String>,
    /// As the spec stores it: a path relative to the wiki's server.
    pub licenselink: Option<String>,
}

#[derive(Debug, Clone)]
pub(crate) struct ValueListIr {
    /// The constant's name (`GENERATOR`).
    pub name: String,
    pub values: Vec<String>,
}

#[derive(Debug, Clone)]
pub(crate) struct ModuleInfoIr {
    pub path: String,
    pub classname: String,
    /// Index into `sources`.
    pub source: Option<usize>,
    /// The help URLs after the first (the spec table holds the first).
    pub more_helpurls: Vec<String>,
    pub params: Vec<ParamInfoIr>,
}

/// A parameter that needs more than its spec table entry.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct ParamInfoIr {
    /// Position in the module's parameters.
    pub index: usize,
    /// Index into `lists`: the type's value list, when the spec table checks a plain string.
    pub values: Option<usize>,
    pub submodules: Option<SubmodulesIr>,
    pub submodule_prefix: Option<String>,
    pub internal_values: Vec<String>,
    /// `(name, values)` of each `info` note.
    pub info: Vec<(String, Option<Vec<Scalar>>)>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum SubmodulesIr {
    /// Each value `v` names module `{prefix}{v}`, in the value list's order.
    Prefixed(String),
    /// Anything else: `(value, module path)`.
    Map(Vec<(String, String)>),
}

/// The trait method name of a module: `block`, `list_allpages`, `prop_info`, `meta_tokens`.
fn method_name(m: &ModuleIr) -> String {
    match m.group {
        Group::Prop | Group::List | Group::Meta => format!("{}_{}", m.group.module_name(), m.file),
        _ => super::names::field_name(&m.name),
    }
}

/// Modules with a trait method: every action and query submodule, except those the router answers
/// itself (`paraminfo`, `help`) or composes (`query`).
fn served(m: &ModuleIr) -> bool {
    matches!(m.group, Group::Action | Group::Prop | Group::List | Group::Meta)
        && !matches!(m.path.as_str(), "query" | "paraminfo" | "help")
}

impl ServerIr {
    /// `spec` and `modules` are parallel: the spec's module and its IR.
    pub(crate) fn build(spec: &[&Module], modules: &[ModuleIr], sets: &[super::SubmoduleSetIr]) -> ServerIr {
        let served: Vec<&ModuleIr> = modules.iter().filter(|m| served(m)).collect();
        let methods: Vec<MethodIr> = served
            .iter()
            .map(|m| MethodIr {
                name: method_name(m),
                module: m.name.clone(),
                path: m.path.clone(),
                group: m.group,
                type_name: m.type_name.clone(),
            })
            .collect();
        let mut groups: Vec<Group> = methods.iter().map(|m| m.group).collect();
        groups.sort();
        groups.dedup();
        let method_of = |path: &str| served.iter().position(|m| m.path == path);
        let actions = (0..served.len()).filter(|&i| served[i].group == Group::Action).collect();
        let query = modules.iter().find(|m| m.path == "query").map(|q| {
            // The generator runs first, then prop, list and meta, as query's fields name them.
            let fields = [("generator", None), ("prop", Some(Group::Prop)), ("list", Some(Group::List))];
            let fields = fields.into_iter().chain([("meta", Some(Group::Meta))]);
            fields
                .filter_map(|(field, group)| {
                    let p = q.params.iter().find(|p| p.name == field)?;
                    let (set, multi) = match p.kind {
                        FieldKind::Submodule { set, multi } => (set, multi),
                        FieldKind::Generator { set } => (set, false),
                        _ => return None,
                    };
                    let set = sets.get(set)?;
                    let arms: Vec<(String, usize)> = set
                        .members
                        .iter()
                        .filter_map(|(_, path)| modules.iter().find(|m| &m.path == path))
                        .filter(|m| group.is_none_or(|g| m.group == g))
                        .filter_map(|m| Some((m.type_name.clone(), method_of(&m.path)?)))
                        .collect();
                    // A set with no member is an empty enum: nothing to run.
                    (!arms.is_empty()).then(|| SetDispatchIr {
                        field: field.into(),
                        runner: format!("run_{field}"),
                        set: set.name.clone(),
                        multi,
                        arms,
                    })
                })
                .collect()
        });
        let has = |path: &str| modules.iter().any(|m| m.path == path);
        ServerIr {
            methods,
            groups,
            actions,
            query,
            paraminfo: has("paraminfo"),
            help: has("help"),
            main: has("main"),
            table: ParaminfoIr::build(spec, modules),
        }
    }
}

impl ServerIr {
    /// The typed answer of each method, parallel to `methods` (`None`: the method answers untyped
    /// JSON). A module with its own part answers with it (`block` with `BlockResponse`); a query submodule
    /// whose part is a field of the query's types answers with the query's root type
    /// (`QueryResponse`), filled where its part goes, which the router merges with the others'.
    pub(crate) fn replies(&self, responses: &ResponseIr) -> Vec<Option<ReplyIr>> {
        let query = responses.modules.get("query").and_then(|r| r.part.as_ref()).map(|(t, _)| t);
        self.methods
            .iter()
            .map(|m| {
                let r = responses.modules.get(&m.path)?;
                match (&r.part, m.group) {
                    // An array answer (opensearch) is no envelope: the method answers JSON.
                    (Some((t, _)), _) if t == super::response::RUNTIME_ARRAY => None,
                    (Some((t, _)), g) => Some(ReplyIr { group: g, type_name: t.clone() }),
                    (None, Group::Prop | Group::List | Group::Meta) => {
                        Some(ReplyIr { group: Group::Action, type_name: query?.clone() })
                    }
                    (None, _) => None,
                }
            })
            .collect()
    }
}

impl ParaminfoIr {
    fn build(spec: &[&Module], modules: &[ModuleIr]) -> ParaminfoIr {
        let mut t = ParaminfoIr::default();
        for (m, ir) in spec.iter().zip(modules) {
            let source = t.source(m);
            let mut params = Vec::new();
            for (index, (p, pir)) in m.parameters.iter().zip(&ir.params).enumerate() {
                let tabled = matches!(pir.wire, super::WireType::Enum { .. } | super::WireType::Tags { .. });
                let values = match &p.ty {
                    ParamType::Values(v) if !tabled => Some(t.list(&m.path, p, v)),
                    _ => None,
                };
                let info = p.info.iter().flatten().map(|i| (i.name.clone(), i.values.clone())).collect();
                let extra = ParamInfoIr {
                    index,
                    values,
                    submodules: submodules(p),
                    submodule_prefix: p.submoduleparamprefix.clone(),
                    internal_values: p.internalvalues.clone().unwrap_or_default(),
                    info,
                };
                if extra != (ParamInfoIr { index, ..Default::default() }) {
                    params.push(extra);
                }
            }
            t.modules.push(ModuleInfoIr {
                path: m.path.clone(),
                classname: m.classname.clone(),
                source,
                more_helpurls: m.helpurls.iter().skip(1).cloned().collect(),
                params,
            });
        }
        t
    }

    /// The index of `m`'s source, added when new (`None`: paraminfo names none).
    fn source(&mut self, m: &Module) -> Option<usize> {
        let mut s = SourceIr {
            name: String::new(),
            source: m.source.clone(),
            sourcename: m.sourcename.clone(),
            licensetag: m.licensetag.clone(),
            licenselink: m.licenselink.clone(),
        };
        if s.source.is_none() && s.sourcename.is_none() && s.licensetag.is_none() && s.licenselink.is_none() {
            return None;
        }
        let same = |a: &SourceIr, b: &SourceIr| {
            (&a.source, &a.sourcename, &a.licensetag, &a.licenselink)
                == (&b.source, &b.sourcename, &b.licensetag, &b.licenselink)
        };
        if let Some(i) = self.sources.iter().position(|x| same(x, &s)) {
            return Some(i);
        }
        let base = shouty(s.sourcename.as_deref().or(s.source.as_deref()).unwrap_or("source"));
        s.name = unique(&base, self.sources.iter().map(|x| x.name.as_str()));
        self.sources.push(s);
        Some(self.sources.len() - 1)
    }

    /// The index of value list `values`, added when new, named for the parameter that shows it.
    fn list(&mut self, path: &str, p: &Parameter, values: &[String]) -> usize {
        if let Some(i) = self.lists.iter().position(|l| l.values == values) {
            return i;
        }
        let taken =
            |n: &str| self.lists.iter().any(|l| l.name == n) || self.sources.iter().any(|s| s.name == n);
        let mut name = shouty(&p.name);
        if taken(&name) {
            let module = path.rsplit('+').next().unwrap_or(path);
            name = shouty(&format!("{module}_{}", p.name));
        }
        let name = unique(&name, self.lists.iter().map(|l| l.name.as_str()));
        self.lists.push(ValueListIr { name, values: values.to_vec() });
        self.lists.len() - 1
    }
}

/// A constant's name: `MediaWiki` → `MEDIAWIKI`, `query+info` → `QUERY_INFO`.
fn shouty(s: &str) -> String {
    let name: String =
        s.chars().map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_uppercase() } else { '_' }).collect();
    if name.starts_with(|c: char| c.is_ascii_digit()) || name.is_empty() {
        format!("V_{name}")
    } else {
        name
    }
}

/// `base`, or `base_2`, `base_3`… when taken.
fn unique<'a>(base: &str, taken: impl Iterator<Item = &'a str> + Clone) -> String {
    let mut name = base.to_string();
    let mut n = 1;
    while taken.clone().any(|t| t == name) {
        n += 1;
        name = format!("{base}_{n}");
    }
    name
}

/// A submodule parameter's map, as a prefix when every value names `{prefix}{value}` in the list's
/// order.
fn submodules(p: &Parameter) -> Option<SubmodulesIr> {
    let map = p.submodules.as_ref()?;
    let listed: Vec<&String> = match &p.ty {
        ParamType::Values(v) => v.iter().collect(),
        ParamType::Named(_) => Vec::new(),
    };
    let prefix = map.iter().next().and_then(|(k, v)| v.strip_suffix(k.as_str())).unwrap_or_default();
    let prefixed = map.keys().eq(listed.iter().copied())
        && map.iter().all(|(k, v)| v.strip_prefix(prefix) == Some(k.as_str()));
    Some(if prefixed {
        SubmodulesIr::Prefixed(prefix.to_string())
    } else {
        SubmodulesIr::Map(map.iter().map(|(k, v)| (k.clone(), v.clone())).collect())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::Ir;
    use crate::spec::Spec;
    use std::path::Path;

    fn ir_of(selection: Option<&[&str]>) -> Ir {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec/mediawiki-1.39");
        let spec = Spec::load(&dir).expect("the checked-in spec loads");
        let selection = selection.map(|s| s.iter().map(|p| p.to_string()).collect());
        Ir::build(&spec, selection.as_ref()).expect("ir")
    }

    fn ir() -> Ir {
        ir_of(None)
    }

    #[test]
    fn a_selection_serves_only_its_modules() {
        let ir = ir_of(Some(&["main", "block", "query+allpages"]));
        let s = &ir.server;
        let names: Vec<&str> = s.methods.iter().map(|m| m.name.as_str()).collect();
        assert_eq!(names, ["block", "list_allpages"]);
        assert_eq!(s.groups, [Group::Action, Group::List]);
        assert!(s.query.is_none() && !s.paraminfo && !s.help && s.main);
        assert_eq!(s.table.modules.len(), 3);
    }

    #[test]
    fn methods_are_named_for_their_group_and_query_dispatches_its_sets() {
        let ir = ir();
        let s = &ir.server;
        let names: Vec<&str> = s.methods.iter().map(|m| m.name.as_str()).collect();
        assert!(
            names.contains(&"block") && names.contains(&"list_allpages") && names.contains(&"meta_tokens")
        );
        assert!(!names.iter().any(|n| ["query", "paraminfo", "help"].contains(n)));
        let query = s.query.as_ref().expect("query is generated");
        let fields: Vec<&str> = query.iter().map(|d| d.field.as_str()).collect();
        assert_eq!(fields, ["generator", "prop", "list", "meta"]);
        assert!(!query[0].multi && query[1].multi);
        assert!(s.actions.iter().all(|&i| s.methods[i].group == Group::Action));
        assert!(s.paraminfo && s.help && s.main);
    }

    #[test]
    fn methods_answer_their_modules_response_types() {
        let ir = ir();
        let replies = ir.server.replies(&ir.responses);
        let reply = |name: &str| {
            let i = ir.server.methods.iter().position(|m| m.name == name).expect("a method");
            replies[i].as_ref().map(|r| (r.group, r.type_name.as_str()))
        };
        assert_eq!(reply("block"), Some((Group::Action, "BlockResponse")));
        // Query submodules answer with the query's root, filled where their part goes.
        assert_eq!(reply("list_allpages"), Some((Group::Action, "QueryResponse")));
        assert_eq!(reply("prop_revisions"), Some((Group::Action, "QueryResponse")));
        // A meta module whose fields sit in `query` itself too.
        assert_eq!(reply("meta_siteinfo"), Some((Group::Action, "QueryResponse")));
        // An array answer is no envelope: untyped.
        assert_eq!(reply("opensearch"), None);
        // A crate generated from a spec without responses has none.
        let bare = ir_of(Some(&["main", "block"]));
        let none = bare.server.replies(&Default::default());
        assert!(none.iter().all(Option::is_none));
    }

    #[test]
    fn the_side_table_holds_only_what_the_spec_tables_do_not() {
        let ir = ir();
        let t = &ir.server.table;
        assert_eq!(t.sources.len(), 1);
        assert_eq!(t.sources[0].name, "MEDIAWIKI");
        assert_eq!(t.modules.len(), ir.modules.len());
        let main = t.modules.iter().find(|m| m.path == "main").expect("main");
        assert_eq!(main.params[0].submodules, Some(SubmodulesIr::Prefixed(String::new())));
        assert_eq!(main.params[0].internal_values, ["cspreport", "stashedit"]);
        // The generator's list is shared by every module that embeds the page set.
        let generators = t.lists.iter().filter(|l| l.name == "GENERATOR").count();
        assert_eq!(generators, 1);
        let block = t.modules.iter().find(|m| m.path == "block").expect("block");
        assert!(block.params.is_empty() && block.more_helpurls.is_empty());
    }
}
