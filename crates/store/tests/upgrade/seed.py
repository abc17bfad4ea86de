#!/usr/bin/env python3
"""Fills a running Tessera with what tests/upgrade.rs expects (used by make.sh): site "shop",
published (the store template), with Books (240 items; indexes on year, on category and year, and a unique one on
isbn) and Notes (20 items, no index). Usage: seed.py BASE ACCOUNT_KEY"""
import json
import sys
import urllib.error
import urllib.request

base, key = sys.argv[1:3]


def call(path, body, headers, want):
    req = urllib.request.Request(base + path, json.dumps(body).encode() if body is not None else None,
                                 {**headers, "Content-Type": "application/json"}, method="POST")
    try:
        with urllib.request.urlopen(req) as r:
            assert r.status == want, (path, r.status)
            return json.load(r)
    except urllib.error.HTTPError as e:
        sys.exit(f"{path}: HTTP {e.code}: {e.read()[:400]!r}")


api = {"Authorization": f"Bearer {key}"}
wix = {"Authorization": key, "wix-site-id": "shop"}
call("/api/v1/sites", {"slug": "shop", "name": "Shop", "template": "store"}, api, 201)
call("/api/v1/sites/shop/publish", None, api, 200)
anyone = {"read": "ANYONE", "insert": "CMS_EDITOR", "update": "CMS_EDITOR", "remove": "CMS_EDITOR"}
call("/wix-data/v2/collections", {"collection": {
    "id": "Books",
    "fields": [{"key": "title", "type": "TEXT"}, {"key": "year", "type": "NUMBER"},
               {"key": "isbn", "type": "TEXT"}, {"key": "category", "type": "TEXT"}],
    "permissions": anyone,
    "indexes": [{"name": "year", "fields": ["year"], "unique": False},
                {"name": "shelf", "fields": ["category", "year"], "unique": False},
                {"name": "isbn", "fields": ["isbn"], "unique": True}],
}}, wix, 200)
books = [{"_id": f"b{n:03d}", "data": {"title": f"Book {n}", "year": 1900 + (n * 37) % 120,
                                       "isbn": f"isbn-{n}", "category": f"c{n % 6}"}} for n in range(240)]
for b in books:
    b["data"]["_id"] = b.pop("_id")
r = call("/wix-data/v2/bulk/items/insert", {"dataCollectionId": "Books", "dataItems": books}, wix, 200)
assert r["bulkActionMetadata"]["totalSuccesses"] == 240, r["bulkActionMetadata"]
call("/wix-data/v2/collections", {"collection": {
    "id": "Notes", "fields": [{"key": "text", "type": "TEXT"}], "permissions": anyone}}, wix, 200)
notes = [{"data": {"_id": f"n{n:02d}", "text": "note " * (n + 1)}} for n in range(20)]
r = call("/wix-data/v2/bulk/items/insert", {"dataCollectionId": "Notes", "dataItems": notes}, wix, 200)
assert r["bulkActionMetadata"]["totalSuccesses"] == 20, r["bulkActionMetadata"]
