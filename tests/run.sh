#!/usr/bin/env bash
# Runs every test of the workspace, live ones included: starts the real wiki (tests/mediawiki/up.sh)
# and seeds it (tests/mediawiki/seed.sh) unless MEDIAWIKI_API_URL is already set, then
# `cargo test --workspace`.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

if [ -z "${MEDIAWIKI_API_URL:-}" ]; then
  line="$(bash tests/mediawiki/up.sh | tail -n 1)"
  export "${line?}"
  bash tests/mediawiki/seed.sh
fi
echo "run.sh: live tests use MEDIAWIKI_API_URL=$MEDIAWIKI_API_URL" >&2
cargo test --workspace --all-targets
cargo test --workspace --doc
