import { type DragMoveEvent, useDndMonitor, useDroppable } from "@dnd-kit/core";
import { type MutableRefObject, useEffect, useLayoutEffect, useRef, useState } from "react";
import { apiText } from "../api";
import { type Breakpoint, CONTAINERS, type Doc, type Element, findElement, positionOf } from "./doc-ops";
import { statesToShow } from "./input-elements";
import { CANVAS_DROP, type Place } from "./drag";

const WIDTHS: Record<Breakpoint, string> = { desktop: "100%", tablet: "900px", mobile: "390px" };
const HIDDEN_SHOWN = [
  "@media (min-width:1001px){.hide-d{display:revert!important;opacity:.35}}",
  "@media (min-width:751px) and (max-width:1000px){.hide-t{display:revert!important;opacity:.35}}",
  "@media (max-width:750px){.hide-m{display:revert!important;opacity:.35}}",
].join("");

/** Elements whose text is edited in place, and the property it is kept in. */
const INLINE: Record<string, { prop: string; rich: boolean }> = {
  heading: { prop: "text", rich: false },
  button: { prop: "label", rich: false },
  link: { prop: "text", rich: false },
  text: { prop: "html", rich: true },
};

/**
 * The page as the live site renders it (the server's renderer, same HTML and CSS), in a frame
 * of the breakpoint's width. Clicking an element selects it; the selection is outlined, the
 * element under the pointer is labelled, and one selected element gets a resize handle.
 * A double click edits a heading's, button's or link's text, or a text's rich text, in
 * place (Ctrl+B and Ctrl+I format; Enter ends a one-line text, Escape cancels).
 */
