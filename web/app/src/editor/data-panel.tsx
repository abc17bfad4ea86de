// The page's datasets (which collection, how many items a page) and the connections of an
// element's properties to item fields.

import { type FormEvent, useState } from "react";
import type { CollectionView } from "../api";
import { addDataset, datasetsOf, type Doc, type Element, enclosingRepeater, removeDataset, setBinding } from "./doc-ops";

/** The properties an item field may fill, per element type (as the renderer allows). */
export const BINDABLE: Record<string, string[]> = {
  text: ["text", "html"],
  heading: ["text"],
  image: ["src", "alt", "href"],
  button: ["label", "href"],
  link: ["text", "href"],
  video: ["url"],
};

export function DataPanel({ doc, pageId, collections, change }: { doc: Doc; pageId: string; collections: CollectionView[]; change: (d: Doc) => void }) {
  const [error, setError] = useState<string | null>(null);
  const datasets = datasetsOf(doc, pageId);
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const collection = String(data.get("collection") ?? "");
    if (!collection) {
      setError("Create a collection first, in the site's Collections.");
      return;
    }
    setError(null);
    const [next] = addDataset(doc, pageId, {
      collection,
      pageSize: Number(data.get("pageSize") || 12),
      sort: [{ fieldName: "_createdDate", order: "DESC" }],
    });
    change(next);
  };
  return (
    <>
      <ul className="plain">
        {datasets.map((ds) => (
          <li key={ds.id}>
            <code>{ds.id}</code> {ds.collection}, {ds.pageSize ?? 12} a page
            <button type="button" className="quiet danger" aria-label={`Remove dataset ${ds.id}`} onClick={() => change(removeDataset(doc, pageId, ds.id))}>Remove</button>
          </li>
        ))}
      </ul>
      <form onSubmit={submit} className="dataset-form" aria-label="Add a dataset">
        <label>
          Collection
          <select name="collection">
            {collections.map((c) => <option key={c.id} value={c.id}>{c.displayName || c.id}</option>)}
          </select>
        </label>
        <label>
          Items a page
          <input name="pageSize" type="number" min={1} max={100} defaultValue={6} />
        </label>
        <button type="submit" className="secondary">Add dataset</button>
        {error && <p role="alert" className="error">{error}</p>}
      </form>
    </>
  );
}

/** Where an element's bindings read from: a repeater's dataset, or the dynamic page's item. */
function source(doc: Doc, pageId: string, element: Element): { dataset?: string; collection?: string } {
  const repeater = enclosingRepeater(doc, element.id);
  const datasets = datasetsOf(doc, pageId);
  if (repeater) {
    const id = repeater.props?.["dataset"] as string | undefined;
    return { dataset: id, collection: datasets.find((d) => d.id === id)?.collection };
  }
  const dynamic = doc.pages.find((p) => p.id === pageId)?.["dynamic"] as { collection?: string } | undefined;
  if (dynamic?.collection) return { collection: dynamic.collection };
  const first = datasets[0];
  return first ? { dataset: first.id, collection: first.collection } : {};
}

export function Connections({ doc, pageId, element, collections, change }: { doc: Doc; pageId: string; element: Element; collections: CollectionView[]; change: (d: Doc) => void }) {
  const props = BINDABLE[element.type];
  if (!props) return null;
  const from = source(doc, pageId, element);
  const fields = collections.find((c) => c.id === from.collection)?.fields ?? [];
  const inRepeater = enclosingRepeater(doc, element.id) !== undefined;
  return (
    <fieldset>
      <legend>Connect to data</legend>
      {!from.collection && <p className="muted">Add a dataset to the page (Data, on the left) to connect this element.</p>}
      {from.collection &&
        props.map((prop) => {
          const current = element.bind?.[prop]?.field ?? "";
          return (
            <label key={prop}>
              {prop} from {from.collection} field
              <select
                value={current}
                onChange={(e) => {
                  const field = e.currentTarget.value;
                  change(setBinding(doc, element.id, prop, field ? { field, ...(inRepeater || !from.dataset ? {} : { dataset: from.dataset }) } : undefined));
                }}
              >
                <option value="">(not connected)</option>
                {fields.map((f) => <option key={f.key} value={f.key}>{f.displayName || f.key}</option>)}
                {prop === "href" && <option value="@url">the item's page</option>}
              </select>
            </label>
          );
        })}
    </fieldset>
  );
}

/** A repeater's own settings. */
export function RepeaterSettings({ doc, pageId, element, change, setProp }: { doc: Doc; pageId: string; element: Element; change: (d: Doc) => void; setProp: (d: Doc, name: string, value: unknown) => Doc }) {
  const datasets = datasetsOf(doc, pageId);
  const props = element.props ?? {};
  return (
    <fieldset>
      <legend>Repeater</legend>
      <label>
        Items from dataset
        <select value={String(props["dataset"] ?? "")} onChange={(e) => change(setProp(doc, "dataset", e.currentTarget.value))}>
          {datasets.map((d) => <option key={d.id} value={d.id}>{d.id} ({d.collection})</option>)}
        </select>
      </label>
      <label>
        Items a row
        <input type="number" min={1} max={6} value={Number(props["columns"] ?? 3)} onChange={(e) => change(setProp(doc, "columns", Number(e.currentTarget.value)))} />
      </label>
      <label className="check">
        <input type="checkbox" checked={Boolean(props["pagination"])} onChange={(e) => change(setProp(doc, "pagination", e.currentTarget.checked))} />
        Links to more pages
      </label>
    </fieldset>
  );
}
