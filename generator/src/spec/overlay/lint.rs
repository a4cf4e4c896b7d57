//! Linting overlays against the core: additions to modules and parameters that do not exist, made
//! twice, or anchored to what is not there, each at its file:line:col.

use super::*;

pub(super) struct Lint<'a> {
    pub(super) out: Vec<Diagnostic>,
    pub(super) warnings: Vec<Diagnostic>,
    pub(super) overlays: &'a Overlays,
}

impl Lint<'_> {
    pub(super) fn at(&mut self, o: &Overlay, path: &[Step<'_>], message: String, hint: impl Into<String>) {
        let pos = o.located.tree.locate(path);
        self.out.push(Diagnostic::new(&o.located.file, pos, message).hint(hint));
    }
}

pub(super) fn no_such_module(core: &Spec, name: &str) -> String {
    let names: Vec<&str> = core.modules.keys().map(String::as_str).collect();
    match did_you_mean(name, &names) {
        Some(m) => format!("did you mean `{m}`? additions go to core modules, by path"),
        None => "additions go to core modules, named by path (`edit`, `query+revisions`)".into(),
    }
}

impl Lint<'_> {
    /// The whole list of `base` with `adds` placed, reporting additions made twice and anchors that
    /// are not in the list (`list` is the key of the entries in overlay.yaml).
    pub(super) fn ordered<'a, T>(
        &mut self,
        list: &'static str,
        what: &str,
        base: &[&'a str],
        adds: &[(Placed<'a>, &Overlay, T)],
    ) -> Vec<&'a str> {
        let name_key = if list == "values" { "value" } else { "name" };
        let mut seen: BTreeMap<&str, &str> = BTreeMap::new();
        for (p, o, _) in adds {
            if let Some(first) = seen.insert(p.name, p.source) {
                self.at(
                    o,
                    &[list.into(), p.index.into(), name_key.into()],
                    format!("duplicate addition `{}` to {what}: overlay `{first}` adds it too", p.name),
                    "each addition is made by one overlay",
                );
            }
        }
        let placed: Vec<Placed<'_>> = adds.iter().map(|(p, _, _)| p.clone()).collect();
        let (order, unplaced) = place(base, &placed);
        for u in unplaced {
            let Some((_, o, _)) = adds.iter().find(|(p, _, _)| p.source == u.source && p.index == u.index)
            else {
                continue;
            };
            let key = if u.after.is_some() { "after" } else { "before" };
            let anchor = u.after.or(u.before).unwrap_or_default();
            self.at(
                o,
                &[list.into(), u.index.into(), key.into()],
                format!("`{}`, added to {what}, goes {key} `{anchor}`, which is not in the list", u.name),
                "name one of the core's, or one an overlay adds (the one it follows on the wiki)",
            );
        }
        order
    }

    pub(super) fn parameters(
        &mut self,
        core: &Spec,
        every: &Spec,
        merged: &mut Spec,
        extensions: &Extensions,
    ) {
        let overlays = self.overlays;
        let mut by_module: BTreeMap<&str, Vec<(Placed<'_>, &Overlay, &AddedParameter)>> = BTreeMap::new();
        for o in overlays.overlays.values() {
            for (i, a) in o.file.parameters.iter().enumerate() {
                let Some(m) = core.modules.get(&a.module) else {
                    self.at(
                        o,
                        &["parameters".into(), i.into(), "module".into()],
                        format!(
                            "overlay `{}` adds parameter `{}` to module `{}`, which is not in the core",
                            o.file.source, a.parameter.name, a.module
                        ),
                        no_such_module(core, &a.module),
                    );
                    continue;
                };
                if m.parameter(&a.parameter.name).is_some() {
                    self.at(
                        o,
                        &["parameters".into(), i.into(), "name".into()],
                        format!(
                            "duplicate parameter `{}` in module `{}`: the core has it",
                            a.parameter.name, a.module
                        ),
                        "an overlay adds parameters the core module does not have; remove this one",
                    );
                    continue;
                }
                if a.after.is_some() == a.before.is_some() {
                    self.at(o, &["parameters".into(), i.into()], format!("added parameter `{}` of `{}` needs exactly one of `after` and `before`", a.parameter.name, a.module), "`after: NAME` is the parameter it follows on the wiki; `before: NAME` when it comes first");
                    continue;
                }
                let placed = Placed {
                    name: &a.parameter.name,
                    after: a.after.as_deref(),
                    before: a.before.as_deref(),
                    source: &o.file.source,
                    index: i,
                };
                by_module.entry(&a.module).or_default().push((placed, o, a));
            }
        }
        for (module, adds) in by_module {
            let m = &core.modules[module];
            let base: Vec<&str> = m.parameters.iter().map(|p| p.name.as_str()).collect();
            let order = self.ordered("parameters", &format!("the parameters of `{module}`"), &base, &adds);
            // The standard parameter checks, located in overlay.yaml (whose entries have a parameter's shape).
            let mut whole = m.clone();
            whole.parameters = order
                .iter()
                .filter_map(|n| {
                    m.parameter(n).cloned().or_else(|| {
                        adds.iter().find(|(p, _, _)| p.name == *n).map(|(_, _, a)| a.parameter.clone())
                    })
                })
                .collect();
            for (p, o, a) in &adds {
                let mut cx = super::super::lint::Cx::new(every, &o.located, &mut self.out);
                cx.parameter(&whole, p.index, &a.parameter);
            }
            let target = merged.modules.get_mut(module).expect("a core module");
            target.parameters = order
                .iter()
                .filter_map(|n| match m.parameter(n) {
                    Some(p) => Some(p.clone()),
                    None => adds.iter().find(|(p, _, _)| p.name == *n && extensions.includes(p.source)).map(
                        |(p, _, a)| {
                            let mut param = a.parameter.clone();
                            param.origin = Some(p.source.to_string());
                            param
                        },
                    ),
                })
                .collect();
        }
    }

    pub(super) fn values(&mut self, core: &Spec, every: &Spec, merged: &mut Spec, extensions: &Extensions) {
        let overlays = self.overlays;
        type Entry<'a> = (Placed<'a>, &'a Overlay, &'a AddedValue);
        let mut by_param: BTreeMap<(&str, &str), Vec<Entry<'_>>> = BTreeMap::new();
        for o in overlays.overlays.values() {
            for (i, a) in o.file.values.iter().enumerate() {
                let here =
                    |key: &'static str| -> Vec<Step<'static>> { vec!["values".into(), i.into(), key.into()] };
                let Some(m) = core.modules.get(&a.module) else {
                    self.at(
                        o,
                        &here("module"),
                        format!(
                            "overlay `{}` adds value `{}` to module `{}`, which is not in the core",
                            o.file.source, a.value, a.module
                        ),
                        no_such_module(core, &a.module),
                    );
                    continue;
                };
                let Some(p) = m.parameter(&a.parameter) else {
                    let names: Vec<&str> = m.parameters.iter().map(|p| p.name.as_str()).collect();
                    let hint = match did_you_mean(&a.parameter, &names) {
                        Some(k) => format!("did you mean `{k}`?"),
                        None => {
                            "values are added to a parameter of the core module, named without its prefix"
                                .into()
                        }
                    };
                    self.at(o, &here("parameter"), format!("overlay `{}` adds value `{}` to `{}`, which is not a parameter of core module `{}`", o.file.source, a.value, a.parameter, a.module), hint);
                    continue;
                };
                let ParamType::Values(values) = &p.ty else {
                    self.at(
                        o,
                        &here("parameter"),
                        format!("parameter `{}` of `{}` is not a list of values", a.parameter, a.module),
                        "values are added to enums and submodule parameters only",
                    );
                    continue;
                };
                if values.contains(&a.value) {
                    self.at(
                        o,
                        &here("value"),
                        format!(
                            "duplicate value `{}` of parameter `{}` of `{}`: the core has it",
                            a.value, a.parameter, a.module
                        ),
                        "an overlay adds values the core does not have; remove this one",
                    );
                    continue;
                }
                if a.after.is_some() == a.before.is_some() {
                    self.at(o, &["values".into(), i.into()], format!("added value `{}` of `{}` `{}` needs exactly one of `after` and `before`", a.value, a.module, a.parameter), "`after: VALUE` is the value it follows on the wiki; `before: VALUE` when it comes first");
                    continue;
                }
                match (&a.submodule, &p.submodules) {
                    (Some(t), Some(_)) if !every.modules.contains_key(t) => self.at(o, &here("submodule"), format!("value `{}` of `{}` picks module `{t}`, which no overlay and not the core has", a.value, a.parameter), "the module of a submodule value is an overlay's module (its path)"),
                    (Some(_), None) => self.at(o, &here("submodule"), format!("parameter `{}` of `{}` picks no submodules", a.parameter, a.module), "only submodule parameters (`action`, `prop`, `list`, `meta`, `format`) take `submodule`"),
                    (None, Some(_)) => self.at(o, &["values".into(), i.into()], format!("value `{}` of submodule parameter `{}` of `{}` has no `submodule`", a.value, a.parameter, a.module), "name the module it picks: `submodule: query+extracts`"),
                    _ => {}
                }
                if a.help.is_some() && p.description.is_none() {
                    self.at(
                        o,
                        &here("help"),
                        format!(
                            "value `{}` has a `help` line, but parameter `{}` of `{}` has no description",
                            a.value, a.parameter, a.module
                        ),
                        "remove `help` (the core was imported with helpformat=none)",
                    );
                }
                let placed = Placed {
                    name: &a.value,
                    after: a.after.as_deref(),
                    before: a.before.as_deref(),
                    source: &o.file.source,
                    index: i,
                };
                by_param.entry((&a.module, &a.parameter)).or_default().push((placed, o, a));
            }
        }
        for ((module, param), adds) in by_param {
            let core_param = core.modules[module].parameter(param).expect("checked above");
            let ParamType::Values(base) = &core_param.ty else { continue };
            let base_names: Vec<&str> = base.iter().map(String::as_str).collect();
            let order =
                self.ordered("values", &format!("the values of `{module}` `{param}`"), &base_names, &adds);
            let added = |v: &str| adds.iter().find(|(p, _, _)| p.name == v && extensions.includes(p.source));
            let kept: Vec<&str> =
                order.iter().copied().filter(|v| base_names.contains(v) || added(v).is_some()).collect();
            if kept.len() == base.len() {
                continue;
            }
            let target = merged
                .modules
                .get_mut(module)
                .and_then(|m| m.parameters.iter_mut().find(|p| p.name == param))
                .expect("a core parameter");
            let flagged = |list: &Option<Vec<String>>,
                           flag: fn(&AddedValue) -> bool|
             -> Option<Vec<String>> {
                let out: Vec<String> = kept
                    .iter()
                    .filter(|v| {
                        list.iter().flatten().any(|x| x == *v) || added(v).is_some_and(|(_, _, a)| flag(a))
                    })
                    .map(|v| v.to_string())
                    .collect();
                (!out.is_empty()).then_some(out)
            };
            target.internalvalues = flagged(&core_param.internalvalues, |a| a.internal);
            target.deprecatedvalues = flagged(&core_param.deprecatedvalues, |a| a.deprecated);
            if let Some(subs) = &core_param.submodules {
                target.submodules = Some(
                    kept.iter()
                        .filter_map(|v| {
                            let t = subs
                                .get(*v)
                                .cloned()
                                .or_else(|| added(v).and_then(|(_, _, a)| a.submodule.clone()))?;
                            Some((v.to_string(), t))
                        })
                        .collect(),
                );
            }
            if let Some(d) = &core_param.description {
                target.description =
                    Some(insert_help(d, &kept, |v| added(v).and_then(|(_, _, a)| a.help.as_deref())));
            }
            target.value_origins = kept
                .iter()
                .filter_map(|v| added(v).map(|(p, _, _)| (v.to_string(), p.source.to_string())))
                .collect();
            target.ty = ParamType::Values(kept.iter().map(|v| v.to_string()).collect());
        }
    }
}
