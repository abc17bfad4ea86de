#!/usr/bin/env bash
# Velo page code (issue 24) against a release build with the demo site: the site runtime's
# gzipped size, the push of 50 page-code files (bundled and checked on the server), and in
# Debian's Chromium the time from navigation to the end of `onReady` on a page whose code fills
# a 20-item repeater (fresh browser context each run). No peer: the issue sets targets.
# Env: RUNS (10).
. "$(dirname "$0")/common.sh"
RUNS=${RUNS:-10}
bash "$REPO/scripts/web-build.sh" >&2
tessera_bin
[ -x /usr/bin/chromium ] || apt_install chromium
D=$(mktemp -d /tmp/tessera-bench-page-code.XXXXXX); track_tmp "$D"
PORT=$(free_port)
"$TESSERA_BIN" serve --demo --listen "127.0.0.1:$PORT" --data-dir "$D/data" >/dev/null 2>"$D/server.log" &
SPID=$!; track_pid "$SPID"
wait_http "http://127.0.0.1:$PORT/readyz" "$SPID" 30 || { cat "$D/server.log" >&2; fail "tessera did not start"; }
OUT=$(node "$BENCH/page-code.mjs" "http://localhost:$PORT" "$RUNS") || fail "page-code.mjs failed"
log "$OUT"
python3 - "$OUT" <<'PY'
import json, sys
r = json.loads(sys.argv[1])
def verdict(ok): return "met" if ok else "MISSED"
size = r["runtimeGzipBytes"]; push = r["push50Ms"]; ready = r["readyMs"]
print(f"| site runtime ($w, datasets, wix-* modules), gzip | {size/1024:.1f} KB | ≤ 35 KB | {verdict(size <= 35*1024)} |")
print(f"| push of 50 page-code files, bundled and checked (n={push['runs']}) | median {push['median']} ms | – | – |")
print(f"| the journal's bundle (master page and its code, minified) | {r['bundleBytes']} bytes | – | – |")
print(f"| navigation to onReady done, 20-item repeater filled by code (n={ready['runs']}) | median {ready['median']} ms, max {ready['max']} ms | ≤ 300 ms | {verdict(ready['median'] <= 300)} |")
PY
