//! Does a wiki still answer as the spec says? Reads recorded answers, one JSON object a line:
//!
//! ```text
//! {"method": "GET", "query": "action=query&list=allpages&format=json&formatversion=2", "response": {…}}
//! ```
//!
//! (other keys are ignored), decodes each request with the generated types, picks the response type
//! that request gets (`mediawiki_api::with_response`) and reads the answer strictly: a key or an
//! enum value the spec does not describe is a misfit, like a missing field or a wrong type.
//!
//! ```text
//! cargo run --release -p mediawiki-api --example check_responses -- FILE.jsonl
//! ```
//!
//! A fit prints nothing; a misfit prints `line N: <json path>: <what did not fit>` (the path is in
//! the answer, `.` for its root; `(line)` and `(request)` name the line and its request). The last
//! line is `checked N: F fit, M did not`, and the exit status is 1 if any line did not fit (2 if
//! the file cannot be read).
//!
//! Answers in formatversion=1 (the request asks for `formatversion=1`, or for none): their envelope
//! (errors, warnings, continuation, …) is read strictly, the module's part as any JSON object,
//! since the types describe formatversion=2. How many there were goes to stderr.
//!
//! A request that MediaWiki refuses is no misfit when the decoder refuses it too, with the same
//! error code.

use mediawiki_api::enums::Formatversion;
use mediawiki_api::main::Main;
use mediawiki_api::submodules::Format;
use mwgen_runtime::response::{strict, Envelope, Part, ResponseType, ResponseVisit};
use mwgen_runtime::{DecodeOptions, Params, Submodule};
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};
use std::io::{BufRead, Write};
use std::process::ExitCode;

/// What did not fit, and where.
#[derive(Debug, PartialEq)]
struct Misfit {
    /// A JSON path in the answer, or `(line)`, `(request)`.
    at: String,
    /// What did not fit.
    what: String,
}

impl Misfit {
    fn new(at: &str, what: impl Into<String>) -> Self {
        Misfit { at: at.to_string(), what: what.into() }
    }
}

/// The counts that the last line reports.
#[derive(Debug, Default, PartialEq)]
struct Summary {
    fit: usize,
    misfit: usize,
    /// Fits checked on their envelope only: formatversion=1 answers, and errors for requests that
    /// the decoder refuses too.
    envelope_only: usize,
}

/// How a line fit.
#[derive(Debug, PartialEq)]
enum Fit {
    /// Its module's response type.
    Typed,
    /// Its envelope only (formatversion=1, or a request refused by both sides).
    EnvelopeOnly,
}

/// Reads `T`'s envelope strictly, with the JSON path of the first thing that does not fit.
fn read_strictly<T: Part + DeserializeOwned>(answer: Value) -> Result<Envelope<T>, Misfit> {
    let env: Envelope<T> = strict(|| serde_path_to_error::deserialize(answer))
        .map_err(|e| Misfit { at: e.path().to_string(), what: e.into_inner().to_string() })?;
    if env.body.is_none() && env.error.is_none() && env.errors.is_none() {
        return Err(Misfit::new(".", format!("neither `{}` nor an error", T::AT)));
    }
    Ok(env)
}

/// Checks one answer against the response type it is handed.
struct Check {
    answer: Value,
    fv1: bool,
}

impl ResponseVisit for Check {
    type Output = Result<(), Misfit>;
    fn visit<T: ResponseType>(self) -> Result<(), Misfit> {
        if self.fv1 {
            read_strictly::<Map<String, Value>>(self.answer).map(drop)
        } else {
            read_strictly::<T>(self.answer).map(drop)
        }
    }
}

/// Whether `main` asks for formatversion=1, or an error when it does not ask for JSON.
fn wants_fv1(main: &Main) -> Result<bool, Misfit> {
    let version = match &main.format {
        Some(Format::Json(f)) => f.formatversion,
        Some(Format::Jsonfm(f)) => f.formatversion,
        Some(other) => {
            return Err(Misfit::new(
                "(request)",
                format!("format={} is not checked (only json)", other.name()),
            ))
        }
        None => return Err(Misfit::new("(request)", "no format (MediaWiki answers HTML)")),
    };
    Ok(matches!(version, None | Some(Formatversion::V1)))
}

/// The error code of an answer, in any errorformat.
fn error_code(answer: &Value) -> Option<&str> {
    let code = answer.get("error").or_else(|| answer.get("errors")?.get(0))?.get("code")?;
    code.as_str()
}

