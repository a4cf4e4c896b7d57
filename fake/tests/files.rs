//! Files, differentially: the same uploads (a small PNG in two versions, an SVG, files that warn
//! or are refused) sent to the real wiki and to the fake, their answers compared after
//! normalisation, then read back with prop=imageinfo, the logs, the description page's revisions
//! and recent changes, and once more after the file's deletion and its undeletion.
//!
//! The bytes are new in every run (the PNGs' colours and the SVG's id come from the run's prefix),
//! so that the real wiki's files of earlier runs give no `duplicate` warnings.

mod files_support;

use files_support::pages::{self, common, Client};
use files_support::*;

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
    let Some((_wiki, fake, real, p, seed, [r, g, b, x])) = both_seeded("files").await else { return };
    let both = (&fake, &real);
    let (png1, png2) = (png(4, 4, [r, g, b]), png(8, 8, [x, r, g]));
    let svg = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"40\" height=\"20\" viewBox=\"0 0 40 20\" id=\"r{seed}\">\n  <rect width=\"40\" height=\"20\" fill=\"#fc0\"/>\n</svg>\n"
    );
    let (a, bb, c, d) =
        (format!("{p} A.png"), format!("{p} B.png"), format!("{p} C.svg"), format!("{p} D.png"));
    let names_none = format!("{p} Nothing.png");
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
    // Reverting to the first version: each wiki's own archive name of it.
    let versions = [
        ("action", "query"),
        ("prop", "imageinfo"),
        ("iiprop", "archivename"),
        ("iilimit", "max"),
        ("titles", &format!("File:{a}")),
    ];
    // The first old version (the second upload), by each wiki's own archive name.
    let second = |v: serde_json::Value| {
        v["query"]["pages"][0]["imageinfo"][1]["archivename"].as_str().unwrap_or_default().to_string()
    };
    let (of, or) = (second(fake.get(&versions).await), second(real.get(&versions).await));
    common::start_of_a_second().await;
    let revert = [("action", "filerevert"), ("filename", a.as_str()), ("comment", " back to the second ")];
    let (rf, rr) = (keyed_as(&revert, "archivename", &of), keyed_as(&revert, "archivename", &or));
    step_each("a revert", both, &p, [&rf, &rr], &[]).await;
    step_each("a revert within the same second", both, &p, [&rf, &rr], &[]).await;
    common::start_of_a_second().await;
    step_each("a revert to the current bytes", both, &p, [&rf, &rr], &[]).await;
    // That no-change left the current file at this second's archive name.
    step("an overwrite after a no-change, in the same second", both, &p, &again, file1).await;
    let bad = [("action", "filerevert"), ("filename", a.as_str()), ("archivename", "20200101000000!X.png")];
    step("a revert to no version", both, &p, &bad, &[]).await;
    let none = [("action", "filerevert"), ("filename", &names_none), ("archivename", &of)];
    step("a revert of no file", both, &p, &none, &[]).await;
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
    // Links to files: an uploaded one, and one with a description page only (a broken file link).
    let (only, linker) = (format!("File:{p} Page only.png"), format!("{p} Linker"));
    let links = format!("[[File:{a}]] [[{only}]]");
    for (title, text) in [(&only, "No file here."), (&linker, links.as_str())] {
        pages::same(
            "a page",
            &fake,
            &real,
            &p,
            "csrf",
            &[("action", "edit"), ("title", title), ("text", text)],
        )
        .await;
    }
    read(
        "the linking page's categories",
        both,
        &p,
        &[("action", "query"), ("prop", "categories"), ("titles", &linker)],
    )
    .await;

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

    // Chunked uploads: pieces of a text file, the errors of pieces, one piece only, stash=1.
    // The run's prefix in the text: no other run uploads the same bytes.
    let text: Vec<u8> = format!("{p} {seed}\n").bytes().cycle().take(2500).collect();
    let big = format!("{p} G.txt");
    let (f, r) = chunked("a chunked upload", both, &p, &big, &text).await;
    let (kf, kr) = (filekey(&f), filekey(&r));
    let publish = [("action", "upload"), ("filename", big.as_str()), ("comment", "chunked")];
    let (qf, qr) = (keyed(&publish, &kf), keyed(&publish, &kr));
    step_each("publishing the chunked upload", both, &p, [&qf, &qr], &[]).await;
    let h = format!("{p} H.txt");
    let piece: Files<'_> = &[("chunk", "piece", &text[..1024])];
    let tail: Files<'_> = &[("chunk", "piece", &text[2048..])];
    let (f, r) = step("a first piece", both, &p, &piece_of(&h, "2500", "0"), piece).await;
    let (kf, kr) = (filekey(&f), filekey(&r));
    for (what, q, files) in [
        ("a piece at the wrong offset", piece_of(&h, "2500", "1000"), piece),
        ("a small piece that is not the last", piece_of(&h, "2500", "1024"), tail),
        ("a piece past the file's size", piece_of(&h, "1500", "1024"), piece),
        ("a first piece with a filekey", piece_of(&h, "2500", "0"), piece),
    ] {
        step_each(what, both, &p, [&keyed(&q, &kf), &keyed(&q, &kr)], files).await;
    }
    step("a piece without its filekey", both, &p, &piece_of(&h, "2500", "1024"), piece).await;
    let (f, r) = step("a file in one piece", both, &p, &piece_of(&h, "452", "0"), tail).await;
    // A file sent in one piece is stashed without its extension.
    let ext = |k: String| k.rsplit_once('.').map(|(_, e)| e.to_string());
    assert_eq!(ext(filekey(&f)), ext(filekey(&r)), "the key of a file in one piece: {f} {r}");
    let q = piece_of(&h, "2500", "452");
    step_each(
        "a piece after the last",
        both,
        &p,
        [&keyed(&q, &filekey(&f)), &keyed(&q, &filekey(&r))],
        piece,
    )
    .await;
    let stashed = [("action", "upload"), ("filename", h.as_str()), ("stash", "1")];
    step("stash=1", both, &p, &stashed, &[("file", "h.txt", &text[..700])]).await;

    let titles = format!("File:{a}|File:{c}|File:{d}|File:{p} Nothing.png|File:{bb}|File:{big}");
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

    let watched = format!("{title_a}|File:{d}|File:{c}");
    let info = [("action", "query"), ("prop", "info"), ("inprop", "watched"), ("titles", watched.as_str())];
    read("the uploader watches the files", both, &p, &info).await;
    for t in [&title_a, &format!("File:{d}")] {
        for (what, q) in history(t) {
            read(what, both, &p, &q).await;
        }
    }
    // One old version deleted (`oldimage`): each wiki's own archive name of the oldest.
    let oldest = |v: serde_json::Value| {
        let list = v["query"]["pages"][0]["imageinfo"].as_array().cloned().unwrap_or_default();
        list.last().and_then(|i| i["archivename"].as_str()).unwrap_or_default().to_string()
    };
    let (of, or) = (oldest(fake.get(&versions).await), oldest(real.get(&versions).await));
    let old = [("action", "delete"), ("title", title_a.as_str()), ("reason", "the oldest")];
    let (qf, qr) = (keyed_as(&old, "oldimage", &of), keyed_as(&old, "oldimage", &or));
    for what in ["deleting an old version", "deleting it again"] {
        step_each(what, both, &p, [&qf, &qr], &[]).await;
    }
    step("an old version badly named", both, &p, &keyed_as(&old, "oldimage", "short"), &[]).await;
    let main = [("action", "delete"), ("title", title_a.as_str()), ("oldimage", "20200101000000!X.png")];
    step("no such old version", both, &p, &main, &[]).await;
    read("imageinfo after deleting an old version", both, &p, &all).await;
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
