//! What the files differentials (files.rs, files_list.rs) share: PNGs made for a run, the
//! masking of what differs between two wikis by nature, and steps sent to both wikis and compared.

#![allow(dead_code)]

#[path = "../pages/mod.rs"]
pub mod pages;

use pages::{common, strip_docref, Client};
use serde_json::{json, Value};

/// A number of this run (from its prefix `p`) and its bytes, for bytes no other run uploads.
pub fn seeded(p: &str) -> (u32, [u8; 4]) {
    let seed = p.bytes().fold(7u32, |h, b| h.wrapping_mul(31).wrapping_add(u32::from(b)));
    (seed, seed.to_be_bytes())
}

/// Both wikis logged in (the fake's wiki, the fake, the real wiki), this run's prefix, and its
/// number and bytes ([`seeded`]); `None` (loudly) without a real wiki.
pub async fn both_seeded(test: &str) -> Option<(mediawiki_fake::Wiki, Client, Client, String, u32, [u8; 4])> {
    let (wiki, fake, real, p) = pages::both(test).await?;
    let (seed, bytes) = seeded(&p);
    Some((wiki, fake, real, p, seed, bytes))
}

/// Files of a multipart request: `(field, file name, bytes)`.
pub type Files<'a> = &'a [(&'a str, &'a str, &'a [u8])];

/// A step of several: what it checks, its parameters and its files.
pub type Step<'a> = (&'a str, Vec<(&'a str, &'a str)>, Files<'a>);

/// A truecolour PNG of `w` × `h` pixels of one colour (as tests/mediawiki/seed/png.php builds one,
/// with the pixels in a stored deflate block).
pub fn png(w: u32, h: u32, rgb: [u8; 3]) -> Vec<u8> {
    fn crc32(data: &[u8]) -> u32 {
        let mut c = 0xffff_ffffu32;
        for &b in data {
            c ^= u32::from(b);
            for _ in 0..8 {
                c = if c & 1 != 0 { 0xedb8_8320 ^ (c >> 1) } else { c >> 1 };
            }
        }
        !c
    }
    fn chunk(out: &mut Vec<u8>, kind: &[u8], data: &[u8]) {
        out.extend_from_slice(&(data.len() as u32).to_be_bytes());
        let mut body = kind.to_vec();
        body.extend_from_slice(data);
        out.extend_from_slice(&body);
        out.extend_from_slice(&crc32(&body).to_be_bytes());
    }
    let row: Vec<u8> = std::iter::once(0).chain(rgb.repeat(w as usize)).collect();
    let raw = row.repeat(h as usize);
    let (mut a, mut b) = (1u32, 0u32);
    for &x in &raw {
        a = (a + u32::from(x)) % 65521;
        b = (b + a) % 65521;
    }
    let len = raw.len() as u16;
    let mut z = vec![0x78, 0x01, 0x01];
    z.extend_from_slice(&len.to_le_bytes());
    z.extend_from_slice(&(!len).to_le_bytes());
    z.extend_from_slice(&raw);
    z.extend_from_slice(&((b << 16) | a).to_be_bytes());
    let mut ihdr = Vec::new();
    ihdr.extend_from_slice(&w.to_be_bytes());
    ihdr.extend_from_slice(&h.to_be_bytes());
    ihdr.extend_from_slice(&[8, 2, 0, 0, 0]);
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    chunk(&mut out, b"IHDR", &ihdr);
    chunk(&mut out, b"IDAT", &z);
    chunk(&mut out, b"IEND", b"");
    out
}

/// `v` with what differs between the wikis by nature masked: the servers in URLs, stash keys,
/// 14-digit times (archive names), `curid`s, `iistart` and extmetadata's `DateTime`.
pub fn mask(v: &Value, servers: &[&str]) -> Value {
    match v {
        Value::Object(o) => Value::Object(
            o.iter()
                .map(|(k, x)| {
                    let m = match k.as_str() {
                        "filekey" | "sessionkey" if x.is_string() => json!("<key>"),
                        "iistart" | "img_timestamp" if x.is_string() => json!("<ts>"),
                        "DateTime" => json!("<ts>"),
                        _ => mask(x, servers),
                    };
                    (k.clone(), m)
                })
                .collect(),
        ),
        Value::Array(a) => Value::Array(a.iter().map(|x| mask(x, servers)).collect()),
        Value::String(s) => {
            let mut s = s.clone();
            for server in servers {
                s = s.replace(server, "<server>");
            }
            // Random parts: a page id, a stash key in a URL, a stashed file's temporary name.
            for cut in ["?curid=", "Special:UploadStash/file/", "!chunkedupload", "!php"] {
                if let Some(at) = s.find(cut) {
                    s.truncate(at + cut.len());
                }
            }
            // Runs of 14 digits: times in archive names and their URLs.
            let mut out = String::new();
            let mut digits = String::new();
            for c in s.chars().chain(std::iter::once('\u{0}')) {
                if c.is_ascii_digit() {
                    digits.push(c);
                    continue;
                }
                out.push_str(if digits.len() == 14 { "<ts14>" } else { &digits });
                digits.clear();
                if c != '\u{0}' {
                    out.push(c);
                }
            }
            Value::String(out)
        }
        other => other.clone(),
    }
}

/// The server part of an api.php URL.
pub fn server(api: &str) -> String {
    api.trim_end_matches("/api.php").to_string()
}

/// One step on both wikis: POST `params` (multipart with `files`, and a csrf token), the answers
/// compared; returns (fake, real).
pub async fn step(
    what: &str,
    both: (&Client, &Client),
    p: &str,
    params: &[(&str, &str)],
    files: Files<'_>,
) -> (Value, Value) {
    step_each(what, both, p, [params, params], files).await
}

/// [`step`] with parameters of each wiki's own (the fake's, the real wiki's): a stash key.
pub async fn step_each(
    what: &str,
    (fake, real): (&Client, &Client),
    p: &str,
    params: [&[(&str, &str)]; 2],
    files: Files<'_>,
) -> (Value, Value) {
    let mut out = Vec::new();
    for (c, params) in [fake, real].into_iter().zip(params) {
        let t = c.token("csrf").await;
        let mut q = params.to_vec();
        q.push(("token", &t));
        out.push(c.post_files(&q, files).await);
    }
    let servers = [server(&fake.url), server(&real.url)];
    let servers: Vec<&str> = servers.iter().map(String::as_str).collect();
    let (f, r) = (mask(&strip_docref(&out[0]), &servers), mask(&strip_docref(&out[1]), &servers));
    if std::env::var("FILES_DEBUG").is_ok() {
        eprintln!("== {what}\n{f}\n{r}");
    }
    common::assert_same(what, &f, &r, p);
    (out[0].clone(), out[1].clone())
}

/// The `filekey` of an upload answer.
pub fn filekey(v: &Value) -> String {
    v["upload"]["filekey"].as_str().unwrap_or_default().to_string()
}

/// `params` with `name=value`.
pub fn keyed_as<'a>(params: &[(&'a str, &'a str)], name: &'a str, value: &'a str) -> Vec<(&'a str, &'a str)> {
    let mut q = params.to_vec();
    q.push((name, value));
    q
}

/// `params` with `filekey`.
pub fn keyed<'a>(params: &[(&'a str, &'a str)], key: &'a str) -> Vec<(&'a str, &'a str)> {
    keyed_as(params, "filekey", key)
}

