#!/usr/bin/env bash
# Bookings (issue 22), on SQLite and on PostgreSQL, release build: one appointment service of
# 30 minutes with 20 staff members, open 08:00-20:00 every day, and 2,000 bookings over the
# next 30 days; then
#   - availability for the 30 days (time slots v2, 720 times; free staff are listed only
#     when asked for, as on Wix): p50 one call after another (target ≤ 5 ms) and requests
#     per second by C clients; and for one day of the same calendar (24 times), as a booking page asks;
#   - bookings per second by C visitors at once, each at a free slot of its own (all must be
#     booked: a refusal fails the run).
# Usage: bench/bookings.sh   Env: N (200 calls), C (8), DURATION (15 s), BACKENDS
#   ("sqlite postgres"), TESSERA_BIN. Prints markdown table rows on stdout.
. "$(dirname "$0")/common.sh"
N=${N:-200}
C=${C:-8}
DURATION=${DURATION:-15}
BACKENDS=${BACKENDS:-sqlite postgres}
tessera_bin
D=$(mktemp -d /tmp/tessera-bench-bookings.XXXXXX); track_tmp "$D"

serve() {
  local name=$1; shift
  KEY=$(init_key "$@")
  PORT=$(free_port); BASE="http://127.0.0.1:$PORT"
  TESSERA_LOG=warn "$TESSERA_BIN" serve --listen "127.0.0.1:$PORT" "$@" 2>>"$D/$name.log" &
  SPID=$!; track_pid "$SPID"
  wait_http "$BASE/readyz" "$SPID" 30 || { cat "$D/$name.log" >&2; fail "tessera did not start"; }
  curl -fsS -o /dev/null -X POST "$BASE/api/v1/sites" -H "authorization: Bearer $KEY" \
    -H 'content-type: application/json' -d '{"slug":"bench","name":"Bench"}' || fail "creating the site failed"
}

measure() {
  local name=$1 service p50 day rps booked
  log "$name: seeding 20 staff and 2,000 bookings"
  service=$(python3 "$BENCH/bookings.py" "$BASE" "$KEY" seed 20 2000) || fail "seeding failed"
  p50=$(python3 "$BENCH/bookings.py" "$BASE" "$KEY" slots "$service" "$N") || fail "availability failed"
  log "$name: 30 days of availability p50 $p50 ms"
  day=$(python3 "$BENCH/bookings.py" "$BASE" "$KEY" slots "$service" "$N" 1) || fail "availability failed"
  log "$name: one day of availability p50 $day ms"
  rps=$(python3 "$BENCH/bookings.py" "$BASE" "$KEY" slots-rps "$service" "$C" "$DURATION") || fail "availability failed"
  log "$name: $rps availability requests/s"
  booked=$(python3 "$BENCH/bookings.py" "$BASE" "$KEY" book "$service" "$C" "$DURATION") || fail "booking failed"
  log "$name: $booked bookings/s"
  kill "$SPID"; wait "$SPID" 2>/dev/null || true; SPID=
  echo "| $name | $p50 ($(verdict "$p50" 5)) | $day | $rps | $booked |"
}

echo "| backend | 30 days of availability, 20 staff, 2,000 bookings: p50 ms c1 (≤ 5) | one day: p50 ms | 30 days: req/s c$C | bookings/s c$C, distinct slots |"
echo "| --- | --- | --- | --- | --- |"
for backend in $BACKENDS; do
  case $backend in
    sqlite) serve sqlite --data-dir "$D/sqlite"; measure SQLite ;;
    postgres) pg_db bookings; serve postgres --data-dir "$D/pg" --database-url "$PG_URL"; measure PostgreSQL ;;
  esac
done
