#!/usr/bin/env bash
# Stop the wiki that up.sh started (by the pid it recorded). Pass --purge to delete its installation too.
# The wiki is the one of $MWGEN_WIKI_STATE (default tests/mediawiki/.state), or with --extensions the one
# that up.sh --extensions started (default state tests/mediawiki/.state-ext).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
default_state="$here/.state"
if [ "${1:-}" = "--extensions" ]; then default_state="$here/.state-ext"; shift; fi
state="${MWGEN_WIKI_STATE:-$default_state}"
if [ -f "$state/pid" ]; then
  pid="$(cat "$state/pid")"
  if kill -0 "$pid" 2>/dev/null; then
    # up.sh started the server with setsid: stop its whole process group (PHP's workers included).
    kill -- "-$pid" 2>/dev/null || kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 -- "-$pid" 2>/dev/null || true
    echo "down.sh: stopped pid $pid" >&2
  fi
  rm -f "$state/pid" "$state/port"
fi
if [ "${1:-}" = "--purge" ]; then rm -rf "$state"; echo "down.sh: removed $state" >&2; fi
