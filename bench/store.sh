#!/usr/bin/env bash
# The store (issue 20), on SQLite and on PostgreSQL, release build:
#   - orders per second through the full path (add to the visitor's cart, create the
#     checkout, create-order, pay with the test provider) by C visitors at once;
#   - SQL statements per completed purchase (sqlx's statement log, PostgreSQL, where every
#     statement goes through sqlx): target ≤ 20 per checkout (Saleor ≈ 230);
#   - product query by collection sorted by price over PRODUCTS products, c1 p50: ≤ 2 ms;
#   - the product page (/product-page/<slug>, rendered on every request), wrk c64: ≥ 2,000 req/s.
# Usage: bench/store.sh   Env: PRODUCTS (10000), QUERIES (200), C (8), DURATION (20 s),
#   BACKENDS ("sqlite postgres"), TESSERA_BIN, SHOW_STATEMENTS (1: list each statement counted).
# Prints markdown table rows on stdout; progress on stderr.
. "$(dirname "$0")/common.sh"
PRODUCTS=${PRODUCTS:-10000}
QUERIES=${QUERIES:-200}
BACKENDS=${BACKENDS:-sqlite postgres}
C=${C:-8}
DURATION=${DURATION:-20}
apt_install wrk
tessera_bin
D=$(mktemp -d /tmp/tessera-bench-store.XXXXXX); track_tmp "$D"

# serve NAME STORAGE_ARGS...: starts tessera with a site `bench`; sets BASE, KEY, SPID, LOG.
serve() {
  local name=$1; shift
  KEY=$(init_key "$@")
  PORT=$(free_port); BASE="http://127.0.0.1:$PORT"; LOG="$D/$name.log"
  restart warn
  curl -fsS -o /dev/null -X POST "$BASE/api/v1/sites" -H "authorization: Bearer $KEY" \
    -H 'content-type: application/json' -d '{"slug":"bench","name":"Bench"}' || fail "site creation failed"
  # The store's pages are the published site's.
  curl -fsS -o /dev/null -X POST "$BASE/api/v1/sites/bench/publish" -H "authorization: Bearer $KEY" \
    || fail "publishing failed"
}

# restart LOG_FILTER: (re)starts the server of ARGS on PORT; the statement log costs time, so
# it is on only while statements are counted.
restart() {
  [ -n "${SPID:-}" ] && { kill "$SPID"; wait "$SPID" 2>/dev/null || true; }
  TESSERA_LOG=$1 "$TESSERA_BIN" serve --listen "127.0.0.1:$PORT" "${ARGS[@]}" 2>>"$LOG" &
  SPID=$!; track_pid "$SPID"
  wait_http "$BASE/readyz" "$SPID" 30 || { cat "$LOG" >&2; fail "tessera did not start"; }
}

# The statement log is written in the background: count once it stops growing.
statements() {
  local a b
  b=$(grep -c 'sqlx::query' "$LOG" || true)
  while :; do
    sleep 0.3; a=$b; b=$(grep -c 'sqlx::query' "$LOG" || true)
    [ "$a" = "$b" ] && break
  done
  echo "$b"
}

# show_statements FROM TO WHAT: with SHOW_STATEMENTS=1, the statements FROM..TO of the log on
# stderr, one line each (what to make fewer of).
show_statements() {
  [ "${SHOW_STATEMENTS:-}" = 1 ] || return 0
  log "statements of $3:"
  grep 'sqlx::query' "$LOG" | sed -n "$(($1 + 1)),$2p" | sed -E 's/.*summary="([^"]*)".*/  \1/' | cut -c1-160 >&2
}

measure() {
  local name=$1
  log "$name: seeding $PRODUCTS products"
  local item before after
  item=$(python3 "$BENCH/store.py" "$BASE" "$KEY" seed "$PRODUCTS" | python3 -c 'import json,sys; print(json.load(sys.stdin)["item"])') ||
    fail "seeding failed"
  restart warn,sqlx::query=debug
  python3 "$BENCH/store.py" "$BASE" "$KEY" one "$item" || fail "a purchase failed"
  before=$(statements)
  python3 "$BENCH/store.py" "$BASE" "$KEY" one "$item"
  after=$(statements)
  STMTS=$((after - before))
  show_statements "$before" "$after" "a purchase"
  local host="bench.localhost:$PORT"
  curl -fsS -o /dev/null -H "Host: $host" "$BASE/product-page/bench-item" || fail "the product page did not load"
  before=$(statements)
  curl -fsS -o /dev/null -H "Host: $host" "$BASE/product-page/bench-item"
  after=$(statements)
  PAGE_STMTS=$((after - before))
  show_statements "$before" "$after" "a product page"
  restart warn
  QUERY=$(python3 "$BENCH/store.py" "$BASE" "$KEY" query "$QUERIES")
  curl -fsS -o /dev/null -H "Host: $host" "$BASE/product-page/bench-item" || fail "the product page did not load"
  WRK_DURATION=3s run_wrk "$D/$name-warm.txt" "$BASE/product-page/bench-item" -H "Host: $host"
  run_wrk_cpu "$SPID" "$D/$name-product.txt" "$BASE/product-page/bench-item" -H "Host: $host"
  [ "$NON2XX" = 0 ] || fail "$NON2XX non-2xx product pages"
  PAGE="$RPS req/s, p50 $P50_MS ms, p99 $P99_MS ms, server CPU $CPU_US µs/req, $PAGE_STMTS statements ($(verdict "$RPS" 2000 ge))"
  ORDERS=$(python3 "$BENCH/store.py" "$BASE" "$KEY" orders "$C" "$DURATION")
  kill "$SPID"; wait "$SPID" 2>/dev/null || true; SPID=
  log "$name: $ORDERS orders/s at c$C, $STMTS statements per purchase (sqlx log), query p50 $QUERY ms, product page $PAGE"
  echo "| $name | $ORDERS | $STMTS | $QUERY ($(verdict "$QUERY" 2)) | $PAGE |"
}

echo "| backend | orders/s (c$C, full path) | SQL statements per purchase | query by collection sorted by price, $PRODUCTS products, c1 p50 ms (≤ 2) | product page, c64 (≥ 2,000 req/s) |"
echo "| --- | --- | --- | --- | --- |"
for backend in $BACKENDS; do
  case $backend in
    sqlite) ARGS=(--data-dir "$D/sqlite"); serve sqlite "${ARGS[@]}"; measure SQLite ;;
    postgres) pg_db store; ARGS=(--data-dir "$D/pg" --database-url "$PG_URL"); serve postgres "${ARGS[@]}"; measure PostgreSQL ;;
  esac
done
