//! What the fake knows of its site: the siteinfo of the wiki tests/mediawiki/up.sh installs
//! (`site/siteinfo.json`, read from that wiki with every `siprop` but `statistics` and `rightsinfo`'s
//! neighbours that change), its namespaces, and the rights of each user group.
//!
//! The JSON holds `{server}` and `{host}` where the wiki's own address was; [`Site::new`] puts the
//! fake's address there.

use serde_json::Value;
use std::collections::BTreeMap;

const SITEINFO: &str = include_str!("site/siteinfo.json");

/// One namespace.
#[derive(Debug, Clone)]
pub struct Namespace {
    /// Its number.
    pub id: i64,
    /// Its local name (`""` for the main namespace).
    pub name: String,
    /// Its canonical name.
    pub canonical: String,
    /// `first-letter` or `case-sensitive`.
    pub case_sensitive: bool,
    /// Whether subpages are enabled.
    pub subpages: bool,
}

/// The site: siteinfo blocks by `siprop` value, namespaces, group rights.
#[derive(Debug, Clone)]
pub struct Site {
    /// siteinfo's blocks (`general`, `namespaces`, …), as the real wiki answers them in
    /// formatversion=2, with this server's address in them.
    pub blocks: serde_json::Map<String, Value>,
    /// Namespaces by number.
    pub namespaces: BTreeMap<i64, Namespace>,
    /// Names, canonical names and aliases, lower-cased, to the namespace number.
    pub namespace_names: BTreeMap<String, i64>,
    /// Each user group's rights (`*`, `user`, `autoconfirmed`, `sysop`, …).
    pub group_rights: BTreeMap<String, Vec<String>>,
    /// The server (`http://127.0.0.1:PORT`).
    pub server: String,
}

impl Site {
    /// The site as served at `api_url` (`http://HOST:PORT/api.php`).
    pub fn new(api_url: &str) -> Site {
        let server = api_url.strip_suffix("/api.php").unwrap_or(api_url).to_string();
        let host = server.split("://").nth(1).unwrap_or(&server).to_string();
        let text = SITEINFO.replace("{server}", &server).replace("{host}", &host);
        // The file is part of this crate and checked by a unit test; a broken one gives an empty site.
        let blocks = match serde_json::from_str::<Value>(&text) {
            Ok(Value::Object(o)) => o,
            _ => serde_json::Map::new(),
        };
        let mut namespaces = BTreeMap::new();
        let mut namespace_names = BTreeMap::new();
        if let Some(Value::Object(ns)) = blocks.get("namespaces") {
            for v in ns.values() {
                let id = v["id"].as_i64().unwrap_or(0);
                let name = v["name"].as_str().unwrap_or("").to_string();
                let canonical = v["canonical"].as_str().unwrap_or("").to_string();
                namespace_names.insert(name.to_lowercase(), id);
                if !canonical.is_empty() {
                    namespace_names.insert(canonical.to_lowercase(), id);
                }
                namespaces.insert(
                    id,
                    Namespace {
                        id,
                        name,
                        canonical,
                        case_sensitive: v["case"] == "case-sensitive",
                        subpages: v["subpages"].as_bool().unwrap_or(false),
                    },
                );
            }
        }
        if let Some(Value::Array(aliases)) = blocks.get("namespacealiases") {
            for a in aliases {
                if let (Some(id), Some(alias)) = (a["id"].as_i64(), a["alias"].as_str()) {
                    namespace_names.insert(alias.to_lowercase(), id);
                }
            }
        }
        namespace_names.remove("");
        let mut group_rights = BTreeMap::new();
        if let Some(Value::Array(groups)) = blocks.get("usergroups") {
            for g in groups {
                let rights = g["rights"]
                    .as_array()
                    .map(|r| r.iter().filter_map(|x| x.as_str().map(str::to_string)).collect())
                    .unwrap_or_default();
                if let Some(name) = g["name"].as_str() {
                    group_rights.insert(name.to_string(), rights);
                }
            }
        }
        Site { blocks, namespaces, namespace_names, group_rights, server }
    }

    /// The rights of a member of `groups` (implicit groups included by the caller), without
    /// duplicates, in the order MediaWiki lists them (group by group).
    pub fn rights_of<'a>(&self, groups: impl IntoIterator<Item = &'a str>) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for g in groups {
            for r in self.group_rights.get(g).into_iter().flatten() {
                if !out.contains(r) {
                    out.push(r.clone());
                }
            }
        }
        out
    }

    /// Whether `group` grants `right`.
    pub fn group_has(&self, group: &str, right: &str) -> bool {
        self.group_rights.get(group).is_some_and(|rights| rights.iter().any(|r| r == right))
    }

    /// The local name of namespace `id` (`""` for the main namespace).
    pub fn namespace_name(&self, id: i64) -> &str {
        self.namespaces.get(&id).map_or("", |n| n.name.as_str())
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_siteinfo_file_reads_whole() {
        let site = super::Site::new("http://127.0.0.1:9/api.php");
        assert_eq!(site.blocks["general"]["sitename"], "mwgen test wiki");
        assert_eq!(site.blocks["general"]["server"], "http://127.0.0.1:9");
        assert_eq!(site.namespace_names["image"], 6);
        assert_eq!(site.namespace_name(3), "User talk");
        assert!(site.rights_of(["*", "user"]).contains(&"edit".to_string()));
        assert!(site.group_rights["sysop"].contains(&"apihighlimits".to_string()));
    }
}
