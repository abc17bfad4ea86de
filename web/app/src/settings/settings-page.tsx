import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, type ReactNode, useState } from "react";
import { useParams } from "react-router";
import { api, type SiteView } from "../api";

// The site's settings: name, domains, collaborators and invitations, API keys, secrets.
// (SEO defaults, robots.txt and redirects belong to the document: the editor's Site panel.)

interface Collaborator {
  accountId: string;
  email: string;
  name: string;
  role: Role;
  addedAt: string;
}
interface Invite {
  id: string;
  email: string;
  role: Role;
  expiresAt: string;
  acceptUrl?: string;
}
interface ApiKey {
  id: string;
  name: string;
  role: Role;
  createdAt: string;
  key?: string;
}
interface Secret {
  name: string;
  updatedAt: string;
}
type Role = "owner" | "admin" | "developer" | "editor" | "viewer";
/** From most to least powerful: a developer has code and secrets, an editor content. */
const ROLES: Role[] = ["owner", "admin", "developer", "editor", "viewer"];

export function SettingsPage() {
  const { slug = "" } = useParams();
  const site = useQuery({ queryKey: ["site", slug], queryFn: () => api<SiteView>("GET", `/api/v1/sites/${slug}`) });
  if (site.isError) return <p role="alert" className="error">{site.error.message}</p>;
  if (!site.data) return <p className="loading">Loading…</p>;
  return (
    <>
      <h1>Settings</h1>
      <div className="columns">
        <NameCard site={site.data} />
        <DomainsCard slug={slug} />
      </div>
      <CollaboratorsCard slug={slug} />
      <div className="columns">
        <ApiKeysCard slug={slug} />
        <SecretsCard slug={slug} />
      </div>
    </>
  );
}

/** A card with a title, its error or notice, and content. */
function Card({ id, title, error, notice, children }: { id: string; title: string; error?: Error | null; notice?: string; children: ReactNode }) {
  return (
    <section className="card" aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      {error && <p role="alert" className="error">{error.message}</p>}
      {notice && <p role="status" className="ok">{notice}</p>}
      {children}
    </section>
  );
}

function NameCard({ site }: { site: SiteView }) {
  const client = useQueryClient();
  const [name, setName] = useState(site.name);
  const rename = useMutation({
    mutationFn: () => api<SiteView>("PATCH", `/api/v1/sites/${site.slug}`, { name }),
    onSuccess: (s) => client.setQueryData(["site", site.slug], s),
  });
  return (
    <Card id="name-title" title="Name" error={rename.error} notice={rename.isSuccess ? "Saved." : undefined}>
      <form className="inline-form" onSubmit={(e) => submit(e, () => rename.mutate())}>
        <label>
          Site name
          <input value={name} onChange={(e) => setName(e.target.value)} required maxLength={100} />
        </label>
        <button type="submit" disabled={rename.isPending}>Save</button>
      </form>
      <p className="muted">Address: <code>{site.slug}</code> · <a href={site.url} target="_blank" rel="noreferrer">{site.url}</a></p>
    </Card>
  );
}

function submit(e: FormEvent, run: () => void) {
  e.preventDefault();
  run();
}

function DomainsCard({ slug }: { slug: string }) {
  const client = useQueryClient();
  const [domain, setDomain] = useState("");
  const key = ["domains", slug];
  const domains = useQuery({ queryKey: key, queryFn: async () => (await api<{ domains: { domain: string }[] }>("GET", `/api/v1/sites/${slug}/domains`)).domains });
  const add = useMutation({
    mutationFn: () => api("POST", `/api/v1/sites/${slug}/domains`, { domain }),
    onSuccess: () => {
      setDomain("");
      client.invalidateQueries({ queryKey: key });
    },
  });
  const remove = useMutation({
    mutationFn: (d: string) => api("DELETE", `/api/v1/sites/${slug}/domains/${encodeURIComponent(d)}`),
    onSuccess: () => client.invalidateQueries({ queryKey: key }),
  });
  return (
    <Card id="domains-title" title="Domains" error={domains.error ?? add.error ?? remove.error}>
      <p className="muted">Point the domain's DNS at this server; the site then answers on it too.</p>
      <ul className="plain">
        {domains.data?.map((d) => (
          <li key={d.domain}>
            <code>{d.domain}</code>{" "}
            <button type="button" className="quiet danger" onClick={() => remove.mutate(d.domain)} aria-label={`Remove ${d.domain}`}>Remove</button>
          </li>
        ))}
      </ul>
      <form className="inline-form" onSubmit={(e) => submit(e, () => add.mutate())}>
        <label>
          Domain
          <input value={domain} onChange={(e) => setDomain(e.target.value)} placeholder="www.example.com" required />
        </label>
        <button type="submit" disabled={add.isPending}>Add domain</button>
      </form>
    </Card>
  );
}

