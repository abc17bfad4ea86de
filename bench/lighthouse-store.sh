#!/usr/bin/env bash
# Lighthouse (mobile, Debian's Chromium) on the demo site's store pages (a category grid, a
# product page with options and an image from the media library, the cart) and on a site made
# from the Store template (its home and shop: Product grids and the Cart icon; a product page).
# Usage: bench/lighthouse-store.sh   Env: TESSERA_BIN (release build by default), LH_DIR
# (where npm installs lighthouse, default /var/tmp/lh). Prints "site/path perf a11y bp seo".
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
W=(-H "host: localhost:$PORT" -H "wix-site-id: demo" -H "authorization: $TOKEN" -H 'content-type: application/json')
# A 600×600 PNG of a T-shirt, written by hand (no image tools needed).
python3 - "$D/tee.png" <<'PY'
import struct, sys, zlib
w = h = 600
rows = b"".join(b"\0" + b"".join(bytes([60, 70, 110]) if 150 < x < 450 and 120 < y < 520 and not (200 < x < 400 and y < 180) else bytes([200 + y * 40 // h, 210, 230]) for x in range(w)) for y in range(h))
chunk = lambda t, d: struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d) & 0xFFFFFFFF)
open(sys.argv[1], "wb").write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0)) + chunk(b"IDAT", zlib.compress(rows, 9)) + chunk(b"IEND", b""))
PY
UP=$(curl -fsS -X POST "http://127.0.0.1:$PORT/site-media/v1/files/generate-upload-url" "${W[@]}" \
  -d '{"mimeType":"image/png","fileName":"tee.png"}' | python3 -c 'import json,sys,urllib.parse as u; p=u.urlparse(json.load(sys.stdin)["uploadUrl"]); print(p.path+"?"+p.query)')
FID=$(curl -fsS -X PUT "http://127.0.0.1:$PORT$UP" -H "host: localhost:$PORT" -H 'content-type: image/png' --data-binary "@$D/tee.png" |
  python3 -c 'import json,sys; print(json.load(sys.stdin)["file"]["id"])')
for name in "Linen Tee" "Sourdough Loaf" "Honey Jar" "Rye Loaf"; do
  curl -fsS -o /dev/null -X POST "http://127.0.0.1:$PORT/stores/v1/products" "${W[@]}" -d "{\"product\": {\"name\": \"$name\",
    \"description\": \"Made here.\", \"priceData\": {\"price\": 12}, \"media\": {\"items\": [{\"mediaId\": \"$FID\"}]},
    \"productOptions\": [{\"name\": \"Size\", \"choices\": [{\"value\": \"S\", \"description\": \"S\"}, {\"value\": \"M\", \"description\": \"M\"}]}]}}"
done
# A site made from the Store template (sample products with photos), published: its home and
# shop pages are the editor's Product grid with the Cart icon in the header.
curl -fsS -o /dev/null -X POST "http://127.0.0.1:$PORT/api/v1/sites" -H "host: localhost:$PORT" \
  -H "authorization: Bearer $TOKEN" -H 'content-type: application/json' \
  -d '{"slug":"bakery","name":"Bakery","template":"store"}' || fail "creating the Store-template site failed"
curl -fsS -o /dev/null -X POST "http://127.0.0.1:$PORT/api/v1/sites/bakery/publish" -H "host: localhost:$PORT" \
  -H "authorization: Bearer $TOKEN" || fail "publishing the Store-template site failed"
for url in demo/category/all-products demo/product-page/linen-tee demo/cart-page bakery/ bakery/shop bakery/product-page/country-sourdough; do
  site=${url%%/*} path=/${url#*/}
  # Each page once before: the first view of a photo makes its variants.
  curl -fsS -o /dev/null -H "host: $site.localhost:$PORT" "http://127.0.0.1:$PORT$path" || fail "$url did not load"
  out="$D/lh$(tr / _ <<<"$url").json"
  "$LH_DIR/node_modules/.bin/lighthouse" "http://$site.localhost:$PORT$path" --quiet --chrome-path=/usr/bin/chromium \
    --chrome-flags="--headless=new --no-sandbox --host-resolver-rules='MAP *.localhost 127.0.0.1'" \
    --output=json --output-path="$out" >/dev/null 2>&1 || fail "lighthouse failed on $path"
  python3 -c "import json,sys; j=json.load(open(sys.argv[1])); r=j['categories']; print(sys.argv[2], *[round(r[k]['score']*100) for k in ('performance','accessibility','best-practices','seo')], *[a for a, v in j['audits'].items() if v.get('score') is not None and v['score'] < 1 and v.get('scoreDisplayMode') == 'binary'])" "$out" "$url"
done
