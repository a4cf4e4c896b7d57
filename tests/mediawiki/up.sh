#!/usr/bin/env bash
# Start a real MediaWiki 1.39 (Debian's package) on loopback, with SQLite, for mwgen's live tests.
#
# Idempotent: a second run reuses the installation and the running server. Everything it writes lives
# under $MWGEN_WIKI_STATE (default: tests/mediawiki/.state); nothing under /etc is touched, because
# MediaWiki reads the LocalSettings.php named by the MW_CONFIG_FILE environment variable.
#
# With --extensions it starts a second wiki instead, with the extensions Debian bundles enabled
# (tests/mediawiki/extensions.sh): its state defaults to tests/mediawiki/.state-ext and its port to 8145.
#
# Prints, as its last line of stdout: MEDIAWIKI_API_URL=http://127.0.0.1:PORT/api.php
# Stop it with down.sh (with the same MWGEN_WIKI_STATE, or down.sh --extensions).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
extensions=0
case "${1:-}" in
  --extensions) extensions=1; shift ;;
  "") ;;
  *) echo "usage: up.sh [--extensions]" >&2; exit 2 ;;
esac
if [ "$extensions" = 1 ]; then
  state="${MWGEN_WIKI_STATE:-$here/.state-ext}"
  sitename="mwgen extension wiki"
else
  state="${MWGEN_WIKI_STATE:-$here/.state}"
  sitename="mwgen test wiki"
fi
mw=/usr/share/mediawiki
admin_user="${MWGEN_WIKI_ADMIN:-Admin}"
admin_pass="${MWGEN_WIKI_PASSWORD:-mwgen-admin-password-1}"
bot_pass="${MWGEN_WIKI_BOT_PASSWORD:-mwgenbotpassword0123456789abcdef}"
preferred_port="${MWGEN_WIKI_PORT:-$([ "$extensions" = 1 ] && echo 8145 || echo 8139)}"
extra_packages=() # what the extension wiki needs besides (extensions.sh fills it)

log() { printf 'up.sh: %s\n' "$*" >&2; }

install_packages() {
  local need=()
  dpkg -s mediawiki >/dev/null 2>&1 || need+=(mediawiki)
  for p in php-cli php-sqlite3 php-mbstring php-xml php-intl curl "${extra_packages[@]}"; do
    dpkg -s "$p" >/dev/null 2>&1 || need+=("$p")
  done
  if [ "${#need[@]}" -gt 0 ]; then
    log "installing ${need[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2
    apt-get install -y -qq --no-install-recommends "${need[@]}" >&2
  fi
  local version
  version="$(dpkg-query -W -f='${Version}' mediawiki)"
  case "$version" in
    *1.39.*) ;;
    *) log "expected MediaWiki 1.39.x, Debian has $version"; exit 1 ;;
  esac
}

api_answers() { # $1 = api url
  curl -fsS --max-time 5 "$1?action=query&meta=siteinfo&format=json" 2>/dev/null | grep -q '"general"'
}

port_free() {
  ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

pick_port() {
  local p="$preferred_port" i
  for i in $(seq 0 50); do
    if port_free "$((p + i))"; then echo "$((p + i))"; return 0; fi
  done
  log "no free port in $p..$((p + 50))"; exit 1
}

install_wiki() {
  log "installing the wiki into $state"
  rm -rf "$state/install"
  mkdir -p "$state/install/data" "$state/install/images" "$state/install/cache" "$state/install/tmp"
  php "$mw/maintenance/install.php" \
    --dbtype sqlite --dbpath "$state/install/data" --dbname mwgen \
    --server "http://127.0.0.1" --scriptpath "" \
    --lang en --pass "$admin_pass" --confpath "$state/install" \
    "$sitename" "$admin_user" >"$state/install.log" 2>&1 || {
      log "install.php failed:"; tail -n 30 "$state/install.log" >&2; exit 1; }
  cat >>"$state/install/LocalSettings.php" <<PHP

# --- mwgen test settings (appended by tests/mediawiki/up.sh) ---
# The port is chosen at start-up; the server name follows the request.
\$wgServer = 'http://' . (\$_SERVER['HTTP_HOST'] ?? '127.0.0.1');
\$wgEnableUploads = true;
\$wgUploadDirectory = '$state/install/images';
\$wgUploadPath = '/images';
\$wgFileExtensions = [ 'png', 'gif', 'jpg', 'jpeg', 'txt', 'svg' ];
\$wgStrictFileExtensions = false;
\$wgCheckFileExtensions = false;
\$wgVerifyMimeType = false;
\$wgCacheDirectory = '$state/install/cache';
\$wgTmpDirectory = '$state/install/tmp';
\$wgGroupPermissions['*']['createaccount'] = true;
\$wgGroupPermissions['*']['edit'] = true;
\$wgPasswordAttemptThrottle = [];
\$wgAccountCreationThrottle = 0;
\$wgRateLimits = [];
\$wgEnableBotPasswords = true;
\$wgShowExceptionDetails = true;
\$wgJobRunRate = 0;
# Cross-origin callers trusted with credentials, for the CORS differential (tests/tests/live_cors.rs).
\$wgCrossSiteAJAXdomains = [ 'allowed.example', '*.wild.example' ];
\$wgCrossSiteAJAXdomainExceptions = [ 'bad.wild.example' ];
PHP
  # A bot password for action=login: Admin@mwgen.
  MW_CONFIG_FILE="$state/install/LocalSettings.php" php "$mw/maintenance/createBotPassword.php" \
    --appid mwgen --grants basic,highvolume,editpage,createeditmovepage \
    "$admin_user" "$bot_pass" >>"$state/install.log" 2>&1 || {
      log "createBotPassword.php failed:"; tail -n 20 "$state/install.log" >&2; exit 1; }
  touch "$state/install/.complete"
}

[ "$extensions" = 0 ] || . "$here/extensions.sh"

main() {
  install_packages
  mkdir -p "$state"
  if [ -f "$state/pid" ] && [ -f "$state/port" ] && kill -0 "$(cat "$state/pid")" 2>/dev/null; then
    local url="http://127.0.0.1:$(cat "$state/port")/api.php"
    if api_answers "$url"; then
      [ "$extensions" = 0 ] || extensions_setup
      log "already running (pid $(cat "$state/pid"))"
      echo "MEDIAWIKI_API_URL=$url"
      return 0
    fi
  fi
  [ -f "$state/install/.complete" ] || install_wiki
  [ "$extensions" = 0 ] || extensions_setup

  local port url pid i
  port="$(pick_port)"
  url="http://127.0.0.1:$port/api.php"
  MW_CONFIG_FILE="$state/install/LocalSettings.php" PHP_CLI_SERVER_WORKERS="${MWGEN_WIKI_WORKERS:-2}" \
    setsid php -d variables_order=EGPCS -S "127.0.0.1:$port" -t "$mw" >"$state/server.log" 2>&1 </dev/null &
  pid=$!
  echo "$pid" >"$state/pid"
  echo "$port" >"$state/port"
  for i in $(seq 1 100); do
    if api_answers "$url"; then
      log "MediaWiki answers at $url (pid $pid)"
      echo "MEDIAWIKI_API_URL=$url"
      return 0
    fi
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.2
  done
  log "api.php did not answer JSON at $url; server log:"
  tail -n 30 "$state/server.log" >&2 || true
  kill "$pid" 2>/dev/null || true
  exit 1
}

main "$@"
