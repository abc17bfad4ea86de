#!/usr/bin/env bash
# Lighthouse (mobile, Debian's Chromium) on the demo site's booking pages: the service list (in
# two categories), a service's page with a photo from the media library, its calendar for a day
# (times, staff and the form), and a member's "My bookings" with a booking in it.
# Usage: bench/lighthouse-bookings.sh   Env: TESSERA_BIN (release build by default), LH_DIR
# (where npm installs lighthouse, default /var/tmp/lh). Prints "path perf a11y bp seo".
. "$(dirname "$0")/common.sh"
tessera_bin
LH_DIR=${LH_DIR:-/var/tmp/lh}
[ -x "$LH_DIR/node_modules/.bin/lighthouse" ] ||
  (mkdir -p "$LH_DIR" && cd "$LH_DIR" && npm install --no-audit --no-fund --loglevel=error lighthouse@12.8.2 >&2)
D=$(mktemp -d /tmp/tessera-bench-lhb.XXXXXX); track_tmp "$D"
PORT=$(free_port)
"$TESSERA_BIN" serve --demo --listen "127.0.0.1:$PORT" --data-dir "$D/data" >"$D/serve.out" 2>"$D/serve.log" &
SPID=$!; track_pid "$SPID"
wait_http "http://127.0.0.1:$PORT/readyz" "$SPID" 30 || fail "tessera did not start"
TOKEN=$(curl -fsS -X POST "http://localhost:$PORT/api/v1/auth/login" -H 'content-type: application/json' \
  -d '{"email":"demo@tessera.local","password":"tessera-demo"}' | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')
W=(-H "host: localhost:$PORT" -H "wix-site-id: demo" -H "authorization: $TOKEN" -H 'content-type: application/json')
api() { curl -fsS -X "$1" "http://127.0.0.1:$PORT$2" "${W[@]}" -d "$3"; }
# A 600×400 PNG, written by hand (no image tools needed).
python3 - "$D/salon.png" <<'PY'
import struct, sys, zlib
w, h = 600, 400
rows = b"".join(b"\0" + b"".join(bytes([120, 60, 90]) if abs(x - 300) < 110 and abs(y - 200) < 80 else bytes([238, 230, 236 - y * 30 // h]) for x in range(w)) for y in range(h))
chunk = lambda t, d: struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d) & 0xFFFFFFFF)
open(sys.argv[1], "wb").write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0)) + chunk(b"IDAT", zlib.compress(rows, 9)) + chunk(b"IEND", b""))
PY
UP=$(api POST /site-media/v1/files/generate-upload-url '{"mimeType":"image/png","fileName":"salon.png"}' |
  python3 -c 'import json,sys,urllib.parse as u; p=u.urlparse(json.load(sys.stdin)["uploadUrl"]); print(p.path+"?"+p.query)')
FID=$(curl -fsS -X PUT "http://127.0.0.1:$PORT$UP" -H "host: localhost:$PORT" -H 'content-type: image/png' --data-binary "@$D/salon.png" |
  python3 -c 'import json,sys; print(json.load(sys.stdin)["file"]["id"])')
api PATCH /_bookings/v1/settings '{"settings": {"timeZone": "Europe/London", "businessHours": [
  {"day":"MONDAY","startTime":"09:00","endTime":"17:00"},{"day":"TUESDAY","startTime":"09:00","endTime":"17:00"},
  {"day":"WEDNESDAY","startTime":"09:00","endTime":"17:00"},{"day":"THURSDAY","startTime":"09:00","endTime":"17:00"},
  {"day":"FRIDAY","startTime":"09:00","endTime":"17:00"}]}}' >/dev/null
