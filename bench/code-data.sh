#!/usr/bin/env bash
# Data calls from site code (issue 18): a web method running wixData.query() and one running
# wixData.insert(), each at c1 (p50) and at c64 (server CPU per call), on SQLite or
# PostgreSQL. With TESSERA_BIN_BEFORE set, an older binary runs the same rounds alternately
# in the same run, so that drift on the shared cores hits both alike.
# Env: TESSERA_BIN (built when unset), TESSERA_BIN_BEFORE, BACKEND (sqlite|postgres),
#      ROUNDS (3), N_ITEMS (10000), WRK_DURATION (5s).
. "$(dirname "$0")/common.sh"
ROUNDS=${ROUNDS:-3}
N_ITEMS=${N_ITEMS:-10000}
BACKEND=${BACKEND:-sqlite}
WRK_DURATION=${WRK_DURATION:-5s}
apt_install wrk
tessera_bin
D=$(mktemp -d /tmp/tessera-bench-code-data.XXXXXX); track_tmp "$D"

mkdir -p "$D/site/src/backend"
cat >"$D/site/src/backend/books.web.js" <<'JS'
import { Permissions, webMethod } from 'wix-web-module';
import wixData from 'wix-data';
export const query = webMethod(Permissions.Anyone, async () => {
  const r = await wixData.query('books').eq('category', 'cat7').descending('year').limit(10).find();
  return r.items.length;
});
export const insert = webMethod(Permissions.Anyone, async () => {
  const item = await wixData.insert('notes', { title: 'a note', n: 1 }, { suppressAuth: true });
  return item._id.length;
});
JS
cat >"$D/post.lua" <<'LUA'
wrk.method = "POST"
wrk.body = "[]"
wrk.headers["Content-Type"] = "application/json"
LUA

# start_server NAME BIN: a server with the bench site, its code and N_ITEMS books; sets
# SPID, BASE, HOST.
start_server() {
  local name=$1 bin=$2 key storage=(--data-dir "$D/$1")
  if [ "$BACKEND" = postgres ]; then pg_db "code_$name"; storage=(--database-url "$PG_URL"); fi
  key=$(TESSERA_BIN=$bin init_key "${storage[@]}")
  PORT=$(free_port); BASE="http://127.0.0.1:$PORT"; HOST="bench.localhost:$PORT"
  "$bin" serve --listen "127.0.0.1:$PORT" "${storage[@]}" 2>"$D/$name.log" &
  SPID=$!; track_pid "$SPID"
  wait_http "$BASE/readyz" "$SPID" 15 || { cat "$D/$name.log" >&2; fail "tessera ($name) did not start"; }
  curl -fsS -X POST "$BASE/api/v1/sites" -H "Authorization: Bearer $key" -H 'content-type: application/json' \
    -d '{"slug":"bench","name":"Bench"}' -o /dev/null || fail "creating the site failed"
  for c in '{"id":"books","fields":[{"key":"category","type":"TEXT"},{"key":"year","type":"NUMBER"}],
      "permissions":{"read":"ANYONE","insert":"CMS_EDITOR","update":"CMS_EDITOR","remove":"CMS_EDITOR"},
      "indexes":[{"name":"cat_year","fields":["category","year"]}]}' \
    '{"id":"notes","fields":[{"key":"title","type":"TEXT"},{"key":"n","type":"NUMBER"}]}'; do
    curl -fsS -X POST "$BASE/wix-data/v2/collections" -H "Authorization: $key" -H 'wix-site-id: bench' \
      -H 'content-type: application/json' -o /dev/null -d "{\"collection\":$c}" || fail "creating a collection failed"
  done
  python3 "$BENCH/cms-seed.py" "$BASE" "$key" bench books "$D/books.jsonl" >/dev/null || fail "seeding failed"
  "$bin" code push "$D/site" --site bench --server "$BASE" --api-key "$key" --publish >&2 || fail "code push failed"
  for m in query insert; do
    curl -fsS -H "Host: $HOST" -X POST -H 'content-type: application/json' -d '[]' \
      "$BASE/_api/webmethods/backend/books.web.js/$m" | grep -q '"result":[1-9]' || fail "web method $m failed"
  done
}

# measure NAME METHOD: appends "p50 cpu" of one round to the NAME_METHOD list.
measure() {
  local name=$1 method=$2 url="$BASE/_api/webmethods/backend/books.web.js/$2" p50
  wait_idle "$SPID"
  WRK_THREADS=1 WRK_CONNS=1 run_wrk "$D/c1.txt" "$url" -H "Host: $HOST" -s "$D/post.lua"
  [ "$NON2XX" = 0 ] || fail "$NON2XX non-2xx answers"
  p50=$P50_MS
  wait_idle "$SPID"
  WRK_CONNS=64 run_wrk_cpu "$SPID" "$D/c64.txt" "$url" -H "Host: $HOST" -s "$D/post.lua"
  [ "$NON2XX" = 0 ] || fail "$NON2XX non-2xx answers"
  log "$name $method: c1 p50 $p50 ms; c64 $RPS calls/s, server CPU $CPU_US µs/call"
  eval "P50_${name}_$method+=\"$p50 \"; CPU_${name}_$method+=\"$CPU_US \"; RPS_${name}_$method+=\"$RPS \""
}

python3 "$PEERS/gen-books.py" "$N_ITEMS" >"$D/books.jsonl"
BINS=(after "$TESSERA_BIN")
[ -n "${TESSERA_BIN_BEFORE:-}" ] && BINS=(before "$TESSERA_BIN_BEFORE" after "$TESSERA_BIN")
declare -A PIDS BASES HOSTS
for ((i = 0; i < ${#BINS[@]}; i += 2)); do
  start_server "${BINS[i]}" "${BINS[i+1]}"
  PIDS[${BINS[i]}]=$SPID; BASES[${BINS[i]}]=$BASE; HOSTS[${BINS[i]}]=$HOST
done
for r in $(seq 1 "$ROUNDS"); do
  for ((i = 0; i < ${#BINS[@]}; i += 2)); do
    name=${BINS[i]}; SPID=${PIDS[$name]}; BASE=${BASES[$name]}; HOST=${HOSTS[$name]}
    # The other server idles while this one is measured.
    measure "$name" query
    measure "$name" insert
  done
done

echo "| $BACKEND, $N_ITEMS books | c1 p50 (ms) | c64 calls/s | c64 server CPU (µs/call) |"
echo "| --- | --- | --- | --- |"
for ((i = 0; i < ${#BINS[@]}; i += 2)); do
  name=${BINS[i]}
  for m in query insert; do
    p=P50_${name}_$m c=CPU_${name}_$m q=RPS_${name}_$m
    echo "| $name: wixData.$m() | $(median_of "${!p}") | $(median_of "${!q}") | $(median_of "${!c}") (rounds: ${!c% }) |"
  done
done
