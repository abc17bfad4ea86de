#!/usr/bin/env bash
# Lighthouse (mobile, Debian's Chromium) on the demo site's new page types: the home page with
# Velo page code (a web method, a public helper, a lightbox opener; the runtime and the bundle
# loaded), the journal whose code fills its repeater, a lightbox page, the site search's
# results page, and a Velo router's page (`backend/routers.js` answering /recipes/…, its head
# written on the server, the page's code reading the router's data).
# Usage: bench/lighthouse-page-code.sh   Env: TESSERA_BIN (release build by default), LH_DIR
# (where npm installs lighthouse, default /var/tmp/lh). Prints "path perf a11y bp seo".
. "$(dirname "$0")/common.sh"
tessera_bin
LH_DIR=${LH_DIR:-/var/tmp/lh}
[ -x "$LH_DIR/node_modules/.bin/lighthouse" ] ||
  (mkdir -p "$LH_DIR" && cd "$LH_DIR" && npm install --no-audit --no-fund --loglevel=error lighthouse@12.8.2 >&2)
D=$(mktemp -d /tmp/tessera-bench-lh.XXXXXX); track_tmp "$D"
PORT=$(free_port)
"$TESSERA_BIN" serve --demo --listen "127.0.0.1:$PORT" --data-dir "$D/data" >"$D/serve.out" 2>"$D/serve.log" &
SPID=$!; track_pid "$SPID"
wait_http "http://127.0.0.1:$PORT/readyz" "$SPID" 30 || fail "tessera did not start"
TOKEN=$(curl -fsS -X POST "http://localhost:$PORT/api/v1/auth/login" -H 'content-type: application/json' \
  -d '{"email":"demo@tessera.local","password":"tessera-demo"}' | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')
python3 - "$PORT" "$TOKEN" <<'PY' || fail "setting up the page code failed"
import json, sys, urllib.request
port, token = sys.argv[1:]
def call(method, path, body=None):
    req = urllib.request.Request(f"http://127.0.0.1:{port}/api/v1/sites/demo{path}", method=method,
        data=None if body is None else json.dumps(body).encode(),
        headers={"host": f"localhost:{port}", "authorization": token, "content-type": "application/json"})
    return json.load(urllib.request.urlopen(req))
d = call("GET", "/document")
doc = d["document"]
doc["pages"].append({"id": "confirm", "title": "Confirm", "path": "/lightboxes/confirm", "lightbox": True,
    "sections": [{"id": "confirm-section", "type": "section", "children": [
        {"id": "confirm-question", "type": "heading", "props": {"text": "Bake it?", "level": 2}},
        {"id": "confirm-yes", "type": "button", "props": {"label": "Yes", "link": {"href": "#"}}}]}]})
doc["pages"].append({"id": "recipe", "title": "Recipe Page", "path": "/recipes/recipe-page", "router": "recipes",
    "sections": [{"id": "recipe-section", "type": "section", "children": [
        {"id": "recipe-name", "type": "heading", "props": {"text": "A recipe", "level": 1}},
        {"id": "recipe-about", "type": "text", "props": {"html": "<p>About it</p>"}}]}]})
call("PUT", "/document", {"revision": d["revision"], "document": doc})
call("POST", "/publish")
files = {
    "src/pages/Home.c1dmp.js": "import wixWindow from 'wix-window';\nimport { multiply } from 'backend/math.web';\nimport { greet } from 'public/greet';\n$w.onReady(async () => {\n  $w('#hero-title').text = greet(String(await multiply(6, 7)));\n  $w('#hero-title').onClick(() => wixWindow.openLightbox('Confirm', { question: 'Bake it?' }));\n});\n",
    "src/pages/Journal.j0rnl.js": "$w.onReady(() => {\n  $w('#blog-list').onItemReady(($item, item, i) => { $item('#blog-date').text = `#${i + 1}`; });\n});\n",
    "src/lightboxes/Confirm.cnf01.js": "import wixWindow from 'wix-window';\n$w.onReady(() => { $w('#confirm-yes').onClick(() => wixWindow.lightbox.close('yes')); });\n",
    "src/public/greet.js": "export const greet = (what) => `The answer is ${what}`;\n",
    "src/backend/math.web.js": "import { Permissions, webMethod } from 'wix-web-module';\nexport const multiply = webMethod(Permissions.Anyone, (a, b) => a * b);\n",
    "src/backend/routers.js": "import { ok, notFound } from 'wix-router';\nconst recipes = { sourdough: { name: 'Sourdough loaf', about: 'A slow loaf with a crisp crust and an open crumb.' } };\nexport function recipes_Router(request) {\n  const r = recipes[request.path[0]];\n  if (!r) return notFound();\n  return ok('Recipe Page', r, { title: `${r.name} | Recipes`, description: r.about });\n}\n",
    "src/pages/Recipe Page.rcp01.js": "import wixWindow from 'wix-window';\n$w.onReady(() => {\n  const r = wixWindow.getRouterData();\n  $w('#recipe-name').text = r.name;\n  $w('#recipe-about').text = r.about;\n});\n",
}
call("PUT", "/code", {"files": files})
call("POST", "/code/publish", {})
PY
for path in / /blog /lightboxes/confirm "/search?q=sourdough" /recipes/sourdough; do
  curl -fsS -o /dev/null -H "host: demo.localhost:$PORT" "http://127.0.0.1:$PORT$path" || fail "$path did not load"
  out="$D/lh$(tr '/?=' '___' <<<"$path").json"
  "$LH_DIR/node_modules/.bin/lighthouse" "http://demo.localhost:$PORT$path" --quiet --chrome-path=/usr/bin/chromium \
    --chrome-flags="--headless=new --no-sandbox --host-resolver-rules='MAP *.localhost 127.0.0.1'" \
    --output=json --output-path="$out" >/dev/null 2>&1 || fail "lighthouse failed on $path"
  python3 -c "import json,sys; j=json.load(open(sys.argv[1])); r=j['categories']; print(sys.argv[2], *[round(r[k]['score']*100) for k in ('performance','accessibility','best-practices','seo')], *[a for a, v in j['audits'].items() if v.get('score') is not None and v['score'] < 1 and v.get('scoreDisplayMode') == 'binary'])" "$out" "$path"
done
