#!/usr/bin/env bash
# Backend code (issue 4) beside Node.js on this machine:
#   1. an HTTP function answering a small JSON object, wrk -c64, next to the same answer
#      from Node's node:http (shared/peers/node-hello.sh); ROUNDS rounds alternate the two,
#      so that drift on the shared cores hits both alike, and the medians are compared;
#   2. a web method running wixData.query().eq().find() on a 10,000-item collection, c1 p50;
#   3. the engine's own per-call overhead, pooled and with a fresh instance per call
#      (crates/jsrt/examples/overhead.rs).
# The code is pushed with `tessera code push --publish`, as a user would.
# Env: WRK_DURATION (10s), ROUNDS (3), N_ITEMS (10000), CALLS (2000).
. "$(dirname "$0")/common.sh"
ROUNDS=${ROUNDS:-3}
N_ITEMS=${N_ITEMS:-10000}
CALLS=${CALLS:-2000}
apt_install wrk
tessera_bin
D=$(mktemp -d /tmp/tessera-bench-jsrt.XXXXXX); track_tmp "$D"

KEY=$(init_key --data-dir "$D/data")
PORT=$(free_port); BASE="http://127.0.0.1:$PORT"
"$TESSERA_BIN" serve --listen "127.0.0.1:$PORT" --data-dir "$D/data" 2>"$D/server.log" &
SPID=$!; track_pid "$SPID"
wait_http "$BASE/readyz" "$SPID" 15 || { cat "$D/server.log" >&2; fail "tessera did not start"; }
curl -fsS -X POST "$BASE/api/v1/sites" -H "Authorization: Bearer $KEY" -H 'content-type: application/json' \
  -d '{"slug":"bench","name":"Bench"}' -o /dev/null || fail "creating the site failed"
curl -fsS -X POST "$BASE/wix-data/v2/collections" -H "Authorization: $KEY" -H 'wix-site-id: bench' \
  -H 'content-type: application/json' -o /dev/null -d '{"collection":{"id":"books",
  "fields":[{"key":"category","type":"TEXT"},{"key":"year","type":"NUMBER"}],
  "permissions":{"read":"ANYONE","insert":"CMS_EDITOR","update":"CMS_EDITOR","remove":"CMS_EDITOR"},
  "indexes":[{"name":"cat_year","fields":["category","year"]}]}}' || fail "creating the collection failed"
python3 "$PEERS/gen-books.py" "$N_ITEMS" >"$D/books.jsonl"
python3 "$BENCH/cms-seed.py" "$BASE" "$KEY" bench books "$D/books.jsonl" >/dev/null || fail "seeding failed"

mkdir -p "$D/site/src/backend"
cat >"$D/site/src/backend/http-functions.js" <<'JS'
import { ok } from 'wix-http-functions';
export function get_hello() {
  return ok({ headers: { 'Content-Type': 'application/json' }, body: { hello: 'world', n: 1 } });
}
JS
cat >"$D/site/src/backend/books.web.js" <<'JS'
import { Permissions, webMethod } from 'wix-web-module';
import wixData from 'wix-data';
export const cat7 = webMethod(Permissions.Anyone, async () => {
  const r = await wixData.query('books').eq('category', 'cat7').descending('year').limit(10).find();
  return r.items.map((b) => b.title);
});
JS
"$TESSERA_BIN" code push "$D/site" --site bench --server "$BASE" --api-key "$KEY" --publish >&2 || fail "code push failed"

HOST="bench.localhost:$PORT"
[ "$(curl -fsS -H "Host: $HOST" "$BASE/_functions/hello")" = '{"hello":"world","n":1}' ] || fail "unexpected HTTP function answer"
n=$(curl -fsS -H "Host: $HOST" -X POST -H 'content-type: application/json' -d '[]' "$BASE/_api/webmethods/backend/books.web.js/cat7" \
  | python3 -c 'import sys,json; print(len(json.load(sys.stdin)["result"]))') || fail "web method failed"
[ "$n" = 10 ] || fail "web method answered $n titles, want 10"

