#!/usr/bin/env bash
# Site analytics and site search (issue 25), on SQLite and on PostgreSQL, release build:
#   1. ingest: wrk posts beacon page views to /_api/analytics/hit on the site's host, C
#      connections for DURATION s. Each request comes from one of 50,000 visitors (user agents
#      differing by a version number: the bot rule, 120 hits a minute, never trips) and one
#      of 50 pages. Figures: hits/s answered, and the hits stored (counted in the database after
#      a report has flushed the node's buffer), which must be all of them.
#   2. the overview report over 12 months (`days=365`) of another site with HITS (1,000,000)
#      raw hits seeded straight into the database (analytics.py hits: sessions over the 365
#      days up to now); the first report rolls them up (timed), then c1 p50 (target ≤ 50 ms).
#   3. site search over ITEMS (100,000) CMS items (analytics.py items through the bulk API;
#      the index built from scratch by saving the search settings, timed): c1 p50 per phrase
#      (target ≤ 5 ms) and requests/s by C clients cycling through the phrases, as a visitor.
# Meilisearch, the issue's peer for search, ships no server in the registries reachable here
# (crates.io, PyPI, npm and Debian have its clients only); bench/RESULTS.md quotes its figures.
# Usage: bench/analytics.sh   Env: PARTS ("ingest report search"), BACKENDS ("sqlite
#   postgres"), C (64 for ingest, 8 for search), DURATION (15), HITS, ITEMS, TESSERA_BIN.
# Prints markdown table rows on stdout.
. "$(dirname "$0")/common.sh"
PARTS=${PARTS:-ingest report search}
BACKENDS=${BACKENDS:-sqlite postgres}
DURATION=${DURATION:-15}
HITS=${HITS:-1000000}
ITEMS=${ITEMS:-100000}
apt_install wrk sqlite3
tessera_bin
D=$(mktemp -d /tmp/tessera-bench-analytics.XXXXXX); track_tmp "$D"
CHROME='Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.%d.0 Safari/537.36'

# serve NAME STORAGE_ARGS...: owner, server (reports may roll up a year at once: 10 minutes
# per request), sites `bench` and `report`. Sets KEY BASE PORT SPID SITE_REPORT.
serve() {
  local name=$1; shift
  KEY=$(init_key "$@")
  PORT=$(free_port); BASE="http://127.0.0.1:$PORT"
  "$TESSERA_BIN" serve --listen "127.0.0.1:$PORT" --request-timeout 600 "$@" 2>>"$D/$name.log" &
  SPID=$!; track_pid "$SPID"
  wait_http "$BASE/readyz" "$SPID" 30 || { cat "$D/$name.log" >&2; fail "tessera did not start"; }
  for slug in bench report; do
    curl -fsS -X POST "$BASE/api/v1/sites" -H "authorization: Bearer $KEY" -H 'content-type: application/json' \
      -d "{\"slug\":\"$slug\",\"name\":\"$slug\"}" >"$D/site-$slug.json" || fail "creating site $slug failed"
  done
  SITE_REPORT=$(python3 -c 'import sys,json;print(json.load(open(sys.argv[1]))["id"])' "$D/site-report.json")
}

stop() { kill "$SPID"; wait "$SPID" 2>/dev/null || true; SPID=; }

# api SITE METHOD PATH [curl args]: an owner's call on the dashboard host; prints the answer.
api() {
  local site=$1 m=$2 p=$3; shift 3
  curl -fsS -X "$m" -H "authorization: $KEY" -H "wix-site-id: $site" -H 'content-type: application/json' "$@" "$BASE$p"
}

# sql BACKEND QUERY: one value from the server's database.
sql() {
  case $1 in
    sqlite) sqlite3 -readonly "$D/sqlite/tessera.db" "$2" ;;
    postgres) psql -Atq "$PG_URL" -c "$2" ;;
  esac
}

