//! `action=compare` and `action=parse`, differentially: the same requests to the real wiki and to
//! the fake, the answers compared after normalisation, warnings included (the modules' own: no
//! content model, `torelative` past either end, a title without a text).

mod pages;

use pages::{both, Client};
use serde_json::Value;

/// `v` with each "Revision N " in a text as "Revision <id> " (`torelative`'s warnings name the
/// revision, whose id differs between the wikis).
fn revision_numbers(v: Value) -> Value {
    match v {
        Value::String(s) if s.starts_with("Revision ") => {
            let rest = s["Revision ".len()..].trim_start_matches(|c: char| c.is_ascii_digit());
            Value::String(format!("Revision <id>{rest}"))
        }
        Value::Array(a) => Value::Array(a.into_iter().map(revision_numbers).collect()),
        Value::Object(o) => Value::Object(o.into_iter().map(|(k, x)| (k, revision_numbers(x))).collect()),
        other => other,
    }
}

/// parse's default `prop`, without `text` (whose limit report the fake does not write).
const DEFAULT_BUT_TEXT: &str =
    "langlinks|categories|links|templates|images|externallinks|sections|revid|displaytitle|iwlinks|properties|parsewarnings";

async fn same_get(
    what: &str,
    fake: &Client,
    real: &Client,
    prefix: &str,
    params: &[(&str, &str)],
) -> (Value, Value) {
    let (f, r) = (fake.post(params).await, real.post(params).await);
    let (mf, mr) = (revision_numbers(pages::strip_docref(&f)), revision_numbers(pages::strip_docref(&r)));
    pages::common::assert_same(what, &mf, &mr, prefix);
    (f, r)
}

#[tokio::test]
async fn compare_gives_the_wikis_diff_table() {
    let Some((_wiki, fake, real, p)) = both("compare").await else { return };
    let texts: &[(&str, &str, &str)] = &[
        (
            "a changed word and an added line",
            "line one\nline two\nline three\nfour",
            "line one\nline 2\nline three\nfour\nfive",
        ),
        ("long context", "a\nb\nc\nd\ne\nf\ng\nh\ni\nj", "a\nb\nc\nd\ne\nX\ng\nh\ni\nj"),
        (
            "two blocks",
            "1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12",
            "1\nTWO\n3\n4\n5\n6\n7\n8\n9\n10\nELEVEN\n12",
        ),
        ("two lines for one", "alpha\ngamma", "x"),
        ("a deleted line", "keep\ngone\nkeep too", "keep\nkeep too"),
        ("quotes and markup", "say \"hi\" & <b>'bye'</b>", "say \"hello\" & <b>'bye'</b>"),
        ("spaces and empty lines", " lead\n\ndouble  space \nend", " lead\n\ndouble  spaces \nend"),
        ("the same text", "same", "same"),
        ("a word inside a line", "The quick brown fox jumps", "The quick red fox leaps"),
        (
            "a run slid next to its partner",
            "a\nalpha beta ==H== beta the\nalpha ==H== delta alpha\n\na beta delta\n",
            "a\nalpha ==H== delta alpha\n\n\n",
        ),
    ];
    for (what, from, to) in texts {
        same_get(what, &fake, &real, &p, &[("action", "compare"), ("fromtext", from), ("totext", to)]).await;
    }
    same_get(
        "prop",
        &fake,
        &real,
        &p,
        &[("action", "compare"), ("fromtext", "a"), ("totext", "b"), ("prop", "diff|diffsize|size|title")],
    )
    .await;

    let a = format!("{p} A");
    for text in ["alpha\nbeta", "alpha\ngamma\ndelta"] {
        pages::same("edit", &fake, &real, &p, "csrf", &[("action", "edit"), ("title", &a), ("text", text)])
            .await;
    }
    let one = format!("{p} One");
    pages::same("edit", &fake, &real, &p, "csrf", &[("action", "edit"), ("title", &one), ("text", "only")])
        .await;
    let missing = format!("{p} Missing");
    let steps: Vec<(&str, Vec<(&str, &str)>)> = vec![
        ("the previous revision", vec![("action", "compare"), ("fromtitle", &a), ("torelative", "prev")]),
        (
            "the current revision",
            vec![
                ("action", "compare"),
                ("fromtitle", &a),
                ("torelative", "cur"),
                ("prop", "diff|ids|title|user|comment|size"),
            ],
        ),
        ("a page with a text", vec![("action", "compare"), ("fromtitle", &a), ("totext", "x")]),
        ("a page with itself", vec![("action", "compare"), ("fromtitle", &a), ("totitle", &a)]),
        ("a missing page", vec![("action", "compare"), ("fromtitle", &missing), ("totext", "x")]),
        ("a missing revision", vec![("action", "compare"), ("fromrev", "99999999"), ("totext", "x")]),
        ("a missing page id", vec![("action", "compare"), ("fromid", "99999999"), ("totext", "x")]),
        ("a bad title", vec![("action", "compare"), ("fromtitle", "Bad[t"), ("totext", "x")]),
        ("nothing to compare from", vec![("action", "compare"), ("totext", "x")]),
        ("nothing to compare to", vec![("action", "compare"), ("fromtext", "x")]),
        ("relative to a text", vec![("action", "compare"), ("fromtext", "x"), ("torelative", "prev")]),
        ("past the latest revision", vec![("action", "compare"), ("fromtitle", &a), ("torelative", "next")]),
        (
            "before the first revision",
            vec![
                ("action", "compare"),
                ("fromtitle", &one),
                ("torelative", "prev"),
                ("prop", "diff|ids|title|size"),
            ],
        ),
        (
            "texts with a content model",
            vec![("action", "compare"), ("fromtext", "x"), ("totext", "y"), ("tocontentmodel", "wikitext")],
        ),
        (
            "texts, plaintext warnings",
            vec![("action", "compare"), ("fromtext", "x"), ("totext", "y"), ("errorformat", "plaintext")],
        ),
        (
            "a text and a title, plaintext warnings",
            vec![("action", "compare"), ("fromtext", "x"), ("totitle", &a), ("errorformat", "plaintext")],
        ),
    ];
    for (what, params) in &steps {
        same_get(what, &fake, &real, &p, params).await;
    }
}

