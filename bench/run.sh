#!/usr/bin/env bash
# All Tessera benchmarks, one summary table on stdout (progress and raw wrk output on stderr).
# Usage: bench/run.sh   (a `make bench` target can simply call this)
# Env: RUNS (startup runs, 10), ROUNDS (wrk rounds, 3), WRK_* , TESSERA_BIN (skip the build);
# for cms.sh: N (1000000), N_CMP (100000), PB (1), BACKENDS ("sqlite postgres"); CMS=0 skips it.
# Takes about 2.5 minutes on 2 cores without cms.sh and about 11 minutes with it (cms.sh: 8.5
# minutes, mostly seeding 1M items into SQLite; 12 minutes with N_CMP=1000000). startup.sh and
# me.sh are killed after 15 minutes at the latest, cms.sh after 25.
. "$(dirname "$0")/common.sh"
tessera_bin # build once here; the parts below then reuse $TESSERA_BIN
rows=$(mktemp /tmp/tessera-bench-rows.XXXXXX); track_tmp "$rows"
log "bench/startup.sh"
timeout 900 "$BENCH/startup.sh" >>"$rows" || fail "startup.sh failed"
log "bench/me.sh"
timeout 900 "$BENCH/me.sh" >>"$rows" || fail "me.sh failed"
if [ "${CMS:-1}" != 0 ]; then
  log "bench/cms.sh"
  timeout 1500 "$BENCH/cms.sh" >>"$rows" || fail "cms.sh failed"
fi
echo
echo "Tessera $(git -C "$REPO" describe --always --dirty 2>/dev/null || echo '?'), $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores"
echo
echo "| measurement | figure | target | verdict |"
echo "| --- | --- | --- | --- |"
cat "$rows"
