#!/usr/bin/env bash
# SDK compatibility suite: the official @wix/sdk + @wix/data against a real `tessera` binary.
#
#   bash web/sdk-compat/run.sh                     # SQLite
#   TESSERA_TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/tessera_test \
#     bash web/sdk-compat/run.sh                   # SQLite, then PostgreSQL
#
# TESSERA_BIN: the binary to test. Unset, the debug binary is built first (into
# CARGO_TARGET_DIR, default /var/tmp/tessera-target). Extra arguments go to `node --test`,
# e.g. --test-name-pattern=bulk. SDK_COMPAT_TRACE=1 prints every SDK request and answer.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"

if [[ -z "${TESSERA_BIN:-}" ]]; then
  target="${CARGO_TARGET_DIR:-/var/tmp/tessera-target}"
  (cd "$repo" && CARGO_TARGET_DIR="$target" cargo build --quiet -p tessera-server)
  export TESSERA_BIN="$target/debug/tessera"
fi
if [[ ! -x "$TESSERA_BIN" ]]; then
  echo "TESSERA_BIN=$TESSERA_BIN is not an executable" >&2
  exit 1
fi

cd "$here"
# npm keeps a copy of the lock file it installed from in node_modules/.package-lock.json.
if [[ ! -f node_modules/.package-lock.json ]] ||
  [[ package-lock.json -nt node_modules/.package-lock.json ]] ||
  [[ package.json -nt node_modules/.package-lock.json ]]; then
  npm ci --no-audit --no-fund --loglevel=error
fi

exec node --test --test-reporter=spec --test-timeout=120000 "$@"
