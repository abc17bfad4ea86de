#!/usr/bin/env bash
# Automations (issue 23): events per second through trigger → condition → webhook delivery to a
# local receiver, and the end-to-end p50 latency (report sent → webhook received), on SQLite
# and PostgreSQL. Target: ≥ 2,000 events/s delivered on SQLite.
# The driver and receiver are one Node process (bench/automations.mjs): EVENTS custom events
# ("custom:bench") reported with CONNS connections; the automation's condition holds for all
# of them and its one action is a WEBHOOK to the receiver.
# Usage: bench/automations.sh   Env: BACKENDS ("sqlite postgres"), EVENTS (20000), CONNS (32),
# ROUNDS (3), TESSERA_BIN (skip the build), KEEP_TMP=1.
# Prints markdown table rows on stdout (bench/run.sh adds the header); details go to stderr.
. "$(dirname "$0")/common.sh"
BACKENDS=${BACKENDS:-sqlite postgres}
EVENTS=${EVENTS:-20000}
CONNS=${CONNS:-32}
ROUNDS=${ROUNDS:-3}
tessera_bin
D=$(mktemp -d /tmp/tessera-bench-automations.XXXXXX); track_tmp "$D"

node "$BENCH/automations.mjs" serve "$D/receiver.port" 2>"$D/receiver.log" &
track_pid $!
for _ in $(seq 1 50); do [ -s "$D/receiver.port" ] && break; sleep 0.1; done
RECEIVER="http://127.0.0.1:$(cat "$D/receiver.port")"

# start BACKEND STORAGE_ARGS...: server (allowed to call the receiver), site `bench`, and the
# automation. Sets BASE, SPID and KEY.
start() {
  local name=$1 port; shift
  KEY=$(init_key "$@")
  port=$(free_port); BASE="http://127.0.0.1:$port"
  "$TESSERA_BIN" serve --listen "127.0.0.1:$port" --fetch-allow "127.0.0.1:${RECEIVER##*:}" "$@" 2>"$D/$name.log" &
  SPID=$!; track_pid "$SPID"
  wait_http "$BASE/readyz" "$SPID" 15 || { cat "$D/$name.log" >&2; fail "$name did not start"; }
  curl -fsS -o /dev/null -X POST "$BASE/api/v1/sites" -H "Authorization: Bearer $KEY" \
    -H 'content-type: application/json' -d '{"slug":"bench","name":"Bench"}' || fail "$name: creating the site failed"
  curl -fsS -o /dev/null -X POST "$BASE/_automations/v1/automations" -H "Authorization: $KEY" -H 'wix-site-id: bench' \
    -H 'content-type: application/json' -d @- <<EOF || fail "$name: creating the automation failed"
{"automation": {"name": "Orders to the ERP", "trigger": {"eventType": "custom:bench"},
  "conditions": {"match": "ALL", "rules": [{"field": "event.kind", "operator": "EQUALS", "value": "order"}]},
  "maxRunsPerMinute": 100000,
  "actions": [{"type": "WEBHOOK", "url": "$RECEIVER/orders"}]}}
EOF
}

for backend in $BACKENDS; do
  case $backend in
    sqlite) start sqlite --data-dir "$D/sqlite" ;;
    postgres) pg_db automations; start postgres --database-url "$PG_URL" ;;
    *) fail "unknown backend $backend" ;;
  esac
  # A short warm-up round, then the measured ones.
  for r in $(seq 0 "$ROUNDS"); do
    n=$EVENTS; [ "$r" = 0 ] && n=1000
    t0=$(cpu_ticks "$SPID")
    out=$(curl -fsS -X POST "$RECEIVER/drive" -H 'content-type: application/json' \
      -d "{\"base\": \"$BASE\", \"key\": \"$KEY\", \"events\": $n, \"conns\": $CONNS}") || fail "$backend: the driver failed"
    [ "$r" = 0 ] && continue
    # The server's CPU per event, reported and delivered: steadier than rates on a shared machine.
    CPU[$r]=$(awk -v t="$(($(cpu_ticks "$SPID") - t0))" -v n="$n" -v hz="$(getconf CLK_TCK)" 'BEGIN{printf "%.0f", t/hz*1e6/n}')
    log "round $r $backend: $out, server CPU ${CPU[$r]} us/event"
    read -r got acc del p50 p95 < <(python3 -c 'import json,sys; d=json.loads(sys.argv[1]); print(d["delivered"], d["acceptedPerSecond"], d["deliveredPerSecond"], d["p50Ms"], d["p95Ms"])' "$out")
    [ "$got" = "$n" ] || fail "$backend: $got of $n events delivered"
    ACC[$r]=$acc; DEL[$r]=$del; P50[$r]=$p50; P95[$r]=$p95
  done
  kill "$SPID" 2>/dev/null || true
  wait "$SPID" 2>/dev/null || true
  del=$(median_of "${DEL[*]}")
  target=""
  [ "$backend" = sqlite ] && target="; target ≥ 2,000/s: $(verdict "$del" 2000 ge)"
  echo "| automations: $EVENTS custom events → condition → webhook, $backend, c$CONNS | $del events/s delivered end to end, p50 $(median_of "${P50[*]}") ms, p95 $(median_of "${P95[*]}") ms (median of $ROUNDS; accepted $(median_of "${ACC[*]}")/s; delivered/s per round: ${DEL[*]}; server CPU $(median_of "${CPU[*]}") µs/event$target) | – | – |"
done
