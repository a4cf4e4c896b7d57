//! `list=allimages`, differentially: three files of this run uploaded to the real wiki and to the
//! fake, then listed by name (within the run's prefix, both directions, ranges, continuation, the
//! size, hash and MIME filters) and by time (the run's files among all), and the refusals.

mod files_support;

use files_support::pages::common;
use files_support::*;
use serde_json::Value;

/// `q` with `list=allimages`.
fn allimages<'a>(q: &[(&'a str, &'a str)]) -> Vec<(&'a str, &'a str)> {
    let mut v = vec![("action", "query"), ("list", "allimages")];
    v.extend_from_slice(q);
    v
}

const ALL_PROPS: &str =
    "timestamp|user|userid|comment|parsedcomment|canonicaltitle|url|size|dimensions|sha1|mime|mediatype|bitdepth|metadata|commonmetadata|extmetadata|badfile";

#[tokio::test]
async fn allimages_lists_the_files_as_the_wiki_does() {
    let Some((_wiki, fake, real, p, _, [r, g, b, x])) = both_seeded("files_list").await else { return };
    let both = (&fake, &real);
    let (one, two) = (png(3, 2, [r, g, b]), png(5, 7, [g, x, r]));
    let text = format!("a text file of {p}\n");
    let names = [format!("{p} A.png"), format!("{p} B.png"), format!("{p} C.txt")];
    let files: [Files<'_>; 3] =
        [&[("file", "a.png", &one)], &[("file", "b.png", &two)], &[("file", "c.txt", text.as_bytes())]];
    for (name, file) in names.iter().zip(files) {
        let mut q = up(name, "listed");
        q.push(("ignorewarnings", "1"));
        step(&format!("uploading {name}"), both, &p, &q, file).await;
    }
    let prefix = p.as_str();
    let sha1 = {
        let v = real
            .get(&[
                ("action", "query"),
                ("prop", "imageinfo"),
                ("iiprop", "sha1"),
                ("titles", &format!("File:{}", names[1])),
            ])
            .await;
        v["query"]["pages"][0]["imageinfo"][0]["sha1"].as_str().unwrap_or_default().to_string()
    };
    let a_key = names[0].replace(' ', "_");
    let reads: Vec<(&str, Vec<(&str, &str)>)> = vec![
        ("by name, every property", allimages(&[("aiprefix", prefix), ("aiprop", ALL_PROPS)])),
        ("by name, defaults", allimages(&[("aiprefix", prefix)])),
        (
            "by name, descending",
            allimages(&[("aiprefix", prefix), ("aidir", "descending"), ("aiprop", "size")]),
        ),
        ("by name, two", allimages(&[("aiprefix", prefix), ("ailimit", "2")])),
        ("by name, continued", allimages(&[("aiprefix", prefix), ("ailimit", "2"), ("aicontinue", &a_key)])),
        ("by name, from", allimages(&[("aiprefix", prefix), ("aifrom", &names[1])])),
        ("by name, to", allimages(&[("aiprefix", prefix), ("aito", &names[1]), ("aiprop", "mime")])),
        (
            "by size",
            allimages(&[("aiprefix", prefix), ("aiminsize", "70"), ("aimaxsize", "200"), ("aiprop", "size")]),
        ),
        ("by hash", allimages(&[("aiprefix", prefix), ("aisha1", &sha1), ("aiprop", "sha1")])),
        (
            "by MIME type",
            allimages(&[("aiprefix", prefix), ("aimime", "text/plain"), ("aiprop", "mime|mediatype")]),
        ),
        ("start without sort=timestamp", allimages(&[("aistart", "2020-01-01T00:00:00Z")])),
        ("prefix with sort=timestamp", allimages(&[("aisort", "timestamp"), ("aiprefix", "A")])),
        ("filterbots by name", allimages(&[("aifilterbots", "bots")])),
        (
            "user and filterbots",
            allimages(&[("aisort", "timestamp"), ("aiuser", "Admin"), ("aifilterbots", "bots")]),
        ),
        ("a bad hash", allimages(&[("aisha1", "xyz")])),
        ("a bad base-36 hash", allimages(&[("aisha1base36", "xyz")])),
        ("a bad continuation", allimages(&[("aisort", "timestamp"), ("aicontinue", "abc")])),
    ];
    for (what, q) in &reads {
        read(what, both, &p, q).await;
    }
    // By time: the newest files of each wiki, this run's among them (others may upload meanwhile).
    let ours = |v: &Value| -> Value {
        let items = v["query"]["allimages"].as_array().cloned().unwrap_or_default();
        Value::Array(
            items
                .into_iter()
                .filter(|i| i["name"].as_str().is_some_and(|n| n.starts_with(&a_key[..a_key.len() - 5])))
                .collect(),
        )
    };
    for dir in ["older", "newer"] {
        let q = allimages(&[
            ("aisort", "timestamp"),
            ("aidir", dir),
            ("aiuser", "Admin"),
            ("ailimit", "max"),
            ("aiprop", "size|user"),
        ]);
        let (f, r) = (fake.get(&q).await, real.get(&q).await);
        let (f, r) = (ours(&f), ours(&r));
        assert_eq!(f.as_array().map(Vec::len), Some(3), "the fake lists this run's files by time: {f}");
        common::assert_same(&format!("by time, {dir}"), &f, &r, &p);
    }
}
