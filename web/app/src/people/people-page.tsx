import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { Navigate, useNavigate, useParams } from "react-router";
import { api } from "../api";
import type { SectionPlace } from "../sections";
import { ConfirmButton } from "../ui/confirm";
import { Tab, TabList, TabPanel, Tabs } from "../ui/tabs";
import { type Contact, type Email, type Member, type MemberRole, type MemberSettings, contactName, roleTitles } from "./people";
import { CsvImportButton } from "../csv-import-button";

/** The tabs, each at /sites/<slug>/people/<id> (the first also at /people itself). */
const TABS = [
  { id: "members", label: "Members" },
  { id: "contacts", label: "Contacts" },
  { id: "outbox", label: "Outbox" },
  { id: "signup", label: "Sign-up & roles" },
] as const;
type TabId = (typeof TABS)[number]["id"];

function tabAt(rest: string) {
  return rest === "" ? TABS[0] : TABS.find((t) => t.id === rest);
}

/** The breadcrumb's item in People: the open tab, past the first. */
export function peopleTabCrumb({ rest }: SectionPlace) {
  return rest === "" ? null : tabAt(rest)?.label;
}

/** Site members, CRM contacts, the site's email and how people join. */
export function PeoplePage() {
  const { slug = "", "*": rest = "" } = useParams();
  const navigate = useNavigate();
  const tab = tabAt(rest);
  if (!tab) return <Navigate to={`/sites/${slug}/people`} replace />;
  // A tab is a place in the address, so a reload or a shared link opens the same tab.
  const open = (id: string) => navigate(`/sites/${slug}/people${id === TABS[0].id ? "" : `/${id}`}`, { replace: true });
  return (
    <>
      <h1>People</h1>
      <Tabs value={tab.id} onValueChange={open}>
        <TabList aria-label="People">
          {TABS.map((t) => (
            <Tab key={t.id} value={t.id}>{t.label}</Tab>
          ))}
        </TabList>
        <TabPanel value={"members" satisfies TabId}><MembersTab slug={slug} /></TabPanel>
        <TabPanel value={"contacts" satisfies TabId}><ContactsTab slug={slug} /></TabPanel>
        <TabPanel value={"outbox" satisfies TabId}><OutboxTab slug={slug} /></TabPanel>
        <TabPanel value={"signup" satisfies TabId}><SettingsTab slug={slug} /></TabPanel>
      </Tabs>
    </>
  );
}

const siteHeader = (slug: string) => ({ "wix-site-id": slug });

function useRoles(slug: string) {
  return useQuery({
    queryKey: ["member-roles", slug],
    queryFn: async () => (await api<{ roles: MemberRole[] }>("GET", `/api/v1/sites/${slug}/member-roles`)).roles,
  });
}

