//! The `--fault` flag's form of a rule: `KIND[=VALUE][;times=N][;modules=A,B]`.
//!
//! `maxlag=5`, `readonly=Maintenance`, `ratelimited;modules=edit`, `badtoken;times=1`,
//! `editconflict;times=1`, `sessionloss;times=1`, `http=503;times=2`, `slow=250`.

use super::{Fault, FaultRule};
use std::str::FromStr;

/// A `--fault` value that does not say a fault.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid fault `{input}`: {reason} (expected KIND[=VALUE][;times=N][;modules=A,B], KIND one of maxlag=SECONDS, readonly[=REASON], ratelimited, badtoken, editconflict, sessionloss, http[=STATUS], slow=MS)")]
pub struct FaultParseError {
    /// The value given.
    pub input: String,
    /// What is wrong with it.
    pub reason: String,
}

impl FromStr for FaultRule {
    type Err = FaultParseError;

    fn from_str(input: &str) -> Result<FaultRule, FaultParseError> {
        let err = |reason: String| FaultParseError { input: input.to_string(), reason };
        let mut parts = input.split(';');
        let head = parts.next().unwrap_or("").trim();
        let (kind, value) = match head.split_once('=') {
            Some((k, v)) => (k.trim(), Some(v)),
            None => (head, None),
        };
        let number = |what: &str| -> Result<i64, FaultParseError> {
            let v = value.ok_or_else(|| err(format!("`{kind}` needs ={what}")))?;
            v.trim().parse().map_err(|_| err(format!("`{v}` is not a whole number of {what}")))
        };
        let no_value = |f: Fault| match value {
            Some(v) => Err(err(format!("`{kind}` takes no value, got `{v}`"))),
            None => Ok(f),
        };
        let fault = match kind {
            "maxlag" => Fault::Maxlag { lag: number("seconds")? },
            "readonly" => {
                Fault::Readonly { reason: value.map_or_else(super::default_reason, str::to_string) }
            }
            "ratelimited" => no_value(Fault::Ratelimited)?,
            "badtoken" => no_value(Fault::Badtoken)?,
            "editconflict" => no_value(Fault::EditConflict)?,
            "sessionloss" => no_value(Fault::SessionLoss)?,
            "http" => {
                let status = if value.is_some() { number("status")? } else { 503 };
                match u16::try_from(status) {
                    Ok(s @ 500..=599) => Fault::Http { status: s },
                    _ => return Err(err(format!("status {status} is not a 5xx"))),
                }
            }
            "slow" => {
                let ms = number("milliseconds")?;
                Fault::Slow { ms: u64::try_from(ms).map_err(|_| err(format!("{ms} ms is negative")))? }
            }
            other => return Err(err(format!("unknown fault `{other}`"))),
        };
        let mut rule = FaultRule::always(fault);
        for part in parts {
            match part.trim().split_once('=') {
                Some(("times", n)) => {
                    rule.times =
                        Some(n.trim().parse().map_err(|_| err(format!("times `{n}` is not a count")))?)
                }
                Some(("modules", list)) => {
                    rule.modules =
                        list.split(',').map(str::trim).filter(|m| !m.is_empty()).map(String::from).collect()
                }
                _ => return Err(err(format!("unknown option `{}`", part.trim()))),
            }
        }
        Ok(rule)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flags_parse_and_bad_ones_say_why() {
        let r: FaultRule = "maxlag=5;times=2;modules=edit,move".parse().expect("rule");
        assert_eq!(r, FaultRule::times(Fault::Maxlag { lag: 5 }, 2).for_modules(["edit", "move"]));
        let r: FaultRule = "readonly=Upgrading".parse().expect("rule");
        assert_eq!(r.fault, Fault::Readonly { reason: "Upgrading".into() });
        assert_eq!("http".parse::<FaultRule>().expect("rule").fault, Fault::Http { status: 503 });
        assert_eq!("slow=20".parse::<FaultRule>().expect("rule").fault, Fault::Slow { ms: 20 });
        for (bad, says) in [
            ("maxlag", "needs =seconds"),
            ("maxlag=x", "not a whole number"),
            ("http=404", "not a 5xx"),
            ("slow=-1", "negative"),
            ("badtoken=1", "takes no value"),
            ("flood", "unknown fault"),
            ("ratelimited;often", "unknown option"),
        ] {
            let e = bad.parse::<FaultRule>().expect_err(bad).to_string();
            assert!(e.contains(says) && e.contains(bad), "{bad}: {e}");
        }
    }

    #[test]
    fn json_form_round_trips() {
        let r = FaultRule::times(Fault::Maxlag { lag: 3 }, 1).for_modules(["edit"]);
        let j = serde_json::to_value(&r).expect("json");
        assert_eq!(j, serde_json::json!({"fault": "maxlag", "lag": 3, "times": 1, "modules": ["edit"]}));
        assert_eq!(serde_json::from_value::<FaultRule>(j).expect("back"), r);
        let r: FaultRule = serde_json::from_str(r#"{"fault":"readonly"}"#).expect("default reason");
        assert!(matches!(r.fault, Fault::Readonly { .. }));
    }
}
