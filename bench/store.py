#!/usr/bin/env python3
"""The store's benchmark driver (bench/store.sh runs it against a tessera it started).

  store.py BASE KEY seed N            N products in 20 collections, prices 1.00..100.00
  store.py BASE KEY query N           N product queries by collection sorted by price, c1: p50 ms
  store.py BASE KEY orders C SECONDS  full purchase paths (cart, checkout, create-order, test
                                      payment) by C visitors at once: orders per second
  store.py BASE KEY one ITEM          one full path buying ITEM (for counting its SQL statements)
  store.py BASE KEY latency N         N full purchase paths one after another: p50 ms of the
                                      checkout's steps (add to cart, create the checkout, read it
                                      priced, create-order, pay)

The site is `bench`; visitors call its host (bench.localhost), the owner the dashboard host.
"""

import http.client
import json
import random
import statistics
import sys
import threading
import time
import urllib.parse

BASE, KEY, MODE = sys.argv[1], sys.argv[2], sys.argv[3]
HOSTPORT = urllib.parse.urlparse(BASE).netloc
PORT = HOSTPORT.rsplit(":", 1)[1]
APP = "215238eb-22a5-4c36-9e7b-e7c08025e04e"


class Client:
    """One keep-alive connection; as a visitor it keeps the tessera_visitor cookie."""

    def __init__(self, visitor=False):
        self.conn = http.client.HTTPConnection(HOSTPORT, timeout=60)
        self.visitor = visitor
        self.cookie = None

    def call(self, method, path, body=None):
        headers = {"content-type": "application/json"}
        if self.visitor:
            headers["host"] = f"bench.localhost:{PORT}"
            if self.cookie:
                headers["cookie"] = self.cookie
        else:
            headers.update({"host": f"localhost:{PORT}", "wix-site-id": "bench", "authorization": KEY})
        data = None if body is None else json.dumps(body)
        self.conn.request(method, path, body=data, headers=headers)
        res = self.conn.getresponse()
        raw = res.read()
        cookie = res.getheader("set-cookie")
        if cookie:
            self.cookie = cookie.split(";", 1)[0]
        out = json.loads(raw) if raw else {}
        if res.status != 200:
            raise RuntimeError(f"{method} {path}: {res.status} {out}")
        return out


def seed(n):
    owner = Client()
    collections = [
        owner.call("POST", "/stores/v1/collections", {"collection": {"name": f"Collection {i}"}})["collection"]["id"]
        for i in range(20)
    ]
    rng = random.Random(7)
    by_collection = {c: [] for c in collections}
    for i in range(n):
        price = rng.randint(100, 10000) / 100
        p = owner.call("POST", "/stores/v1/products", {"product": {"name": f"Product {i}", "priceData": {"price": price}}})
        by_collection[collections[i % 20]].append(p["product"]["id"])
    for c, ids in by_collection.items():
        for k in range(0, len(ids), 100):
            owner.call("POST", f"/stores/v1/collections/{c}/productIds", {"productIds": ids[k:k + 100]})
    item = owner.call("POST", "/stores/v1/products", {"product": {"name": "Bench item", "priceData": {"price": 12.5}}})
    pid = item["product"]["id"]
    owner.call("PATCH", f"/stores/v2/inventoryItems/{pid}", {"inventoryItem": {"trackQuantity": True, "variants": [
        {"variantId": "00000000-0000-0000-0000-000000000000", "quantity": 1_000_000_000}]}})
    print(json.dumps({"collections": collections, "item": pid}))


def state():
    owner = Client()
    cols = owner.call("POST", "/stores/v1/collections/query", {"query": {"paging": {"limit": 100}}})["collections"]
    ids = [c["id"] for c in cols if c["name"].startswith("Collection")]
    item = owner.call("POST", "/stores/v1/products/query", {"query": {"filter": json.dumps({"name": "Bench item"})}})
    return ids, item["products"][0]["id"]


def query(n):
    cols, _ = state()
    visitor = Client(visitor=True)
    times = []
    for i in range(n + 20):
        c = cols[i % len(cols)]
        body = {"query": {"filter": json.dumps({"collections.id": {"$hasSome": [c]}}), "sort": json.dumps([{"price": "asc"}]), "paging": {"limit": 20}}}
        t = time.perf_counter()
        out = visitor.call("POST", "/stores/v1/products/query", body)
        if i >= 20:
            times.append((time.perf_counter() - t) * 1000)
        assert len(out["products"]) == 20, out
    print(f"{statistics.median(times):.2f}")


def purchase(client, item, i, look=False):
    line = {"catalogReference": {"catalogItemId": item, "appId": APP}, "quantity": 1}
    client.cookie = None
    client.call("POST", "/ecom/v1/carts/current/add-to-cart", {"lineItems": [line]})
    checkout = client.call("POST", "/ecom/v1/carts/current/create-checkout", {
        "email": f"buyer{i}@example.com",
        "shippingAddress": {"addressLine1": "1 Main St", "city": "Springfield", "country": "US", "postalCode": "12345"},
    })["checkoutId"]
    if look:  # the checkout page: the checkout priced
        client.call("GET", f"/ecom/v1/checkouts/{checkout}")
    order = client.call("POST", f"/ecom/v1/checkouts/{checkout}/create-order", {})["orderId"]
    paid = client.call("POST", f"/_stores/v1/orders/{order}/pay", {"cardNumber": "4242424242424242"})
    assert paid["order"]["paymentStatus"] == "PAID", paid


def latency(n):
    _, item = state()
    client = Client(visitor=True)
    times = []
    for i in range(n + 10):
        t = time.perf_counter()
        purchase(client, item, i, look=True)
        if i >= 10:
            times.append((time.perf_counter() - t) * 1000)
    print(f"{statistics.median(times):.2f}")


def orders(c, seconds):
    _, item = state()
    done = [0] * c
    stop = time.perf_counter() + seconds
    errors = []

    def worker(w):
        client = Client(visitor=True)
        i = 0
        while time.perf_counter() < stop:
            try:
                purchase(client, item, w * 1_000_000 + i)
                done[w] += 1
            except Exception as e:  # noqa: BLE001 - reported below
                errors.append(str(e))
                return
            i += 1

    start = time.perf_counter()
    threads = [threading.Thread(target=worker, args=(w,)) for w in range(c)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if errors:
        sys.exit(f"purchase failed: {errors[0]}")
    print(f"{sum(done) / (time.perf_counter() - start):.1f}")


if MODE == "seed":
    seed(int(sys.argv[4]))
elif MODE == "query":
    query(int(sys.argv[4]))
elif MODE == "orders":
    orders(int(sys.argv[4]), float(sys.argv[5]))
elif MODE == "latency":
    latency(int(sys.argv[4]))
elif MODE == "one":
    purchase(Client(visitor=True), sys.argv[4], 0)
else:
    sys.exit(__doc__)
