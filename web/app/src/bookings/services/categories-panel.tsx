// The Services tab's categories: the site's /book-online lists services under them, in this
// order. Add, rename, move up or down (each moved category saved with the revision read) and
// delete (its services stay, without a category).

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { ArrowDown, ArrowUp, Plus } from "lucide-react";
import { useState } from "react";
import { ConfirmButton } from "../../ui/confirm";
import type { Category, Service } from "../bookings";
import { CATEGORIES, deleteOne, saveOne } from "../entities";
import { NameForm } from "../name-form";
import { refreshBookings, useCategories } from "../queries";
import { CATEGORY_NAME_MAX, moved, nextOrder, ordered } from "./categories";

export function CategoriesPanel({ slug, services }: { slug: string; services: Service[] }) {
  const client = useQueryClient();
  const categories = useCategories(slug);
  const [renaming, setRenaming] = useState<string>();
  const [notice, setNotice] = useState<{ text: string; error?: boolean } | null>(null);
  const list = ordered(categories.data ?? []);
  const done = (text: string) => {
    setNotice({ text });
    return refreshBookings(client, slug);
  };
  const failed = (e: Error) => setNotice({ text: e.message, error: true });
  const move = useMutation({
    mutationFn: async ({ id, by }: { id: string; by: -1 | 1 }) => {
      for (const c of moved(list, id, by)) await saveOne(slug, CATEGORIES, { sortOrder: c.sortOrder }, c);
    },
    onSuccess: () => done("Order saved."),
    // Half a reorder may be saved: show what is.
    onError: (e) => {
      failed(e);
      void refreshBookings(client, slug);
    },
  });
  const remove = useMutation({
    mutationFn: (c: Category) => deleteOne(slug, CATEGORIES, c.id),
    onSuccess: (_, c) => done(`${c.name} is deleted.`),
    onError: failed,
  });
  const count = (c: Category) => services.filter((s) => s.category?.id === c.id).length;
  return (
    <section className="card categories-panel" aria-labelledby="categories-title">
      <h3 id="categories-title">Categories</h3>
      <p className="muted store-hint">The site lists services under their category, in this order.</p>
      {notice && <p role={notice.error ? "alert" : "status"} className={notice.error ? "error" : "ok"}>{notice.text}</p>}
      {categories.isError && <p role="alert" className="error">{categories.error.message}</p>}
      {categories.isPending && <p className="loading">Loading…</p>}
      {categories.isSuccess && list.length === 0 && <p className="muted">No categories yet.</p>}
      {list.length > 0 && (
        <ol className="plain category-list" aria-label="Categories">
          {list.map((c, i) => (
            <li key={c.id} className="category-row">
              {renaming === c.id ? (
                <NameForm
                  label={`New name for ${c.name}`}
                  initial={c.name}
                  submit="Save"
                  max={CATEGORY_NAME_MAX}
                  onSave={async (name) => {
                    await saveOne(slug, CATEGORIES, { name }, c);
                    setRenaming(undefined);
                    await done("Renamed.");
                  }}
                  onCancel={() => setRenaming(undefined)}
                />
              ) : (
                <>
                  <span className="store-name category-name">{c.name}</span>
                  <span className="muted store-sub">{count(c) === 1 ? "1 service" : `${count(c)} services`}</span>
                  <div className="actions category-actions">
                    <button type="button" className="quiet icon-button" aria-label={`Move ${c.name} up`} disabled={i === 0 || move.isPending} onClick={() => move.mutate({ id: c.id, by: -1 })}>
                      <ArrowUp size={16} aria-hidden="true" />
                    </button>
                    <button type="button" className="quiet icon-button" aria-label={`Move ${c.name} down`} disabled={i === list.length - 1 || move.isPending} onClick={() => move.mutate({ id: c.id, by: 1 })}>
                      <ArrowDown size={16} aria-hidden="true" />
                    </button>
                    <button type="button" className="quiet" aria-label={`Rename ${c.name}`} onClick={() => { setRenaming(c.id); setNotice(null); }}>Rename</button>
                    <ConfirmButton
                      label={<>Delete<span className="sr-only"> {c.name}</span></>}
                      className="quiet danger"
                      title={`Delete the category ${c.name}?`}
                      description={count(c) > 0 ? "Its services stay, without a category." : "No service is in it."}
                      confirm="Delete"
                      onConfirm={() => remove.mutate(c)}
                    />
                  </div>
                </>
              )}
            </li>
          ))}
        </ol>
      )}
      <NameForm
        label="New category"
        submit={<><Plus size={16} aria-hidden="true" /> Add category</>}
        max={CATEGORY_NAME_MAX}
        placeholder="Hair"
        onSave={async (name) => {
          await saveOne(slug, CATEGORIES, { name, sortOrder: nextOrder(list) });
          await done(`${name} is added.`);
        }}
      />
    </section>
  );
}
