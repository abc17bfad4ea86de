import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { ImagePlus } from "lucide-react";
import { type FormEvent, useRef, useState } from "react";
import { useParams, useSearchParams } from "react-router";
import { api, type CollectionView, type DataItem, type SiteView, wixData } from "../api";
import type { SectionPlace } from "../sections";
import { cellText, parseCell } from "./cells";
import { itemsFromCsv, toCsv } from "./csv";
import { ReferenceLabel, ReferenceSelect, referenceId } from "./reference";
import { SchemaEditor } from "./schema";
import { CsvImportButton } from "../csv-import-button";
import { libraryThumbnail, parseWixImage, wixImageValue } from "../media/media";
import { PickMediaButton } from "../media/media-picker";

const PAGE_SIZE = 50;

interface QueryAnswer {
  dataItems: { id: string; data: DataItem }[];
  pagingMetadata: { total?: number; hasNext?: boolean };
}

/** A collection's schema; nothing is asked for while `collection` is empty. */
function useCollectionSchema(slug: string, collection: string) {
  return useQuery({
    queryKey: ["collection", slug, collection],
    queryFn: async () =>
      (await api<{ collection: CollectionView }>("GET", `/wix-data/v2/collections/${collection}`, undefined, { "wix-site-id": slug })).collection,
    enabled: collection !== "",
  });
}

/** The breadcrumb's item in the CMS: the open collection. */
export function collectionCrumb({ slug, rest }: SectionPlace) {
  return rest === "" ? null : <CollectionName slug={slug} collection={rest} />;
}

/** A collection's display name, its id until the schema has loaded. */
function CollectionName({ slug, collection }: { slug: string; collection: string }) {
  const schema = useCollectionSchema(slug, collection);
  return <>{schema.data?.displayName || collection}</>;
}

export function CollectionPage() {
  const { slug = "", collection = "" } = useParams();
  // A link may name an item (`?item=<id>`, as the Media section's "Used in" does): its row is marked.
  const [params] = useSearchParams();
  const linked = params.get("item");
  const [page, setPage] = useState(0);
  const [sort, setSort] = useState<{ field: string; order: "ASC" | "DESC" }>({ field: "_createdDate", order: "DESC" });
  const [search, setSearch] = useState<{ field: string; text: string }>({ field: "", text: "" });
  const schema = useCollectionSchema(slug, collection);
  const items = useQuery({
    queryKey: ["items", slug, collection, page, sort, search],
    queryFn: () =>
      wixData<QueryAnswer>(slug, "items/query", {
        dataCollectionId: collection,
        query: {
          filter: search.field && search.text ? { [search.field]: { $contains: search.text } } : {},
          sort: [{ fieldName: sort.field, order: sort.order }],
          paging: { limit: PAGE_SIZE, offset: page * PAGE_SIZE },
        },
        returnTotalCount: true,
      }),
  });
  // System fields (`_id`, `_owner`, dates) are the server's to set.
  const fields = (schema.data?.fields ?? []).filter((f) => !f.key.startsWith("_"));
  const total = items.data?.pagingMetadata.total ?? 0;
  return (
    <>
      <h1>{schema.data?.displayName || collection}</h1>
      {(schema.isError || items.isError) && <p role="alert" className="error">{(schema.error ?? items.error)?.message}</p>}
      {schema.data && <SchemaEditor slug={slug} collection={schema.data} />}
      <AddItem slug={slug} collection={collection} fields={fields} />
      <CsvPanel slug={slug} collection={collection} fields={fields} />
      <form className="inline-form search" role="search" onSubmit={(e) => {
        e.preventDefault();
        const data = new FormData(e.currentTarget);
        setPage(0);
        setSearch({ field: String(data.get("field")), text: String(data.get("text")) });
      }}>
        <label>
          Search in
          <select name="field" defaultValue={fields.find((f) => f.type === "TEXT")?.key}>
            {fields.filter((f) => f.type === "TEXT").map((f) => <option key={f.key} value={f.key}>{f.displayName || f.key}</option>)}
          </select>
        </label>
        <label>
          Text
          <input name="text" type="search" />
        </label>
        <button type="submit" className="secondary">Search</button>
      </form>
      <div className="table-wrap">
        <table className="items" aria-label={`Items of ${collection}`}>
          <thead>
            <tr>
              {fields.map((f) => (
                <th key={f.key} scope="col" aria-sort={sort.field === f.key ? (sort.order === "ASC" ? "ascending" : "descending") : undefined}>
                  <button type="button" className="sort" aria-label={`Sort by ${f.displayName || f.key}`} onClick={() => {
                    setPage(0);
                    setSort({ field: f.key, order: sort.field === f.key && sort.order === "ASC" ? "DESC" : "ASC" });
                  }}>
                    {f.displayName || f.key} {sort.field === f.key ? (sort.order === "ASC" ? "▲" : "▼") : ""}
                  </button>
                </th>
              ))}
              <th scope="col"><span className="sr-only">Actions</span></th>
            </tr>
          </thead>
          <tbody>
            {items.data?.dataItems.map(({ id, data }) => (
              <ItemRow key={id} slug={slug} collection={collection} fields={fields} item={data} linked={id === linked} />
            ))}
          </tbody>
        </table>
      </div>
      <nav className="pager" aria-label="Item pages">
        <button type="button" className="quiet" disabled={page === 0} onClick={() => setPage(page - 1)}>Previous</button>
        <span>{total === 0 ? "No items" : `${page * PAGE_SIZE + 1}–${Math.min(total, (page + 1) * PAGE_SIZE)} of ${total}`}</span>
        <button type="button" className="quiet" disabled={!items.data?.pagingMetadata.hasNext} onClick={() => setPage(page + 1)}>Next</button>
      </nav>
    </>
  );
}

