// Operations on the site document (schema version 1) as the editor makes them. Each returns
// a new document and leaves its input untouched, so undo is keeping the old one.

import { fitsIn, inputElement } from "./input-elements";

export type Breakpoint = "desktop" | "tablet" | "mobile";
export type Style = Record<string, string>;

export interface Element {
  id: string;
  type: string;
  props?: Record<string, unknown>;
  style?: Style;
  responsive?: { tablet?: Override; mobile?: Override };
  hidden?: boolean;
  textStyle?: string;
  bind?: Record<string, { field: string; dataset?: string }>;
  children?: Element[];
}

export interface Override {
  style?: Style;
  hidden?: boolean;
}

export interface Page {
  id: string;
  title: string;
  path: string;
  sections?: Element[];
  [key: string]: unknown;
}

export interface Doc {
  schemaVersion: 1;
  master?: { header?: Element[]; footer?: Element[] };
  pages: Page[];
  [key: string]: unknown;
}

export const CONTAINERS = new Set(["section", "container", "columns", "repeater", "state"]);

/** Where an element sits: the list holding it and its index there. */
interface Place {
  list: Element[];
  index: number;
  element: Element;
}

function lists(doc: Doc): Element[][] {
  const all: Element[][] = [];
  const walk = (list: Element[]) => {
    all.push(list);
    for (const e of list) if (e.children) walk(e.children);
  };
  for (const page of doc.pages) walk((page.sections ??= []));
  if (doc.master?.header) walk(doc.master.header);
  if (doc.master?.footer) walk(doc.master.footer);
  return all;
}

function place(doc: Doc, id: string): Place | undefined {
  for (const list of lists(doc)) {
    const index = list.findIndex((e) => e.id === id);
    if (index >= 0) return { list, index, element: list[index] as Element };
  }
  return undefined;
}

export function findElement(doc: Doc, id: string): Element | undefined {
  return place(doc, id)?.element;
}

/** The id of the element that holds `id`, or undefined at a page's top level. */
export function parentOf(doc: Doc, id: string): string | undefined {
  for (const list of lists(doc)) {
    for (const e of list) if (e.children?.some((c) => c.id === id)) return e.id;
  }
  return undefined;
}

/**
 * Where `id` stands on page `pageId`: its parent (none: the page's top level), its index
 * among its siblings (-1 when it is not on the page, e.g. in the header).
 */
export function positionOf(doc: Doc, pageId: string, id: string): { parent: string | undefined; index: number } {
  const parent = parentOf(doc, id);
  const siblings = parent ? (findElement(doc, parent)?.children ?? []) : (doc.pages.find((p) => p.id === pageId)?.sections ?? []);
  return { parent, index: siblings.findIndex((s) => s.id === id) };
}

function edit(doc: Doc, change: (draft: Doc) => void): Doc {
  const draft = structuredClone(doc);
  change(draft);
  return draft;
}

/** Every element, page and dataset id of the document. */
function usedIds(doc: Doc): Set<string> {
  const used = new Set<string>(doc.pages.map((p) => p.id));
  for (const list of lists(structuredClone(doc))) for (const e of list) used.add(e.id);
  for (const page of doc.pages) for (const d of datasetsOf(doc, page.id)) used.add(d.id);
  return used;
}

/**
 * The start of new elements' ids, as Wix names them: Velo page code finds an element by its
 * id (`$w('#text1')`), so a site's code reads as it would on Wix.
 */
const VELO_PREFIX: Record<string, string> = {
  heading: "text",
  link: "text",
  container: "box",
  columns: "columnStrip",
  video: "videoPlayer",
  divider: "line",
  menu: "horizontalMenu",
  socialLinks: "socialIcons",
  embed: "html",
  textInput: "input",
  rating: "ratingsDisplay",
};

export function veloPrefix(type: string): string {
  return VELO_PREFIX[type] ?? type;
}

