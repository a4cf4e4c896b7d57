//! The file name an upload gets (UploadBase::getTitle, validateName): a `File:` prefix dropped,
//! characters a file name may not have made `-`, the title normalised, an extension guessed from
//! the content when there is none, and the prohibited extensions refused.

use super::props::Props;
use super::NS_FILE;
use crate::title::Title;
use crate::Wiki;

/// `$wgProhibitedFileExtensions` (1.39's default).
const PROHIBITED: &[&str] = &[
    "html", "htm", "js", "jsb", "mhtml", "mht", "xhtml", "xht", "php", "phtml", "php3", "php4", "php5",
    "phps", "phar", "shtml", "jhtml", "pl", "py", "cgi", "exe", "scr", "dll", "msi", "vbs", "bat", "com",
    "pif", "cmd", "vxd", "cpl", "xml",
];

/// `$wgFileExtensions` of the test wiki.
pub(crate) const ALLOWED: &[&str] = &["png", "gif", "jpg", "jpeg", "txt", "svg"];

/// Why a name is refused (UploadBase's title errors).
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Refused {
    /// `filename-toolong`.
    TooLong,
    /// `illegal-filename`, with the filtered name.
    Illegal(String),
    /// `filetype-missing`.
    Missing,
    /// `filetype-banned`: the final extension and the prohibited ones among all.
    Banned(String, Vec<String>),
    /// `filename-tooshort`.
    TooShort,
}

/// The name (a title's text, spaces) and final extension an upload as `desired` of a file with
/// properties `props` gets.
pub(crate) fn file_name(w: &Wiki, desired: &str, props: &Props) -> Result<(String, String), Refused> {
    let site = w.site();
    let mut filtered = match Title::parse(site, desired, 0) {
        Ok(t) if t.ns == NS_FILE => t.text.replace(' ', "_"),
        _ => desired.to_string(),
    };
    if filtered.len() > 240 {
        return Err(Refused::TooLong);
    }
    filtered = filtered.chars().map(|c| if legal(c) { c } else { '-' }).collect();
    let Ok(t) = Title::parse(site, &format!("File:{filtered}"), NS_FILE).map_err(|_| ()).and_then(|t| {
        if t.ns == NS_FILE && !t.text.is_empty() {
            Ok(t)
        } else {
            Err(())
        }
    }) else {
        return Err(Refused::Illegal(filtered));
    };
    let mut name = t.text;
    let mut parts: Vec<String> = name.replace(' ', "_").split('.').map(String::from).collect();
    let partname = parts.remove(0);
    let mut exts = parts;
    let mut final_ext = exts.last().map(|e| e.trim().to_string()).unwrap_or_default();
    if exts.is_empty() {
        if let Some(e) = props.ext {
            final_ext = e.to_string();
            name = format!("{name}.{e}");
            exts = vec![e.to_string()];
        }
    }
    let banned: Vec<String> =
        exts.iter().map(|e| e.to_lowercase()).filter(|e| PROHIBITED.contains(&e.as_str())).collect();
    if final_ext.is_empty() {
        return Err(Refused::Missing);
    }
    if !banned.is_empty() {
        return Err(Refused::Banned(final_ext, banned));
    }
    let mut base = partname;
    for e in exts.iter().take(exts.len().saturating_sub(1)) {
        base.push('.');
        base.push_str(e);
    }
    if base.is_empty() {
        return Err(Refused::TooShort);
    }
    Ok((name, final_ext))
}

/// Whether `c` may be in a file name: a title's legal characters (Title::legalChars) but `:`, `/`
/// and `\` (`$wgIllegalFileChars`).
fn legal(c: char) -> bool {
    if !c.is_ascii() {
        return true;
    }
    c.is_ascii_alphanumeric() || " %!\"$&'()*,-.;=?@^_`~+".contains(c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_filtered_as_mediawiki_filters_them() {
        let w = Wiki::new("http://127.0.0.1:9/api.php").expect("a wiki");
        let png = super::super::props::of(b"\x89PNG\r\n\x1a\n");
        let n = |s: &str| file_name(&w, s, &png);
        assert_eq!(n("a b.png"), Ok(("A b.png".into(), "png".into())));
        assert_eq!(n("File:x_y.PNG"), Ok(("X y.PNG".into(), "PNG".into())));
        assert_eq!(n("a:b<c.png"), Ok(("A-b-c.png".into(), "png".into())));
        assert_eq!(n("noext"), Ok(("Noext.png".into(), "png".into())));
        assert_eq!(n(".png"), Err(Refused::TooShort));
        assert_eq!(n("x.exe"), Err(Refused::Banned("exe".into(), vec!["exe".into()])));
        assert_eq!(n("x.php.png"), Err(Refused::Banned("png".into(), vec!["php".into()])));
    }
}
