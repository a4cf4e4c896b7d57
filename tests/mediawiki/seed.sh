#!/usr/bin/env bash
# Fill the wiki that up.sh started with varied data, so that response probes and live tests see every
# field: pages in ten namespaces, unicode and RTL titles, redirects (to a section, double, one linked
# from a plain page), categories (hidden, empty), templates, files (one with two versions, one
# deleted), many revisions by several users (minor, bot, anonymous, tagged, rolled back, undone),
# deleted and revision-deleted content, protections (edit, move, cascade, create), blocks (expiring,
# partial, IP range), patrol, change tags, a content model change, moves, watchlist entries and a
# new-message flag for Admin.
#
# Everything goes through api.php (curl with one cookie jar per user), so it works on any wiki that has
# up.sh's settings and the Admin account. The only local step is optional: when the wiki's
# LocalSettings.php is on this machine, maintenance/runJobs.php drains the job queue, since up.sh sets
# $wgJobRunRate = 0 and web requests never run jobs.
#
# Idempotent: the last step writes a marker page; a run that finds it does nothing (bump seed_version
# when the seed changes). A run that stopped partway can be repeated: every step tolerates what an
# earlier run did, at the price of a few more revisions.
#
# Wiki: $MEDIAWIKI_API_URL, or the one up.sh runs for $MWGEN_WIKI_STATE (its port file).
set -Eeuo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
state="${MWGEN_WIKI_STATE:-$here/.state}"
admin_user="${MWGEN_WIKI_ADMIN:-Admin}"
admin_pass="${MWGEN_WIKI_PASSWORD:-mwgen-admin-password-1}"
user_pass="mwgen-seed-password-1"
seed_version="mwgen seed v2"
marker="Project:Seed marker"
far="2099-01-01T00:00:00Z"
agent="mwgen-seed/0.1 (tests/mediawiki/seed.sh)"

if [ -z "${MEDIAWIKI_API_URL:-}" ]; then
  [ -f "$state/port" ] || { echo "seed.sh: MEDIAWIKI_API_URL is unset and $state/port is missing; run up.sh first" >&2; exit 1; }
  MEDIAWIKI_API_URL="http://127.0.0.1:$(cat "$state/port")/api.php"
fi
url="$MEDIAWIKI_API_URL"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
started=$(date +%s)
step="start"
edits=0
declare -A tok made

# Anything that fails outside die() still names its step and line (once: die leaves a flag).
trap '[ -e "$work/died" ] && exit 1; die "command failed at line $LINENO"' ERR

log() { printf 'seed.sh: %s\n' "$*" >&2; }
die() { printf 'seed.sh: FAILED at step "%s": %s\n' "$step" "$*" >&2; : >"$work/died"; exit 1; }
begin() { step="$1"; log "[$(( $(date +%s) - started ))s] $step"; }
# jv JSON PATH...: the values at PATHs (see seed/json.php), one per line.
jv() { printf '%s' "$1" | php "$here/seed/json.php" "${@:2}"; }
# record KIND ITEM: remember what was created, for the summary.
record() { made[$1]="${made[$1]:-}${made[$1]:+, }$2"; }