/** The lowest-numbered id of `type` not in `used` (`text3`); it is added to `used`. */
function freshId(used: Set<string>, type: string): string {
  const prefix = veloPrefix(type);
  for (let n = 1; ; n++) {
    const id = `${prefix}${n}`;
    if (!used.has(id)) {
      used.add(id);
      return id;
    }
  }
}

/** An id for a new element of `type` not used in the document yet, e.g. `button2`. */
export function newId(doc: Doc, type: string): string {
  return freshId(usedIds(doc), type);
}

/** Makes ids for several new elements at once, none used in `doc` nor by each other. */
export function idMaker(doc: Doc): (type: string) => string {
  const used = usedIds(doc);
  return (type) => freshId(used, type);
}

/**
 * Why `to` cannot be the id of element `from`, or undefined when it can: page code names it
 * (`$w('#to')`), so it is a JavaScript identifier, and no other element (on any page or in
 * the header and footer: the site's stylesheet and the editor find elements by id) nor
 * dataset has it.
 */
export function idProblem(doc: Doc, from: string, to: string): string | undefined {
  if (to === from) return undefined;
  if (to === "") return "Give the element an id.";
  if (to.length > 64) return "Use at most 64 characters.";
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(to)) return "Use letters, digits and _ only, not starting with a digit: page code names it as $w('#" + (to.replace(/[^A-Za-z0-9_]/g, "") || "text1") + "').";
  if (findElement(doc, to)) return `Another element is already ${to}.`;
  if (doc.pages.some((p) => datasetsOf(doc, p.id).some((d) => d.id === to))) return `A dataset is already ${to}.`;
  return undefined;
}

/**
 * Element `from` renamed `to` (check `idProblem` first), with the links to it (`#from`
 * anchors) following.
 */
export function renameElement(doc: Doc, from: string, to: string): Doc {
  return edit(doc, (d) => {
    const e = findElement(d, from);
    if (!e) return;
    e.id = to;
    const relink = (value: unknown): void => {
      if (Array.isArray(value)) value.forEach(relink);
      else if (value && typeof value === "object") {
        const o = value as Record<string, unknown>;
        for (const [key, v] of Object.entries(o)) {
          if (key === "href" && typeof v === "string" && v.endsWith(`#${from}`)) o[key] = `${v.slice(0, -from.length)}${to}`;
          else relink(v);
        }
      }
    };
    for (const list of lists(d)) for (const el of list) relink(el.props);
  });
}

/** Inserts `element` into `parentId`'s children (or page `pageId`'s sections) at `index`. */
export function insertElement(doc: Doc, pageId: string, parentId: string | undefined, index: number, element: Element): Doc {
  return edit(doc, (d) => {
    const list = targetList(d, pageId, parentId, element);
    list.splice(Math.max(0, Math.min(index, list.length)), 0, element);
  });
}

/** Inserts `element` into the header (on every page) at `index`. */
export function insertInHeader(doc: Doc, index: number, element: Element): Doc {
  return edit(doc, (d) => {
    const header = ((d.master ??= {}).header ??= []);
    header.splice(Math.max(0, Math.min(index, header.length)), 0, element);
  });
}

function targetList(d: Doc, pageId: string, parentId: string | undefined, child: Element): Element[] {
  const parent = parentId === undefined ? undefined : findElement(d, parentId);
  if (!fitsIn(parent?.type, child.type)) throw new Error(child.type === "state" ? "a state stays in a multi-state box" : "a multi-state box holds only states");
  if (parentId === undefined) {
    const page = d.pages.find((p) => p.id === pageId);
    if (!page) throw new Error(`no page ${pageId}`);
    return (page.sections ??= []);
  }
  if (!parent || !(CONTAINERS.has(parent.type) || parent.type === "multiStateBox")) throw new Error(`${parentId} cannot hold elements`);
  return (parent.children ??= []);
}

export function removeElement(doc: Doc, id: string): Doc {
  return edit(doc, (d) => {
    const at = place(d, id);
    at?.list.splice(at.index, 1);
  });
}

