#!/usr/bin/env bash
# Start-to-ready time of `tessera serve` (fresh SQLite, migrated SQLite, migrated PostgreSQL) and
# idle RSS after a few requests. Targets: <= 100 ms SQLite, <= 300 ms PostgreSQL, <= 30 MB RSS.
# Usage: bench/startup.sh   Env: RUNS (10), TESSERA_BIN (skip the build), KEEP_TMP=1.
# Prints markdown table rows on stdout (bench/run.sh adds the header); details go to stderr.
. "$(dirname "$0")/common.sh"
RUNS=${RUNS:-10}
tessera_bin
D=$(mktemp -d /tmp/tessera-bench-startup.XXXXXX); track_tmp "$D"
pg_db startup

# row LABEL TARGET_MS ARGS...: time RUNS starts and print "median, min" against the target.
row() {
  local label=$1 target=$2 times med min; shift 2
  times=$(python3 "$BENCH/startup.py" "$RUNS" "$TESSERA_BIN" serve --listen '127.0.0.1:{port}' "$@") \
    || fail "startup runs failed: $label"
  log "$label: $(echo $times) ms"
  med=$(echo "$times" | median); min=$(echo "$times" | sort -g | head -n1)
  echo "| start to ready, $label | median $med ms, min $min ms (n=$RUNS) | ≤ $target ms | $(verdict "$med" "$target") |"
}

# Fresh: every run gets an empty data dir, so it creates the file and applies all migrations.
row "SQLite, fresh data dir" 100 --data-dir '{fresh}'
# Migrated: the common restart case; migrations are only checked.
"$TESSERA_BIN" migrate --data-dir "$D/sqlite" >/dev/null
row "SQLite, migrated data dir" 100 --data-dir "$D/sqlite"
"$TESSERA_BIN" migrate --database-url "$PG_URL" >/dev/null
row "PostgreSQL, migrated" 300 --database-url "$PG_URL"

# idle_rss LABEL STORAGE_ARGS...: RSS of a server that has answered a few authenticated
# requests (so database pools and allocator arenas are in use) and then gone quiet.
idle_rss() {
  local label=$1 key port pid url kb i; shift
  key=$(init_key "$@")
  port=$(free_port); url="http://127.0.0.1:$port"
  "$TESSERA_BIN" serve --listen "127.0.0.1:$port" "$@" 2>"$D/rss-$port.log" &
  pid=$!; track_pid "$pid"
  wait_http "$url/readyz" "$pid" 15 || { cat "$D/rss-$port.log" >&2; fail "server did not start"; }
  for i in $(seq 1 20); do
    curl -fs -o /dev/null "$url/readyz" && curl -fs -o /dev/null -H "Authorization: Bearer $key" "$url/api/v1/me" \
      || fail "request to $url failed"
  done
  sleep 1
  kb=$(rss_kb "$pid")
  echo "| idle RSS, $label (after 40 requests) | $(awk -v k="$kb" 'BEGIN{printf "%.1f", k/1024}') MB | ≤ 30 MB | $(verdict "$kb" 30720) |"
}
idle_rss "SQLite" --data-dir "$D/sqlite"
idle_rss "PostgreSQL" --database-url "$PG_URL"