function MembersTab({ slug }: { slug: string }) {
  const client = useQueryClient();
  const roles = useRoles(slug);
  const members = useQuery({
    queryKey: ["members", slug],
    queryFn: async () =>
      (await api<{ members: Member[] }>("POST", "/members/v1/members/query", { query: { paging: { limit: 100 } } }, siteHeader(slug))).members,
  });
  const act = useMutation({
    mutationFn: ({ id, action }: { id: string; action: "approve" | "block" | "delete" }) =>
      action === "delete"
        ? api("DELETE", `/members/v1/members/${id}`, undefined, siteHeader(slug))
        : api("POST", `/members/v1/members/${id}/${action}`, {}, siteHeader(slug)),
    onSuccess: () => client.invalidateQueries({ queryKey: ["members", slug] }),
  });
  const setRoles = useMutation({
    mutationFn: ({ id, keys }: { id: string; keys: string[] }) => api("PUT", `/api/v1/sites/${slug}/members/${id}/roles`, { roles: keys }),
    onSuccess: () => client.invalidateQueries({ queryKey: ["members", slug] }),
  });
  const error = members.error ?? act.error ?? setRoles.error;
  return (
    <section className="card" aria-labelledby="members-title">
      <h2 id="members-title">Members</h2>
      {error && <p role="alert" className="error">{error.message}</p>}
      {members.data?.length === 0 && <p className="muted">Nobody has joined yet. Visitors sign up at the site's /signup page.</p>}
      <table>
        <thead>
          <tr><th scope="col">Email</th><th scope="col">Name</th><th scope="col">Status</th><th scope="col">Roles and badges</th><th scope="col">Joined</th><th scope="col"><span className="sr-only">Actions</span></th></tr>
        </thead>
        <tbody>
          {members.data?.map((m) => (
            <tr key={m.id}>
              <td>{m.loginEmail} {!m.loginEmailVerified && <span className="badge">unconfirmed</span>}</td>
              <td>{[m.contact.firstName, m.contact.lastName].filter(Boolean).join(" ") || m.profile.nickname}</td>
              <td><span className={m.status === "APPROVED" ? "badge live" : "badge"}>{m.status.toLowerCase()}</span></td>
              <td>
                {(roles.data ?? []).map((r) => (
                  <label key={r.id} className="check">
                    <input
                      type="checkbox"
                      checked={m.roles.includes(r.id)}
                      onChange={(e) =>
                        setRoles.mutate({ id: m.id, keys: e.target.checked ? [...m.roles, r.id] : m.roles.filter((k) => k !== r.id) })
                      }
                    />
                    {r.title}
                  </label>
                ))}
                {roles.data?.length === 0 && <span className="muted">{roleTitles(m.roles, []) || "–"}</span>}
              </td>
              <td>{new Date(m.createdDate).toLocaleDateString()}</td>
              <td className="actions">
                {m.status !== "APPROVED" && (
                  <button type="button" className="quiet" onClick={() => act.mutate({ id: m.id, action: "approve" })}>Approve</button>
                )}
                {m.status !== "BLOCKED" && (
                  <button type="button" className="quiet" onClick={() => act.mutate({ id: m.id, action: "block" })}>Block</button>
                )}
                <ConfirmButton
                  label="Delete"
                  className="quiet danger"
                  title={`Delete ${m.loginEmail} and all their data?`}
                  description="This cannot be undone."
                  confirm="Delete"
                  onConfirm={() => act.mutate({ id: m.id, action: "delete" })}
                />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function ContactsTab({ slug }: { slug: string }) {
  const client = useQueryClient();
  const [search, setSearch] = useState("");
  const [open, setOpen] = useState<string | null>(null);
  const [notice, setNotice] = useState<{ text: string; error?: boolean } | null>(null);
  const contacts = useQuery({
    queryKey: ["contacts", slug, search],
    queryFn: async () => {
      const filter = search ? { $or: [{ "primaryInfo.email": { $contains: search } }, { "info.name.first": { $contains: search } }, { "info.name.last": { $contains: search } }] } : {};
      const query = { filter, sort: [{ fieldName: "createdDate", order: "DESC" }], paging: { limit: 100 } };
      return (await api<{ contacts: Contact[] }>("POST", "/contacts/v4/contacts/query", { query }, siteHeader(slug))).contacts;
    },
  });
  const importCsv = useMutation({
    mutationFn: async (file: File) => {
      const response = await fetch(`/api/v1/sites/${slug}/contacts/import`, {
        method: "POST",
        headers: { "content-type": "text/csv" },
        body: await file.text(),
        credentials: "same-origin",
      });
      const body = (await response.json()) as { created?: number; merged?: number; message?: string };
      if (!response.ok) throw new Error(body.message ?? "The import failed.");
      return body;
    },
    onSuccess: (r) => {
      setNotice({ text: `Imported: ${r.created ?? 0} new, ${r.merged ?? 0} merged into existing contacts.` });
      client.invalidateQueries({ queryKey: ["contacts", slug] });
    },
    onError: (e) => setNotice({ text: e.message, error: true }),
  });
  return (
    <section className="card" aria-labelledby="contacts-title">
      <h2 id="contacts-title">Contacts</h2>
      <div className="actions search">
        <label>
          Search
          <input type="search" value={search} onChange={(e) => setSearch(e.target.value)} placeholder="Email or name" />
        </label>
        <a className="button-link" href={`/api/v1/sites/${slug}/contacts.csv`} download>Export CSV</a>
        <CsvImportButton onFile={(file) => importCsv.mutate(file)} />
      </div>
      {notice && <p role={notice.error ? "alert" : "status"} className={notice.error ? "error" : "ok"}>{notice.text}</p>}
      {contacts.isError && <p role="alert" className="error">{contacts.error.message}</p>}
      {contacts.data?.length === 0 && <p className="muted">No contacts yet: members, form senders and imports appear here.</p>}
      <table>
        <thead>
          <tr><th scope="col">Name</th><th scope="col">Email</th><th scope="col">Phone</th><th scope="col">Labels</th><th scope="col">Source</th><th scope="col">Last activity</th></tr>
        </thead>
        <tbody>
          {contacts.data?.map((c) => (
            <tr key={c.id}>
              <td>
                <button type="button" className="quiet" aria-expanded={open === c.id} onClick={() => setOpen(open === c.id ? null : c.id)}>
                  {contactName(c)}
                </button>
                {open === c.id && <Timeline slug={slug} id={c.id} />}
              </td>
              <td>{c.primaryInfo.email}</td>
              <td>{c.primaryInfo.phone}</td>
              <td>{c.info.labelKeys.items.map((l) => <span key={l} className="badge">{l}</span>)}</td>
              <td>{c.source.sourceType.toLowerCase()}</td>
              <td>{c.lastActivity.activityDate ? `${c.lastActivity.activityType?.toLowerCase().replace("_", " ")}, ${new Date(c.lastActivity.activityDate).toLocaleString()}` : "–"}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

interface Activity {
  id: string;
  type: string;
  title: string;
  createdDate: string;
}

function Timeline({ slug, id }: { slug: string; id: string }) {
  const client = useQueryClient();
  const [note, setNote] = useState("");
  const activities = useQuery({
    queryKey: ["activities", slug, id],
    queryFn: async () => (await api<{ activities: Activity[] }>("GET", `/api/v1/sites/${slug}/contacts/${id}/activities`)).activities,
  });
  const addNote = useMutation({
    mutationFn: () => api("POST", `/api/v1/sites/${slug}/contacts/${id}/notes`, { text: note }),
    onSuccess: () => {
      setNote("");
      client.invalidateQueries({ queryKey: ["activities", slug, id] });
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    addNote.mutate();
  };
  return (
    <div className="timeline">
      <ul className="plain">
        {activities.data?.map((a) => (
          <li key={a.id}>
            <span className="badge">{a.type.toLowerCase().replace("_", " ")}</span> {a.title}{" "}
            <small>{new Date(a.createdDate).toLocaleString()}</small>
          </li>
        ))}
      </ul>
      <form className="inline-form" onSubmit={submit}>
        <label>
          Note
          <input value={note} onChange={(e) => setNote(e.target.value)} maxLength={5000} required />
        </label>
        <button type="submit" disabled={addNote.isPending}>Add note</button>
        {addNote.isError && <p role="alert" className="error">{addNote.error.message}</p>}
      </form>
    </div>
  );
}

function OutboxTab({ slug }: { slug: string }) {
  const [open, setOpen] = useState<string | null>(null);
  const emails = useQuery({
    queryKey: ["outbox", slug],
    queryFn: async () => (await api<{ emails: Email[] }>("GET", `/api/v1/sites/${slug}/outbox`)).emails,
  });
  return (
    <section className="card" aria-labelledby="outbox-title">
      <h2 id="outbox-title">Outbox</h2>
      <p className="muted">
        The site's email, newest first. Without an SMTP relay (<code>--smtp-url</code>) messages stay here with the status “kept”.
      </p>
      {emails.isError && <p role="alert" className="error">{emails.error.message}</p>}
      <table>
        <thead>
          <tr><th scope="col">To</th><th scope="col">Subject</th><th scope="col">Status</th><th scope="col">Created</th></tr>
        </thead>
        <tbody>
          {emails.data?.map((e) => (
            <tr key={e.id}>
              <td>{e.to}</td>
              <td>
                <button type="button" className="quiet" aria-expanded={open === e.id} onClick={() => setOpen(open === e.id ? null : e.id)}>
                  {e.subject}
                </button>
                {open === e.id && <pre className="email-text">{e.text}</pre>}
              </td>
              <td>
                <span className={e.status === "sent" ? "badge live" : "badge"}>{e.status}</span>
                {e.lastError && <small className="error"> {e.lastError}</small>}
              </td>
              <td>{new Date(e.createdAt).toLocaleString()}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function SettingsTab({ slug }: { slug: string }) {
  const client = useQueryClient();
  const settings = useQuery({
    queryKey: ["member-settings", slug],
    queryFn: () => api<MemberSettings>("GET", `/api/v1/sites/${slug}/members/settings`),
  });
  const roles = useRoles(slug);
  const save = useMutation({
    mutationFn: (next: MemberSettings) => api<MemberSettings>("PUT", `/api/v1/sites/${slug}/members/settings`, { ...next }),
    onSuccess: (s) => client.setQueryData(["member-settings", slug], s),
  });
  const [role, setRole] = useState({ id: "", title: "", kind: "role" as MemberRole["kind"] });
  const addRole = useMutation({
    mutationFn: () => api("PUT", `/api/v1/sites/${slug}/member-roles/${encodeURIComponent(role.id)}`, { kind: role.kind, title: role.title }),
    onSuccess: () => {
      setRole({ id: "", title: "", kind: "role" });
      client.invalidateQueries({ queryKey: ["member-roles", slug] });
    },
  });
  const removeRole = useMutation({
    mutationFn: (id: string) => api("DELETE", `/api/v1/sites/${slug}/member-roles/${encodeURIComponent(id)}`),
    onSuccess: () => client.invalidateQueries({ queryKey: ["member-roles", slug] }),
  });
  const s = settings.data;
  return (
    <div className="columns">
      <section className="card" aria-labelledby="signup-title">
        <h2 id="signup-title">Sign-up</h2>
        {s && (
          <div className="schema-form">
            <label>
              Who may join
              <select value={s.signup} onChange={(e) => save.mutate({ ...s, signup: e.target.value as MemberSettings["signup"] })}>
                <option value="open">Anyone, at once</option>
                <option value="approval">Anyone, after I approve them</option>
              </select>
            </label>
            <label className="check">
              <input type="checkbox" checked={s.verifyEmail} onChange={(e) => save.mutate({ ...s, verifyEmail: e.target.checked })} />
              New members confirm their email before they can log in
            </label>
            {save.isError && <p role="alert" className="error">{save.error.message}</p>}
            {save.isSuccess && <p role="status" className="ok">Saved.</p>}
          </div>
        )}
      </section>
      <section className="card" aria-labelledby="roles-title">
        <h2 id="roles-title">Roles and badges</h2>
        <p className="muted">A role limits pages and collections to the members who hold it; a badge is shown on their account.</p>
        <ul className="plain">
          {roles.data?.map((r) => (
            <li key={r.id}>
              <strong>{r.title}</strong> <code>{r.id}</code> <span className="badge">{r.kind}</span>
              <button type="button" className="quiet danger" onClick={() => removeRole.mutate(r.id)} aria-label={`Delete ${r.title}`}>Delete</button>
            </li>
          ))}
        </ul>
        <form
          className="inline-form"
          onSubmit={(e) => {
            e.preventDefault();
            addRole.mutate();
          }}
        >
          <label>
            Title
            <input
              value={role.title}
              required
              onChange={(e) => setRole({ ...role, title: e.target.value, id: role.id || "" })}
              onBlur={() => !role.id && setRole({ ...role, id: role.title.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "") })}
            />
          </label>
          <label>
            Key
            <input value={role.id} required aria-invalid={addRole.error instanceof Error && /id|key/i.test(addRole.error.message)} onChange={(e) => setRole({ ...role, id: e.target.value })} />
          </label>
          <label>
            Kind
            <select value={role.kind} onChange={(e) => setRole({ ...role, kind: e.target.value as MemberRole["kind"] })}>
              <option value="role">Role</option>
              <option value="badge">Badge</option>
            </select>
          </label>
          <button type="submit" disabled={addRole.isPending}>Add</button>
          {addRole.isError && <p role="alert" className="error">{addRole.error.message}</p>}
        </form>
      </section>
    </div>
  );
}
