import { describe, expect, it } from "vitest";
import type { VeloElement, VeloEvent } from "../src/elements";
import type { WixData } from "../src/modules/wix-data";
import type { VeloRepeater } from "../src/repeater";
import { FakeSite, page } from "./fake-site";

const PEOPLE = [
  { _id: "ann", name: "Ann", slug: "ann", role: "Host" },
  { _id: "bob", name: "Bob", slug: "bob", role: "Host" },
  { _id: "cid", name: "Cid Ø", slug: "cid ø", role: "Guest" },
];

// A repeater as the renderer writes it on a page with code: items marked with their `_id`,
// repeated elements with `data-velo-id`, and the item template.
const item = (p: (typeof PEOPLE)[number]) =>
  `<li data-velo-item="${p._id}"><h3 data-velo-id="name" class="t-heading">${p.name}</h3><a data-velo-id="more" class="t-button" href="/people/${p.slug}">${p.role}</a></li>`;
const BODY = `
<h2 id="title1" class="t-heading">Ann</h2>
<div id="repeater1" class="t-repeater"><ul role="list">${PEOPLE.slice(0, 2).map(item).join("")}</ul><p class="t-empty" hidden>Nothing here yet.</p>
<template data-velo-template><li><h3 data-velo-id="name" class="t-heading">Name</h3><a data-velo-id="more" class="t-button" href="#">More</a></li></template></div>
<div id="repeater2" class="t-repeater"><ul role="list"></ul><p class="t-empty">Nothing here yet.</p>
<template data-velo-template><li><div data-velo-id="label" class="t-text"><p>Label</p></div><a data-velo-id="go" class="t-button" href="#">Go</a></li></template></div>`;

const BOOT = {
  datasets: [
    {
      id: "dataset1",
      collection: "People",
      filter: {},
      sort: [{ fieldName: "name", order: "ASC" }],
      pageSize: 2,
      items: PEOPLE.slice(0, 2),
      page: 1,
      hasNext: true,
    },
  ],
  connections: {
    repeater1: { dataset: "dataset1" },
    repeater2: { dataset: "tasks" },
    name: { bind: { text: { field: "name" } } },
    more: { bind: { href: { field: "@url" }, label: { field: "role" } } },
    title1: { bind: { text: { field: "name", dataset: "dataset1" } } },
  },
  itemPaths: { People: "/people/{slug}" },
};

function setup() {
  const site = new FakeSite({ People: PEOPLE });
  const { rt } = page(BODY, BOOT, site);
  const $w = rt.$w as unknown as (s: string) => VeloRepeater & Record<string, never>;
  return { rt, site, $w, wixData: rt.module("wix-data") as WixData };
}

type $Item = (s: string) => VeloElement;

