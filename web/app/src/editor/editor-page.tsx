import { DndContext, type DragEndEvent, DragOverlay, KeyboardSensor, PointerSensor, pointerWithin, useSensor, useSensors } from "@dnd-kit/core";
import { useCallback, useEffect, useRef, useState } from "react";
import { useParams } from "react-router";
import { useQuery } from "@tanstack/react-query";
import { api, ApiError, type CollectionView, type Draft, type VersionView } from "../api";
import { DataPanel } from "./data-panel";
import { Canvas } from "./canvas";
import { applyDrop, DraggableAdd, dragLabel, LayerRow, PageEnd, type Place } from "./drag";
import {
  addPage,
  blankElement,
  READY_SECTIONS,
  readySection,
  type Breakpoint,
  datasetsOf,
  CONTAINERS,
  type Doc,
  duplicateElements,
  type Element,
  findElement,
  History,
  insertElement,
  parentOf,
  positionOf,
  pasteElements,
  removeElements,
  setProp,
  setStyle,
  shiftElement,
  shiftPage,
} from "./doc-ops";
import { Inspector } from "./inspector";
import { PageSettings, SiteSettings } from "./settings-panel";

const ADDABLE = ["section", "heading", "text", "image", "button", "container", "repeater", "divider", "spacer"];

type SaveState = { kind: "saved" | "saving" | "unsaved" } | { kind: "error"; message: string; conflict?: boolean };

export function EditorPage() {
  const { slug = "" } = useParams();
  const [loaded, setLoaded] = useState<{ doc: Doc; revision: number } | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const load = useCallback(() => {
    setLoaded(null);
    api<Draft>("GET", `/api/v1/sites/${slug}/document`)
      .then((d) => setLoaded({ doc: d.document as unknown as Doc, revision: d.revision }))
      .catch((e: Error) => setLoadError(e.message));
  }, [slug]);
  useEffect(load, [load]);
  if (loadError) return <p role="alert" className="error">{loadError}</p>;
  if (!loaded) return <p className="loading">Loading the editor…</p>;
  return <Editor key={loaded.revision} slug={slug} initial={loaded.doc} initialRevision={loaded.revision} reload={load} />;
}

