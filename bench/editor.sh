#!/usr/bin/env bash
# The editor (issue 7) in Debian's Chromium against a release build with the demo site:
# cold load of /editor/demo to interactive (canvas rendered, layers listed; fresh browser
# context each run), gzipped size of each JavaScript file of the dashboard, and the time from
# a keystroke in the inspector to the canvas showing it. No peer: the issue sets targets.
# Env: RUNS (5).
. "$(dirname "$0")/common.sh"
RUNS=${RUNS:-5}
bash "$REPO/scripts/web-build.sh" >&2
tessera_bin
[ -x /usr/bin/chromium ] || apt_install chromium
D=$(mktemp -d /tmp/tessera-bench-editor.XXXXXX); track_tmp "$D"
PORT=$(free_port)
"$TESSERA_BIN" serve --demo --listen "127.0.0.1:$PORT" --data-dir "$D/data" >/dev/null 2>"$D/server.log" &
SPID=$!; track_pid "$SPID"
wait_http "http://127.0.0.1:$PORT/readyz" "$SPID" 30 || { cat "$D/server.log" >&2; fail "tessera did not start"; }
OUT=$(node "$BENCH/editor.mjs" "http://localhost:$PORT" "$RUNS") || fail "editor.mjs failed"
log "$OUT"
python3 - "$OUT" <<'PY'
import json, sys
r = json.loads(sys.argv[1])
def verdict(ok): return "met" if ok else "MISSED"
cold = r["coldLoadMs"]; keys = r["keystrokeMs"]; bundles = r["bundlesGzipBytes"]
entry = bundles.get("index", 0)
print(f"| editor cold load to interactive (n={cold['runs']}) | median {cold['median']} ms, max {cold['max']} ms | ≤ 1.5 s | {verdict(cold['median'] <= 1500)} |")
print(f"| dashboard + editor entry bundle, gzip | {entry/1024:.1f} KB | ≤ 400 KB | {verdict(entry <= 400*1024)} |")
others = ", ".join(f"{k} {v/1024:.1f} KB" for k, v in sorted(bundles.items()) if k != "index")
print(f"| lazily loaded chunks, gzip | {others or '–'} | – | – |")
print(f"| keystroke to canvas (n={keys['n']}) | median {keys['median']} ms, p95 {keys['p95']} ms | ≤ 16 ms | {verdict(keys['median'] <= 16)} |")
PY
