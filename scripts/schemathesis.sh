#!/usr/bin/env bash
# A bounded schemathesis run against the management API's own OpenAPI document, on SQLite and
# (with TESSERA_TEST_DATABASE_URL) PostgreSQL: every generated request, valid or hostile, must
# be answered without a 5xx. Seeded, so a failure reproduces with the same command.
#
#   TESSERA_BIN=target/debug/tessera bash scripts/schemathesis.sh
#
# SCHEMATHESIS: the schemathesis executable (scripts/test.sh installs it in its virtualenv).
# SCHEMATHESIS_SECONDS: time budget per backend (default 45).
set -euo pipefail
: "${TESSERA_BIN:?set TESSERA_BIN to the tessera binary}"
SCHEMATHESIS=${SCHEMATHESIS:-schemathesis}
SECONDS_PER_BACKEND=${SCHEMATHESIS_SECONDS:-45}

work=$(mktemp -d)
server=
schema=
cleanup() {
  [[ -n "$server" ]] && kill "$server" 2>/dev/null && wait "$server" 2>/dev/null
  [[ -n "$schema" ]] && psql -q "$TESSERA_TEST_DATABASE_URL" -c "SET client_min_messages = warning" -c "DROP SCHEMA IF EXISTS $schema CASCADE"
  rm -rf "$work"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

fuzz() { # $1: backend name, rest: tessera's database arguments
  local backend=$1
  shift
  local port key
  port=$(free_port)
  key=$(cd "$work" && "$TESSERA_BIN" init --email fuzz@example.com --password fuzz-password-1 "$@" | tail -n1)
  (cd "$work" && exec "$TESSERA_BIN" serve --listen "127.0.0.1:$port" "$@" 2>"$work/$backend.log") &
  server=$!
  local base="http://127.0.0.1:$port"
  for _ in $(seq 1 300); do curl -sf "$base/readyz" >/dev/null && break; sleep 0.1; done
  curl -sf -X POST -H "Authorization: Bearer $key" -H 'Content-Type: application/json' \
    -d '{"slug":"fuzz","name":"Fuzz"}' "$base/api/v1/sites" >/dev/null
  # Path parameters `{site}` name the real site, so requests get past the lookup.
  printf '[parameters]\n"path.site" = "fuzz"\n' >"$work/schemathesis.toml"
  echo "schemathesis on $backend ($SECONDS_PER_BACKEND s)"
  # Deleting the site or signing out would leave the rest of the run nothing to reach.
  if ! "$SCHEMATHESIS" --config-file "$work/schemathesis.toml" run "$base/api/v1/openapi.json" \
    --checks not_a_server_error -H "Authorization: Bearer $key" \
    --exclude-operation-id delete_site --exclude-operation-id logout \
    --seed 1 --workers 1 --max-time "$SECONDS_PER_BACKEND" --generation-database none \
    --no-color --warnings off >"$work/$backend.out" 2>&1; then
    cat "$work/$backend.out"
    echo "tessera's log:" && tail -n 50 "$work/$backend.log"
    return 1
  fi
  grep -E '^  [0-9]+ generated' "$work/$backend.out" || tail -n 3 "$work/$backend.out"
  kill "$server" && wait "$server" 2>/dev/null || true
  server=
}

fuzz sqlite --data-dir "$work/data"
if [[ -n "${TESSERA_TEST_DATABASE_URL:-}" ]]; then
  schema="fuzz_$$"
  psql -q "$TESSERA_TEST_DATABASE_URL" -c "CREATE SCHEMA $schema"
  sep='?'
  [[ "$TESSERA_TEST_DATABASE_URL" == *\?* ]] && sep='&'
  fuzz postgres --database-url "${TESSERA_TEST_DATABASE_URL}${sep}options=-csearch_path%3D$schema"
fi