function CollaboratorsCard({ slug }: { slug: string }) {
  const client = useQueryClient();
  const [invite, setInvite] = useState<{ email: string; role: Role }>({ email: "", role: "editor" });
  const [link, setLink] = useState<string | null>(null);
  const people = useQuery({
    queryKey: ["collaborators", slug],
    queryFn: async () => (await api<{ collaborators: Collaborator[] }>("GET", `/api/v1/sites/${slug}/collaborators`)).collaborators,
  });
  const invites = useQuery({
    queryKey: ["invites", slug],
    queryFn: async () => (await api<{ invites: Invite[] }>("GET", `/api/v1/sites/${slug}/invites`)).invites,
  });
  const refresh = () => {
    client.invalidateQueries({ queryKey: ["collaborators", slug] });
    client.invalidateQueries({ queryKey: ["invites", slug] });
  };
  const setRole = useMutation({
    mutationFn: ({ id, role }: { id: string; role: Role }) => api("PATCH", `/api/v1/sites/${slug}/collaborators/${id}`, { role }),
    onSettled: refresh,
  });
  const remove = useMutation({
    mutationFn: (id: string) => api("DELETE", `/api/v1/sites/${slug}/collaborators/${id}`),
    onSuccess: refresh,
  });
  const send = useMutation({
    mutationFn: () => api<Invite>("POST", `/api/v1/sites/${slug}/invites`, invite),
    onSuccess: (i) => {
      setLink(i.acceptUrl ?? null);
      setInvite({ email: "", role: "editor" });
      refresh();
    },
  });
  const cancel = useMutation({
    mutationFn: (id: string) => api("DELETE", `/api/v1/sites/${slug}/invites/${id}`),
    onSuccess: refresh,
  });
  return (
    <Card id="team-title" title="Collaborators" error={people.error ?? setRole.error ?? remove.error ?? send.error ?? cancel.error}>
      <table>
        <thead>
          <tr><th scope="col">Person</th><th scope="col">Role</th><th scope="col"><span className="sr-only">Actions</span></th></tr>
        </thead>
        <tbody>
          {people.data?.map((c) => (
            <tr key={c.accountId}>
              <td>{c.name} <small>{c.email}</small></td>
              <td>
                <select aria-label={`Role of ${c.email}`} value={c.role} onChange={(e) => setRole.mutate({ id: c.accountId, role: e.target.value as Role })}>
                  {ROLES.map((r) => <option key={r} value={r}>{r}</option>)}
                </select>
              </td>
              <td>
                <button type="button" className="quiet danger" onClick={() => remove.mutate(c.accountId)} aria-label={`Remove ${c.email}`}>Remove</button>
              </td>
            </tr>
          ))}
          {invites.data?.map((i) => (
            <tr key={i.id}>
              <td>{i.email} <span className="badge">invited</span></td>
              <td>{i.role}</td>
              <td>
                <button type="button" className="quiet danger" onClick={() => cancel.mutate(i.id)} aria-label={`Cancel the invitation of ${i.email}`}>Cancel</button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <form className="inline-form" onSubmit={(e) => submit(e, () => send.mutate())}>
        <label>
          Invite by email
          <input type="email" value={invite.email} onChange={(e) => setInvite({ ...invite, email: e.target.value })} required />
        </label>
        <label>
          Role
          <select value={invite.role} onChange={(e) => setInvite({ ...invite, role: e.target.value as Role })}>
            {ROLES.map((r) => <option key={r} value={r}>{r}</option>)}
          </select>
        </label>
        <button type="submit" disabled={send.isPending}>Invite</button>
      </form>
      {link && (
        <p role="status" className="ok">
          Send this link to the person you invited (it works once, for 7 days): <code>{link}</code>
        </p>
      )}
    </Card>
  );
}

function ApiKeysCard({ slug }: { slug: string }) {
  const client = useQueryClient();
  const [form, setForm] = useState<{ name: string; role: Role }>({ name: "", role: "editor" });
  const [created, setCreated] = useState<string | null>(null);
  const key = ["api-keys", slug];
  const keys = useQuery({ queryKey: key, queryFn: async () => (await api<{ apiKeys: ApiKey[] }>("GET", `/api/v1/sites/${slug}/api-keys`)).apiKeys });
  const create = useMutation({
    mutationFn: () => api<ApiKey>("POST", `/api/v1/sites/${slug}/api-keys`, form),
    onSuccess: (k) => {
      setCreated(k.key ?? null);
      setForm({ name: "", role: "editor" });
      client.invalidateQueries({ queryKey: key });
    },
  });
  const revoke = useMutation({
    mutationFn: (id: string) => api("DELETE", `/api/v1/sites/${slug}/api-keys/${id}`),
    onSuccess: () => client.invalidateQueries({ queryKey: key }),
  });
  return (
    <Card id="keys-title" title="API keys" error={keys.error ?? create.error ?? revoke.error}>
      <ul className="plain">
        {keys.data?.map((k) => (
          <li key={k.id}>
            <strong>{k.name}</strong> <span className="badge">{k.role}</span>{" "}
            <button type="button" className="quiet danger" onClick={() => revoke.mutate(k.id)} aria-label={`Revoke ${k.name}`}>Revoke</button>
          </li>
        ))}
      </ul>
      <form className="inline-form" onSubmit={(e) => submit(e, () => create.mutate())}>
        <label>
          Key name
          <input value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} required maxLength={100} />
        </label>
        <label>
          Role
          <select value={form.role} onChange={(e) => setForm({ ...form, role: e.target.value as Role })}>
            {ROLES.filter((r) => r !== "owner").map((r) => <option key={r} value={r}>{r}</option>)}
          </select>
        </label>
        <button type="submit" disabled={create.isPending}>Create key</button>
      </form>
      {created && (
        <p role="status" className="ok">
          Copy the key now; it is not shown again: <code>{created}</code>
        </p>
      )}
    </Card>
  );
}

function SecretsCard({ slug }: { slug: string }) {
  const client = useQueryClient();
  const [form, setForm] = useState({ name: "", value: "" });
  const key = ["secrets", slug];
  const secrets = useQuery({ queryKey: key, queryFn: async () => (await api<{ secrets: Secret[] }>("GET", `/api/v1/sites/${slug}/secrets`)).secrets });
  const put = useMutation({
    mutationFn: () => api("PUT", `/api/v1/sites/${slug}/secrets/${encodeURIComponent(form.name)}`, { value: form.value }),
    onSuccess: () => {
      setForm({ name: "", value: "" });
      client.invalidateQueries({ queryKey: key });
    },
  });
  const remove = useMutation({
    mutationFn: (name: string) => api("DELETE", `/api/v1/sites/${slug}/secrets/${encodeURIComponent(name)}`),
    onSuccess: () => client.invalidateQueries({ queryKey: key }),
  });
  return (
    <Card id="secrets-title" title="Secrets" error={secrets.error ?? put.error ?? remove.error}>
      <p className="muted">Backend code reads them with <code>getSecret(name)</code>; values are sealed and never shown again.</p>
      <ul className="plain">
        {secrets.data?.map((s) => (
          <li key={s.name}>
            <code>{s.name}</code> <small>changed {new Date(s.updatedAt).toLocaleString()}</small>{" "}
            <button type="button" className="quiet danger" onClick={() => remove.mutate(s.name)} aria-label={`Delete ${s.name}`}>Delete</button>
          </li>
        ))}
      </ul>
      <form className="inline-form" onSubmit={(e) => submit(e, () => put.mutate())}>
        <label>
          Secret name
          <input value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} required pattern="[A-Za-z0-9_-]{1,100}" />
        </label>
        <label>
          Value
          <input type="password" value={form.value} onChange={(e) => setForm({ ...form, value: e.target.value })} required autoComplete="off" />
        </label>
        <button type="submit" disabled={put.isPending}>Save secret</button>
      </form>
    </Card>
  );
}
