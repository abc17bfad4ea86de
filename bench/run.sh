#!/usr/bin/env bash
# All Tessera benchmarks, one summary table on stdout (progress and raw wrk output on stderr).
# Usage: bench/run.sh   (a `make bench` target can simply call this)
# Env: RUNS (startup runs, 10), ROUNDS (wrk rounds, 3), WRK_* , TESSERA_BIN (skip the build).
# Takes about 2.5 minutes on 2 cores; each part is killed after 15 minutes at the latest.
. "$(dirname "$0")/common.sh"
tessera_bin # build once here; the parts below then reuse $TESSERA_BIN
rows=$(mktemp /tmp/tessera-bench-rows.XXXXXX); track_tmp "$rows"
log "bench/startup.sh"
timeout 900 "$BENCH/startup.sh" >>"$rows" || fail "startup.sh failed"
log "bench/me.sh"
timeout 900 "$BENCH/me.sh" >>"$rows" || fail "me.sh failed"
echo
echo "Tessera $(git -C "$REPO" describe --always --dirty 2>/dev/null || echo '?'), $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores"
echo
echo "| measurement | figure | target | verdict |"
echo "| --- | --- | --- | --- |"
cat "$rows"
