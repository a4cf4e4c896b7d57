#!/usr/bin/env bash
# Run every client script against two wikis, each run with its own fresh prefix (all of one length),
# normalise the outputs and compare them line by line: the fake wiki must give what the real one gives.
#
# Usage: tests/clients/compare.sh URL_A URL_B      (each URL = a wiki's api.php)
# Prints a table (script, lines, equal, different) and then every differing line.
# Exit status: 0 when every line is equal; 1 when a line differs or a script fails (named, with its step).
# Outputs stay in tests/clients/out/<time>-<pid>/ (A-<script>.raw|.err|.norm, B-…).
set -euo pipefail
clients_me=compare.sh
# shellcheck source=tests/clients/lib.sh
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib.sh"

[ "$#" = 2 ] || clients_die "usage: compare.sh URL_A URL_B   (each the api.php of a wiki)"
declare -A urls=([A]="$1" [B]="$2")
for side in A B; do
  curl -fsS --max-time 10 "${urls[$side]}?action=query&meta=siteinfo&format=json" 2>/dev/null \
    | grep -q '"general"' || clients_die "no MediaWiki api.php answers at ${urls[$side]} (wiki $side)"
done

clients_install
out="$(clients_outdir)"
for script in "${clients_scripts[@]}"; do
  for side in A B; do
    clients_run_one "$script" "${urls[$side]}" "$(clients_prefix "$side" "$script")" "$out/$side-${script%.py}" \
      || clients_die "$script failed against wiki $side (${urls[$side]}); nothing compared"
  done
done

echo "A = ${urls[A]}"
echo "B = ${urls[B]}"
printf '%-20s %6s %6s %9s\n' script lines equal different
status=0
for script in "${clients_scripts[@]}"; do
  "$clients_python" "$clients_dir/linediff.py" "$script" "$out/A-${script%.py}.norm" "$out/B-${script%.py}.norm" \
    2>"$out/${script%.py}.diff" || status=1
done
for script in "${clients_scripts[@]}"; do
  if [ -s "$out/${script%.py}.diff" ]; then
    echo "--- $script: differing lines"
    cat "$out/${script%.py}.diff"
  fi
done
clients_log "outputs in $out"
[ "$status" = 0 ] || clients_die "the two wikis' outputs differ (see above)"