# api WHO OKCODES CURL-ARGS...: POST to api.php as WHO (a cookie jar), print the answer. Fails loudly on a
# transport error, an answer that is not JSON, or an API error whose code is not in OKCODES.
api() {
  local who="$1" ok=" $2 " out code
  shift 2
  out="$(curl -sS --max-time 120 -A "$agent" -b "$work/$who.jar" -c "$work/$who.jar" -H 'Expect:' "$@" \
    "$url?format=json&formatversion=2")" || die "$who: curl failed (is the wiki at $url running?)"
  # MediaWiki puts "error" first; matching it here saves a PHP start per request (half the run time).
  [[ "$out" == "{"* ]] || die "$who: the wiki did not answer JSON: ${out:0:400}"
  if [[ "$out" =~ ^\{\"error\":\{\"code\":\"([^\"]*)\" ]]; then
    code="${BASH_REMATCH[1]}"
    [[ "$ok" == *" $code "* ]] || die "$who: the wiki answered error '$code': $(jv "$out" error.info)"
  fi
  printf '%s' "$out"
}

# post WHO OKCODES KEY=VALUE...: api with url-encoded fields.
post() {
  local who="$1" ok="$2" a args=()
  shift 2
  for a in "$@"; do args+=(--data-urlencode "$a"); done
  api "$who" "$ok" "${args[@]}"
}

# tokens WHO TYPES: fetch WHO's tokens (csrf|patrol|rollback|watch…) into tok[WHO:type].
tokens() {
  local who="$1" out t
  out="$(post "$who" "" action=query meta=tokens "type=$2")"
  for t in ${2//|/ }; do
    tok[$who:$t]="$(jv "$out" "query.tokens.${t}token")"
    [ -n "${tok[$who:$t]}" ] || die "$who: no $t token in $out"
  done
}

# login WHO NAME PASSWORD: clientlogin into jar WHO, then fetch its csrf token.
login() {
  local who="$1" out status
  out="$(post "$who" "" action=query meta=tokens type=login)"
  out="$(post "$who" "" action=clientlogin "username=$2" "password=$3" "loginreturnurl=http://127.0.0.1/" \
    "logintoken=$(jv "$out" query.tokens.logintoken)")"
  status="$(jv "$out" clientlogin.status)"
  [ "$status" = PASS ] || die "clientlogin as $2: $out"
  tokens "$who" csrf
}

# account NAME [CREATOR]: create an account, anonymously (newusers/create) or by CREATOR (create2).
account() {
  local name="$1" who="${2:-anon-$1}" out status
  out="$(post "$who" "" action=query meta=tokens type=createaccount)"
  out="$(post "$who" "" action=createaccount "username=$name" "password=$user_pass" "retype=$user_pass" \
    "createreturnurl=http://127.0.0.1/" "reason=seed account" \
    "createtoken=$(jv "$out" query.tokens.createaccounttoken)")"
  status="$(jv "$out" createaccount.status)"
  case "$status:$(jv "$out" createaccount.messagecode)" in
    PASS:*) record accounts "$name" ;;
    FAIL:userexists) ;;
    *) die "createaccount $name: $out" ;;
  esac
}

# edit WHO TITLE TEXT [KEY=VALUE...]: save a revision; sets $rev to its id (empty for a null edit).
edit() {
  local who="$1" title="$2" text="$3" out
  shift 3
  out="$(post "$who" "" action=edit "title=$title" "text=$text" "token=${tok[$who:csrf]}" "$@")"
  [[ "$out" == *'"result":"Success"'* ]] || die "edit $title as $who: $out"
  rev=""
  if [[ "$out" =~ \"newrevid\":([0-9]+) ]]; then rev="${BASH_REMATCH[1]}"; edits=$((edits + 1)); fi
}

# act WHO OKCODES ACTION KEY=VALUE...: any write action with WHO's csrf token.
act() {
  local who="$1" ok="$2" action="$3"
  shift 3
  post "$who" "$ok" "action=$action" "token=${tok[$who:csrf]}" "$@" >/dev/null
}

exists() { # TITLE: does the page exist? (Called in `if`, where set -e is off: exit by hand.)
  local out
  out="$(post anon "" action=query "titles=$1")" || exit 1
  [ -z "$(jv "$out" query.pages.0.missing)" ]
}

upload() { # WHO FILENAME PATH COMMENT [PAGE-TEXT [NOTE]]
  local out result
  out="$(api "$1" "fileexists-no-change" -F action=upload --form-string "filename=$2" -F "file=@$3" \
    --form-string "comment=$4" --form-string "text=${5:-$4}" -F ignorewarnings=1 \
    --form-string "token=${tok[$1:csrf]}")"
  result="$(jv "$out" upload.result)"
  case "$result:$(jv "$out" error.code)" in
    Success:) record files "$2${6:-}" ;;
    :fileexists-no-change) ;;
    *) die "upload $2 as $1: $out" ;;
  esac
}

# --- already seeded? -------------------------------------------------------------------------------
begin "marker check"
out="$(post anon "" action=query prop=revisions rvprop=content rvslots=main "titles=$marker")"
if [ "$(jv "$out" query.pages.0.revisions.0.slots.main.content)" = "$seed_version" ]; then
  log "already seeded ($marker says '$seed_version'); nothing to do"
  exit 0
fi

# --- accounts, logins, rights, tags ----------------------------------------------------------------
begin "accounts"
account Alice
account Bob
login admin "$admin_user" "$admin_pass"
tokens admin "csrf|patrol|rollback|watch|userrights"
for name in Carol Mallory SeedBot; do account "$name" admin; done
login alice Alice "$user_pass"
login bob Bob "$user_pass"
login carol Carol "$user_pass"
login bot SeedBot "$user_pass"
tokens anon csrf

