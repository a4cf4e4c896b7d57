#!/usr/bin/env bash
# What the extensions add to the Action API, measured: asks the extension wiki (up.sh --extensions) and the
# core wiki (up.sh) for action=paraminfo of every module — main, every submodule of main (action and
# format modules) and every query submodule, the modules that `modules=main|*|query+*` names — in batches
# of at most 50 modules, and prints Markdown tables:
#   1. the modules per paraminfo `source` (the extension's name as paraminfo spells it: "Abuse Filter");
#   2. the parameters the extension wiki has on a module that the core wiki has too, but the core wiki lacks
#      (paraminfo does not say which extension added them);
#   3. the values of main's action and format and of query's prop, list and meta that only the extension
#      wiki has;
#   4. the AuthManager requests that meta=authmanagerinfo lists for login and create on the extension wiki
#      only (a captcha's fields are not parameters of createaccount in paraminfo: they are dynamic);
# and last anything the core wiki has that the extension wiki lacks (expected: nothing).
#
# Usage: extension_inventory.sh [EXT_API_URL [CORE_API_URL]]
#   defaults: http://127.0.0.1:8145/api.php (up.sh --extensions) and http://127.0.0.1:8139/api.php (up.sh)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ext_url="${1:-http://127.0.0.1:8145/api.php}"
core_url="${2:-http://127.0.0.1:8139/api.php}"
agent="mwgen-inventory/0.1 (tests/mediawiki/extension_inventory.sh)"

# jv JSON PATH...: the values at PATHs (seed/json.php), one line per path.
jv() { printf '%s' "$1" | php "$here/seed/json.php" "${@:2}"; }

paraminfo() { # URL MODULES: paraminfo's answer for MODULES (|-separated)
  local out
  out="$(curl -fsS --max-time 120 -A "$agent" -G --data-urlencode "modules=$2" \
    "$1?action=paraminfo&format=json&formatversion=2")" || { echo "extension_inventory.sh: $1 does not answer" >&2; exit 1; }
  [[ "$out" == '{"paraminfo":'* ]] || { echo "extension_inventory.sh: $1: ${out:0:400}" >&2; exit 1; }
  printf '%s' "$out"
}

