#!/usr/bin/env bash
# Records the CI corpus of answers that the response checker reads
# (`cargo run -p mediawiki-api --example check_responses -- FILE`): one JSON object a line,
# {"method","query","response"}.
#
# 1. `mwgen responses --record` against a temporary copy of the spec (spec/ is never written): its
#    probes reach every module that has a response type (they log in and write pages under
#    `Mwgen probe/`).
# 2. The envelope's variants, which the probes do not send: errors in every errorformat, warnings,
#    formatversion=1, rawcontinue, `limits`, servedby/requestid/curtimestamp/responselanginfo, and in-band
#    failures (login, clientlogin, createaccount, checktoken, validatepassword, edit's nochange).
#    These only read, fail, or edit one page, `Corpus/Nochange`, so other tests see no change.
#
# Usage: tests/corpus/record.sh [OUT]   (default target/corpus/responses.jsonl)
# Wiki: $MEDIAWIKI_API_URL (seeded by tests/mediawiki/seed.sh), with up.sh's admin account.
# Needs curl and php (both installed by up.sh). The corpus is written whole at the end, or not at all.
set -Eeuo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
out="${1:-$root/target/corpus/responses.jsonl}"
url="${MEDIAWIKI_API_URL:?record.sh: set MEDIAWIKI_API_URL (tests/mediawiki/up.sh prints it)}"
admin_user="${MWGEN_WIKI_ADMIN:-Admin}"
admin_pass="${MWGEN_WIKI_PASSWORD:-mwgen-admin-password-1}"
bot_pass="${MWGEN_WIKI_BOT_PASSWORD:-mwgenbotpassword0123456789abcdef}"
agent="mwgen-corpus/0.1 (tests/corpus/record.sh)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
started=$(date +%s)

log() { printf 'record.sh: [%ss] %s\n' "$(($(date +%s) - started))" "$*" >&2; }
die() { printf 'record.sh: FAILED: %s\n' "$*" >&2; exit 1; }
trap 'die "command failed at line $LINENO"' ERR

# jv JSON PATH: the value at PATH (tests/mediawiki/seed/json.php).
jv() { printf '%s' "$1" | php "$root/tests/mediawiki/seed/json.php" "$2"; }
# enc TEXT: TEXT url-encoded.
enc() { php -r 'echo rawurlencode($argv[1]);' "$1"; }

# send WHO METHOD QUERY: sends QUERY (already url-encoded) as WHO (a cookie jar), prints the answer.
send() {
  local who="$1" method="$2" query="$3" answer
  if [ "$method" = GET ]; then
    answer="$(curl -sS --max-time 60 -A "$agent" -b "$work/$who.jar" -c "$work/$who.jar" "$url?$query")"
  else
    answer="$(curl -sS --max-time 60 -A "$agent" -b "$work/$who.jar" -c "$work/$who.jar" -H 'Expect:' \
      --data-binary "$query" "$url")"
  fi || die "curl failed for $method $query (is the wiki at $url running?)"
  [[ "$answer" == "{"*"}" && "$answer" != *$'\n'* ]] || die "$method $query: not one line of JSON: ${answer:0:300}"
  printf '%s' "$answer"
}