begin "user rights"
# Revision deletion needs deleterevision, which 1.39 gives only to the suppress group; a bureaucrat may
# add any group (the userrights right), so Admin joins it instead of the wiki's settings changing.
post admin "" action=userrights "user=$admin_user" add=suppress "reason=seed: revision deletion" \
  "token=${tok[admin:userrights]}" >/dev/null
post admin "" action=userrights user=SeedBot add=bot "reason=seed: a bot account" "token=${tok[admin:userrights]}" >/dev/null
post admin "" action=userrights user=Bob add=sysop "expiry=$far" "reason=seed: a temporary admin" \
  "token=${tok[admin:userrights]}" >/dev/null
record rights "$admin_user +suppress, SeedBot +bot, Bob +sysop until $far"

begin "change tags"
act admin "tags-create-already-exists" managetags operation=create tag=seed-tag "reason=seed: a tag for edits" ignorewarnings=1
# An earlier run that stopped late left seed-tag deactivated (see below); "not allowed" means active.
act admin "tags-activate-not-allowed" managetags operation=activate tag=seed-tag "reason=seed: in use again" ignorewarnings=1
act admin "tags-create-already-exists" managetags operation=create tag=seed-retired "reason=seed: a tag to retire" ignorewarnings=1
act admin "tags-deactivate-not-allowed" managetags operation=deactivate tag=seed-retired "reason=seed: retired"
record tags "seed-tag (applied to edits, then deactivated), seed-retired (deactivated unused)"

begin "watchlist"
post admin "" action=watch "titles=Seed main page|Ünïcödé ページ|Seed many revisions|Seed protected page|Talk:Seed main page" \
  "token=${tok[admin:watch]}" >/dev/null
record watchlist "5 titles for $admin_user"

# --- templates and categories first, so that pages using them link at once -------------------------
begin "templates and categories"
edit admin "Template:Seed box" '<div class="seed-box">{{{1|empty box}}}</div><noinclude>
A box. Use: <code><nowiki>{{Seed box|text}}</nowiki></code>. [[Category:Seed templates]]</noinclude>' "summary=seed: a template"
edit admin "Template:Seed infobox" '{| class="infobox"
! {{{name|{{PAGENAME}}}}}
|-
| colour: {{{colour|none}}}
|}<includeonly>[[Category:Seed fruits]]</includeonly>' "summary=seed: a template that categorises"
edit admin "Category:Seed fruits" 'Pages about fruit. [[Category:Seed hidden]]' "summary=seed: a category"
edit admin "Category:Seed hidden" '__HIDDENCAT__ A hidden maintenance category.' "summary=seed: a hidden category"
edit admin "Category:Seed empty" 'A category page with no members.' "summary=seed: an empty category"
edit admin "Category:Seed templates" 'Templates of the seed.' "summary=seed: a category for templates"
record pages "Template:Seed box, Template:Seed infobox, Category:Seed fruits/hidden/empty/templates"