/** Moves an element to `index` of another parent (or the page's top level). */
export function moveElement(doc: Doc, pageId: string, id: string, parentId: string | undefined, index: number): Doc {
  if (parentId !== undefined && (parentId === id || isInside(doc, parentId, id))) {
    throw new Error("an element cannot move into itself");
  }
  return edit(doc, (d) => {
    const from = place(d, id);
    if (!from) return;
    const to = targetList(d, pageId, parentId, from.element);
    from.list.splice(from.index, 1);
    const adjusted = to === from.list && from.index < index ? index - 1 : index;
    to.splice(Math.max(0, Math.min(adjusted, to.length)), 0, from.element);
  });
}

function isInside(doc: Doc, id: string, ancestor: string): boolean {
  let at = parentOf(doc, id);
  while (at !== undefined) {
    if (at === ancestor) return true;
    at = parentOf(doc, at);
  }
  return false;
}

/** `element` (and its children) with ids not used in `doc`. */
function renumbered(doc: Doc, element: Element): Element {
  const used = usedIds(doc);
  const copy = structuredClone(element);
  const renumber = (e: Element) => {
    e.id = freshId(used, e.type);
    e.children?.forEach(renumber);
  };
  renumber(copy);
  return copy;
}

/** A copy with fresh ids, placed right after the original; returns the new document and id. */
export function duplicateElement(doc: Doc, id: string): [Doc, string] {
  const original = findElement(doc, id);
  if (!original) return [doc, ""];
  return pasteElement(doc, id, original);
}

/** Removes several elements at once (one undo step); an element inside another removed one goes with it. */
export function removeElements(doc: Doc, ids: readonly string[]): Doc {
  return ids.reduce(removeElement, doc);
}

/** Copies of several elements, each right after its original; returns the copies' ids in order. */
export function duplicateElements(doc: Doc, ids: readonly string[]): [Doc, string[]] {
  const copies: string[] = [];
  for (const id of ids) {
    const [next, copy] = duplicateElement(doc, id);
    if (copy) copies.push(copy);
    doc = next;
  }
  return [doc, copies];
}

/** Copied elements pasted in order after `afterId`; returns the copies' ids. */
export function pasteElements(doc: Doc, afterId: string, elements: readonly Element[]): [Doc, string[]] {
  const copies: string[] = [];
  // Each copy follows the one before it of its kind, so they keep their order: sections at
  // the page's top level, other elements where the first one went.
  let after = afterId;
  let lastSection: string | undefined;
  for (const element of elements) {
    const section = element.type === "section";
    const [next, copy] = pasteElement(doc, section ? (lastSection ?? after) : after, element);
    copies.push(copy);
    doc = next;
    if (section) lastSection = copy;
    else after = copy;
  }
  return [doc, copies];
}

/**
 * A copied element pasted right after `afterId` (a section at the page's top level goes
 * after `afterId`'s section), with fresh ids; returns the new document and the copy's id.
 */
export function pasteElement(doc: Doc, afterId: string, element: Element): [Doc, string] {
  const copy = renumbered(doc, element);
  const next = edit(doc, (d) => {
    let at = place(d, afterId);
    if (copy.type === "section") {
      let top = afterId;
      for (let up = parentOf(d, top); up !== undefined; up = parentOf(d, up)) top = up;
      at = place(d, top);
    }
    at?.list.splice(at.index + 1, 0, copy);
  });
  return [next, copy.id];
}

/** Moves a page one place up (-1) or down (+1): the order of menus and of the pages panel. */
export function shiftPage(doc: Doc, pageId: string, by: -1 | 1): Doc {
  return edit(doc, (d) => {
    const from = d.pages.findIndex((p) => p.id === pageId);
    const to = from + by;
    if (from < 0 || to < 0 || to >= d.pages.length) return;
    const [page] = d.pages.splice(from, 1);
    if (page) d.pages.splice(to, 0, page);
  });
}

