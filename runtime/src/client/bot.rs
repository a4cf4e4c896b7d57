//! What a bot needs beyond one request: safe edits ([`Client::edit_page`]: read, change, send
//! with the timestamps that make a concurrent edit a conflict, and again on a conflict), the
//! `{{nobots}}` convention ([`bots_allow`]), logging in again when the session is lost, and a
//! session kept in a file between runs ([`Client::save_session`], [`Client::restore_session`]).

use super::{Client, ClientError};
use crate::params::Params;
use crate::spec::ModuleSpec;
use crate::value::Secret;
use serde_json::Value;
use std::path::Path;

/// How the client logged in, kept (the secret redacted in `Debug`) to log in again when the
/// wiki says the session is gone (`assertuserfailed`).
#[derive(Debug, Clone)]
pub(super) enum Credentials {
    /// `action=clientlogin` with a user's own password.
    ClientLogin { username: String, password: Secret },
    /// `action=login` with a bot password.
    BotPassword { username: String, password: Secret },
}

/// `edit_page`'s module, as far as the client's send loop needs to know it.
static EDIT: ModuleSpec = ModuleSpec::action("edit").write().post().token("csrf").params(super::TOKEN_PARAM);

/// How [`Client::edit_page`] goes about it.
#[derive(Debug, Clone)]
pub struct EditPage {
    /// The edit summary.
    pub summary: String,
    /// Mark the edit minor.
    pub minor: bool,
    /// Mark the edit as a bot's (`bot`; the account needs the `bot` right).
    pub bot: bool,
    /// How many times the page is read and changed when the wiki answers `editconflict`
    /// (default 3).
    pub tries: u32,
    /// Honour `{{nobots}}` and `{{bots|allow=…}}`/`{{bots|deny=…}}` for this bot name: a page that
    /// excludes it is left alone ([`EditOutcome::Excluded`]). `None` (the default) ignores them.
    pub bot_name: Option<String>,
}

impl EditPage {
    /// An edit with this summary, three tries, not minor, not marked bot, templates ignored.
    pub fn new(summary: impl Into<String>) -> EditPage {
        EditPage { summary: summary.into(), minor: false, bot: false, tries: 3, bot_name: None }
    }
}

/// What [`Client::edit_page`] did.
#[derive(Debug, Clone, PartialEq)]
pub enum EditOutcome {
    /// The wiki saved it: the answer's `edit` object (`result`, `newrevid`, `nochange`, …).
    Saved(Value),
    /// The closure left the page as it was (it returned `None`): nothing was sent.
    Unchanged,
    /// The page excludes this bot (`{{nobots}}`, `{{bots|deny=…}}`): nothing was sent.
    Excluded,
}

/// A page as `edit_page` read it: its text (`None` when it does not exist), and the timestamps
/// and revision the edit is based on.
struct Current {
    text: Option<String>,
    base_timestamp: Option<String>,
    base_revid: Option<i64>,
    start_timestamp: String,
}

/// Whether wikitext lets the bot `name` edit, by the `{{bots}}`/`{{nobots}}` convention:
/// `{{nobots}}` excludes every bot, `{{bots|deny=all}}` and `{{bots|deny=…,name,…}}` exclude it,
/// `{{bots|allow=none}}` and an `allow` list without it exclude it (`{{bots}}` alone allows all).
pub fn bots_allow(text: &str, name: &str) -> bool {
    let lower = text.to_lowercase();
    let name = name.to_lowercase();
    if lower.contains("{{nobots}}") {
        return false;
    }
    let mut rest = lower.as_str();
    while let Some(at) = rest.find("{{bots") {
        let after = &rest[at + "{{bots".len()..];
        let Some(end) = after.find("}}") else { break };
        let args = &after[..end];
        rest = &after[end..];
        for arg in args.split('|').map(str::trim) {
            let list = |key: &str| -> Option<Vec<String>> {
                let v = arg.strip_prefix(key)?.trim_start().strip_prefix('=')?;
                Some(v.split(',').map(|s| s.trim().to_string()).collect())
            };
            if let Some(deny) = list("deny") {
                if deny.iter().any(|d| d == "all" || *d == name) {
                    return false;
                }
            }
            if let Some(allow) = list("allow") {
                if !allow.iter().any(|a| a == "all" || *a == name) {
                    return false;
                }
            }
        }
    }
    true
}