# --- pages in many namespaces ----------------------------------------------------------------------
begin "pages"
edit admin "Seed main page" '{{DISPLAYTITLE:Seed main page}}{{DEFAULTSORT:Main page, seed}}
The seed main page links to [[Seed sections]], [[Ünïcödé ページ]], [[שלום עולם]], a missing [[Seed missing page]],
[[Help:Seed help|the help]] and [[:Category:Seed empty]]; outside: [https://example.org/ example.org],
https://www.mediawiki.org/wiki/API:Main_page and [//example.com/protocol-relative a relative one].
{{Seed box|transcluded text}}
{{Seed infobox|name=Apple|colour=red}}
[[File:Seed square.png|thumb|A square]]
== History ==
Written by the seed. [[Category:Seed fruits]] [[Category:Seed hidden]]' "summary=seed: the main page"
edit admin "Seed sections" '__TOC__
== Alpha ==
First.
== Beta ==
Second, the target of [[Seed section redirect]].
=== Beta one ===
A subsection.
== Gamma ==
Third. {{Seed box}}' "summary=seed: a page with sections"
edit alice "Ünïcödé ページ" 'Ünïcödé text: ページ, Ελληνικά, кириллица. [[Category:Seed fruits]]' "summary=seed: unicode"
edit bob "שלום עולם" 'טקסט מימין לשמאל. [[Seed main page]]' "summary=seed: right to left"
edit admin "Seed redirect" '#REDIRECT [[Seed main page]]' "summary=seed: a redirect"
edit admin "Seed section redirect" '#REDIRECT [[Seed sections#Beta]]' "summary=seed: a redirect to a section"
edit admin "Seed double redirect" '#REDIRECT [[Seed redirect]]' "summary=seed: a double redirect"
edit admin "Seed broken redirect" '#REDIRECT [[Seed missing page]]' "summary=seed: a redirect to a missing page"
# A plain page linking to a redirect: the redirect's own backlinks (list=backlinks&blredirect's
# `redirlinks`) are then a redirect (the double one) and a page that is not.
edit carol "Seed redirect reader" 'Reads [[Seed redirect]], which leads to the main page.' "summary=seed: a link to a redirect"
edit admin "Talk:Seed main page" 'Is this page good? --[[User:Admin|Admin]]' "summary=seed: a talk page"
edit alice "User:Alice" 'I am Alice, a seed user. {{Seed box|Alice}}' "summary=seed: a user page"
edit bob "User talk:Bob" 'Welcome, Bob!' "summary=seed: a user talk page"
edit admin "Project:Seed about" 'About this test wiki. See [[Seed main page]].' "summary=seed: a project page"
edit admin "Help:Seed help" 'How to use the seed wiki. {{Seed box|help}}' "summary=seed: a help page"
edit admin "MediaWiki:Seed-notice" 'A customised interface message.' "summary=seed: an interface message"
edit carol "Seed sandbox" 'Carol was here.' "summary=seed: the sandbox"
edit anon "Seed sandbox" 'Carol was here. An IP was here too.' "summary=seed: an anonymous edit"
edit anon "Talk:Seed sandbox" 'A comment from an IP.' "summary=seed: an anonymous talk page"
edit admin "Seed json page" '{"fruit": "apple", "count": 3}' "summary=seed: JSON, as wikitext for now"
record pages "main, Talk, User, User talk, Project, Help, MediaWiki namespaces; 4 redirects (section, double, broken), a link to one"

# --- many revisions: continuation batches at small limits -----------------------------------------
begin "many revisions"
writers=(alice bob bot admin anon carol)
for i in $(seq 1 20); do
  who="${writers[$((i % ${#writers[@]}))]}"
  extra=("summary=seed: revision $i by $who")
  [ $((i % 3)) -eq 0 ] && extra+=(minor=1)
  [ "$who" = bot ] && extra+=(bot=1)
  [ $((i % 4)) -eq 0 ] && [ "$who" != anon ] && extra+=(tags=seed-tag)
  edit "$who" "Seed many revisions" "Revision $i of many, by $who.
$(printf '* line %s\n' $(seq 1 "$i"))" "${extra[@]}"
  case "$i" in 2) hide_user_rev="$rev" ;; 3) hide_text_rev="$rev" ;; 4) suppress_rev="$rev" ;; 5) tag_rev="$rev" ;; esac
done
for i in $(seq 2 13); do
  who="${writers[$((i % 5))]}"
  extra=("summary=seed: unicode revision $i")
  [ "$who" = bot ] && extra+=(bot=1)
  edit "$who" "Ünïcödé ページ" "Ünïcödé text, version $i: ページ $i. [[Category:Seed fruits]]" "${extra[@]}"
done
record revisions "Seed many revisions (20), Ünïcödé ページ (13)"

begin "rollback and undo"
edit alice "Seed rollback page" 'Good text.' "summary=seed: good"
edit bob "Seed rollback page" 'Bad text.' "summary=seed: bad"
edit bob "Seed rollback page" 'Worse text.' "summary=seed: worse"
post admin "alreadyrolled onlyauthor" action=rollback "title=Seed rollback page" user=Bob \
  "summary=seed: rolled back" "token=${tok[admin:rollback]}" >/dev/null
edit alice "Seed undo page" 'First version.' "summary=seed: first"
edit bob "Seed undo page" 'Second version.' "summary=seed: second"
act alice "" edit "title=Seed undo page" "undo=$rev" "summary=seed: undo Bob"
edits=$((edits + 1))
edit alice "Seed blanked page" 'Some text.' "summary=seed: text"
edit alice "Seed blanked page" '' "summary=seed: blanked"
record revisions "a rollback, an undo, a blanking"

