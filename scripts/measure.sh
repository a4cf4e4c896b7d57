#!/usr/bin/env bash
# Measures the generator and what it produces, and prints one aligned table:
#
#   1. `mwgen generate` wall time for every module of the spec (release binary), 5 runs, median and
#      min: into an empty directory (every file written) and into a copy of generated/src (only
#      changed files written). Never writes into generated/src.
#   2. Size of the generated code in generated/src (files, lines, bytes), the same without the
#      response types (`--no-responses`), and the longest line.
#   3. Rebuild time of `mediawiki-api` alone (debug, CARGO_INCREMENTAL=0, dependencies already
#      built): touch generated/src/lib.rs, then `cargo build -p mediawiki-api`; 3 runs, each shown.
#   4. The same for a five-module crate (edit, query, query+allpages, query+revisions, block),
#      generated into a throwaway crate in a temporary directory outside the repository that
#      depends on mwgen-runtime by path.
#
# Builds for 3 and 4 use their own CARGO_TARGET_DIR in the temporary directory, so the workspace's
# target/ is neither disturbed nor shared (no waiting on its lock while timing); their first build
# compiles the dependencies and takes a while. Set MEASURE_WS_TARGET_DIR=target to time 3 against
# the workspace's own target dir instead, and KEEP_TMP=1 to keep the temporary directory.
#
# Usage: scripts/measure.sh            (progress goes to stderr, the table to stdout)
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$REPO"

SPEC=spec/mediawiki-1.39
FIVE_MODULES=edit,query,query+allpages,query+revisions,block
GEN_RUNS=${GEN_RUNS:-5}
BUILD_RUNS=${BUILD_RUNS:-3}
MWGEN=target/release/mwgen

TMP=$(mktemp -d "${TMPDIR:-/tmp}/mwgen-measure.XXXXXX")
if [[ "${KEEP_TMP:-0}" == 1 ]]; then
    trap 'echo "kept $TMP" >&2' EXIT
else
    trap 'rm -rf "$TMP"' EXIT
fi
WS_TARGET=${MEASURE_WS_TARGET_DIR:-$TMP/target-ws}

log() { printf '[measure] %s\n' "$*" >&2; }

# Microseconds since the epoch (bash 5's EPOCHREALTIME; the decimal separator may be `.` or `,`).
now_us() {
    local t=${EPOCHREALTIME/[.,]/}
    printf '%s' "$((10#$t))"
}

# Runs "$@" with its output in $LAST_LOG; sets LAST_MS to the wall time in milliseconds (3 decimals).
LAST_MS=0
LAST_LOG=$TMP/last.log
timed() {
    local t0 t1
    t0=$(now_us)
    if ! "$@" >"$LAST_LOG" 2>&1; then
        log "failed: $*"
        cat "$LAST_LOG" >&2
        exit 1
    fi
    t1=$(now_us)
    LAST_MS=$(awk -v d="$((t1 - t0))" 'BEGIN { printf "%.3f", d / 1000 }')
}

# Median and min of the numbers given (milliseconds): "median X ms, min Y ms".
median_min() {
    printf '%s\n' "$@" | sort -g | awk '
        { v[NR] = $1 }
        END {
            m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
            printf "median %.1f ms, min %.1f ms (n=%d)", m, v[1], NR
        }'
}

fmt_s() { awk -v ms="$1" 'BEGIN { printf "%.2f s", ms / 1000 }'; }

# Table rows: number, measurement, result, command (tab-separated).
ROWS=()
row() { ROWS+=("$1"$'\t'"$2"$'\t'"$3"$'\t'"$4"); }

# Size of the .rs files under a directory: "F files, L lines, B bytes (K KiB)".
code_size() {
    local dir=$1 files lines bytes
    files=$(find "$dir" -name '*.rs' -type f | wc -l)
    read -r lines bytes < <(find "$dir" -name '*.rs' -type f -print0 | xargs -0 cat | wc -l -c)
    printf '%d files, %d lines, %d bytes (%d KiB)' "$files" "$lines" "$bytes" "$((bytes / 1024))"
}