# read_wiki PREFIX URL: fills PREFIX_values[action|format|prop|list|meta] (|-joined), PREFIX_source[path]
# and PREFIX_params[path] (|-joined parameter names), PREFIX_paths (every module path, in order).
read_wiki() {
  local -n values="$1_values" source="$1_source" params="$1_params" paths="$1_paths"
  local url="$2" top all=() batch i n lines
  top="$(paraminfo "$url" "main|query")"
  mapfile -t lines < <(jv "$top" \
    paraminfo.modules.0.parameters.name=action.type.* paraminfo.modules.0.parameters.name=format.type.* \
    paraminfo.modules.1.parameters.name=prop.type.* paraminfo.modules.1.parameters.name=list.type.* \
    paraminfo.modules.1.parameters.name=meta.type.* \
    paraminfo.modules.0.parameters.name=action.submodules.* paraminfo.modules.0.parameters.name=format.submodules.* \
    paraminfo.modules.1.parameters.name=prop.submodules.* paraminfo.modules.1.parameters.name=list.submodules.* \
    paraminfo.modules.1.parameters.name=meta.submodules.*)
  values=([action]="${lines[0]}" [format]="${lines[1]}" [prop]="${lines[2]}" [list]="${lines[3]}" [meta]="${lines[4]}")
  IFS='|' read -r -a all <<<"main|${lines[5]}|${lines[6]}|${lines[7]}|${lines[8]}|${lines[9]}"
  paths=()
  for ((i = 0; i < ${#all[@]}; i += 50)); do
    batch="$(IFS='|'; echo "${all[*]:i:50}")"
    local answer got=() src=() args=()
    answer="$(paraminfo "$url" "$batch")"
    n="$(jv "$answer" 'paraminfo.modules.*.path' | tr '|' '\n' | grep -c .)"
    for ((j = 0; j < n; j++)); do args+=("paraminfo.modules.$j.parameters.*.name"); done
    mapfile -t lines < <(jv "$answer" 'paraminfo.modules.*.path' 'paraminfo.modules.*.source' "${args[@]}")
    IFS='|' read -r -a got <<<"${lines[0]}"
    IFS='|' read -r -a src <<<"${lines[1]}"
    for ((j = 0; j < n; j++)); do
      paths+=("${got[j]}")
      source[${got[j]}]="${src[j]}"
      params[${got[j]}]="${lines[j + 2]}"
    done
  done
  [ "${#paths[@]}" = "${#all[@]}" ] || { echo "extension_inventory.sh: $url described ${#paths[@]} of ${#all[@]} modules" >&2; exit 1; }
}

# minus A B: the |-separated members of A that are not in B, joined by ", ".
minus() {
  local a b out=() x
  IFS='|' read -r -a a <<<"$1"
  IFS='|' read -r -a b <<<"$2"
  for x in "${a[@]}"; do
    [[ " ${b[*]} " == *" $x "* ]] || out+=("$x")
  done
  local IFS=','
  echo "${out[*]}" | sed 's/,/, /g'
}

declare -A ext_values ext_source ext_params core_values core_source core_params
ext_paths=() core_paths=()
read_wiki ext "$ext_url"
read_wiki core "$core_url"

echo "## Modules per source, on $ext_url"
echo
echo "| source | modules | count |"
echo "|---|---|---|"
declare -A by_source count
for p in "${ext_paths[@]}"; do
  s="${ext_source[$p]}"
  by_source[$s]="${by_source[$s]:-}${by_source[$s]:+, }$p"
  count[$s]=$(( ${count[$s]:-0} + 1 ))
done
extension_modules=0 sources=0
while IFS= read -r s; do
  [ "$s" = MediaWiki ] && continue
  echo "| $s | ${by_source[$s]} | ${count[$s]} |"
  extension_modules=$((extension_modules + count[$s])); sources=$((sources + 1))
done < <(printf '%s\n' "${!by_source[@]}" | sort -f)
echo "| MediaWiki | (core) | ${count[MediaWiki]:-0} |"
echo
echo "${#ext_paths[@]} modules (main, its action and format modules, the query submodules): $extension_modules from $sources extension sources; the core wiki at $core_url has ${#core_paths[@]}."
not_core=()
for p in "${ext_paths[@]}"; do
  [ "${ext_source[$p]}" = MediaWiki ] && [ -z "${core_source[$p]:-}" ] && not_core+=("$p")
done
[ "${#not_core[@]}" = 0 ] || echo "Modules of source MediaWiki that the core wiki lacks: ${not_core[*]}."

echo
echo "## Parameters added to modules the core wiki has"
echo
echo "| module | added parameters |"
echo "|---|---|"
for p in "${core_paths[@]}"; do
  [ -n "${ext_source[$p]:-}" ] || continue
  added="$(minus "${ext_params[$p]}" "${core_params[$p]}")"
  [ -z "$added" ] || echo "| $p | $added |"
done

echo
echo "## Values added to the core submodule parameters"
echo
echo "| parameter | added values |"
echo "|---|---|"
for k in action format prop list meta; do
  m=main; [ "$k" = action ] || [ "$k" = format ] || m=query
  added="$(minus "${ext_values[$k]}" "${core_values[$k]}")"
  echo "| $m $k | ${added:-(none)} |"
done

echo
echo "## AuthManager requests added (meta=authmanagerinfo, asked anonymously)"
echo
echo "| amirequestsfor | added requests |"
echo "|---|---|"
for r in login create; do
  q="action=query&meta=authmanagerinfo&amirequestsfor=$r&format=json&formatversion=2"
  e="$(curl -fsS --max-time 60 -A "$agent" "$ext_url?$q" | php "$here/seed/json.php" 'query.authmanagerinfo.requests.*.id')"
  c="$(curl -fsS --max-time 60 -A "$agent" "$core_url?$q" | php "$here/seed/json.php" 'query.authmanagerinfo.requests.*.id')"
  added="$(minus "$e" "$c")"
  echo "| $r | ${added:-(none)} |"
done

echo
missing=()
for p in "${core_paths[@]}"; do
  if [ -z "${ext_source[$p]:-}" ]; then missing+=("module $p")
  else
    gone="$(minus "${core_params[$p]}" "${ext_params[$p]}")"
    [ -z "$gone" ] || missing+=("$p: $gone")
  fi
done
if [ "${#missing[@]}" = 0 ]; then echo "The extension wiki has every module and parameter of the core wiki."
else echo "The core wiki has what the extension wiki lacks: ${missing[*]}"; fi
