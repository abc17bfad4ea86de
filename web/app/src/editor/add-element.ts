// What the add panel does: make a new element (or a ready-made section) and place it next to
// the selection.

import type { CollectionView } from "../api";
import {
  blankElement,
  CONTAINERS,
  datasetsOf,
  type Doc,
  type Element,
  findElement,
  insertElement,
  insertInHeader,
  newId,
  type Page,
  parentOf,
  positionOf,
  readySection,
} from "./doc-ops";
import { bookButton, serviceList } from "./booking-elements";
import { plansList } from "./plans-elements";
import { productGrid } from "./store-elements";

/** A new element and the document with what it needs (a product grid's or plans list's dataset). */
export interface NewElement {
  doc: Doc;
  element: Element;
}

/**
 * A new element of `type`, or of `section:<name>` a ready-made section, ready to place. A
 * repeater shows the page's first dataset, its items titled by a text field; on a page
 * without a dataset there is none, and `problem` hears what to do first. A product grid
 * brings a dataset of the store's products of its own, a plans list one of the site's plans,
 * a service list one of the bookings' services.
 */
export function newElement(
  doc: Doc,
  page: Page | undefined,
  type: string,
  collections: CollectionView[],
  problem: (message: string) => void,
): NewElement | undefined {
  if (type.startsWith("section:")) {
    const section = readySection(doc, type.slice("section:".length));
    return section && { doc, element: section };
  }
  if (type === "productGrid") return page && productGrid(doc, page);
  if (type === "plansList") return page && plansList(doc, page);
  if (type === "serviceList") return page && serviceList(doc, page);
  if (type === "bookButton") return { doc, element: bookButton(doc) };
  const element = blankElement(doc, type);
  if (type !== "repeater" || !page) return { doc, element };
  const dataset = datasetsOf(doc, page.id)[0];
  if (!dataset) {
    problem("A repeater shows a dataset's items: add a dataset to the page first (Data, on the left).");
    return undefined;
  }
  const field = collections.find((c) => c.id === dataset.collection)?.fields.find((f) => f.type === "TEXT" && !f.key.startsWith("_"));
  element.props = { dataset: dataset.id, columns: 3 };
  element.children = [{ id: newId(doc, "heading"), type: "heading", props: { text: "Item", level: 3 }, ...(field ? { bind: { text: { field: field.key } } } : {}) }];
  return { doc, element };
}

/** Elements that belong in the header when nothing there is selected. */
const HEADER_ELEMENTS = new Set(["cartIcon", "searchBox"]);

/**
 * `doc` with `element` added to `page` where the selected element says: a section after the
 * selection's section, another element into a selected container or after the selection
 * (in the header too); with nothing selected, at the end of the page (in a section of its
 * own unless it is one). A cart icon or search box belongs in the header: at its end unless a
 * header element is selected.
 */
export function placeElement(doc: Doc, page: Page, selectedId: string | null, element: Element): Doc {
  const header = doc.master?.header ?? [];
  const inHeader = header.findIndex((e) => e.id === selectedId);
  if (element.type !== "section" && (inHeader >= 0 || HEADER_ELEMENTS.has(element.type))) {
    return insertInHeader(doc, inHeader >= 0 ? inHeader + 1 : header.length, element);
  }
  const target = selectedId ? findElement(doc, selectedId) : undefined;
  if (element.type === "section" || !target) {
    const sections = page.sections ?? [];
    const top = target ? topSection(doc, target.id) : undefined;
    const at = top ? sections.findIndex((s) => s.id === top) + 1 : sections.length;
    return element.type === "section" ? insertElement(doc, page.id, undefined, at, element) : insertIntoNewSection(doc, page.id, at, element);
  }
  // Each child of columns is a whole column, so the element goes after the selection instead.
  if (CONTAINERS.has(target.type) && target.type !== "columns") {
    return insertElement(doc, page.id, target.id, target.children?.length ?? 0, element);
  }
  const { parent, index } = positionOf(doc, page.id, target.id);
  return insertElement(doc, page.id, parent, index + 1, element);
}

function topSection(doc: Doc, id: string): string {
  let at = id;
  for (let up = parentOf(doc, at); up !== undefined; up = parentOf(doc, at)) at = up;
  return at;
}

function insertIntoNewSection(doc: Doc, pageId: string, index: number, element: Element): Doc {
  const section = blankElement(doc, "section");
  section.children = [element];
  return insertElement(doc, pageId, undefined, index, section);
}
