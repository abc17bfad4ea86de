# Shared setup for bench/*.sh; source it. Reuses the peer-baseline helpers (ports, wrk parsing,
# cleanup on EXIT) so Tessera is measured exactly the way the peers are.
set -euo pipefail
BENCH=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$BENCH/.." && pwd)
PEERS=${PEERS:-$REPO/../shared/peers}
[ -r "$PEERS/lib.sh" ] || PEERS=/work/shared/peers
[ -r "$PEERS/lib.sh" ] || { echo "FAIL: peer helpers not found (set PEERS=/path/to/shared/peers)" >&2; exit 1; }
. "$PEERS/lib.sh"
set -euo pipefail # lib.sh sets only -u

export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-/var/tmp/tessera-target}
PGHOST_URL=${PGHOST_URL:-postgres://postgres@127.0.0.1:5432}
# Per-request log lines would cost more than some requests themselves.
export TESSERA_LOG=${TESSERA_LOG:-warn}
# A tessera.toml in the caller's directory would silently change what we measure.
cd /

# TESSERA_BIN=path skips the build (e.g. to bench a binary built earlier).
tessera_bin() {
  if [ -z "${TESSERA_BIN:-}" ]; then
    log "cargo build --release -p tessera-server (no-op when up to date)"
    (cd "$REPO" && cargo build --release -q -p tessera-server) >&2 || fail "release build failed"
    TESSERA_BIN=$CARGO_TARGET_DIR/release/tessera
  fi
  [ -x "$TESSERA_BIN" ] || fail "no tessera binary at $TESSERA_BIN"
  export TESSERA_BIN
}

# pg_db NAME: create a throwaway database, dropped at exit; sets PG_URL. (Not for use in $(...):
# the drop hook must be registered in this shell.)
pg_db() {
  local name="tessera_bench_$1_$$"
  psql -q -h 127.0.0.1 -U postgres -d postgres -c "CREATE DATABASE $name" >/dev/null || fail "cannot create database $name"
  on_exit "psql -q -h 127.0.0.1 -U postgres -d postgres -c 'DROP DATABASE IF EXISTS $name WITH (FORCE)'"
  PG_URL="$PGHOST_URL/$name"
}

# init_key STORAGE_ARGS...: create the owner account offline; prints its account API key.
init_key() {
  local key
  key=$("$TESSERA_BIN" init --email bench@example.com --password bench-password-1 "$@" | tail -n1)
  case "$key" in tsa_*) echo "$key" ;; *) fail "tessera init printed no tsa_ key: $key" ;; esac
}

# rss_kb PID: resident set size in kB, from the kernel's own accounting.
rss_kb() { awk '/^VmRSS:/{print $2}' "/proc/$1/status"; }

# cpu_ticks PID: user+system CPU time the process has used, in clock ticks.
cpu_ticks() { awk '{print $14+$15}' "/proc/$1/stat"; }

# run_wrk_cpu PID OUT URL [WRK ARGS...]: run_wrk against the server PID, and also set CPU_US,
# the server's user+system CPU time per request over the run in µs: what a request costs,
# apart from wrk's share of the cores.
run_wrk_cpu() {
  local pid=$1 t0 reqs; shift
  t0=$(cpu_ticks "$pid")
  run_wrk "$@"
  reqs=$(awk '/requests in/{print $1}' "$1")
  CPU_US=$(awk -v t="$(($(cpu_ticks "$pid") - t0))" -v n="$reqs" -v hz="$(getconf CLK_TCK)" 'BEGIN{printf "%.0f", t/hz*1e6/n}')
}

# median of numbers on stdin
median() { sort -g | awk '{a[NR]=$1} END{if (NR%2) print a[(NR+1)/2]; else printf "%.1f\n", (a[NR/2]+a[NR/2+1])/2}'; }
# median_of "N N …": the median of a space-separated list (rounds collected in a string).
median_of() { tr ' ' '\n' <<<"$1" | grep . | median; }

# verdict VALUE TARGET [le|ge]: "met" when VALUE ≤ TARGET (le, the default) or ≥ TARGET (ge).
verdict() { awk -v v="$1" -v t="$2" -v op="${3:-le}" 'BEGIN{ok = (op == "ge") ? v >= t : v <= t; print (ok ? "met" : "MISSED")}'; }
