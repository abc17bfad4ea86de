// Collection schemas in the dashboard: create a collection, add and remove fields, change
// who may read and write its items. Every change goes through the Wix collections API.

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { api, type CollectionView, wixData } from "../api";

export const FIELD_TYPES = ["TEXT", "NUMBER", "BOOLEAN", "DATETIME", "DATE", "RICH_TEXT", "IMAGE", "URL", "ARRAY_STRING", "OBJECT", "REFERENCE"];
const LEVELS = [
  ["ANYONE", "Anyone"],
  ["SITE_MEMBER", "Site members"],
  ["SITE_MEMBER_AUTHOR", "The member who created the item"],
  ["CMS_EDITOR", "Site editors only"],
] as const;
const ACTIONS = [
  ["read", "Read items"],
  ["insert", "Add items"],
  ["update", "Change items"],
  ["remove", "Delete items"],
] as const;

type Permissions = Record<string, string>;

function PermissionFields({ value, onChange }: { value: Permissions; onChange: (p: Permissions) => void }) {
  return (
    <fieldset>
      <legend>Who may…</legend>
      {ACTIONS.map(([action, label]) => (
        <label key={action}>
          {label}
          <select value={value[action] ?? "CMS_EDITOR"} onChange={(e) => onChange({ ...value, [action]: e.currentTarget.value })}>
            {LEVELS.map(([level, text]) => <option key={level} value={level}>{text}</option>)}
          </select>
        </label>
      ))}
    </fieldset>
  );
}

export function CreateCollection({ slug }: { slug: string }) {
  const client = useQueryClient();
  const [fields, setFields] = useState([{ key: "title", type: "TEXT" }]);
  const [permissions, setPermissions] = useState<Permissions>({ read: "ANYONE", insert: "CMS_EDITOR", update: "CMS_EDITOR", remove: "CMS_EDITOR" });
  const [error, setError] = useState<string | null>(null);
  const create = useMutation({
    mutationFn: (body: Record<string, unknown>) => wixData(slug, "collections", { collection: body }),
    onSuccess: () => client.invalidateQueries({ queryKey: ["collections", slug] }),
  });
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    setError(null);
    create.mutate(
      {
        id: String(data.get("id")),
        displayName: String(data.get("displayName") || data.get("id")),
        fields: fields.filter((f) => f.key.trim() !== ""),
        permissions,
      },
      { onSuccess: () => form.reset(), onError: (e) => setError(e.message) },
    );
  };
  return (
    <form onSubmit={submit} className="schema-form" aria-label="New collection">
      <label>
        Collection ID
        <input name="id" required pattern="[A-Za-z][A-Za-z0-9_-]*" placeholder="Posts" />
      </label>
      <label>
        Display name
        <input name="displayName" />
      </label>
      <fieldset>
        <legend>Fields</legend>
        {fields.map((f, i) => (
          <div key={i} className="field-row">
            <input aria-label={`Field ${i + 1} key`} value={f.key} onChange={(e) => setFields(fields.map((g, j) => (j === i ? { ...g, key: e.currentTarget.value } : g)))} />
            <select aria-label={`Field ${i + 1} type`} value={f.type} onChange={(e) => setFields(fields.map((g, j) => (j === i ? { ...g, type: e.currentTarget.value } : g)))}>
              {FIELD_TYPES.map((t) => <option key={t}>{t}</option>)}
            </select>
            <button type="button" className="quiet danger" aria-label={`Remove field ${i + 1}`} onClick={() => setFields(fields.filter((_, j) => j !== i))}>Remove</button>
          </div>
        ))}
        <button type="button" className="quiet" onClick={() => setFields([...fields, { key: "", type: "TEXT" }])}>Add a field</button>
      </fieldset>
      <PermissionFields value={permissions} onChange={setPermissions} />
      {error && <p role="alert" className="error">{error}</p>}
      <button type="submit" disabled={create.isPending}>Create collection</button>
    </form>
  );
}

/** The fields and permissions of an existing collection. */
export function SchemaEditor({ slug, collection }: { slug: string; collection: CollectionView }) {
  const client = useQueryClient();
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const refresh = () => {
    setError(null);
    return client.invalidateQueries({ queryKey: ["collection", slug, collection.id] });
  };
  const run = (work: Promise<unknown>, done: string) =>
    work.then(() => { setStatus(done); return refresh(); }).catch((e: Error) => { setStatus(null); setError(e.message); });
  const [newType, setNewType] = useState("TEXT");
  const collections = useQuery({
    queryKey: ["collections", slug],
    queryFn: async () => (await api<{ collections: CollectionView[] }>("GET", "/wix-data/v2/collections", undefined, { "wix-site-id": slug })).collections,
    enabled: newType === "REFERENCE",
  });
  const addField = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    const key = String(data.get("key"));
    const field: Record<string, string> = { key, type: newType };
    if (newType === "REFERENCE") field["referencedCollectionId"] = String(data.get("target"));
    run(wixData(slug, "collections/create-field", { dataCollectionId: collection.id, field }), `Field ${key} added.`).then(() => {
      form.reset();
      setNewType("TEXT");
    });
  };
  const deleteField = (key: string) =>
    run(wixData(slug, "collections/delete-field", { dataCollectionId: collection.id, fieldKey: key }), `Field ${key} deleted.`);
  const savePermissions = (permissions: Permissions) =>
    run(api("PUT", "/wix-data/v2/collections", { collection: { ...collection, permissions } }, { "wix-site-id": slug }), "Permissions saved.");
  const userFields = collection.fields.filter((f) => !f.key.startsWith("_"));
  return (
    <details className="card schema">
      <summary>Fields and permissions</summary>
      <ul className="plain">
        {userFields.map((f) => (
          <li key={f.key}>
            <code>{f.key}</code> <span className="badge">{f.type}</span>
            {f.referencedCollectionId && <span className="muted"> → {f.referencedCollectionId}</span>}
            <button type="button" className="quiet danger" aria-label={`Delete field ${f.key}`} onClick={() => deleteField(f.key)}>Delete</button>
          </li>
        ))}
      </ul>
      <form onSubmit={addField} className="field-row" aria-label="Add a field">
        <input name="key" aria-label="New field key" required placeholder="newField" />
        <select name="type" aria-label="New field type" value={newType} onChange={(e) => setNewType(e.currentTarget.value)}>
          {FIELD_TYPES.map((t) => <option key={t}>{t}</option>)}
        </select>
        {newType === "REFERENCE" && (
          <select name="target" aria-label="Refers to" required>
            {collections.data?.map((c) => <option key={c.id} value={c.id}>{c.displayName || c.id}</option>)}
          </select>
        )}
        <button type="submit" className="secondary">Add field</button>
      </form>
      <PermissionFields value={collection.permissions ?? {}} onChange={savePermissions} />
      {status && <p role="status" className="ok">{status}</p>}
      {error && <p role="alert" className="error">{error}</p>}
    </details>
  );
}
