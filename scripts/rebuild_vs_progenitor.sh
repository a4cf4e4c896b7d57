#!/usr/bin/env bash
# Rebuild time of mediawiki-api against a progenitor client generated for the same API (issues 10, 11).
#
#   1. `mwgen export openapi --form-arrays` writes the spec as an OpenAPI 3.0 document: one operation
#      per module (all of them), its parameters, and its answer's schema from the `response` section,
#      so both crates have request and response types.
#   2. cargo-progenitor (installed once into the work dir, PROGENITOR_VERSION) generates a client crate
#      from it. Progenitor is a measurement tool here, never a dependency of this project's crates.
#   3. Both crates' dependencies are built once; then, RUNS times (default 3) and alternately, each
#      crate alone is rebuilt (debug, CARGO_INCREMENTAL=0) after touching its src/lib.rs, and the
#      wall time taken, and the CPU time (user + system of cargo and rustc; a machine busy with other
#      builds inflates it less than the wall time). A run that did not recompile the crate is an error.
#   4. A table: median seconds of each, the ratio mediawiki-api / progenitor, and both crates'
#      generated line counts, beside the goals (ratio <= 1.3: issue 11; mediawiki-api <= 4.5 s: issue 10),
#      and the load average before and after the timed runs.
#
# What the document gives up for progenitor (the export itself stays whole: every module is there):
#   - multi-valued parameters are `style: form` (`--form-arrays`) rather than MediaWiki's
#     `pipeDelimited`, the one query style progenitor accepts; its client then sends a list as
#     repeated keys, which MediaWiki does not read as a list. It does not change what is compiled.
#   - otherwise nothing: the same document is what `mwgen export openapi` writes without that flag.
# mediawiki-api is built with its default features (client, every group); it also holds the server
# side's decoding and validation, which progenitor's client has no counterpart of.
#
# progenitor's client uses its `builder` interface (a builder per operation, named setters: the
# counterpart of a request struct; PROGENITOR_INTERFACE=positional gives methods with one argument
# per parameter instead).
#
# Environment: RUNS (default 3), PROGENITOR_VERSION (default 0.15.1), REBUILD_DIR (default
# $CARGO_TARGET_DIR or target/, then /rebuild-vs-progenitor; kept between runs, so a second run
# reuses the installed tool and the built dependencies). Both crates build in their own target dirs
# there, so no other build's lock is waited on while timing. Needs crates.io for the first run.
#
# Usage: scripts/rebuild_vs_progenitor.sh      (progress on stderr, the table on stdout)
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$REPO"

RUNS=${RUNS:-3}
PROGENITOR_VERSION=${PROGENITOR_VERSION:-0.15.1}
INTERFACE=${PROGENITOR_INTERFACE:-builder}
WORK=${REBUILD_DIR:-${CARGO_TARGET_DIR:-$REPO/target}/rebuild-vs-progenitor}
mkdir -p "$WORK"
WORK=$(cd "$WORK" && pwd)
DOC=$WORK/mediawiki-openapi.json
PROG=$WORK/progenitor-client
TOOLS=$WORK/tools
LOG=$WORK/last.log

log() { printf '[rebuild] %s\n' "$*" >&2; }

# Runs "$@" with its output in $LOG; exits with that output on failure.
run() {
    if ! "$@" >"$LOG" 2>&1; then
        log "failed: $*"
        cat "$LOG" >&2
        exit 1
    fi
}

# Touches LIB, rebuilds with "$@", checks that CRATE was compiled; prints the wall seconds and the
# CPU seconds (user + system, of cargo and rustc), which a busy machine inflates less.
rebuild() {
    local lib=$1 crate=$2 real user sys
    shift 2
    touch "$lib"
    local TIMEFORMAT='%R %U %S'
    if ! { time env CARGO_INCREMENTAL=0 "$@" >"$LOG" 2>&1; } 2>"$WORK/time"; then
        log "failed: $*"
        cat "$LOG" >&2
        exit 1
    fi
    read -r real user sys <"$WORK/time"
    if ! grep -q "Compiling $crate " "$LOG"; then
        log "error: $crate was not recompiled by: $*"
        cat "$LOG" >&2
        exit 1
    fi
    awk -v r="$real" -v u="$user" -v s="$sys" 'BEGIN { printf "%.2f %.2f", r, u + s }'
}

median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
lines() { find "$1" -name '*.rs' -type f -print0 | xargs -0 cat | wc -l; }

# ---------------------------------------------------------------------------------------------------
log "exporting the spec as OpenAPI ($DOC)"
run cargo run -q -p mwgen -- export openapi --spec spec/mediawiki-1.39 --form-arrays --out "$DOC"

GEN=$TOOLS/bin/cargo-progenitor
# The tool has no --version; the installed version is noted beside it.
if [[ ! -x "$GEN" || "$(cat "$TOOLS/progenitor-version" 2>/dev/null)" != "$PROGENITOR_VERSION" ]]; then
    log "installing cargo-progenitor $PROGENITOR_VERSION into $TOOLS (once; 5 to 15 minutes)"
    run env CARGO_TARGET_DIR="$WORK/target-tools" cargo install cargo-progenitor \
        --version "$PROGENITOR_VERSION" --locked --root "$TOOLS" --force
    printf '%s\n' "$PROGENITOR_VERSION" >"$TOOLS/progenitor-version"
