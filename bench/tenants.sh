#!/usr/bin/env bash
# Many sites on one server (issue 26): for 100, 1,000 and 10,000 sites, each published and with
# 3 collections (an index on `year`) of 100 items, on SQLite and on PostgreSQL: create a site
# (blog template), insert an item, query a collection, a cold page render (p50 and p99 of
# sequential calls over one connection), the server's RSS and the database size. Target: at
# the largest size every figure within 1.5× of the smallest (the database per site, as it
# holds 100× the data). Then the PocketBase comparison at 100k items in one collection, same
# query (bench/cms.sh with N=N_CMP=100000).
#
# One server per backend, grown from one size to the next (the sites of a size stay for the
# next); the sites are made through the management and Wix bulk APIs by SEED_CONC clients.
#
# Usage: bench/tenants.sh   Env: SIZES ("100 1000 10000"), BACKENDS ("sqlite postgres"),
# SEED_CONC (4), PB (1; 0 skips the PocketBase comparison), CREATE/INSERTS/QUERIES/COLD (calls
# per figure: 40/400/400/50), TESSERA_BIN (skip the build), KEEP_TMP=1.
# Prints markdown table rows on stdout; progress on stderr. 10,000 sites take about
# 15 minutes per backend on 2 cores (mostly seeding); the PocketBase part about 10.
. "$(dirname "$0")/common.sh"
T0=$(date +%s)
SIZES=${SIZES:-100 1000 10000}
BACKENDS=${BACKENDS:-sqlite postgres}
SEED_CONC=${SEED_CONC:-4}
PB=${PB:-1}
COLD=${COLD:-50}
export CREATE INSERTS QUERIES COLD
apt_install sqlite3
tessera_bin
D=$(mktemp -d /tmp/tessera-bench-tenants.XXXXXX); track_tmp "$D"
declare -A F

mb() { awk -v b="$1" 'BEGIN{printf "%.1f", b/1048576}'; }
fmt() { sed -E ':a;s/^([0-9]+)([0-9]{3})/\1,\2/;ta' <<<"$1"; }

# db_bytes BACKEND: the database's size on disk (SQLite: the file and its WAL).
db_bytes() {
  if [ "$1" = sqlite ]; then
    echo $(($(stat -c %s "$DB") + $(stat -c %s "$DB-wal" 2>/dev/null || echo 0)))
  else
    psql -At "$PG_URL" -c "SELECT pg_database_size(current_database())"
  fi
}

bench_backend() {
  local b=$1 port have=0 n out s; shift
  log "== $b"
  KEY=$(init_key "$@")
  port=$(free_port); BASE="http://127.0.0.1:$port"
  "$TESSERA_BIN" serve --listen "127.0.0.1:$port" "$@" 2>"$D/$b.log" &
  SPID=$!; track_pid "$SPID"
  wait_http "$BASE/readyz" "$SPID" 15 || { cat "$D/$b.log" >&2; fail "$b did not start"; }
  F[$b/0/rss]=$(rss_kb "$SPID")
  for n in $SIZES; do
    read -r s secs < <(python3 "$BENCH/tenants.py" "$BASE" "$KEY" seed "$have" "$n" "$SEED_CONC") || fail "$b: seeding to $n sites failed"
    log "$b: sites $have..$n made in $secs s ($(awk -v s="$s" -v t="$secs" 'BEGIN{printf "%.0f", s/t}') sites/s)"
    F[$b/$n/seed]="$s in $secs s"
    have=$n
    wait_idle "$SPID"
    out=$(python3 "$BENCH/tenants.py" "$BASE" "$KEY" measure "$n" "$((n > COLD ? n - COLD : 0))") || fail "$b: measuring at $n sites failed"
    log "$b, $n sites: $out"
    for what in create insert query cold_page; do
      F[$b/$n/$what/p50]=$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])[sys.argv[2]]["p50"])' "$out" "$what")
      F[$b/$n/$what/p99]=$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])[sys.argv[2]]["p99"])' "$out" "$what")
    done
    F[$b/$n/rss]=$(rss_kb "$SPID")
    F[$b/$n/db]=$(db_bytes "$b")
    log "$b, $n sites: RSS $(mb $((F[$b/$n/rss] * 1024))) MB, database $(mb "${F[$b/$n/db]}") MB"
  done
  kill -TERM "$SPID"; wait "$SPID" 2>/dev/null || true
}

for b in $BACKENDS; do
  case $b in
    sqlite) DB=$D/sqlite/tessera.db; bench_backend sqlite --data-dir "$D/sqlite" ;;
    postgres) pg_db tenants; bench_backend postgres --database-url "$PG_URL" ;;
    *) fail "unknown backend $b" ;;
  esac
done

if [ "$PB" = 1 ]; then
  log "== the PocketBase comparison: bench/cms.sh at 100k items (N=N_CMP=100000)"
  N=100000 N_CMP=100000 BACKENDS="$BACKENDS" "$BENCH/cms.sh" >"$D/cms-rows.md" || fail "cms.sh failed"
fi

# Rows: one per figure, a column per size, and the largest against the smallest.
first=${SIZES%% *}; last=${SIZES##* }
echo "| figure | $(for n in $SIZES; do printf '%s sites | ' "$(fmt "$n")"; done)$(fmt "$last") / $(fmt "$first") | target | verdict |"
echo "| --- | $(for n in $SIZES; do printf -- '--- | '; done)--- | --- | --- |"
row() { # row LABEL KEY_SUFFIX UNIT [per-site]
  local label=$1 k=$2 unit=$3 per=${4:-} cells="" v a z ratio
  for n in $SIZES; do
    v=${F[$B/$n/$k]}
    [ -z "$per" ] || v=$(awk -v v="$v" -v n="$n" 'BEGIN{printf "%.0f", v/n}')
    cells+="$(unit_of "$v" "$unit") | "
  done
  a=${F[$B/$first/$k]}; z=${F[$B/$last/$k]}
  if [ -n "$per" ]; then a=$(awk -v v="$a" -v n="$first" 'BEGIN{print v/n}'); z=$(awk -v v="$z" -v n="$last" 'BEGIN{print v/n}'); fi
  ratio=$(awk -v a="$a" -v z="$z" 'BEGIN{printf "%.2f", z/a}')
  echo "| $BNAME: $label | $cells${ratio}× | ≤ 1.5× | $(verdict "$ratio" 1.5 le) |"
}
unit_of() {
  case $2 in
    ms) echo "$1 ms" ;;
    kb) echo "$(mb $(($1 * 1024))) MB" ;;
    bytes) echo "$(awk -v b="$1" 'BEGIN{printf "%.1f", b/1024}') KB" ;;
  esac
}
for B in $BACKENDS; do
  BNAME=$([ "$B" = sqlite ] && echo SQLite || echo PostgreSQL)
  for what in create insert query cold_page; do
    label=$(case $what in create) echo "create a site (blog template)" ;; insert) echo "insert an item" ;; query) echo "query a collection" ;; cold_page) echo "cold page render" ;; esac)
    row "$label p50" "$what/p50" ms
    row "$label p99" "$what/p99" ms
  done
  row "server RSS after the calls" rss kb
  row "database per site" db bytes per-site
  echo "| $BNAME: seeding (sites, wall time) | $(for n in $SIZES; do printf '%s | ' "${F[$B/$n/seed]}"; done)– | – | – |"
done
if [ "$PB" = 1 ]; then
  echo
  echo "| measurement | figure | target | verdict |"
  echo "| --- | --- | --- | --- |"
  cat "$D/cms-rows.md"
fi
log "tenants.sh done in $(($(date +%s) - T0)) s"
