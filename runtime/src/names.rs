//! Title and user-name checks, as MediaWiki's TitleDef and UserDef apply them to parameters.

/// The namespace names (and aliases) of a core 1.39 wiki in English, lowercased.
const NAMESPACES: &[&str] = &[
    "media",
    "special",
    "talk",
    "user",
    "user talk",
    "project",
    "project talk",
    "file",
    "file talk",
    "image",
    "image talk",
    "mediawiki",
    "mediawiki talk",
    "template",
    "template talk",
    "help",
    "help talk",
    "category",
    "category talk",
];

fn normalize(s: &str) -> String {
    s.replace('_', " ").trim().to_lowercase()
}

/// Whether MediaWiki would make a title of `raw`: something left after a leading `:`, a namespace
/// prefix and a `#fragment`, and none of the characters titles never hold.
pub fn is_valid_title(raw: &str) -> bool {
    let t = raw.trim_matches(|c: char| c == ' ' || c == '_');
    let t = t.strip_prefix(':').unwrap_or(t);
    let t = t.split('#').next().unwrap_or("");
    let body = match t.split_once(':') {
        Some((ns, rest)) if NAMESPACES.contains(&normalize(ns).as_str()) => rest,
        _ => t,
    };
    let body = body.trim_matches(|c: char| c == ' ' || c == '_');
    !body.is_empty()
        && !body.contains(['<', '>', '[', ']', '|', '{', '}', '\u{fffd}'])
        && !body.chars().any(|c| c.is_control())
        && body.len() <= 255
        && !body.starts_with("../")
        && body != "."
        && body != ".."
        && !body.contains("~~~")
}

/// Which kind of user parameter value `raw` is (`name`, `ip`, `cidr`, `interwiki`, `id`), in
/// UserDef's order of checks; `None` when it is none.
pub fn user_kind(raw: &str) -> Option<&'static str> {
    let v = raw.trim();
    if v.is_empty() {
        return None;
    }
    if let Some(id) = v.strip_prefix('#') {
        return (!id.is_empty() && id.bytes().all(|b| b.is_ascii_digit())).then_some("id");
    }
    if v.contains('>') {
        return Some("interwiki");
    }
    let v = v.strip_prefix("User:").or_else(|| v.strip_prefix("user:")).unwrap_or(v);
    if v.contains('#') {
        return None;
    }
    if is_ip(v) {
        return Some("ip");
    }
    if let Some((ip, bits)) = v.split_once('/') {
        if is_ip(ip) && bits.parse::<u8>().is_ok_and(|b| b <= if ip.contains(':') { 128 } else { 32 }) {
            return Some("cidr");
        }
    }
    if let Some((ns, _)) = v.split_once(':') {
        if NAMESPACES.contains(&normalize(ns).as_str()) {
            return None;
        }
    }
    if v.contains(['<', '[', ']', '|', '{', '}', '/', '\u{fffd}']) || v.chars().any(|c| c.is_control()) {
        return None;
    }
    // Dotted quads with a bad octet (300.300.300.300) are neither IPs nor names.
    if v.split('.').count() == 4
        && v.split('.').all(|p| p.bytes().all(|b| b.is_ascii_digit()) && !p.is_empty())
    {
        return None;
    }
    Some("name")
}

fn is_ip(s: &str) -> bool {
    if s.parse::<std::net::IpAddr>().is_ok() {
        return true;
    }
    // MediaWiki treats `a.b.c.xxx` (an anonymized IPv4) as an IP.
    let parts: Vec<&str> = s.split('.').collect();
    parts.len() == 4
        && parts[3].eq_ignore_ascii_case("xxx")
        && parts[..3].iter().all(|p| p.parse::<u8>().is_ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_like_titledef() {
        for ok in ["Main Page", "main page", "Special:Foo", ":x", "Foo#bar", "Talk:Foo"] {
            assert!(is_valid_title(ok), "{ok}");
        }
        for bad in ["", "[[", "Talk:", "a|b", "#frag", "  "] {
            assert!(!is_valid_title(bad), "{bad}");
        }
    }

    #[test]
    fn users_like_userdef() {
        // Observed on the live 1.39 wiki (docs/mediawiki-1.39-validation.md §4.7).
        for (v, k) in [
            ("Admin", "name"),
            ("admin_user x", "name"),
            ("127.0.0.1", "ip"),
            ("127.0.0.xxx", "ip"),
            ("::1", "ip"),
            ("#1", "id"),
            ("#0", "id"),
            ("imported>Foo", "interwiki"),
            ("User:Admin", "name"),
            ("Foo@bar", "name"),
            ("Foo:Bar", "name"),
            ("10.0.0.0/8", "cidr"),
        ] {
            assert_eq!(user_kind(v), Some(k), "{v}");
        }
        for bad in ["Foo#bar", "#abc", "Foo|Bar", "", "300.300.300.300", "Special:Foo", "a[]"] {
            assert_eq!(user_kind(bad), None, "{bad}");
        }
    }
}
