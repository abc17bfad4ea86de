#!/usr/bin/env bash
# Peer for the store (issue 20): Medusa v2 (@medusajs/medusa from npm) on this machine's
# PostgreSQL, measured the way bench/store.sh measures Tessera:
#   - orders per second through the full store-API path (create a cart in the region, add a line
#     item, set email and shipping address, add the shipping method, create a payment collection
#     and a session with the system provider, complete the cart) by C buyers at once
#     (bench/medusa.py);
#   - SQL statements per purchase: every Client#query of node-postgres, counted in the server by
#     a preloaded hook (bench/medusa-count-sql.js);
#   - the store API's product list, GET /store/products?limit=20 with the publishable key, wrk c64
#     (and the same with the region's computed prices, as a storefront asks for them).
# It installs Medusa under MEDUSA_DIR (a hand-written project: @medusajs/medusa, framework and cli
# at one version, admin disabled; no starter clone), builds it (`medusa build`), creates and
# migrates a throwaway database, seeds it (bench/medusa-seed.ts through `medusa exec`), and runs
# `medusa start` with NODE_ENV=production. Medusa is stopped and the database dropped at exit.
# Usage: bench/medusa.sh   Env: PRODUCTS (1000), C (8), DURATION (20 s), MEDUSA_VERSION (2.21.2),
#   MEDUSA_DIR (/var/tmp/medusa-peer), CLUSTER (unset: one process, as `medusa start` runs by
#   default; N: `medusa start --cluster N`), REDIS (unset: Medusa's in-memory event bus, workflow
#   engine and locking, as the starter has them; 1: Redis modules on REDIS_DB_URL,
#   redis://127.0.0.1:6379/13, which must be empty and is flushed at exit), LOAD_MAX (unset;
#   e.g. 1.5: before measuring, wait up to LOAD_WAIT=900 s for the 1-minute load average to fall
#   below it), KEEP_TMP=1.
# Prints markdown table rows on stdout; progress on stderr.
. "$(dirname "$0")/common.sh"
PRODUCTS=${PRODUCTS:-1000}
C=${C:-8}
DURATION=${DURATION:-20}
MEDUSA_VERSION=${MEDUSA_VERSION:-2.21.2}
MEDUSA_DIR=${MEDUSA_DIR:-/var/tmp/medusa-peer}
CLUSTER=${CLUSTER:-}
REDIS_DB_URL=${REDIS_DB_URL:-redis://127.0.0.1:6379/13}
LOAD_WAIT=${LOAD_WAIT:-900}
APP=$MEDUSA_DIR/app
# No usage analytics from the CLI or the server (the network reaches only the registries anyway).
export MEDUSA_DISABLE_TELEMETRY=true DO_NOT_TRACK=1
apt_install wrk
command -v node >/dev/null && command -v npm >/dev/null || fail "Medusa needs Node.js (^20.19 or >= 22.12) and npm"
node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit((a===20&&b>=19)||(a===22&&b>=12)||a>22?0:1)' ||
  fail "Medusa $MEDUSA_VERSION needs Node ^20.19.0 or >=22.12.0, this is $(node --version)"

# --- Install (idempotent): the project files, npm install when the version differs, build when
# the inputs changed.
mkdir -p "$APP/src/scripts"
cat >"$APP/package.json" <<EOF
{
  "name": "medusa-peer",
  "version": "0.0.1",
  "private": true,
  "scripts": { "build": "medusa build", "start": "medusa start" },
  "dependencies": {
    "@medusajs/cli": "$MEDUSA_VERSION",
    "@medusajs/framework": "$MEDUSA_VERSION",
    "@medusajs/medusa": "$MEDUSA_VERSION"
  },
  "devDependencies": {
    "@swc/core": "^1.7.28",
    "@types/node": "^20.12.11",
    "react": "^18.3.1",
    "react-dom": "^18.3.1",
    "ts-node": "^10.9.2",
    "typescript": "^5.6.2",
    "vite": "^5.4.14",
    "yalc": "^1.0.0-pre.53"
  },
  "engines": { "node": ">=20" }
}
EOF
# The starter's config, with the admin dashboard off (the store API is what is measured). With
# REDIS_URL set, the event bus, workflow engine, locking and sessions use Redis, as Medusa's
# production guide sets them up (needed once there is more than one process).
cat >"$APP/medusa-config.ts" <<'EOF'
import { loadEnv, defineConfig } from "@medusajs/framework/utils"

loadEnv(process.env.NODE_ENV || "development", process.cwd())
const redisUrl = process.env.REDIS_URL

module.exports = defineConfig({
  projectConfig: {
    databaseUrl: process.env.DATABASE_URL,
    redisUrl,
    http: {
      storeCors: "http://localhost:8000",
      adminCors: "http://localhost:9000",
      authCors: "http://localhost:9000",
      jwtSecret: "bench-jwt-secret",
      cookieSecret: "bench-cookie-secret",
    },
  },
  admin: { disable: true },
  modules: redisUrl ? [
    { resolve: "@medusajs/medusa/event-bus-redis", options: { redisUrl } },
    { resolve: "@medusajs/medusa/workflow-engine-redis", options: { redis: { redisUrl } } },
    {
      resolve: "@medusajs/medusa/locking",
      options: {
        providers: [{ resolve: "@medusajs/medusa/locking-redis", id: "locking-redis", is_default: true, options: { redisUrl } }],
      },
    },
  ] : [],
})
EOF
cat >"$APP/tsconfig.json" <<'EOF'
{
  "compilerOptions": {
    "target": "ES2021", "esModuleInterop": true, "module": "Node16", "moduleResolution": "Node16",
    "emitDecoratorMetadata": true, "experimentalDecorators": true, "skipLibCheck": true,
    "skipDefaultLibCheck": true, "declaration": false, "sourceMap": false, "inlineSourceMap": true,
    "outDir": "./.medusa/server", "rootDir": "./", "jsx": "react-jsx",
    "forceConsistentCasingInFileNames": true, "resolveJsonModule": true, "checkJs": false,
    "strictNullChecks": true
  },
  "ts-node": { "swc": true },
  "include": ["**/*", ".medusa/types/*"],
  "exclude": ["node_modules", ".medusa/server", ".medusa/admin", ".cache"]
}
EOF
cp "$BENCH/medusa-seed.ts" "$APP/src/scripts/seed.ts"
cp "$BENCH/medusa-count-sql.js" "$APP/count-sql.js"
MEDUSA="$APP/node_modules/.bin/medusa"
have=$(node -p "require('$APP/node_modules/@medusajs/medusa/package.json').version" 2>/dev/null || true)
if [ "$have" != "$MEDUSA_VERSION" ] || ! [ -x "$MEDUSA" ]; then
  log "npm install @medusajs/medusa@$MEDUSA_VERSION (+ framework, cli) in $APP (about 2 min)"
  (cd "$APP" && npm install --no-audit --no-fund --loglevel=error) >"$MEDUSA_DIR/npm-install.log" 2>&1 ||
    { tail -20 "$MEDUSA_DIR/npm-install.log" >&2; fail "npm install failed (see $MEDUSA_DIR/npm-install.log)"; }
fi
have=$(node -p "require('$APP/node_modules/@medusajs/medusa/package.json').version")
[ "$have" = "$MEDUSA_VERSION" ] || fail "installed @medusajs/medusa is $have, want $MEDUSA_VERSION"
STAMP=$(cd "$APP" && cat package.json medusa-config.ts tsconfig.json src/scripts/seed.ts | sha256sum | cut -c1-16)
if [ "$(cat "$APP/.medusa/server/.bench-stamp" 2>/dev/null)" != "$STAMP" ]; then
  log "medusa build"
  (cd "$APP" && "$MEDUSA" build) >"$MEDUSA_DIR/build.log" 2>&1 ||
    { tail -20 "$MEDUSA_DIR/build.log" >&2; fail "medusa build failed (see $MEDUSA_DIR/build.log)"; }
  echo "$STAMP" >"$APP/.medusa/server/.bench-stamp"
fi
# The built server resolves its packages from the project's node_modules (instead of a second
# npm install in .medusa/server, as the deployment guide does).
ln -sfn ../../node_modules "$APP/.medusa/server/node_modules"

# stop_server: stop Medusa (and its cluster workers) now, if it runs.
stop_server() {
  [ -n "${SPID:-}" ] || return 0
  kill -TERM "$SPID" 2>/dev/null || true
  for _ in $(seq 1 150); do kill -0 "$SPID" 2>/dev/null || break; sleep 0.1; done
  kill -KILL "$SPID" 2>/dev/null || true
  wait "$SPID" 2>/dev/null || true
}

# --- Database (and Redis), migrations, seed.
D=$(mktemp -d /tmp/medusa-bench.XXXXXX); track_tmp "$D"
pg_db medusa
export DATABASE_URL=$PG_URL
if [ -n "${REDIS:-}" ]; then
  # A Redis database of its own, which must be empty, flushed at exit.
  command -v redis-cli >/dev/null || apt_install redis-tools
  [ "$(redis-cli -u "$REDIS_DB_URL" dbsize 2>&1)" = 0 ] || fail "Redis $REDIS_DB_URL is not reachable or not empty"
  # Flushed once Medusa has stopped (the hooks run before lib.sh stops the tracked servers).
  on_exit 'stop_server; redis-cli -u "$REDIS_DB_URL" flushdb'
  export REDIS_URL=$REDIS_DB_URL
fi
log "medusa db:migrate"
(cd "$APP" && "$MEDUSA" db:migrate) >"$D/migrate.log" 2>&1 || { tail -20 "$D/migrate.log" >&2; fail "medusa db:migrate failed"; }
log "seeding $PRODUCTS products (medusa exec src/scripts/seed.ts)"
t0=$(date +%s.%N)
(cd "$APP" && PRODUCTS=$PRODUCTS SEED_OUT="$D/seed.json" "$MEDUSA" exec ./src/scripts/seed.ts) >"$D/seed.log" 2>&1 ||
  { tail -20 "$D/seed.log" >&2; fail "seeding failed"; }
SEED_S=$(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN{printf "%.0f", b-a}')
python3 - "$D/seed.json" "$PRODUCTS" <<'EOF' || fail "the seed is incomplete"
import json, sys
s = json.load(open(sys.argv[1])); n = int(sys.argv[2])
assert s["variants"] == n and s["inventory_levels"] == n, s
EOF
log "seeded in $SEED_S s (including Medusa's start-up in medusa exec)"
KEY=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["publishable_key"])' "$D/seed.json")
REGION=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["region_id"])' "$D/seed.json")