/// Checks one line.
fn check_line(line: &str, opts: &DecodeOptions) -> Result<Fit, Misfit> {
    let bad = |what: String| Misfit::new("(line)", what);
    let mut record = match serde_json::from_str::<Value>(line) {
        Ok(Value::Object(map)) => map,
        Ok(_) => return Err(bad("not a JSON object".into())),
        Err(e) => return Err(bad(format!("not JSON: {e}"))),
    };
    let Some(Value::String(query)) = record.remove("query") else {
        return Err(bad("no `query` string".into()));
    };
    let Some(answer) = record.remove("response") else { return Err(bad("no `response`".into())) };
    let params = Params::parse_query(&query);
    let main = match mwgen_runtime::decode::<Main>(&params, opts.clone()) {
        Ok((main, _warnings)) => main,
        Err(e) if error_code(&answer) == Some(&*e.code) => {
            return read_strictly::<Map<String, Value>>(answer).map(|_| Fit::EnvelopeOnly);
        }
        Err(e) => {
            let wiki = error_code(&answer).map_or("accepts it".to_string(), |c| format!("answers `{c}`"));
            return Err(Misfit::new(
                "(request)",
                format!("does not decode ({}: {}), the wiki {wiki}", e.code, e.text),
            ));
        }
    };
    let fv1 = wants_fv1(&main)?;
    let path = main.action.as_ref().map_or("help", |a| a.path());
    match mediawiki_api::with_response(path, Check { answer, fv1 }) {
        Some(checked) => checked.map(|()| if fv1 { Fit::EnvelopeOnly } else { Fit::Typed }),
        None => Err(Misfit::new("(request)", format!("module `{path}` has no response type"))),
    }
}

/// Checks every line of `input`, writing misfits and the summary to `out`.
fn check_all(input: impl BufRead, out: &mut impl Write, opts: &DecodeOptions) -> std::io::Result<Summary> {
    let mut s = Summary::default();
    for (i, line) in input.split(b'\n').enumerate() {
        let line = line?;
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        let checked = match std::str::from_utf8(&line) {
            Ok(text) => check_line(text, opts),
            Err(e) => Err(Misfit::new("(line)", format!("not UTF-8: {e}"))),
        };
        match checked {
            Ok(fit) => {
                s.fit += 1;
                s.envelope_only += usize::from(fit == Fit::EnvelopeOnly);
            }
            Err(m) => {
                s.misfit += 1;
                // One line each, whatever the wiki's texts hold.
                let what: String = m.what.chars().map(|c| if c.is_control() { ' ' } else { c }).collect();
                writeln!(out, "line {}: {}: {what}", i + 1, m.at)?;
            }
        }
    }
    writeln!(out, "checked {}: {} fit, {} did not", s.fit + s.misfit, s.fit, s.misfit)?;
    Ok(s)
}

