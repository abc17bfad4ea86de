import { describe, expect, it } from "vitest";
import {
  blankElement,
  type Doc,
  duplicateElement,
  duplicateElements,
  effectiveStyle,
  findElement,
  History,
  insertElement,
  isHidden,
  moveElement,
  parentOf,
  pasteElement,
  pasteElements,
  READY_SECTIONS,
  readySection,
  removeElement,
  removeElements,
  setHidden,
  setStyle,
  shiftElement,
  shiftPage,
} from "./doc-ops";

function doc(): Doc {
  return {
    schemaVersion: 1,
    pages: [
      {
        id: "home",
        title: "Home",
        path: "/",
        sections: [
          { id: "s1", type: "section", children: [{ id: "h1", type: "heading", props: { text: "Hi", level: 1 } }] },
          { id: "s2", type: "section", children: [] },
        ],
      },
    ],
  };
}

describe("document operations", () => {
  it("insert puts new elements where asked, with unused ids, and leaves the input alone", () => {
    const before = doc();
    const button = blankElement(before, "button");
    expect(button.id).toBe("button1");
    const after = insertElement(before, "home", "s1", 0, button);
    expect(findElement(after, "s1")?.children?.map((c) => c.id)).toEqual(["button1", "h1"]);
    expect(findElement(before, "s1")?.children?.map((c) => c.id)).toEqual(["h1"]);
    const section = blankElement(after, "section");
    expect(section.id).toBe("section1");
    expect(section.children?.[0]?.id).toBe("text1");
    expect(() => insertElement(after, "home", "h1", 0, blankElement(after, "text"))).toThrow("cannot hold");
  });

  it("move reorders within a parent and carries elements between containers", () => {
    let d = insertElement(doc(), "home", "s1", 1, { id: "t1", type: "text", props: { html: "<p>x</p>" } });
    d = moveElement(d, "home", "t1", "s1", 0);
    expect(findElement(d, "s1")?.children?.map((c) => c.id)).toEqual(["t1", "h1"]);
    d = moveElement(d, "home", "h1", "s2", 0);
    expect(parentOf(d, "h1")).toBe("s2");
    d = moveElement(d, "home", "s2", undefined, 0);
    expect(d.pages[0]?.sections?.map((s) => s.id)).toEqual(["s2", "s1"]);
    expect(() => moveElement(d, "home", "s2", "s2", 0)).toThrow("into itself");
  });

  it("remove and duplicate", () => {
    const [d, copy] = duplicateElement(doc(), "s1");
    expect(copy).toBe("section1");
    expect(d.pages[0]?.sections?.map((s) => s.id)).toEqual(["s1", "section1", "s2"]);
    expect(findElement(d, "section1")?.children?.[0]?.id).toBe("text1");
    expect(findElement(removeElement(d, "s1"), "h1")).toBeUndefined();
  });

  it("paste a copy with fresh ids; a section goes after the selection's section", () => {
    const heading = findElement(doc(), "h1")!;
    const [d, id] = pasteElement(doc(), "h1", heading);
    expect(findElement(d, "s1")?.children?.map((c) => c.id)).toEqual(["h1", id]);
    const section = findElement(doc(), "s2")!;
    const [d2, sid] = pasteElement(d, "h1", section);
    expect(d2.pages[0]?.sections?.map((s) => s.id)).toEqual(["s1", sid, "s2"]);
    expect(new Set([id, sid, "h1", "s1", "s2"]).size).toBe(5);
  });

  it("several selected elements are removed, duplicated and pasted in one change, in order", () => {
    let d = insertElement(doc(), "home", "s1", 1, { id: "t1", type: "text", props: { html: "<p>x</p>" } });
    const [dup, copies] = duplicateElements(d, ["h1", "t1"]);
    expect(findElement(dup, "s1")?.children?.map((c) => c.id)).toEqual(["h1", copies[0], "t1", copies[1]]);
    // A parent and its child together: the child goes with the parent.
    expect(removeElements(dup, ["s1", "h1"]).pages[0]?.sections?.map((s) => s.id)).toEqual(["s2"]);
    d = removeElements(dup, [copies[0]!, copies[1]!]);
    expect(findElement(d, "s1")?.children?.map((c) => c.id)).toEqual(["h1", "t1"]);
    const copied = [findElement(d, "h1")!, findElement(d, "t1")!, findElement(d, "s2")!];
    const [pasted, ids] = pasteElements(d, "h1", copied);
    expect(findElement(pasted, "s1")?.children?.map((c) => c.id)).toEqual(["h1", ids[0], ids[1], "t1"]);
    expect(pasted.pages[0]?.sections?.map((s) => s.id)).toEqual(["s1", ids[2], "s2"]);
  });

  it("ready-made sections come with ids unused in the document", () => {
    for (const name of Object.keys(READY_SECTIONS)) {
      const d = doc();
      const section = readySection(d, name)!;
      const ids: string[] = [];
      const walk = (e: { id: string; children?: { id: string }[] }) => {
        ids.push(e.id);
        e.children?.forEach(walk);
      };
      walk(section);
      expect(section.type).toBe("section");
      expect(new Set([...ids, "s1", "s2", "h1"]).size).toBe(ids.length + 3);
      expect(ids.every((id) => id.length > 0)).toBe(true);
    }
    expect(readySection(doc(), "nope")).toBeUndefined();
  });

  it("shift an element among its siblings, not past the ends", () => {
    let d = shiftElement(doc(), "s2", -1);
    expect(d.pages[0]?.sections?.map((s) => s.id)).toEqual(["s2", "s1"]);
    const atTop = d;
    d = shiftElement(d, "s2", -1);
    expect(d.pages[0]?.sections?.map((s) => s.id)).toEqual(["s2", "s1"]);
    expect(d).toBe(atTop);
    d = shiftElement(d, "s2", 1);
    expect(d.pages[0]?.sections?.map((s) => s.id)).toEqual(["s1", "s2"]);
  });

  it("reorder pages", () => {
    const two: Doc = { ...doc(), pages: [...doc().pages, { id: "about", title: "About", path: "/about", sections: [] }] };
    expect(shiftPage(two, "about", -1).pages.map((p) => p.id)).toEqual(["about", "home"]);
    expect(shiftPage(two, "about", 1).pages.map((p) => p.id)).toEqual(["home", "about"]);
  });

  it("breakpoint overrides cascade from desktop to tablet to mobile", () => {
    let d = setStyle(doc(), "h1", "desktop", "color", "red");
    d = setStyle(d, "h1", "mobile", "color", "blue");
    const h = findElement(d, "h1");
    expect(h && effectiveStyle(h, "tablet", "color")).toBe("red");
    expect(h && effectiveStyle(h, "mobile", "color")).toBe("blue");
    d = setStyle(d, "h1", "mobile", "color", undefined);
    expect(findElement(d, "h1")?.responsive).toBeUndefined();
    d = setHidden(d, "h1", "tablet", true);
    const hidden = findElement(d, "h1");
    expect(hidden && [isHidden(hidden, "desktop"), isHidden(hidden, "tablet"), isHidden(hidden, "mobile")]).toEqual([false, true, true]);
    d = setHidden(d, "h1", "mobile", false);
    const shown = findElement(d, "h1");
    expect(shown && isHidden(shown, "mobile")).toBe(false);
  });

  it("undo and redo walk whole documents, at least 100 steps back", () => {
    const history = new History(doc());
    for (let i = 0; i < 150; i++) history.apply(setStyle(history.present, "h1", "desktop", "width", `${i}px`));
    for (let i = 0; i < 120; i++) history.undo();
    expect(findElement(history.present, "h1")?.style?.["width"]).toBe("29px");
    history.redo();
    expect(findElement(history.present, "h1")?.style?.["width"]).toBe("30px");
    history.apply(removeElement(history.present, "h1"));
    expect(history.canRedo).toBe(false);
  });
});

