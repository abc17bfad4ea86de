// The automations benchmark's driver and webhook receiver in one process (one clock): reports
// EVENTS custom events ("custom:bench", each carrying its send time) to Tessera with CONNS
// keep-alive connections, while an HTTP server takes the automation's webhook calls and notes
// when each arrives. Prints one JSON line: events accepted per second, events delivered per
// second end to end (first report sent → last webhook received), and the p50/p95 latency from a
// report sent to its webhook received.
// Usage: node bench/automations.mjs serve PORTFILE   (the receiver alone, until told to drive)
// The shell script starts it, creates the automation with the printed URL, then POSTs
// /drive {base, key, events, conns} to it and reads the answer.
import http from "node:http";
import { writeFileSync } from "node:fs";

const arrivals = new Map();
let expected = 0;
let allIn = () => {};

const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

/** POSTs a JSON body to `base` + `path`; resolves with the status. */
function post(base, path, headers, body) {
  return new Promise((resolve, reject) => {
    const req = http.request(
      `${base}${path}`,
      { method: "POST", agent, headers: { "content-type": "application/json", ...headers } },
      (res) => {
        res.resume();
        res.on("end", () => resolve(res.statusCode));
      },
    );
    req.on("error", reject);
    req.end(JSON.stringify(body));
  });
}

async function drive({ base, key, events, conns }) {
  arrivals.clear();
  expected = events;
  const delivered = new Promise((resolve) => (allIn = resolve));
  const sent = new Array(events);
  let next = 0;
  const started = performance.now();
  const headers = { authorization: key, "wix-site-id": "bench" };
  async function worker() {
    while (next < events) {
      const n = next++;
      sent[n] = performance.now();
      const status = await post(base, "/automations/v1/events/report", headers, {
        triggerKey: "bench",
        payload: { n, kind: "order" },
      });
      if (status !== 200) throw new Error(`report ${n} answered ${status}`);
    }
  }
  await Promise.all(Array.from({ length: conns }, worker));
  const reported = performance.now();
  const timeout = setTimeout(() => allIn(), 120_000);
  await delivered;
  clearTimeout(timeout);
  const last = Math.max(...arrivals.values());
  const latencies = [...arrivals].map(([n, at]) => at - sent[n]).sort((a, b) => a - b);
  const pct = (p) => latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * p))];
  return {
    events,
    delivered: arrivals.size,
    acceptedPerSecond: Math.round(events / ((reported - started) / 1000)),
    deliveredPerSecond: Math.round(arrivals.size / ((last - started) / 1000)),
    p50Ms: +pct(0.5).toFixed(1),
    p95Ms: +pct(0.95).toFixed(1),
  };
}

const server = http.createServer((req, res) => {
  const chunks = [];
  req.on("data", (c) => chunks.push(c));
  req.on("end", async () => {
    const body = JSON.parse(Buffer.concat(chunks).toString() || "{}");
    if (req.url === "/drive") {
      try {
        const result = await drive(body);
        res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(result));
      } catch (e) {
        res.writeHead(500).end(String(e));
      }
      return;
    }
    // A webhook call: the automation POSTs {event, steps}.
    const n = body?.event?.n;
    if (typeof n === "number" && !arrivals.has(n)) {
      arrivals.set(n, performance.now());
      if (arrivals.size === expected) allIn();
    }
    res.writeHead(200, { "content-type": "application/json" }).end("{}");
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, "127.0.0.1", () => {
  writeFileSync(process.argv[3], String(server.address().port));
});
