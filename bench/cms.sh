#!/usr/bin/env bash
# CMS (issue 3): bulk insert through the Wix bulk API, items/query (eq on an indexed field, sort,
# limit 50) at 1 and 64 connections, and items/count with a filter, on SQLite and PostgreSQL,
# beside PocketBase (/work/shared/peers/pocketbase-query.sh) serving the same records
# (gen-books.py) with the same filter, sort and limit, in the same run.
#
# One seed per backend, in two parts, so that the run stays bounded:
#   1. seed N_CMP items (indexes `category` and `year`, as PocketBase's default);
#      measure (a) those two indexes; add index (category, year); measure (b); drop it again;
#   2. seed the rest up to N (the two indexes only, as during part 1);
#      measure (a); add (category, year) (timed); measure (b); count; one run with an API key.
# Layout (b) keeps the two single-field indexes, so it is PocketBase's PB_COMPOSITE=1 layout.
# PocketBase is run twice at N_CMP (default, then PB_COMPOSITE=1): the side-by-side comparison is
# at N_CMP; with N_CMP=N it is at N (PocketBase seeds about 4k records/s, so 1M twice costs ~9 min).
# Queries are anonymous (the collection's read permission is ANYONE), as PocketBase's public list
# rule; the API-key run shows what authenticating adds.
#
# Usage: bench/cms.sh   Env: N (1000000), N_CMP (100000), BACKENDS ("sqlite postgres"), PB (1; 0
# skips PocketBase), SEED_BATCH (1000), SEED_CONC (2), WARMUP (3s), C1_DURATION (5s),
# COUNT_CALLS (20), WRK_* as in the peers' lib.sh, TESSERA_BIN (skip the build), KEEP_TMP=1.
# Prints markdown table rows on stdout (bench/run.sh adds the header); details, query plans and
# raw wrk output go to stderr.
. "$(dirname "$0")/common.sh"
T0=$(date +%s)
N=${N:-1000000}
N_CMP=${N_CMP:-100000}
BACKENDS=${BACKENDS:-sqlite postgres}
PB=${PB:-1}
SEED_BATCH=${SEED_BATCH:-1000}
SEED_CONC=${SEED_CONC:-2}
WARMUP=${WARMUP:-3s}
C1_DURATION=${C1_DURATION:-5s}
COUNT_CALLS=${COUNT_CALLS:-20}
case "$N$N_CMP" in '' | *[!0-9]*) fail "N and N_CMP must be numbers" ;; esac
[ "$N_CMP" -le "$N" ] || fail "N_CMP ($N_CMP) must not exceed N ($N)"
[ $((N % 20)) = 0 ] && [ $((N_CMP % 20)) = 0 ] || fail "N and N_CMP must be multiples of 20 (cat7 = N/20)"
apt_install wrk sqlite3
tessera_bin
D=$(mktemp -d /tmp/tessera-bench-cms.XXXXXX); track_tmp "$D"

log "generating $N books ($PEERS/gen-books.py; the first $N_CMP are gen-books.py $N_CMP)"
python3 "$PEERS/gen-books.py" "$N" >"$D/books.jsonl" || fail "gen-books failed"
head -n "$N_CMP" "$D/books.jsonl" >"$D/part1.jsonl"
tail -n +"$((N_CMP + 1))" "$D/books.jsonl" >"$D/part2.jsonl"
rm "$D/books.jsonl"

FIELDS='[{"key":"title","type":"TEXT"},{"key":"author","type":"TEXT"},{"key":"year","type":"NUMBER"},
 {"key":"price","type":"NUMBER"},{"key":"tags","type":"ARRAY_STRING"},{"key":"category","type":"TEXT"},
 {"key":"rating","type":"NUMBER"},{"key":"isbn","type":"TEXT"},{"key":"published","type":"TEXT"},{"key":"note","type":"TEXT"}]'
QUERY='{"dataCollectionId":"books","query":{"filter":{"category":"cat7"},"sort":[{"fieldName":"year","order":"DESC"}],"paging":{"limit":50}}}'
# The SDK's GET form: base64url of the request, no padding. A GET keeps wrk free of Lua.
QPATH="/wix-data/v2/items/query?.r=$(printf %s "$QUERY" | base64 -w0 | tr '+/' '-_' | tr -d '=')"
COUNT_BODY='{"dataCollectionId":"books","filter":{"category":"cat7"}}'
# Figures by key "backend/n/layout/what"; rows in order of measurement.
declare -A F