# A timed rebuild after touching a crate's lib.rs; fails loudly if the crate was not recompiled.
rebuild() {
    local lib=$1 crate=$2
    shift 2
    touch "$lib"
    timed env CARGO_INCREMENTAL=0 "$@"
    if ! grep -q "Compiling $crate " "$LAST_LOG"; then
        log "warning: $crate was not recompiled by: $*"
        cat "$LAST_LOG" >&2
    fi
}

# ---------------------------------------------------------------------------------------------------
# 1. Generator speed.

log "building the release mwgen binary"
timed cargo build --release -p mwgen
MODULES=$(find "$SPEC" -name '*.yaml' ! -name wiki.yaml | wc -l)

log "mwgen generate x$GEN_RUNS into an empty directory"
cold=()
for _ in $(seq "$GEN_RUNS"); do
    rm -rf "$TMP/gen-empty"
    timed "$MWGEN" generate --spec "$SPEC" --out "$TMP/gen-empty/src"
    cold+=("$LAST_MS")
done
row 1a "mwgen generate, $MODULES modules, into an empty dir (all files written)" \
    "$(median_min "${cold[@]}")" \
    "$MWGEN generate --spec $SPEC --out <tmp>/gen-empty/src   (dir removed before each run)"

log "mwgen generate x$GEN_RUNS into a copy of generated/src"
mkdir -p "$TMP/gen-copy"
cp -R generated/src "$TMP/gen-copy/src"
warm=()
first_report=
for _ in $(seq "$GEN_RUNS"); do
    timed "$MWGEN" generate --spec "$SPEC" --out "$TMP/gen-copy/src"
    warm+=("$LAST_MS")
    [[ -n "$first_report" ]] || first_report=$(grep -o '[0-9]* written' "$LAST_LOG" | head -1 || true)
done
row 1b "mwgen generate, $MODULES modules, into a copy of generated/src (1st run: ${first_report:-?})" \
    "$(median_min "${warm[@]}")" \
    "cp -R generated/src <tmp>/gen-copy/src; $MWGEN generate --spec $SPEC --out <tmp>/gen-copy/src"

# ---------------------------------------------------------------------------------------------------
# 2. Generated code size.

row 2 "generated code: generated/src/**/*.rs" "$(code_size generated/src)" \
    "find generated/src -name '*.rs' | xargs cat | wc -l -c"
# The request side alone (what the crate was before typed responses), for issue 10's goal.
"$MWGEN" generate --spec "$SPEC" --no-responses --out "$TMP/gen-requests/src" >/dev/null
row 2b "generated code without the response types (--no-responses)" "$(code_size "$TMP/gen-requests/src")" \
    "$MWGEN generate --no-responses --out <tmp>/gen-requests/src; then as 2"
longest=$(find generated/src -name '*.rs' -type f -print0 | xargs -0 awk '{ if (length > m) m = length } END { print m }')
row 2c "longest generated line (characters)" "$longest" \
    "awk '{ if (length > m) m = length } END { print m }' generated/src/**/*.rs"

# ---------------------------------------------------------------------------------------------------
# 3. mediawiki-api rebuild.

log "building mediawiki-api and its dependencies (CARGO_TARGET_DIR=$WS_TARGET)"
timed env CARGO_INCREMENTAL=0 CARGO_TARGET_DIR="$WS_TARGET" cargo build -p mediawiki-api
row 3a "mediawiki-api: first build, with dependencies (debug)" "$(fmt_s "$LAST_MS")" \
    "CARGO_INCREMENTAL=0 CARGO_TARGET_DIR=<tmp>/target-ws cargo build -p mediawiki-api"
