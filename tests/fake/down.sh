#!/usr/bin/env bash
# Stops the fake wiki that tests/fake/up.sh started.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
state="${MWGEN_FAKE_STATE:-$here/.state}"
if [ -f "$state/pid" ]; then
  kill "$(cat "$state/pid")" 2>/dev/null || true
  rm -f "$state/pid"
fi
