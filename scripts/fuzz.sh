#!/usr/bin/env bash
# Builds every fuzz target once, replays fuzz/regressions/<target>/, then fuzzes each target for
# SECONDS_PER_TARGET seconds (default 30) and prints one line per target: seconds, executions,
# crashes (new reproducers), regressed (regression inputs that fail). Exits 1 when any target
# crashed or a regression input fails, naming the reproducers; 2 when the build fails.
#
#   scripts/fuzz.sh [SECONDS_PER_TARGET] [TARGET...]
#
# Environment:
#   FUZZ_SANITIZER   cargo fuzz's --sanitizer (default: address; `none` leaves it out)
#   FUZZ_KEEP_GOING  1: fuzz on after a crash (libFuzzer's -fork=1 -ignore_crashes=1), so that one
#                    known crash does not hide others; every reproducer is listed
#   FUZZ_CODEGEN_UNITS  cargo fuzz's --codegen-units (default 1: slowest build, fastest fuzzing)
#   FUZZ_ARGS        more libFuzzer flags for every run (e.g. `-max_len=8192`)
#
# New finds are kept in fuzz/target/corpus/<target>/ (not checked in), next to the checked-in
# seeds of fuzz/corpus/<target>/, which a run only reads. Crash reproducers go to
# fuzz/artifacts/<target>/. See fuzz/README.md.
set -euo pipefail

cd "$(dirname "$0")/.."
root=$(pwd)
seconds=${1:-30}
if ! [[ $seconds =~ ^[0-9]+$ ]] || [ "$seconds" -lt 1 ]; then
    echo "usage: scripts/fuzz.sh [SECONDS_PER_TARGET] [TARGET...]" >&2
    exit 2
fi
shift || true
all_targets=(request_decode router spec_pipeline paraminfo_import client_answer timestamps typed_answer)
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=("${all_targets[@]}")
for t in "${targets[@]}"; do
    [ -f "fuzz/fuzz_targets/$t.rs" ] || { echo "unknown target $t (have: ${all_targets[*]})" >&2; exit 2; }
done
sanitizer=${FUZZ_SANITIZER:-address}

# Tools: a nightly toolchain and cargo-fuzz.
if ! cargo +nightly --version >/dev/null 2>&1; then
    echo "installing the nightly toolchain" >&2
    rustup toolchain install nightly --profile minimal
fi
if ! cargo fuzz --version >/dev/null 2>&1; then
    echo "installing cargo-fuzz" >&2
    cargo install cargo-fuzz --locked
fi

# One build for every target, into fuzz/target (release, debug assertions on: cargo fuzz's defaults).
start=$(date +%s)
build=(--sanitizer "$sanitizer")
[ -z "${FUZZ_CODEGEN_UNITS:-}" ] || build+=(--codegen-units "$FUZZ_CODEGEN_UNITS")
if ! (cd fuzz && cargo +nightly fuzz build "${build[@]}"); then
    echo "fuzz build failed" >&2
    exit 2
fi
echo "built in $(($(date +%s) - start)) s (sanitizer $sanitizer)" >&2
host=$(rustc +nightly -vV | sed -n 's/^host: //p')
bin_dir="$root/fuzz/target/$host/release"

mkdir -p fuzz/target/logs
failed=0
rows=()
reproducers=()
for t in "${targets[@]}"; do
    bin="$bin_dir/$t"
    log="fuzz/target/logs/$t.log"
    mkdir -p "fuzz/target/corpus/$t" "fuzz/artifacts/$t"

    # Regressions: each input once; any failure is a crash that came back (or was never fixed).
    regressed=0
    if compgen -G "fuzz/regressions/$t/*" >/dev/null; then
        for input in fuzz/regressions/"$t"/*; do
            rlog="fuzz/target/logs/$t.regression.$(basename "$input").log"
            if ! "$bin" -runs=1 -artifact_prefix=fuzz/target/regression- "$input" >"$rlog" 2>&1; then
                regressed=$((regressed + 1))
                reproducers+=("$t: regression $input fails (log: $rlog)")
            fi
        done
    fi

    # -print_final_stats prints stat::number_of_executed_units, also when a run ends in a crash.
    # Reproducers are the files the run adds to the artifact directory (crash-, oom-, timeout-,
    # leak-), in either mode.
    mode=()
    [ "${FUZZ_KEEP_GOING:-0}" = 1 ] && mode=(-fork=1 -ignore_crashes=1 -ignore_ooms=1 -ignore_timeouts=1)
    before=$(ls "fuzz/artifacts/$t")
    set +e
    # shellcheck disable=SC2086
    "$bin" "fuzz/target/corpus/$t" "fuzz/corpus/$t" "${mode[@]}" \
        -max_total_time="$seconds" -print_final_stats=1 -timeout=20 \
        -artifact_prefix="fuzz/artifacts/$t/" ${FUZZ_ARGS:-} >"$log" 2>&1
    status=$?
    set -e
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
    # Fork mode prints no final stats: its last status line counts the executions.
    [ -n "$execs" ] || execs=$(sed -n 's/^#\([0-9]*\):.*/\1/p' "$log" | tail -n 1)
    # The files the log names (an input that crashes again has the name it had before) and the
    # new files (fork mode's children log elsewhere).
    found=$({
        sed -n 's/.*Test unit written to \(.*\)$/\1/p' "$log"
        comm -13 <(printf '%s\n' "$before") <(ls "fuzz/artifacts/$t") | sed '/^$/d; s|^|fuzz/artifacts/'"$t"'/|'
    } | sort -u)
    crashes=0
    if [ -n "$found" ]; then
        crashes=$(printf '%s\n' "$found" | wc -l)
        while IFS= read -r f; do
            reproducers+=("$t: $f (log: $log; replay: fuzz/target/$host/release/$t $f)")
        done <<<"$found"
    elif [ "$status" -ne 0 ]; then
        # A failure without a reproducer (the fuzzer could not start, for instance).
        crashes=1
        reproducers+=("$t: exited with status $status without a reproducer; see $log")
    fi
    [ "$crashes" -eq 0 ] && [ "$regressed" -eq 0 ] || failed=1
    rows+=("$(printf '%-18s %8s %12s %8s %10s' "$t" "$seconds" "${execs:-?}" "$crashes" "$regressed")")
done

printf '%-18s %8s %12s %8s %10s\n' target seconds execs crashes regressed
printf '%s\n' "${rows[@]}"
if [ "$failed" -ne 0 ]; then
    echo
    echo "crashes (reproducers):"
    printf '  %s\n' "${reproducers[@]}"
    exit 1
fi