# rec WHO METHOD QUERY: sends QUERY and appends the request and its answer to the corpus. QUERY is
# url-encoded, so it holds no `"` or `\` and goes into the JSON line as it is.
rec() {
  local answer
  [[ "$3" != *[\"\\]* ]] || die "not url-encoded: $3"
  answer="$(send "$@")"
  printf '{"method":"%s","query":"%s","response":%s}\n' "$2" "$3" "$answer" >>"$work/variants.jsonl"
}

# token WHO TYPE: WHO's TYPE token, url-encoded.
token() {
  local answer
  answer="$(send "$1" GET "format=json&formatversion=2&action=query&meta=tokens&type=$2")"
  enc "$(jv "$answer" "query.tokens.${2}token")"
}

v2="format=json&formatversion=2"
v1="format=json"

log "1/2 probes: mwgen responses --record (spec copied to $work/spec)"
cp -r "$root/spec/mediawiki-1.39" "$work/spec"
(cd "$root" && cargo run -q -p mwgen -- responses --from "$url" --spec "$work/spec" --record "$work/probes.jsonl" \
  --user "$admin_user" --password "$admin_pass" --bot-password "$bot_pass") >&2 ||
  die "mwgen responses --record failed"

log "2/2 envelope variants and in-band failures"
: >"$work/variants.jsonl"
# An error the decoder lets through (missingtitle, raised while the module runs) with a warning
# (an unknown parameter), and the same request without the error, in every errorformat and both
# formatversions; then an error the decoder raises itself (badinteger).
for fv in "$v2" "$v1"; do
  for ef in bc plaintext wikitext html raw none; do
    rec anon GET "$fv&errorformat=$ef&action=parse&page=Corpus%2FNo%20such%20page&corpusunknown=1"
    rec anon GET "$fv&errorformat=$ef&action=query&list=allpages&aplimit=2&corpusunknown=1"
    rec anon GET "$fv&errorformat=$ef&action=query&list=allpages&aplimit=abc"
  done
  # Languages, deprecation warnings, what the main module adds on request, continuation.
  rec anon GET "$fv&errorformat=plaintext&uselang=de&errorlang=fr&action=parse&page=Corpus%2FNo%20such%20page"
  rec anon GET "$fv&action=query&prop=info&inprop=readable&titles=Main%20Page"
  rec anon GET "$fv&servedby=1&requestid=corpus-1&curtimestamp=1&responselanginfo=1&action=query&list=allpages&aplimit=2"
  rec anon GET "$fv&servedby=1&errorformat=plaintext&action=query&list=allpages&aplimit=abc"
  rec anon GET "$fv&action=query&list=allpages&aplimit=max"
  rec anon GET "$fv&rawcontinue=1&action=query&list=allpages&aplimit=2"
  rec anon GET "$fv&rawcontinue=1&action=query&generator=allpages&gaplimit=2&prop=revisions&rvprop=ids%7Ctimestamp"
  rec anon GET "$fv&action=query&generator=allpages&gaplimit=2&prop=revisions%7Cinfo&rvprop=ids%7Ccontent&rvslots=main"
  # Pages in every state, and what formatversion=1 renders differently (keys by id, "" booleans, `*`).
  rec anon GET "$fv&action=query&prop=info&titles=Main%20Page%7CCorpus%2FMissing%7CSpecial%3ARecentChanges%7CTalk%3A%3Cbad%3E"
  rec anon GET "$fv&action=query&prop=info&pageids=999999"
  rec anon GET "$fv&action=query&prop=info&revids=999999"
  rec anon GET "$fv&action=query&prop=revisions&titles=Main%20Page&rvprop=content%7Cids%7Cflags&rvslots=main"
  rec anon GET "$fv&action=query&meta=tokens%7Cuserinfo&uiprop=groups%7Crights"
  rec anon GET "$fv&action=parse&page=Main%20Page&prop=text%7Clinks%7Ccategories"
  rec anon GET "$fv&action=expandtemplates&text=%7B%7BPAGENAME%7D%7D&title=Main%20Page&prop=wikitext"
  rec anon GET "$fv&action=paraminfo&modules=query%2Ballpages"
  rec anon GET "$fv&action=checktoken&type=csrf&token=corpus"
  rec anon POST "$fv&action=validatepassword&user=Corpus%20nobody&password=Corpus%20nobody"
  # In-band failures of the log-in modules, as a user that does not exist.
  rec anon POST "$fv&action=login&lgname=Corpus%20nobody&lgpassword=wrong"
  rec anon POST "$fv&action=login&lgname=Corpus%20nobody&lgpassword=wrong&lgtoken=$(token anon login)"
  rec anon POST "$fv&action=clientlogin&username=Corpus%20nobody&password=wrong&loginreturnurl=http%3A%2F%2F127.0.0.1%2F&logintoken=$(token anon login)"
  rec anon POST "$fv&action=createaccount&username=$(enc "$admin_user")&password=corpus-password-1&retype=corpus-password-1&createreturnurl=http%3A%2F%2F127.0.0.1%2F&createtoken=$(token anon createaccount)"
done

# edit's nochange: the admin saves one page twice with the same text.
answer="$(send admin POST "$v2&action=clientlogin&username=$(enc "$admin_user")&password=$(enc "$admin_pass")&loginreturnurl=http%3A%2F%2F127.0.0.1%2F&logintoken=$(token admin login)")"
[ "$(jv "$answer" clientlogin.status)" = PASS ] || die "clientlogin as $admin_user: $answer"
csrf="$(token admin csrf)"
for fv in "$v2" "$v2" "$v1"; do
  rec admin POST "$fv&action=edit&title=Corpus%2FNochange&text=A%20page%20of%20the%20response%20corpus.&summary=corpus&watchlist=nochange&token=$csrf"
done
rec admin POST "$v2&action=edit&title=Corpus%2FNo%20such%20page&nocreate=1&text=x&token=$csrf"
rec anon POST "$v2&action=edit&title=Corpus%2FNochange&text=x&token=corpus"

mkdir -p "$(dirname "$out")"
cat "$work/probes.jsonl" "$work/variants.jsonl" >"$out.tmp"
mv "$out.tmp" "$out"
log "wrote $out: $(wc -l <"$work/probes.jsonl") probe answers, $(wc -l <"$work/variants.jsonl") variants"