impl Client {
    /// Edits `title` safely. Reads the page's current text and revision, gives the text (`None`
    /// when the page does not exist) to `change`, and sends what it returns with `basetimestamp`,
    /// `baserevid` and `starttimestamp` (and `createonly` for a page that did not exist, `nocreate`
    /// for one that did), so that an edit someone made in between is the wiki's `editconflict`, not
    /// a lost change. On a conflict it reads the page again and runs `change` again, at most
    /// `how.tries` times in all; then the conflict is the error. `change` returning `None` sends
    /// nothing.
    pub async fn edit_page<F>(
        &self,
        title: &str,
        how: &EditPage,
        mut change: F,
    ) -> Result<EditOutcome, ClientError>
    where
        F: FnMut(Option<&str>) -> Option<String>,
    {
        let mut tries = 0;
        loop {
            tries += 1;
            let current = self.current(title).await?;
            if let (Some(bot), Some(text)) = (&how.bot_name, &current.text) {
                if !bots_allow(text, bot) {
                    tracing::info!(title, bot = %bot, "{title} excludes the bot {bot}: not edited");
                    return Ok(EditOutcome::Excluded);
                }
            }
            let Some(new_text) = change(current.text.as_deref()) else { return Ok(EditOutcome::Unchanged) };
            let mut p = Params::new();
            p.add("title", title);
            p.add("text", &new_text);
            p.add("summary", &how.summary);
            p.add("starttimestamp", &current.start_timestamp);
            match (&current.base_timestamp, current.base_revid) {
                (Some(ts), Some(rev)) => {
                    p.add("basetimestamp", ts);
                    p.add("baserevid", itoa::Buffer::new().format(rev));
                    p.add("nocreate", "1");
                }
                _ => p.add("createonly", "1"),
            }
            if how.minor {
                p.add("minor", "1");
            }
            if how.bot {
                p.add("bot", "1");
            }
            match self.send(&EDIT, p).await {
                Ok(r) => {
                    return Ok(EditOutcome::Saved(r.body.get("edit").cloned().unwrap_or(Value::Null)));
                }
                // A conflict, or the page created or deleted meanwhile: read it again.
                Err(ClientError::Api(e))
                    if matches!(e.code.as_ref(), "editconflict" | "articleexists" | "missingtitle")
                        && tries < how.tries.max(1) =>
                {
                    tracing::info!(title, code = %e.code, "{}: {title} changed meanwhile; reading it again", e.code);
                }
                Err(e) => return Err(e),
            }
        }
    }

    /// The page's current text and the timestamps an edit of it is based on.
    async fn current(&self, title: &str) -> Result<Current, ClientError> {
        let r = self
            .query(&[
                ("prop", "revisions"),
                ("rvprop", "content|timestamp|ids"),
                ("rvslots", "main"),
                ("curtimestamp", "1"),
                ("titles", title),
            ])
            .await?;
        let unexpected =
            |what: &str| ClientError::Unexpected(format!("{what} in {}", super::text::json_excerpt(&r.body)));
        let start_timestamp = r
            .body
            .get("curtimestamp")
            .and_then(Value::as_str)
            .ok_or_else(|| unexpected("no curtimestamp"))?;
        let page = r.body.pointer("/query/pages/0").ok_or_else(|| unexpected("no query.pages[0]"))?;
        if page.get("invalid").is_some() {
            return Err(unexpected(&format!("the title `{title}` is not valid")));
        }
        let rev = page.pointer("/revisions/0");
        Ok(Current {
            text: rev
                .and_then(|r| r.pointer("/slots/main/content"))
                .and_then(Value::as_str)
                .map(str::to_string)
                .or_else(|| rev.map(|_| String::new())),
            base_timestamp: rev.and_then(|r| r.get("timestamp")).and_then(Value::as_str).map(str::to_string),
            base_revid: rev.and_then(|r| r.get("revid")).and_then(Value::as_i64),
            start_timestamp: start_timestamp.to_string(),
        })
    }

