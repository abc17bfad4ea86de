import { describe, expect, it } from "vitest";
import type { SearchBuilder } from "../src/modules/search";
import { page } from "./fake-site";

describe("wix-search", () => {
  it("searches the site by type, a page at a time", async () => {
    const { rt, site } = page("");
    site.searchDocuments = [
      { documentType: "Site/Pages", title: "Bread classes", url: "/classes" },
      { documentType: "Stores/Products", title: "Sourdough bread", url: "/product-page/sourdough" },
      { documentType: "Stores/Products", title: "Rye bread", url: "/product-page/rye" },
      { documentType: "Stores/Products", title: "Croissant", url: "/product-page/croissant" },
    ];
    const { search } = rt.module("wix-search") as { search(phrase: string): SearchBuilder };
    const first = await search("bread").documentType("Stores/Products").limit(1).find();
    expect(first.documents.map((d) => d.title)).toEqual(["Sourdough bread"]);
    expect([first.totalCount, first.totalPages, first.currentPage, first.hasNext(), first.hasPrev()]).toEqual([2, 2, 0, true, false]);
    const second = await first.next();
    expect(second.documents.map((d) => d.title)).toEqual(["Rye bread"]);
    expect(second.hasNext()).toBe(false);
    await expect(second.next()).rejects.toThrow("There are no more results");
    expect(site.calls.at(-1)).toEqual({
      method: "POST",
      path: "/_api/search/v1/search",
      body: { phrase: "bread", documentTypes: ["Stores/Products"], paging: { limit: 1, offset: 1 } },
    });
    expect(() => search("x").documentType("")).toThrow("documentType: the type must be a non-empty string");
    expect(() => search("x").limit(1000)).toThrow("limit: a whole number from 1 to 100");
  });
});
