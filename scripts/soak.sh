#!/usr/bin/env bash
# Soak test of the stub server (release build), not run in CI: SECONDS (default 600) of mixed loopback
# traffic, the server's memory every 10 s, and a verdict.
#   scripts/soak.sh [SECONDS]
#
# Traffic, all to 127.0.0.1:
# - wrk (Debian's package, installed when missing) with scripts/soak/mix.lua: valid GETs, validation
#   errors (badinteger, a bogus action, too many values), malformed escapes and raw invalid UTF-8 in
#   the request target, urlencoded and multipart POSTs (one multipart without its closing boundary),
#   and bodies over the 8 MiB limit (413); counts by HTTP status and MediaWiki-API-Error code,
#   socket errors and timeouts, latency percentiles;
# - scripts/soak/idle.py: in rounds, a bounded number of idle, half-sent (headers or body) and
#   byte-by-byte connections, held open and then dropped; it reports which ones the server closed
#   and after how long (with or without server timeouts, the script only reports what happens).
#
# Every 10 s it prints the server's VmRSS, open file descriptors, threads, and the answer to a probe
# request. It exits 1 when the server died, does not answer a valid request at the end, answered
# any request with a 5xx, or when its RSS at the end is more than SOAK_RSS_FACTOR (default 2) times
# its RSS after the warm-up (the first sample at or after min(60 s, SECONDS/4)): a leak grows with
# the number of requests, while the allocator's pools stop growing once the first oversized bodies
# have been served.
#
# Settings (environment): SOAK_THREADS (wrk threads, 1), SOAK_CONNS (wrk connections, 8),
# SOAK_IDLE_PER_KIND (8), SOAK_IDLE_HOLD (seconds a round of idle connections lasts, 120),
# SOAK_RSS_FACTOR (2), SOAK_NICE (10: the machine is usually shared; 0 for numbers without it).
# Logs (wrk's and the helper's whole output, the server's) stay in a directory under /tmp, printed.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

duration="${1:-600}"
if ! [[ "$duration" =~ ^[0-9]+$ ]] || ((duration < 20 || duration > 86400)); then
  echo "usage: scripts/soak.sh [SECONDS]   (20 to 86400, default 600)" >&2
  exit 2
fi
wrk_threads="${SOAK_THREADS:-1}"
wrk_conns="${SOAK_CONNS:-8}"
idle_per_kind="${SOAK_IDLE_PER_KIND:-8}"
idle_hold="${SOAK_IDLE_HOLD:-120}"
rss_factor="${SOAK_RSS_FACTOR:-2}"
niceness="${SOAK_NICE:-10}"
interval=10
warmup=$((duration / 4 < 60 ? duration / 4 : 60))

command -v wrk >/dev/null || { echo "installing wrk" >&2; apt-get install -y -qq wrk >/dev/null; }
command -v python3 >/dev/null || { echo "soak.sh needs python3 (scripts/soak/idle.py)" >&2; exit 2; }
command -v curl >/dev/null || { echo "soak.sh needs curl" >&2; exit 2; }

cargo build -q --release -p mediawiki-api --features server --example stub_server
target_dir="${CARGO_TARGET_DIR:-target}"
bin="$target_dir/release/examples/stub_server"
logs="$(mktemp -d "${TMPDIR:-/tmp}/mwgen-soak.XXXXXX")"

server="" wrk_pid="" idle_pid=""
stop() { # pid [signal]: signal it, wait up to 5 s, then SIGKILL; only processes this script started
  local pid="$1" sig="${2:-TERM}"
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 0
  kill "-$sig" "$pid" 2>/dev/null || true
  for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}
cleanup() {
  stop "$idle_pid"
  stop "$wrk_pid" INT
  stop "$server" INT # the stub server shuts down gracefully on SIGINT
}
trap cleanup EXIT
trap 'exit 130' INT TERM

nice -n "$niceness" "$bin" --listen 127.0.0.1:0 >"$logs/server.log" 2>&1 &
server=$!
port=""
for _ in $(seq 1 100); do
  port="$(grep -o 'http://127\.0\.0\.1:[0-9]*' "$logs/server.log" 2>/dev/null | head -n 1 | cut -d: -f3)" || true
  [ -n "$port" ] && break
  kill -0 "$server" 2>/dev/null || break
  sleep 0.1
done
if [ -z "$port" ]; then
  echo "the stub server did not start:" >&2
  cat "$logs/server.log" >&2
  exit 1
fi
url="http://127.0.0.1:$port/api.php"
valid="$url?action=query&list=allpages&aplimit=10&format=json"