export function Canvas({ slug, doc, pageId, breakpoint, selected, select, edit, resize, dropPlace }: {
  slug: string;
  doc: Doc;
  pageId: string;
  breakpoint: Breakpoint;
  selected: string[];
  /** `add`: Shift, Ctrl or Cmd was held, to add to the selection or take the element out. */
  select: (id: string, add: boolean) => void;
  edit: (id: string, prop: string, value: string) => void;
  /** The element's handle was dragged to `px` pixels of its width or height. */
  resize: (id: string, axis: Axis, px: number) => void;
  /** Where a drag over the canvas would drop, kept up to date while it moves. */
  dropPlace: MutableRefObject<Place | undefined>;
}) {
  const frame = useRef<HTMLIFrameElement>(null);
  const [html, setHtml] = useState<string>("");
  const [error, setError] = useState<string | null>(null);
  const scroll = useRef(0);
  const docRef = useRef(doc);
  // The frame's listeners are set up once per render of the page: they call the latest.
  const editRef = useRef(edit);
  editRef.current = edit;
  const resizeRef = useRef(resize);
  resizeRef.current = resize;
  const editing = useRef(false);
  const pending = useRef<string | null>(null);

  // Typing shows at once: plain-text properties are written into the frame now, before the
  // server's render (a moment later) replaces the page.
  useLayoutEffect(() => {
    const before = docRef.current;
    docRef.current = doc;
    const body = frame.current?.contentDocument;
    if (!body || before === doc) return;
    for (const id of changedTexts(before, doc)) {
      const e = findElement(doc, id);
      const node = body.getElementById(id);
      const text = e?.props?.["text"] ?? e?.props?.["label"];
      if (node && typeof text === "string" && !e?.bind) node.textContent = text;
    }
  }, [doc]);

  useEffect(() => {
    const timer = setTimeout(() => {
      apiText("POST", `/api/v1/sites/${slug}/render`, { document: doc, pageId })
        .then((text) => {
          setError(null);
          // A new page would end the text being edited in place: it waits until that ends.
          if (editing.current) {
            pending.current = text;
            return;
          }
          scroll.current = frame.current?.contentWindow?.scrollY ?? 0;
          setHtml(text);
        })
        .catch((e: Error) => setError(e.message));
    }, 120);
    return () => clearTimeout(timer);
  }, [slug, doc, pageId]);

  // After each render: restore the scroll position and route clicks to selection.
  const onLoad = () => {
    const win = frame.current?.contentWindow;
    const body = frame.current?.contentDocument;
    if (!win || !body) return;
    win.scrollTo(0, scroll.current);
    const style = body.createElement("style");
    style.id = "editor-outline";
    body.head.appendChild(style);
    body.addEventListener(
      "click",
      (event) => {
        event.preventDefault();
        event.stopPropagation();
        const found = elementAround(docRef.current, event.target);
        if (found) select(found.element.id, event.shiftKey || event.ctrlKey || event.metaKey);
      },
      true,
    );
    body.addEventListener("submit", (event) => event.preventDefault(), true);
    // A label names the element under the pointer: its type and id, as the layers do.
    const label = body.createElement("div");
    label.id = "editor-hover-label";
    label.style.cssText = "position:absolute;display:none;pointer-events:none;z-index:2147483646;" +
      "font:600 11px/1.6 system-ui,sans-serif;color:#fff;background:#3451b2;padding:0 6px;border-radius:3px;white-space:nowrap";
    body.body.appendChild(label);
    body.addEventListener("mouseover", (event) => {
      const found = elementAround(docRef.current, event.target);
      if (!found) {
        label.style.display = "none";
        return;
      }
      const { node, element } = found;
      const r = node.getBoundingClientRect();
      label.textContent = `${element.type} ${element.id}`;
      label.style.left = `${r.left + win.scrollX}px`;
      label.style.top = `${Math.max(0, r.top + win.scrollY - 18)}px`;
      label.style.display = "block";
    });
    body.documentElement.addEventListener("mouseleave", () => (label.style.display = "none"));
    // After a click on the canvas the keys go to the frame: pass them on to the editor's
    // shortcuts (Delete, Ctrl+D, …), except while a text is being edited in place.
    body.addEventListener("keydown", (event) => {
      if ((event.target as HTMLElement | null)?.isContentEditable) return;
      const { key, code, ctrlKey, shiftKey, altKey, metaKey, repeat } = event;
      const copy = new KeyboardEvent("keydown", { key, code, ctrlKey, shiftKey, altKey, metaKey, repeat, cancelable: true });
      if (!window.dispatchEvent(copy)) event.preventDefault();
    });
    body.addEventListener("dblclick", (event) => {
      const found = elementAround(docRef.current, event.target);
      const inline = found && INLINE[found.element.type];
      if (!found || !inline || found.element.bind?.[inline.prop]) return;
      startEditing(found.node, found.element.id, inline);
    });
    outline(selected);
  };

  const startEditing = (node: HTMLElement, id: string, inline: { prop: string; rich: boolean }) => {
    const before = inline.rich ? node.innerHTML : (node.textContent ?? "");
    node.contentEditable = inline.rich ? "true" : "plaintext-only";
    node.focus();
    editing.current = true;
    let done = false;
    const finish = (keep: boolean) => {
      if (done) return;
      done = true;
      editing.current = false;
      node.contentEditable = "false";
      if (pending.current !== null) {
        scroll.current = frame.current?.contentWindow?.scrollY ?? 0;
        setHtml(pending.current);
        pending.current = null;
      }
      const after = inline.rich ? node.innerHTML : (node.textContent ?? "").trim();
      if (!keep) {
        if (inline.rich) node.innerHTML = before;
        else node.textContent = before;
      } else if (after !== before) {
        editRef.current(id, inline.prop, after);
      }
    };
    node.addEventListener("blur", () => finish(true), { once: true });
    node.addEventListener("keydown", (event) => {
      if (event.key === "Escape") finish(false);
      if (event.key === "Enter" && !inline.rich) {
        event.preventDefault();
        finish(true);
      }
    });
  };

  const outline = (ids: string[]) => {
    const style = frame.current?.contentDocument?.getElementById("editor-outline");
    if (!style) return;
    // Elements hidden at this breakpoint stay visible here, faded, so they can be selected.
    style.textContent = HIDDEN_SHOWN + `[id]:hover{outline:1px dashed #7d8fd6;outline-offset:2px;cursor:default}` +
      ids.map((id) => `#${CSS.escape(id)}{outline:2px solid #3451b2 !important;outline-offset:2px}`).join("") +
      // A multi-state box shows the state being edited instead of its first.
      statesToShow(docRef.current, ids)
        .map(([box, state]) => `#${CSS.escape(box)}>.t-state{display:none!important}#${CSS.escape(box)}>#${CSS.escape(state)}{display:block!important}`)
        .join("");
    const last = ids.at(-1);
    if (last) frame.current?.contentDocument?.getElementById(last)?.scrollIntoView({ block: "nearest" });
    handle(ids.length === 1 ? last : undefined);
  };

  /** A resize handle on the one selected element, where its layout allows one (`RESIZE`). */
  const handle = (id: string | undefined) => {
    const body = frame.current?.contentDocument;
    const win = frame.current?.contentWindow;
    if (!body || !win) return;
    body.getElementById("editor-resize")?.remove();
    const element = id ? findElement(docRef.current, id) : undefined;
    const axis = element && RESIZE[element.type];
    const node = id ? body.getElementById(id) : null;
    if (!element || !axis || !node) return;
    const grip = body.createElement("div");
    grip.id = "editor-resize";
    grip.title = `Drag to change the ${axis}`;
    const place = () => {
      const r = node.getBoundingClientRect();
      const x = (axis === "width" ? r.right : r.left + r.width / 2) + win.scrollX - 6;
      const y = (axis === "width" ? r.top + r.height / 2 : r.bottom) + win.scrollY - 6;
      grip.style.cssText = `position:absolute;left:${x}px;top:${y}px;width:8px;height:8px;background:#3451b2;` +
        `border:2px solid #fff;border-radius:2px;z-index:2147483647;touch-action:none;` +
        `cursor:${axis === "width" ? "ew" : "ns"}-resize`;
    };
    place();
    grip.addEventListener("pointerdown", (down) => {
      down.preventDefault();
      grip.setPointerCapture(down.pointerId);
      const rect = node.getBoundingClientRect();
      const start = Math.round(axis === "width" ? rect.width : rect.height);
      const origin = axis === "width" ? down.clientX : down.clientY;
      let size = start;
      // The frame shows the new size while dragging; the document changes once, at the end.
      const move = (e: PointerEvent) => {
        size = Math.max(8, Math.round(start + (axis === "width" ? e.clientX : e.clientY) - origin));
        node.style[axis] = `${size}px`;
        place();
      };
      grip.addEventListener("pointermove", move);
      grip.addEventListener("pointerup", () => {
        grip.removeEventListener("pointermove", move);
        if (size !== start) resizeRef.current(element.id, axis, size);
      }, { once: true });
    });
    body.body.appendChild(grip);
  };
  useEffect(() => outline(selected), [selected, html]);

  // Dragging over the canvas: the frame lets the pointer through to the editor (dnd-kit
  // follows it there), and a bar or box in the frame shows where the element would go.
  const drop = useDroppable({ id: CANVAS_DROP });
  const indicate = (event: DragMoveEvent) => {
    const f = frame.current;
    const body = f?.contentDocument;
    const start = event.activatorEvent as PointerEvent | null;
    if (!f || !body || !start || typeof start.clientX !== "number") return;
    const r = f.getBoundingClientRect();
    const x = start.clientX + event.delta.x - r.left;
    const y = start.clientY + event.delta.y - r.top;
    const found = placeAt(body, docRef.current, pageId, x, y);
    dropPlace.current = found?.place;
    let bar = body.getElementById("editor-drop");
    if (!found) {
      bar?.remove();
      return;
    }
    if (!bar) {
      bar = body.createElement("div");
      bar.id = "editor-drop";
      body.body.appendChild(bar);
    }
    const box = found.node.getBoundingClientRect();
    const win = body.defaultView;
    const top = (found.where === "after" ? box.bottom : box.top) + (win?.scrollY ?? 0);
    const common = "position:absolute;pointer-events:none;z-index:2147483646;";
    bar.style.cssText = found.where === "into"
      ? `${common}left:${box.left}px;top:${top}px;width:${box.width}px;height:${box.height}px;outline:2px dashed #3451b2;background:#3451b214`
      : `${common}left:${box.left}px;top:${top - 2}px;width:${box.width}px;height:4px;background:#3451b2;border-radius:2px`;
  };
  const endDrag = () => {
    if (frame.current) frame.current.style.pointerEvents = "";
    frame.current?.contentDocument?.getElementById("editor-drop")?.remove();
  };
  useDndMonitor({
    onDragStart: () => {
      dropPlace.current = undefined;
      if (frame.current) frame.current.style.pointerEvents = "none";
    },
    onDragMove: indicate,
    onDragEnd: endDrag,
    onDragCancel: endDrag,
  });

  return (
    <div className="canvas-wrap" ref={drop.setNodeRef}>
      {error && <p role="alert" className="error">{error}</p>}
      {/* The page's markup is the site's: nothing in it may run, submit a form, open a
          window or navigate the dashboard. Same origin only so the editor (not the page)
          reaches into the frame's document. */}
      <iframe
        ref={frame}
        title="Page canvas"
        sandbox="allow-same-origin"
        srcDoc={html}
        onLoad={onLoad}
        style={{ width: WIDTHS[breakpoint] }}
        data-breakpoint={breakpoint}
      />
    </div>
  );
}