/** Moves an element one place up (-1) or down (+1) among its siblings. */
/** Moves an element one place among its siblings; at either end the document is returned as it was. */
export function shiftElement(doc: Doc, id: string, by: -1 | 1): Doc {
  const at = place(doc, id);
  const to = (at?.index ?? -1) + by;
  if (!at || to < 0 || to >= at.list.length) return doc;
  return edit(doc, (d) => {
    const draft = place(d, id);
    draft?.list.splice(draft.index, 1);
    draft?.list.splice(to, 0, draft.element);
  });
}

export function setProp(doc: Doc, id: string, name: string, value: unknown): Doc {
  return edit(doc, (d) => {
    const e = findElement(d, id);
    if (!e) return;
    e.props ??= {};
    if (value === undefined || value === "") delete e.props[name];
    else e.props[name] = value;
  });
}

/** Sets (or with `undefined` clears) one style property at a breakpoint. */
export function setStyle(doc: Doc, id: string, breakpoint: Breakpoint, name: string, value: string | undefined): Doc {
  return edit(doc, (d) => {
    const e = findElement(d, id);
    if (!e) return;
    const style = styleAt(e, breakpoint, true) as Style;
    if (value === undefined || value.trim() === "") delete style[name];
    else style[name] = value.trim();
    tidy(e);
  });
}

/** The style written for exactly this breakpoint. */
export function styleAt(e: Element, breakpoint: Breakpoint, create = false): Style | undefined {
  if (breakpoint === "desktop") return create ? (e.style ??= {}) : e.style;
  if (!create) return e.responsive?.[breakpoint]?.style;
  e.responsive ??= {};
  const o = (e.responsive[breakpoint] ??= {});
  return (o.style ??= {});
}

/** The value in effect at a breakpoint: its own, else the larger breakpoints'. */
export function effectiveStyle(e: Element, breakpoint: Breakpoint, name: string): string | undefined {
  const order: Breakpoint[] = breakpoint === "mobile" ? ["mobile", "tablet", "desktop"] : breakpoint === "tablet" ? ["tablet", "desktop"] : ["desktop"];
  for (const b of order) {
    const v = styleAt(e, b)?.[name];
    if (v !== undefined) return v;
  }
  return undefined;
}

export function setHidden(doc: Doc, id: string, breakpoint: Breakpoint, hidden: boolean): Doc {
  return edit(doc, (d) => {
    const e = findElement(d, id);
    if (!e) return;
    if (breakpoint === "desktop") e.hidden = hidden || undefined;
    else {
      e.responsive ??= {};
      (e.responsive[breakpoint] ??= {}).hidden = hidden;
    }
    tidy(e);
  });
}

/** Whether the element shows at a breakpoint (smaller ones inherit from larger ones). */
export function isHidden(e: Element, breakpoint: Breakpoint): boolean {
  const desktop = e.hidden ?? false;
  const tablet = e.responsive?.tablet?.hidden ?? desktop;
  if (breakpoint === "desktop") return desktop;
  if (breakpoint === "tablet") return tablet;
  return e.responsive?.mobile?.hidden ?? tablet;
}

/** Drops empty style maps and overrides so saved documents stay small. */
function tidy(e: Element) {
  if (e.style && Object.keys(e.style).length === 0) delete e.style;
  if (e.hidden === undefined || e.hidden === false) delete e.hidden;
  for (const b of ["tablet", "mobile"] as const) {
    const o = e.responsive?.[b];
    if (!o) continue;
    if (o.style && Object.keys(o.style).length === 0) delete o.style;
    if (Object.keys(o).length === 0) delete e.responsive?.[b];
  }
  if (e.responsive && Object.keys(e.responsive).length === 0) delete e.responsive;
}

