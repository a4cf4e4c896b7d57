#!/usr/bin/env bash
# Run every client script (mwclient_ops.py, pywikibot_ops.py) once against one wiki, each with a
# fresh prefix, and print their normalised outputs. This is what CI calls.
#
# Usage: tests/clients/run.sh URL        (URL = the wiki's api.php, e.g. http://127.0.0.1:8150/api.php)
#        (or MEDIAWIKI_API_URL=… tests/clients/run.sh)
# Exit status: 0 when every script finished; 1 (with the failing script and step) otherwise.
# Raw outputs, stderr and normalised outputs stay in tests/clients/out/<time>-<pid>/.
set -euo pipefail
clients_me=run.sh
# shellcheck source=tests/clients/lib.sh
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib.sh"

url="${1:-${MEDIAWIKI_API_URL:-}}"
[ "$#" -le 1 ] && [ -n "$url" ] || clients_die "usage: run.sh URL   (the wiki's api.php)"
curl -fsS --max-time 10 "$url?action=query&meta=siteinfo&format=json" 2>/dev/null | grep -q '"general"' \
  || clients_die "no MediaWiki api.php answers at $url"

clients_install
out="$(clients_outdir)"
failed=0
for script in "${clients_scripts[@]}"; do
  stem="$out/${script%.py}"
  if clients_run_one "$script" "$url" "$(clients_prefix R "$script")" "$stem"; then
    echo "== $script ($(wc -l <"$stem.norm") lines)"
    cat "$stem.norm"
  else
    failed=1
  fi
done
clients_log "outputs in $out"
[ "$failed" = 0 ] || clients_die "a client script failed (see above)"
