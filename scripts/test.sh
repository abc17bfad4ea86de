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
# (aiosmtpd), the API fuzzer (schemathesis), an S3-compatible server for media (moto), a
# stateful stand-in for Stripe's API (localstripe) and the Standard Webhooks reference
# library that checks outbound webhooks' signatures (standardwebhooks).
PYENV=${TESSERA_PYENV:-/var/tmp/tessera-py}
if ! "$PYENV/bin/python" -c "import aiosmtpd, schemathesis, moto, localstripe, standardwebhooks" 2>/dev/null ||
  [[ "$("$PYENV/bin/schemathesis" --version)" != *4.32.5 ]] ||
  [[ "$("$PYENV/bin/python" -c 'import moto; print(moto.__version__)')" != 5.2.6 ]]; then
  echo "installing aiosmtpd, schemathesis, moto, localstripe and standardwebhooks"
  python3 -m venv "$PYENV"
  "$PYENV/bin/pip" install -q --disable-pip-version-check aiosmtpd==1.4.6 schemathesis==4.32.5 "moto[server]==5.2.6" localstripe==1.15.10 \
    standardwebhooks==1.3.0
fi
export TESSERA_TEST_PYTHON="$PYENV/bin/python"

# Media tests run against a folder and against moto's S3 server, with a bucket of their own.
S3_PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"$PYENV/bin/moto_server" -H 127.0.0.1 -p "$S3_PORT" >/dev/null 2>&1 &
MOTO_PID=$!
trap 'kill $MOTO_PID 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do curl -sf -o /dev/null "http://127.0.0.1:$S3_PORT/" && break; sleep 0.1; done
curl -sf -o /dev/null -X PUT "http://127.0.0.1:$S3_PORT/tessera-test"
export TESSERA_TEST_S3_URL=s3://tessera-test AWS_ENDPOINT="http://127.0.0.1:$S3_PORT" AWS_ALLOW_HTTP=true \
  AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test AWS_REGION=us-east-1

# Stripe payments run against localstripe, a stateful stand-in for Stripe's API.
STRIPE_PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"$PYENV/bin/localstripe" --port "$STRIPE_PORT" >/dev/null 2>&1 &
STRIPE_PID=$!
trap 'kill $MOTO_PID $STRIPE_PID 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do curl -s -o /dev/null "http://127.0.0.1:$STRIPE_PORT/v1/customers" && break; sleep 0.1; done
export TESSERA_TEST_STRIPE_URL="http://127.0.0.1:$STRIPE_PORT"

# The dashboard app and the site runtime: installed, type-checked and built first (the server
# serves web/app/dist); the runtime's tests run in a DOM and check its gzipped size.
bash scripts/web-build.sh
(cd web && npm test -w app --silent && npm test -w site-runtime --silent)
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