# api METHOD PATH [curl args]: a data API call with the account key; prints the answer.
api() {
  local m=$1 p=$2; shift 2
  curl -fsS -X "$m" -H "Authorization: $KEY" -H 'wix-site-id: bench' -H 'content-type: application/json' "$@" "$BASE$p"
}
kb_mb() { awk -v k="$1" 'BEGIN{printf "%.1f", k/1024}'; }
size_mb() { awk -v b="$1" 'BEGIN{printf "%.1f", b/1048576}'; }

# start BACKEND STORAGE_ARGS...: owner, server, site `bench`, collection `books` with indexes
# `category` and `year`. Sets KEY BASE SPID SITE.
start() {
  local name=$1 port; shift
  KEY=$(init_key "$@")
  port=$(free_port); BASE="http://127.0.0.1:$port"
  "$TESSERA_BIN" serve --listen "127.0.0.1:$port" "$@" 2>"$D/$name.log" &
  SPID=$!; track_pid "$SPID"
  wait_http "$BASE/readyz" "$SPID" 15 || { cat "$D/$name.log" >&2; fail "$name did not start"; }
  SITE=$(curl -fsS -X POST "$BASE/api/v1/sites" -H "Authorization: Bearer $KEY" -H 'content-type: application/json' \
    -d '{"slug":"bench","name":"Bench"}' | python3 -c 'import sys,json;print(json.load(sys.stdin)["id"])') || fail "$name: creating the site failed"
  api POST /wix-data/v2/collections -o /dev/null -d @- <<EOF || fail "$name: creating the collection failed"
{"collection":{"id":"books","fields":$FIELDS,
 "permissions":{"read":"ANYONE","insert":"CMS_EDITOR","update":"CMS_EDITOR","remove":"CMS_EDITOR"},
 "indexes":[{"name":"category","fields":["category"],"unique":false},{"name":"year","fields":["year"],"unique":false}]}}
EOF
}

# seed FILE: bulk insert; adds to SEEDED and SEED_S.
seed() {
  local n s
  read -r n s < <(python3 "$BENCH/cms-seed.py" "$BASE" "$KEY" bench books "$1" "$SEED_BATCH" "$SEED_CONC") || fail "seeding failed"
  SEEDED=$((SEEDED + n)); SEED_S=$(awk -v a="$SEED_S" -v b="$s" 'BEGIN{print a+b}')
  log "seeded $n items in $s s ($(awk -v n="$n" -v s="$s" 'BEGIN{printf "%.0f", n/s}') items/s); $SEEDED in total"
}

add_index() {
  local t=$(date +%s.%N)
  api POST /wix-data/v2/indexes -o /dev/null \
    -d '{"dataCollectionId":"books","index":{"name":"cat_year","fields":[{"path":"category"},{"path":"year"}],"unique":false}}' \
    || fail "adding index cat_year failed"
  INDEX_S=$(awk -v a="$t" -v b="$(date +%s.%N)" 'BEGIN{printf "%.1f", b-a}')
  log "index (category, year) added in $INDEX_S s"
}
drop_index() { api DELETE '/wix-data/v2/indexes?dataCollectionId=books&indexName=cat_year' -o /dev/null || fail "dropping cat_year failed"; }

# check_answer N [curl args]: the query answers 50 items, all cat7, years descending.
check_answer() {
  curl -fsS -H 'wix-site-id: bench' "${@:2}" "$BASE$QPATH" >"$D/answer.json" || fail "query failed"
  python3 - "$D/answer.json" <<'EOF' || fail "wrong query answer"
import sys, json
d = json.load(open(sys.argv[1])); it = [i["data"] for i in d["dataItems"]]
assert len(it) == 50, len(it)
assert all(r["category"] == "cat7" for r in it)
ys = [r["year"] for r in it]; assert ys == sorted(ys, reverse=True), ys
assert d["pagingMetadata"]["hasNext"] is True
EOF
}