/// The parameters of a piece of a chunked upload of `name`.
pub fn piece_of<'a>(name: &'a str, size: &'a str, offset: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![("action", "upload"), ("filename", name), ("filesize", size), ("offset", offset), ("stash", "1")]
}

/// A chunked upload of `content` as `name` in pieces of 1,024 bytes, on both wikis, each answer
/// compared; returns the last answers.
pub async fn chunked(
    what: &str,
    both: (&Client, &Client),
    p: &str,
    name: &str,
    content: &[u8],
) -> (Value, Value) {
    let size = content.len().to_string();
    let mut keys = (String::new(), String::new());
    let mut last = (Value::Null, Value::Null);
    for (i, piece) in content.chunks(1024).enumerate() {
        let offset = (i * 1024).to_string();
        let base = piece_of(name, &size, &offset);
        let (pf, pr) =
            if i > 0 { (keyed(&base, &keys.0), keyed(&base, &keys.1)) } else { (base.clone(), base) };
        let files: Files<'_> = &[("chunk", "piece", piece)];
        last = step_each(&format!("{what}, piece {i}"), both, p, [&pf, &pr], files).await;
        keys = (filekey(&last.0), filekey(&last.1));
    }
    last
}

/// A read on both wikis (GET), compared.
pub async fn read(what: &str, (fake, real): (&Client, &Client), p: &str, params: &[(&str, &str)]) {
    let (f, r) = (fake.get(params).await, real.get(params).await);
    let servers = [server(&fake.url), server(&real.url)];
    let servers: Vec<&str> = servers.iter().map(String::as_str).collect();
    let (f, r) = (mask(&f, &servers), mask(&r, &servers));
    if std::env::var("FILES_DEBUG").is_ok() {
        eprintln!("== {what}\n{f}\n{r}");
    }
    common::assert_same(what, &f, &r, p);
}

/// An upload's parameters.
pub fn up<'a>(name: &'a str, comment: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![("action", "upload"), ("filename", name), ("comment", comment)]
}
