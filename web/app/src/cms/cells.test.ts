import { describe, expect, it } from "vitest";
import { cellText, parseCell } from "./cells";

describe("cells", () => {
  it("parses typed text", () => {
    expect(parseCell("NUMBER", " 42 ")).toBe(42);
    expect(() => parseCell("NUMBER", "lots")).toThrow("not a number");
    expect(parseCell("BOOLEAN", "Yes")).toBe(true);
    expect(parseCell("ARRAY_STRING", "a, b")).toEqual(["a", "b"]);
    expect(parseCell("DATETIME", "2026-11-27T10:00:00Z")).toEqual({ $date: "2026-11-27T10:00:00.000Z" });
    expect(parseCell("TEXT", " kept ")).toBe(" kept ");
  });

  it("shows values as text", () => {
    expect(cellText({ $date: "2026-11-27T10:00:00.000Z" })).toBe("2026-11-27T10:00:00.000Z");
    expect(cellText(["a", 1, true])).toBe("a, 1, true");
    expect(cellText(undefined)).toBe("");
  });
});