type Fields = CollectionView["fields"];

interface BulkAnswer {
  bulkActionMetadata: { totalSuccesses: number; totalFailures: number };
  results: { itemMetadata: { success: boolean; error?: { description?: string } } }[];
}

/** Every item as a CSV download, and a CSV file's rows saved as items (by `_id` when given). */
function CsvPanel({ slug, collection, fields }: { slug: string; collection: string; fields: Fields }) {
  const client = useQueryClient();
  const [notice, setNotice] = useState<{ text: string; error?: boolean } | null>(null);
  const exportCsv = useMutation({
    mutationFn: async () => {
      const items: DataItem[] = [];
      for (let offset = 0; ; offset += 1000) {
        const page = await wixData<QueryAnswer>(slug, "items/query", {
          dataCollectionId: collection,
          query: { sort: [{ fieldName: "_createdDate", order: "ASC" }], paging: { limit: 1000, offset } },
        });
        items.push(...page.dataItems.map((i) => i.data));
        if (!page.pagingMetadata.hasNext) break;
      }
      const url = URL.createObjectURL(new Blob([toCsv(fields, items)], { type: "text/csv" }));
      const a = Object.assign(document.createElement("a"), { href: url, download: `${collection.replace("/", "-")}.csv` });
      a.click();
      URL.revokeObjectURL(url);
      return items.length;
    },
    onSuccess: (n) => setNotice({ text: `Exported ${n} items.` }),
    onError: (e) => setNotice({ text: e.message, error: true }),
  });
  const importCsv = useMutation({
    mutationFn: async (file: File) => {
      const items = itemsFromCsv(fields, await file.text());
      let saved = 0;
      const failures: string[] = [];
      for (let i = 0; i < items.length; i += 1000) {
        const chunk = items.slice(i, i + 1000).map(({ _id, ...data }) => ({ ...(_id ? { id: _id } : {}), data }));
        const answer = await wixData<BulkAnswer>(slug, "bulk/items/save", { dataCollectionId: collection, dataItems: chunk });
        saved += answer.bulkActionMetadata.totalSuccesses;
        answer.results.forEach((r, n) => {
          if (!r.itemMetadata.success) failures.push(`row ${i + n + 2}: ${r.itemMetadata.error?.description ?? "refused"}`);
        });
      }
      return { saved, failures };
    },
    onSuccess: ({ saved, failures }) => {
      setNotice({
        text: `Saved ${saved} items.` + (failures.length ? ` ${failures.length} refused: ${failures.slice(0, 3).join("; ")}` : ""),
        error: failures.length > 0,
      });
      client.invalidateQueries({ queryKey: ["items", slug, collection] });
    },
    onError: (e) => setNotice({ text: e.message, error: true }),
  });
  return (
    <div className="actions csv">
      <button type="button" className="secondary" onClick={() => exportCsv.mutate()} disabled={exportCsv.isPending}>Export CSV</button>
      <CsvImportButton onFile={(file) => importCsv.mutate(file)} />
      {notice && <p role={notice.error ? "alert" : "status"} className={notice.error ? "error" : "ok"}>{notice.text}</p>}
    </div>
  );
}

