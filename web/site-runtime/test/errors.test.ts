import { afterEach, describe, expect, it, vi } from "vitest";
import type { VeloElement } from "../src/elements";
import { frames } from "../src/errors";
import { page, reports, settle } from "./fake-site";

const SCRIPT = "http://demo.localhost:8080/_code/home.3f9a.js";

/** An error thrown in the page's bundle, at `line:column` of its script. */
function thrownAt(message: string, line: number, column: number): Error {
  const e = new Error(message);
  e.stack = `Error: ${message}\n    at handler (${SCRIPT}:${line}:${column})\n    at http://demo.localhost:8080/_assets/site-runtime.1a2b.js:1:4000`;
  return e;
}

/** Runs `factory` as the bundle at SCRIPT would: `document.currentScript` is that script. */
function runAsBundle(rt: ReturnType<typeof page>["rt"], file: string, factory: Parameters<typeof rt.run>[1], script = SCRIPT) {
  const current = vi.spyOn(document, "currentScript", "get").mockReturnValue(Object.assign(document.createElement("script"), { src: script }));
  rt.run(file, factory);
  current.mockRestore();
}

afterEach(() => vi.restoreAllMocks());

describe("errors in page code", () => {
  it("are sent to the beacon with their file and their line in the script", async () => {
    vi.spyOn(console, "error").mockImplementation(() => undefined);
    const { rt, site } = page('<a id="button1" class="t-button" href="#">Go</a>');
    runAsBundle(rt, "masterPage.js", () => {
      throw thrownAt("top level", 2, 9);
    });
    runAsBundle(rt, "pages/Home.c1dmp.js", ($w) => {
      $w.onReady(() => {
        ($w("#button1") as VeloElement).onClick(() => {
          throw thrownAt("in a handler", 14, 3);
        });
        throw thrownAt("in onReady", 7, 21);
      });
      $w.onReady(async () => {
        await Promise.resolve();
        throw thrownAt("after an await", 9, 5);
      });
    });
    await rt.start();
    document.getElementById("button1")?.click();
    await settle();
    const sent = await reports(site);
    expect(sent.map((r) => [r.kind, r.file, r.message, r.line, r.column])).toEqual([
      ["load", "masterPage.js", "top level", 2, 9],
      ["onReady", "pages/Home.c1dmp.js", "in onReady", 7, 21],
      ["onReady", "pages/Home.c1dmp.js", "after an await", 9, 5],
      ["handler", "pages/Home.c1dmp.js", "in a handler", 14, 3],
    ]);
    expect(sent[0]).toMatchObject({ beacon: "/_api/page-code/errors", page: "home", script: SCRIPT, name: "Error", url: "http://demo.localhost:8080/" });
    expect(String(sent[0]?.stack)).toContain("top level");
  });

  it("still reach onReady's promise, which resolves when every callback is done", async () => {
    vi.spyOn(console, "error").mockImplementation(() => undefined);
    const { rt } = page("");
    const order: string[] = [];
    const ready = rt.$w.onReady(() => {
      throw new Error("x");
    });
    rt.$w.onReady(async () => {
      await settle();
      order.push("slow");
    });
    void rt.start();
    await ready;
    order.push("ready");
    expect(order).toEqual(["slow", "ready"]);
    let late = false;
    await rt.$w.onReady(() => void (late = true));
    expect(late).toBe(true);
  });

  it("left uncaught by page code's own timers are reported; others are not", async () => {
    vi.spyOn(console, "error").mockImplementation(() => undefined);
    const { rt, site } = page("");
    // Another address than the other tests' bundles: their runtimes still listen on this window.
    const script = "http://demo.localhost:8080/_code/about.9c1e.js";
    runAsBundle(rt, "pages/About.k2x9a.js", () => undefined, script);
    const e = new Error("in a timer");
    e.stack = `Error: in a timer\n    at tick (${script}:30:1)`;
    window.dispatchEvent(new ErrorEvent("error", { error: e, message: "in a timer", filename: script }));
    window.dispatchEvent(new ErrorEvent("error", { error: new Error("someone else's"), message: "x", filename: "http://cdn.example/widget.js" }));
    await settle();
    const sent = await reports(site);
    expect(sent.map((r) => [r.kind, r.file, r.message, r.line])).toEqual([["unhandled", "pages/About.k2x9a.js", "in a timer", 30]]);
  });

  it("stop being sent after twenty on one page", async () => {
    vi.spyOn(console, "error").mockImplementation(() => undefined);
    const { rt, site } = page("");
    for (let i = 0; i < 30; i++) rt.reporter.report(new Error(`e${i}`), "handler");
    expect(site.beacons.length).toBe(20);
  });

  it("name their frames in Chromium's and Firefox's stacks", () => {
    expect(frames(`Error: x\n    at f (${SCRIPT}:3:17)\n    at ${SCRIPT}:4:1`)).toEqual([
      { script: SCRIPT, line: 3, column: 17 },
      { script: SCRIPT, line: 4, column: 1 },
    ]);
    expect(frames(`f@${SCRIPT}:10:5\n@${SCRIPT}:11:2`)).toEqual([
      { script: SCRIPT, line: 10, column: 5 },
      { script: SCRIPT, line: 11, column: 2 },
    ]);
  });
});
