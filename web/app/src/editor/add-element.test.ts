import { describe, expect, it } from "vitest";
import type { CollectionView } from "../api";
import { newElement, placeElement } from "./add-element";
import { addDataset, blankElement, datasetsOf, type Doc, findElement, parentOf } from "./doc-ops";
import { withPlans } from "./plans-elements";

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
    const repeater = newElement(d, page(d), "repeater", collections, (m) => problems.push(m))?.element;
    expect(repeater?.props).toEqual({ dataset, columns: 3 });
    expect(repeater?.children?.[0]?.bind).toEqual({ text: { field: "title" } });
    expect(problems).toHaveLength(1);
  });

  it("a product grid brings its dataset of the store's visible products, newest first", () => {
    const made = newElement(doc(), page(doc()), "productGrid", [], () => undefined);
    const [dataset] = datasetsOf(made!.doc, "home");
    expect(dataset).toMatchObject({ collection: "Stores/Products", filter: { visible: true }, sort: [{ fieldName: "_createdDate", order: "DESC" }], pageSize: 12 });
    expect(made?.element).toMatchObject({ type: "repeater", props: { dataset: dataset?.id, pagination: true } });
    const binds = made?.element.children?.map((c) => [c.type, c.bind]);
    expect(binds).toEqual([
      ["image", { src: { field: "mainMedia" }, alt: { field: "name" }, href: { field: "@url" } }],
      ["link", { text: { field: "name" }, href: { field: "@url" } }],
      ["text", { text: { field: "@price" } }],
    ]);
    // Placed like any element: with nothing selected, in a section of its own at the end.
    const placed = placeElement(made!.doc, page(made!.doc), null, made!.element);
    expect(findElement(placed, parentOf(placed, made!.element.id)!)?.type).toBe("section");
  });

  it("a plans list brings its dataset of the public plans, the primary first, with cards that buy them", () => {
    const made = newElement(doc(), page(doc()), "plansList", [], () => undefined);
    const [dataset] = datasetsOf(made!.doc, "home");
    expect(dataset).toMatchObject({ collection: "PricingPlans/Plans", filter: { public: true }, sort: [{ fieldName: "primary", order: "DESC" }, { fieldName: "_createdDate", order: "ASC" }] });
    expect(made?.element).toMatchObject({ type: "repeater", props: { dataset: dataset?.id } });
    expect(made?.element.children?.map((c) => [c.type, c.bind])).toEqual([
      ["heading", { text: { field: "name" } }],
      ["text", { text: { field: "@price" } }],
      ["text", { text: { field: "perks.values" } }],
      ["button", { label: { field: "@buy" }, href: { field: "@url" } }],
    ]);
    // A second list on the page gets a dataset of its own.
    const again = newElement(made!.doc, page(made!.doc), "plansList", [], () => undefined);
    expect(datasetsOf(again!.doc, "home").map((d) => d.id)).toHaveLength(2);
    expect(withPlans([{ id: "Posts", fields: [] }]).find((c) => c.id === "PricingPlans/Plans")?.fields.map((f) => f.key)).toEqual(expect.arrayContaining(["name", "@price", "@buy", "perks.values"]));
  });

  it("a cart icon goes to the header: at its end, or after the selected header element", () => {
    const d: Doc = { ...doc(), master: { header: [{ id: "menu", type: "menu" }, { id: "logo", type: "image" }] } };
    const icon = newElement(d, page(d), "cartIcon", [], () => undefined)!.element;
    expect(icon).toEqual({ id: "cartIcon1", type: "cartIcon", props: { label: "Cart" } });
    const search = newElement(d, page(d), "searchBox", [], () => undefined)!.element;
    expect(search.props).toEqual({ label: "Search", placeholder: "Search the site" });
    expect(placeElement(d, page(d), null, search).master?.header?.map((e) => e.id)).toEqual(["menu", "logo", search.id]);
    expect(placeElement(d, page(d), "h1", icon).master?.header?.map((e) => e.id)).toEqual(["menu", "logo", icon.id]);
    expect(placeElement(d, page(d), "menu", icon).master?.header?.map((e) => e.id)).toEqual(["menu", icon.id, "logo"]);
    // Other elements follow a selected header element too; the page stays as it was.
    const text = blankElement(d, "text");
    const after = placeElement(d, page(d), "menu", text);
    expect(after.master?.header?.map((e) => e.id)).toEqual(["menu", text.id, "logo"]);
    expect(page(after).sections).toEqual(page(d).sections);
  });

  it("makes a ready-made section by its name", () => {
    expect(newElement(doc(), undefined, "section:hero", [], () => undefined)?.element.type).toBe("section");
    expect(newElement(doc(), undefined, "section:nonesuch", [], () => undefined)).toBeUndefined();
  });
});