ANN=$(api POST /bookings/v1/staff-members '{"staffMember": {"name": "Ann"}}' | python3 -c 'import json,sys; print(json.load(sys.stdin)["staffMember"]["id"])')
for s in "Haircut:60:40.00:Hair" "Colour:90:80.00:Hair" "Consultation:30::Advice"; do
  IFS=: read -r name minutes price category <<<"$s"
  pay='{"rateType": "NO_FEE"}'
  [ -n "$price" ] && pay="{\"rateType\": \"FIXED\", \"fixed\": {\"price\": {\"value\": \"$price\", \"currency\": \"USD\"}}, \"options\": {\"online\": true, \"inPerson\": true}}"
  api POST /bookings/v2/services "{\"service\": {\"type\": \"APPOINTMENT\", \"name\": \"$name\", \"tagLine\": \"With our stylists\",
    \"category\": {\"name\": \"$category\"},
    \"description\": \"A calm hour in the chair.\", \"schedule\": {\"availabilityConstraints\": {\"sessionDurations\": [$minutes]}},
    \"staffMemberIds\": [\"$ANN\"], \"payment\": $pay, \"media\": {\"mainMedia\": {\"image\": {\"url\": \"/media/$FID\"}}},
    \"bookingPolicy\": {\"cancellationPolicy\": {\"enabled\": true, \"latestCancellationInMinutes\": 1440}}}}" >/dev/null
done
# A member with a booking, for "My bookings".
SITE="demo.localhost:$PORT"
COOKIE=$(curl -fsS -o /dev/null -D - -X POST "http://127.0.0.1:$PORT/_api/members/v1/auth/register" -H "host: $SITE" \
  -H "origin: http://$SITE" -H 'content-type: application/json' -d '{"email":"cy@example.com","password":"a long password","firstName":"Cy"}' |
  sed -n 's/^set-cookie: \(tessera_member=[^;]*\).*/\1/Ip' | head -1)
[ -n "$COOKIE" ] || fail "no member cookie"
DAY=$(python3 -c 'import datetime as d; t=d.date.today()+d.timedelta(days=7); t+=d.timedelta(days=(7-t.weekday())%7); print(t)')
START=$(python3 -c "print('${DAY}T10:00:00.000Z')")
curl -fsS -o /dev/null -X POST "http://127.0.0.1:$PORT/booking-service/consultation" -H "host: $SITE" -H "origin: http://$SITE" \
  -H "cookie: $COOKIE" --data-urlencode "start=$START" --data-urlencode "firstName=Cy" --data-urlencode "date=$DAY" || fail "booking failed"
for path in /book-online /booking-service/haircut "/booking-service/haircut?date=$DAY&tz=America%2FNew_York" /account/my-bookings; do
  # Each page and its photos once before: the first view of a photo makes its variant.
  curl -fsS -H "host: $SITE" -H "cookie: $COOKIE" "http://127.0.0.1:$PORT$path" >"$D/page.html" || fail "$path did not load"
  for img in $(grep -o '/media/[^" ]*' "$D/page.html" | sort -u); do
    curl -fsS -o /dev/null -H "host: $SITE" "http://127.0.0.1:$PORT$img" || fail "$img did not load"
  done
  out="$D/lh$(tr '/?&=%' _____ <<<"$path").json"
  "$LH_DIR/node_modules/.bin/lighthouse" "http://$SITE$path" --quiet --chrome-path=/usr/bin/chromium \
    --chrome-flags="--headless=new --no-sandbox --host-resolver-rules='MAP *.localhost 127.0.0.1'" \
    --extra-headers="{\"cookie\": \"$COOKIE\"}" \
    --output=json --output-path="$out" >/dev/null 2>&1 || fail "lighthouse failed on $path"
  python3 -c "import json,sys; j=json.load(open(sys.argv[1])); r=j['categories']; print(sys.argv[2], *[round(r[k]['score']*100) for k in ('performance','accessibility','best-practices','seo')], *[a for a, v in j['audits'].items() if v.get('score') is not None and v['score'] < 1 and v.get('scoreDisplayMode') == 'binary'])" "$out" "$path"
done
