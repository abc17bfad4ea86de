// The page's datasets (which collection, how many items a page) and the connections of an
// element's properties to item fields.

import { type FormEvent, useState } from "react";
import { useParams } from "react-router";
import type { CollectionView } from "../api";
import { useCollections } from "../stores/queries";
import { addDataset, type Dataset, datasetsOf, type Doc, type Element, enclosingRepeater, removeDataset, setBinding, updateDataset } from "./doc-ops";
import { ALL_PRODUCTS, datasetCollections, gridCollection, gridSort, PRODUCTS, productFilter, SORTS, type SortName } from "./store-elements";

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
      // Hidden products are the team's only.
      ...(collection === PRODUCTS ? { filter: productFilter() } : {}),
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
            {datasetCollections(collections).map((c) => <option key={c.id} value={c.id}>{c.id.includes("/") ? c.id : c.displayName || c.id}</option>)}
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
                {/* Fields named `@…` are texts the page writes (see withStoreCatalog). */}
                {fields.filter((f) => !f.key.startsWith("@") || prop === "text").map((f) => <option key={f.key} value={f.key}>{f.displayName || f.key}</option>)}
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
  const dataset = datasets.find((d) => d.id === props["dataset"]);
  const grid = dataset?.collection === PRODUCTS ? dataset : undefined;
  return (
    <fieldset>
      <legend>{grid ? "Product grid" : "Repeater"}</legend>
      <label>
        Items from dataset
        <select value={String(props["dataset"] ?? "")} onChange={(e) => change(setProp(doc, "dataset", e.currentTarget.value))}>
          {datasets.map((d) => <option key={d.id} value={d.id}>{d.id} ({d.collection})</option>)}
        </select>
      </label>
      {grid && <ProductGridSettings doc={doc} pageId={pageId} dataset={grid} change={change} />}
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

/**
 * A product grid's own settings, kept in its dataset: which of the store's collections it
 * shows, in which order, and how many products a page.
 */
function ProductGridSettings({ doc, pageId, dataset, change }: { doc: Doc; pageId: string; dataset: Dataset; change: (d: Doc) => void }) {
  const { slug = "" } = useParams();
  const storeCollections = useCollections(slug);
  const chosen = gridCollection(dataset) ?? ALL_PRODUCTS;
  return (
    <>
      <label>
        Store collection
        <select value={chosen} onChange={(e) => change(updateDataset(doc, pageId, dataset.id, { filter: productFilter(e.currentTarget.value) }))}>
          {!storeCollections.data?.some((c) => c.id === ALL_PRODUCTS) && <option value={ALL_PRODUCTS}>All products</option>}
          {storeCollections.data?.map((c) => <option key={c.id} value={c.id}>{c.name}</option>)}
          {/* A collection since deleted still shows what the grid is set to. */}
          {storeCollections.data && chosen !== ALL_PRODUCTS && !storeCollections.data.some((c) => c.id === chosen) && <option value={chosen}>(a deleted collection)</option>}
        </select>
      </label>
      <label>
        Sort by
        <select value={gridSort(dataset)} onChange={(e) => change(updateDataset(doc, pageId, dataset.id, { sort: SORTS[e.currentTarget.value as SortName].sort }))}>
          {Object.entries(SORTS).map(([name, s]) => <option key={name} value={name}>{s.label}</option>)}
        </select>
      </label>
      <label>
        Products a page
        <input type="number" min={1} max={100} value={dataset.pageSize ?? 12} onChange={(e) => {
          const n = Number(e.currentTarget.value);
          if (Number.isInteger(n) && n >= 1 && n <= 100) change(updateDataset(doc, pageId, dataset.id, { pageSize: n }));
        }} />
      </label>
    </>
  );
}
