#!/usr/bin/env bash
# GraphQL (issue 23): 50 items with one reference through POST /graphql vs the same REST query
# (POST /wix-data/v2/items/query with includeReferences), anonymous, on SQLite and PostgreSQL,
# measured in interleaved rounds with the same wrk settings. Target: GraphQL ≥ 0.8× REST's req/s.
# Usage: bench/graphql.sh   Env: BACKENDS ("sqlite postgres"), ROUNDS (3), WARMUP (2s), WRK_* as
# in the peers' lib.sh, TESSERA_BIN (skip the build), KEEP_TMP=1.
# Prints markdown table rows on stdout (bench/run.sh adds the header); details go to stderr.
. "$(dirname "$0")/common.sh"
BACKENDS=${BACKENDS:-sqlite postgres}
ROUNDS=${ROUNDS:-3}
WARMUP=${WARMUP:-2s}
apt_install wrk
tessera_bin
D=$(mktemp -d /tmp/tessera-bench-graphql.XXXXXX); track_tmp "$D"

REST_BODY='{"dataCollectionId":"Books","query":{"sort":[{"fieldName":"_id"}],"paging":{"limit":50}},"includeReferences":["author"]}'
GQL_QUERY='{ Books(first: 50, sort: "[{\"fieldName\": \"_id\"}]") { items { _id _owner _createdDate _updatedDate title year author { _id _createdDate _updatedDate name } } } }'
GQL_BODY=$(python3 -c 'import json,sys; print(json.dumps({"query": sys.argv[1]}))' "$GQL_QUERY")

# lua FILE BODY: a wrk script that POSTs BODY as JSON to site `bench` (wix-site-id).
lua() {
  python3 - "$1" "$2" <<'PY'
import json, sys
path, body = sys.argv[1], sys.argv[2]
with open(path, "w") as f:
    f.write('wrk.method = "POST"\n')
    f.write('wrk.headers["content-type"] = "application/json"\n')
    f.write('wrk.headers["wix-site-id"] = "bench"\n')
    f.write("wrk.body = " + json.dumps(body) + "\n")
PY
}
lua "$D/rest.lua" "$REST_BODY"
lua "$D/graphql.lua" "$GQL_BODY"