    /// Writes the session's cookies to `path` (created with mode 0600 on Unix, replaced if it
    /// exists), one `name=value` a line, so that a later run can
    /// [`restore_session`](Self::restore_session) instead of logging in again. The file holds the session: keep it
    /// as you keep the password.
    pub fn save_session(&self, path: &Path) -> Result<(), ClientError> {
        use std::io::Write;
        let cookies = self.inner.transport.cookies(self.api_url()).unwrap_or_default();
        let lines: String =
            cookies.split("; ").filter(|c| c.contains('=')).map(|c| format!("{c}\n")).collect();
        let io = |source| ClientError::SessionFile { path: path.to_path_buf(), source };
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create(true).truncate(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            options.mode(0o600);
        }
        let mut file = options.open(path).map_err(io)?;
        // A file that existed keeps its mode: make it the owner's alone.
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            file.set_permissions(std::fs::Permissions::from_mode(0o600)).map_err(io)?;
        }
        file.write_all(lines.as_bytes()).map_err(io)
    }

    /// Reads cookies written by [`save_session`](Self::save_session) into this client's session.
    /// Returns whether the file was there (a first run has none). The wiki may have expired the
    /// session since: [`refresh_rights`](Self::refresh_rights) says who the caller is now.
    pub fn restore_session(&self, path: &Path) -> Result<bool, ClientError> {
        let text = match std::fs::read_to_string(path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(false),
            Err(source) => return Err(ClientError::SessionFile { path: path.to_path_buf(), source }),
        };
        for line in text.lines().map(str::trim).filter(|l| l.contains('=') && !l.contains(';')) {
            self.inner.transport.add_cookie(self.api_url(), line);
        }
        self.session_changed();
        Ok(true)
    }

    /// Logs in again the way the client last did, after the wiki said the session is gone.
    pub(super) async fn relogin(&self) -> Result<bool, ClientError> {
        let Some(credentials) = self.lock_credentials().clone() else { return Ok(false) };
        tracing::warn!("the session was lost: logging in again");
        match credentials {
            Credentials::ClientLogin { username, password } => {
                let status = Box::pin(self.client_login(&username, password.as_str())).await?;
                Ok(matches!(status, super::AuthStatus::Pass { .. }))
            }
            Credentials::BotPassword { username, password } => {
                Ok(Box::pin(self.login(&username, password.as_str())).await?.success())
            }
        }
    }

    pub(super) fn remember(&self, credentials: Credentials) {
        *self.lock_credentials() = Some(credentials);
    }

    pub(super) fn forget_credentials(&self) {
        *self.lock_credentials() = None;
    }

    fn lock_credentials(&self) -> std::sync::MutexGuard<'_, Option<Credentials>> {
        super::lock(&self.inner.credentials)
    }
}

#[cfg(test)]
mod tests {
    use super::bots_allow;

    #[test]
    fn the_bots_templates_as_the_convention_reads_them() {
        assert!(bots_allow("plain text", "MyBot"));
        assert!(!bots_allow("x {{nobots}} y", "MyBot"));
        assert!(bots_allow("{{bots}}", "MyBot"));
        assert!(!bots_allow("{{bots|deny=all}}", "MyBot"));
        assert!(!bots_allow("{{bots|deny=OtherBot, MyBot}}", "MyBot"));
        assert!(bots_allow("{{bots|deny=OtherBot}}", "MyBot"));
        assert!(!bots_allow("{{bots|allow=none}}", "MyBot"));
        assert!(bots_allow("{{bots|allow=MyBot,OtherBot}}", "mybot"));
        assert!(!bots_allow("{{bots|allow=OtherBot}}", "MyBot"));
        assert!(bots_allow("{{bots|allow=all}}", "MyBot"));
    }
}
