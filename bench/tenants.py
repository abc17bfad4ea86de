#!/usr/bin/env python3
"""Many sites on one Tessera server (issue 26): seeds sites and measures what one site's
request costs as the number of sites grows. Used by bench/tenants.sh.

Usage:
  tenants.py BASE KEY seed FROM TO [CONCURRENCY=4]
      makes sites t00000.. (FROM to TO-1): each is published (the starter page) and has 3
      collections C0..C2 (an index on `year`, anyone may read) with 100 items each, through
      the management API and the Wix bulk API. Prints "<sites> <seconds>".
  tenants.py BASE KEY measure SITES COLD_FROM
      with sites t00000.. (SITES of them) in place, sequentially (one connection):
      create a site from the blog template (CREATE times), insert one item into a random
      site's C0 (INSERTS), query a random site's C1 (QUERIES: year >= 1990 sorted by year,
      20 items, answered through the index), and GET / of sites never requested before from
      t{COLD_FROM} on, on their own host (COLD pages: the server renders them). Prints a JSON
      object of p50/p99 in ms.
Env: CREATE (40), INSERTS (400), QUERIES (400), COLD (50).
Latencies are client-side wall times over a kept-alive connection (Python's http.client),
so they include a little client time, the same at every size.
"""
import http.client
import json
import os
import queue
import random
import sys
import threading
import time
from urllib.parse import urlparse

base, key, cmd = sys.argv[1:4]
u = urlparse(base)
API = {"Authorization": f"Bearer {key}", "Content-Type": "application/json"}
FIELDS = [
    {"key": "title", "type": "TEXT"},
    {"key": "year", "type": "NUMBER"},
    {"key": "category", "type": "TEXT"},
    {"key": "note", "type": "TEXT"},
]


def slug(i):
    return f"t{i:05d}"


def wix(site):
    return {"Authorization": key, "wix-site-id": site, "Content-Type": "application/json"}


class Client:
    def __init__(self):
        self.c = http.client.HTTPConnection(u.hostname, u.port, timeout=120)

    def call(self, method, path, body=None, headers=None, want=200):
        payload = None if body is None else json.dumps(body).encode()
        t = time.perf_counter()
        self.c.request(method, path, payload, headers or {})
        r = self.c.getresponse()
        data = r.read()
        ms = (time.perf_counter() - t) * 1000
        if r.status != want:
            raise RuntimeError(f"{method} {path}: HTTP {r.status}: {data[:300]!r}")
        return ms, data


def item(site_no, coll, n):
    return {
        "data": {
            "title": f"Item {n} of {coll}",
            "year": 1900 + (site_no * 7 + n * 13) % 125,
            "category": f"cat{n % 10}",
            "note": "x" * (20 + n % 50),
        }
    }


def make_site(cl, i):
    s = slug(i)
    cl.call("POST", "/api/v1/sites", {"slug": s, "name": f"Tenant {i}"}, API, 201)
    cl.call("POST", f"/api/v1/sites/{s}/publish", None, API)
    for k in range(3):
        coll = f"C{k}"
        cl.call(
            "POST",
            "/wix-data/v2/collections",
            {
                "collection": {
                    "id": coll,
                    "fields": FIELDS,
                    "permissions": {"read": "ANYONE", "insert": "CMS_EDITOR", "update": "CMS_EDITOR", "remove": "CMS_EDITOR"},
                    "indexes": [{"name": "year", "fields": ["year"], "unique": False}],
                }
            },
            wix(s),
        )
        _, data = cl.call(
            "POST",
            "/wix-data/v2/bulk/items/insert",
            {"dataCollectionId": coll, "returnEntity": False, "dataItems": [item(i, coll, n) for n in range(100)]},
            wix(s),
        )
        ok = json.loads(data)["bulkActionMetadata"]["totalSuccesses"]
        if ok != 100:
            raise RuntimeError(f"{s}/{coll}: {ok} of 100 items inserted")


def seed(first, last, conc):
    todo = queue.Queue()
    for i in range(first, last):
        todo.put(i)
    errors = []

    def worker():
        cl = Client()
        while not errors:
            try:
                i = todo.get_nowait()
            except queue.Empty:
                return
            try:
                make_site(cl, i)
            except Exception as e:  # noqa: BLE001
                errors.append(f"site {slug(i)}: {e!r}")

    t0 = time.time()
    threads = [threading.Thread(target=worker) for _ in range(conc)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if errors:
        print("seeding failed:", errors[0], file=sys.stderr)
        sys.exit(1)
    print(last - first, f"{time.time() - t0:.1f}")


def pct(xs, p):
    xs = sorted(xs)
    return round(xs[min(len(xs) - 1, int(len(xs) * p / 100))], 3)


def figures(xs):
    return {"p50": pct(xs, 50), "p99": pct(xs, 99), "n": len(xs)}


def measure(sites, cold_from):
    rnd = random.Random(sites)
    cl = Client()
    out = {}
    # Warm-up: the connection, the server's caches of the API key and of a few sites.
    for _ in range(20):
        s = slug(rnd.randrange(sites))
        cl.call("POST", "/wix-data/v2/items/query", {"dataCollectionId": "C1"}, wix(s))
    t = []
    for n in range(int(os.environ.get("CREATE", 40))):
        ms, _ = cl.call(
            "POST",
            "/api/v1/sites",
            {"slug": f"new{sites}-{n}", "name": "New", "template": "blog"},
            API,
            201,
        )
        t.append(ms)
    out["create"] = figures(t)
    t = []
    for n in range(int(os.environ.get("INSERTS", 400))):
        i = rnd.randrange(sites)
        ms, _ = cl.call(
            "POST",
            "/wix-data/v2/items",
            {"dataCollectionId": "C0", "dataItem": item(i, "C0", 1000 + n)},
            wix(slug(i)),
        )
        t.append(ms)
    out["insert"] = figures(t)
    t = []
    q = {"filter": {"year": {"$gte": 1990}}, "sort": [{"fieldName": "year", "order": "ASC"}], "paging": {"limit": 20}}
    for _ in range(int(os.environ.get("QUERIES", 400))):
        i = rnd.randrange(sites)
        ms, data = cl.call("POST", "/wix-data/v2/items/query", {"dataCollectionId": "C1", "query": q}, wix(slug(i)))
        got = json.loads(data)["dataItems"]
        if not got or any(x["data"]["year"] < 1990 for x in got):
            raise RuntimeError(f"{slug(i)}: wrong answer {got[:2]}")
        t.append(ms)
    out["query"] = figures(t)
    t = []
    for i in range(cold_from, min(sites, cold_from + int(os.environ.get("COLD", 50)))):
        ms, data = cl.call("GET", "/", None, {"Host": f"{slug(i)}.localhost:{u.port}"})
        if b"<html" not in data[:500].lower():
            raise RuntimeError(f"{slug(i)}: no page: {data[:200]!r}")
        t.append(ms)
    out["cold_page"] = figures(t)
    print(json.dumps(out))


if cmd == "seed":
    seed(int(sys.argv[4]), int(sys.argv[5]), int(sys.argv[6]) if len(sys.argv) > 6 else 4)
elif cmd == "measure":
    measure(int(sys.argv[4]), int(sys.argv[5]))
else:
    sys.exit(f"unknown command {cmd}")
