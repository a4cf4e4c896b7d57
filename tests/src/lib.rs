//! Helpers shared by mwgen's integration tests (in `tests/tests/`).

use std::path::{Path, PathBuf};

pub mod strategies;

/// The workspace root.
pub fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// The checked-in MediaWiki 1.39 spec.
pub fn spec_dir() -> PathBuf {
    workspace().join("spec/mediawiki-1.39")
}

/// A file under `tests/fixtures/`.
pub fn fixture(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures").join(rel)
}

/// The live wiki's api.php URL from `MEDIAWIKI_API_URL`. Without it, a live test is skipped and says
/// so loudly; under CI (`CI=true`) a missing URL is a failure, since CI always starts the wiki.
pub fn live_api_url(test: &str) -> Option<String> {
    url_from(
        "MEDIAWIKI_API_URL",
        test,
        ".ci/run must start the wiki (tests/mediawiki/up.sh)",
        "Start the wiki with `eval \"$(tests/mediawiki/up.sh)\" && export MEDIAWIKI_API_URL` to run it.",
    )
}

/// The checked-in overlays of the extensions (spec/extensions/).
pub fn overlays_dir() -> PathBuf {
    workspace().join("spec/extensions")
}

/// The extension wiki's api.php URL (`MWGEN_EXT_API_URL`: tests/mediawiki/up.sh --extensions prints it),
/// or `None` after a loud note that `test` was skipped; under CI a missing URL is a failure.
pub fn ext_api_url(test: &str) -> Option<String> {
    url_from(
        "MWGEN_EXT_API_URL",
        test,
        "tests/run.sh must start the extension wiki (tests/mediawiki/up.sh --extensions)",
        "Start the extension wiki with `tests/mediawiki/up.sh --extensions` and export its MEDIAWIKI_API_URL as MWGEN_EXT_API_URL.",
    )
}

/// A wiki's URL from the environment variable `var`; without it, `test` is skipped loudly (with `how`
/// to start the wiki), or fails under CI (`ci`: what CI must do).
fn url_from(var: &str, test: &str, ci: &str, how: &str) -> Option<String> {
    match std::env::var(var) {
        Ok(url) if !url.is_empty() => Some(url),
        _ => {
            if std::env::var("CI").is_ok_and(|v| v == "true") {
                panic!("{test}: {var} is not set under CI; {ci}");
            }
            let banner = format!("\n!!!!!!!! SKIPPED LIVE TEST {test}: {var} is not set.\n!!!!!!!! {how}\n");
            // libtest captures print!/eprintln!, not the stderr handle itself: this is seen even when
            // the test passes.
            use std::io::Write;
            let _ = std::io::stderr().write_all(banner.as_bytes());
            None
        }
    }
}

/// The state directory of the extension wiki (`MWGEN_EXT_STATE`, default tests/mediawiki/.state-ext),
/// whose `install/LocalSettings.php` the maintenance scripts of the live extension tests read.
pub fn ext_state_dir() -> std::path::PathBuf {
    match std::env::var("MWGEN_EXT_STATE") {
        Ok(s) if !s.is_empty() => s.into(),
        _ => std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("mediawiki/.state-ext"),
    }
}

/// Asserts that an exported paraminfo answer is the wiki's: the same content, and the same text
/// (modules in the same order, keys in MediaWiki's order).
pub fn assert_same_answer(expected: &serde_json::Value, actual: &serde_json::Value, what: &str) {
    assert!(actual == expected, "{what}: export differs:\n{}", json_diff(expected, actual));
    assert_eq!(
        serde_json::to_string(actual).unwrap_or_default(),
        serde_json::to_string(expected).unwrap_or_default(),
        "{what}: export has the wiki's content but not its order"
    );
}

/// Whether this run of the live tests is against the fake wiki (`MWGEN_WIKI_IS_FAKE=1`, as
/// tests/run.sh sets it for its second run of the live client tests) and `module` is one the fake
/// does not answer (it answers `notimplemented`, as the stub does): the test is then skipped, saying
/// so loudly.
pub fn fake_lacks(test: &str, module: &str) -> bool {
    let fake = std::env::var("MWGEN_WIKI_IS_FAKE").is_ok_and(|v| v == "1");
    if fake {
        use std::io::Write;
        let banner = format!(
            "\n!!!!!!!! SKIPPED LIVE TEST {test} against the fake wiki: it does not answer {module} (mediawiki-fake's README lists what it answers).\n"
        );
        let _ = std::io::stderr().write_all(banner.as_bytes());
    }
    fake
}

/// A unified diff of two JSON values, pretty-printed, for readable assertion failures.
pub fn json_diff(expected: &serde_json::Value, actual: &serde_json::Value) -> String {
    let e = serde_json::to_string_pretty(expected).unwrap_or_default();
    let a = serde_json::to_string_pretty(actual).unwrap_or_default();
    text_diff(&e, &a, "expected", "actual")
}

/// A unified diff of two texts (at most 200 lines of it).
pub fn text_diff(expected: &str, actual: &str, e_name: &str, a_name: &str) -> String {
    let diff = similar::TextDiff::from_lines(expected, actual);
    let text = diff.unified_diff().context_radius(3).header(e_name, a_name).to_string();
    let lines: Vec<&str> = text.lines().collect();
    if lines.len() > 200 {
        format!("{}\n… ({} more diff lines)", lines[..200].join("\n"), lines.len() - 200)
    } else {
        text
    }
}

/// The README's examples, compiled and run as doctests.
#[doc = include_str!("../../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;
