#!/usr/bin/env bash
# Lighthouse (mobile, Debian's Chromium) on the demo site's pricing plans: the plans page, one
# plan's page, a page of the owner's with the editor's Plans list, and "My plans" of a signed-in
# member who holds a plan.
# Usage: bench/lighthouse-plans.sh   Env: TESSERA_BIN (release build by default), LH_DIR
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
W=(-H "host: localhost:$PORT" -H "wix-site-id: demo" -H "authorization: $TOKEN" -H 'content-type: application/json')
plan() {
  curl -fsS -X POST "http://127.0.0.1:$PORT/pricing-plans/v2/plans" "${W[@]}" -d "$1" |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["plan"]["id"])'
}
GOLD=$(plan '{"plan": {"name": "Gold Club", "description": "For regulars", "perks": {"values": ["A loaf a week", "Baking classes"]},
  "pricing": {"subscription": {"cycleDuration": {"count": 1, "unit": "MONTH"}}, "price": {"value": "10.00", "currency": "USD"}, "freeTrialDays": 7}}}') ||
  fail "making a plan failed"
FRIENDS=$(plan '{"plan": {"name": "Friends", "perks": {"values": ["Our newsletter"]}, "pricing": {"singlePaymentUnlimited": true, "price": {"value": "0"}}}}') ||
  fail "making a plan failed"
# A page with the editor's Plans list (a dataset of the public plans and a repeater of cards).
python3 - "$PORT" "$TOKEN" <<'PY' || fail "adding the plans page failed"
import json, sys, urllib.request
port, token = sys.argv[1:]
def call(method, path, body=None):
    req = urllib.request.Request(f"http://127.0.0.1:{port}/api/v1/sites/demo{path}", method=method,
        data=None if body is None else json.dumps(body).encode(),
        headers={"host": f"localhost:{port}", "authorization": token, "content-type": "application/json"})
    return json.load(urllib.request.urlopen(req))
d = call("GET", "/document")
doc = d["document"]
doc["pages"].append({"id": "membership", "title": "Membership", "path": "/membership",
    "datasets": [{"id": "plans", "collection": "PricingPlans/Plans", "filter": {"public": True},
                  "sort": [{"fieldName": "primary", "order": "DESC"}, {"fieldName": "_createdDate", "order": "ASC"}], "pageSize": 12}],
    "sections": [{"id": "m-s", "type": "section", "children": [
        {"id": "m-h", "type": "heading", "props": {"text": "Membership", "level": 1}},
        {"id": "plans", "type": "repeater", "props": {"dataset": "plans", "columns": 3, "emptyText": "No plans are offered yet."}, "children": [
            {"id": "plans-name", "type": "heading", "props": {"text": "Plan", "level": 2}, "bind": {"text": {"field": "name"}}},
            {"id": "plans-price", "type": "text", "props": {"html": "<p>Price</p>"}, "bind": {"text": {"field": "@price"}}},
            {"id": "plans-perks", "type": "text", "props": {"html": "<p>Perks</p>"}, "bind": {"text": {"field": "perks.values"}}},
            {"id": "plans-buy", "type": "button", "props": {"label": "Buy", "link": {"href": "/plans-pricing"}},
             "bind": {"label": {"field": "@buy"}, "href": {"field": "@url"}}}]}]}]})
call("PUT", "/document", {"revision": d["revision"], "document": doc})
call("POST", "/publish")
PY
# A member who signs up and takes the free plan: "My plans" has a row.
COOKIE=$(curl -fsS -o /dev/null -D - -X POST "http://127.0.0.1:$PORT/_api/members/v1/auth/register" \
  -H "host: demo.localhost:$PORT" -H "origin: http://demo.localhost:$PORT" -H 'content-type: application/json' \
  -d '{"email": "ann@example.com", "password": "a long password", "firstName": "Ann"}' |
  sed -n 's/^[Ss]et-[Cc]ookie: \([^;]*\).*/\1/p' | head -1)
[ -n "$COOKIE" ] || fail "signing up failed"
curl -fsS -o /dev/null -X POST "http://127.0.0.1:$PORT/plans-pricing/$FRIENDS" -H "host: demo.localhost:$PORT" \
  -H "origin: http://demo.localhost:$PORT" -H "cookie: $COOKIE" || fail "taking the free plan failed"
for path in /plans-pricing "/plans-pricing/$GOLD" /membership /account/my-plans; do
  curl -fsS -o /dev/null -H "host: demo.localhost:$PORT" -H "cookie: $COOKIE" "http://127.0.0.1:$PORT$path" || fail "$path did not load"
  out="$D/lh$(tr / _ <<<"$path").json"
  "$LH_DIR/node_modules/.bin/lighthouse" "http://demo.localhost:$PORT$path" --quiet --chrome-path=/usr/bin/chromium \
    --chrome-flags="--headless=new --no-sandbox --host-resolver-rules='MAP *.localhost 127.0.0.1'" \
    --extra-headers="{\"cookie\": \"$COOKIE\"}" \
    --output=json --output-path="$out" >/dev/null 2>&1 || fail "lighthouse failed on $path"
  python3 -c "import json,sys; j=json.load(open(sys.argv[1])); r=j['categories']; print(sys.argv[2], *[round(r[k]['score']*100) for k in ('performance','accessibility','best-practices','seo')], *[a for a, v in j['audits'].items() if v.get('score') is not None and v['score'] < 1 and v.get('scoreDisplayMode') == 'binary'])" "$out" "$path"
done
