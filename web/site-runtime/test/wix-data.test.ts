import { describe, expect, it } from "vitest";
import type { WixData } from "../src/modules/wix-data";
import { FakeSite, page } from "./fake-site";

const BOOKS = [
  { _id: "b1", title: "Dune", year: 1965, tags: ["sf"], price: 9 },
  { _id: "b2", title: "Emma", year: 1815, tags: ["classic"], price: 5 },
  { _id: "b3", title: "Ubik", year: 1969, tags: ["sf", "classic"], price: 12 },
  { _id: "b4", title: "Dracula", year: 1897, tags: [], price: 7 },
];

function setup() {
  const site = new FakeSite({ Books: BOOKS });
  const { rt } = page("", {}, site);
  return { site, wixData: rt.module("wix-data") as WixData };
}

describe("wix-data filters and sorts", () => {
  it("write Wix's query language", () => {
    const { wixData } = setup();
    const f = wixData
      .filter()
      .eq("title", "Dune")
      .ne("year", 1)
      .gt("year", 1960)
      .ge("price", 1)
      .lt("price", 10)
      .le("price", 9)
      .contains("title", "un")
      .startsWith("title", "D")
      .hasSome("tags", "a", ["b"])
      .isEmpty("x")
      .isNotEmpty("y")
      .between("n", 1, 5);
    expect(f.toFilter()).toEqual({
      $and: [
        { title: "Dune" },
        { year: { $ne: 1 } },
        { year: { $gt: 1960 } },
        { price: { $gte: 1 } },
        { price: { $lt: 10 } },
        { price: { $lte: 9 } },
        { title: { $contains: "un" } },
        { title: { $startsWith: "D" } },
        { tags: { $hasSome: ["a", "b"] } },
        { x: null },
        { y: { $ne: null } },
        { n: { $gte: 1 } },
        { n: { $lt: 5 } },
      ],
    });
    expect(wixData.filter().toFilter()).toEqual({});
    expect(wixData.filter().eq("a", 1).toFilter()).toEqual({ a: 1 });
    expect(wixData.filter().eq("address", { city: "X" }).toFilter()).toEqual({ address: { $eq: { city: "X" } } });
    const a = wixData.filter().eq("a", 1);
    expect(a.or(wixData.filter().eq("b", 2)).toFilter()).toEqual({ $or: [{ a: 1 }, { b: 2 }] });
    expect(a.and(wixData.filter().eq("b", 2)).toFilter()).toEqual({ $and: [{ a: 1 }, { b: 2 }] });
    expect(a.not(wixData.filter().eq("b", 2)).toFilter()).toEqual({ $and: [{ a: 1 }, { $not: [{ b: 2 }] }] });
    // Builders never change: each call answers a new one.
    expect(a.toFilter()).toEqual({ a: 1 });
    expect(wixData.sort().ascending("a", "b").descending("c").spec).toEqual([
      { fieldName: "a", order: "ASC" },
      { fieldName: "b", order: "ASC" },
      { fieldName: "c", order: "DESC" },
    ]);
  });
});

describe("wix-data over REST", () => {
  it("queries with paging, sort, includes and dates, and pages through results", async () => {
    const { wixData, site } = setup();
    const q = wixData.query("Books").hasSome("tags", ["sf", "classic"]).ascending("year").limit(2).include("author");
    const first = await q.find();
    expect(first.items.map((b) => b._id)).toEqual(["b2", "b1"]);
    expect(first).toMatchObject({ totalCount: 3, length: 2, pageSize: 2, currentPage: 0, totalPages: 2 });
    expect(first.hasNext()).toBe(true);
    expect(first.hasPrev()).toBe(false);
    expect(site.calls[0]).toEqual({
      method: "POST",
      path: "/wix-data/v2/items/query",
      body: {
        dataCollectionId: "Books",
        query: {
          filter: { tags: { $hasSome: ["sf", "classic"] } },
          sort: [{ fieldName: "year", order: "ASC" }],
          paging: { limit: 2, offset: 0 },
        },
        returnTotalCount: true,
        includeReferences: [{ field: "author" }],
      },
    });
    const second = await first.next();
    expect(second.items.map((b) => b._id)).toEqual(["b3"]);
    expect(second.currentPage).toBe(1);
    expect(second.hasNext()).toBe(false);
    expect((await second.prev()).items.length).toBe(2);
    expect(await wixData.query("Books").lt("year", 1900).count()).toBe(2);
    expect(site.calls.at(-1)?.body).toEqual({ dataCollectionId: "Books", filter: { year: { $lt: 1900 } } });
    await wixData.query("Books").gt("published", new Date("2020-01-01T00:00:00Z")).skip(1).find();
    expect(site.calls.at(-1)?.body).toMatchObject({
      query: { filter: { published: { $gt: { $date: "2020-01-01T00:00:00.000Z" } } }, paging: { offset: 1, limit: 50 } },
    });
  });

  it("gets, inserts, updates, saves and removes items, and turns dates back into Dates", async () => {
    const { wixData, site } = setup();
    expect(await wixData.get("Books", "b1")).toMatchObject({ title: "Dune" });
    expect(await wixData.get("Books", "nope")).toBeNull();
    expect(site.calls[0]?.path).toBe("/wix-data/v2/items/b1?dataCollectionId=Books");
    const made = await wixData.insert("Books", { title: "Solaris", read: new Date("2026-01-02T00:00:00Z") });
    expect(made._id).toBeTruthy();
    expect(made._createdDate).toBeInstanceOf(Date);
    expect(site.calls.at(-1)).toMatchObject({
      path: "/wix-data/v2/items",
      body: { dataCollectionId: "Books", dataItem: { data: { title: "Solaris", read: { $date: "2026-01-02T00:00:00.000Z" } } } },
    });
    expect(await wixData.update("Books", { _id: "b2", title: "Emma!" })).toMatchObject({ title: "Emma!" });
    expect(site.calls.at(-1)).toMatchObject({ path: "/wix-data/v2/items/update", body: { dataItem: { id: "b2" } } });
    await expect(wixData.update("Books", { title: "no id" })).rejects.toThrow(/no _id/);
    await expect(wixData.update("Books", { _id: "zz", title: "?" })).rejects.toMatchObject({ code: "WDE0073", status: 404 });
    expect(await wixData.save("Books", { title: "Kindred" })).toMatchObject({ title: "Kindred" });
    expect(site.calls.at(-1)).toMatchObject({ path: "/wix-data/v2/items/save", body: { dataItem: { data: { title: "Kindred" } } } });
    expect(await wixData.remove("Books", "b4")).toMatchObject({ title: "Dracula" });
    expect(site.calls.at(-1)).toMatchObject({ path: "/wix-data/v2/items/remove", body: { dataCollectionId: "Books", dataItemId: "b4" } });
    expect(site.calls.every((c) => c.method === "GET" || c.body !== undefined)).toBe(true);
  });
});
