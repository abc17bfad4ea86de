"""Collection indexes on SQLite, two layouts side by side, in raw SQL: a partial expression
index per collection index on the shared items table (Tessera before 2026-12-06) and one
index-entries table (Tessera since). Each site has 3 collections of 100 items, each with an
index on data.year. Prints insert p50/p99, an indexed range query, a sorted page, the cost
of a new index, and the query plans.

Usage: python3 bench/index-layout.py partial|entries SITES [DIR=/var/tmp]
(partial at 1,000 sites takes many minutes: that is the finding.)"""
import json, os, random, sqlite3, statistics, sys, time

def db(path):
    if os.path.exists(path): os.remove(path)
    c = sqlite3.connect(path, isolation_level=None)
    c.execute("PRAGMA journal_mode=WAL"); c.execute("PRAGMA synchronous=NORMAL"); c.execute("PRAGMA foreign_keys=ON")
    c.executescript("""
    CREATE TABLE data_items (site_id TEXT NOT NULL, collection_id TEXT NOT NULL, item_id TEXT NOT NULL,
      owner TEXT, created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL, data TEXT NOT NULL,
      PRIMARY KEY (site_id, collection_id, item_id));
    CREATE INDEX data_items_created ON data_items (site_id, collection_id, created_at, item_id);
    CREATE TABLE data_index_entries (site_id TEXT NOT NULL, collection_id TEXT NOT NULL, index_id TEXT NOT NULL,
      k1, k2, k3, item_id TEXT NOT NULL, uniq INTEGER NOT NULL DEFAULT 0,
      FOREIGN KEY (site_id, collection_id, item_id) REFERENCES data_items (site_id, collection_id, item_id) ON DELETE CASCADE);
    CREATE UNIQUE INDEX data_index_entries_key ON data_index_entries (site_id, collection_id, index_id, k1, k2, k3, item_id);
    CREATE INDEX data_index_entries_item ON data_index_entries (site_id, collection_id, item_id);
    """)
    return c

def item(i):
    return json.dumps({"title": f"Book {i}", "year": random.randint(1800, 2024), "tags": ["a", "b"]})

def seed(c, layout, sites, colls=3, per=100):
    t0 = time.time()
    c.execute("BEGIN")
    for s in range(sites):
        for k in range(colls):
            sid, cid = f"site{s:06d}", f"C{k}"
            if layout == "partial":
                c.execute(f"CREATE INDEX dx_{s}_{k} ON data_items (json_extract(data, '$.year'), item_id) WHERE site_id = '{sid}' AND collection_id = '{cid}'")
            rows = [(sid, cid, f"i{n:05d}", None, n, n, item(n)) for n in range(per)]
            c.executemany("INSERT INTO data_items VALUES (?,?,?,?,?,?,?)", rows)
            if layout == "entries":
                c.execute("INSERT INTO data_index_entries (site_id, collection_id, index_id, k1, item_id) SELECT site_id, collection_id, 'by_year', json_extract(data, '$.year'), item_id FROM data_items WHERE site_id = ? AND collection_id = ?", (sid, cid))
    c.execute("COMMIT"); c.execute("ANALYZE")
    return time.time() - t0

