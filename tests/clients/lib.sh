# Shared by run.sh and compare.sh (sourced, not run): install the clients, run one script, normalise.
# shellcheck shell=bash

clients_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
clients_python="$clients_dir/.venv/bin/python"
clients_scripts=(mwclient_ops.py pywikibot_ops.py)
clients_timeout="${CLIENTS_TIMEOUT:-600}"

clients_log() { printf '%s: %s\n' "$clients_me" "$*" >&2; }
clients_die() { clients_log "ERROR: $*"; exit 1; }

# Installs (or checks, when already installed) the venv and Debian's mwclient; quiet unless it fails.
clients_install() {
  local log
  log="$(mktemp)"
  if ! bash "$clients_dir/install.sh" >"$log" 2>&1; then
    cat "$log" >&2; rm -f "$log"
    clients_die "tests/clients/install.sh failed (see above)"
  fi
  rm -f "$log"
}

# A directory for this invocation's raw and normalised outputs (tests/clients/out/, gitignored).
clients_outdir() {
  local dir
  dir="${CLIENTS_OUT:-$clients_dir/out}/$(date -u +%Y%m%dT%H%M%S)-$$"
  mkdir -p "$dir"
  echo "$dir"
}

# A fresh prefix: every one has the same length, so that page sizes agree between runs.
# $1 = one letter for the wiki, $2 = the script's file name.
clients_prefix() {
  printf 'Clients %s %s %s%s' "$(date -u +%Y%m%dT%H%M%S)" "$(od -An -N2 -tx2 /dev/urandom | tr -d ' ')" \
    "$1" "${2:0:1}"
}

# Runs one script against one wiki and normalises its output.
# $1 = script, $2 = URL, $3 = prefix, $4 = output path stem ($4.raw, $4.err, $4.norm).
clients_run_one() {
  local script="$1" url="$2" prefix="$3" stem="$4" rc=0
  clients_log "$script against $url with prefix '$prefix'"
  (cd "$clients_dir" && timeout "$clients_timeout" "$clients_python" "$script" "$url" "$prefix") \
    >"$stem.raw" 2>"$stem.err" </dev/null || rc=$?
  if [ "$rc" -ne 0 ]; then
    local why="exit $rc" failed
    [ "$rc" != 124 ] || why="timed out after ${clients_timeout}s"
    clients_log "last lines of $script's stderr ($stem.err):"
    tail -n 25 "$stem.err" | sed 's/^/    /' >&2
    clients_log "last facts it printed ($stem.raw):"
    tail -n 5 "$stem.raw" | sed 's/^/    /' >&2
    failed="$(grep -m1 -o "FAILED at step '[^']*'" "$stem.err" || echo "before its first step")"
    clients_log "ERROR: $script failed against $url ($why): $failed"
    return 1
  fi
  if ! grep -qx "done: $script" "$stem.raw"; then
    clients_log "ERROR: $script exited 0 against $url but did not print 'done: $script'"
    return 1
  fi
  "$clients_python" "$clients_dir/normalize.py" "$stem.raw" >"$stem.norm" \
    || { clients_log "ERROR: normalize.py failed on $stem.raw"; return 1; }
}
