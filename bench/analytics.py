#!/usr/bin/env python3
"""Data for bench/analytics.sh, the same on every run (seeded generators).

  analytics.py hits sqlite DB_FILE SITE_ID N   N raw analytics hits of site SITE_ID over the
                                              12 months up to now, written straight into the
                                              server's SQLite file (one transaction)
  analytics.py hits postgres URL SITE_ID N     the same into PostgreSQL (psql COPY)
  analytics.py items N                         N search items as JSONL (title, summary, body)
  analytics.py phrases                         the searched phrases, one a line: NAME<TAB>PHRASE

Hits are sessions of 1-6 page views a minute or two apart (the first the entry, 40% with a
time-on-page hit after the last view, 10% with a custom event), from 50 pages, 6 sources,
3 devices and 5 languages, spread evenly over the 365 days before now.

Items read like a shop's catalog: a title of adjective, material and noun, a summary and a
body of 40-100 words drawn with a Zipf law from 3,000 generated words, so that a word's
number of documents ranges from nearly all (the commonest) to a handful.
"""
import io
import random
import subprocess
import sys
import time

DAY = 86_400_000
PAGES = [f"/page/{i}" for i in range(45)] + ["/", "/shop", "/about", "/contact", "/blog"]
SOURCES = [("direct", ""), ("search", "www.google.com"), ("search", "duckduckgo.com"),
           ("social", "t.co"), ("social", "www.facebook.com"), ("other", "blog.example.org")]
DEVICES = [("desktop", "Chrome", "Windows 10"), ("mobile", "Safari", "iPhone"),
           ("mobile", "Chrome", "Android"), ("desktop", "Firefox", "Linux"),
           ("tablet", "Safari", "iPad")]
LANGS = ["en", "fr", "de", "es", "it"]

ADJ = ("silent crimson hidden golden broken distant quiet wild northern rustic bright hollow "
       "gentle vintage modern classic polished sturdy elegant tiny giant woven carved painted").split()
MATERIAL = ("copper oak linen wool marble ceramic leather brass walnut cotton velvet bamboo "
            "glass steel silver cedar jute clay").split()
NOUN = ("lantern mirror teapot basket blanket candle vase lamp chair table shelf bowl clock "
        "frame rug pillow mug jug stool bench planter tray kettle spoon ladle scarf wallet "
        "satchel notebook easel globe compass telescope barometer hourglass quilt cushion "
        "curtain bookend doorstop").split()
SYL = "ka lo mi ren tas vel dor fin gal hup jin kor lum nev pra quo ris sul tev wun yar zel".split()


def vocabulary(n=3000):
    rng = random.Random(11)
    words, seen = [], set()
    while len(words) < n:
        w = "".join(rng.choice(SYL) for _ in range(rng.randint(2, 4)))
        if w not in seen:
            seen.add(w)
            words.append(w)
    return words


def hit_rows(site, n):
    rng = random.Random(25)
    now = int(time.time() * 1000)
    start = now - 365 * DAY
    # About 3.3 hits a session: sessions start evenly over the year.
    sessions = n * 10 // 33
    step = 365 * DAY / sessions
    made = 0
    s = 0
    while made < n:
        t = int(start + s * step + rng.random() * step)
        visitor = f"v{rng.randrange(sessions // 2):08x}"
        session = f"s{s:08x}"
        source, ref = rng.choice(SOURCES)
        device, browser, os = rng.choice(DEVICES)
        lang = rng.choice(LANGS)
        utm = "spring" if rng.random() < 0.05 else ""
        views = rng.randint(1, 6)
        for v in range(views):
            if made >= n or t >= now:
                break
            entry = 1 if v == 0 else 0
            yield (site, t, visitor, session, "pageview", entry, rng.choice(PAGES),
                   ref if entry else "", source if entry else "direct", "", "", utm,
                   device, browser, os, lang, "", "{}", 0)
            made += 1
            t += rng.randint(20_000, 120_000)
        if made < n and t < now and rng.random() < 0.4:
            yield (site, t, visitor, session, "engage", 0, PAGES[0], "", "direct", "", "", "",
                   device, browser, os, lang, "", "{}", rng.randint(5_000, 300_000))
            made += 1
        if made < n and t < now and rng.random() < 0.1:
            yield (site, t, visitor, session, "event", 0, "/", "", "direct", "", "", "",
                   device, browser, os, lang, "signup", "{}", 0)
            made += 1
        s += 1


COLUMNS = ("site_id, at, visitor, session, kind, entry, path, referrer, source, utm_source, "
           "utm_medium, utm_campaign, device, browser, os, language, name, props, duration")


def seed_sqlite(path, site, n):
    import sqlite3
    db = sqlite3.connect(path, timeout=60)
    db.execute("PRAGMA synchronous = NORMAL")
    with db:
        db.executemany(f"INSERT INTO analytics_hits ({COLUMNS}) VALUES ({','.join('?' * 19)})",
                       hit_rows(site, n))
    print(db.execute("SELECT count(*) FROM analytics_hits WHERE site_id = ?", (site,)).fetchone()[0])


def seed_postgres(url, site, n):
    def esc(v):
        return str(v).replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")
    p = subprocess.Popen(["psql", "-q", url, "-c", f"COPY analytics_hits ({COLUMNS}) FROM STDIN"],
                         stdin=subprocess.PIPE)
    out = io.TextIOWrapper(p.stdin, encoding="utf-8")
    for row in hit_rows(site, n):
        out.write("\t".join(esc(v) for v in row) + "\n")
    out.close()
    if p.wait() != 0:
        sys.exit("COPY failed")
    q = subprocess.run(["psql", "-Atq", url, "-c", "ANALYZE analytics_hits",
                        "-c", f"SELECT count(*) FROM analytics_hits WHERE site_id = '{site}'"],
                       capture_output=True, text=True, check=True)
    print(q.stdout.strip())


def items(n):
    import json
    rng = random.Random(31)
    vocab = vocabulary()
    cum, total = [], 0.0
    for r in range(len(vocab)):
        total += 1 / (r + 1)
        cum.append(total)
    out = sys.stdout
    for i in range(n):
        words = lambda k: " ".join(rng.choices(vocab, cum_weights=cum, k=k))  # noqa: E731
        rec = {
            "title": f"{rng.choice(ADJ).title()} {rng.choice(MATERIAL)} {rng.choice(NOUN)} {i}",
            "summary": f"A {rng.choice(ADJ)} {rng.choice(NOUN)} in {rng.choice(MATERIAL)}, {words(rng.randint(6, 12))}",
            "body": words(rng.randint(40, 100)),
        }
        out.write(json.dumps(rec, separators=(",", ":")) + "\n")


def phrases():
    vocab = vocabulary()
    # (name, phrase): from one word in most documents to one in a handful, prefixes as typed,
    # and typos.
    rows = [
        ("noun", "lantern"),
        ("two words", "copper lantern"),
        ("three words", "vintage copper lantern"),
        ("prefix", "telesc"),
        ("typo", "lantren"),
        ("mid-frequency word", vocab[300]),
        ("rare word", vocab[2900]),
        ("commonest word", vocab[0]),
    ]
    for name, p in rows:
        print(f"{name}\t{p}")


if __name__ == "__main__":
    mode = sys.argv[1]
    if mode == "hits":
        backend, target, site, n = sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5])
        (seed_sqlite if backend == "sqlite" else seed_postgres)(target, site, n)
    elif mode == "items":
        items(int(sys.argv[2]))
    elif mode == "phrases":
        phrases()
    else:
        sys.exit(__doc__)
