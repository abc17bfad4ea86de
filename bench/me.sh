#!/usr/bin/env bash
# GET /api/v1/me with an account API key at 64 connections, SQLite and PostgreSQL, beside the
# Node peer (node:http hello JSON) measured in the same run with the same wrk settings.
# Also /healthz on the SQLite server (same HTTP stack, no database) to split HTTP from store cost.
# Usage: bench/me.sh   Env: ROUNDS (3), WARMUP (2s), WRK_* as in the peers' lib.sh,
# TESSERA_BIN (skip the build), KEEP_TMP=1.
# Prints markdown table rows on stdout (bench/run.sh adds the header); details go to stderr.
. "$(dirname "$0")/common.sh"
ROUNDS=${ROUNDS:-3}
WARMUP=${WARMUP:-2s}
apt_install wrk
tessera_bin
D=$(mktemp -d /tmp/tessera-bench-me.XXXXXX); track_tmp "$D"
pg_db me

declare -A URL KEY PID RPSS P50S P99S CPUS
# start NAME STORAGE_ARGS...: owner account + server; checks /me answers for that account.
start() {
  local name=$1 port; shift
  KEY[$name]=$(init_key "$@")
  port=$(free_port); URL[$name]="http://127.0.0.1:$port/api/v1/me"
  "$TESSERA_BIN" serve --listen "127.0.0.1:$port" "$@" 2>"$D/$name.log" &
  PID[$name]=$!; track_pid "${PID[$name]}"
  wait_http "http://127.0.0.1:$port/readyz" "${PID[$name]}" 15 || { cat "$D/$name.log" >&2; fail "$name did not start"; }
  curl -fs -H "Authorization: Bearer ${KEY[$name]}" "${URL[$name]}" | grep -q '"bench@example.com"' \
    || fail "$name: /api/v1/me did not return the owner"
  # Discarded run: fills the database pool and the allocator, as on a server that has been up a while.
  wrk -t"$WRK_THREADS" -c"$WRK_CONNS" -d"$WARMUP" -H "Authorization: Bearer ${KEY[$name]}" "${URL[$name]}" >/dev/null
}
start sqlite --data-dir "$D/sqlite"
start postgres --database-url "$PG_URL"
URL[healthz]=${URL[sqlite]%/api/v1/me}/healthz; PID[healthz]=${PID[sqlite]}

# Rounds interleave all targets so that drift on the shared 2 cores hits them alike. Server CPU
# per request (user+sys from /proc) tells what a request costs, apart from wrk's share of the cores.
for r in $(seq 1 "$ROUNDS"); do
  for name in sqlite postgres healthz; do
    wait_idle "${PID[$name]}"
    run_wrk_cpu "${PID[$name]}" "$D/wrk-$name-$r.txt" "${URL[$name]}" ${KEY[$name]:+-H "Authorization: Bearer ${KEY[$name]}"}
    [ "$NON2XX" = 0 ] || fail "$name: $NON2XX non-2xx answers"
    log "round $r $name: $RPS req/s, p50 $P50_MS ms, p99 $P99_MS ms, server CPU $CPU_US us/req"
    RPSS[$name]+="$RPS "; P50S[$name]+="$P50_MS "; P99S[$name]+="$P99_MS "; CPUS[$name]+="$CPU_US "
  done
  line=$("$PEERS/node-hello.sh" 2>>"$D/node.log" | tail -n1) || { cat "$D/node.log" >&2; fail "node peer failed"; }
  log "round $r $line"
  read -r RPS P50_MS P99_MS < <(sed -E 's/.*: ([0-9]+) req\/s, p50 ([0-9.]+) ms, p99 ([0-9.]+) ms.*/\1 \2 \3/' <<<"$line")
  RPSS[node]+="$RPS "; P50S[node]+="$P50_MS "; P99S[node]+="$P99_MS "
done

node_rps=$(median_of "${RPSS[node]}")
for name in sqlite postgres healthz node; do
  case $name in
    sqlite) label="Tessera /api/v1/me, SQLite" ;;
    postgres) label="Tessera /api/v1/me, PostgreSQL" ;;
    healthz) label="Tessera /healthz (no database; reference)" ;;
    node) label="peer: Node $(node --version) node:http hello JSON" ;;
  esac
  rps=$(median_of "${RPSS[$name]}")
  extra=""
  [ "$name" = node ] || extra="; $(awk -v a="$rps" -v b="$node_rps" 'BEGIN{printf "%.0f", 100*a/b}')% of Node; server CPU $(median_of "${CPUS[$name]}") µs/req"
  case $name in sqlite | postgres)
    extra+="; RSS after load $(awk -v k="$(rss_kb "${PID[$name]}")" 'BEGIN{printf "%.1f", k/1024}') MB" ;;
  esac
  echo "| $label, c$WRK_CONNS | $rps req/s, p50 $(median_of "${P50S[$name]}") ms, p99 $(median_of "${P99S[$name]}") ms (median of $ROUNDS; req/s per round: ${RPSS[$name]% }$extra) | – | – |"
done