export type Axis = "width" | "height";

/** The page's element at `target` or the nearest one around it, with its node in the frame. */
function elementAround(doc: Doc, target: EventTarget | null): { node: HTMLElement; element: Element } | undefined {
  for (let node = target as HTMLElement | null; node; node = node.parentElement) {
    const element = node.id ? findElement(doc, node.id) : undefined;
    if (element) return { node, element };
  }
  return undefined;
}

/**
 * The place for a drop at `x`, `y` of the frame: into a container when over its inside,
 * else before or after the element under the point (by which half it is over). Only the
 * page's own elements take drops, not the header's or footer's.
 */
function placeAt(body: Document, doc: Doc, pageId: string, x: number, y: number):
  { place: Place; node: HTMLElement; where: "before" | "after" | "into" } | undefined {
  const found = elementAround(doc, body.elementFromPoint(x, y));
  if (!found) return undefined;
  const { node, element } = found;
  const box = node.getBoundingClientRect();
  const edge = Math.min(12, box.height / 4);
  if (CONTAINERS.has(element.type) && element.type !== "columns" && y > box.top + edge && y < box.bottom - edge) {
    return { place: { parent: element.id, index: element.children?.length ?? 0 }, node, where: "into" };
  }
  const { parent, index } = positionOf(doc, pageId, element.id);
  if (index < 0) return undefined;
  const after = y > box.top + box.height / 2;
  return { place: { parent, index: index + (after ? 1 : 0) }, node, where: after ? "after" : "before" };
}