rss() { awk '/^VmRSS/ {print $2}' "/proc/$server/status" 2>/dev/null || echo 0; }
hwm() { awk '/^VmHWM/ {print $2}' "/proc/$server/status" 2>/dev/null || echo 0; }
threads() { awk '/^Threads/ {print $2}' "/proc/$server/status" 2>/dev/null || echo 0; }
fds() { { find "/proc/$server/fd" -mindepth 1 -maxdepth 1 2>/dev/null || true; } | wc -l; }
probe() { # prints "STATUS MS", STATUS 000 when there was no answer within 2 s
  local out
  out="$(curl -s -o "$logs/probe.json" --max-time 2 -w '%{http_code} %{time_total}' "$valid" 2>/dev/null)" || true
  awk '{printf "%s %.1f", ($1 == "" ? "000" : $1), $2 * 1000}' <<<"${out:-000 0}"
}

probe >/dev/null # one request before the start sample, so that the server has run once
rss_start="$(rss)" fds_start="$(fds)"
echo "stub server pid $server on $url; $duration s of traffic: wrk -t$wrk_threads -c$wrk_conns" \
  "(scripts/soak/mix.lua) and scripts/soak/idle.py; logs in $logs"
printf '%6s %10s %10s %6s %8s %12s\n' "t (s)" "RSS (kB)" "VmHWM (kB)" "fds" "threads" "probe (ms)"
printf '%6s %10s %10s %6s %8s %12s\n' 0 "$rss_start" "$(hwm)" "$fds_start" "$(threads)" "$(probe)"

nice -n "$niceness" wrk -t"$wrk_threads" -c"$wrk_conns" -d"${duration}s" --timeout 5s \
  -s scripts/soak/mix.lua "$url" >"$logs/wrk.txt" 2>&1 &
wrk_pid=$!
nice -n "$niceness" python3 scripts/soak/idle.py "$port" "$((duration - 5))" "$idle_per_kind" "$idle_hold" \
  >"$logs/idle.txt" 2>&1 &
idle_pid=$!

SECONDS=0
died=0 server_status="" probe_failures=0 rss_warm="" t_warm="" rss_peak="$rss_start" fds_max="$fds_start"
next=$interval
# Bounded: at most duration + 30 s, a sample every 10 s, a liveness check every second.
while ((SECONDS < duration + 30)); do
  if ! kill -0 "$server" 2>/dev/null; then
    died=1
    wait "$server" 2>/dev/null || server_status=$?
    break
  fi
  wrk_alive=0 idle_alive=0
  kill -0 "$wrk_pid" 2>/dev/null && wrk_alive=1
  kill -0 "$idle_pid" 2>/dev/null && idle_alive=1
  ((wrk_alive || idle_alive)) || break
  if ((SECONDS >= next)); then
    r="$(rss)" f="$(fds)" p="$(probe)"
    [ "${p%% *}" = 200 ] || probe_failures=$((probe_failures + 1))
    ((r > rss_peak)) && rss_peak=$r
    ((f > fds_max)) && fds_max=$f
    if [ -z "$rss_warm" ] && ((SECONDS >= warmup)); then rss_warm=$r t_warm=$SECONDS; fi
    printf '%6s %10s %10s %6s %8s %12s\n' "$SECONDS" "$r" "$(hwm)" "$f" "$(threads)" "$p"
    next=$((next + interval))
  fi
  sleep 1
done
stop "$wrk_pid" INT # normally already done (its -d); SIGINT makes wrk print what it has
stop "$idle_pid"
wrk_pid="" idle_pid=""
elapsed=$SECONDS

alive=0 answer="no answer" rss_end=0 hwm_end=0 fds_end=0
if ((died == 0)) && kill -0 "$server" 2>/dev/null; then
  alive=1
  sleep 1 # let the server finish closing what the clients dropped
  rss_end="$(rss)" hwm_end="$(hwm)" fds_end="$(fds)"
  printf '%6s %10s %10s %6s %8s %12s   (traffic stopped)\n' "$SECONDS" "$rss_end" "$hwm_end" "$fds_end" \
    "$(threads)" "$(probe)"
  final="$(curl -s -o "$logs/final.json" --max-time 5 -w '%{http_code} %{time_total}' "$valid" 2>/dev/null)" || true
  if [ "${final%% *}" = 200 ] && grep -q '"validated"' "$logs/final.json"; then
    answer="answers a valid request: $(awk '{printf "HTTP %s in %.1f ms", $1, $2 * 1000}' <<<"$final")"
  else
    answer="does NOT answer a valid request (${final:-no answer within 5 s})"
  fi
fi
[ -n "$rss_warm" ] || { rss_warm=$rss_peak t_warm="-"; }
((rss_end > rss_peak)) && rss_peak=$rss_end

