#!/usr/bin/env bash
# Rendered pages (issue 5), SQLite:
#   1. the demo site's home page (`tessera serve --demo`), wrk -c64, next to nginx serving the
#      same HTML bytes from disk (shared/peers/nginx-static.sh) in the same run;
#   2. a dynamic page /book/{_id} over a 100,000-item collection whose page also shows a
#      20-item repeater (category filter, newest first), uncached: every request names an
#      item not asked for before, so no answer comes from the page cache.
# Env: WRK_DURATION (10s), N_ITEMS (100000).
. "$(dirname "$0")/common.sh"
N_ITEMS=${N_ITEMS:-100000}
apt_install wrk
tessera_bin
D=$(mktemp -d /tmp/tessera-bench-pages.XXXXXX); track_tmp "$D"

PORT=$(free_port); BASE="http://127.0.0.1:$PORT"
"$TESSERA_BIN" serve --demo --listen "127.0.0.1:$PORT" --data-dir "$D/data" >"$D/demo.txt" 2>"$D/server.log" &
SPID=$!; track_pid "$SPID"
wait_http "$BASE/readyz" "$SPID" 30 || { cat "$D/server.log" >&2; fail "tessera did not start"; }
DEMO="demo.localhost:$PORT"
curl -fsS -H "Host: $DEMO" "$BASE/" -o "$D/home.html" || fail "the demo home page did not load"
grep -q "Fresh from our oven" "$D/home.html" || fail "unexpected demo home page"

wait_idle "$SPID"
WRK_DURATION=3s run_wrk "$D/warm.txt" "$BASE/" -H "Host: $DEMO"
wait_idle "$SPID"
run_wrk_cpu "$SPID" "$D/home.txt" "$BASE/" -H "Host: $DEMO"
[ "$NON2XX" = 0 ] || fail "$NON2XX non-2xx answers"
HOME_FIG="$RPS req/s, p50 $P50_MS ms, p99 $P99_MS ms, server CPU $CPU_US µs/req"; HOME_RPS=$RPS
log "demo home page c64: $HOME_FIG"

# The bench site: 100,000 books and a dynamic page with a repeater.
KEY=$(curl -fsS -X POST "$BASE/api/v1/auth/login" -H 'content-type: application/json' \
  -d '{"email":"demo@tessera.local","password":"tessera-demo"}' | python3 -c 'import sys,json; print(json.load(sys.stdin)["token"])') \
  || fail "demo login failed"
curl -fsS -X POST "$BASE/api/v1/sites" -H "Authorization: Bearer $KEY" -H 'content-type: application/json' \
  -d '{"slug":"bench","name":"Bench"}' -o /dev/null || fail "creating the site failed"
curl -fsS -X POST "$BASE/wix-data/v2/collections" -H "Authorization: Bearer $KEY" -H 'wix-site-id: bench' \
  -H 'content-type: application/json' -o /dev/null -d '{"collection":{"id":"books",
  "fields":[{"key":"category","type":"TEXT"},{"key":"year","type":"NUMBER"}],
  "permissions":{"read":"ANYONE","insert":"CMS_EDITOR","update":"CMS_EDITOR","remove":"CMS_EDITOR"},
  "indexes":[{"name":"cat_year","fields":["category","year"]}]}}' || fail "creating the collection failed"
python3 "$PEERS/gen-books.py" "$N_ITEMS" >"$D/books.jsonl"
log "seeding $N_ITEMS books"
python3 "$BENCH/cms-seed.py" "$BASE" "Bearer $KEY" bench books "$D/books.jsonl" 1000 2 seq >/dev/null || fail "seeding failed"
python3 - "$D/doc.json" <<'PY'
import json, sys
card = [
    {"id": "c-title", "type": "heading", "props": {"text": "", "level": 3}, "bind": {"text": {"field": "title"}}},
    {"id": "c-author", "type": "text", "props": {"html": ""}, "bind": {"text": {"field": "author"}}},
    {"id": "c-year", "type": "text", "props": {"html": ""}, "bind": {"text": {"field": "year"}}},
    {"id": "c-link", "type": "link", "props": {"text": "Open", "link": {"href": "/"}}, "bind": {"href": {"field": "@url"}}},
]
doc = {"schemaVersion": 1, "settings": {"name": "Bench"},
  "master": {"header": [{"id": "menu", "type": "menu"}], "footer": [{"id": "f", "type": "text", "props": {"html": "<p>Bench</p>"}}]},
  "pages": [
    {"id": "home", "title": "Home", "path": "/", "sections": []},
    {"id": "book", "title": "Book", "path": "/book/{_id}", "dynamic": {"collection": "books", "field": "_id"},
     "seo": {"title": "{title} by {author}", "description": "{note}"},
     "datasets": [{"id": "more", "collection": "books", "filter": {"category": "cat7"},
                   "sort": [{"fieldName": "year", "order": "DESC"}], "pageSize": 20}],
     "sections": [{"id": "s", "type": "section", "children": [
        {"id": "t", "type": "heading", "props": {"text": "", "level": 1}, "bind": {"text": {"field": "title"}}},
        {"id": "a", "type": "text", "props": {"html": ""}, "bind": {"text": {"field": "author"}}},
        {"id": "n", "type": "text", "props": {"html": ""}, "bind": {"text": {"field": "note"}}},
        {"id": "r", "type": "repeater", "props": {"dataset": "more", "columns": 4}, "children": card}]}]}]}