ingest() {
  local backend=$1 name=$2 reqs stored
  cat >"$D/hit.lua" <<EOF
local n = 0
request = function()
  n = n + 1
  local ua = string.format("$CHROME", math.random(50000))
  local body = '{"type":"pageview","path":"/page/' .. (n % 50) .. '","referrer":"https://www.google.com/"}'
  return wrk.format("POST", "/_api/analytics/hit", {["User-Agent"] = ua, ["Content-Type"] = "text/plain"}, body)
end
EOF
  WRK_DURATION=3s run_wrk "$D/ingest-warm.txt" "$BASE/_api/analytics/hit" -H "Host: bench.localhost:$PORT" -s "$D/hit.lua"
  api bench GET '/analytics/v1/reports/realtime' -o /dev/null || fail "report failed"
  local before; before=$(sql "$backend" "SELECT count(*) FROM analytics_hits")
  WRK_CONNS=${C:-64} WRK_DURATION=${DURATION}s run_wrk_cpu "$SPID" "$D/ingest.txt" "$BASE/_api/analytics/hit" \
    -H "Host: bench.localhost:$PORT" -s "$D/hit.lua"
  reqs=$(awk '/requests in/{print $1}' "$D/ingest.txt")
  # A report writes what the node holds; the count is then the hits stored by the run.
  api bench GET '/analytics/v1/reports/realtime' -o /dev/null || fail "report failed"
  stored=$(($(sql "$backend" "SELECT count(*) FROM analytics_hits") - before))
  log "$name: ingest $RPS answers/s (c${C:-64}), $reqs answered ($NON2XX not 2xx), $stored stored, $CPU_US µs server CPU an answer"
  [ "$stored" -ge $((reqs - NON2XX)) ] || fail "$name: $((reqs - NON2XX)) hits accepted, $stored stored"
  # The figure is hits taken (answered 2xx, and stored); a 429 while 50,000 hits wait for the
  # writer is an answer, not an ingested hit.
  local taken; taken=$(awk -v n=$((reqs - NON2XX)) -v d="$DURATION" 'BEGIN{printf "%.0f", n/d}')
  echo "| $name | beacon ingest, c${C:-64}, ${DURATION} s | **$taken hits/s taken and stored** ($(verdict "$taken" 20000 ge) ≥ 20,000); $RPS answers/s, $NON2XX of them 429 (the writer behind); p50 $P50_MS ms, p99 $P99_MS ms; $stored stored; server CPU $CPU_US µs/answer |"
}

report() {
  local backend=$1 name=$2 seeded t0 first target
  log "$name: seeding $HITS hits over 12 months"
  t0=$(date +%s.%N)
  case $backend in
    sqlite) seeded=$(python3 "$BENCH/analytics.py" hits sqlite "$D/sqlite/tessera.db" "$SITE_REPORT" "$HITS") ;;
    postgres) seeded=$(python3 "$BENCH/analytics.py" hits postgres "$PG_URL" "$SITE_REPORT" "$HITS") ;;
  esac
  [ "$seeded" = "$HITS" ] || fail "$name: seeded $seeded hits"
  log "$name: seeded in $(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN{printf "%.1f", b-a}') s"
  t0=$(date +%s.%N)
  api report GET '/analytics/v1/reports/overview?days=365' >"$D/overview.json" || fail "$name: overview failed"
  first=$(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN{printf "%.1f", b-a}')
  python3 - "$D/overview.json" "$HITS" <<'EOF' || fail "$name: wrong overview"
import json, sys
d = json.load(open(sys.argv[1]))
t = d["totals"]
assert len(d["series"]) == 365, len(d["series"])
assert t["views"] > 0.7 * int(sys.argv[2]) and t["sessions"] > 0, t
print(f"views {t['views']}, sessions {t['sessions']}, visitors {t['visitors']}, bounce {t['bounceRate']}", file=sys.stderr)
EOF
  log "$name: first overview (rolls up 12 months) in $first s"
  target="$BASE/analytics/v1/reports/overview?days=365"
  WRK_DURATION=3s run_wrk "$D/overview-warm.txt" "$target" -H "authorization: $KEY" -H 'wix-site-id: report'
  WRK_THREADS=1 WRK_CONNS=1 WRK_DURATION=${DURATION}s run_wrk "$D/overview.txt" "$target" \
    -H "authorization: $KEY" -H 'wix-site-id: report'
  log "$name: overview c1 p50 $P50_MS ms, $RPS req/s"
  echo "| $name | overview, 12 months, $(printf "%'d" "$HITS") hits: c1 | **p50 $P50_MS ms** ($(verdict "$P50_MS" 50) ≤ 50), p99 $P99_MS ms, $RPS req/s; the first report rolled the year up in $first s |"
}