# --- Server (production build, no request log: LOG_LEVEL=warn, like TESSERA_LOG=warn).
PORT=$(free_port); BASE="http://127.0.0.1:$PORT"
(cd "$APP/.medusa/server" && exec env NODE_ENV=production LOG_LEVEL=warn \
  NODE_OPTIONS="--require $APP/count-sql.js" SQL_COUNT_FILE="$D/sql-count" \
  "$MEDUSA" start -H 127.0.0.1 -p "$PORT" ${CLUSTER:+--cluster "$CLUSTER"}) >"$D/medusa.log" 2>&1 &
SPID=$!; track_pid "$SPID"
t0=$(date +%s.%N)
wait_http "$BASE/health" "$SPID" 300 || { tail -30 "$D/medusa.log" >&2; fail "medusa start did not answer /health"; }
START_S=$(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN{printf "%.1f", b-a}')
log "medusa start: /health answered after $START_S s (pid $SPID${CLUSTER:+, cluster $CLUSTER})"

# tree_ticks PID: CPU ticks of PID and its descendants (the workers in cluster mode).
tree_ticks() {
  local t c
  t=$(cpu_ticks "$1" 2>/dev/null || echo 0)
  for c in $(pgrep -P "$1" || true); do t=$((t + $(tree_ticks "$c"))); done
  echo "$t"
}
# tree_rss_kb PID: resident set size of PID and its descendants, in kB.
tree_rss_kb() {
  local t c
  t=$(rss_kb "$1" 2>/dev/null || echo 0)
  for c in $(pgrep -P "$1" || true); do t=$((t + $(tree_rss_kb "$c"))); done
  echo "$t"
}
# wrk_tree OUT URL [WRK ARGS...]: run_wrk, and CPU_US = the server tree's CPU per request.
wrk_tree() {
  local t0 reqs
  t0=$(tree_ticks "$SPID")
  run_wrk "$@"
  reqs=$(awk '/requests in/{print $1}' "$1")
  [ "${reqs:-0}" -gt 0 ] || { cat "$1" >&2; fail "wrk completed no request"; }
  CPU_US=$(awk -v t="$(($(tree_ticks "$SPID") - t0))" -v n="$reqs" -v hz="$(getconf CLK_TCK)" 'BEGIN{printf "%.0f", t/hz*1e6/n}')
}
# tree_pids PID: PID and its descendants.
tree_pids() { local c; echo "$1"; for c in $(pgrep -P "$1" || true); do tree_pids "$c"; done; }
# sql_count: the server's running count of statements, summed over its processes.
sql_count() {
  local p pids n=0
  pids=$(tree_pids "$SPID")
  rm -f "$D"/sql-count.*
  for p in $pids; do kill -USR2 "$p" 2>/dev/null || true; done
  for p in $pids; do
    for _ in $(seq 1 100); do [ -s "$D/sql-count.$p" ] && break; sleep 0.05; done
    [ -s "$D/sql-count.$p" ] || fail "the statement counter of pid $p did not answer"
    n=$((n + $(cat "$D/sql-count.$p")))
  done
  echo "$n"
}
# wait_load: with LOAD_MAX set, wait (up to LOAD_WAIT s) for a quieter machine.
wait_load() {
  [ -n "${LOAD_MAX:-}" ] || return 0
  local i
  for i in $(seq 1 $((LOAD_WAIT / 15))); do
    awk -v m="$LOAD_MAX" '{exit !($1 < m)}' /proc/loadavg && return 0
    [ "$i" = 1 ] && log "waiting for the 1-minute load ($(cut -d' ' -f1 /proc/loadavg)) to fall below $LOAD_MAX"
    sleep 15
  done
  log "WARNING: load still $(cut -d' ' -f1 /proc/loadavg) after ${LOAD_WAIT}s; measuring anyway"
}
load1() { cut -d' ' -f1 /proc/loadavg; }

# --- Purchases: one checked purchase, then one counted.
python3 "$BENCH/medusa.py" "$BASE" "$D/seed.json" one >"$D/one.json" || { tail -30 "$D/medusa.log" >&2; fail "a purchase failed"; }
log "a purchase: $(cat "$D/one.json")"
python3 "$BENCH/medusa.py" "$BASE" "$D/seed.json" one >/dev/null
sleep 1; before=$(sql_count)
python3 "$BENCH/medusa.py" "$BASE" "$D/seed.json" one >/dev/null
sleep 1; after=$(sql_count)
STMTS=$((after - before))

wait_load
LOAD_START=$(load1)
# --- Product list, c64 (after a 3 s warm-up), as bench/store.sh runs wrk on the product page.
H=(-H "x-publishable-api-key: $KEY")
LIST="$BASE/store/products?limit=20"
PRICED="$BASE/store/products?limit=20&region_id=$REGION&fields=*variants.calculated_price"
python3 - "$LIST" "$PRICED" "$KEY" "$PRODUCTS" <<'EOF' || fail "the product list is wrong"
import json, sys, urllib.request
for url in sys.argv[1:3]:
    req = urllib.request.Request(url, headers={"x-publishable-api-key": sys.argv[3]})
    d = json.load(urllib.request.urlopen(req))
    assert len(d["products"]) == min(20, int(sys.argv[4])), len(d["products"])
    assert d["count"] == int(sys.argv[4]), d["count"]
    if "region_id" in url:
        assert all(v["calculated_price"]["calculated_amount"] > 0 for p in d["products"] for v in p["variants"])
EOF
BYTES=$(curl -fsS "${H[@]}" "$LIST" | wc -c)
BYTES_PRICED=$(curl -fsS "${H[@]}" "$PRICED" | wc -c)
WRK_DURATION=3s run_wrk "$D/warm.txt" "$LIST" "${H[@]}"
wait_idle "$SPID"
# One connection first (what one visitor waits), then 64.
WRK_THREADS=1 WRK_CONNS=1 WRK_DURATION=5s run_wrk "$D/list-c1.txt" "$LIST" "${H[@]}"
C1="p50 $P50_MS ms, p99 $P99_MS ms"
log "product list, c1: $C1"
wrk_tree "$D/list.txt" "$LIST" "${H[@]}"
[ "$NON2XX" = 0 ] || fail "$NON2XX non-2xx product lists"
LISTED="$RPS req/s, p50 $P50_MS ms, p99 $P99_MS ms, server CPU $CPU_US µs/req ($BYTES B); c1: $C1"
log "product list: $LISTED"
WRK_DURATION=3s run_wrk "$D/warm2.txt" "$PRICED" "${H[@]}"
wait_idle "$SPID"
wrk_tree "$D/priced.txt" "$PRICED" "${H[@]}"
[ "$NON2XX" = 0 ] || fail "$NON2XX non-2xx priced product lists"
PRICES="$RPS req/s, p50 $P50_MS ms, p99 $P99_MS ms, server CPU $CPU_US µs/req ($BYTES_PRICED B)"
log "product list with prices: $PRICES"

# --- Orders per second, C buyers for DURATION s.
wait_idle "$SPID"
t0=$(tree_ticks "$SPID")
read -r ORDERS COUNT < <(python3 "$BENCH/medusa.py" "$BASE" "$D/seed.json" orders "$C" "$DURATION") ||
  { tail -30 "$D/medusa.log" >&2; fail "the purchases failed"; }
[ "${COUNT:-0}" -gt 0 ] || fail "no purchase completed in $DURATION s"
ORDER_CPU=$(awk -v t="$(($(tree_ticks "$SPID") - t0))" -v n="$COUNT" -v hz="$(getconf CLK_TCK)" 'BEGIN{printf "%.0f", t/hz*1000/n}')
LOAD_END=$(load1)
RSS=$(($(tree_rss_kb "$SPID") / 1024))
log "$ORDERS orders/s at c$C ($COUNT orders, server CPU $ORDER_CPU ms per order), $STMTS statements per purchase; load $LOAD_START → $LOAD_END; RSS $RSS MB"

NAME="Medusa $MEDUSA_VERSION (Node $(node --version), PostgreSQL, $PRODUCTS products${CLUSTER:+, --cluster $CLUSTER}${REDIS:+, Redis modules})"
echo "| peer | orders/s (c$C, full path) | SQL statements per purchase | GET /store/products?limit=20, c64 (and c1) | same with region prices, c64 | seed / start-up | 1-min load before / after |"
echo "| --- | --- | --- | --- | --- | --- | --- |"
echo "| $NAME | $ORDERS ($COUNT orders; server CPU $ORDER_CPU ms/order) | $STMTS | $LISTED | $PRICES | seed $SEED_S s, /health after $START_S s, RSS after load $RSS MB | $LOAD_START / $LOAD_END |"
