#!/usr/bin/env bash
# Starts the fake wiki (the mediawiki-fake binary, built here if needed) in the background, on
# $MWGEN_FAKE_PORT (default 8140) or the first free port after it, in memory unless MWGEN_FAKE_DB names a file, and prints
# MEDIAWIKI_API_URL=… as its last line once it answers, as tests/mediawiki/up.sh does for the real wiki.
# Its pid and log are in $MWGEN_FAKE_STATE (default tests/fake/.state); tests/fake/down.sh stops it.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
state="${MWGEN_FAKE_STATE:-$here/.state}"
preferred_port="${MWGEN_FAKE_PORT:-8140}"
mkdir -p "$state"
log() { printf 'fake/up.sh: %s\n' "$*" >&2; }

if [ -f "$state/pid" ] && kill -0 "$(cat "$state/pid")" 2>/dev/null; then
  log "already running (pid $(cat "$state/pid"))"
  echo "MEDIAWIKI_API_URL=http://127.0.0.1:$(cat "$state/port")/api.php"
  exit 0
fi
port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
port=""
for i in $(seq 0 50); do
  if port_free "$((preferred_port + i))"; then port=$((preferred_port + i)); break; fi
done
[ -n "$port" ] || { log "no free port in $preferred_port..$((preferred_port + 50))"; exit 1; }
(cd "$root" && cargo build -q -p mediawiki-fake --bin mediawiki-fake)
bin="$(cd "$root" && cargo metadata -q --format-version 1 --no-deps | sed -n 's/.*"target_directory":"\([^"]*\)".*/\1/p')/debug/mediawiki-fake"
[ -x "$bin" ] || { log "the binary was not built at $bin"; exit 1; }
args=(--listen "127.0.0.1:$port")
[ -n "${MWGEN_FAKE_DB:-}" ] && args+=(--db "$MWGEN_FAKE_DB")
nohup "$bin" "${args[@]}" >"$state/out.log" 2>"$state/err.log" &
echo $! >"$state/pid"
echo "$port" >"$state/port"
for _ in $(seq 1 100); do
  if curl -fs --max-time 2 "http://127.0.0.1:$port/api.php?action=query&format=json" >/dev/null 2>&1; then
    log "the fake answers at http://127.0.0.1:$port/api.php (pid $(cat "$state/pid"))"
    echo "MEDIAWIKI_API_URL=http://127.0.0.1:$port/api.php"
    exit 0
  fi
  kill -0 "$(cat "$state/pid")" 2>/dev/null || { log "the fake exited:"; cat "$state/err.log" >&2; exit 1; }
  sleep 0.1
done
log "the fake did not answer within 10 s:"; cat "$state/err.log" >&2; exit 1
