import { describe, expect, it } from "vitest";
import { addDataset, blankElement, type Doc, findElement, idProblem, insertElement, newId, pasteElement, renameElement } from "./doc-ops";

function doc(): Doc {
  return {
    schemaVersion: 1,
    master: { header: [{ id: "text2", type: "text", props: { html: "<p>Logo</p>" } }] },
    pages: [
      {
        id: "home",
        title: "Home",
        path: "/",
        sections: [
          {
            id: "hero",
            type: "section",
            children: [
              { id: "hero-title", type: "heading", props: { text: "Hi", level: 1 } },
              { id: "button1", type: "button", props: { label: "Down", link: { href: "#about" } } },
              { id: "button3", type: "button", props: { label: "Elsewhere", link: { href: "/more#about" } } },
            ],
          },
          { id: "about", type: "section", children: [{ id: "menu1", type: "menu", props: { items: [{ label: "Top", link: { href: "#hero" } }] } }] },
        ],
      },
      { id: "other", title: "Other", path: "/other", sections: [{ id: "text1", type: "text", props: { html: "<p>x</p>" } }] },
    ],
  };
}

describe("Velo ids", () => {
  it("are Wix's type names with the lowest number free in the document, header and other pages included", () => {
    const d = doc();
    // text1 is on another page and text2 in the header: the site's stylesheet and the editor
    // find elements by id across the document, so both are taken.
    expect(newId(d, "text")).toBe("text3");
    expect(newId(d, "heading")).toBe("text3");
    expect(newId(d, "button")).toBe("button2");
    expect(newId(d, "container")).toBe("box1");
    expect(newId(d, "textInput")).toBe("input1");
    expect(newId(d, "embed")).toBe("html1");
    expect(newId(d, "rating")).toBe("ratingsDisplay1");
    expect(blankElement(d, "dropdown").id).toBe("dropdown1");
    const section = blankElement(d, "section");
    expect([section.id, section.children?.[0]?.id]).toEqual(["section1", "text3"]);
    // A copy is numbered the same way, and existing ids (the demo's hero-title) are kept.
    const [pasted, copy] = pasteElement(d, "hero", findElement(d, "hero")!);
    expect(copy).toBe("section1");
    expect(findElement(pasted, "section1")?.children?.map((c) => c.id)).toEqual(["text3", "button2", "button4"]);
    expect(findElement(pasted, "hero-title")).toBeDefined();
  });

  it("datasets are dataset1, dataset2, … and never an element's id", () => {
    let d = insertElement(doc(), "home", "hero", 0, { id: "dataset1", type: "text", props: { html: "" } });
    let id: string;
    [d, id] = addDataset(d, "home", { collection: "Posts" });
    expect(id).toBe("dataset2");
    expect(newId(d, "dataset")).toBe("dataset3");
    expect(idProblem(d, "button1", "dataset2")).toBe("A dataset is already dataset2.");
  });

  it("a new id must be a free JavaScript identifier, said plainly otherwise", () => {
    const d = doc();
    expect(idProblem(d, "button1", "button1")).toBeUndefined();
    expect(idProblem(d, "button1", "buyNow")).toBeUndefined();
    expect(idProblem(d, "button1", "_x2")).toBeUndefined();
    expect(idProblem(d, "button1", "")).toBe("Give the element an id.");
    expect(idProblem(d, "button1", "buy-now")).toMatch(/^Use letters, digits and _ only.*\$w\('#buynow'\)/);
    expect(idProblem(d, "button1", "2buy")).toMatch(/not starting with a digit/);
    expect(idProblem(d, "button1", "a$")).toMatch(/^Use letters/);
    expect(idProblem(d, "button1", "x".repeat(65))).toBe("Use at most 64 characters.");
    expect(idProblem(d, "button1", "text2")).toBe("Another element is already text2.");
    expect(idProblem(d, "button1", "text1")).toBe("Another element is already text1.");
  });

  it("renaming keeps the links to the element", () => {
    const d = doc();
    const renamed = renameElement(d, "about", "aboutSection");
    expect(findElement(renamed, "about")).toBeUndefined();
    expect(findElement(renamed, "aboutSection")?.children?.[0]?.id).toBe("menu1");
    expect((findElement(renamed, "button1")?.props?.["link"] as { href: string }).href).toBe("#aboutSection");
    expect((findElement(renamed, "button3")?.props?.["link"] as { href: string }).href).toBe("/more#aboutSection");
    const items = findElement(renameElement(d, "hero", "top"), "menu1")?.props?.["items"] as { link: { href: string } }[];
    expect(items[0]?.link.href).toBe("#top");
    // The document it came from is left alone (undo keeps it).
    expect(findElement(d, "about")).toBeDefined();
  });
});
