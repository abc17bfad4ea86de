#!/usr/bin/env python3
"""The Medusa v2 peer's buyer client (bench/medusa.sh runs it against a Medusa it started).

  medusa.py BASE SEED_JSON one                one full purchase, checked step by step
  medusa.py BASE SEED_JSON orders C SECONDS   full purchases by C buyers at once: prints orders per
                                              second and the number of orders

SEED_JSON is what bench/medusa-seed.ts wrote (publishable key, region, shipping option, variant).
A purchase is the whole path a storefront takes through the store API: create a cart in the
region, add a line item, set the email and the shipping address, add the shipping method, create
a payment collection and a session with the system (manual) provider, complete the cart (an
order). Standard library only, one keep-alive connection per buyer, like bench/store.py.
"""

import http.client
import json
import sys
import threading
import time
import urllib.parse

BASE, SEED, MODE = sys.argv[1], json.load(open(sys.argv[2])), sys.argv[3]
HOSTPORT = urllib.parse.urlparse(BASE).netloc


class Client:
    def __init__(self):
        self.conn = http.client.HTTPConnection(HOSTPORT, timeout=120)

    def call(self, method, path, body=None):
        headers = {"content-type": "application/json", "x-publishable-api-key": SEED["publishable_key"]}
        self.conn.request(method, path, body=None if body is None else json.dumps(body), headers=headers)
        res = self.conn.getresponse()
        raw = res.read()
        out = json.loads(raw) if raw else {}
        if res.status != 200:
            raise RuntimeError(f"{method} {path}: {res.status} {out}")
        return out


def purchase(client, i):
    cart = client.call("POST", "/store/carts", {"region_id": SEED["region_id"]})["cart"]["id"]
    client.call("POST", f"/store/carts/{cart}/line-items", {"variant_id": SEED["variant_id"], "quantity": 1})
    client.call("POST", f"/store/carts/{cart}", {
        "email": f"buyer{i}@example.com",
        "shipping_address": {"first_name": "Buyer", "last_name": str(i), "address_1": "1 Main St",
                             "city": "Springfield", "country_code": "us", "postal_code": "12345"},
    })
    client.call("POST", f"/store/carts/{cart}/shipping-methods", {"option_id": SEED["shipping_option_id"]})
    pc = client.call("POST", "/store/payment-collections", {"cart_id": cart})["payment_collection"]["id"]
    client.call("POST", f"/store/payment-collections/{pc}/payment-sessions", {"provider_id": "pp_system_default"})
    done = client.call("POST", f"/store/carts/{cart}/complete", {})
    if done.get("type") != "order":
        raise RuntimeError(f"cart {cart} did not complete: {done}")
    return done["order"]


def one():
    order = purchase(Client(), 0)
    items = order["items"]
    assert len(items) == 1 and items[0]["variant_id"] == SEED["variant_id"], items
    assert order["shipping_methods"][0]["shipping_option_id"] == SEED["shipping_option_id"], order["shipping_methods"]
    print(json.dumps({"order": order["id"], "total": order["total"], "currency": order["currency_code"]}))


def orders(c, seconds):
    done = [0] * c
    errors = []
    stop = time.perf_counter() + seconds

    def worker(w):
        client = Client()
        i = 0
        while time.perf_counter() < stop:
            try:
                purchase(client, w * 1_000_000 + i)
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
    print(f"{sum(done) / (time.perf_counter() - start):.1f} {sum(done)}")


if MODE == "one":
    one()
elif MODE == "orders":
    orders(int(sys.argv[4]), float(sys.argv[5]))
else:
    sys.exit(__doc__)