search() {
  local backend=$1 name=$2 t0 built docs phrase label total lines=() all=()
  log "$name: $ITEMS items"
  api bench POST /wix-data/v2/collections -o /dev/null -d '{"collection":{"id":"products","fields":[
    {"key":"title","type":"TEXT"},{"key":"summary","type":"TEXT"},{"key":"body","type":"TEXT"}],
    "permissions":{"read":"ANYONE","insert":"CMS_EDITOR","update":"CMS_EDITOR","remove":"CMS_EDITOR"}}}' \
    || fail "$name: creating the collection failed"
  python3 "$BENCH/analytics.py" items "$ITEMS" >"$D/items.jsonl"
  python3 "$BENCH/cms-seed.py" "$BASE" "$KEY" bench products "$D/items.jsonl" 1000 2 >/dev/null || fail "$name: seeding failed"
  t0=$(date +%s.%N)
  api bench PUT /_api/search/v1/settings -d '{"settings":{"collections":[{"collectionId":"products",
    "titleField":"title","descriptionField":"summary","fields":["body"]}]}}' >"$D/settings.json" \
    || fail "$name: saving the search settings failed"
  built=$(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN{printf "%.1f", b-a}')
  docs=$(python3 -c 'import sys,json;print(json.load(open(sys.argv[1]))["documents"])' "$D/settings.json")
  [ "$docs" -ge "$ITEMS" ] || fail "$name: $docs documents indexed"
  log "$name: index of $docs documents built in $built s"
  while IFS=$'\t' read -r label phrase; do
    cat >"$D/search.lua" <<EOF
wrk.method = "POST"
wrk.body = '{"phrase":"$phrase"}'
wrk.headers["Content-Type"] = "application/json"
EOF
    total=$(curl -fsS -H "Host: bench.localhost:$PORT" -H 'content-type: application/json' \
      -d "{\"phrase\":\"$phrase\"}" "$BASE/_api/search/v1/search" \
      | python3 -c 'import sys,json;d=json.load(sys.stdin);print(d["pagingMetadata"]["total"])') || fail "$name: search failed"
    WRK_DURATION=1s run_wrk "$D/search-warm.txt" "$BASE/_api/search/v1/search" -H "Host: bench.localhost:$PORT" -s "$D/search.lua"
    WRK_THREADS=1 WRK_CONNS=1 WRK_DURATION=3s run_wrk "$D/search-c1.txt" "$BASE/_api/search/v1/search" \
      -H "Host: bench.localhost:$PORT" -s "$D/search.lua"
    log "$name: \"$phrase\" ($label, $total found) c1 p50 $P50_MS ms"
    lines+=("$label \`$phrase\` $P50_MS ms ($total found)")
    all+=("$P50_MS")
  done < <(python3 "$BENCH/analytics.py" phrases)
  python3 "$BENCH/analytics.py" phrases | awk -F'\t' '
    BEGIN { print "local phrases = {" } { printf "  [[{\"phrase\":\"%s\"}]],\n", $2 } END { print "}" }' >"$D/mix.lua"
  cat >>"$D/mix.lua" <<'EOF'
local n = 0
request = function()
  n = n + 1
  return wrk.format("POST", nil, {["Content-Type"] = "application/json"}, phrases[n % #phrases + 1])
end
EOF
  WRK_CONNS=${C:-8} WRK_DURATION=${DURATION}s run_wrk_cpu "$SPID" "$D/search-mix.txt" "$BASE/_api/search/v1/search" \
    -H "Host: bench.localhost:$PORT" -s "$D/mix.lua"
  local median; median=$(median_of "${all[*]}")
  log "$name: search mix c${C:-8} $RPS req/s, median of the phrases' p50 $median ms"
  local per; per=$(printf '%s; ' "${lines[@]}" | sed 's/; $//')
  echo "| $name | search, $(printf "%'d" "$ITEMS") items (index built in $built s): c1 p50 per phrase | **median $median ms** ($(verdict "$median" 5) ≤ 5): $per |"
  echo "| $name | search, all phrases in turn, c${C:-8} | $RPS req/s, p50 $P50_MS ms, p99 $P99_MS ms; server CPU $CPU_US µs/search |"
}

echo "| backend | what | figure |"
echo "| --- | --- | --- |"
for backend in $BACKENDS; do
  case $backend in
    sqlite) serve sqlite --data-dir "$D/sqlite"; name=SQLite ;;
    postgres) pg_db analytics; serve postgres --data-dir "$D/pg" --database-url "$PG_URL"; name=PostgreSQL ;;
  esac
  for part in $PARTS; do "$part" "$backend" "$name"; done
  stop
done