for i in $(seq "$BUILD_RUNS"); do
    log "mediawiki-api rebuild $i/$BUILD_RUNS"
    rebuild generated/src/lib.rs mediawiki-api \
        env CARGO_TARGET_DIR="$WS_TARGET" cargo build -p mediawiki-api
    row "3.$i" "mediawiki-api ($MODULES modules): rebuild after touch, run $i" "$(fmt_s "$LAST_MS")" \
        "touch generated/src/lib.rs; CARGO_INCREMENTAL=0 CARGO_TARGET_DIR=<tmp>/target-ws cargo build -p mediawiki-api"
done

# ---------------------------------------------------------------------------------------------------
# 4. A five-module crate.

FIVE=$TMP/five
mkdir -p "$FIVE"
cat >"$FIVE/Cargo.toml" <<EOF
[package]
name = "mwapi-five"
version = "0.0.0"
edition = "2021"
publish = false
# src/main.rs would be the generated \`main\` module group, not a binary.
autobins = false

[dependencies]
mwgen-runtime = { path = "$REPO/runtime", features = ["server"] }

# As in the workspace.
[profile.dev.package."*"]
debug = false

[workspace]
EOF
cp Cargo.lock "$FIVE/Cargo.lock" # the workspace's dependency versions

log "generating the five-module crate"
timed "$MWGEN" generate --spec "$SPEC" --out "$FIVE/src" --modules "$FIVE_MODULES" --no-cargo-features
row 4a "five-module crate: generated code" "$(code_size "$FIVE/src")" \
    "$MWGEN generate --spec $SPEC --out <tmp>/five/src --modules $FIVE_MODULES --no-cargo-features"

log "building the five-module crate and its dependencies"
timed env CARGO_INCREMENTAL=0 CARGO_TARGET_DIR="$FIVE/target" cargo build --manifest-path "$FIVE/Cargo.toml"
row 4b "five-module crate: first build, with dependencies (debug)" "$(fmt_s "$LAST_MS")" \
    "CARGO_INCREMENTAL=0 CARGO_TARGET_DIR=<tmp>/five/target cargo build --manifest-path <tmp>/five/Cargo.toml"
for i in $(seq "$BUILD_RUNS"); do
    log "five-module crate rebuild $i/$BUILD_RUNS"
    rebuild "$FIVE/src/lib.rs" mwapi-five \
        env CARGO_TARGET_DIR="$FIVE/target" cargo build --manifest-path "$FIVE/Cargo.toml"
    row "4.$i" "five-module crate: rebuild after touch, run $i" "$(fmt_s "$LAST_MS")" \
        "touch <tmp>/five/src/lib.rs; CARGO_INCREMENTAL=0 CARGO_TARGET_DIR=<tmp>/five/target cargo build --manifest-path <tmp>/five/Cargo.toml"
done

# ---------------------------------------------------------------------------------------------------
# The table.

dirty=""
git diff --quiet HEAD -- 2>/dev/null || dirty=" (working tree has uncommitted changes)"
printf '\nmwgen measurements, %s\n' "$(date -u '+%Y-%m-%d %H:%M UTC')"
printf 'commit %s%s; %s; %s CPUs; <tmp> = %s\n\n' \
    "$(git rev-parse --short HEAD 2>/dev/null || echo '?')" "$dirty" "$(rustc --version)" "$(nproc)" "$TMP"
{
    printf '#\tmeasurement\tresult\tcommand\n'
    printf '%s\n' "${ROWS[@]}"
} | awk -F'\t' '
    { for (i = 1; i <= NF; i++) { cell[NR, i] = $i; if (length($i) > w[i]) w[i] = length($i) } n = NR }
    END {
        for (r = 1; r <= n; r++) {
            line = sprintf("%-" w[1] "s  %-" w[2] "s  %-" w[3] "s  %s", cell[r, 1], cell[r, 2], cell[r, 3], cell[r, 4])
            print line
            if (r == 1) {
                sep = ""
                for (i = 1; i <= 3; i++) { s = sprintf("%" w[i] "s", ""); gsub(/ /, "-", s); sep = sep s "  " }
                print sep "-------"
            }
        }
    }'