# plan BACKEND LAYOUT: the query's plan, from the server's own database and statistics, one
# line. The SQL is the server's for this query: a walk of the index entries of `year` (layout
# a) or of `cat_year` with category held equal (layout b), each item checked for cat7.
plan() {
  local sql index held scope="site_id = '$SITE' AND collection_id = 'books'"
  # Index ids are the server's digest of where the index belongs and what it covers.
  if [ "$2" = a ]; then
    index=$(python3 -c 'import hashlib,sys; print("dx_" + hashlib.sha256(f"{sys.argv[1]}|books|year|year|false".encode()).hexdigest()[:24])' "$SITE")
    held=""
  else
    index=$(python3 -c 'import hashlib,sys; print("dx_" + hashlib.sha256(f"{sys.argv[1]}|books|cat_year|category,year|false".encode()).hexdigest()[:24])' "$SITE")
  fi
  if [ "$1" = sqlite ]; then
    [ "$2" = a ] || held=" AND k1 = 'cat7'"
    sql="SELECT item_id, owner, created_at, updated_at, data FROM (SELECT item_id AS entry_item, k1, k2, k3 FROM data_index_entries WHERE $scope AND index_id = '$index'$held) e CROSS JOIN data_items ON $scope AND item_id = e.entry_item WHERE ((json_extract(data, '\$.category') = 'cat7')) ORDER BY $([ "$2" = a ] && echo 'e.k1 DESC, ')e.k2 DESC, e.k3 DESC, e.entry_item DESC LIMIT 51 OFFSET 0"
    sqlite3 -readonly "$DB" "EXPLAIN QUERY PLAN $sql" | grep -v '^QUERY PLAN' | sed 's/^[|` -]*//' | paste -sd';' -
  else
    [ "$2" = a ] || held=" AND k1 = '\"cat7\"'::jsonb"
    sql="SELECT item_id, owner, created_at, updated_at, data::text AS data FROM (SELECT item_id AS entry_item, k1, k2, k3 FROM data_index_entries WHERE $scope AND index_id = '$index'$held) e JOIN data_items ON $scope AND item_id = e.entry_item WHERE ((NULLIF((data -> 'category'), 'null'::jsonb) = '\"cat7\"'::jsonb)) ORDER BY $([ "$2" = a ] && echo 'e.k1 DESC NULLS LAST, ')e.k2 DESC NULLS LAST, e.k3 DESC NULLS LAST, e.entry_item DESC LIMIT 51 OFFSET 0"
    # Node lines and row counts; the conditions are the query's own and only take room.
    psql -At "$PG_URL" -c "EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) $sql" \
      | grep -Ev '^ *(Recheck Cond|Index Cond|Filter|Sort Key|Join Filter):' | sed 's/^ *//; s/^-> *//; s/ (actual / (/' | paste -sd';' -
  fi
}

# measure BACKEND N LAYOUT [curl/wrk header args]: check, warm up, c1, c64 (as the PocketBase peer).
measure() {
  local b=$1 n=$2 layout=$3 k="$1/$2/$3" t0 reqs p; shift 3
  check_answer "$n" "$@"
  p=$(plan "$b" "$layout"); F[$k/plan]=$p
  log "$k: plan: $p"
  [ "$b" != sqlite ] || log "$k: sqlite_stat1 of data_items (index: rows, rows per distinct prefix): $(sqlite3 -readonly "$DB" \
    "SELECT idx || ': ' || stat FROM sqlite_stat1 WHERE tbl = 'data_items'" | paste -sd';')"
  wait_idle "$SPID"
  WRK_DURATION=$WARMUP run_wrk "$D/warmup.txt" "$BASE$QPATH" -H 'wix-site-id: bench' "$@"
  wait_idle "$SPID"
  WRK_THREADS=1 WRK_CONNS=1 WRK_DURATION=$C1_DURATION run_wrk "$D/wrk-$b-$n-$layout-c1.txt" "$BASE$QPATH" -H 'wix-site-id: bench' "$@"
  [ "$NON2XX" = 0 ] || fail "$k: $NON2XX non-2xx answers"
  F[$k/c1]="$P50_MS ms p50, $P99_MS ms p99, $RPS req/s"; F[$k/c1p50]=$P50_MS
  wait_idle "$SPID"
  run_wrk_cpu "$SPID" "$D/wrk-$b-$n-$layout-c64.txt" "$BASE$QPATH" -H 'wix-site-id: bench' "$@"
  [ "$NON2XX" = 0 ] || fail "$k: $NON2XX non-2xx answers"
  F[$k/cpu]=$CPU_US
  F[$k/c64]="$RPS req/s, $P50_MS ms p50, $P99_MS ms p99"; F[$k/rps]=$RPS
  log "$k: c1 ${F[$k/c1]}; c64 ${F[$k/c64]}, server CPU ${F[$k/cpu]} µs/req"
}

