//! What a file's bytes say about it (MWFileProps, the media handlers' metadata): its MIME type
//! from the content, not the name (PNG, GIF and JPEG magic numbers, SVG's root element, text),
//! its media type, size in pixels (PNG's IHDR, GIF's screen descriptor, JPEG's frame header, SVG's
//! `width`/`height` or `viewBox`), bit depth, and the `metadata` imageinfo shows for it.

use serde_json::{json, Value};

/// A file's properties.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Props {
    pub major: &'static str,
    pub minor: &'static str,
    pub media_type: &'static str,
    pub width: i64,
    pub height: i64,
    pub bits: i64,
    /// The extension MediaWiki gives a name without one (`None`: unknown type).
    pub ext: Option<&'static str>,
}

#[cfg(test)]
impl Props {
    /// The MIME type.
    pub fn mime(&self) -> String {
        format!("{}/{}", self.major, self.minor)
    }
}

/// The properties of `bytes`.
pub(crate) fn of(bytes: &[u8]) -> Props {
    let base = |major, minor, media_type, ext| Props {
        major,
        minor,
        media_type,
        width: 0,
        height: 0,
        bits: 0,
        ext: Some(ext),
    };
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        let be = |at: usize| {
            bytes.get(at..at + 4).map_or(0, |b| i64::from(u32::from_be_bytes([b[0], b[1], b[2], b[3]])))
        };
        return Props {
            width: be(16),
            height: be(20),
            bits: bytes.get(24).map_or(0, |&b| i64::from(b)),
            ..base("image", "png", "BITMAP", "png")
        };
    }
    if bytes.starts_with(b"GIF87a") || bytes.starts_with(b"GIF89a") {
        let le = |at: usize| bytes.get(at..at + 2).map_or(0, |b| i64::from(u16::from_le_bytes([b[0], b[1]])));
        return Props {
            width: le(6),
            height: le(8),
            bits: bytes.get(10).map_or(0, |&b| i64::from(b & 7) + 1),
            ..base("image", "gif", "BITMAP", "gif")
        };
    }
    if bytes.starts_with(b"\xff\xd8\xff") {
        let (width, height) = jpeg_size(bytes);
        return Props { width, height, bits: 8, ..base("image", "jpeg", "BITMAP", "jpg") };
    }
    if let Some(svg) = svg_root(bytes) {
        let (width, height) = svg_size(svg);
        return Props { width, height, ..base("image", "svg+xml", "DRAWING", "svg") };
    }
    if std::str::from_utf8(bytes).is_ok_and(|s| !s.contains('\0')) {
        return base("text", "plain", "TEXT", "txt");
    }
    Props { ext: None, ..base("application", "octet-stream", "UNKNOWN", "") }
}

/// The attributes of an SVG document's root `<svg …>` element, when the bytes are one.
pub(crate) fn svg_root(bytes: &[u8]) -> Option<&str> {
    let text = std::str::from_utf8(bytes).ok()?;
    let mut rest = text.trim_start_matches('\u{feff}').trim_start();
    // The XML declaration, comments and a doctype before the root.
    loop {
        if let Some(r) = rest.strip_prefix("<?") {
            rest = r.split_once("?>")?.1.trim_start();
        } else if let Some(r) = rest.strip_prefix("<!--") {
            rest = r.split_once("-->")?.1.trim_start();
        } else if let Some(r) = rest.strip_prefix("<!") {
            rest = r.split_once('>')?.1.trim_start();
        } else {
            break;
        }
    }
    let r = rest.strip_prefix("<svg").or_else(|| rest.strip_prefix("<svg:svg"))?;
    if !r.starts_with(|c: char| c.is_whitespace() || c == '>' || c == '/') {
        return None;
    }
    let end = r.find('>')?;
    // A document that does not close its root is not well-formed XML.
    (r.contains("</svg>") || r.contains("</svg:svg>") || r[..end].ends_with('/')).then(|| &r[..end])
}

/// An attribute's value in an element's attribute text.
fn attr<'a>(attrs: &'a str, name: &str) -> Option<&'a str> {
    let mut from = 0;
    while let Some(i) = attrs[from..].find(name) {
        let at = from + i;
        let before = attrs[..at].chars().last();
        let after = attrs[at + name.len()..].trim_start();
        if before.is_some_and(char::is_whitespace) {
            if let Some(v) = after.strip_prefix('=') {
                let v = v.trim_start();
                let q = v.chars().next()?;
                if q == '"' || q == '\'' {
                    return v[1..].split(q).next();
                }
            }
        }
        from = at + name.len();
    }
    None
}

