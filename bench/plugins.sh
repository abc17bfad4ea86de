#!/usr/bin/env bash
# Checkout logic in site code (issue 21), on SQLite and on PostgreSQL, release build: the same
# store with no site code, then with three service plugins on (additional fees, validations
# that also check the cart, shipping rates: bench/plugins/src.json):
#   - p50 of a whole purchase one after another (add to cart, create the checkout, read it
#     priced, create-order, pay), and what the plugins add to it: target ≤ 5 ms;
#   - orders per second through the same path by C visitors at once.
# Shipping rates are kept 10 minutes per input, as Wix keeps them; every purchase here asks
# for the same item and address, so the shipping plugin runs once and the fees and
# validation plugins on every pricing.
# Usage: bench/plugins.sh   Env: N (200 purchases), C (8), DURATION (20 s),
#   BACKENDS ("sqlite postgres"), TESSERA_BIN. Prints markdown table rows on stdout.
. "$(dirname "$0")/common.sh"
N=${N:-200}
C=${C:-8}
DURATION=${DURATION:-20}
BACKENDS=${BACKENDS:-sqlite postgres}
tessera_bin
D=$(mktemp -d /tmp/tessera-bench-plugins.XXXXXX); track_tmp "$D"

serve() {
  local name=$1; shift
  KEY=$(init_key "$@")
  PORT=$(free_port); BASE="http://127.0.0.1:$PORT"
  TESSERA_LOG=warn "$TESSERA_BIN" serve --listen "127.0.0.1:$PORT" "$@" 2>>"$D/$name.log" &
  SPID=$!; track_pid "$SPID"
  wait_http "$BASE/readyz" "$SPID" 30 || { cat "$D/$name.log" >&2; fail "tessera did not start"; }
  api POST /api/v1/sites '{"slug":"bench","name":"Bench"}'
  api POST /api/v1/sites/bench/publish ''
}

api() {
  curl -fsS -o /dev/null -X "$1" "$BASE$2" -H "authorization: Bearer $KEY" \
    -H 'content-type: application/json' ${3:+-d "$3"} || fail "$1 $2 failed"
}

measure() {
  local name=$1 without with orders_without orders_with
  python3 "$BENCH/store.py" "$BASE" "$KEY" seed 1 >/dev/null || fail "seeding failed"
  without=$(python3 "$BENCH/store.py" "$BASE" "$KEY" latency "$N") || fail "purchases failed"
  orders_without=$(python3 "$BENCH/store.py" "$BASE" "$KEY" orders "$C" "$DURATION") || fail "purchases failed"
  curl -fsS -o /dev/null -X PUT "$BASE/api/v1/sites/bench/code" -H "authorization: Bearer $KEY" \
    -H 'content-type: application/json' --data-binary "@$BENCH/plugins/src.json" || fail "pushing the plugins failed"
  api POST /api/v1/sites/bench/code/publish '{}'
  with=$(python3 "$BENCH/store.py" "$BASE" "$KEY" latency "$N") || fail "purchases failed"
  orders_with=$(python3 "$BENCH/store.py" "$BASE" "$KEY" orders "$C" "$DURATION") || fail "purchases failed"
  kill "$SPID"; wait "$SPID" 2>/dev/null || true; SPID=
  local added
  added=$(awk -v a="$with" -v b="$without" 'BEGIN{printf "%.2f", a - b}')
  log "$name: purchase p50 $without ms → $with ms (+$added), $orders_without → $orders_with orders/s"
  echo "| $name | $without | $with | $added ($(verdict "$added" 5)) | $orders_without | $orders_with |"
}

echo "| backend | purchase p50 ms, no plugins | with fees, validations, shipping | added ms (≤ 5) | orders/s c$C, no plugins | with the plugins |"
echo "| --- | --- | --- | --- | --- | --- |"
for backend in $BACKENDS; do
  case $backend in
    sqlite) serve sqlite --data-dir "$D/sqlite"; measure SQLite ;;
    postgres) pg_db plugins; serve postgres --data-dir "$D/pg" --database-url "$PG_URL"; measure PostgreSQL ;;
  esac
done