/** A new element of `type` with content that renders right away. */
export function blankElement(doc: Doc, type: string): Element {
  const make = idMaker(doc);
  const id = make(type);
  const input = inputElement(id, type, make);
  if (input) return input;
  switch (type) {
    case "section":
      return { id, type, children: [{ id: make("heading"), type: "heading", props: { text: "New section", level: 2 } }] };
    case "heading":
      return { id, type, props: { text: "Heading", level: 2 } };
    case "text":
      return { id, type, props: { html: "<p>Write something here.</p>" } };
    case "image":
      return { id, type, props: { src: `/_assets/stock/${id}.svg`, alt: "", width: 1200, height: 800 } };
    case "button":
      return { id, type, props: { label: "Button", link: { href: "/" } } };
    case "container":
      return { id, type, children: [] };
    case "spacer":
      return { id, type, props: { height: 32 } };
    case "cartIcon":
      return { id, type, props: { label: "Cart" } };
    case "searchBox":
      return { id, type, props: { label: "Search", placeholder: "Search the site" } };
    default:
      return { id, type };
  }
}

/** Ready-made sections the add panel offers, by name. */
export const READY_SECTIONS: Record<string, () => Element> = {
  hero: () => ({
    id: "",
    type: "section",
    children: [
      { id: "", type: "heading", props: { text: "Say what you do, in a few words", level: 1 } },
      { id: "", type: "text", props: { html: "<p>One sentence on who it is for and why it helps.</p>" } },
      { id: "", type: "button", props: { label: "Get in touch", link: { href: "/" } } },
    ],
  }),
  features: () => ({
    id: "",
    type: "section",
    children: [
      { id: "", type: "heading", props: { text: "What you get", level: 2 } },
      {
        id: "",
        type: "columns",
        children: ["Fast", "Friendly", "Fair"].map((title) => ({
          id: "",
          type: "container",
          children: [
            { id: "", type: "heading", props: { text: title, level: 3 } },
            { id: "", type: "text", props: { html: "<p>A line or two about it.</p>" } },
          ],
        })),
      },
    ],
  }),
  "call to action": () => ({
    id: "",
    type: "section",
    style: { textAlign: "center" },
    children: [
      { id: "", type: "heading", props: { text: "Ready when you are", level: 2 } },
      { id: "", type: "button", props: { label: "Start now", link: { href: "/" } } },
    ],
  }),
};

/** A ready-made section with ids unused in `doc`. */
export function readySection(doc: Doc, name: string): Element | undefined {
  const make = READY_SECTIONS[name];
  return make ? renumbered(doc, make()) : undefined;
}

/** Undo and redo over whole documents, keeping the last `limit` steps. */
export class History {
  private past: Doc[] = [];
  private future: Doc[] = [];

  constructor(
    public present: Doc,
    private readonly limit = 200,
  ) {}

  apply(next: Doc): Doc {
    if (next === this.present) return next;
    this.past.push(this.present);
    if (this.past.length > this.limit) this.past.shift();
    this.future = [];
    this.present = next;
    return next;
  }

  undo(): Doc {
    const previous = this.past.pop();
    if (previous) {
      this.future.push(this.present);
      this.present = previous;
    }
    return this.present;
  }

  redo(): Doc {
    const next = this.future.pop();
    if (next) {
      this.past.push(this.present);
      this.present = next;
    }
    return this.present;
  }

  get canUndo(): boolean {
    return this.past.length > 0;
  }

  get canRedo(): boolean {
    return this.future.length > 0;
  }
}

export interface Dataset {
  id: string;
  collection: string;
  filter?: Record<string, unknown>;
  sort?: { fieldName: string; order: "ASC" | "DESC" }[];
  pageSize?: number;
}

export function datasetsOf(doc: Doc, pageId: string): Dataset[] {
  return (doc.pages.find((p) => p.id === pageId)?.["datasets"] as Dataset[] | undefined) ?? [];
}

/** Adds a dataset to a page, its id as Wix names them (`dataset2`); returns the document and the id. */
export function addDataset(doc: Doc, pageId: string, dataset: Omit<Dataset, "id">): [Doc, string] {
  const id = newId(doc, "dataset");
  const next = edit(doc, (d) => {
    const page = d.pages.find((p) => p.id === pageId);
    if (page) page["datasets"] = [...((page["datasets"] as Dataset[] | undefined) ?? []), { id, ...dataset }];
  });
  return [next, id];
}

