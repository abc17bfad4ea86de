import { addPage, type Doc, shiftPage } from "./doc-ops";

/** The site's pages and lightboxes in their order: open one, move it up or down, add one by
 * its title (page code opens a lightbox by its title). */
export function PagesPanel({ doc, current, open, change }: {
  doc: Doc;
  /** The id of the page on the canvas. */
  current: string | undefined;
  open: (pageId: string) => void;
  change: (next: Doc) => void;
}) {
  return (
    <>
      <h2>Pages</h2>
      <ul className="plain">
        {doc.pages.map((p, i) => (
          <li key={p.id} className="page-row">
            <button type="button" className="quiet" aria-current={p.id === current ? "page" : undefined} onClick={() => open(p.id)}>
              {p.title} {p.lightbox ? <span className="badge">Lightbox</span> : <code>{p.path}</code>}{p.router ? <span className="badge">Router</span> : null}
            </button>
            <button type="button" className="quiet" aria-label={`Move ${p.title} up`} disabled={i === 0} onClick={() => change(shiftPage(doc, p.id, -1))}>↑</button>
            <button type="button" className="quiet" aria-label={`Move ${p.title} down`} disabled={i === doc.pages.length - 1} onClick={() => change(shiftPage(doc, p.id, 1))}>↓</button>
          </li>
        ))}
      </ul>
      <AddForm label="page" add={(title) => addPage(doc, title)} change={change} open={open} />
      <AddForm label="lightbox" add={(title) => addPage(doc, title, { lightbox: true })} change={change} open={open} />
    </>
  );
}

function AddForm({ label, add, change, open }: {
  label: "page" | "lightbox";
  add: (title: string) => [Doc, string];
  change: (next: Doc) => void;
  open: (pageId: string) => void;
}) {
  return (
    <form
      className="field-row"
      aria-label={`Add a ${label}`}
      onSubmit={(e) => {
        e.preventDefault();
        const form = e.currentTarget;
        const title = String(new FormData(form).get("title") ?? "").trim();
        if (!title) return;
        const [next, id] = add(title);
        change(next);
        open(id);
        form.reset();
      }}
    >
      <input name="title" aria-label={`New ${label} title`} placeholder={`New ${label}`} />
      <button type="submit" className="secondary">Add {label}</button>
    </form>
  );
}
