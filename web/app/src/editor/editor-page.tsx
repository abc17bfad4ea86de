import type { DragEndEvent } from "@dnd-kit/core";
import { useCallback, useEffect, useRef, useState } from "react";
import { useParams, useSearchParams } from "react-router";
import { useQuery } from "@tanstack/react-query";
import { api, type CollectionView, type Draft } from "../api";
import { AddPanel } from "./add-panel";
import { type NewElement, newElement, placeElement } from "./add-element";
import { Canvas } from "./canvas";
import { DataPanel } from "./data-panel";
import { type Breakpoint, type Doc, duplicateElements, findElement, removeElements, renameElement, setProp, setStyle, shiftElement } from "./doc-ops";
import { applyDrop, DragAndDrop, PageEnd, type Place } from "./drag";
import { useDraft } from "./draft";
import { EditorBar } from "./editor-bar";
import { Inspector } from "./inspector";
import { Layers } from "./layers";
import { PagesPanel } from "./pages-panel";
import { useSelection } from "./selection";
import { PageSettings, SiteSettings } from "./settings-panel";
import { ShortcutsHelp, useEditorShortcuts } from "./shortcuts";
import { withBookings } from "./booking-elements";
import { withPlans } from "./plans-elements";
import { withStoreCatalog } from "./store-elements";

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

/**
 * The editor of one draft: the bar above, the pages, add panel, data and layers on the left,
 * the page on the canvas, and the inspector (or the page's and site's settings) on the right.
 */
function Editor({ slug, initial, initialRevision, reload }: { slug: string; initial: Doc; initialRevision: number; reload: () => void }) {
  const [message, setMessage] = useState<string | null>(null);
  const { doc, change, undo, redo, canUndo, canRedo, save } = useDraft(slug, initial, initialRevision, setMessage);
  // A link may name the page to open (`?page=<id>`, as the Media section's "Used in" does)
  // and the element to select on it (`&element=<id>`, as the SEO report's "Fix" does).
  const [params] = useSearchParams();
  const asked = params.get("page");
  const [pageId, setPageId] = useState(initial.pages.find((p) => p.id === asked)?.id ?? initial.pages[0]?.id ?? "");
  const askedElement = params.get("element");
  const { selection, selected, setSelection, setSelected, select } = useSelection(
    askedElement && findElement(initial, askedElement) ? [askedElement] : [],
  );
  const [breakpoint, setBreakpoint] = useState<Breakpoint>("desktop");
  const page = doc.pages.find((p) => p.id === pageId) ?? doc.pages[0];
  const collections = useQuery({
    queryKey: ["collections", slug],
    queryFn: async () => (await api<{ collections: CollectionView[] }>("GET", "/wix-data/v2/collections", undefined, { "wix-site-id": slug })).collections,
    select: (list) => withBookings(withPlans(withStoreCatalog(list))),
  });
  useEditorShortcuts({ doc, page, selection, setSelection, change, undo, redo });

  const openPage = (id: string) => {
    setPageId(id);
    setSelected(null);
  };

  const create = (type: string): NewElement | undefined => newElement(doc, page, type, collections.data ?? [], setMessage);

  const add = (type: string) => {
    if (!page) return;
    setMessage(null);
    const made = create(type);
    if (!made) return;
    change(placeElement(made.doc, page, selected, made.element));
    setSelected(made.element.id);
  };

  // Where a drag over the canvas would drop: the canvas keeps it up to date as the pointer moves.
  const canvasPlace = useRef<Place | undefined>(undefined);
  const drop = (event: DragEndEvent) => {
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
      <EditorBar
        slug={slug}
        breakpoint={breakpoint}
        setBreakpoint={setBreakpoint}
        undo={undo}
        redo={redo}
        canUndo={canUndo}
        canRedo={canRedo}
        save={save}
        reload={reload}
        message={message}
        setMessage={setMessage}
      />
      <DragAndDrop doc={doc} onDrop={drop}>
        <aside className="editor-left" aria-label="Pages and layers">
          <PagesPanel doc={doc} current={page?.id} open={openPage} change={change} />
          <AddPanel add={add} />
          <h2>Data</h2>
          {page && <DataPanel doc={doc} pageId={page.id} collections={collections.data ?? []} change={change} />}
          <h2>Layers</h2>
          <Layers elements={page?.sections ?? []} selected={selection} select={select} />
          <PageEnd />
          <ShortcutsHelp />
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
      </DragAndDrop>
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
            rename={(to) => { change(renameElement(doc, selectedElement.id, to)); setSelected(to); }}
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
