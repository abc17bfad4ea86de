#!/usr/bin/env python3
"""The bookings benchmark driver (bench/bookings.sh runs it against a tessera it started).

  bookings.py BASE KEY seed STAFF BOOKINGS  a business open 08:00-20:00 every day (UTC), STAFF
                                            staff members on one 30-minute appointment service,
                                            and BOOKINGS bookings at distinct free slots over the
                                            next 30 days; prints the service id
  bookings.py BASE KEY slots SERVICE N [DAYS]  N time slots v2 calls for the next DAYS days
                                            (30), c1: p50 ms
  bookings.py BASE KEY slots-rps SERVICE C SECONDS   the same by C clients at once: requests/s
  bookings.py BASE KEY book SERVICE C SECONDS        new bookings at distinct free slots by C
                                            visitors at once: bookings/s (and refusals, which
                                            must be none)

The site is `bench`; visitors call its host (bench.localhost), the owner the dashboard host.
"""

import datetime
import http.client
import json
import statistics
import sys
import threading
import time
import urllib.parse

BASE, KEY, MODE = sys.argv[1], sys.argv[2], sys.argv[3]
HOSTPORT = urllib.parse.urlparse(BASE).netloc
PORT = HOSTPORT.rsplit(":", 1)[1]
DAYS = 30
DAY_NAMES = ["MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY", "SUNDAY"]


class Client:
    """One keep-alive connection, as the owner or as a visitor."""

    def __init__(self, visitor=False):
        self.conn = http.client.HTTPConnection(HOSTPORT, timeout=60)
        self.visitor = visitor

    def send(self, method, path, body=None):
        """The answer's status and bytes, read whole (what a latency is measured to)."""
        headers = {"content-type": "application/json"}
        if self.visitor:
            headers["host"] = f"bench.localhost:{PORT}"
        else:
            headers.update({"host": f"localhost:{PORT}", "wix-site-id": "bench", "authorization": KEY})
        self.conn.request(method, path, body=None if body is None else json.dumps(body), headers=headers)
        res = self.conn.getresponse()
        return res.status, res.read()

    def call(self, method, path, body=None, ok=(200,)):
        return parsed(method, path, *self.send(method, path, body), ok)


def parsed(method, path, status, raw, ok=(200,)):
    out = json.loads(raw) if raw else {}
    if status not in ok:
        raise RuntimeError(f"{method} {path}: {status} {out}")
    return status, out


def start_day():
    """Tomorrow, 00:00 UTC: every slot of the range is in the future."""
    return (datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(days=1)).date()


def local(d):
    return d.strftime("%Y-%m-%dT00:00:00")


def window(days=DAYS):
    first = start_day()
    return {"fromLocalDate": local(first), "toLocalDate": local(first + datetime.timedelta(days=days)), "timeZone": "UTC"}