fi

log "generating the progenitor client ($PROG)"
rm -rf "$PROG.new"
run "$GEN" progenitor -i "$DOC" -o "$PROG.new" -n mediawiki-progenitor -v 0.0.0 --interface "$INTERFACE"
# Outside this workspace, with the workspace's profile for dependencies (no debug info).
cat >>"$PROG.new/Cargo.toml" <<'EOF'

[profile.dev.package."*"]
debug = false

[workspace]
EOF
# Keep the old copy (and its target dir's fingerprints) when nothing changed.
if [[ -d "$PROG" ]] && diff -rq "$PROG.new" "$PROG" --exclude target --exclude Cargo.lock >/dev/null; then
    rm -rf "$PROG.new"
else
    rm -rf "$PROG"
    mv "$PROG.new" "$PROG"
fi

MW_BUILD=(cargo build -p mediawiki-api)
PROG_BUILD=(cargo build --manifest-path "$PROG/Cargo.toml")

log "building mediawiki-api and its dependencies"
run env CARGO_INCREMENTAL=0 CARGO_TARGET_DIR="$WORK/target-ws" "${MW_BUILD[@]}"
log "building the progenitor client and its dependencies"
run env CARGO_INCREMENTAL=0 CARGO_TARGET_DIR="$WORK/target-prog" "${PROG_BUILD[@]}"

mw=() mw_cpu=() prog=() prog_cpu=()
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
for i in $(seq "$RUNS"); do
    out=$(rebuild generated/src/lib.rs mediawiki-api env CARGO_TARGET_DIR="$WORK/target-ws" "${MW_BUILD[@]}")
    read -r t c <<<"$out"
    mw+=("$t") mw_cpu+=("$c")
    log "run $i/$RUNS: mediawiki-api $t s ($c s CPU)"
    out=$(rebuild "$PROG/src/lib.rs" mediawiki-progenitor env CARGO_TARGET_DIR="$WORK/target-prog" "${PROG_BUILD[@]}")
    read -r t c <<<"$out"
    prog+=("$t") prog_cpu+=("$c")
    log "run $i/$RUNS: progenitor client $t s ($c s CPU)"
done
LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)

MW_MED=$(median "${mw[@]}")
PROG_MED=$(median "${prog[@]}")
MW_CPU=$(median "${mw_cpu[@]}")
PROG_CPU=$(median "${prog_cpu[@]}")
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
RATIO=$(ratio "$MW_MED" "$PROG_MED")
CPU_RATIO=$(ratio "$MW_CPU" "$PROG_CPU")
verdict() { awk -v v="$1" -v g="$2" 'BEGIN { print (v <= g) ? "met" : "NOT met" }'; }
OPS=$(grep -c '"operationId"' "$DOC" || true)

dirty=""
git diff --quiet HEAD -- 2>/dev/null || dirty=" (uncommitted changes)"
printf '\nrebuild: mediawiki-api against progenitor %s, %s\n' "$PROGENITOR_VERSION" "$(date -u '+%Y-%m-%d %H:%M UTC')"
printf 'commit %s%s; %s; %s CPUs; debug, CARGO_INCREMENTAL=0, dependencies built; %s runs, alternating\n' \
    "$(git rev-parse --short HEAD 2>/dev/null || echo '?')" "$dirty" "$(rustc --version)" "$(nproc)" "$RUNS"
printf 'OpenAPI document: %s (%s operations, %s bytes); progenitor interface: %s\n\n' \
    "$DOC" "$OPS" "$(wc -c <"$DOC")" "$INTERFACE"
{
    printf 'crate\twall (median)\twall runs (s)\tCPU (median)\tCPU runs (s)\tgenerated lines\n'
    printf 'mediawiki-api\t%s s\t%s\t%s s\t%s\t%s (generated/src)\n' \
        "$MW_MED" "${mw[*]}" "$MW_CPU" "${mw_cpu[*]}" "$(lines generated/src)"
    printf 'progenitor client\t%s s\t%s\t%s s\t%s\t%s (%s)\n' \
        "$PROG_MED" "${prog[*]}" "$PROG_CPU" "${prog_cpu[*]}" "$(lines "$PROG/src")" "$PROG/src"
} | awk -F'\t' '
    { for (i = 1; i <= NF; i++) { c[NR, i] = $i; if (length($i) > w[i]) w[i] = length($i) } n = NR }
    END {
        for (r = 1; r <= n; r++) {
            line = ""
            for (i = 1; i < 6; i++) line = line sprintf("%-" w[i] "s  ", c[r, i])
            print line c[r, 6]
        }
    }'
printf '\nload average (1, 5, 15 min) before the timed runs: %s; after: %s\n' "$LOAD_BEFORE" "$LOAD_AFTER"
printf 'ratio mediawiki-api / progenitor: %s wall, %s CPU   goal <= 1.3 (issue 11): %s\n' \
    "$RATIO" "$CPU_RATIO" "$(verdict "$RATIO" 1.3)"
printf 'mediawiki-api median: %s s wall, %s s CPU          goal <= 4.5 s wall (issue 10): %s\n' \
    "$MW_MED" "$MW_CPU" "$(verdict "$MW_MED" 4.5)"
