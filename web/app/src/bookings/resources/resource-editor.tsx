// A resource's form at bookings/resources/<id> (bookings/resources/new?type=<type id> for a new
// one): its name and type, and its hours: around the clock, or its own per weekday (the hours
// editor the staff form uses). An edit sends the revision it read; a 409 offers a reload.

import { useParams, useSearchParams } from "react-router";
import { Field } from "../../stores/field";
import type { Resource } from "../bookings";
import { DocumentHead, DocumentPage, RemoveCard, useDocumentForm } from "../document-form";
import { deleteOne, getOne, RESOURCES, saveOne } from "../entities";
import { HoursCard } from "../hours/hours-editor";
import { useResource, useResourceTypes } from "../queries";
import { emptyResource, formOf, NAME_MAX, problems, resourceBody } from "./resources";

export function ResourceEditor({ slug }: { slug: string }) {
  const { resourceId } = useParams();
  const resource = useResource(slug, resourceId);
  const types = useResourceTypes(slug);
  return (
    <DocumentPage
      back={`/sites/${slug}/bookings/resources`}
      backLabel="All resources"
      error={resource.error ?? types.error}
      ready={types.data !== undefined && (resourceId === undefined || resource.data !== undefined)}
    >
      {() => <Editor key={resource.data?.id ?? "new"} slug={slug} resource={resource.data} />}
    </DocumentPage>
  );
}

function Editor({ slug, resource }: { slug: string; resource: Resource | undefined }) {
  const types = useResourceTypes(slug).data ?? [];
  const [params] = useSearchParams();
  const doc = useDocumentForm({
    slug,
    doc: resource,
    cacheKey: (id) => ["bookings-resource", slug, id],
    listPath: `/sites/${slug}/bookings/resources`,
    empty: () => emptyResource(params.get("type") ?? types[0]?.id ?? ""),
    toForm: formOf,
    problems,
    send: (f, s) => saveOne(slug, RESOURCES, resourceBody(f), s),
    fetch: (id) => getOne(slug, RESOURCES, id),
    remove: (id) => deleteOne(slug, RESOURCES, id),
  });
  const { saved, form, set, err, submit, remove } = doc;
  const typeName = types.find((t) => t.id === form.typeId)?.name ?? "resource";
  return (
    <form className="resource-editor" onSubmit={submit} aria-label={saved ? `Edit ${saved.name}` : "New resource"} noValidate>
      <DocumentHead doc={doc} title={saved ? saved.name : `New ${typeName}`} submit={saved ? "Save" : "Add resource"} />
      <div className="product-layout">
        <div className="product-main">
          <section className="card" aria-labelledby="resource-details-title">
            <h3 id="resource-details-title">Details</h3>
            <div className="store-row">
              <Field label="Name" error={err("name")}>
                {(props) => <input {...props} value={form.name} maxLength={NAME_MAX} onChange={(e) => set({ name: e.target.value })} placeholder={`${typeName} 1`} />}
              </Field>
              <Field label="Type" error={err("typeId")}>
                {(props) => (
                  <select {...props} value={form.typeId} onChange={(e) => set({ typeId: e.target.value })}>
                    {form.typeId === "" && <option value="">Choose…</option>}
                    {types.map((t) => (
                      <option key={t.id} value={t.id}>{t.name}</option>
                    ))}
                  </select>
                )}
              </Field>
            </div>
          </section>
          <HoursCard
            id="resource-hours"
            title="Available"
            usual="Around the clock"
            ownLabel="Its own hours"
            own={form.ownHours}
            onOwn={(ownHours) => set({ ownHours })}
            week={form.hours}
            onChange={(hours) => set({ hours })}
            otherwise={<p className="muted store-hint">Always there: bookable whenever the staff are.</p>}
            error={err("hours")}
          />
        </div>
        <div className="product-side">
          {saved && (
            <RemoveCard id="resource-remove" label="Remove resource" name={saved.name} onRemove={() => remove.mutate()}>
              It can no longer be booked. Bookings that hold it stay as they are.
            </RemoveCard>
          )}
        </div>
      </div>
    </form>
  );
}