soak() { awk -v k="$1" '$1 == "SOAK" && $2 == k {print $3}' "$logs/wrk.txt"; }
list() { # SOAK lines "SOAK <kind> <name> <count>", as "name count, ...", by count
  awk -v k="$1" '$1 == "SOAK" && $2 == k {print $4, $3}' "$logs/wrk.txt" | sort -rn |
    awk '{printf "%s%s %s", (NR > 1 ? ", " : ""), $2, $1} END {if (NR == 0) printf "-"}'
}
ms() { awk -v us="${1:-0}" 'BEGIN {printf "%.2f ms", us / 1000}'; }
requests="$(soak requests)" dur_us="$(soak duration_us)"
requests="${requests:-0}" dur_us="${dur_us:-1}"
fivexx="$(awk '$1 == "SOAK" && $2 == "status" && $3 >= 500 {n += $4} END {print n + 0}' "$logs/wrk.txt")"
oversize_sent="$(awk '$1 == "SOAK" && $2 == "sent" && $3 ~ /oversize/ {n += $4} END {print n + 0}' "$logs/wrk.txt")"
got_413="$(awk '$1 == "SOAK" && $2 == "status" && $3 == 413 {print $4}' "$logs/wrk.txt")"
malformed_sent="$(awk '$1 == "SOAK" && $2 == "sent" && ($3 == "get_raw_bytes" || $3 ~ /broken/) {n += $4} END {print n + 0}' "$logs/wrk.txt")"
got_400="$(awk '$1 == "SOAK" && $2 == "status" && $3 == 400 {print $4}' "$logs/wrk.txt")"

echo
echo "== soak summary: $duration s asked, $elapsed s run; wrk -t$wrk_threads -c$wrk_conns; nice $niceness; logs $logs =="
printf '%-22s %s\n' "requests (wrk)" "$(awk -v n="$requests" -v us="$dur_us" \
  'BEGIN {printf "%d in %.1f s, %.0f requests/s", n, us / 1e6, n / (us / 1e6)}')"
printf '%-22s %s\n' "latency" "p50 $(ms "$(soak lat_p50_us)"), p99 $(ms "$(soak lat_p99_us)"), p99.9 $(ms "$(soak lat_p99.9_us)"), max $(ms "$(soak lat_max_us)")"
printf '%-22s %s\n' "HTTP status" "$(list status)"
printf '%-22s %s\n' "API errors (HTTP 200)" "$(list apierror)"
printf '%-22s %s\n' "socket errors (wrk)" "connect $(soak err_connect), read $(soak err_read), write $(soak err_write), timeout $(soak err_timeout)"
printf '%-22s %s\n' "expected 413" "$oversize_sent oversized bodies sent, ${got_413:-0} answers 413"
printf '%-22s %s\n' "expected 400" "$malformed_sent malformed requests sent (raw bytes, broken multipart), ${got_400:-0} answers 400"
printf '%-22s %s\n' "sent, by kind" "$(list sent)" | fold -s -w 100 | sed '2,$s/^/                       /'
printf '%-22s %s\n' "RSS" "start $rss_start kB, after warm-up (t=$t_warm s) $rss_warm kB, peak $rss_peak kB (VmHWM $hwm_end kB), end $rss_end kB"
printf '%-22s %s\n' "file descriptors" "start $fds_start, max sampled $fds_max, end $fds_end"
printf '%-22s %s\n' "probes" "$probe_failures of the 10 s probes failed"
sed -n '/^idle connections/,/^IDLE /p' "$logs/idle.txt" | grep -v '^IDLE ' || echo "idle connections: no report (see $logs/idle.txt)"
if ((alive)); then
  printf '%-22s %s\n' "server" "alive, $answer"
else
  printf '%-22s %s\n' "server" "DIED (wait status ${server_status:-unknown}; its output: $logs/server.log)"
fi

failures=()
((alive)) || failures+=("the server died")
((alive == 0)) || [[ "$answer" == answers* ]] || failures+=("the server stopped answering")
((fivexx == 0)) || failures+=("$fivexx answers with a 5xx status")
if ((alive)) && awk -v e="$rss_end" -v w="$rss_warm" -v f="$rss_factor" 'BEGIN {exit !(e > f * w)}'; then
  failures+=("RSS grew from $rss_warm kB after warm-up to $rss_end kB (more than ${rss_factor}x)")
fi
[ -s "$logs/wrk.txt" ] && [ "$requests" -gt 0 ] || failures+=("wrk reported no requests (see $logs/wrk.txt)")
if ((${#failures[@]})); then
  printf 'FAIL: %s\n' "${failures[@]}"
  exit 1
fi
echo "PASS: alive and answering; RSS end/warm-up $(awk -v e="$rss_end" -v w="$rss_warm" 'BEGIN {printf "%.2f", e / w}') (limit $rss_factor); no 5xx"