wait_idle "$SPID"
WRK_DURATION=3s run_wrk "$D/warm.txt" "$BASE/_functions/hello" -H "Host: $HOST"
RPSS=""; P50S=""; P99S=""; CPUS=""; NODES=""
for r in $(seq 1 "$ROUNDS"); do
  wait_idle "$SPID"
  run_wrk_cpu "$SPID" "$D/http-$r.txt" "$BASE/_functions/hello" -H "Host: $HOST"
  [ "$NON2XX" = 0 ] || fail "$NON2XX non-2xx answers"
  log "round $r HTTP function c64: $RPS req/s, p50 $P50_MS ms, p99 $P99_MS ms, server CPU $CPU_US µs/req"
  RPSS+="$RPS "; P50S+="$P50_MS "; P99S+="$P99_MS "; CPUS+="$CPU_US "
  NODE=$("$PEERS/node-hello.sh" 2>/dev/null | tail -n1) || fail "node peer failed"
  log "round $r $NODE"
  NODES+="$(echo "$NODE" | sed -E 's/.*: ([0-9.]+) req\/s.*/\1/') "
done
HTTP_RPS=$(median_of "$RPSS"); NODE_RPS=$(median_of "$NODES")
HTTP="$HTTP_RPS req/s, p50 $(median_of "$P50S") ms, p99 $(median_of "$P99S") ms, server CPU $(median_of "$CPUS") µs/req (medians of $ROUNDS; req/s per round: ${RPSS% })"

cat >"$D/post.lua" <<'LUA'
wrk.method = "POST"
wrk.body = "[]"
wrk.headers["Content-Type"] = "application/json"
LUA
wait_idle "$SPID"
WRK_THREADS=1 WRK_CONNS=1 WRK_DURATION=5s run_wrk "$D/web.txt" "$BASE/_api/webmethods/backend/books.web.js/cat7" -H "Host: $HOST" -s "$D/post.lua"
[ "$NON2XX" = 0 ] || fail "$NON2XX non-2xx answers"
WEB="p50 $P50_MS ms, p99 $P99_MS ms, $RPS req/s"; WEB_P50=$P50_MS
log "web method with a query, c1: $WEB"
kill "$SPID"; wait "$SPID" 2>/dev/null || true

# Each run of the example is a new process; runs differ more than batches within one (how
# the threads land on the cores), so it runs ROUNDS times and the medians count.
POOLEDS=""; FRESHS=""
for r in $(seq 1 "$ROUNDS"); do
  OVERHEAD=$(cd "$REPO" && cargo run --release -q -p tessera-jsrt --example overhead "$CALLS") || fail "overhead example failed"
  log "round $r engine overhead ($CALLS calls): $OVERHEAD"
  POOLEDS+="$(echo "$OVERHEAD" | sed -E 's/pooled ([0-9.]+).*/\1/') "; FRESHS+="$(echo "$OVERHEAD" | sed -E 's/.*fresh ([0-9.]+).*/\1/') "
done
POOLED=$(median_of "$POOLEDS"); FRESH=$(median_of "$FRESHS")

ratio=$(awk -v a="$HTTP_RPS" -v b="$NODE_RPS" 'BEGIN{printf "%.2f", a/b}')
echo "| measurement | figure | target | verdict |"
echo "| --- | --- | --- | --- |"
echo "| HTTP function, small JSON, wrk -c64 | $HTTP | ≥ 1× Node ($NODE_RPS req/s) | $(verdict "$HTTP_RPS" "$NODE_RPS" ge) (${ratio}×) |"
echo "| web method, query().eq().find() on $N_ITEMS items, c1 | $WEB | p50 ≤ 3 ms | $(verdict "$WEB_P50" 3 le) |"
echo "| engine: pooled invocation | $POOLED µs/call (median of $ROUNDS runs: ${POOLEDS% }) | ≤ 50 µs | $(verdict "$POOLED" 50 le) |"
echo "| engine: fresh instance per call | $FRESH µs/call (median of $ROUNDS runs: ${FRESHS% }) | ≤ 300 µs | $(verdict "$FRESH" 300 le) |"
echo "| peer: Node $(node --version) node:http hello, same wrk settings | $NODE_RPS req/s (median of $ROUNDS; per round: ${NODES% }) | | |"
