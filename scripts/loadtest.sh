#!/usr/bin/env bash
# Loopback load test of the stub server (release build) and of the real wiki, with wrk (Debian's
# package): requests/s and errors on a request that fails validation and on a valid allpages request,
# and the stub server's memory before and after. Baseline: a bare axum handler (stub_server --bare)
# answering a fixed body of the failing answer's size, alternated with the stub, and their ratio.
# Then the fake wiki (mediawiki-fake, release build) beside the real wiki on the valid allpages
# request, alternated, with the fake's memory before and after, and the ratio fake / real.
# Bounded: 10 s per run, 2 threads, 8 connections. Builds into $CARGO_TARGET_DIR (default target/).
#   scripts/loadtest.sh [MEDIAWIKI_API_URL]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
command -v wrk >/dev/null || { echo "installing wrk" >&2; apt-get install -y -qq wrk >/dev/null; }
wiki="${1:-${MEDIAWIKI_API_URL:-}}"
port="${STUB_PORT:-18199}"
duration="${DURATION:-10s}"

tgt="${CARGO_TARGET_DIR:-target}"
cargo build -q --release -p mediawiki-api --features server --example stub_server
cargo build -q --release -p mediawiki-fake --bin mediawiki-fake
"$tgt"/release/examples/stub_server --listen "127.0.0.1:$port" >/dev/null &
pid=$!
for _ in $(seq 1 50); do curl -fs "http://127.0.0.1:$port/api.php?action=query&format=json" >/dev/null && break; sleep 0.1; done

bad="action=query&list=allpages&aplimit=abc&format=json&formatversion=2"
good="action=query&list=allpages&apfrom=Foo&apnamespace=0&aplimit=50&apfilterredir=nonredirects&apdir=ascending&format=json&formatversion=2"
rss() { awk '/VmRSS/ {print $2 " kB"}' "/proc/$1/status"; }

# The bare baseline: the same serve loop, no router, a body as long as the failing answer.
bare_port=$((port + 1))
bad_size="$(curl -fs "http://127.0.0.1:$port/api.php?$bad" | wc -c)"
"$tgt"/release/examples/stub_server --listen "127.0.0.1:$bare_port" --bare "$bad_size" >/dev/null &
bare_pid=$!
# The fake wiki, in memory.
fake_port=$((port + 2))
"$tgt"/release/mediawiki-fake --listen "127.0.0.1:$fake_port" >/dev/null 2>&1 &
fake_pid=$!
trap 'kill -INT $pid $bare_pid $fake_pid 2>/dev/null || true' EXIT
for _ in $(seq 1 50); do curl -fs "http://127.0.0.1:$bare_port/api.php" >/dev/null && break; sleep 0.1; done

run() { # label url
  local out rps errs
  out="$(wrk -t2 -c8 -d"$duration" --latency "$2" 2>&1)"
  rps="$(awk '/Requests\/sec/ {print $2}' <<<"$out")"
  errs="$(awk '/Non-2xx|Socket errors/ {print}' <<<"$out" | tr '\n' ' ')"
  printf '%-44s %12s req/s   %s\n' "$1" "$rps" "${errs:-0 errors}"
  last_rps="$rps"
}

# Memory is flat when the RSS stops growing once the allocator has warmed up: printed after each run.
echo "stub server RSS before: $(rss $pid)"
run "stub server, failing request (badinteger)" "http://127.0.0.1:$port/api.php?$bad"
echo "stub server RSS: $(rss $pid)"
run "stub server, valid allpages request" "http://127.0.0.1:$port/api.php?$good"
echo "stub server RSS: $(rss $pid)"
run "stub server, failing request again" "http://127.0.0.1:$port/api.php?$bad"
echo "stub server RSS: $(rss $pid)"
run "stub server, valid allpages request again" "http://127.0.0.1:$port/api.php?$good"
echo "stub server RSS after:  $(rss $pid)"

# Alternating, so that the machine's noise falls on both alike.
stub_total=0; bare_total=0
for round in 1 2; do
  run "bare axum handler, $bad_size-byte body ($round)" "http://127.0.0.1:$bare_port/api.php"
  bare_total="$(awk -v a="$bare_total" -v b="$last_rps" 'BEGIN {print a + b}')"
  run "stub server, failing request ($round)" "http://127.0.0.1:$port/api.php?$bad"
  stub_total="$(awk -v a="$stub_total" -v b="$last_rps" 'BEGIN {print a + b}')"
done
awk -v s="$stub_total" -v b="$bare_total" 'BEGIN {printf "stub / bare on the failing request: %.2f\n", s / b}'
if [ -n "$wiki" ]; then
  run "real MediaWiki (php -S), failing request" "$wiki?$bad"
fi

# The fake wiki beside the real one, on the valid allpages request, alternated.
for _ in $(seq 1 50); do curl -fs "http://127.0.0.1:$fake_port/api.php?action=query&format=json" >/dev/null && break; sleep 0.1; done
echo "fake wiki answers: $(curl -fs "http://127.0.0.1:$fake_port/api.php?$good" | head -c 160)"
echo "fake wiki RSS before: $(rss $fake_pid)"
fake_total=0; real_total=0
for round in 1 2; do
  run "fake wiki, valid allpages ($round)" "http://127.0.0.1:$fake_port/api.php?$good"
  fake_total="$(awk -v a="$fake_total" -v b="$last_rps" 'BEGIN {print a + b}')"
  echo "fake wiki RSS: $(rss $fake_pid)"
  if [ -n "$wiki" ]; then
    run "real MediaWiki (php -S), valid allpages ($round)" "$wiki?$good"
    real_total="$(awk -v a="$real_total" -v b="$last_rps" 'BEGIN {print a + b}')"
  fi
done
echo "fake wiki RSS after:  $(rss $fake_pid)"
if [ -n "$wiki" ]; then
  awk -v f="$fake_total" -v r="$real_total" 'BEGIN {printf "fake / real MediaWiki on the valid allpages request: %.0fx\n", f / r}'
fi
echo "commands: wrk -t2 -c8 -d$duration --latency URL"
