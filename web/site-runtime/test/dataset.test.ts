import { describe, expect, it, vi } from "vitest";
import type { Dataset } from "../src/dataset";
import type { WixData } from "../src/modules/wix-data";
import { FakeSite, page, settle } from "./fake-site";

const TASKS = [
  { _id: "t1", title: "Buy milk", done: false, n: 1 },
  { _id: "t2", title: "Call Ann", done: true, n: 2 },
  { _id: "t3", title: "Fix bike", done: false, n: 3 },
  { _id: "t4", title: "Read", done: false, n: 4 },
  { _id: "t5", title: "Sleep", done: true, n: 5 },
];

const BODY = `<h2 id="current" class="t-heading">Buy milk</h2>`;

function setup(pageSize = 2) {
  const site = new FakeSite({ Tasks: TASKS });
  const boot = {
    datasets: [
      {
        id: "tasks",
        collection: "Tasks",
        filter: {},
        sort: [{ fieldName: "n", order: "ASC" }],
        pageSize,
        items: TASKS.slice(0, pageSize),
        page: 1,
        hasNext: pageSize < TASKS.length,
      },
    ],
    connections: { current: { bind: { text: { field: "title", dataset: "tasks" } } } },
  };
  const { rt } = page(BODY, boot, site);
  const ds = (rt.$w as unknown as (s: string) => Dataset)("#tasks");
  return { rt, site, ds, wixData: rt.module("wix-data") as WixData };
}