/**
 * An image field's thumbnail: a small variant of a library image (its `/media/…` routes answer
 * on the dashboard's host too); other paths like `/_assets/…` are the site's, not the dashboard's.
 */
function imageUrl(src: string, siteUrl: string | undefined): string {
  const library = libraryThumbnail(src, 96);
  if (library) return library;
  return src.startsWith("/") && !src.startsWith("//") && siteUrl ? siteUrl.replace(/\/$/, "") + src : src;
}

/** What a cell says for a value: a library image by its name rather than its wix:image address. */
function shownValue(type: string, value: unknown): string {
  return (type === "IMAGE" ? parseWixImage(value)?.name : undefined) ?? cellText(value);
}

function ItemRow({ slug, collection, fields, item, linked }: { slug: string; collection: string; fields: Fields; item: DataItem; linked?: boolean }) {
  const client = useQueryClient();
  const siteUrl = useQuery({ queryKey: ["site", slug], queryFn: () => api<SiteView>("GET", `/api/v1/sites/${slug}`) }).data?.url;
  const [editing, setEditing] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const refresh = () => client.invalidateQueries({ queryKey: ["items", slug, collection] });
  const save = useMutation({
    mutationFn: (data: DataItem) => wixData(slug, "items/update", { dataCollectionId: collection, dataItem: { id: data._id, data } }),
    onSuccess: () => {
      setEditing(null);
      setError(null);
      return refresh();
    },
    onError: (e) => setError(e.message),
  });
  const remove = useMutation({
    mutationFn: () => api("DELETE", `/wix-data/v2/items/${encodeURIComponent(item._id)}?dataCollectionId=${encodeURIComponent(collection)}`, undefined, { "wix-site-id": slug }),
    onSuccess: refresh,
    onError: (e) => setError(e.message),
  });
  const commit = (key: string, type: string, text: string) => {
    try {
      save.mutate({ ...item, [key]: parseCell(type, text) });
    } catch (e) {
      setError((e as Error).message);
    }
  };
  return (
    <tr aria-current={linked ? "true" : undefined} className={linked ? "linked" : undefined} ref={linked ? (row) => row?.scrollIntoView({ block: "center" }) : undefined}>
      {fields.map((f) => (
        <td key={f.key}>
          {editing === f.key && f.type === "REFERENCE" && f.referencedCollectionId ? (
            <ReferenceSelect
              slug={slug}
              target={f.referencedCollectionId}
              label={`${f.displayName || f.key} of this item`}
              value={referenceId(item[f.key])}
              autoFocus
              onChange={(id) => save.mutate({ ...item, [f.key]: id || null })}
            />
          ) : editing === f.key ? (
            <input
              autoFocus
              aria-label={`${f.displayName || f.key} of this item`}
              defaultValue={cellText(item[f.key])}
              onBlur={(e) => commit(f.key, f.type, e.currentTarget.value)}
              onKeyDown={(e) => {
                if (e.key === "Enter") commit(f.key, f.type, e.currentTarget.value);
                if (e.key === "Escape") setEditing(null);
              }}
            />
          ) : (
            <span className={f.type === "IMAGE" ? "media-field" : undefined}>
            <button type="button" className="cell" onClick={() => setEditing(f.key)} aria-label={`Edit ${f.displayName || f.key}: ${f.type === "REFERENCE" ? referenceId(item[f.key]) : shownValue(f.type, item[f.key])}`}>
              {f.type === "REFERENCE" && f.referencedCollectionId ? (
                <ReferenceLabel slug={slug} target={f.referencedCollectionId} value={item[f.key]} />
              ) : f.type === "IMAGE" && typeof item[f.key] === "string" && item[f.key] ? (
                <span className="image-cell">
                  <img src={imageUrl(String(item[f.key]), siteUrl)} alt="" width={32} height={32} loading="lazy" />
                  {shownValue(f.type, item[f.key])}
                </span>
              ) : (
                cellText(item[f.key]) || <span className="muted">—</span>
              )}
            </button>
            {f.type === "IMAGE" && (
              <PickMediaButton
                slug={slug}
                imagesOnly
                className="quiet icon-button"
                label={<ImagePlus size={16} aria-hidden="true" />}
                ariaLabel={`Choose ${f.displayName || f.key} from media`}
                onPick={(file) => save.mutate({ ...item, [f.key]: wixImageValue(file) })}
              />
            )}
            </span>
          )}
          {editing === f.key && error && <span role="alert" className="error">{error}</span>}
        </td>
      ))}
      <td>
        <button type="button" className="quiet danger" onClick={() => remove.mutate()} aria-label="Delete this item">Delete</button>
        {editing === null && error && <span role="alert" className="error">{error}</span>}
      </td>
    </tr>
  );
}

