#!/usr/bin/env bash
# Makes the databases that tests/upgrade.rs opens: what a release wrote, upgraded in place by
# this one. Run with that release's binary; the committed files came from 496365b, the last
# release whose collection indexes were partial indexes on data_items (before migration 0017).
#
#   git worktree add /tmp/old 496365b && (cd /tmp/old && cargo build -p tessera-server)
#   crates/store/tests/upgrade/make.sh /tmp/old/target/debug/tessera 496365b
#
# Writes <release>.sqlite.sql (sqlite3's .dump) and <release>.postgres.sql (pg_dump with INSERTs,
# no schema name, so that the test loads it into a schema of its own) beside this script. Needs PostgreSQL at
# PG (postgres://postgres@127.0.0.1:5432).
set -euo pipefail
BIN=$(realpath "$1"); RELEASE=$2
HERE=$(cd "$(dirname "$0")" && pwd)
PG=${PG:-postgres://postgres@127.0.0.1:5432}
T=$(mktemp -d)
PIDS=()
trap 'kill "${PIDS[@]}" 2>/dev/null; rm -rf "$T"' EXIT

make_db() { # STORAGE_ARGS...: one owner, the demo site and the "shop" site through the API
  local port key
  key=$("$BIN" init --email owner@example.com --password upgrade-password-1 "$@" | tail -n1)
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  "$BIN" serve --listen "127.0.0.1:$port" --demo "$@" 2>"$T/serve.log" &
  PIDS+=($!)
  for _ in $(seq 100); do curl -sf "http://127.0.0.1:$port/readyz" >/dev/null && break; sleep 0.1; done
  python3 "$HERE/seed.py" "http://127.0.0.1:$port" "$key"
  kill "${PIDS[-1]}"; wait "${PIDS[-1]}" 2>/dev/null || true
}

make_db --data-dir "$T/data"
sqlite3 "$T/data/tessera.db" .dump >"$HERE/$RELEASE.sqlite.sql"

db=upgrade_fixture_$$
psql -q "$PG/postgres" -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db"
make_db --data-dir "$T/pgdata" --database-url "$PG/$db"
pg_dump --inserts --no-owner --no-privileges --no-comments --schema=public "$PG/$db" |
  grep -v -e '^SET ' -e '^\\' -e "set_config('search_path'" -e '^CREATE SCHEMA' -e '^--' |
  sed -e 's/\bpublic\.//g' | cat -s >"$HERE/$RELEASE.postgres.sql"
psql -q "$PG/postgres" -c "DROP DATABASE $db"
ls -l "$HERE/$RELEASE".*
