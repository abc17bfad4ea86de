#!/usr/bin/env python3
"""Seed a Tessera collection from gen-books.py JSONL through the Wix bulk API
(POST /wix-data/v2/bulk/items/insert, returnEntity false).

Usage: cms-seed.py BASE_URL KEY SITE COLLECTION FILE.jsonl [BATCH=1000] [CONCURRENCY=2] [IDS=server]
IDS=server lets the server assign item ids (random UUIDs, as Wix does); IDS=seq sends ordered
ids ("b0000000", "b0000001", ...), a diagnostic for what random ids cost the indexes.
The request bodies are built from the JSONL lines by string concatenation (no JSON parsing on
the client), so the client costs little CPU next to the server on the shared cores.
CONCURRENCY clients send batches in parallel over keep-alive connections; each answer's
bulkActionMetadata.totalSuccesses must equal the batch size.
Prints "<items> <seconds>" on success; exits 1 on the first failed batch.
"""
import http.client
import json
import queue
import sys
import threading
import time
from urllib.parse import urlparse

base, key, site, coll, path = sys.argv[1:6]
bs = int(sys.argv[6]) if len(sys.argv) > 6 else 1000
conc = int(sys.argv[7]) if len(sys.argv) > 7 else 2
ids = sys.argv[8] if len(sys.argv) > 8 else "server"
assert ids in ("server", "seq"), ids
u = urlparse(base)
headers = {"Authorization": key, "wix-site-id": site, "Content-Type": "application/json"}
head = ('{"dataCollectionId":%s,"returnEntity":false,"dataItems":[' % json.dumps(coll)).encode()
q = queue.Queue(maxsize=conc * 2)
done = [0]
errors = []
lock = threading.Lock()


def worker():
    c = http.client.HTTPConnection(u.hostname, u.port, timeout=600)
    while True:
        job = q.get()
        if job is None:
            return
        if errors:
            continue
        n, payload = job
        try:
            c.request("POST", "/wix-data/v2/bulk/items/insert", payload, headers)
            r = c.getresponse()
            data = r.read()
            if r.status != 200:
                errors.append(f"HTTP {r.status}: {data[:300]!r}")
                continue
            ok = json.loads(data)["bulkActionMetadata"]["totalSuccesses"]
            if ok != n:
                errors.append(f"{ok} of {n} items inserted: {data[:300]!r}")
                continue
        except Exception as e:  # noqa: BLE001
            errors.append(repr(e))
            continue
        with lock:
            done[0] += n


seq = [0]


def put(lines):
    if ids == "seq":
        first = seq[0]
        seq[0] += len(lines)
        parts = (b'{"id":"b%07d","data":%s}' % (first + i, l) for i, l in enumerate(lines))
    else:
        parts = (b'{"data":' + l + b"}" for l in lines)
    payload = head + b",".join(parts) + b"]}"
    q.put((len(lines), payload))


threads = [threading.Thread(target=worker, daemon=True) for _ in range(conc)]
t0 = time.time()
for t in threads:
    t.start()
lines = []
with open(path, "rb") as f:
    for line in f:
        lines.append(line.rstrip(b"\n"))
        if len(lines) >= bs:
            put(lines)
            lines = []
            if errors:
                break
if lines and not errors:
    put(lines)
for _ in threads:
    q.put(None)
for t in threads:
    t.join()
if errors:
    print("seeding failed:", errors[0], file=sys.stderr)
    sys.exit(1)
print(done[0], f"{time.time() - t0:.2f}")