/// A length in user units, as SVGMetadataExtractor scales one (px and unitless; em/ex by 16 and 8,
/// the absolute units by their sizes in px).
fn length(s: &str) -> Option<f64> {
    let s = s.trim();
    let num_end =
        s.find(|c: char| !(c.is_ascii_digit() || c == '.' || c == '-' || c == '+')).unwrap_or(s.len());
    let n: f64 = s[..num_end].parse().ok()?;
    let scale = match s[num_end..].trim() {
        "" | "px" => 1.0,
        "pt" => 1.25,
        "pc" => 15.0,
        "mm" => 3.543_307,
        "cm" => 35.433_07,
        "in" => 90.0,
        "em" => 16.0,
        "ex" => 8.0,
        _ => return None,
    };
    Some(n * scale)
}

/// An SVG's size: its `width` and `height`, else its `viewBox`'s, else 512 × 512.
fn svg_size(attrs: &str) -> (i64, i64) {
    let (w, h) = (attr(attrs, "width").and_then(length), attr(attrs, "height").and_then(length));
    let view: Option<(f64, f64)> = attr(attrs, "viewBox").and_then(|v| {
        let n: Vec<f64> =
            v.split([' ', ',']).filter(|x| !x.is_empty()).filter_map(|x| x.parse().ok()).collect();
        (n.len() == 4 && n[2] > 0.0 && n[3] > 0.0).then(|| (n[2], n[3]))
    });
    let (w, h) = match (w, h, view) {
        (Some(w), Some(h), _) => (w, h),
        (Some(w), None, Some((vw, vh))) => (w, w * vh / vw),
        (None, Some(h), Some((vw, vh))) => (h * vw / vh, h),
        (None, None, Some(v)) => v,
        _ => (512.0, 512.0),
    };
    (w.round() as i64, h.round() as i64)
}

/// A JPEG's size, from its first start-of-frame marker.
fn jpeg_size(b: &[u8]) -> (i64, i64) {
    let mut i = 2;
    while i + 9 < b.len() {
        if b[i] != 0xff {
            return (0, 0);
        }
        let marker = b[i + 1];
        let len = usize::from(u16::from_be_bytes([b[i + 2], b[i + 3]]));
        if (0xc0..=0xcf).contains(&marker) && ![0xc4, 0xc8, 0xcc].contains(&marker) {
            let h = i64::from(u16::from_be_bytes([b[i + 5], b[i + 6]]));
            let w = i64::from(u16::from_be_bytes([b[i + 7], b[i + 8]]));
            return (w, h);
        }
        i += 2 + len;
    }
    (0, 0)
}

/// The `metadata` imageinfo gives for a file of these bytes (`null` for types without a handler).
pub(crate) fn metadata(bytes: &[u8], p: &Props) -> Value {
    let pairs = |kv: Vec<(&str, Value)>| -> Value {
        Value::Array(kv.into_iter().map(|(k, v)| json!({ "name": k, "value": v })).collect())
    };
    match p.minor {
        "png" => {
            let colour = match bytes.get(25) {
                Some(0) => "greyscale",
                Some(2) => "truecolour",
                Some(3) => "index-coloured",
                Some(4) => "greyscale-alpha",
                Some(6) => "truecolour-alpha",
                _ => "unknown",
            };
            pairs(vec![
                ("frameCount", json!(0)),
                ("loopCount", json!(1)),
                ("duration", json!(0)),
                ("bitDepth", json!(p.bits)),
                ("colorType", json!(colour)),
                ("metadata", pairs(vec![("_MW_PNG_VERSION", json!(1))])),
            ])
        }
        "gif" => pairs(vec![
            ("frameCount", json!(1)),
            ("looped", json!(false)),
            ("duration", json!(0)),
            ("metadata", pairs(vec![("_MW_GIF_VERSION", json!(1))])),
        ]),
        "svg+xml" => {
            let root = svg_root(bytes).unwrap_or("");
            let original = |name: &str| attr(root, name).map_or_else(|| json!(""), |v| json!(v));
            pairs(vec![
                ("version", json!(2)),
                ("width", json!(p.width)),
                ("height", json!(p.height)),
                ("originalWidth", original("width")),
                ("originalHeight", original("height")),
                ("translations", json!([])),
            ])
        }
        "jpeg" => json!([]),
        _ => Value::Null,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn types_and_sizes_come_from_the_bytes() {
        let svg = br#"<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20" viewBox="0 0 40 20"><rect/></svg>"#;
        let p = of(svg);
        assert_eq!(
            (p.mime(), p.media_type, p.width, p.height, p.bits),
            ("image/svg+xml".into(), "DRAWING", 40, 20, 0)
        );
        assert_eq!(of(b"<svg viewBox=\"0 0 10 5\"></svg>").width, 10);
        assert_eq!(of(b"<svg width=\"40\"").mime(), "text/plain", "not closed: not an SVG");
        assert_eq!(of(b"hello\n").media_type, "TEXT");
        assert_eq!(of(b"\x00\x01").ext, None);
        let gif = b"GIF89a\x03\x00\x02\x00\x80\x00\x00";
        assert_eq!((of(gif).width, of(gif).height, of(gif).bits), (3, 2, 1));
    }
}