# count_ms N: median wall time of COUNT_CALLS sequential anonymous count calls (curl time_total).
count_ms() {
  local i out
  for i in $(seq 1 "$COUNT_CALLS"); do
    out=$(curl -fsS -w ' %{time_total}' -X POST -H 'wix-site-id: bench' -H 'content-type: application/json' \
      -d "$COUNT_BODY" "$BASE/wix-data/v2/items/count") || fail "count failed"
    [ "${out% *}" = "{\"totalCount\":$(($1 / 20))}" ] || fail "count answered ${out% *}, want $(($1 / 20))"
    awk -v s="${out##* }" 'BEGIN{printf "%.2f\n", s*1000}'
  done | median
}

bench_backend() {
  local b=$1 label; shift
  log "== $b"
  start "$b" "$@"
  SEEDED=0 SEED_S=0
  seed "$D/part1.jsonl"
  F[$b/$N_CMP/seed]=$SEED_S
  measure "$b" "$N_CMP" a
  if [ "$N_CMP" != "$N" ]; then
    F[$b/$N_CMP/count]=$(count_ms "$N_CMP")
    add_index; F[$b/$N_CMP/index]=$INDEX_S
    measure "$b" "$N_CMP" b
    drop_index
    seed "$D/part2.jsonl"
    measure "$b" "$N" a
  fi
  [ "$SEEDED" = "$N" ] || fail "$b: seeded $SEEDED, want $N"
  F[$b/seed]=$SEED_S
  F[$b/rss_seed]=$(rss_kb "$SPID")
  if [ "$b" = sqlite ]; then
    F[$b/size]="$(size_mb "$(stat -c %s "$DB")") MB (+ WAL $(size_mb "$(stat -c %s "$DB-wal" 2>/dev/null || echo 0)") MB)"
  else
    F[$b/size]=$(psql -At "$PG_URL" -c "SELECT pg_size_pretty(pg_total_relation_size('data_items') + pg_total_relation_size('data_index_entries')) || ' (data_items and data_index_entries with their indexes; database ' || pg_size_pretty(pg_database_size(current_database())) || ')'")
  fi
  F[$b/$N/count]=$(count_ms "$N")
  add_index; F[$b/index]=$INDEX_S
  measure "$b" "$N" b
  measure "$b" "$N" key -H "Authorization: $KEY"
  F[$b/rss_load]=$(rss_kb "$SPID")
  log "$b: seed $N in ${F[$b/seed]} s, RSS after seeding $(kb_mb "${F[$b/rss_seed]}") MB, after load $(kb_mb "${F[$b/rss_load]}") MB, size ${F[$b/size]}, count ${F[$b/$N/count]} ms"
  kill -TERM "$SPID"; wait "$SPID" 2>/dev/null || true
}

for b in $BACKENDS; do
  case $b in
    sqlite) DB=$D/sqlite/tessera.db; bench_backend sqlite --data-dir "$D/sqlite" ;;
    postgres) pg_db cms; bench_backend postgres --database-url "$PG_URL" ;;
    *) fail "unknown backend $b" ;;
  esac
done

# PocketBase: the peer script, same records (gen-books.py N_CMP), same wrk settings.
pb() {
  local k=$1 line; shift
  line=$(env "$@" WARMUP="$WARMUP" C1_DURATION="$C1_DURATION" "$PEERS/pocketbase-query.sh" "$N_CMP" | tail -n1) \
    || fail "pocketbase peer failed"
  log "$line"
  F[pb/$k/line]=$line
  F[pb/$k/rate]=$(sed -E 's/.*\(([0-9]+) rec\/s\).*/\1/' <<<"$line")
  read -r F[pb/$k/rps] F[pb/$k/p50] F[pb/$k/p99] < <(sed -E 's/.* -d[^ ]+ ([0-9]+) req\/s, p50 ([0-9.]+) ms, p99 ([0-9.]+) ms.*/\1 \2 \3/' <<<"$line")
  read -r F[pb/$k/c1rps] F[pb/$k/c1p50] F[pb/$k/c1p99] < <(sed -E 's/.*single connection ([0-9]+) req\/s, p50 ([0-9.]+) ms, p99 ([0-9.]+) ms.*/\1 \2 \3/' <<<"$line")
}
if [ "$PB" = 1 ]; then
  log "== PocketBase, N=$N_CMP, indexes category and year"
  pb a
  log "== PocketBase, N=$N_CMP, PB_COMPOSITE=1"
  pb b PB_COMPOSITE=1