/// 1 if any line did not fit.
fn exit_status(s: &Summary) -> u8 {
    u8::from(s.misfit > 0)
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut opts = DecodeOptions::default();
    let file = match args.as_slice() {
        [file] => file,
        [flag, tags, file] if flag == "--tags" => {
            opts.extra_tags = tags.split(',').filter(|t| !t.is_empty()).map(str::to_string).collect();
            file
        }
        _ => {
            eprintln!(
                "usage: check_responses [--tags TAG,…] FILE.jsonl  (one {{\"method\",\"query\",\"response\"}} a line;\n\
                 --tags: change tags the wiki created, which its requests may apply)"
            );
            return ExitCode::from(2);
        }
    };
    let input = match std::fs::File::open(file) {
        Ok(f) => std::io::BufReader::new(f),
        Err(e) => {
            eprintln!("check_responses: {file}: {e}");
            return ExitCode::from(2);
        }
    };
    let stdout = std::io::stdout();
    match check_all(input, &mut stdout.lock(), &opts) {
        Ok(s) => {
            if s.envelope_only > 0 {
                eprintln!(
                    "check_responses: {} of the fits were checked on their envelope only \
                     (formatversion=1, or a request that the decoder refuses as the wiki did)",
                    s.envelope_only
                );
            }
            ExitCode::from(exit_status(&s))
        }
        Err(e) => {
            eprintln!("check_responses: {file}: {e}");
            ExitCode::from(2)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const V2: &str = "action=checktoken&type=csrf&token=x&format=json&formatversion=2";

    fn line(query: &str, response: &str) -> String {
        format!(r#"{{"method":"GET","query":"{query}","response":{response},"other":1}}"#)
    }

    fn check(line: &str) -> Result<Fit, Misfit> {
        check_line(line, &DecodeOptions::default())
    }

    #[test]
    fn tags_the_wiki_created_are_allowed_with_tags() {
        let q = "action=tag&revid=1&add=mwgen-probe&token=x&format=json&formatversion=2";
        let answer = r#"{"tag":[{"revid":1,"status":"success","actionlogid":5,"added":["mwgen-probe"],"removed":[]}]}"#;
        let refused = check(&line(q, answer)).expect_err("an unknown tag");
        assert!(refused.what.starts_with("does not decode (badtags"), "{}", refused.what);
        let opts = DecodeOptions { extra_tags: vec!["mwgen-probe".into()], ..DecodeOptions::default() };
        assert!(check_line(&line(q, answer), &opts).is_ok_and(|f| f == Fit::Typed));
    }

    fn misfit(query: &str, response: &str) -> String {
        let m = check_line(&line(query, response), &DecodeOptions::default()).expect_err("a misfit");
        format!("{}: {}", m.at, m.what)
    }

    #[test]
    fn a_fitting_answer_prints_nothing() {
        assert_eq!(check(&line(V2, r#"{"checktoken":{"result":"invalid"}}"#)), Ok(Fit::Typed));
        let error = r#"{"errors":[{"code":"badtoken","text":"Invalid token.","module":"main"}],"docref":"d","servedby":"h"}"#;
        assert_eq!(check(&line(&format!("{V2}&errorformat=plaintext"), error)), Ok(Fit::Typed));
    }

    #[test]
    fn each_kind_of_misfit_names_its_path() {
        let wrong = misfit(V2, r#"{"checktoken":{"result":1}}"#);
        assert!(wrong.starts_with("checktoken.result: "), "{wrong}");
        let unknown = misfit(V2, r#"{"checktoken":{"result":"valid","new":1}}"#);
        assert!(unknown.starts_with("checktoken: unknown field `new`"), "{unknown}");
        assert_eq!(misfit(V2, r#"{"checktoken":{}}"#), "checktoken: missing field `result`");
        let value = misfit(V2, r#"{"checktoken":{"result":"maybe"}}"#);
        assert!(value.starts_with("checktoken.result: unknown value `maybe`"), "{value}");
        assert_eq!(misfit(V2, r#"{"batchcomplete":true}"#), ".: neither `checktoken` nor an error");
        let root = misfit(V2, r#"{"checktoken":{"result":"valid"},"new":1}"#);
        assert!(root.starts_with(".: unknown field `new`") || root.contains("`new`"), "{root}");
    }

    #[test]
    fn formatversion_1_checks_the_envelope() {
        let fv1 = "action=checktoken&type=csrf&token=x&format=json";
        assert_eq!(check(&line(fv1, r#"{"checktoken":{"result":"", "any":1}}"#)), Ok(Fit::EnvelopeOnly));
        assert!(misfit(fv1, r#"{"batchcomplete":1}"#).starts_with("batchcomplete: a flag is"));
    }

    #[test]
    fn requests_are_decoded() {
        let bad = "action=checktoken&type=nosuch&token=x&format=json&formatversion=2";
        let refused = r#"{"error":{"code":"badvalue","info":"Unrecognized value."}}"#;
        assert_eq!(check(&line(bad, refused)), Ok(Fit::EnvelopeOnly));
        let accepted = misfit(bad, r#"{"checktoken":{"result":"valid"}}"#);
        assert!(accepted.starts_with("(request): does not decode (badvalue: "), "{accepted}");
        assert!(accepted.ends_with("the wiki accepts it"), "{accepted}");
        let help = misfit("action=help&format=json&formatversion=2", r#"{"help":{}}"#);
        assert_eq!(help, "(request): module `help` has no response type");
        let xml = misfit("action=checktoken&type=csrf&token=x&format=xml", "{}");
        assert_eq!(xml, "(request): format=xml is not checked (only json)");
    }

    #[test]
    fn bad_lines_are_misfits() {
        for (text, what) in [
            ("{", "not JSON: "),
            ("[]", "not a JSON object"),
            (r#"{"response":{}}"#, "no `query` string"),
            (r#"{"query":"action=help"}"#, "no `response`"),
        ] {
            let m = check_line(text, &DecodeOptions::default()).expect_err(text);
            assert_eq!(m.at, "(line)");
            assert!(m.what.starts_with(what), "{text}: {}", m.what);
        }
    }

    #[test]
    fn the_summary_is_the_last_line_and_sets_the_status() {
        let input = [
            line(V2, r#"{"checktoken":{"result":"valid"}}"#),
            String::new(),
            line(V2, r#"{"checktoken":{"result":2}}"#),
            "not json".to_string(),
            "\u{1}".to_string(),
        ]
        .join("\n");
        let mut bytes = input.into_bytes();
        bytes.extend_from_slice(b"\n\xff\r\n");
        let mut out = Vec::new();
        let s = check_all(bytes.as_slice(), &mut out, &DecodeOptions::default()).expect("read");
        let text = String::from_utf8(out).expect("utf-8");
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 5, "{text}");
        assert!(lines[0].starts_with("line 3: checktoken.result: "), "{text}");
        assert!(lines[1].starts_with("line 4: (line): not JSON"), "{text}");
        assert!(lines[2].starts_with("line 5: (line): not JSON: expected value"), "{text}");
        assert!(lines[3].starts_with("line 6: (line): not UTF-8"), "{text}");
        assert_eq!(lines[4], "checked 5: 1 fit, 4 did not");
        assert_eq!(exit_status(&s), 1);
        let mut out = Vec::new();
        let s = check_all(
            line(V2, r#"{"checktoken":{"result":"valid"}}"#).as_bytes(),
            &mut out,
            &DecodeOptions::default(),
        )
        .expect("read");
        assert_eq!(String::from_utf8(out).expect("utf-8"), "checked 1: 1 fit, 0 did not\n");
        assert_eq!(exit_status(&s), 0);
    }
}