def seed(staff, bookings):
    owner = Client()
    hours = [{"day": d, "startTime": "08:00", "endTime": "20:00"} for d in DAY_NAMES]
    owner.call("PATCH", "/_bookings/v1/settings", {"settings": {"timeZone": "UTC", "businessHours": hours, "notifyOwner": False, "reminderHoursBefore": 0}})
    ids = []
    for i in range(staff):
        _, b = owner.call("POST", "/bookings/v1/staff-members", {"staffMember": {"name": f"Staff {i:02}"}})
        ids.append(b["staffMember"]["id"])
    _, b = owner.call("POST", "/bookings/v2/services", {"service": {
        "type": "APPOINTMENT", "name": "Consultation", "staffMemberIds": ids,
        "schedule": {"availabilityConstraints": {"sessionDurations": [30]}},
        "payment": {"rateType": "NO_FEE", "options": {"inPerson": True}}}})
    service = b["service"]["id"]
    # Distinct slots, spread over the days and staff: 24 slots a day per staff member.
    first = start_day()
    for n in range(bookings):
        who = ids[n % staff]
        day = first + datetime.timedelta(days=(n // staff) % DAYS)
        slot = (n // (staff * DAYS)) % 24
        at = datetime.datetime.combine(day, datetime.time(8), datetime.timezone.utc) + datetime.timedelta(minutes=30 * slot)
        owner.call("POST", "/bookings/v2/bookings", {"booking": {
            "bookedEntity": {"slot": {"serviceId": service, "startDate": at.strftime("%Y-%m-%dT%H:%M:%SZ"), "resource": {"id": who}}},
            "contactDetails": {"email": f"b{n}@example.com"}}})
    print(service)


def slots(service, n, days=DAYS):
    client = Client(visitor=True)
    body = {"serviceId": service, **window(days)}
    times = []
    path = "/_api/service-availability/v2/time-slots"
    for i in range(n + 10):
        t = time.perf_counter()
        answer = client.send("POST", path, body)
        if i >= 10:
            times.append((time.perf_counter() - t) * 1000)
        # Each answer is checked, after its time is taken: a month is 260 kB of JSON, whose
        # parse in Python (about 1.5 ms) is the client's work, not the server's latency.
        _, b = parsed("POST", path, *answer)
        assert len(b["timeSlots"]) == days * 24, len(b["timeSlots"])
    print(f"{statistics.median(times):.2f}")


def run(c, seconds, work):
    """`work(w, i)` by C threads for SECONDS; how many per second."""
    done = [0] * c
    errors = []
    stop = time.perf_counter() + seconds

    def worker(w):
        i = 0
        while time.perf_counter() < stop:
            try:
                work(w, i)
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
        sys.exit(f"failed: {errors[0]}")
    return sum(done) / (time.perf_counter() - start)


def slots_rps(service, c, seconds):
    clients = [Client(visitor=True) for _ in range(c)]
    body = {"serviceId": service, **window()}
    print(f"{run(c, seconds, lambda w, i: clients[w].call('POST', '/_api/service-availability/v2/time-slots', body)):.1f}")


def book(service, c, seconds):
    """Visitors book free slots of their own: each takes the day's free times once and books
    them one by one, on days of their own, so no two ask for the same slot."""
    clients = [Client(visitor=True) for _ in range(c)]
    first = start_day()
    queues = [[] for _ in range(c)]

    def fill(w):
        _, b = clients[w].call("POST", "/_api/service-availability/v2/time-slots", {
            "serviceId": service, "fromLocalDate": local(first), "toLocalDate": local(first + datetime.timedelta(days=DAYS)), "timeZone": "UTC", "bookable": True,
            "includeResourceTypeIds": ["staff"]})
        for t in b["timeSlots"]:
            for r in t["availableResources"][0]["resources"]:
                # Worker w takes the resources whose position matches it: disjoint slots.
                queues[w].append((t["localStartDate"], r["id"]))
        queues[w] = [q for k, q in enumerate(queues[w]) if k % c == w]

    for w in range(c):
        fill(w)

    def work(w, i):
        start, resource = queues[w][i]
        clients[w].call("POST", "/bookings/v2/bookings", {"booking": {
            "bookedEntity": {"slot": {"serviceId": service, "startDate": start + "Z", "resource": {"id": resource}}},
            "contactDetails": {"email": f"v{w}-{i}@example.com"}}})

    print(f"{run(c, seconds, work):.1f}")


if MODE == "seed":
    seed(int(sys.argv[4]), int(sys.argv[5]))
elif MODE == "slots":
    slots(sys.argv[4], int(sys.argv[5]), int(sys.argv[6]) if len(sys.argv) > 6 else DAYS)
elif MODE == "slots-rps":
    slots_rps(sys.argv[4], int(sys.argv[5]), float(sys.argv[6]))
elif MODE == "book":
    book(sys.argv[4], int(sys.argv[5]), float(sys.argv[6]))
else:
    sys.exit(__doc__)