describe("data", () => {
  it("datasets get unique ids and bindings come and go", async () => {
    const { addDataset, datasetsOf, removeDataset, setBinding, enclosingRepeater, insertElement, findElement } = await import("./doc-ops");
    let [d, first] = addDataset(doc(), "home", { collection: "Posts", pageSize: 6 });
    let second: string;
    [d, second] = addDataset(d, "home", { collection: "Posts" });
    expect([first, second]).toEqual(["dataset1", "dataset2"]);
    d = removeDataset(d, "home", "dataset1");
    expect(datasetsOf(d, "home").map((ds) => ds.id)).toEqual(["dataset2"]);
    // The lowest free number comes back.
    expect(addDataset(d, "home", { collection: "Posts" })[1]).toBe("dataset1");
    d = insertElement(d, "home", "s2", 0, { id: "r", type: "repeater", props: { dataset: "dataset2" }, children: [{ id: "t", type: "heading", props: { text: "" } }] });
    d = setBinding(d, "t", "text", { field: "title" });
    expect(findElement(d, "t")?.bind).toEqual({ text: { field: "title" } });
    expect(enclosingRepeater(d, "t")?.id).toBe("r");
    d = setBinding(d, "t", "text", undefined);
    expect(findElement(d, "t")?.bind).toBeUndefined();
  });
});

describe("pages and settings", () => {
  it("adds pages with unique addresses and sets nested values", async () => {
    const { addPage, removePage, setPageValue, setDocValue } = await import("./doc-ops");
    let [d, id] = addPage(doc(), "Our Team!");
    expect(id).toBe("our-team");
    expect(d.pages[1]?.path).toBe("/our-team");
    let second: string;
    [d, second] = addPage(d, "Our team");
    expect(second).toBe("our-team-2");
    d = setPageValue(d, "our-team", ["seo", "title"], "Team");
    expect(d.pages[1]?.["seo"]).toEqual({ title: "Team" });
    d = setPageValue(d, "our-team", ["seo", "title"], "");
    expect(d.pages[1]?.["seo"]).toBeUndefined();
    d = setDocValue(d, ["theme", "colors", "primary"], "#123456");
    expect(d["theme"]).toEqual({ colors: { primary: "#123456" } });
    expect(removePage(d, "our-team-2").pages.map((p) => p.id)).toEqual(["home", "our-team"]);
  });

  it("adds lightboxes under /lightboxes, named by their title", async () => {
    const { addPage } = await import("./doc-ops");
    const [d, id] = addPage(doc(), "Confirm", { lightbox: true });
    expect(id).toBe("confirm");
    expect(d.pages[1]).toMatchObject({ title: "Confirm", path: "/lightboxes/confirm", lightbox: true });
    const [, again] = addPage(d, "Confirm", { lightbox: true });
    expect(again).toBe("confirm-2");
  });
});
