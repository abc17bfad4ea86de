#!/usr/bin/env bash
# Media (issue 19): with 12-megapixel JPEGs (4000×3000, ImageMagick's seeded plasma: photo-like
# detail, not a flat colour), on SQLite and a local media folder:
#   - upload throughput: each JPEG PUT to a signed upload address (type check, EXIF, hash,
#     store), MB/s over the files;
#   - first variant: GET fill/w_1080,h_810,q_80 as WebP of a file never asked for before
#     (decode, resize, encode, store): median ms over the files; target ≤ 150 ms;
#   - the kept variant served at c64 (wrk), beside nginx serving the same bytes from disk in
#     the same run: target ≥ 0.5× nginx.
# Usage: bench/media.sh   Env: FILES (5), TESSERA_BIN (skip the build), WRK_DURATION (10s).
# Prints markdown table rows on stdout; progress on stderr.
. "$(dirname "$0")/common.sh"
FILES=${FILES:-5}
apt_install imagemagick wrk nginx
command -v convert >/dev/null || fail "ImageMagick's convert is not installed"
tessera_bin
D=$(mktemp -d /tmp/tessera-bench-media.XXXXXX); track_tmp "$D"

log "making $FILES 12-megapixel JPEGs"
for i in $(seq 1 "$FILES"); do
  convert -seed "$i" -size 4000x3000 plasma:fractal -quality 90 "$D/photo$i.jpg"
done

KEY=$(init_key --data-dir "$D/data")
PORT=$(free_port); BASE="http://127.0.0.1:$PORT"
"$TESSERA_BIN" serve --listen "127.0.0.1:$PORT" --data-dir "$D/data" 2>"$D/serve.log" &
SPID=$!; track_pid "$SPID"
wait_http "$BASE/readyz" "$SPID" 15 || { cat "$D/serve.log" >&2; fail "tessera did not start"; }
curl -fsS -o /dev/null -X POST "$BASE/api/v1/sites" -H "authorization: Bearer $KEY" \
  -H 'content-type: application/json' -d '{"slug":"bench","name":"Bench"}' || fail "site creation failed"

upload_url() {
  curl -fsS -X POST "$BASE/site-media/v1/files/generate-upload-url" -H "wix-site-id: bench" \
    -H "authorization: $KEY" -H 'content-type: application/json' \
    -d '{"mimeType":"image/jpeg"}' | python3 -c 'import json,sys,urllib.parse as u; p=u.urlparse(json.load(sys.stdin)["uploadUrl"]); print(p.path+"?"+p.query)'
}

bytes=0; upload_s=0; ids=()
for i in $(seq 1 "$FILES"); do
  path=$(upload_url)
  out=$(curl -fsS -X PUT "$BASE$path&filename=photo$i.jpg" -H 'content-type: image/jpeg' \
    --data-binary "@$D/photo$i.jpg" -w '\n%{time_total}') || fail "upload $i failed"
  ids+=("$(head -n1 <<<"$out" | python3 -c 'import json,sys; print(json.load(sys.stdin)["file"]["id"])')")
  upload_s=$(awk -v a="$upload_s" -v b="$(tail -n1 <<<"$out")" 'BEGIN{print a+b}')
  bytes=$((bytes + $(stat -c %s "$D/photo$i.jpg")))
done
MBPS=$(awk -v b="$bytes" -v s="$upload_s" 'BEGIN{printf "%.1f", b/1048576/s}')
log "uploaded $FILES files, $(awk -v b="$bytes" 'BEGIN{printf "%.1f", b/1048576}') MB, at $MBPS MB/s"

firsts=""
for id in "${ids[@]}"; do
  t=$(curl -fsS -o /dev/null -H 'accept: image/webp' -w '%{time_total}' \
    "$BASE/media/$id/v1/fill/w_1080,h_810,q_80/photo.jpg") || fail "variant of $id failed"
  firsts+=" $(awk -v t="$t" 'BEGIN{printf "%.1f", t*1000}')"
done
FIRST=$(median_of "$firsts")
log "first variants (ms):$firsts; median $FIRST"

VARIANT="$BASE/media/${ids[0]}/v1/fill/w_1080,h_810,q_80/photo.jpg"
curl -fsS -H 'accept: image/webp' -o "$D/variant.webp" "$VARIANT"
wait_idle "$SPID"
run_wrk_cpu "$SPID" "$D/wrk-tessera.txt" "$VARIANT" -H 'Accept: image/webp'
T_RPS=$RPS; T_P99=$P99_MS
log "tessera, kept variant ($(stat -c %s "$D/variant.webp") bytes): $T_RPS req/s, p99 $T_P99 ms"
NGINX_LINE=$(bash "$PEERS/nginx-static.sh" "$D/variant.webp" 2>"$D/nginx.err" | tail -n1) ||
  { cat "$D/nginx.err" >&2; fail "nginx-static.sh failed"; }
N_RPS=$(grep -o '[0-9]* req/s' <<<"$NGINX_LINE" | grep -o '[0-9]*')
log "$NGINX_LINE"
RATIO=$(awk -v t="$T_RPS" -v n="$N_RPS" 'BEGIN{printf "%.2f", t/n}')

echo "| measurement | figure | target | verdict |"
echo "| --- | --- | --- | --- |"
echo "| upload, 12 MP JPEG (PUT to a signed address) | $MBPS MB/s | – | – |"
echo "| first variant of a 12 MP JPEG (fill 1080×810, WebP), median of $FILES | $FIRST ms | ≤ 150 ms | $(verdict "$FIRST" 150 le) |"
echo "| kept variant at c64 | $T_RPS req/s (p99 $T_P99 ms) | – | – |"
echo "| nginx, the same bytes from disk, same run | $N_RPS req/s | – | – |"
echo "| kept variant / nginx | ${RATIO}× | ≥ 0.5× | $(verdict "$RATIO" 0.5 ge) |"