#[tokio::test]
async fn parse_gives_the_wikis_links_categories_templates_sections_and_text() {
    let Some((_wiki, fake, real, p)) = both("parse").await else { return };
    let (a, exists, redirect) = (format!("{p} A"), format!("{p} Exists"), format!("{p} R"));
    let text = format!(
        "Intro [[Foo|bar]] and [[Main Page]] [[{exists}]] {{{{Tpl}}}} [[Zed]]s [[Category:Cat X|key]] [[Category:Y]] [[Talk:X]]\n\n\
         == Head one ==\nText ''it'' '''b'''\n=== Sub ===\nmore [[:Category:Z]]\n== Two ==\nend\n=== Deep ===\n== Three ==\nlast"
    );
    let redirect_text = format!("#REDIRECT [[{a}]]");
    for (t, x) in [(&exists, "x"), (&a, text.as_str()), (&redirect, redirect_text.as_str())] {
        pages::same("edit", &fake, &real, &p, "csrf", &[("action", "edit"), ("title", t), ("text", x)]).await;
    }
    let missing = format!("{p} Missing");
    let iw = "[[mw:Help:Foo bar]] [[wikipedia:X]] [https://example.org/a b] https://example.org/z [https://example.org/a again] [[:Category:Q]] {{Missing}}";
    let props = "categories|links|templates|sections|revid|displaytitle|wikitext";
    let steps: Vec<(&str, Vec<(&str, &str)>)> = vec![
        ("a page", vec![("action", "parse"), ("page", &a), ("prop", props)]),
        ("through a redirect", vec![("action", "parse"), ("page", &redirect), ("redirects", "1"), ("prop", "links|revid")]),
        ("a talk page's title", vec![("action", "parse"), ("title", "Talk:Sandbox"), ("text", "x"), ("prop", "displaytitle|links")]),
        ("a text", vec![("action", "parse"), ("title", "Sandbox"), ("text", "Hello [[Main Page]] '''bold'''\n\nPara two <b>x</b> & < [[Nope|label]]"), ("prop", "text|links|categories|templates|displaytitle|revid"), ("disablelimitreport", "1")]),
        ("paragraphs and headings", vec![("action", "parse"), ("title", "Sandbox"), ("text", "a\n\nb\nc\n\n\n\nd\n== H ==\ne"), ("prop", "text"), ("disablelimitreport", "1")]),
        ("links and external links", vec![("action", "parse"), ("title", "Sandbox"), ("text", "[[main Page|x]]s [[Main Page#frag]] [https://example.org/a b] [https://example.org/c] ''i'' [[Category:Q]]"), ("prop", "text"), ("disablelimitreport", "1"), ("disableeditsection", "1")]),
        ("default props, but the text", vec![("action", "parse"), ("title", "Sandbox"), ("text", iw), ("prop", DEFAULT_BUT_TEXT)]),
        ("default props of a page, but the text", vec![("action", "parse"), ("page", &a), ("prop", DEFAULT_BUT_TEXT)]),
        ("a missing page", vec![("action", "parse"), ("page", &missing)]),
        ("a missing revision", vec![("action", "parse"), ("oldid", "99999999")]),
        ("a bad title", vec![("action", "parse"), ("title", "Bad[t"), ("text", "x")]),
        ("text and page", vec![("action", "parse"), ("page", &a), ("text", "x")]),
        ("title and oldid", vec![("action", "parse"), ("oldid", "1"), ("title", "X")]),
        ("a text without a title", vec![("action", "parse"), ("text", "[[Main Page]]"), ("prop", "links")]),
        ("a text without a title, plaintext warnings", vec![("action", "parse"), ("text", "x"), ("prop", "links"), ("errorformat", "plaintext")]),
        ("a text with a content model", vec![("action", "parse"), ("text", "x"), ("contentmodel", "wikitext"), ("prop", "links")]),
        ("a title without a text", vec![("action", "parse"), ("title", &a), ("prop", "links|revid")]),
        ("a title without a text or props", vec![("action", "parse"), ("title", &a), ("prop", "")]),
    ];
    for (what, params) in &steps {
        same_get(what, &fake, &real, &p, params).await;
    }
}