begin "user talk message"
edit alice "User talk:$admin_user" "== Hello ==
A message for you. --[[User:Alice|Alice]]" "summary=seed: a message for $admin_user (hasmsg)"

# --- files ----------------------------------------------------------------------------------------
begin "files"
php "$here/seed/png.php" 4 4 cc2200 "$work/square-1.png"
php "$here/seed/png.php" 8 8 0033cc "$work/square-2.png"
php "$here/seed/png.php" 2 3 22aa22 "$work/doomed.png"
cat >"$work/drawing.svg" <<'SVG'
<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20" viewBox="0 0 40 20">
  <rect width="40" height="20" fill="#fc0"/><circle cx="10" cy="10" r="6" fill="#06c"/>
</svg>
SVG
# A second run must not add versions: two re-uploads within one second collide in the archive.
out="$(post anon "" action=query prop=imageinfo iilimit=max "titles=File:Seed square.png")"
versions="$(jv "$out" query.pages.0.imageinfo | { grep -o '"timestamp"' || true; } | wc -l)"
[ "$versions" -ge 1 ] || upload alice "Seed square.png" "$work/square-1.png" "seed: a red square" "A square. [[Category:Seed fruits]]"
[ "$versions" -ge 2 ] || upload bob "Seed square.png" "$work/square-2.png" "seed: a bigger blue square (second version)" "" " (version 2)"
upload admin "Seed drawing.svg" "$work/drawing.svg" "seed: a drawing" "An SVG drawing."
upload admin "Seed doomed.png" "$work/doomed.png" "seed: a file to delete"
act admin "missingtitle" delete "title=File:Seed doomed.png" "reason=seed: a deleted file"

# --- deletions, revision deletion --------------------------------------------------------------------
begin "deletions"
edit alice "Seed deleted page" 'Doomed text.' "summary=seed: doomed"
edit bob "Seed deleted page" 'Doomed text, edited.' "summary=seed: still doomed"
act admin "missingtitle" delete "title=Seed deleted page" "reason=seed: a deleted page"
edit alice "Seed recreated page" 'The first life.' "summary=seed: first life"
act admin "missingtitle" delete "title=Seed recreated page" "reason=seed: deleted before recreation"
edit alice "Seed recreated page" 'The second life.' "summary=seed: recreated"
act admin "" revisiondelete type=revision "target=Seed many revisions" "ids=$hide_user_rev" "hide=comment|user" \
  "reason=seed: hide a summary and a user"
act admin "" revisiondelete type=revision "target=Seed many revisions" "ids=$hide_text_rev" hide=content \
  "reason=seed: hide a text"
act admin "" revisiondelete type=revision "target=Seed many revisions" "ids=$suppress_rev" hide=comment suppress=yes \
  "reason=seed: a suppressed summary"
record deleted "Seed deleted page, Seed recreated page (deleted history), File:Seed doomed.png; 3 revisions revision-deleted (one suppressed)"

# --- protections ----------------------------------------------------------------------------------
begin "protections"
edit admin "Seed protected page" 'Only admins edit or move this.' "summary=seed: to protect"
edit admin "Seed semiprotected page" 'Only autoconfirmed users edit this.' "summary=seed: to semi-protect"
edit admin "Seed cascade page" '{{Seed box|cascading}}' "summary=seed: cascades to the template"
act admin "" protect "title=Seed protected page" "protections=edit=sysop|move=sysop" "expiry=$far|infinite" \
  "reason=seed: full protection"
act admin "" protect "title=Seed semiprotected page" "protections=edit=autoconfirmed|move=autoconfirmed" \
  "expiry=1 year|infinite" "reason=seed: semi-protection"
act admin "" protect "title=Seed cascade page" "protections=edit=sysop" expiry=infinite cascade=1 \
  "reason=seed: cascading protection"
act admin "" protect "title=Seed salted title" "protections=create=sysop" "expiry=$far" "reason=seed: create protection"
record protections "Seed protected page (edit, move), Seed semiprotected page, Seed cascade page (cascade), Seed salted title (create)"

