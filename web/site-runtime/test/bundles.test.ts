import { describe, expect, it, vi } from "vitest";
import { page, reports, settle } from "./fake-site";

// What the bundler (`crates/page-code`) writes: public files defined, page files run with
// `$w` and their `exports`.
describe("bundles", () => {
  it("evaluate a public file once, when first required, and share its exports", async () => {
    const { rt } = page("");
    const order: string[] = [];
    rt.define("public/counter.js", (_$w, exports) => {
      order.push("evaluated");
      let n = 0;
      Object.defineProperties(exports, { next: { get: () => () => ++n, enumerable: true } });
    });
    rt.run("masterPage.js", () => order.push(`master ${(rt.require("public/counter.js").next as () => number)()}`));
    rt.run("pages/Home.c1dmp.js", () => order.push(`page ${(rt.require("public/counter.js").next as () => number)()}`));
    await rt.start();
    expect(order).toEqual(["evaluated", "master 1", "page 2"]);
    expect(() => rt.require("public/none.js")).toThrow("public/none.js is not in this page's code");
  });

  it("wire exported functions named <id>_<event> to their elements, as the editor's event panel does", async () => {
    vi.spyOn(console, "error").mockImplementation(() => undefined);
    const { rt, site } = page(
      '<a id="button1" class="t-button" href="#">Go</a><div id="input_name" class="t-textInput"><input type="text"></div>',
    );
    const seen: string[] = [];
    rt.run("pages/Home.c1dmp.js", (_$w, exports) => {
      Object.assign(exports, {
        button1_click: (e: { target: { id: string } }) => seen.push(`click ${e.target.id}`),
        input_name_input: () => seen.push("input"),
        missing1_click: () => seen.push("never"),
        button1_dblClick: () => {
          throw new Error("from an exported handler");
        },
        helper: () => seen.push("not a handler"),
      });
    });
    await rt.start();
    document.getElementById("button1")?.click();
    document.querySelector("#input_name input")?.dispatchEvent(new Event("input", { bubbles: true }));
    document.getElementById("button1")?.dispatchEvent(new MouseEvent("dblclick", { bubbles: true }));
    await settle();
    expect(seen).toEqual(["click button1", "input"]);
    const sent = await reports(site);
    expect(sent.map((r) => [r.kind, r.file, r.message])).toEqual([["handler", "pages/Home.c1dmp.js", "from an exported handler"]]);
  });
});
