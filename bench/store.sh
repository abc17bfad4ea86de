#!/usr/bin/env bash
# The store (issue 20), on SQLite and on PostgreSQL, release build:
#   - orders per second through the full path (add to the visitor's cart, create the
#     checkout, create-order, pay with the test provider) by C visitors at once;
#   - SQL statements per completed purchase (sqlx's statement log, PostgreSQL, where every
#     statement goes through sqlx): target ≤ 20 per checkout (Saleor ≈ 230);
#   - product query by collection sorted by price over PRODUCTS products, c1 p50: ≤ 2 ms.
# Usage: bench/store.sh   Env: PRODUCTS (10000), QUERIES (200), C (8), DURATION (20 s),
#   BACKENDS ("sqlite postgres"), TESSERA_BIN.
# Prints markdown table rows on stdout; progress on stderr.
. "$(dirname "$0")/common.sh"
PRODUCTS=${PRODUCTS:-10000}
QUERIES=${QUERIES:-200}
BACKENDS=${BACKENDS:-sqlite postgres}
C=${C:-8}
DURATION=${DURATION:-20}
tessera_bin
D=$(mktemp -d /tmp/tessera-bench-store.XXXXXX); track_tmp "$D"

# serve NAME STORAGE_ARGS...: starts tessera with a site `bench`; sets BASE, KEY, SPID, LOG.
serve() {
  local name=$1; shift
  KEY=$(init_key "$@")
  PORT=$(free_port); BASE="http://127.0.0.1:$PORT"; LOG="$D/$name.log"
  TESSERA_LOG=warn,sqlx::query=debug "$TESSERA_BIN" serve --listen "127.0.0.1:$PORT" "$@" 2>"$LOG" &
  SPID=$!; track_pid "$SPID"
  wait_http "$BASE/readyz" "$SPID" 30 || { cat "$LOG" >&2; fail "tessera did not start"; }
  curl -fsS -o /dev/null -X POST "$BASE/api/v1/sites" -H "authorization: Bearer $KEY" \
    -H 'content-type: application/json' -d '{"slug":"bench","name":"Bench"}' || fail "site creation failed"
}

statements() { grep -c 'sqlx::query' "$LOG" || true; }

measure() {
  local name=$1
  log "$name: seeding $PRODUCTS products"
  local item before after
  item=$(python3 "$BENCH/store.py" "$BASE" "$KEY" seed "$PRODUCTS" | python3 -c 'import json,sys; print(json.load(sys.stdin)["item"])') ||
    fail "seeding failed"
  python3 "$BENCH/store.py" "$BASE" "$KEY" one "$item" || fail "a purchase failed"
  before=$(statements)
  python3 "$BENCH/store.py" "$BASE" "$KEY" one "$item"
  after=$(statements)
  STMTS=$((after - before))
  QUERY=$(python3 "$BENCH/store.py" "$BASE" "$KEY" query "$QUERIES")
  # The statement log costs time: measure throughput without it.
  kill "$SPID"; wait "$SPID" 2>/dev/null || true
  TESSERA_LOG=warn "$TESSERA_BIN" serve --listen "127.0.0.1:$PORT" "${ARGS[@]}" 2>>"$LOG" &
  SPID=$!; track_pid "$SPID"
  wait_http "$BASE/readyz" "$SPID" 30 || fail "tessera did not restart"
  ORDERS=$(python3 "$BENCH/store.py" "$BASE" "$KEY" orders "$C" "$DURATION")
  kill "$SPID"; wait "$SPID" 2>/dev/null || true
  log "$name: $ORDERS orders/s at c$C, $STMTS statements per purchase (sqlx log), query p50 $QUERY ms"
  echo "| $name | $ORDERS | $STMTS | $QUERY ($(verdict "$QUERY" 2)) |"
}

echo "| backend | orders/s (c$C, full path) | SQL statements per purchase | query by collection sorted by price, $PRODUCTS products, c1 p50 ms (≤ 2) |"
echo "| --- | --- | --- | --- |"
for backend in $BACKENDS; do
  case $backend in
    sqlite) ARGS=(--data-dir "$D/sqlite"); serve sqlite "${ARGS[@]}"; measure SQLite ;;
    postgres) pg_db store; ARGS=(--data-dir "$D/pg" --database-url "$PG_URL"); serve postgres "${ARGS[@]}"; measure PostgreSQL ;;
  esac
done