# --- moves, content model, patrol, tags on old revisions -------------------------------------------
begin "moves"
if ! exists "Seed move target"; then
  edit alice "Seed move source" 'A page that moves.' "summary=seed: to move"
  edit alice "Talk:Seed move source" 'Its talk page moves too.' "summary=seed: to move"
  act admin "" move "from=Seed move source" "to=Seed move target" movetalk=1 "reason=seed: a move that leaves a redirect"
fi
if ! exists "Seed quiet target"; then
  edit alice "Seed quiet source" 'A page that moves without a redirect.' "summary=seed: to move"
  act admin "" move "from=Seed quiet source" "to=Seed quiet target" noredirect=1 "reason=seed: a move without a redirect"
fi
record moves "Seed move source → Seed move target (with talk, redirect left), Seed quiet source → Seed quiet target"

begin "content model"
act alice "nochanges" changecontentmodel "title=Seed json page" model=json "summary=seed: now JSON"

begin "patrol"
out="$(post admin "" action=query list=recentchanges rcuser=Alice rcshow='!patrolled' rcprop=ids rclimit=2)"
for rcid in $(jv "$out" query.recentchanges.0.rcid query.recentchanges.1.rcid); do
  post admin "" action=patrol "rcid=$rcid" "token=${tok[admin:patrol]}" >/dev/null
  record patrolled "rc $rcid"
done

begin "tag an old revision, retire the tag"
act admin "" tag "revid=$tag_rev" add=seed-tag "reason=seed: tagged afterwards"
# An active user-defined tag is a value of every `tags` parameter in paraminfo, which would make the wiki
# differ from the checked-in spec (tests/tests/live_import.rs). Deactivated, it stays on its revisions
# and in list=tags, and paraminfo is the same as on an unseeded wiki.
act admin "tags-deactivate-not-allowed" managetags operation=deactivate tag=seed-tag "reason=seed: keep paraminfo as it was"

# --- blocks ---------------------------------------------------------------------------------------
begin "blocks"
act admin "alreadyblocked" block user=Mallory "expiry=$far" reblock=1 "reason=seed: a user blocked until $far"
act admin "alreadyblocked" block user=Mallory "expiry=$far" nocreate=1 reblock=1 "reason=seed: reblocked, no account creation"
act admin "alreadyblocked" block user=Carol partial=1 "pagerestrictions=Seed main page|Seed protected page" namespacerestrictions=10 \
  expiry=infinite reblock=1 allowusertalk=1 "reason=seed: a partial block"
act admin "alreadyblocked" block user=192.0.2.0/24 anononly=1 "expiry=$far" reblock=1 "reason=seed: an IP range block"
act admin "alreadyblocked" block user=198.51.100.23 expiry=infinite reblock=1 allowusertalk=1 "reason=seed: an IP block"
act admin "alreadyblocked" block user=203.0.113.5 "expiry=1 day" reblock=1 "reason=seed: blocked, then unblocked"
act admin "cantunblock" unblock user=203.0.113.5 "reason=seed: unblocked"
record blocks "Mallory (until $far), Carol (partial), 192.0.2.0/24, 198.51.100.23 (infinite); 203.0.113.5 unblocked"

# --- the job queue (local wikis only), the marker -----------------------------------------------------
begin "job queue"
if [ -f "$state/install/LocalSettings.php" ] && [ -f "$state/port" ] && [ "$url" = "http://127.0.0.1:$(cat "$state/port")/api.php" ]; then
  MW_CONFIG_FILE="$state/install/LocalSettings.php" php /usr/share/mediawiki/maintenance/runJobs.php \
    --maxtime 30 >"$work/jobs.log" 2>&1 || { tail -n 20 "$work/jobs.log" >&2; die "runJobs.php failed"; }
  record jobs "$(grep -c 'good' "$work/jobs.log" || true) run by maintenance/runJobs.php"
fi

begin "marker"
edit admin "$marker" "$seed_version" "summary=seed: done"

begin "summary"
out="$(post anon "" action=query meta=siteinfo siprop=statistics list=logevents leprop=type lelimit=500)"
log "done in $(( $(date +%s) - started ))s at $url: $edits revisions saved"
for kind in accounts rights tags watchlist pages revisions files deleted protections moves patrolled blocks jobs; do
  [ -n "${made[$kind]:-}" ] && log "  $kind: ${made[$kind]}"
done
log "  wiki now: $(jv "$out" query.statistics.edits) edits, $(jv "$out" query.statistics.pages) pages, $(jv "$out" query.statistics.images) files"
exit 0