/** What the resize handle changes, by element type: sections span the page and have none. */
const RESIZE: Record<string, Axis> = {
  spacer: "height",
  image: "width",
  container: "width",
  columns: "width",
  button: "width",
  heading: "width",
  text: "width",
  video: "width",
  gallery: "width",
  embed: "width",
  form: "width",
  repeater: "width",
};

const TEXT_TYPES = new Set(["heading", "button", "link"]);

/** Ids of headings, buttons and links whose text differs between two documents. */
function changedTexts(before: Doc, after: Doc): string[] {
  const texts = new Map<string, unknown>();
  const walk = (list: Element[] | undefined, visit: (e: Element) => void) => {
    for (const e of list ?? []) {
      if (TEXT_TYPES.has(e.type)) visit(e);
      walk(e.children, visit);
    }
  };
  const all = (d: Doc, visit: (e: Element) => void) => {
    for (const p of d.pages) walk(p.sections, visit);
    walk(d.master?.header, visit);
    walk(d.master?.footer, visit);
  };
  all(before, (e) => texts.set(e.id, e.props?.["text"] ?? e.props?.["label"]));
  const changed: string[] = [];
  all(after, (e) => {
    if (texts.get(e.id) !== (e.props?.["text"] ?? e.props?.["label"])) changed.push(e.id);
  });
  return changed;
}
