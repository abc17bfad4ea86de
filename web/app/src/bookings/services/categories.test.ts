import { describe, expect, test } from "vitest";
import type { Category } from "../bookings";
import { moved, named, nextOrder, ordered } from "./categories";

const list: Category[] = [
  { id: "b", name: "Body", sortOrder: 1, revision: "1" },
  { id: "h", name: "Hair", sortOrder: 0, revision: "3" },
  { id: "n", name: "Nails", sortOrder: 2, revision: "1" },
];

describe("categories' order", () => {
  test("by sortOrder, then name; a new one last", () => {
    expect(ordered(list).map((c) => c.id)).toEqual(["h", "b", "n"]);
    expect(ordered([{ id: "z", name: "Zen" }, { id: "a", name: "Arms" }]).map((c) => c.id)).toEqual(["a", "z"]);
    expect(nextOrder(list)).toBe(3);
    expect(nextOrder([])).toBe(0);
  });

  test("a move swaps two neighbours and sends only what changed, with its revision", () => {
    expect(moved(list, "n", -1)).toEqual([
      { id: "n", name: "Nails", sortOrder: 1, revision: "1" },
      { id: "b", name: "Body", sortOrder: 2, revision: "1" },
    ]);
    expect(moved(list, "h", -1)).toEqual([]);
    expect(moved(list, "n", 1)).toEqual([]);
  });

  test("categories made by name all at 0 are numbered in order", () => {
    const made = [{ id: "a", name: "A", sortOrder: 0 }, { id: "b", name: "B", sortOrder: 0 }, { id: "c", name: "C", sortOrder: 0 }];
    expect(moved(made, "a", 1).map((c) => [c.id, c.sortOrder])).toEqual([["a", 1], ["c", 2]]);
  });

  test("a name typed is matched case aside", () => {
    expect(named(list, " hair ")?.id).toBe("h");
    expect(named(list, "Makeup")).toBeUndefined();
  });
});
