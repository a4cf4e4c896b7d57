//! `action=compare` and `action=parse`, differentially: the same requests to the real wiki and to
//! the fake, the answers compared after normalisation. The one thing taken out of the real
//! answers is the module warning the fake cannot give (the generated answers have no place for a
//! module's own warnings): "No content model could be determined, assuming wikitext." and "No
//! "title" or "contentmodel" was given, assuming wikitext.".

mod pages;

use pages::{both, Client};
use serde_json::Value;

/// The warnings the fake does not give, taken out of `v`.
fn without_model_warning(v: &Value) -> Value {
    let mut v = pages::strip_docref(v);
    let Some(ws) = v.get_mut("warnings").and_then(Value::as_object_mut) else { return v };
    for (_, m) in ws.iter_mut() {
        if let Some(Value::String(s)) = m.get_mut("warnings") {
            let kept: Vec<&str> = s
                .split('\n')
                .filter(|l| {
                    !l.starts_with("No content model could be determined")
                        && !l.starts_with("No \"title\" or \"contentmodel\"")
                })
                .collect();
            *s = kept.join("\n");
        }
    }
    ws.retain(|_, m| m.get("warnings").and_then(Value::as_str).is_some_and(|s| !s.is_empty()));
    if ws.is_empty() {
        v.as_object_mut().map(|o| o.remove("warnings"));
    }
    v
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
    pages::common::assert_same(what, &pages::strip_docref(&f), &without_model_warning(&r), prefix);
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
    ];
    for (what, params) in &steps {
        same_get(what, &fake, &real, &p, params).await;
    }
}
