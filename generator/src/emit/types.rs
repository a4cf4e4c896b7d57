//! One module's file: its request struct, constructor, static spec, encode/decode, and the enums
//! only it uses.

use super::docs::wikitext_to_markdown;
use super::Options;
use crate::ir::{DecodeStep, EnumIr, FieldKind, Group, Ir, ModuleIr, ParamIr, ValueType, WireType};
use proc_macro2::{Ident, Literal, Span, TokenStream};
use quote::{format_ident, quote};
use std::collections::BTreeMap;

/// A Rust identifier, raw when it is a keyword (`r#type`).
pub fn ident(name: &str) -> Ident {
    match name.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => Ident::new(name, Span::call_site()),
    }
}

/// `#[doc = "…"]` lines for a Markdown text.
pub fn doc(text: &str) -> TokenStream {
    let lines = text.lines().map(|l| if l.is_empty() { String::new() } else { format!(" {l}") });
    quote! { #( #[doc = #lines] )* }
}

/// The path from a group module to the root of the generated tree.
fn root(group_level: bool) -> TokenStream {
    if group_level {
        quote!(super)
    } else {
        quote!(self)
    }
}

/// The type of one value, seen from a module of `home` (or from the shared `enums` module).
pub fn value_type(ir: &Ir, v: &ValueType, home: Option<&str>) -> TokenStream {
    match v {
        ValueType::String => quote!(String),
        ValueType::Secret => quote!(::mwgen_runtime::Secret),
        ValueType::Title => quote!(::mwgen_runtime::Title),
        ValueType::User => quote!(::mwgen_runtime::UserName),
        ValueType::Timestamp => quote!(::mwgen_runtime::Timestamp),
        ValueType::Expiry => quote!(::mwgen_runtime::Expiry),
        ValueType::Namespace => quote!(::mwgen_runtime::Namespace),
        ValueType::Integer => quote!(i64),
        ValueType::Limit => quote!(::mwgen_runtime::Limit),
        ValueType::Float => quote!(f64),
        ValueType::Enum(i) => {
            let e = &ir.enums[*i];
            let name = format_ident!("{}", e.name);
            match e.home() {
                Some(h) if Some(h) == home => quote!(#name),
                _ => {
                    let r = root(home.is_some());
                    quote!(#r::enums::#name)
                }
            }
        }
    }
}

fn field_type(ir: &Ir, m: &ModuleIr, p: &ParamIr) -> TokenStream {
    let home = Some(m.path.as_str());
    match &p.kind {
        FieldKind::Flag => quote!(bool),
        FieldKind::Single { value, required: true } => value_type(ir, value, home),
        FieldKind::Single { value, required: false } => {
            let t = value_type(ir, value, home);
            quote!(Option<#t>)
        }
        FieldKind::Multi { value, all: false } => {
            let t = value_type(ir, value, home);
            quote!(Vec<#t>)
        }
        FieldKind::Multi { value, all: true } => {
            let t = value_type(ir, value, home);
            quote!(::mwgen_runtime::Multi<#t>)
        }
        FieldKind::Templated { key, value, .. } => {
            let k = value_type(ir, key, home);
            let v = value_type(ir, value, home);
            quote!(::std::collections::BTreeMap<#k, #v>)
        }
        FieldKind::Upload => quote!(Option<::mwgen_runtime::Upload>),
        FieldKind::Submodule { set, multi } => {
            let name = format_ident!("{}", ir.submodule_sets[*set].name);
            if *multi {
                quote!(Vec<super::submodules::#name>)
            } else {
                quote!(Option<super::submodules::#name>)
            }
        }
        FieldKind::Generator { set } => {
            let name = format_ident!("{}", ir.submodule_sets[*set].name);
            quote!(Option<super::submodules::#name>)
        }
    }
}

fn is_required(p: &ParamIr) -> bool {
    matches!(p.kind, FieldKind::Single { required: true, .. })
}

/// The module's struct documentation: its description, then what a caller must know.
fn module_doc(m: &ModuleIr) -> String {
    let mut out = m.description.as_deref().map(wikitext_to_markdown).unwrap_or_default();
    if out.is_empty() {
        out = format!("The `{}` module.", m.path);
    }
    let call = match m.path.split_once('+') {
        Some((parent, sub)) => format!("`action={parent}&{}={sub}`", m.group.spec_name()),
        None if m.group == Group::Format => format!("`format={}`", m.name),
        None if m.group == Group::Main => "the main module (`api.php`)".to_string(),
        None => format!("`action={}`", m.name),
    };
    let prefix =
        if m.prefix.is_empty() { String::new() } else { format!(", parameter prefix `{}`", m.prefix) };
    let mut facts = vec![format!("Module `{}`: {call}{prefix}.", m.path)];
    if m.flags.mustbeposted {
        facts.push("Must be sent by POST.".into());
    }
    if let Some(t) = &m.token {
        facts.push(format!("Needs a `{t}` token."));
    }
    if m.flags.writerights {
        facts.push("Requires write rights.".into());
    } else if m.flags.readrights {
        facts.push("Requires read rights.".into());
    }
    if m.flags.generator {
        facts.push("Can be used as a generator.".into());
    }
    if m.flags.internal {
        facts.push("Internal: may change without notice.".into());
    }
    if m.flags.deprecated {
        facts.push("Deprecated.".into());
    }
    if m.dynamic_params {
        facts.push("Takes further parameters that depend on the request (see the module's help).".into());
    }
    out.push_str("\n\n");
    out.push_str(&facts.join(" "));
    if let Some(url) = &m.help_url {
        out.push_str(&format!("\n\n<{url}>"));
    }
    out
}

fn param_doc(m: &ModuleIr, p: &ParamIr) -> String {
    let out = p.description.as_deref().map(wikitext_to_markdown).unwrap_or_default();
    let wire = match &p.template {
        Some((var, source)) => {
            format!(
                "Sent as `{}{}`, once for each value of `{}{source}` in place of `{{{var}}}`.",
                m.prefix, p.name, m.prefix
            )
        }
        None => format!("Sent as `{}{}`.", m.prefix, p.name),
    };
    let mut facts = vec![wire];
    if p.required {
        facts.push("Required.".into());
    }
    if let Some(d) = &p.default {
        facts.push(if d.is_empty() { "Default: empty.".to_string() } else { format!("Default: `{d}`.") });
    }
    if let Some(multi) = &p.multi {
        facts.push(format!("At most {} values ({} with `apihighlimits`).", multi.limit, multi.high_limit));
        if let Some(all) = &multi.all {
            facts.push(format!("`{all}` means every value."));
        }
    }
    match &p.wire {
        WireType::Integer { min, max, high_max } => facts.push(range_doc(*min, *max, *high_max)),
        WireType::Limit { min, max, high_max } => {
            facts.push(format!("`max`, or a number. {}", range_doc(Some(*min), Some(*max), Some(*high_max))));
        }
        _ => {}
    }
    if p.sensitive {
        facts.push("Sensitive: sent only in a POST body.".into());
    }
    if p.deprecated {
        facts.push("Deprecated.".into());
    }
    if !p.deprecated_values.is_empty() {
        facts.push(format!("Deprecated values: {}.", p.deprecated_values.join(", ")));
    }
    facts.retain(|f| !f.is_empty());
    if out.is_empty() {
        facts.join(" ")
    } else {
        format!("{out}\n\n{}", facts.join(" "))
    }
}

fn range_doc(min: Option<i64>, max: Option<i64>, high_max: Option<i64>) -> String {
    let high = match (max, high_max) {
        (Some(m), Some(h)) if h > m => format!(" ({h} with `apihighlimits`)"),
        _ => String::new(),
    };
    match (min, max) {
        (Some(lo), Some(hi)) => {
            format!("From {lo} to {hi}{high}; values outside are clamped, with a warning.")
        }
        (Some(lo), None) => format!("At least {lo}; lower values are clamped, with a warning."),
        (None, Some(hi)) => format!("At most {hi}{high}; higher values are clamped, with a warning."),
        (None, None) => String::new(),
    }
}

fn opt_str(v: &Option<String>) -> TokenStream {
    match v {
        Some(s) => quote!(Some(#s)),
        None => quote!(None),
    }
}

fn opt_int(v: Option<i64>) -> TokenStream {
    match v {
        Some(n) => {
            let n = Literal::i64_unsuffixed(n);
            quote!(Some(#n))
        }
        None => quote!(None),
    }
}

fn wire_type(ir: &Ir, m: &ModuleIr, p: &ParamIr) -> TokenStream {
    let enum_values = match &p.kind {
        FieldKind::Single { value: ValueType::Enum(i), .. }
        | FieldKind::Multi { value: ValueType::Enum(i), .. } => Some(*i),
        FieldKind::Templated { value: ValueType::Enum(i), .. } => Some(*i),
        _ => None,
    };
    match &p.wire {
        WireType::String { max_bytes, max_chars } => {
            let b = opt_int(max_bytes.map(|x| x as i64));
            let c = opt_int(max_chars.map(|x| x as i64));
            quote!(::mwgen_runtime::Type::String { max_bytes: #b, max_chars: #c })
        }
        WireType::Text => quote!(::mwgen_runtime::Type::Text),
        WireType::Raw => quote!(::mwgen_runtime::Type::Raw),
        WireType::Password => quote!(::mwgen_runtime::Type::Password),
        WireType::Integer { min, max, high_max } => {
            let (a, b, c) = (opt_int(*min), opt_int(*max), opt_int(*high_max));
            quote!(::mwgen_runtime::Type::Integer { min: #a, max: #b, high_max: #c })
        }
        WireType::Limit { min, max, high_max } => {
            let (a, b, c) = (
                Literal::i64_unsuffixed(*min),
                Literal::i64_unsuffixed(*max),
                Literal::i64_unsuffixed(*high_max),
            );
            quote!(::mwgen_runtime::Type::Limit { min: #a, max: #b, high_max: #c })
        }
        WireType::Float => quote!(::mwgen_runtime::Type::Float),
        WireType::Boolean => quote!(::mwgen_runtime::Type::Boolean),
        WireType::Timestamp => quote!(::mwgen_runtime::Type::Timestamp),
        WireType::Expiry => quote!(::mwgen_runtime::Type::Expiry),
        WireType::User { subtypes } => quote!(::mwgen_runtime::Type::User { subtypes: &[#(#subtypes),*] }),
        WireType::Title { must_exist } => quote!(::mwgen_runtime::Type::Title { must_exist: #must_exist }),
        WireType::Namespace { extra } => {
            let extra = extra.iter().map(|n| Literal::i64_unsuffixed(*n));
            quote!(::mwgen_runtime::Type::Namespace { extra: &[#(#extra),*] })
        }
        WireType::Upload => quote!(::mwgen_runtime::Type::Upload),
        WireType::Enum { values, deprecated, .. } => {
            let values = match enum_values {
                Some(i) => {
                    let t = value_type(ir, &ValueType::Enum(i), Some(&m.path));
                    quote!(<#t as ::mwgen_runtime::StrEnum>::VALUES)
                }
                None => quote!(&[#(#values),*]),
            };
            quote!(::mwgen_runtime::Type::Enum { values: #values, deprecated: &[#(#deprecated),*] })
        }
        WireType::Tags { values } => quote!(::mwgen_runtime::Type::Tags { values: &[#(#values),*] }),
    }
}

fn param_spec(ir: &Ir, m: &ModuleIr, p: &ParamIr) -> TokenStream {
    let name = &p.name;
    let ty = wire_type(ir, m, p);
    let mut sets = Vec::new();
    if p.required {
        sets.push(quote!(required: true,));
    }
    if let Some(d) = &p.default {
        sets.push(quote!(default: Some(#d),));
    }
    if let Some(multi) = &p.multi {
        let (l, h, dup) = (multi.limit, multi.high_limit, multi.duplicates);
        let all = opt_str(&multi.all);
        sets.push(quote!(multi: Some(::mwgen_runtime::MultiSpec { limit: #l, high_limit: #h, all: #all, duplicates: #dup }),));
    }
    if p.sensitive {
        sets.push(quote!(sensitive: true,));
    }
    if p.deprecated {
        sets.push(quote!(deprecated: true,));
    }
    if let Some((var, source)) = &p.template {
        sets.push(quote!(template: Some(::mwgen_runtime::Template { var: #var, source: #source }),));
    }
    if sets.is_empty() {
        quote!(::mwgen_runtime::ParamSpec::new(#name, #ty))
    } else {
        quote!(::mwgen_runtime::ParamSpec { #(#sets)* ..::mwgen_runtime::ParamSpec::new(#name, #ty) })
    }
}

fn module_spec(ir: &Ir, m: &ModuleIr) -> TokenStream {
    let (path, name, group, prefix) = (&m.path, &m.name, m.group.spec_name(), &m.prefix);
    let f = m.flags;
    let (readrights, writerights, mustbeposted, generator, internal, deprecated) =
        (f.readrights, f.writerights, f.mustbeposted, f.generator, f.internal, f.deprecated);
    let token = opt_str(&m.token);
    let help = opt_str(&m.help_url);
    let dynamic = m.dynamic_params;
    let params = m.params.iter().map(|p| param_spec(ir, m, p));
    quote! {
        ::mwgen_runtime::ModuleSpec {
            path: #path,
            name: #name,
            group: #group,
            prefix: #prefix,
            flags: ::mwgen_runtime::ModuleFlags { readrights: #readrights, writerights: #writerights, mustbeposted: #mustbeposted, generator: #generator, internal: #internal, deprecated: #deprecated },
            token: #token,
            params: &[#(#params),*],
            dynamic_params: #dynamic,
            help_url: #help,
        }
    }
}

/// The name pieces of a parameter for `enc::*`: `[outer, "apfrom"]` (the module prefix joined to
/// the name at generation time), or for templated parameters `[outer, "fromtext-", ""]`.
fn name_pieces(m: &ModuleIr, p: &ParamIr) -> TokenStream {
    match &p.template {
        Some((var, _)) => {
            let placeholder = format!("{{{var}}}");
            let (before, after) = p.name.split_once(&placeholder).unwrap_or((&p.name, ""));
            let before = format!("{}{before}", m.prefix);
            quote!([outer, #before, #after])
        }
        None => {
            let n = format!("{}{}", m.prefix, p.name);
            quote!([outer, #n])
        }
    }
}

fn encode_body(m: &ModuleIr) -> TokenStream {
    let mut stmts = Vec::new();
    for p in &m.params {
        let f = ident(&p.field);
        let name = name_pieces(m, p);
        let stmt = match &p.kind {
            FieldKind::Flag => quote!(::mwgen_runtime::enc::flag(out, #name, self.#f);),
            FieldKind::Single { required: true, .. } => {
                quote!(::mwgen_runtime::enc::req(out, #name, &self.#f);)
            }
            FieldKind::Single { required: false, .. } => {
                quote!(::mwgen_runtime::enc::opt(out, #name, &self.#f);)
            }
            // Templated maps fill their source list: the keys are added first.
            FieldKind::Multi { .. } if !p.filled_by.is_empty() => {
                let maps = p.filled_by.iter().map(|&j| ident(&m.params[j].field));
                quote! {
                    let mut #f = self.#f.clone();
                    #( ::mwgen_runtime::enc::add_keys(&mut #f, &self.#maps); )*
                    ::mwgen_runtime::enc::multi(out, #name, &#f);
                }
            }
            // A required list is sent even when empty: MediaWiki reads `ids=` as given.
            FieldKind::Multi { all: false, .. } if p.required => {
                quote!(::mwgen_runtime::enc::req_multi(out, #name, &self.#f);)
            }
            FieldKind::Multi { all: false, .. } => quote!(::mwgen_runtime::enc::multi(out, #name, &self.#f);),
            FieldKind::Multi { all: true, .. } => {
                let all = p.multi.as_ref().and_then(|x| x.all.clone()).unwrap_or_else(|| "*".into());
                quote!(::mwgen_runtime::enc::multi_all(out, #name, #all, &self.#f);)
            }
            FieldKind::Templated { .. } => quote!(::mwgen_runtime::enc::templated(out, #name, &self.#f);),
            FieldKind::Upload => quote!(::mwgen_runtime::enc::upload(out, #name, &self.#f);),
            FieldKind::Submodule { multi: true, .. } => {
                quote!(::mwgen_runtime::enc::submodules(out, #name, &self.#f);)
            }
            FieldKind::Submodule { multi: false, .. } | FieldKind::Generator { .. } => {
                quote!(::mwgen_runtime::enc::submodule(out, #name, &self.#f);)
            }
        };
        stmts.push(stmt);
    }
    quote!(#(#stmts)*)
}

fn decode_body(ir: &Ir, m: &ModuleIr) -> TokenStream {
    let mut stmts = Vec::new();
    for step in &m.decode_order {
        match step {
            DecodeStep::Check => stmts.push(quote!(d.check()?;)),
            DecodeStep::BeforeExecute => stmts.push(quote!(d.before_execute(&Self::MODULE)?;)),
            DecodeStep::Param(i) => {
                let p = &m.params[*i];
                let f = ident(&p.field);
                let idx = Literal::usize_unsuffixed(*i);
                let field = quote!(&fields, #idx);
                let stmt = match &p.kind {
                    FieldKind::Flag => quote!(let #f = d.flag(#field);),
                    FieldKind::Single { required: true, .. } => quote!(let #f = d.required(#field);),
                    FieldKind::Single { required: false, .. } => quote!(let #f = d.optional(#field);),
                    FieldKind::Multi { all: false, .. } => quote!(let #f: Vec<_> = d.multi(#field);),
                    FieldKind::Multi { all: true, .. } => quote!(let #f = d.multi_all(#field);),
                    FieldKind::Templated { source, .. } => {
                        let s = ident(&m.params[*source].field);
                        quote!(let #f = d.templated(#field, &#s);)
                    }
                    FieldKind::Upload => quote!(let #f = d.upload(#field);),
                    // Names checked with the set's lookup; the modules are decoded after the check.
                    FieldKind::Submodule { set, multi: true } => {
                        let names = format_ident!("{}_names", p.field.trim_start_matches("r#"));
                        let set = format_ident!("{}", ir.submodule_sets[*set].name);
                        quote! {
                            let mut #names = ::mwgen_runtime::SubmoduleNames::<super::submodules::#set>::new();
                            d.multi_into(#field, &mut #names);
                        }
                    }
                    FieldKind::Submodule { set, multi: false } => {
                        let names = format_ident!("{}_name", p.field.trim_start_matches("r#"));
                        let set = format_ident!("{}", ir.submodule_sets[*set].name);
                        quote!(let #names: Option<::mwgen_runtime::SubmoduleName<super::submodules::#set>> = d.optional(#field);)
                    }
                    // A plain string for the page set; `badgenerator` comes later.
                    FieldKind::Generator { .. } => {
                        let names = format_ident!("{}_name", p.field.trim_start_matches("r#"));
                        quote!(let #names: Option<String> = d.optional(#field);)
                    }
                };
                stmts.push(stmt);
            }
            DecodeStep::Submodules(i) => {
                let p = &m.params[*i];
                let f = ident(&p.field);
                let base = p.field.trim_start_matches("r#");
                let stmt = match &p.kind {
                    FieldKind::Submodule { multi: true, .. } => {
                        let names = format_ident!("{base}_names");
                        quote!(let #f = d.submodules(&#names)?;)
                    }
                    FieldKind::Submodule { multi: false, .. } => {
                        let names = format_ident!("{base}_name");
                        quote!(let #f = d.submodule(#names)?;)
                    }
                    _ => {
                        let names = format_ident!("{base}_name");
                        quote!(let #f = d.generator(#names.as_deref(), super::submodules::NOT_GENERATORS)?;)
                    }
                };
                stmts.push(stmt);
            }
        }
    }
    let fields = m.params.iter().map(|p| {
        let f = ident(&p.field);
        if is_required(p) {
            quote!(#f: d.present(#f)?)
        } else {
            quote!(#f)
        }
    });
    // One pass over the request finds every parameter of the module (templated names are searched
    // when read): `lookup` picks the one parameter a name can be by its length, first and last byte
    // (and the whole name where those collide), and `scan` compares the name once.
    let enter = if m.params.is_empty() {
        quote!(d.enter(&Self::MODULE);)
    } else {
        let lookup = name_lookup(m);
        // Templated parameters are searched for when read; the others are found by the scan.
        let initial = m.params.iter().map(|p| match p.template {
            Some(_) => quote!(::mwgen_runtime::Slot::Unscanned),
            None => quote!(::mwgen_runtime::Slot::Absent),
        });
        let slots = if m.params.iter().any(|p| p.template.is_some()) {
            quote!([#(#initial),*])
        } else {
            let n = Literal::usize_unsuffixed(m.params.len());
            quote!([::mwgen_runtime::Slot::Absent; #n])
        };
        quote! {
            let mut slots = #slots;
            let fields = d.scan(&Self::MODULE, outer, &mut slots, #lookup);
        }
    };
    quote! {
        #enter
        #(#stmts)*
        Ok(Self { #(#fields),* })
    }
}

/// A closure from a parameter's name without prefixes (as bytes) to the index of the only parameter
/// of `m` it can be, or `usize::MAX`.
fn name_lookup(m: &ModuleIr) -> TokenStream {
    let names: Vec<(usize, &str)> = m
        .params
        .iter()
        .enumerate()
        .filter(|(_, p)| p.template.is_none())
        .map(|(i, p)| (i, p.name.as_str()))
        .collect();
    let body = shape_lookup(&names);
    quote!(|n: &[u8]| #body)
}

/// An expression from a name `n` (as bytes) to the index of the only one of `names` it can be, or
/// `usize::MAX`; the caller compares the name itself. A `match` on the length and the first and
/// last bytes compiles to jump tables, where a `match` on whole strings compares them one by one.
pub fn shape_lookup(names: &[(usize, &str)]) -> TokenStream {
    // (length, first byte, last byte) → the names (index, name) with that shape.
    type Shape = (usize, u8, u8);
    let mut groups: BTreeMap<Shape, Vec<(usize, &str)>> = BTreeMap::new();
    for &(i, name) in names {
        let b = name.as_bytes();
        if let (Some(&first), Some(&last)) = (b.first(), b.last()) {
            groups.entry((b.len(), first, last)).or_default().push((i, name));
        }
    }
    if groups.is_empty() {
        return quote!({
            let _ = n;
            usize::MAX
        });
    }
    let arms = groups.iter().map(|(&(len, first, last), members)| {
        let (l, f, z) =
            (Literal::usize_unsuffixed(len), Literal::byte_character(first), Literal::byte_character(last));
        // Names of one shape: one byte position usually tells them apart.
        let target = match (members.as_slice(), (0..len).find(|&at| distinct_at(members, at))) {
            ([(i, _)], _) => {
                let i = Literal::usize_unsuffixed(*i);
                quote!(#i)
            }
            (several, Some(at)) => {
                let inner = several.iter().map(|(i, name)| {
                    let i = Literal::usize_unsuffixed(*i);
                    let b = Literal::byte_character(name.as_bytes()[at]);
                    quote!(#b => #i,)
                });
                let at = Literal::usize_unsuffixed(at);
                quote!(match n[#at] { #(#inner)* _ => usize::MAX })
            }
            (several, None) => {
                let inner = several.iter().map(|(i, name)| {
                    let i = Literal::usize_unsuffixed(*i);
                    let bytes = Literal::byte_string(name.as_bytes());
                    quote!(#bytes => #i,)
                });
                quote!(match n { #(#inner)* _ => usize::MAX })
            }
        };
        quote!((#l, Some(#f), Some(#z)) => #target,)
    });
    quote! {
        match (n.len(), n.first(), n.last()) { #(#arms)* _ => usize::MAX }
    }
}

/// [`shape_lookup`] as a named function, `fn name(n: &[u8]) -> usize`.
pub fn shape_lookup_fn(name: &proc_macro2::Ident, doc_text: &str, names: &[(usize, &str)]) -> TokenStream {
    let body = shape_lookup(names);
    let d = doc(doc_text);
    quote! {
        #d
        fn #name(n: &[u8]) -> usize { #body }
    }
}

/// Whether the names all have a different byte at `at`.
fn distinct_at(names: &[(usize, &str)], at: usize) -> bool {
    let mut seen = std::collections::BTreeSet::new();
    names.iter().all(|(_, n)| n.as_bytes().get(at).is_some_and(|b| seen.insert(*b)))
}

/// The `str_enum!` declaration of one enum.
pub fn enum_decl(e: &EnumIr, opts: &Options) -> TokenStream {
    let name = format_ident!("{}", e.name);
    let variants = e.variants.iter().zip(&e.values).map(|(v, value)| {
        let v = format_ident!("{}", v);
        let d = if e.deprecated.contains(value) {
            doc(&format!("`{value}` (deprecated)"))
        } else {
            doc(&format!("`{value}`"))
        };
        quote!(#d #v = #value)
    });
    let used: Vec<&str> = e.used_by.iter().map(String::as_str).collect();
    let d = doc(&format!("Values of `{}`-style parameters (used by {}).", e.name, used.join(", ")));
    let attrs = opts.attributes_for(&e.name);
    quote! {
        ::mwgen_runtime::str_enum! {
            #d
            #attrs
            pub enum #name { #(#variants),* }
        }
    }
}

/// Everything of one module's file.
pub fn module_file(ir: &Ir, m: &ModuleIr, opts: &Options) -> TokenStream {
    let name = format_ident!("{}", m.type_name);
    let sdoc = doc(&module_doc(m));
    let fields = m.params.iter().map(|p| {
        let f = ident(&p.field);
        let t = field_type(ir, m, p);
        let d = doc(&param_doc(m, p));
        quote!(#d pub #f: #t)
    });
    let required: Vec<&ParamIr> = m.params.iter().filter(|p| is_required(p)).collect();
    let derive_default = if required.is_empty() { quote!(Default,) } else { quote!() };
    let new = if required.is_empty() {
        quote! {
            /// A request with every parameter unset.
            pub fn new() -> Self { Self::default() }
        }
    } else {
        let args = required.iter().map(|p| {
            let f = ident(&p.field);
            let t = field_type(ir, m, p);
            quote!(#f: impl Into<#t>)
        });
        let inits = m.params.iter().map(|p| {
            let f = ident(&p.field);
            if is_required(p) {
                quote!(#f: #f.into())
            } else {
                quote!(#f: Default::default())
            }
        });
        quote! {
            /// A request with its required parameters; the others unset.
            pub fn new(#(#args),*) -> Self { Self { #(#inits),* } }
        }
    };
    let spec = module_spec(ir, m);
    let encode = opts.client.then(|| {
        let body = encode_body(m);
        quote! {
            impl ::mwgen_runtime::Encode for #name {
                #[allow(unused_variables)]
                fn encode<S: ::mwgen_runtime::Sink + ?Sized>(&self, outer: &str, out: &mut S) {
                    #body
                }
            }
        }
    });
    let decode = opts.server.then(|| {
        let body = decode_body(ir, m);
        quote! {
            impl ::mwgen_runtime::Decode for #name {
                #[allow(unused_variables)]
                fn decode(d: &mut ::mwgen_runtime::Decoder<'_>, outer: &str) -> Result<Self, ::mwgen_runtime::ApiError> {
                    #body
                }
            }
        }
    });
    let local_enums =
        ir.enums.iter().filter(|e| e.home() == Some(m.path.as_str())).map(|e| enum_decl(e, opts));
    let attrs = opts.attributes_for(&m.path);
    quote! {
        #sdoc
        #[derive(Debug, Clone, PartialEq, #derive_default)]
        #attrs
        pub struct #name { #(#fields),* }

        impl #name {
            /// The module as paraminfo describes it (help texts aside).
            pub const MODULE: ::mwgen_runtime::ModuleSpec = #spec;
            #new
        }

        impl ::mwgen_runtime::Request for #name {
            const SPEC: &'static ::mwgen_runtime::ModuleSpec = &Self::MODULE;
        }

        #encode
        #decode
        #(#local_enums)*
    }
}
