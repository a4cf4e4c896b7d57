# The extension wiki: sourced by up.sh when it is given --extensions (never run on its own).
#
# It enables the extensions that Debian's mediawiki package bundles under /usr/share/mediawiki/extensions,
# configured for a machine without network access, in $state/install/ExtensionSettings.php (which the
# wiki's LocalSettings.php requires), and runs maintenance/update.php so that their tables exist.
# The settings file is rewritten, and update.php run again, only when what this file writes changes:
# a second start costs one comparison. A running wiki reads the new settings on its next request.
#
# It also loads MwgenExample, the project's own test-only extension, from this checkout
# (tests/mediawiki/extensions/MwgenExample/): a third-party primary authentication provider, Example,
# that answers REDIRECT to the caller's own return URL (with mwgenexamplestate=<nonce> in its query),
# then PASS for an identity linked to an account and RESTART for one without (createaccount with
# createpreservestate=1 then creates the account and links it); linkaccount links an identity and
# unlinkaccount removes it. Its table (mwgenexample_link) is made by update.php. Moving the checkout
# changes the settings, so update.php runs again.
#
# Left out: none of the 29 bundled extensions (README.md, "A wiki with extensions", says how each is set).
# The Debian packages installed for them: lua5.1 (Scribunto's luastandalone engine; Debian strips the
# binaries Scribunto ships), python3-pygments (SyntaxHighlight; Debian strips its bundled pygmentize),
# ghostscript and poppler-utils (PdfHandler's thumbnails, metadata and text layer).
#
# The captcha (ConfirmEdit's QuestyCaptcha) has one question, so that every challenge is the same:
#   question: "mwgen captcha: type the word mwgen"   answer: "mwgen"
# It is asked on account creation and on edits by users without skipcaptcha that add a URL
# (ConfirmEdit's defaults); not after failed logins (badlogin is off, so that logins stay
# deterministic). Admin is a sysop, and sysops skip captchas.

extra_packages=(lua5.1 python3-pygments ghostscript poppler-utils)

captcha_question="mwgen captcha: type the word mwgen"
captcha_answer="mwgen"

extension_settings() {
  cat <<PHP
<?php
# --- the extension wiki's settings (written by tests/mediawiki/extensions.sh; do not edit) ---
wfLoadExtensions( [
	'AbuseFilter', 'CategoryTree', 'Cite', 'CiteThisPage', 'CodeEditor', 'ConfirmEdit',
	'ConfirmEdit/QuestyCaptcha', 'Gadgets', 'ImageMap', 'InputBox', 'Interwiki', 'Math',
	'MultimediaViewer', 'Nuke', 'OATHAuth', 'PageImages', 'ParserFunctions', 'PdfHandler', 'Poem',
	'Renameuser', 'ReplaceText', 'Scribunto', 'SecureLinkFixer', 'SpamBlacklist',
	'SyntaxHighlight_GeSHi', 'TemplateData', 'TextExtracts', 'TitleBlacklist', 'VisualEditor',
	'WikiEditor',
] );

# MwgenExample: the project's test-only authentication provider, from this checkout.
wfLoadExtension( 'MwgenExample', '$here/extensions/MwgenExample/extension.json' );

# ConfirmEdit: one deterministic question.
\$wgCaptchaClass = 'QuestyCaptcha';
\$wgCaptchaQuestions = [ '$captcha_question' => '$captcha_answer' ];
\$wgCaptchaTriggers['badlogin'] = false;
\$wgCaptchaTriggers['badloginperuser'] = false;

# SpamBlacklist: only the wiki's own MediaWiki:Spam-blacklist and MediaWiki:Email-blacklist pages
# (the default list is fetched from meta.wikimedia.org). TitleBlacklist: MediaWiki:Titleblacklist only.
\$wgBlacklistSettings = [ 'spam' => [ 'files' => [] ], 'email' => [ 'files' => [] ] ];
\$wgTitleBlacklistSources = [];

# Scribunto: Debian's Lua 5.1 interpreter.
\$wgScribuntoDefaultEngine = 'luastandalone';
\$wgScribuntoEngineConf['luastandalone']['luaPath'] = '/usr/bin/lua5.1';
\$wgScribuntoUseGeSHi = true;
\$wgScribuntoUseCodeEditor = true;

# SyntaxHighlight: Debian's pygmentize.
\$wgPygmentizePath = '/usr/bin/pygmentize';

# Math: the source mode only (mathml asks a Mathoid or RESTBase server), and no TeX check (also a server's).
\$wgMathValidModes = [ 'source' ];
\$wgDefaultUserOptions['math'] = 'source';
\$wgMathDisableTexFilter = 'always';

# VisualEditor: Parsoid runs inside MediaWiki (no RESTBase, no Parsoid service).
\$wgVisualEditorParsoidAutoConfig = true;

# PdfHandler: Debian's tools.
\$wgPdfProcessor = '/usr/bin/gs';
\$wgPdfInfo = '/usr/bin/pdfinfo';
\$wgPdftoText = '/usr/bin/pdftotext';

# Interwiki: sysops may edit the interwiki table (Special:Interwiki).
\$wgGroupPermissions['sysop']['interwiki'] = true;
PHP
}

extensions_setup() {
  local settings="$state/install/ExtensionSettings.php" ls="$state/install/LocalSettings.php" new
  new="$(extension_settings)"
  if [ -f "$state/install/.extensions-updated" ] && [ -f "$settings" ] && [ "$(cat "$settings")" = "$new" ]; then
    return 0
  fi
  log "enabling the extensions and running update.php"
  printf '%s\n' "$new" >"$settings"
  grep -q 'ExtensionSettings.php' "$ls" ||
    printf '\n# The extensions (tests/mediawiki/extensions.sh).\nrequire_once __DIR__ . %s;\n' \
      "'/ExtensionSettings.php'" >>"$ls"
  rm -f "$state/install/.extensions-updated"
  MW_CONFIG_FILE="$ls" php "$mw/maintenance/update.php" --quick >"$state/update.log" 2>&1 || {
    log "update.php failed:"; tail -n 30 "$state/update.log" >&2; exit 1; }
  touch "$state/install/.extensions-updated"
}
