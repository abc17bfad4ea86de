import { describe, expect, it } from "vitest";
import { describeProblem, newPathProblem, pageCodePath, problemsOf, samePageFile, starterSource, wordsFromTypes } from "./code-words";

describe("wordsFromTypes", () => {
  it("lists modules and their exports once", () => {
    const dts = [
      "declare module 'wix-data' {",
      "  export interface WixDataItem { _id: string }",
      "  export function query(collection: string): WixDataQuery;",
      "}",
      "declare module '@wix/data' {",
      "  export * from 'wix-data';",
      "}",
      "declare module 'wix-web-module' {",
      "  export const Permissions: { readonly Anyone: 'Anyone' };",
      "  export function webMethod(): void;",
      "  export function query(): void;",
      "}",
    ].join("\n");
    expect(wordsFromTypes(dts)).toEqual([
      { label: "wix-data", type: "namespace", detail: "module" },
      { label: "WixDataItem", type: "type", detail: "wix-data" },
      { label: "query", type: "function", detail: "wix-data" },
      { label: "@wix/data", type: "namespace", detail: "module" },
      { label: "wix-web-module", type: "namespace", detail: "module" },
      { label: "Permissions", type: "constant", detail: "wix-web-module" },
      { label: "webMethod", type: "function", detail: "wix-web-module" },
    ]);
  });
});

describe("problems", () => {
  it("reads objects and lines", () => {
    const problems = problemsOf({
      errors: [
        { file: "backend/a.web.js", line: 2, column: 17, message: "Unexpected token" },
        "backend/b.js:4:1 cannot find module 'x'",
        { file: "", line: null, column: null, message: "too big" },
      ],
    });
    expect(problems.map(describeProblem)).toEqual([
      "backend/a.web.js, line 2, column 17: Unexpected token",
      "backend/b.js, line 4, column 1: cannot find module 'x'",
      "too big",
    ]);
    expect(problems[1]).toEqual({ file: "backend/b.js", line: 4, column: 1, message: "cannot find module 'x'" });
  });

  it("is empty without errors", () => {
    expect(problemsOf({ field: "code" })).toEqual([]);
  });
});

describe("new files", () => {
  it("checks the path", () => {
    expect(newPathProblem("backend/a.web.js", [])).toBeNull();
    expect(newPathProblem("", [])).toMatch(/Give the file a path/);
    expect(newPathProblem("src/a.js", [])).toMatch(/backend\/, public\/, pages\/ or lightboxes\//);
    expect(newPathProblem("pages/About Us.x7k2p.js", [])).toBeNull();
    expect(newPathProblem("masterPage.js", [])).toBeNull();
    expect(newPathProblem("backend/../x.js", [])).toMatch(/not a valid/);
    expect(newPathProblem("backend/a b.js", [])).toMatch(/not a valid/);
    expect(newPathProblem("backend/a.js", ["backend/a.js"])).toBe("backend/a.js already exists.");
  });

  it("starts web modules with a web method", () => {
    expect(starterSource("backend/x.web.js")).toContain("webMethod(Permissions.Anyone");
    expect(starterSource("public/x.js")).toBe("");
    expect(starterSource("pages/Home.home.js")).toContain("$w.onReady(");
    expect(starterSource("backend/routers.js")).toContain("export function items_Router(request)");
  });

  it("names a page's code file as Wix does, and finds it under another name by the page's id", () => {
    expect(pageCodePath({ id: "home", title: "Home" })).toBe("pages/Home.home.js");
    expect(pageCodePath({ id: "confirm", title: "Sure/Not", lightbox: true })).toBe("lightboxes/Sure Not.confirm.js");
    expect(samePageFile("pages/Start.home.js", ["backend/a.js", "pages/Home.home.js"])).toBe("pages/Home.home.js");
    expect(samePageFile("pages/Start.home.js", ["lightboxes/Home.home.js"])).toBeUndefined();
    expect(samePageFile("pages/Home.c1dmp.js", ["pages/HOME.c1dmp/pageElements.d.ts", "pages/HOME.c1dmp/HOME.js"])).toBe("pages/HOME.c1dmp/HOME.js");
    expect(samePageFile("lightboxes/Clear Confirmation.m62jr.js", ["lightboxes/Clear_Confirmation.m62jr/Clear_Confirmation.js"])).toBe("lightboxes/Clear_Confirmation.m62jr/Clear_Confirmation.js");
  });
});
