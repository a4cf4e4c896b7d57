//! Name lookups: from a name (as bytes) to the only parameter or submodule it can be, by its
//! length, first and last byte. A `match` on those compiles to jump tables, where a `match` on whole
//! strings compares them one by one; the caller compares the name itself once.

use proc_macro2::{Literal, TokenStream};
use quote::quote;
use std::collections::{BTreeMap, BTreeSet};

/// A name and what the lookup gives for it (an expression of type `usize`).
type Entry<'a> = (TokenStream, &'a str);

/// An expression from a name `n: &[u8]` to the target of the only one of `names` it can be, or
/// `usize::MAX`. Each name comes with its target, an expression of type `usize`.
pub fn shape_lookup(names: &[Entry<'_>]) -> TokenStream {
    // (length, first byte, last byte) → the names (target, name) with that shape.
    let mut groups: BTreeMap<(usize, u8, u8), Vec<&Entry<'_>>> = BTreeMap::new();
    for entry in names {
        let b = entry.1.as_bytes();
        if let (Some(&first), Some(&last)) = (b.first(), b.last()) {
            groups.entry((b.len(), first, last)).or_default().push(entry);
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
            ([(target, _)], _) => target.clone(),
            (several, Some(at)) => {
                let inner = several.iter().map(|(target, name)| {
                    let b = Literal::byte_character(name.as_bytes()[at]);
                    quote!(#b => #target,)
                });
                let at = Literal::usize_unsuffixed(at);
                quote!(match n[#at] { #(#inner)* _ => usize::MAX })
            }
            (several, None) => {
                let inner = several.iter().map(|(target, name)| {
                    let bytes = Literal::byte_string(name.as_bytes());
                    quote!(#bytes => #target,)
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

/// Whether the names all have a different byte at `at`.
fn distinct_at(names: &[&Entry<'_>], at: usize) -> bool {
    let mut seen = BTreeSet::new();
    names.iter().all(|(_, n)| n.as_bytes().get(at).is_some_and(|b| seen.insert(*b)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tells_names_of_one_shape_apart() {
        let names = [(quote!(A), "ab"), (quote!(B), "bb"), (quote!(C), "axb"), (quote!(D), "ayb")];
        let text = shape_lookup(&names).to_string().replace(' ', "");
        assert!(text.contains("(2,Some(b'a'),Some(b'b'))=>A"), "{text}");
        assert!(text.contains("(3,Some(b'a'),Some(b'b'))=>matchn[1]{b'x'=>C,b'y'=>D,"), "{text}");
    }
}