describe("repeaters", () => {
  it("runs onItemReady for the rendered items of a connected repeater once the page is ready", async () => {
    const { rt, $w } = setup();
    const seen: string[] = [];
    rt.$w.onReady(() => {
      $w("#repeater1").onItemReady(($item: unknown, data, index) => {
        seen.push(`${index}:${data.name}:${($item as $Item)("#name").text}`);
        ($item as $Item)("#more").label = `See ${data.name}`;
      });
    });
    await rt.start();
    expect(seen).toEqual(["0:Ann:Ann", "1:Bob:Bob"]);
    expect($w("#repeater1").data.map((i) => i._id)).toEqual(["ann", "bob"]);
    expect(document.querySelector('[data-velo-item="bob"] [data-velo-id="more"]')?.textContent).toBe("See Bob");
  });

  it("runs onItemReady once per item when code sets a connected repeater's data in onReady", async () => {
    const { rt, $w } = setup();
    const ready: string[] = [];
    rt.$w.onReady(() => {
      $w("#repeater1").onItemReady((_$item, data) => void ready.push(String(data._id)));
      $w("#repeater1").data = [{ _id: "bob", name: "Bob" }, { _id: "zed", name: "Zed" }];
    });
    await rt.start();
    expect(ready).toEqual(["zed"]);
    expect(Array.from(document.querySelectorAll("#repeater1 li")).map((li) => li.getAttribute("data-velo-item"))).toEqual(["bob", "zed"]);
  });

  it("clones the template for new items, keeps known ones and removes the rest", async () => {
    const { rt, $w } = setup();
    await rt.start();
    const rep = $w("#repeater2");
    const ready: string[] = [];
    const removed: string[] = [];
    rep.onItemReady(($item: unknown, data, i) => {
      ($item as $Item)("#label").text = String(data.title);
      ready.push(`${i}:${data._id}`);
    });
    rep.onItemRemoved((data) => void removed.push(String(data._id)));
    rep.data = [
      { _id: "t1", title: "One" },
      { _id: "t2", title: "Two" },
    ];
    const list = document.querySelector("#repeater2 ul") as HTMLElement;
    expect(Array.from(list.children).map((li) => li.getAttribute("data-velo-item"))).toEqual(["t1", "t2"]);
    expect(list.textContent).toContain("One");
    expect((document.querySelector("#repeater2 .t-empty") as HTMLElement).hidden).toBe(true);
    const t2 = list.children[1];
    rep.data = [
      { _id: "t2", title: "Two" },
      { _id: "t3", title: "Three" },
    ];
    expect(ready).toEqual(["0:t1", "1:t2", "1:t3"]);
    expect(removed).toEqual(["t1"]);
    expect(list.children[0]).toBe(t2);
    expect(rep.data.map((d) => d._id)).toEqual(["t2", "t3"]);
    rep.data = [];
    expect((document.querySelector("#repeater2 .t-empty") as HTMLElement).hidden).toBe(false);
    expect(() => (rep.data = [{ title: "no id" }])).toThrow(/_id/);
    expect(() => (rep.data = [{ _id: "a" }, { _id: "a" }])).toThrow(/unique/);
  });

  it("forEachItem and forItems give each item's $item", async () => {
    const { rt, $w } = setup();
    await rt.start();
    const rep = $w("#repeater2");
    rep.data = [
      { _id: "a", title: "A" },
      { _id: "b", title: "B" },
      { _id: "c", title: "C" },
    ];
    rep.forEachItem(($item: unknown, data) => void (($item as $Item)("#label").text = `${data.title}!`));
    expect(document.querySelector('[data-velo-item="c"]')?.textContent).toContain("C!");
    const some: string[] = [];
    rep.forItems(["a", "c"], (_$item, data, i) => void some.push(`${i}${data._id}`));
    expect(some).toEqual(["0a", "2c"]);
  });

  it("gives handlers set with the page's $w on a repeated element to every item, with its context", async () => {
    const { rt, $w } = setup();
    const clicks: string[] = [];
    rt.$w.onReady(() => {
      ($w("#go") as unknown as VeloElement).onClick((e: VeloEvent) => {
        const $item = rt.$w.at(e.context) as unknown as $Item;
        clicks.push(`${(e.context as { itemId: string }).itemId}=${$item("#label").text}`);
      });
      $w("#repeater2").onItemReady(($item: unknown, data) => void (($item as $Item)("#label").text = String(data.title)));
    });
    await rt.start();
    $w("#repeater2").data = [
      { _id: "x", title: "Ex" },
      { _id: "y", title: "Why" },
    ];
    (document.querySelector('[data-velo-item="y"] a') as HTMLElement).click();
    (document.querySelector('[data-velo-item="x"] a') as HTMLElement).click();
    expect(clicks).toEqual(["y=Why", "x=Ex"]);
    // Global writes go to every instance.
    ($w("#label") as unknown as VeloElement).text = "All";
    expect(Array.from(document.querySelectorAll('[data-velo-id="label"]')).map((n) => n.textContent)).toEqual(["All", "All"]);
  });

  it("follows its dataset: filtered items are filled from their fields and get onItemReady", async () => {
    const { rt, $w, site, wixData } = setup();
    const ready: string[] = [];
    rt.$w.onReady(() => $w("#repeater1").onItemReady((_$item, data) => void ready.push(String(data._id))));
    await rt.start();
    ready.length = 0;
    const ds = $w("#dataset1") as unknown as { setFilter(f: unknown): Promise<void>; loadMore(): Promise<void> };
    await ds.setFilter(wixData.filter().eq("role", "Guest"));
    const items = document.querySelectorAll("#repeater1 li[data-velo-item]");
    expect(Array.from(items).map((li) => li.getAttribute("data-velo-item"))).toEqual(["cid"]);
    expect(items[0]?.querySelector("h3")?.textContent).toBe("Cid Ø");
    expect(items[0]?.querySelector("a")?.getAttribute("href")).toBe("/people/cid%20%C3%B8");
    expect(items[0]?.querySelector("a")?.textContent).toBe("Guest");
    expect(ready).toEqual(["cid"]);
    expect(site.calls.at(-1)?.body).toMatchObject({ dataCollectionId: "People", query: { filter: { role: "Guest" } } });
    await ds.setFilter(wixData.filter());
    expect(document.querySelectorAll("#repeater1 li[data-velo-item]").length).toBe(2);
    await ds.loadMore();
    expect(document.querySelectorAll("#repeater1 li[data-velo-item]").length).toBe(3);
  });
});