# A new site starts with the starter page as revision 1.
json.dump({"revision": 1, "document": doc}, open(sys.argv[1], "w"))
PY
curl -fsS -X PUT "$BASE/api/v1/sites/bench/document" -H "Authorization: Bearer $KEY" -H 'content-type: application/json' \
  --data-binary "@$D/doc.json" -o /dev/null || fail "saving the bench document failed"
curl -fsS -X POST "$BASE/api/v1/sites/bench/publish" -H "Authorization: Bearer $KEY" -o /dev/null || fail "publishing failed"
HOST="bench.localhost:$PORT"
n=$(curl -fsS -H "Host: $HOST" "$BASE/book/b0000042" | grep -o '<li><h3' | wc -l)
[ "$n" = 20 ] || fail "the dynamic page shows $n repeater items, want 20"

# Each wrk thread walks its own quarter of the items (the warm-up the first two, the run the
# last two), so no address repeats and no answer comes from the page cache.
walk_items() { # OUT FIRST_QUARTER
  cat >"$1" <<LUA
local threads = 0
setup = function(thread)
  thread:set("first", ($2 + threads) * math.floor($N_ITEMS / 4))
  threads = threads + 1
end
local n = 0
request = function()
  n = n + 1
  return wrk.format("GET", string.format("/book/b%07d", (first + n) % $N_ITEMS))
end
LUA
}
walk_items "$D/warm.lua" 0
walk_items "$D/dynamic.lua" 2
wait_idle "$SPID" 60
WRK_DURATION=3s run_wrk "$D/warm2.txt" "$BASE/" -H "Host: $HOST" -s "$D/warm.lua"
wait_idle "$SPID"
run_wrk_cpu "$SPID" "$D/dynamic.txt" "$BASE/" -H "Host: $HOST" -s "$D/dynamic.lua"
[ "$NON2XX" = 0 ] || fail "$NON2XX non-2xx answers"
DYN="$RPS req/s, p50 $P50_MS ms, p99 $P99_MS ms, server CPU $CPU_US µs/req"; DYN_RPS=$RPS; DYN_P99=$P99_MS
log "dynamic page uncached c64: $DYN"
# The same walk at 16 connections, for latency below saturation; publishing again starts the
# run with an empty page cache.
curl -fsS -X POST "$BASE/api/v1/sites/bench/publish" -H "Authorization: Bearer $KEY" -o /dev/null || fail "publishing failed"
wait_idle "$SPID"
WRK_CONNS=16 run_wrk "$D/dynamic16.txt" "$BASE/" -H "Host: $HOST" -s "$D/dynamic.lua"
[ "$NON2XX" = 0 ] || fail "$NON2XX non-2xx answers"
DYN16="$RPS req/s, p50 $P50_MS ms, p99 $P99_MS ms"; DYN16_P99=$P99_MS
log "dynamic page uncached c16: $DYN16"
kill "$SPID"; wait "$SPID" 2>/dev/null || true

NGINX=$("$PEERS/nginx-static.sh" "$D/home.html" 2>/dev/null | tail -n1) || fail "nginx peer failed"
NGINX_RPS=$(echo "$NGINX" | sed -E 's/.*: ([0-9.]+) req\/s.*/\1/')
log "$NGINX"

half=$(awk -v b="$NGINX_RPS" 'BEGIN{printf "%.0f", b/2}')
ratio=$(awk -v a="$HOME_RPS" -v b="$NGINX_RPS" 'BEGIN{printf "%.2f", a/b}')
echo "| demo home page ($(stat -c %s "$D/home.html") B), wrk -c64 | $HOME_FIG | ≥ 0.5× nginx ($half req/s) | $(verdict "$HOME_RPS" "$half" ge) (${ratio}×) |"
echo "| dynamic page + 20-item repeater, $N_ITEMS items, uncached, SQLite, c64 | $DYN | ≥ 2,000 req/s, p99 ≤ 20 ms | $(verdict "$DYN_RPS" 2000 ge) / $(verdict "$DYN_P99" 20 le) |"
echo "| same, c16 | $DYN16 | p99 ≤ 20 ms | $(verdict "$DYN16_P99" 20 le) |"
echo "| peer: $NGINX | | | |"
