import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { expect, it, vi } from "vitest";
import type { Dataset } from "../src/dataset";
import type { VeloElement } from "../src/elements";
import type { WixData } from "../src/modules/wix-data";
import type { VeloRepeater } from "../src/repeater";
import { createRuntime } from "../src/runtime";
import { FakeSite } from "./fake-site";

// The body of a page as `crates/render` writes it with page code (its test
// `the_site_runtime_tests_run_on_what_the_renderer_writes` keeps this file up to date).
const BODY = readFileSync(join(dirname(fileURLToPath(import.meta.url)), "fixtures/rendered-home.html"), "utf8");

const THINGS = [
  { _id: "1", slug: "a b", name: "<script>alert(1)</script>", when: { $date: "2026-11-27T08:00:00.000Z" } },
  { _id: "2", slug: "two", name: "Two" },
  { _id: "3", slug: "three", name: "Three", when: { $date: "2026-12-01T08:00:00.000Z" }, notes: "<p>Bring <b>tea</b></p>" },
];

it("attaches to a page the renderer wrote: its elements, repeaters and datasets", async () => {
  // The page's frames are not loaded in tests, which the DOM says on the console.
  vi.spyOn(console, "error").mockImplementation(() => undefined);
  document.body.innerHTML = BODY;
  const site = new FakeSite({ Things: THINGS, "Stores/Products": [] });
  const rt = createRuntime(window, { fetch: site.fetch });
  const el = (s: string) => rt.$w(s) as VeloElement;
  const repeater = (s: string) => rt.$w(s) as VeloRepeater;
  const wixData = rt.module("wix-data") as WixData;
  const ready: string[] = [];
  rt.$w.onReady(() => {
    repeater("#list").onItemReady(($item, data) => void ready.push(`${data._id}:${($item as (s: string) => VeloElement)("#name").text}`));
  });
  await rt.start();
  expect(ready).toEqual(["1:<script>alert(1)</script>", "2:Two"]);

  // Elements on the page, in the master page, by type.
  expect(el("#title").text).toBe("Hello & welcome");
  expect(el("#go").label).toBe("Go");
  expect(el("#menu").global).toBe(true);
  expect((rt.$w("Repeater") as VeloElement[]).map((r) => r.id)).toEqual(["list", "shop"]);

  // The dataset starts from the rendered items; only its count was asked.
  const things = rt.$w("#things") as Dataset;
  expect(site.calls.map((c) => c.path)).toEqual(["/wix-data/v2/items/count"]);
  expect(things.getTotalCount()).toBe(3);
  expect(things.getCurrentItem()?.when).toBeInstanceOf(Date);
  expect(repeater("#list").data.map((i) => i._id)).toEqual(["1", "2"]);

  // A filtered dataset: the repeater clones its template and fills the connected elements.
  await things.setFilter(wixData.filter().eq("slug", "three"));
  const li = document.querySelector('#list li[data-velo-item="3"]') as HTMLElement;
  expect(li.querySelector('[data-velo-id="name"]')?.textContent).toBe("Three");
  expect(li.querySelector('[data-velo-id="open"]')?.getAttribute("href")).toBe("/things/three");
  expect(li.querySelector('[data-velo-id="when"]')?.textContent).toBe("December 1, 2026");
  expect(li.querySelector('[data-velo-id="notes"]')?.innerHTML).toBe("<p>Bring <b>tea</b></p>");
  expect(document.querySelectorAll("#list li[data-velo-item]").length).toBe(1);
  expect(ready).toEqual(["1:<script>alert(1)</script>", "2:Two", "3:Three"]);

  // A repeater filled by code: items come from the template, whose picture has no source yet.
  repeater("#shop").onItemReady(($item, data) => {
    const $i = $item as (s: string) => VeloElement;
    $i("#product-name").text = String(data.name);
    $i("#photo").src = "wix:image://v1/cap~mv2.png/cap.png#originWidth=10&originHeight=10";
  });
  repeater("#shop").data = [{ _id: "cap", name: "Cap" }];
  const cap = document.querySelector('#shop li[data-velo-item="cap"]') as HTMLElement;
  expect(cap.querySelector("h3")?.textContent).toBe("Cap");
  expect(cap.querySelector("img")?.getAttribute("src")).toBe("/media/cap~mv2.png");
  expect(document.querySelectorAll("#shop li[data-velo-item]").length).toBe(1);
});
