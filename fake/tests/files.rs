//! Files, differentially: the same uploads (a small PNG in two versions, an SVG, files that warn
//! or are refused) sent to the real wiki and to the fake, their answers compared after
//! normalisation, then read back with prop=imageinfo, the logs, the description page's revisions
//! and recent changes, and once more after the file's deletion and its undeletion.
//!
//! The bytes are new in every run (the PNGs' colours and the SVG's id come from the run's prefix),
//! so that the real wiki's files of earlier runs give no `duplicate` warnings.

mod pages;

use pages::{both, common, strip_docref, Client};
use serde_json::{json, Value};

/// Files of a multipart request: `(field, file name, bytes)`.
type Files<'a> = &'a [(&'a str, &'a str, &'a [u8])];

/// A step of several: what it checks, its parameters and its files.
type Step<'a> = (&'a str, Vec<(&'a str, &'a str)>, Files<'a>);

/// A truecolour PNG of `w` × `h` pixels of one colour (as tests/mediawiki/seed/png.php builds one,
/// with the pixels in a stored deflate block).
fn png(w: u32, h: u32, rgb: [u8; 3]) -> Vec<u8> {
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
fn mask(v: &Value, servers: &[&str]) -> Value {
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
            if let Some(at) = s.find("?curid=") {
                s.truncate(at + 7);
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
fn server(api: &str) -> String {
    api.trim_end_matches("/api.php").to_string()
}

/// One step on both wikis: POST `params` (multipart with `files`, and a csrf token unless
/// `anon`), the answers compared; returns (fake, real).
async fn step(
    what: &str,
    (fake, real): (&Client, &Client),
    p: &str,
    params: &[(&str, &str)],
    files: Files<'_>,
) -> (Value, Value) {
    let mut out = Vec::new();
    for c in [fake, real] {
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

/// A read on both wikis (GET), compared.
async fn read(what: &str, (fake, real): (&Client, &Client), p: &str, params: &[(&str, &str)]) {
    let (f, r) = (fake.get(params).await, real.get(params).await);
    let servers = [server(&fake.url), server(&real.url)];
    let servers: Vec<&str> = servers.iter().map(String::as_str).collect();
    common::assert_same(what, &mask(&f, &servers), &mask(&r, &servers), p);
}

/// An upload's parameters.
fn up<'a>(name: &'a str, comment: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![("action", "upload"), ("filename", name), ("comment", comment)]
}

/// The reads of a file's history: its log, its description page's revisions, its recent changes.
fn history(t: &str) -> Vec<(&'static str, Vec<(&'static str, &str)>)> {
    let q = |list: (&'static str, &'static str), more: Vec<(&'static str, &'static str)>| {
        let mut v = vec![("action", "query"), list];
        v.extend(more);
        v
    };
    vec![
        ("the file's log", {
            let mut v = q(("list", "logevents"), vec![("leprop", "title|type|user|comment|details")]);
            v.push(("letitle", t));
            v
        }),
        ("the description page's revisions", {
            let more =
                vec![("rvprop", "user|comment|size|flags|content"), ("rvslots", "main"), ("rvlimit", "10")];
            let mut v = q(("prop", "revisions"), more);
            v.push(("titles", t));
            v
        }),
        ("the file's recent changes", {
            let more = vec![("rcprop", "title|sizes|flags|user|comment|loginfo|patrolled|ids")];
            let mut v = q(("list", "recentchanges"), more);
            v.push(("rctitle", t));
            v
        }),
    ]
}

const ALL_PROPS: &str = "timestamp|user|userid|comment|parsedcomment|canonicaltitle|url|size|dimensions|sha1|mime|mediatype|bitdepth|archivename";

#[tokio::test]
async fn uploads_new_versions_warnings_and_deletion_as_the_wiki_does() {
    let Some((_wiki, fake, real, p)) = both("files").await else { return };
    let both = (&fake, &real);
    let seed: u32 = p.bytes().fold(7u32, |h, b| h.wrapping_mul(31).wrapping_add(u32::from(b)));
    let [r, g, b, x] = seed.to_be_bytes();
    let (png1, png2) = (png(4, 4, [r, g, b]), png(8, 8, [x, r, g]));
    let svg = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"40\" height=\"20\" viewBox=\"0 0 40 20\" id=\"r{seed}\">\n  <rect width=\"40\" height=\"20\" fill=\"#fc0\"/>\n</svg>\n"
    );
    let (a, bb, c, d) =
        (format!("{p} A.png"), format!("{p} B.png"), format!("{p} C.svg"), format!("{p} D.png"));
    let file1: &[(&str, &str, &[u8])] = &[("file", "one.png", &png1)];
    let file2: &[(&str, &str, &[u8])] = &[("file", "two.png", &png2)];

    let mut first = up(&a, "first version");
    first.push(("text", "A square. [[Category:Files test]]"));
    step("first upload", both, &p, &first, file1).await;
    step("the same bytes again: warnings", both, &p, &up(&a, "again"), file1).await;
    let mut ignore = up(&a, "again");
    ignore.push(("ignorewarnings", "1"));
    step("the same bytes, ignoring warnings: fileexists-no-change", both, &p, &ignore, file1).await;
    // Two overwrites within one second collide in the real wiki's archive (backend-fail-alreadyexists).
    common::start_of_a_second().await;
    let mut second = up(&a, "second version");
    second.push(("ignorewarnings", "1"));
    step("a second version", both, &p, &second, file2).await;
    step("a duplicate under another name", both, &p, &up(&bb, "dup"), file2).await;
    let (f, r) = step("an old version again: duplicateversions", both, &p, &up(&a, "third"), file1).await;
    // The warning stashed the file: publishing it from the stash makes a third version.
    common::start_of_a_second().await;
    for (who, answer) in [(&fake, &f), (&real, &r)] {
        let key = answer["upload"]["filekey"].as_str().unwrap_or_default().to_string();
        assert!(!key.is_empty(), "a filekey in {answer}");
        let t = who.token("csrf").await;
        let q = [
            ("action", "upload"),
            ("filename", a.as_str()),
            ("filekey", key.as_str()),
            ("comment", "from the stash"),
            ("ignorewarnings", "1"),
            ("token", t.as_str()),
        ];
        let v = who.post_files(&q, &[]).await;
        assert_eq!(v["upload"]["result"], "Success", "{v}");
    }
    let mut again = up(&a, "too soon");
    again.push(("ignorewarnings", "1"));
    step("an overwrite within the same second", both, &p, &again, file2).await;
    step("an SVG", both, &p, &up(&c, "a drawing"), &[("file", "d.svg", svg.as_bytes())]).await;

    // A description page before its file: page-exists, then a null revision.
    let edit = [("action", "edit"), ("title", &format!("File:{d}")), ("text", "Described first.")];
    pages::same("the description page", &fake, &real, &p, "csrf", &edit).await;
    step("a file for an existing page: page-exists", both, &p, &up(&d, "for the page"), file1).await;
    let mut onto = up(&d, "for the page");
    onto.push(("ignorewarnings", "1"));
    step("a file for an existing page", both, &p, &onto, file2).await;

    let names: Vec<String> = ["E.svg", "E.exe", "E.png", "a:b<c.png", "noext", "F.png"]
        .iter()
        .map(|n| format!("{p} {n}"))
        .collect();
    let svg_file: &[(&str, &str, &[u8])] = &[("file", "x.svg", svg.as_bytes())];
    let refusals: Vec<Step<'_>> = vec![
        ("no filename", vec![("action", "upload")], file1),
        ("no file", up(&a, "x"), &[]),
        ("a PNG as an SVG", up(&names[0], "x"), file1),
        ("a prohibited extension", up(&names[1], "x"), file1),
        ("a name too short", up(".png", "x"), file1),
        ("an empty file", up(&names[2], "x"), &[("file", "e.png", b"")]),
        ("a name with illegal characters", up(&names[3], "x"), svg_file),
        ("no extension", up(&names[4], "x"), svg_file),
    ];
    for (what, q, files) in &refusals {
        step(what, both, &p, q, files).await;
    }
    let mut mix = up(&a, "x");
    mix.push(("filekey", "abc.png"));
    step("file and filekey", both, &p, &mix, file1).await;
    step(
        "an unknown filekey",
        both,
        &p,
        &[("action", "upload"), ("filename", &a), ("filekey", "abc.png")],
        &[],
    )
    .await;
    step("an invalid filekey", both, &p, &[("action", "upload"), ("filename", &a), ("filekey", "abc")], &[])
        .await;
    let anon = (Client::anon(&fake.url), Client::anon(&real.url));
    step("anonymous", (&anon.0, &anon.1), &p, &up(&names[5], "x"), file1).await;

    let titles = format!("File:{a}|File:{c}|File:{d}|File:{p} Nothing.png|File:{bb}");
    let q = |limit: &'static str| {
        vec![("action", "query"), ("prop", "imageinfo"), ("iiprop", ALL_PROPS), ("iilimit", limit)]
    };
    let mut all = q("max");
    all.push(("titles", &titles));
    read("imageinfo, every version", both, &p, &all).await;
    let title_a = format!("File:{a}");
    let mut one = q("2");
    one.push(("titles", &title_a));
    read("imageinfo, two versions (continues)", both, &p, &one).await;
    let v = real.get(&one).await;
    let start = v["continue"]["iistart"].as_str().unwrap_or_default().to_string();
    assert!(!start.is_empty(), "a continuation in {v}");
    // The fake continues from its own time: each wiki from the version it stopped at.
    let fv = fake.get(&one).await;
    let fstart = fv["continue"]["iistart"].as_str().unwrap_or_default().to_string();
    let (mut fq, mut rq) = (one.clone(), one.clone());
    fq.push(("iistart", &fstart));
    rq.push(("iistart", &start));
    let servers = [server(&fake.url), server(&real.url)];
    let servers: Vec<&str> = servers.iter().map(String::as_str).collect();
    let (f, r) = (fake.get(&fq).await, real.get(&rq).await);
    common::assert_same("imageinfo, continued", &mask(&f, &servers), &mask(&r, &servers), &p);
    let mut several = q("1");
    several.push(("titles", &titles));
    read("imageinfo, several titles cut by the limit", both, &p, &several).await;
    read("imageinfo, defaults", both, &p, &[("action", "query"), ("prop", "imageinfo"), ("titles", &titles)])
        .await;

    for t in [&title_a, &format!("File:{d}")] {
        for (what, q) in history(t) {
            read(what, both, &p, &q).await;
        }
    }
    let del = [("action", "delete"), ("title", title_a.as_str())];
    step("deleting the file", both, &p, &del, &[]).await;
    read("imageinfo after the deletion", both, &p, &all).await;
    step("uploading a deleted file again", both, &p, &up(&a, "back"), file2).await;
    for (what, q) in history(&title_a) {
        read(&format!("{what}, after the deletion"), both, &p, &q).await;
    }
    let undel = [("action", "undelete"), ("title", title_a.as_str()), ("reason", "back")];
    step("undeleting the file", both, &p, &undel, &[]).await;
    read("imageinfo after the undeletion", both, &p, &all).await;
    for (what, q) in history(&title_a) {
        read(&format!("{what}, after the undeletion"), both, &p, &q).await;
    }
}