def timed(f, n=300):
    ts = []
    for i in range(n):
        t = time.perf_counter(); f(i); ts.append((time.perf_counter() - t) * 1e3)
    ts.sort()
    return ts[len(ts) // 2], ts[int(len(ts) * 0.99)]

def measure(c, layout, sites):
    sid = f"site{sites // 2:06d}"
    def insert(i):
        c.execute("BEGIN")
        c.execute("INSERT INTO data_items VALUES (?,?,?,?,?,?,?)", (sid, "C0", f"x{i:06d}{random.random()}", None, 10**9 + i, 0, item(i)))
        c.execute("COMMIT")
    # The entries write: the item, then its entry computed from the stored row, as the store does.
    def insert_entries(i):
        iid = f"x{i:06d}{random.random()}"
        c.execute("BEGIN")
        c.execute("INSERT INTO data_items VALUES (?,?,?,?,?,?,?)", (sid, "C0", iid, None, 10**9 + i, 0, item(i)))
        c.execute("INSERT INTO data_index_entries (site_id, collection_id, index_id, k1, item_id) SELECT site_id, collection_id, 'by_year', json_extract(data, '$.year'), item_id FROM data_items WHERE site_id = ? AND collection_id = 'C0' AND item_id = ?", (sid, iid))
        c.execute("COMMIT")
    ins = timed(insert_entries if layout == "entries" else insert)
    if layout == "partial":
        q = f"SELECT item_id, data FROM data_items WHERE site_id = '{sid}' AND collection_id = 'C1' AND json_extract(data, '$.year') BETWEEN ? AND ? ORDER BY json_extract(data, '$.year'), item_id LIMIT 50"
        s = f"SELECT item_id, data FROM data_items WHERE site_id = '{sid}' AND collection_id = 'C1' ORDER BY json_extract(data, '$.year'), item_id LIMIT 50"
    else:
        q = f"SELECT item_id, data FROM data_items WHERE site_id = '{sid}' AND collection_id = 'C1' AND item_id IN (SELECT item_id FROM data_index_entries WHERE site_id = '{sid}' AND collection_id = 'C1' AND index_id = 'by_year' AND k1 BETWEEN ? AND ?) AND json_extract(data, '$.year') BETWEEN ? AND ? ORDER BY json_extract(data, '$.year'), item_id LIMIT 50"
        s = f"SELECT i.item_id, i.data FROM data_index_entries e CROSS JOIN data_items i ON i.site_id = e.site_id AND i.collection_id = e.collection_id AND i.item_id = e.item_id WHERE e.site_id = '{sid}' AND e.collection_id = 'C1' AND e.index_id = 'by_year' ORDER BY e.k1, e.k2, e.k3, e.item_id LIMIT 50"
    args = (lambda i: (1900, 1910)) if layout == "partial" else (lambda i: (1900, 1910, 1900, 1910))
    qr = timed(lambda i: c.execute(q, args(i)).fetchall())
    sr = timed(lambda i: c.execute(s).fetchall())
    plan_q = " | ".join(r[-1] for r in c.execute("EXPLAIN QUERY PLAN " + q, args(0)))
    plan_s = " | ".join(r[-1] for r in c.execute("EXPLAIN QUERY PLAN " + s))
    t = time.perf_counter()
    c.execute("BEGIN")
    if layout == "partial":
        c.execute(f"CREATE INDEX dx_new ON data_items (json_extract(data, '$.title'), item_id) WHERE site_id = '{sid}' AND collection_id = 'C2'")
    else:
        c.execute(f"INSERT INTO data_index_entries (site_id, collection_id, index_id, k1, item_id) SELECT site_id, collection_id, 'by_title', json_extract(data, '$.title'), item_id FROM data_items WHERE site_id = '{sid}' AND collection_id = 'C2'")
    c.execute("COMMIT")
    ddl = (time.perf_counter() - t) * 1e3
    return ins, qr, sr, ddl, plan_q, plan_s

layout, sites = sys.argv[1], int(sys.argv[2])
out = sys.argv[3] if len(sys.argv) > 3 else "/var/tmp"
path = f"{out}/tessera-index-layout-{layout}-{sites}.db"
random.seed(1)
c = db(path)
secs = seed(c, layout, sites)
ins, qr, sr, ddl, pq, ps = measure(c, layout, sites)
size = os.path.getsize(path) >> 20
print(f"{layout:8} {sites:6} sites: seed {secs:6.1f}s  insert p50/p99 {ins[0]:.3f}/{ins[1]:.3f} ms  range query {qr[0]:.3f}/{qr[1]:.3f} ms  sorted page {sr[0]:.3f}/{sr[1]:.3f} ms  new index {ddl:.1f} ms  db {size} MB")
print("   plan q:", pq)
print("   plan s:", ps)
c.close()
for suffix in ("", "-wal", "-shm"):
    if os.path.exists(path + suffix):
        os.remove(path + suffix)
