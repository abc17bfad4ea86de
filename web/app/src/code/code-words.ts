// Pure helpers of the Code panel: completion words from the runtime's TypeScript
// declarations, push problems in plain words, and checks on a new file's path.

/** A completion word: a module name (`wix-data`) or something a module exports. */
export interface Word {
  label: string;
  type: "namespace" | "function" | "class" | "constant" | "type";
  detail: string;
}

const EXPORT_KINDS: Record<string, Word["type"]> = {
  function: "function",
  const: "constant",
  let: "constant",
  class: "class",
  interface: "type",
  type: "type",
};

/** The module names `declare module '…'` names and what each exports, first seen first. */
export function wordsFromTypes(dts: string): Word[] {
  const words = new Map<string, Word>();
  let module = "";
  for (const line of dts.split("\n")) {
    const declared = /^\s*declare module ['"]([^'"]+)['"]/.exec(line);
    if (declared?.[1]) {
      module = declared[1];
      if (!words.has(module)) words.set(module, { label: module, type: "namespace", detail: "module" });
      continue;
    }
    const exported = /^\s*export (?:declare )?(function|const|let|class|interface|type) ([A-Za-z_$][\w$]*)/.exec(line);
    const kind = exported?.[1];
    const name = exported?.[2];
    if (module && kind && name && !words.has(name)) {
      words.set(name, { label: name, type: EXPORT_KINDS[kind] ?? "constant", detail: module });
    }
  }
  return [...words.values()];
}

/** A problem the server found in pushed code. Lines and columns start at 1. */
export interface Problem {
  file: string;
  line?: number;
  column?: number;
  message: string;
}

/** The problems in an error's `details.errors` (objects, or `file:line:col message` lines). */
export function problemsOf(details: Record<string, unknown>): Problem[] {
  const errors = details["errors"];
  if (!Array.isArray(errors)) return [];
  const problems: Problem[] = [];
  for (const e of errors as unknown[]) {
    if (typeof e === "string") {
      const m = /^(\S*?)(?::(\d+)(?::(\d+))?)? (.*)$/s.exec(e);
      if (m) problems.push(withPosition(m[1] ?? "", m[2], m[3], m[4] ?? e));
      else problems.push({ file: "", message: e });
    } else if (e && typeof e === "object") {
      const o = e as Record<string, unknown>;
      problems.push({
        file: typeof o["file"] === "string" ? o["file"] : "",
        line: typeof o["line"] === "number" ? o["line"] : undefined,
        column: typeof o["column"] === "number" ? o["column"] : undefined,
        message: typeof o["message"] === "string" ? o["message"] : String(o["message"] ?? ""),
      });
    }
  }
  return problems;
}

function withPosition(file: string, line: string | undefined, column: string | undefined, message: string): Problem {
  return {
    file,
    line: line ? Number(line) : undefined,
    column: column ? Number(column) : undefined,
    message,
  };
}

/** A problem in plain words: "backend/a.js, line 2, column 5: Unexpected token". */
export function describeProblem(p: Problem): string {
  const where = [p.file, p.line !== undefined && `line ${p.line}`, p.column !== undefined && `column ${p.column}`].filter(Boolean).join(", ");
  return where ? `${where}: ${p.message}` : p.message;
}

const ROOTS = ["backend/", "public/", "pages/", "lightboxes/"];
/** The master page's code: the one file at the top. */
const MASTER_PAGE = "masterPage.js";

/** Why a new file cannot have this path, or null when it can. */
export function newPathProblem(path: string, existing: readonly string[]): string | null {
  if (!path) return "Give the file a path, such as backend/hello.web.js.";
  if (path !== MASTER_PAGE && !ROOTS.some((root) => path.startsWith(root))) {
    return "Files belong under backend/, public/, pages/ or lightboxes/, or are masterPage.js.";
  }
  // Spaces are fine in page code: Wix names its files after their pages ("About Us.x7k2p.js").
  const spaced = path.startsWith("pages/") || path.startsWith("lightboxes/");
  if (path.split("/").some((part) => part.trim() === "" || part === "." || part === "..") || (spaced ? /[\\\t\n\r]/ : /[\\\s]/).test(path)) {
    return "That is not a valid file path.";
  }
  if (existing.includes(path)) return `${path} already exists.`;
  return null;
}

/** The file of a page's (or a lightbox's) code, named as Wix names it: `pages/<Title>.<id>.js`. */
export function pageCodePath(page: { id: string; title: string; lightbox?: unknown }): string {
  const name = page.title.replace(/[/\\\t\n\r]+/g, " ").trim() || "Page";
  return `${page.lightbox ? "lightboxes" : "pages"}/${name}.${page.id}.js`;
}

/** The file already holding the code of the page `path` names (by its id), if another name has it:
 * `pages/<Name>.<id>.js`, or `pages/<Name>.<id>/<Name>.js` in Wix's folder layout. */
export function samePageFile(path: string, existing: readonly string[]): string | undefined {
  const m = /^(pages|lightboxes)\/.*\.([^./]+)\.js$/.exec(path);
  if (!m) return undefined;
  const [, root, id] = m as unknown as [string, string, string];
  const folder = (p: string) => {
    const f = /^[^/]+\/([^/]+)\.([^./]+)\/([^/]+)\.js$/.exec(p);
    return f !== null && f[2] === id && f[1] === f[3];
  };
  return existing.find((p) => p.startsWith(`${root}/`) && (p.endsWith(`.${id}.js`) || folder(p)));
}

/** What a new file starts with: a web method for `*.web.js`, `onReady` for page code, nothing otherwise. */
export function starterSource(path: string): string {
  if (path === MASTER_PAGE || path.startsWith("pages/") || path.startsWith("lightboxes/")) {
    return ["$w.onReady(function () {", "  // Runs in the visitor's browser once the page is ready: $w('#text1').text = 'Hi';", "});", ""].join("\n");
  }
  if (path.endsWith(".web.js")) {
    return [
      "import { Permissions, webMethod } from 'wix-web-module';",
      "",
      "export const hello = webMethod(Permissions.Anyone, (name) => `Hello ${name}`);",
      "",
    ].join("\n");
  }
  if (path === "backend/http-functions.js") {
    return ["import { ok } from 'wix-http-functions';", "", "export function get_hello(request) {", "  return ok({ body: { hello: 'world' } });", "}", ""].join("\n");
  }
  if (path === "backend/routers.js") {
    return [
      "import { ok, notFound } from 'wix-router';",
      "",
      "// Answers every address under /items/: shows the page whose router is \"items\".",
      "export function items_Router(request) {",
      "  const [name] = request.path;",
      "  if (!name) return notFound();",
      "  return ok('items-page', { name }, { title: name });",
      "}",
      "",
    ].join("\n");
  }
  return "";
}