function Editor({ slug, initial, initialRevision, reload }: { slug: string; initial: Doc; initialRevision: number; reload: () => void }) {
  const history = useRef(new History(initial));
  const [doc, setDoc] = useState(initial);
  const [pageId, setPageId] = useState(initial.pages[0]?.id ?? "");
  // The selected elements; the last one is the inspector's. Shift-, Ctrl- or Cmd-click adds
  // or removes one; Delete, Ctrl+D and Ctrl+C act on them all.
  const [selection, setSelection] = useState<string[]>([]);
  const selected = selection.at(-1) ?? null;
  const setSelected = (id: string | null) => setSelection(id ? [id] : []);
  const select = (id: string, add: boolean) =>
    setSelection((s) => (!add ? [id] : s.includes(id) ? s.filter((x) => x !== id) : [...s, id]));
  const [breakpoint, setBreakpoint] = useState<Breakpoint>("desktop");
  const [save, setSave] = useState<SaveState>({ kind: "saved" });
  const [message, setMessage] = useState<string | null>(null);
  const revision = useRef(initialRevision);
  const page = doc.pages.find((p) => p.id === pageId) ?? doc.pages[0];
  const collections = useQuery({
    queryKey: ["collections", slug],
    queryFn: async () => (await api<{ collections: CollectionView[] }>("GET", "/wix-data/v2/collections", undefined, { "wix-site-id": slug })).collections,
  });

  const change = useCallback((next: Doc) => {
    // An operation that changed nothing returns the same document: no step, nothing to save.
    if (next === history.current.present) return;
    try {
      setDoc(history.current.apply(next));
      setSave({ kind: "unsaved" });
    } catch (e) {
      setMessage((e as Error).message);
    }
  }, []);
  const undo = useCallback(() => {
    setDoc(history.current.undo());
    setSave({ kind: "unsaved" });
  }, []);
  const redo = useCallback(() => {
    setDoc(history.current.redo());
    setSave({ kind: "unsaved" });
  }, []);

  // Autosave: the draft is written a moment after the last change, with the revision it
  // started from; someone else's save in between is a conflict, not an overwrite.
  useEffect(() => {
    if (save.kind !== "unsaved") return;
    const timer = setTimeout(async () => {
      setSave({ kind: "saving" });
      try {
        const saved = await api<{ revision: number }>("PUT", `/api/v1/sites/${slug}/document`, { revision: revision.current, document: doc });
        revision.current = saved.revision;
        setSave((s) => (s.kind === "saving" ? { kind: "saved" } : s));
      } catch (e) {
        const error = e instanceof ApiError ? e : new ApiError(0, "error", (e as Error).message);
        const path = typeof error.details["path"] === "string" ? ` (at ${error.details["path"]})` : "";
        setSave({ kind: "error", message: error.message + path, conflict: error.status === 409 });
      }
    }, 600);
    return () => clearTimeout(timer);
  }, [doc, save.kind, slug]);

  // The copied elements, for pasting (in this editor; the system clipboard gets their JSON).
  const clipboard = useRef<Element[]>([]);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const editing =
        e.target instanceof HTMLInputElement || e.target instanceof HTMLTextAreaElement || e.target instanceof HTMLSelectElement;
      if (editing) return;
      const key = e.key.toLowerCase();
      const command = e.ctrlKey || e.metaKey;
      if (e.key === "Escape") setSelection([]);
      if (command && key === "z") {
        e.preventDefault();
        if (e.shiftKey) redo();
        else undo();
        return;
      }
      if (command && key === "y") {
        e.preventDefault();
        redo();
        return;
      }
      const element = selected ? findElement(doc, selected) : undefined;
      if (command && key === "v" && clipboard.current.length > 0 && (element || page)) {
        e.preventDefault();
        const after = element?.id ?? page?.sections?.at(-1)?.id;
        if (!after) return;
        const [next, ids] = pasteElements(doc, after, clipboard.current);
        change(next);
        setSelection(ids);
        return;
      }
      if (!element) return;
      const elements = selection.map((id) => findElement(doc, id)).filter((x) => x !== undefined);
      if (command && key === "c") {
        clipboard.current = structuredClone(elements);
        const json = JSON.stringify(elements.length === 1 ? elements[0] : elements);
        void navigator.clipboard?.writeText(json).catch(() => undefined);
      } else if (command && key === "d") {
        e.preventDefault();
        const [next, ids] = duplicateElements(doc, selection);
        change(next);
        setSelection(ids);
      } else if (e.key === "Delete" || e.key === "Backspace") {
        e.preventDefault();
        change(removeElements(doc, selection));
        setSelection([]);
      } else if (e.altKey && (e.key === "ArrowUp" || e.key === "ArrowDown")) {
        e.preventDefault();
        change(shiftElement(doc, element.id, e.key === "ArrowUp" ? -1 : 1));
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [undo, redo, change, doc, page, selected, selection]);

  /** A new element ready to place; a repeater reads the page's first dataset. */
  const create = (type: string): Element | undefined => {
    if (type.startsWith("section:")) return readySection(doc, type.slice("section:".length));
    const element = blankElement(doc, type);
    if (type !== "repeater" || !page) return element;
    const dataset = datasetsOf(doc, page.id)[0];
    if (!dataset) {
      setMessage("A repeater shows a dataset's items: add a dataset to the page first (Data, on the left).");
      return undefined;
    }
    const field = collections.data?.find((c) => c.id === dataset.collection)?.fields.find((f) => f.type === "TEXT" && !f.key.startsWith("_"));
    element.props = { dataset: dataset.id, columns: 3 };
    element.children = [{ id: `${element.id}-title`, type: "heading", props: { text: "Item", level: 3 }, ...(field ? { bind: { text: { field: field.key } } } : {}) }];
    return element;
  };

  const add = (type: string) => {
    if (!page) return;
    setMessage(null);
    const element = create(type);
    if (!element) return;
    const target = selected ? findElement(doc, selected) : undefined;
    let next: Doc;
    if (element.type === "section" || !target) {
      const sections = page.sections ?? [];
      const top = target ? topSection(doc, target.id) : undefined;
      const at = top ? sections.findIndex((s) => s.id === top) + 1 : sections.length;
      next = element.type === "section" ? insertElement(doc, page.id, undefined, at, element) : insertIntoNewSection(doc, page.id, at, element);
    } else if (CONTAINERS.has(target.type) && target.type !== "columns") {
      next = insertElement(doc, page.id, target.id, target.children?.length ?? 0, element);
    } else {
      const { parent, index } = positionOf(doc, page.id, target.id);
      next = insertElement(doc, page.id, parent, index + 1, element);
    }
    change(next);
    setSelected(element.id);
  };

  // The draft as visitors would see it, in a new tab (the link works in this browser for an hour).
  const preview = async () => {
    setMessage(null);
    const tab = window.open("", "_blank");
    try {
      if (save.kind !== "saved") throw new Error("Wait until the draft is saved, then preview it.");
      const { url } = await api<{ url: string }>("POST", `/api/v1/sites/${slug}/preview`);
      if (tab) {
        tab.opener = null;
        tab.location.href = url;
      }
      else window.location.href = url;
    } catch (e) {
      tab?.close();
      setMessage((e as Error).message);
    }
  };

  const publish = async () => {
    setMessage(null);
    try {
      if (save.kind !== "saved") throw new Error("Wait until the draft is saved, then publish.");
      const v = await api<VersionView>("POST", `/api/v1/sites/${slug}/publish`);
      setMessage(`Published version ${v.version}.`);
    } catch (e) {
      setMessage((e as Error).message);
    }
  };

  const canvasPlace = useRef<Place | undefined>(undefined);
  const [dragging, setDragging] = useState<string | null>(null);
  const sensors = useSensors(useSensor(PointerSensor, { activationConstraint: { distance: 5 } }), useSensor(KeyboardSensor));
  const onDragEnd = (event: DragEndEvent) => {
    setDragging(null);
    if (!page) return;
    try {
      const dropped = applyDrop(doc, page.id, event, create, canvasPlace.current);
      if (dropped) {
        change(dropped[0]);
        setSelected(dropped[1]);
      }
    } catch (e) {
      setMessage((e as Error).message);
    }
  };

  const selectedElement = selected ? findElement(doc, selected) : undefined;
  return (
    <div className="editor">
      <header className="editor-bar">
        <div role="group" aria-label="Breakpoint" className="segmented">
          {(["desktop", "tablet", "mobile"] as const).map((b) => (
            <button key={b} type="button" aria-pressed={breakpoint === b} onClick={() => setBreakpoint(b)}>
              {b[0]?.toUpperCase() + b.slice(1)}
            </button>
          ))}
        </div>
        <button type="button" className="quiet" onClick={undo} disabled={!history.current.canUndo}>Undo</button>
        <button type="button" className="quiet" onClick={redo} disabled={!history.current.canRedo}>Redo</button>
        <span role="status" className={save.kind === "error" ? "error" : "muted"}>
          {save.kind === "saved" ? "All changes saved" : save.kind === "error" ? save.message : "Saving…"}
        </span>
        {save.kind === "error" && save.conflict && (
          <button type="button" className="secondary" onClick={reload}>Reload the latest draft</button>
        )}
        <button type="button" className="secondary" onClick={preview}>Preview</button>
        <button type="button" onClick={publish}>Publish</button>
        {message && <span role="status">{message}</span>}
      </header>
      <DndContext
        sensors={sensors}
        collisionDetection={pointerWithin}
        onDragStart={(e) => setDragging(String(e.active.id))}
        onDragEnd={onDragEnd}
        onDragCancel={() => setDragging(null)}
      >
      <aside className="editor-left" aria-label="Pages and layers">
        <h2>Pages</h2>
        <ul className="plain">
          {doc.pages.map((p, i) => (
            <li key={p.id} className="page-row">
              <button type="button" className="quiet" aria-current={p.id === page?.id ? "page" : undefined} onClick={() => { setPageId(p.id); setSelected(null); }}>
                {p.title} <code>{p.path}</code>
              </button>
              <button type="button" className="quiet" aria-label={`Move ${p.title} up`} disabled={i === 0} onClick={() => change(shiftPage(doc, p.id, -1))}>↑</button>
              <button type="button" className="quiet" aria-label={`Move ${p.title} down`} disabled={i === doc.pages.length - 1} onClick={() => change(shiftPage(doc, p.id, 1))}>↓</button>
            </li>
          ))}
        </ul>
        <form
          className="field-row"
          aria-label="Add a page"
          onSubmit={(e) => {
            e.preventDefault();
            const form = e.currentTarget;
            const title = String(new FormData(form).get("title") ?? "").trim();
            if (!title) return;
            const [next, id] = addPage(doc, title);
            change(next);
            setPageId(id);
            setSelected(null);
            form.reset();
          }}
        >
          <input name="title" aria-label="New page title" placeholder="New page" />
          <button type="submit" className="secondary">Add page</button>
        </form>
        <h2>Add</h2>
        <div className="add-panel">
          {ADDABLE.map((type) => (
            <DraggableAdd key={type} type={type} onClick={() => add(type)} />
          ))}
        </div>
        <h3 className="muted">Ready-made sections</h3>
        <div className="add-panel">
          {Object.keys(READY_SECTIONS).map((name) => (
            <DraggableAdd key={name} type={`section:${name}`} onClick={() => add(`section:${name}`)} />
          ))}
        </div>
        <h2>Data</h2>
        {page && <DataPanel doc={doc} pageId={page.id} collections={collections.data ?? []} change={change} />}
        <h2>Layers</h2>
        <Layers elements={page?.sections ?? []} selected={selection} select={select} />
        <PageEnd />
        <p className="muted shortcuts">
          <kbd>Shift</kbd>-click selects more than one element. Keys on the selection: <kbd>Delete</kbd> removes,{" "}
          <kbd>Ctrl</kbd>+<kbd>D</kbd> duplicates, <kbd>Ctrl</kbd>+<kbd>C</kbd> / <kbd>V</kbd> copy and paste,{" "}
          <kbd>Alt</kbd>+<kbd>↑</kbd> / <kbd>↓</kbd> move the last selected.
        </p>
      </aside>
      <main className="editor-canvas">
        {page && (
          <Canvas
            slug={slug}
            doc={doc}
            pageId={page.id}
            breakpoint={breakpoint}
            selected={selection}
            select={select}
            edit={(id, prop, value) => change(setProp(doc, id, prop, value))}
            // A spacer's height is its content; other sizes are design, per breakpoint.
            resize={(id, axis, px) =>
              change(axis === "height" ? setProp(doc, id, "height", px) : setStyle(doc, id, breakpoint, "width", `${px}px`))}
            dropPlace={canvasPlace}
          />
        )}
      </main>
      <DragOverlay dropAnimation={null}>{dragging && <span className="drag-ghost">{dragLabel(doc, dragging)}</span>}</DragOverlay>
      </DndContext>
      <aside className="editor-right" aria-label="Inspector">
        {selectedElement && page ? (
          <Inspector
            key={selectedElement.id}
            doc={doc}
            pageId={page.id}
            collections={collections.data ?? []}
            element={selectedElement}
            breakpoint={breakpoint}
            change={change}
            others={selection.length - 1}
            remove={() => { change(removeElements(doc, selection)); setSelection([]); }}
            duplicate={() => { const [next, ids] = duplicateElements(doc, selection); change(next); setSelection(ids); }}
            move={(by) => change(shiftElement(doc, selectedElement.id, by))}
          />
        ) : (
          <>
            <p className="muted">Select an element on the page or in the layers to change it (Esc goes back here).</p>
            {page && (
              <PageSettings doc={doc} page={page} collections={collections.data ?? []} change={change} removed={() => setPageId(doc.pages[0]?.id ?? "")} />
            )}
            <SiteSettings doc={doc} change={change} />
          </>
        )}
      </aside>
    </div>
  );
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

function Layers({ elements, selected, select }: { elements: Element[]; selected: string[]; select: (id: string, add: boolean) => void }) {
  if (elements.length === 0) return null;
  return (
    <ul className="layers">
      {elements.map((e) => (
        <LayerRow key={e.id} element={e} selected={selected.includes(e.id)} select={(add) => select(e.id, add)}>
          {e.children && <Layers elements={e.children} selected={selected} select={select} />}
        </LayerRow>
      ))}
    </ul>
  );
}
