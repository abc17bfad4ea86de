import { describe, expect, it } from "vitest";
import type { CollectionView } from "../api";
import { newElement, placeElement } from "./add-element";
import { addDataset, blankElement, type Doc, findElement, parentOf } from "./doc-ops";

function doc(): Doc {
  return {
    schemaVersion: 1,
    pages: [
      {
        id: "home",
        title: "Home",
        path: "/",
        sections: [
          {
            id: "s1",
            type: "section",
            children: [
              { id: "h1", type: "heading", props: { text: "Hi", level: 1 } },
              { id: "c1", type: "container", children: [] },
              { id: "cols", type: "columns", children: [{ id: "col1", type: "container", children: [] }] },
            ],
          },
          { id: "s2", type: "section", children: [] },
        ],
      },
    ],
  };
}

const page = (d: Doc) => d.pages[0]!;
const childIds = (d: Doc, id: string) => findElement(d, id)?.children?.map((c) => c.id);

describe("adding from the add panel", () => {
  it("places an element after the selection, into a selected container, or beside selected columns", () => {
    const d = doc();
    const text = blankElement(d, "text");
    expect(childIds(placeElement(d, page(d), "h1", text), "s1")).toEqual(["h1", text.id, "c1", "cols"]);
    expect(childIds(placeElement(d, page(d), "c1", text), "c1")).toEqual([text.id]);
    expect(childIds(placeElement(d, page(d), "cols", text), "s1")).toEqual(["h1", "c1", "cols", text.id]);
  });

  it("places a section after the selection's section, and anything unselected at the end in a section of its own", () => {
    const d = doc();
    const section = blankElement(d, "section");
    const after = placeElement(d, page(d), "col1", section);
    expect(page(after).sections?.map((s) => s.id)).toEqual(["s1", section.id, "s2"]);
    const text = blankElement(d, "text");
    const atEnd = placeElement(d, page(d), null, text);
    const wrapper = parentOf(atEnd, text.id);
    expect(page(atEnd).sections?.map((s) => s.id)).toEqual(["s1", "s2", wrapper]);
    expect(findElement(atEnd, wrapper!)?.type).toBe("section");
  });

  it("a repeater needs a dataset and titles its items by the collection's first text field", () => {
    const problems: string[] = [];
    const collections: CollectionView[] = [{ id: "Posts", fields: [{ key: "_id", type: "TEXT" }, { key: "title", type: "TEXT" }] }];
    expect(newElement(doc(), page(doc()), "repeater", collections, (m) => problems.push(m))).toBeUndefined();
    expect(problems).toEqual([expect.stringContaining("add a dataset")]);

    const [d, dataset] = addDataset(doc(), "home", { collection: "Posts" });
    const repeater = newElement(d, page(d), "repeater", collections, (m) => problems.push(m));
    expect(repeater?.props).toEqual({ dataset, columns: 3 });
    expect(repeater?.children?.[0]?.bind).toEqual({ text: { field: "title" } });
    expect(problems).toHaveLength(1);
  });

  it("makes a ready-made section by its name", () => {
    expect(newElement(doc(), undefined, "section:hero", [], () => undefined)?.type).toBe("section");
    expect(newElement(doc(), undefined, "section:nonesuch", [], () => undefined)).toBeUndefined();
  });
});
