//! Templated parameters (`fromtext-{slot}`): one value per value of their source parameter,
//! collected into a map by its [`TemplateKey`]s. Their names depend on other values, so they are
//! searched for when read, not scanned.

use super::{Decoder, Fields};
use crate::value::{Field, TemplateKey, Value};
use std::collections::BTreeMap;

impl<'p> Decoder<'p> {
    /// A templated parameter: one value per value of its source parameter (`keys`).
    pub fn templated<K, V>(&mut self, fields: &Fields<'_>, i: usize, keys: &[K]) -> BTreeMap<K, V>
    where
        K: TemplateKey + Ord + Clone,
        V: Value,
    {
        let field = self.field(fields, i);
        let mut out = BTreeMap::new();
        for key in keys {
            let f = Field { fill: Some(key.key_str()), ..field };
            if let Some(raw) = self.raw(&f) {
                if let Some(v) = self.single(&f, raw) {
                    out.insert(key.clone(), v);
                }
            }
        }
        out
    }
}
