#!/usr/bin/env bash
# One site cannot starve another (hardening issue, finding 2): site "quiet" answers an HTTP
# function under wrk -c4 alone, then again while site "spin" keeps SPINNERS calls of
# `while (true) {}` running (each ends at the 10 s CPU quota, and a new one takes its place),
# beside the same answer from Node's node:http as the peer. Target: quiet's p99 ≤ 250 ms
# while spin spins.
# Env: WRK_DURATION (10s), SPINNERS (8).
. "$(dirname "$0")/common.sh"
SPINNERS=${SPINNERS:-8}
apt_install wrk
tessera_bin
D=$(mktemp -d /tmp/tessera-bench-fair.XXXXXX); track_tmp "$D"

KEY=$(init_key --data-dir "$D/data")
PORT=$(free_port); BASE="http://127.0.0.1:$PORT"
"$TESSERA_BIN" serve --listen "127.0.0.1:$PORT" --data-dir "$D/data" 2>"$D/server.log" &
SPID=$!; track_pid "$SPID"
wait_http "$BASE/readyz" "$SPID" 15 || { cat "$D/server.log" >&2; fail "tessera did not start"; }
for slug in quiet spin; do
  curl -fsS -X POST "$BASE/api/v1/sites" -H "Authorization: Bearer $KEY" -H 'content-type: application/json' \
    -d "{\"slug\":\"$slug\",\"name\":\"$slug\"}" -o /dev/null || fail "creating site $slug failed"
  mkdir -p "$D/$slug/src/backend"
done
cat >"$D/quiet/src/backend/http-functions.js" <<'JS'
import { ok } from 'wix-http-functions';
export function get_hello() { return ok({ body: { hello: 'world' } }); }
JS
cat >"$D/spin/src/backend/http-functions.js" <<'JS'
import { ok } from 'wix-http-functions';
export function get_spin() { while (true) {} }
JS
for slug in quiet spin; do
  "$TESSERA_BIN" code push "$D/$slug" --site "$slug" --server "$BASE" --api-key "$KEY" --publish >&2 || fail "code push failed"
done
QUIET="$BASE/_functions/hello"; QHOST="quiet.localhost:$PORT"

wait_idle "$SPID"
WRK_CONNS=4 WRK_THREADS=2 run_wrk "$D/alone.txt" "$QUIET" -H "Host: $QHOST"
ALONE="p50 $P50_MS ms, p99 $P99_MS ms, $RPS req/s"
log "quiet alone: $ALONE"

# Spinners: each loops, one call after another, until told to stop.
for i in $(seq 1 "$SPINNERS"); do
  (while [ ! -e "$D/stop" ]; do
     curl -s -o /dev/null -m 20 -H "Host: spin.localhost:$PORT" "$BASE/_functions/spin" || true
   done) &
  track_pid $!
done
sleep 1 # let the spinners take their threads
WRK_CONNS=4 WRK_THREADS=2 run_wrk "$D/spun.txt" "$QUIET" -H "Host: $QHOST"
SPUN="p50 $P50_MS ms, p99 $P99_MS ms, $RPS req/s"; SPUN_P99=$P99_MS
[ "$NON2XX" = 0 ] || fail "$NON2XX non-2xx answers for the quiet site"
BUSY=$(curl -s -o /dev/null -w '%{http_code}' -m 20 -H "Host: spin.localhost:$PORT" "$BASE/_functions/spin")
touch "$D/stop"
log "quiet while spin spins: $SPUN (spin's next call answered $BUSY)"
kill "$SPID"; wait "$SPID" 2>/dev/null || true

NODE=$("$PEERS/node-hello.sh" 2>/dev/null | tail -n1) || fail "node peer failed"
echo "| measurement | figure | target | verdict |"
echo "| --- | --- | --- | --- |"
echo "| quiet site's HTTP function, wrk -c4, alone | $ALONE | | |"
echo "| the same while another site keeps $SPINNERS endless loops running | $SPUN | p99 ≤ 250 ms | $(verdict "$SPUN_P99" 250 le) |"
echo "| the spinning site's next call | HTTP $BUSY (503 once its JavaScript time for the minute is used) | | |"
echo "| peer: Node $(node --version) node:http hello (c64) | $NODE | | |"