function AddItem({ slug, collection, fields }: { slug: string; collection: string; fields: Fields }) {
  const client = useQueryClient();
  const [error, setError] = useState<string | null>(null);
  const add = useMutation({
    mutationFn: (data: Record<string, unknown>) => wixData(slug, "items", { dataCollectionId: collection, dataItem: { data } }),
    onSuccess: () => client.invalidateQueries({ queryKey: ["items", slug, collection] }),
  });
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    const values = new FormData(form);
    setError(null);
    try {
      const data: Record<string, unknown> = {};
      for (const f of fields) {
        const text = String(values.get(f.key) ?? "");
        if (text !== "") data[f.key] = parseCell(f.type, text);
      }
      add.mutate(data, { onSuccess: () => form.reset(), onError: (e) => setError(e.message) });
    } catch (e) {
      setError((e as Error).message);
    }
  };
  return (
    <form onSubmit={submit} className="card inline-form add-item" aria-label="Add an item">
      {fields.map((f) => (
        <label key={f.key}>
          {f.displayName || f.key}
          {f.type === "REFERENCE" && f.referencedCollectionId ? (
            <ReferenceSelect slug={slug} target={f.referencedCollectionId} name={f.key} label={f.displayName || f.key} />
          ) : f.type === "IMAGE" ? (
            <ImageInput slug={slug} name={f.key} label={f.displayName || f.key} />
          ) : (
            <input name={f.key} type={f.type === "URL" ? "url" : "text"} />
          )}
        </label>
      ))}
      <button type="submit" disabled={add.isPending}>Add item</button>
      {error && <p role="alert" className="error">{error}</p>}
    </form>
  );
}

/** A new item's image: an address typed, or a library image chosen (as its wix:image value). */
function ImageInput({ slug, name, label }: { slug: string; name: string; label: string }) {
  const input = useRef<HTMLInputElement>(null);
  return (
    <span className="media-field">
      <input ref={input} name={name} type="text" />
      <PickMediaButton
        slug={slug}
        imagesOnly
        className="quiet icon-button"
        label={<ImagePlus size={16} aria-hidden="true" />}
        ariaLabel={`Choose ${label} from media`}
        onPick={(file) => {
          if (input.current) input.current.value = wixImageValue(file);
        }}
      />
    </span>
  );
}
