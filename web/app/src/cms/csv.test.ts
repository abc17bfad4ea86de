import { describe, expect, it } from "vitest";
import { itemsFromCsv, parseCsv, toCsv } from "./csv";

const fields = [
  { key: "title", type: "TEXT" },
  { key: "price", type: "NUMBER" },
  { key: "inStock", type: "BOOLEAN" },
  { key: "tags", type: "ARRAY_STRING" },
];

describe("CSV", () => {
  it("parses quotes, doubled quotes, commas and line breaks in cells", () => {
    expect(parseCsv('a,"b, ""c""\nd"\r\n1,2\n')).toEqual([["a", 'b, "c"\nd'], ["1", "2"]]);
    expect(parseCsv("\uFEFFx\n")).toEqual([["x"]]);
  });

  it("round-trips items with their types", () => {
    const items = [
      { _id: "a1", title: "Rye, dark", price: 4.5, inStock: true, tags: ["bread", "rye"] },
      { _id: "a2", title: '=1+1 "quoted"', price: 2, inStock: false, tags: [] },
    ];
    const csv = toCsv(fields, items);
    expect(csv.split("\n")[0]).toBe("_id,title,price,inStock,tags");
    expect(csv).toContain(`"'=1+1 ""quoted"""`);
    expect(itemsFromCsv(fields, csv)).toEqual(items);
  });

  it("names the row and column of a bad cell and refuses unknown columns", () => {
    expect(() => itemsFromCsv(fields, "title,price\nok,12\nbad,twelve\n")).toThrow('Row 3, column "price": "twelve" is not a number.');
    expect(() => itemsFromCsv(fields, "title,colour\nx,red\n")).toThrow('Column "colour" is not a field of this collection.');
  });
});
