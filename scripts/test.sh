#!/usr/bin/env bash
# The test command (`make test`): lints, then every test against SQLite and PostgreSQL.
set -euo pipefail
cd "$(dirname "$0")/.."

# PostgreSQL: start the local cluster if nothing answers, then give the run a fresh database.
# Each test makes its own schema inside it, so tests run in parallel without seeing each other.
PGHOST=${PGHOST:-127.0.0.1}
PGPORT=${PGPORT:-5432}
PGUSER=${PGUSER:-postgres}
export PGHOST PGPORT PGUSER
if ! pg_isready -q -h "$PGHOST" -p "$PGPORT"; then
  echo "starting PostgreSQL"
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n1)" main start
  for _ in $(seq 1 50); do pg_isready -q -h "$PGHOST" -p "$PGPORT" && break; sleep 0.2; done
fi
TEST_DB=tessera_test
psql -q -d postgres -c "DROP DATABASE IF EXISTS $TEST_DB WITH (FORCE)" -c "CREATE DATABASE $TEST_DB"
export TESSERA_TEST_DATABASE_URL="postgres://$PGUSER@$PGHOST:$PGPORT/$TEST_DB"

# Python tools in a virtualenv kept between runs: a real SMTP server for the email tests
# (aiosmtpd) and the API fuzzer (schemathesis).
PYENV=${TESSERA_PYENV:-/var/tmp/tessera-py}
if ! "$PYENV/bin/python" -c "import aiosmtpd, schemathesis" 2>/dev/null ||
  [[ "$("$PYENV/bin/schemathesis" --version)" != *4.32.5 ]]; then
  echo "installing aiosmtpd and schemathesis"
  python3 -m venv "$PYENV"
  "$PYENV/bin/pip" install -q --disable-pip-version-check aiosmtpd==1.4.6 schemathesis==4.32.5
fi
export TESSERA_TEST_PYTHON="$PYENV/bin/python"

# The dashboard app: installed, type-checked and built first (the server serves web/app/dist).
bash scripts/web-build.sh
(cd web && npm test -w app --silent)
# Browser tests drive Debian's Chromium.
if [[ ! -x /usr/bin/chromium ]]; then
  echo "installing chromium"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium >/dev/null
fi

cargo fmt --all -- --check
cargo clippy --workspace --all-targets --locked -- -D warnings
cargo test --workspace --locked
# The official Wix JS SDK against the binary just built, on both backends.
TESSERA_BIN="${CARGO_TARGET_DIR:-$PWD/target}/debug/tessera" bash web/sdk-compat/run.sh
# The management API fuzzed from its OpenAPI document: no request may get a 5xx.
TESSERA_BIN="${CARGO_TARGET_DIR:-$PWD/target}/debug/tessera" SCHEMATHESIS="$PYENV/bin/schemathesis" \
  bash scripts/schemathesis.sh
# The dashboard end to end in Chromium, against the same binary (screenshots: web/app/e2e/artifacts).
(cd web/app && TESSERA_BIN="${CARGO_TARGET_DIR:-$PWD/../../target}/debug/tessera" node --test --test-reporter=spec --test-timeout=120000 e2e/)