/** Changes some of a page dataset's settings (its collection, filter, sort or page size). */
export function updateDataset(doc: Doc, pageId: string, id: string, change: Partial<Omit<Dataset, "id">>): Doc {
  return edit(doc, (d) => {
    const page = d.pages.find((p) => p.id === pageId);
    const datasets = (page?.["datasets"] as Dataset[] | undefined) ?? [];
    const at = datasets.findIndex((ds) => ds.id === id);
    if (page && at >= 0) datasets[at] = { ...(datasets[at] as Dataset), ...change };
  });
}

export function removeDataset(doc: Doc, pageId: string, id: string): Doc {
  return edit(doc, (d) => {
    const page = d.pages.find((p) => p.id === pageId);
    if (page) page["datasets"] = ((page["datasets"] as Dataset[] | undefined) ?? []).filter((ds) => ds.id !== id);
  });
}

/** Fills an element's property from an item field (or stops doing so with `undefined`). */
export function setBinding(doc: Doc, id: string, prop: string, binding: { field: string; dataset?: string } | undefined): Doc {
  return edit(doc, (d) => {
    const e = findElement(d, id);
    if (!e) return;
    e.bind ??= {};
    if (binding) e.bind[prop] = binding;
    else delete e.bind[prop];
    if (Object.keys(e.bind).length === 0) delete e.bind;
  });
}

/** The repeater an element sits in, if any: its items fill the element's bindings. */
export function enclosingRepeater(doc: Doc, id: string): Element | undefined {
  for (let at = parentOf(doc, id); at !== undefined; at = parentOf(doc, at)) {
    const e = findElement(doc, at);
    if (e?.type === "repeater") return e;
  }
  return undefined;
}

/** A new page after the others, with a unique id and address. */
/** Adds a page (or a lightbox, at `/lightboxes/<slug>`, which page code opens by its title). */
export function addPage(doc: Doc, title: string, { lightbox = false } = {}): [Doc, string] {
  const slug = title.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "") || "page";
  const ids = new Set(doc.pages.map((p) => p.id));
  const paths = new Set(doc.pages.map((p) => p.path));
  const at = (id: string) => (lightbox ? `/lightboxes/${id}` : `/${id}`);
  let id = slug;
  for (let n = 2; ids.has(id) || paths.has(at(id)); n++) id = `${slug}-${n}`;
  const path = at(id);
  const heading = newId(doc, "heading");
  const section = newId({ ...doc, pages: [...doc.pages, { id, title, path, sections: [{ id: heading, type: "heading" }] }] }, "section");
  const page: Page = {
    id,
    title,
    path,
    ...(lightbox ? { lightbox: true } : {}),
    sections: [{ id: section, type: "section", children: [{ id: heading, type: "heading", props: { text: title, level: lightbox ? 2 : 1 } }] }],
  };
  return [edit(doc, (d) => d.pages.push(page)), id];
}

export function removePage(doc: Doc, pageId: string): Doc {
  return edit(doc, (d) => {
    d.pages = d.pages.filter((p) => p.id !== pageId);
  });
}

/** Sets a page property by path, e.g. `["seo", "title"]`; empty values are removed. */
export function setPageValue(doc: Doc, pageId: string, path: string[], value: unknown): Doc {
  return edit(doc, (d) => {
    const page = d.pages.find((p) => p.id === pageId);
    if (page) setIn(page, path, value);
  });
}

/** Sets a document value by path, e.g. `["theme", "colors", "primary"]`. */
export function setDocValue(doc: Doc, path: string[], value: unknown): Doc {
  return edit(doc, (d) => setIn(d as Record<string, unknown>, path, value));
}

function setIn(target: Record<string, unknown>, path: string[], value: unknown) {
  const [head, ...rest] = path;
  if (head === undefined) return;
  if (rest.length === 0) {
    if (value === undefined || value === "" || value === false) delete target[head];
    else target[head] = value;
    return;
  }
  const next = (target[head] ??= {}) as Record<string, unknown>;
  setIn(next, rest, value);
  if (Object.keys(next).length === 0) delete target[head];
}
