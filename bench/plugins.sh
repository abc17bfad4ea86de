#!/usr/bin/env bash
# Checkout logic in site code (issue 21), on SQLite and on PostgreSQL, release build: the same
# store with three service plugins published (additional fees, validations that also check
# the cart, shipping rates: bench/plugins/src.json), turned off and on in turns:
#   - p50 of a whole purchase one after another (add to cart, create the checkout, read it
#     priced, create-order, pay), and what the plugins add to it: target ≤ 5 ms;
#   - orders per second through the same path by C visitors at once.
# Shipping rates are kept 10 minutes per input (the lines, the address and the buyer), as Wix
# keeps them; every purchase here is a new visitor, so every plugin runs on every pricing:
# the cart (validations), the checkout page and create-order (all three).
# Usage: bench/plugins.sh   Env: N (100 purchases a run), C (8), DURATION (20 s),
#   BACKENDS ("sqlite postgres"), TESSERA_BIN. Prints markdown table rows on stdout.
. "$(dirname "$0")/common.sh"
N=${N:-100}
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

# plugins on|off: the three plugins of the published code on or off for checkouts.
plugins() {
  local off='["ecom-additional-fees/wrap","ecom-validations/limit","ecom-shipping-rates/courier"]'
  [ "$1" = on ] && off='[]'
  curl -fsS -o /dev/null -X PATCH "$BASE/stores/v1/settings" -H "authorization: $KEY" -H "wix-site-id: bench" \
    -H 'content-type: application/json' -d "{\"settings\": {\"disabledServicePlugins\": $off}}" || fail "turning the plugins $1 failed"
}

# Off and on in turns, twice, so that the store's growing order table weighs on both alike;
# each figure is the mean of its two runs.
measure() {
  local name=$1 mode run figure
  declare -A latency orders
  python3 "$BENCH/store.py" "$BASE" "$KEY" seed 1 >/dev/null || fail "seeding failed"
  curl -fsS -o /dev/null -X PUT "$BASE/api/v1/sites/bench/code" -H "authorization: Bearer $KEY" \
    -H 'content-type: application/json' --data-binary "@$BENCH/plugins/src.json" || fail "pushing the plugins failed"
  api POST /api/v1/sites/bench/code/publish '{}'
  # The one-at-a-time runs first: the busy runs fill the order table, which slows the store.
  for run in 1 2; do
    for mode in off on; do
      plugins "$mode"
      figure=$(python3 "$BENCH/store.py" "$BASE" "$KEY" latency "$N") || fail "purchases failed"
      latency[$mode]="${latency[$mode]:-} $figure"
      log "$name run $run, plugins $mode: purchase p50 $figure ms"
    done
  done
  for run in 1 2; do
    for mode in off on; do
      plugins "$mode"
      figure=$(python3 "$BENCH/store.py" "$BASE" "$KEY" orders "$C" "$DURATION") || fail "purchases failed"
      orders[$mode]="${orders[$mode]:-} $figure"
      log "$name run $run, plugins $mode: $figure orders/s"
    done
  done
  kill "$SPID"; wait "$SPID" 2>/dev/null || true; SPID=
  mean() { tr ' ' '\n' <<<"$1" | grep . | awk '{s += $1} END {printf "%.2f", s / NR}'; }
  local without with added
  without=$(mean "${latency[off]}"); with=$(mean "${latency[on]}")
  added=$(awk -v a="$with" -v b="$without" 'BEGIN{printf "%.2f", a - b}')
  echo "| $name | $without | $with | $added ($(verdict "$added" 5)) | $(mean "${orders[off]}") | $(mean "${orders[on]}") |"
}

echo "| backend | purchase p50 ms, no plugins | with fees, validations, shipping | added ms (≤ 5) | orders/s c$C, no plugins | with the plugins |"
echo "| --- | --- | --- | --- | --- | --- |"
for backend in $BACKENDS; do
  case $backend in
    sqlite) serve sqlite --data-dir "$D/sqlite"; measure SQLite ;;
    postgres) pg_db plugins; serve postgres --data-dir "$D/pg" --database-url "$PG_URL"; measure PostgreSQL ;;
  esac
done
