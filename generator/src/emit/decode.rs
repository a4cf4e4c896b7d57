//! `impl Decode`: one scan of the request finds the module's parameters, then each is read and
//! validated in MediaWiki's order. Where that is the module's own order (most modules), the decode
//! is the struct literal, one `Reader` call per field; elsewhere each parameter's position in
//! `MODULE.params` has a name (`const TITLES: usize = 10;`) and is read by it.

use super::request::{has_field, ident, is_required};
use crate::ir::{DecodeStep, FieldKind, Ir, ModuleIr, ParamIr};
use proc_macro2::{Ident, Literal, TokenStream};
use quote::{format_ident, quote};

/// The `Decode` impl of module `m`.
pub fn decode_impl(ir: &Ir, m: &ModuleIr) -> TokenStream {
    let name = format_ident!("{}", m.type_name);
    let outer = if m.params.is_empty() { format_ident!("_outer") } else { format_ident!("outer") };
    let body = decode_body(ir, m);
    quote! {
        impl rt::Decode for #name {
            fn decode(d: &mut rt::Decoder<'_>, #outer: &str) -> Result<Self, rt::ApiError> {
                #body
            }
        }
    }
}

/// The name of parameter `p`'s position: its field in capitals.
fn position(p: &ParamIr) -> Ident {
    format_ident!("{}", p.field.trim_start_matches("r#").to_uppercase())
}

/// The local holding a submodule parameter's names until the modules are decoded.
fn names_local(p: &ParamIr) -> Ident {
    let base = p.field.trim_start_matches("r#");
    match p.kind {
        FieldKind::Submodule { multi: true, .. } => format_ident!("{base}_names"),
        _ => format_ident!("{base}_name"),
    }
}

fn decode_body(ir: &Ir, m: &ModuleIr) -> TokenStream {
    if m.params.is_empty() {
        return quote! {
            d.enter(&Self::MODULE);
            Ok(Self {})
        };
    }
    if let Some(reads) = in_order(m) {
        return quote! {
            let f = d.fields(&Self::MODULE, outer);
            f.read(|f| Self { #(#reads),* })
        };
    }
    let positions = m.params.iter().enumerate().map(|(i, p)| {
        let (c, i) = (position(p), Literal::usize_unsuffixed(i));
        quote!(const #c: usize = #i;)
    });
    let steps = m.decode_order.iter().map(|step| decode_step(ir, m, step));
    let fields = m.params.iter().filter(|p| has_field(p)).map(|p| {
        let f = ident(&p.field);
        match p.kind {
            FieldKind::PageRef { id } => {
                let id = ident(&m.params[id].field);
                quote!(#f: d.page_ref(#f, #id)?)
            }
            _ if is_required(p) => quote!(#f: d.present(#f)?),
            _ => quote!(#f),
        }
    });
    // The module's own checks, once its parameters are valid (a reader makes them at `finish`).
    let constrain = (!m.constraints.is_empty()).then(|| quote!(d.constrain(&fields)?;));
    quote! {
        #(#positions)*
        let fields = d.scan(&Self::MODULE, outer);
        #(#steps)*
        #constrain
        Ok(Self { #(#fields),* })
    }
}

/// When MediaWiki reads `m`'s parameters in the order the module declares them, each a plain
/// value (no templated maps, submodules or generators), the fields of the struct literal, each
/// read by a [`Reader`](mwgen_runtime::decode::Reader) call: `user: f.optional()`.
fn in_order(m: &ModuleIr) -> Option<Vec<TokenStream>> {
    let declared = (0..m.params.len()).map(DecodeStep::Param).chain([DecodeStep::Check]);
    if !m.decode_order.iter().copied().eq(declared) {
        return None;
    }
    m.params
        .iter()
        .filter(|p| has_field(p))
        .map(|p| {
            let read = match &p.kind {
                FieldKind::Flag => quote!(f.flag()),
                FieldKind::Single { required: true, .. } => quote!(f.required()),
                FieldKind::Single { required: false, .. } => quote!(f.optional()),
                FieldKind::Multi { all: false, .. } => quote!(f.multi()),
                FieldKind::Multi { all: true, .. } => quote!(f.multi_all()),
                FieldKind::Upload => quote!(f.upload()),
                // The title and, next to it, the id: two reads in one call.
                FieldKind::PageRef { .. } => quote!(f.page_ref()),
                FieldKind::PageRefId { .. }
                | FieldKind::Templated { .. }
                | FieldKind::Submodule { .. }
                | FieldKind::Generator { .. } => return None,
            };
            let f = ident(&p.field);
            Some(quote!(#f: #read))
        })
        .collect()
}

fn decode_step(ir: &Ir, m: &ModuleIr, step: &DecodeStep) -> TokenStream {
    let i = match step {
        DecodeStep::Check => return quote!(d.check()?;),
        DecodeStep::BeforeExecute => return quote!(d.before_execute(&Self::MODULE)?;),
        DecodeStep::Submodules(i) => return decode_submodules(&m.params[*i]),
        DecodeStep::Param(i) => *i,
    };
    let p = &m.params[i];
    let (f, at) = (ident(&p.field), position(p));
    let set = |s: usize| format_ident!("{}", ir.submodule_sets[s].name);
    match &p.kind {
        FieldKind::Flag => quote!(let #f = d.flag(&fields, #at);),
        FieldKind::Single { required: true, .. } => quote!(let #f = d.required(&fields, #at);),
        FieldKind::Single { required: false, .. } => quote!(let #f = d.optional(&fields, #at);),
        FieldKind::Multi { all: false, .. } => quote!(let #f: Vec<_> = d.multi(&fields, #at);),
        FieldKind::Multi { all: true, .. } => quote!(let #f = d.multi_all(&fields, #at);),
        FieldKind::Templated { source, .. } => {
            let s = ident(&m.params[*source].field);
            quote!(let #f = d.templated(&fields, #at, &#s);)
        }
        FieldKind::Upload => quote!(let #f = d.upload(&fields, #at);),
        // The two halves of a `PageRef`, joined once the constraints passed.
        FieldKind::PageRef { .. } => quote!(let #f: Option<String> = d.optional(&fields, #at);),
        FieldKind::PageRefId { .. } => quote!(let #f: Option<i64> = d.optional(&fields, #at);),
        // Names checked with the set's lookup; the modules are decoded after the check.
        FieldKind::Submodule { set: s, multi: true } => {
            let (names, set) = (names_local(p), set(*s));
            quote! {
                let mut #names = rt::SubmoduleNames::<super::submodules::#set>::new();
                d.multi_into(&fields, #at, &mut #names);
            }
        }
        FieldKind::Submodule { set: s, multi: false } => {
            let (names, set) = (names_local(p), set(*s));
            quote!(let #names: Option<rt::SubmoduleName<super::submodules::#set>> = d.optional(&fields, #at);)
        }
        // A plain string for the page set; `badgenerator` comes later.
        FieldKind::Generator { .. } => {
            let names = names_local(p);
            quote!(let #names: Option<String> = d.optional(&fields, #at);)
        }
    }
}

/// Decoding the submodule requests a submodule parameter named.
fn decode_submodules(p: &ParamIr) -> TokenStream {
    let (f, names) = (ident(&p.field), names_local(p));
    match p.kind {
        FieldKind::Submodule { multi: true, .. } => quote!(let #f = d.submodules(&#names)?;),
        FieldKind::Submodule { multi: false, .. } => quote!(let #f = d.submodule(#names)?;),
        _ => quote!(let #f = d.generator(#names.as_deref(), super::submodules::NOT_GENERATORS)?;),
    }
}