# start BACKEND STORAGE_ARGS...: server, site `bench`, Authors (10) and Books (50, each with an
# author). Sets BASE and SPID.
start() {
  local name=$1 key port; shift
  key=$(init_key "$@")
  port=$(free_port); BASE="http://127.0.0.1:$port"
  "$TESSERA_BIN" serve --listen "127.0.0.1:$port" "$@" 2>"$D/$name.log" &
  SPID=$!; track_pid "$SPID"
  wait_http "$BASE/readyz" "$SPID" 15 || { cat "$D/$name.log" >&2; fail "$name did not start"; }
  curl -fsS -o /dev/null -X POST "$BASE/api/v1/sites" -H "Authorization: Bearer $key" \
    -H 'content-type: application/json' -d '{"slug":"bench","name":"Bench"}' || fail "$name: creating the site failed"
  api() { curl -fsS -o /dev/null -X POST -H "Authorization: $key" -H 'wix-site-id: bench' \
    -H 'content-type: application/json' -d @- "$BASE$1" || fail "$name: $1 failed"; }
  local open='"permissions":{"read":"ANYONE","insert":"CMS_EDITOR","update":"CMS_EDITOR","remove":"CMS_EDITOR"}'
  api /wix-data/v2/collections <<<"{\"collection\":{\"id\":\"Authors\",$open,\"fields\":[{\"key\":\"name\",\"type\":\"TEXT\"}]}}"
  api /wix-data/v2/collections <<<"{\"collection\":{\"id\":\"Books\",$open,\"fields\":[{\"key\":\"title\",\"type\":\"TEXT\"},
    {\"key\":\"year\",\"type\":\"NUMBER\"},{\"key\":\"author\",\"type\":\"REFERENCE\",\"referencedCollectionId\":\"Authors\"}]}}"
  python3 -c 'import json; print(json.dumps({"dataCollectionId": "Authors", "dataItems": [{"data": {"_id": "a%d" % i, "name": "Author %d" % i}} for i in range(10)]}))' \
    | api /wix-data/v2/bulk/items/insert
  python3 -c 'import json; print(json.dumps({"dataCollectionId": "Books", "dataItems": [{"data": {"_id": "b%02d" % i, "title": "Book %d" % i, "year": 1950 + i, "author": "a%d" % (i % 10)}} for i in range(50)]}))' \
    | api /wix-data/v2/bulk/items/insert
  # Both answer 50 items with their authors, and GraphQL within one page and two data calls.
  curl -fsS -X POST -H 'wix-site-id: bench' -H 'content-type: application/json' -d "$REST_BODY" "$BASE/wix-data/v2/items/query" \
    | python3 -c 'import json,sys; d=json.load(sys.stdin)["dataItems"]; assert len(d)==50 and all(i["data"]["author"]["name"] for i in d), d' \
    || fail "$name: REST did not answer 50 items with authors"
  curl -fsS -X POST -H 'wix-site-id: bench' -H 'content-type: application/json' -d "$GQL_BODY" "$BASE/graphql" \
    | python3 -c 'import json,sys; r=json.load(sys.stdin); d=r["data"]["Books"]["items"]; assert len(d)==50 and all(i["author"]["name"] for i in d) and r["extensions"]["dataCalls"]==2, r' \
    || fail "$name: GraphQL did not answer 50 items with authors in 2 data calls"
  for t in rest graphql; do
    wrk -t"$WRK_THREADS" -c"$WRK_CONNS" -d"$WARMUP" -s "$D/$t.lua" "$BASE$(path $t)" >/dev/null
  done
}
path() { case $1 in rest) echo /wix-data/v2/items/query ;; graphql) echo /graphql ;; esac; }

declare -A RPSS P50S CPUS
for backend in $BACKENDS; do
  case $backend in
    sqlite) start sqlite --data-dir "$D/sqlite" ;;
    postgres) pg_db graphql; start postgres --database-url "$PG_URL" ;;
    *) fail "unknown backend $backend" ;;
  esac
  for r in $(seq 1 "$ROUNDS"); do
    for t in rest graphql; do
      wait_idle "$SPID"
      run_wrk_cpu "$SPID" "$D/wrk-$backend-$t-$r.txt" "$BASE$(path $t)" -s "$D/$t.lua"
      [ "$NON2XX" = 0 ] || fail "$backend $t: $NON2XX non-2xx answers"
      log "round $r $backend $t: $RPS req/s, p50 $P50_MS ms, server CPU $CPU_US us/req"
      RPSS[$backend/$t]+="$RPS "; P50S[$backend/$t]+="$P50_MS "; CPUS[$backend/$t]+="$CPU_US "
    done
  done
  kill "$SPID" 2>/dev/null || true
  wait "$SPID" 2>/dev/null || true
  rest=$(median_of "${RPSS[$backend/rest]}")
  for t in rest graphql; do
    rps=$(median_of "${RPSS[$backend/$t]}")
    extra=""
    if [ "$t" = graphql ]; then
      ratio=$(awk -v a="$rps" -v b="$rest" 'BEGIN{printf "%.2f", a/b}')
      extra="; ${ratio}× REST (target ≥ 0.8×: $(verdict "$ratio" 0.8 ge))"
    fi
    label="50 items + 1 reference, $( [ "$t" = rest ] && echo 'REST items/query includeReferences' || echo 'POST /graphql'), $backend, c$WRK_CONNS"
    echo "| $label | $rps req/s, p50 $(median_of "${P50S[$backend/$t]}") ms (median of $ROUNDS; req/s per round: ${RPSS[$backend/$t]% }; server CPU $(median_of "${CPUS[$backend/$t]}") µs/req$extra) | – | – |"
  done
done