fi

# Rows.
fmt() { sed -E ':a;s/^([0-9]+)([0-9]{3})/\1,\2/;ta' <<<"$1"; }
lname() { case $1 in a) echo "indexes category, year" ;; b) echo "+ index (category, year)" ;; key) echo "+ index (category, year), with API key" ;; esac; }
for b in $BACKENDS; do
  B=$([ "$b" = sqlite ] && echo SQLite || echo PostgreSQL)
  rate=$(awk -v n="$N" -v s="${F[$b/seed]}" 'BEGIN{printf "%.0f", n/s}')
  echo "| Tessera $B: bulk insert $(fmt "$N") items (HTTP bulk API, $SEED_BATCH/request, $SEED_CONC clients) | $(fmt "$rate") items/s ($(fmt "$N") in ${F[$b/seed]} s$([ "$N_CMP" = "$N" ] || echo "; first $(fmt "$N_CMP"): $(awk -v n="$N_CMP" -v s="${F[$b/$N_CMP/seed]}" 'BEGIN{printf "%.0f", n/s}') items/s")) | ≥ 30,000 items/s | $(verdict "$rate" 30000 ge) |"
  echo "| Tessera $B: after seeding $(fmt "$N") | RSS $(kb_mb "${F[$b/rss_seed]}") MB (after all query runs $(kb_mb "${F[$b/rss_load]}") MB); size ${F[$b/size]}; index (category, year) built in ${F[$b/index]} s | – | – |"
  for n in $(printf '%s\n' "$N_CMP" "$N" | sort -nu); do
    for layout in a b key; do
      k=$b/$n/$layout
      [ -n "${F[$k/c1]:-}" ] || continue
      tgt="–"; v="–"
      if [ "$n" = "$N" ]; then tgt="p50 ≤ 2 ms"; v=$(verdict "${F[$k/c1p50]}" 2 le); fi
      echo "| Tessera $B, N=$(fmt "$n"), $(lname "$layout"): items/query c1 | ${F[$k/c1]} | $tgt | $v |"
      tgt="–"; v="–"
      if [ "$n" = "$N_CMP" ] && [ "$PB" = 1 ] && [ "$layout" != key ]; then
        tgt="≥ 2× PocketBase ($(fmt "${F[pb/$layout/rps]}") req/s)"
        v="$(verdict "${F[$k/rps]}" "$((2 * F[pb/$layout/rps]))" ge) ($(awk -v a="${F[$k/rps]}" -v p="${F[pb/$layout/rps]}" 'BEGIN{printf "%.1f", a/p}')×)"
      fi
      echo "| Tessera $B, N=$(fmt "$n"), $(lname "$layout"): items/query c64 | ${F[$k/c64]}; server CPU ${F[$k/cpu]} µs/req; plan: ${F[$k/plan]} | $tgt | $v |"
    done
    [ -z "${F[$b/$n/count]:-}" ] || echo "| Tessera $B, N=$(fmt "$n"): items/count category = cat7 | ${F[$b/$n/count]} ms (median of $COUNT_CALLS sequential calls) | – | – |"
  done
done
if [ "$PB" = 1 ]; then
  for layout in a b; do
    echo "| peer: PocketBase, N=$(fmt "$N_CMP"), $([ $layout = a ] && echo "indexes category, year" || echo "PB_COMPOSITE=1"): c1 | ${F[pb/$layout/c1p50]} ms p50, ${F[pb/$layout/c1p99]} ms p99, ${F[pb/$layout/c1rps]} req/s | – | – |"
    echo "| peer: PocketBase, N=$(fmt "$N_CMP"), $([ $layout = a ] && echo "indexes category, year" || echo "PB_COMPOSITE=1"): c64 | ${F[pb/$layout/rps]} req/s, ${F[pb/$layout/p50]} ms p50, ${F[pb/$layout/p99]} ms p99; seeding ${F[pb/$layout/rate]} rec/s | – | – |"
  done
fi
log "cms.sh done in $(($(date +%s) - T0)) s"