describe("datasets", () => {
  it("are ready with the rendered items and their count before onReady runs", async () => {
    const { rt, ds, site } = setup();
    let seen = -1;
    let datasetReady = false;
    void ds.onReady(() => void (datasetReady = true));
    rt.$w.onReady(() => void (seen = ds.getTotalCount()));
    await rt.start();
    expect(seen).toBe(5);
    expect(datasetReady).toBe(true);
    // Only the count was asked: the items came with the page.
    expect(site.calls.map((c) => c.path)).toEqual(["/wix-data/v2/items/count"]);
    expect(ds.getCurrentItem()).toMatchObject({ _id: "t1" });
    expect(ds.getCurrentItemIndex()).toBe(0);
  });

  it("needs no request when the page holds every item", async () => {
    const { rt, ds, site } = setup(10);
    await rt.start();
    expect(ds.getTotalCount()).toBe(5);
    expect(site.calls).toEqual([]);
  });

  it("moves the current item, loading pages, and shows it in connected elements", async () => {
    const { rt, ds } = setup();
    await rt.start();
    const moves: number[] = [];
    ds.onCurrentIndexChanged((i) => void moves.push(i));
    expect(await ds.next()).toMatchObject({ _id: "t2" });
    expect(document.getElementById("current")?.textContent).toBe("Call Ann");
    expect(await ds.next()).toMatchObject({ _id: "t3" });
    expect(ds.getCurrentPageIndex()).toBe(2);
    expect(await ds.previous()).toMatchObject({ _id: "t2" });
    await ds.setCurrentItemIndex(4);
    expect(ds.getCurrentItem()).toMatchObject({ _id: "t5" });
    expect(ds.hasNext()).toBe(false);
    await expect(ds.next()).rejects.toThrow(/no next item/);
    expect(moves).toEqual([1, 2, 1, 4]);
    await ds.setCurrentItemIndex(0);
    await expect(ds.previous()).rejects.toThrow(/no previous item/);
  });

  it("reads any range with getItems and pages with loadPage and loadMore", async () => {
    const { rt, ds } = setup();
    await rt.start();
    expect((await ds.getItems(0, 2)).items.map((i) => i._id)).toEqual(["t1", "t2"]);
    const later = await ds.getItems(3, 2);
    expect(later).toMatchObject({ totalCount: 5, offset: 3 });
    expect(later.items.map((i) => i._id)).toEqual(["t4", "t5"]);
    expect((await ds.loadPage(3)).map((i) => i._id)).toEqual(["t5"]);
    expect(ds.getTotalPageCount()).toBe(3);
    await ds.loadPage(1);
    await ds.loadMore();
    expect(ds.items.map((i) => i._id)).toEqual(["t1", "t2", "t3", "t4"]);
    expect(ds.hasPrevious()).toBe(false);
  });

  it("filters and sorts with wix-data builders, and refreshes", async () => {
    const { rt, ds, site, wixData } = setup();
    await rt.start();
    await ds.setFilter(wixData.filter().eq("done", false).gt("n", 1));
    expect(ds.getTotalCount()).toBe(2);
    expect(ds.getCurrentItem()).toMatchObject({ _id: "t3" });
    await ds.setSort(wixData.sort().descending("n"));
    expect(ds.getCurrentItem()).toMatchObject({ _id: "t4" });
    expect(site.calls.at(-1)?.body).toMatchObject({
      query: { filter: { $and: [{ done: false }, { n: { $gt: 1 } }] }, sort: [{ fieldName: "n", order: "DESC" }] },
    });
    site.collections.get("Tasks")?.push({ _id: "t6", title: "New", done: false, n: 6 });
    await ds.refresh();
    expect(ds.getTotalCount()).toBe(3);
    expect(ds.getCurrentItem()).toMatchObject({ _id: "t6" });
  });

  it("writes the current item with setFieldValue(s) and save, telling onBeforeSave and onAfterSave", async () => {
    const { rt, ds, site } = setup();
    await rt.start();
    const saved: string[] = [];
    const changed: string[] = [];
    ds.onItemValuesChanged((_before, after) => void changed.push(String(after.title)));
    ds.onAfterSave((before, after) => void saved.push(`${before.title}->${after.title}`));
    ds.setFieldValue("title", "Buy oat milk");
    expect(document.getElementById("current")?.textContent).toBe("Buy oat milk");
    ds.setFieldValues({ done: true });
    expect(ds.getCurrentItem()).toMatchObject({ title: "Buy oat milk", done: true });
    const item = await ds.save();
    expect(item).toMatchObject({ _id: "t1", title: "Buy oat milk", done: true });
    expect(site.calls.at(-1)).toMatchObject({ path: "/wix-data/v2/items/update", body: { dataItem: { id: "t1" } } });
    expect(saved).toEqual(["Buy oat milk->Buy oat milk"]);
    expect(changed).toEqual(["Buy oat milk", "Buy oat milk"]);
    // next() saves a changed item first.
    ds.setFieldValue("title", "Milk");
    await ds.next();
    expect(site.collections.get("Tasks")?.[0]).toMatchObject({ title: "Milk" });
    // A stopped save with no onError handler goes to the error beacon and the console.
    vi.spyOn(console, "error").mockImplementation(() => undefined);
    ds.onBeforeSave(() => false);
    ds.setFieldValue("title", "Stopped");
    await expect(ds.save()).rejects.toThrow(/onBeforeSave/);
    await ds.revert();
    expect(ds.getCurrentItem()).toMatchObject({ title: "Call Ann" });
  });

  it("adds new items, removes items and tells onError of failures", async () => {
    const { rt, ds, site } = setup();
    await rt.start();
    await ds.new();
    expect(ds.getCurrentItemIndex()).toBe(1);
    ds.setFieldValues({ title: "Water plants", n: 1.5 });
    const made = await ds.save();
    expect(made._id).toMatch(/^n/);
    expect(site.calls.at(-1)).toMatchObject({ path: "/wix-data/v2/items", body: { dataItem: { data: { title: "Water plants" } } } });
    expect(ds.getTotalCount()).toBe(6);
    await ds.remove();
    expect(site.collections.get("Tasks")?.some((t) => t._id === made._id)).toBe(false);
    expect(ds.getTotalCount()).toBe(5);
    expect(ds.getCurrentItem()).toMatchObject({ _id: "t2" });
    const errors: string[] = [];
    ds.onError((operation, e) => void errors.push(`${operation}: ${(e as Error).message}`));
    site.collections.set("Tasks", []);
    ds.setFieldValue("title", "gone");
    await expect(ds.save()).rejects.toThrow(/does not exist/);
    await settle();
    expect(errors).toEqual(["save: Item does not exist"]);
  });
});
