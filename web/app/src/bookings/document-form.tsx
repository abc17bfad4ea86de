// What the forms of the module's documents (a service, a staff member, a resource) do around
// their fields: the page with its way back, loading first; the form's state and problems, shown
// once submitted; create, then back to the list with a notice; save with the revision read, and
// on a 409 a reload that drops the edits; remove. `DocumentHead` is the title, notice and buttons.

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { ArrowLeft } from "lucide-react";
import { type FormEvent, type ReactNode, useState } from "react";
import { Link, useNavigate } from "react-router";
import { ApiError } from "../api";
import { ConfirmButton } from "../ui/confirm";
import { STALE } from "./bookings";
import { refreshBookings } from "./queries";

export interface Notice {
  text: string;
  error?: boolean;
  /** Changed elsewhere: only a reload is offered. */
  stale?: boolean;
}

/** The form's page: the link back to the list, and the form once what it needs has loaded. */
export function DocumentPage({ back, backLabel, error, ready, children }: {
  back: string;
  backLabel: string;
  error: Error | null;
  ready: boolean;
  children: () => ReactNode;
}) {
  const link = (
    <Link to={back} className="store-back">
      <ArrowLeft size={16} aria-hidden="true" /> {backLabel}
    </Link>
  );
  if (error) return <>{link}<p role="alert" className="error">{error.message}</p></>;
  if (!ready) return <p className="loading">Loading…</p>;
  return <>{link}{children()}</>;
}

export function useDocumentForm<D extends { id: string; name: string; revision?: string }, F, P extends object>(o: {
  slug: string;
  doc: D | undefined;
  /** The query key its GET is cached under. */
  cacheKey: (id: string) => unknown[];
  listPath: string;
  empty: () => F;
  toForm: (d: D) => F;
  problems: (f: F) => P;
  send: (f: F, saved: D | undefined) => Promise<D>;
  fetch: (id: string) => Promise<D>;
  remove: (id: string) => Promise<unknown>;
  /** The list's notice once it is created, and once removed. */
  added?: (d: D) => string;
  removed?: (d: D) => string;
}) {
  const client = useQueryClient();
  const navigate = useNavigate();
  const [saved, setSaved] = useState(o.doc);
  const [form, setForm] = useState<F>(() => (o.doc ? o.toForm(o.doc) : o.empty()));
  const [shown, setShown] = useState(false);
  const [notice, setNotice] = useState<Notice | null>(null);
  const errors = o.problems(form);
  const set = (patch: Partial<F>) => {
    setForm((f) => ({ ...f, ...patch }));
    if (!notice?.stale) setNotice(null);
  };
  const back = (text: string) => {
    void refreshBookings(client, o.slug);
    navigate(o.listPath, { state: { notice: text } });
  };
  const show = (d: D, text: string) => {
    client.setQueryData(o.cacheKey(d.id), d);
    void refreshBookings(client, o.slug);
    setSaved(d);
    setForm(o.toForm(d));
    setShown(false);
    setNotice({ text });
  };
  const failed = (e: Error) => setNotice({ text: e.message, error: true });
  const save = useMutation({
    mutationFn: () => o.send(form, saved),
    onSuccess: (d) => (saved ? show(d, "Saved.") : back(o.added?.(d) ?? `${d.name} is added.`)),
    onError: (e) =>
      e instanceof ApiError && e.code === STALE
        ? setNotice({ text: "Changed elsewhere since you opened it. Reload to see it (your edits here are dropped).", error: true, stale: true })
        : failed(e),
  });
  const reload = useMutation({ mutationFn: () => o.fetch(saved?.id ?? ""), onSuccess: (d) => show(d, "Reloaded."), onError: failed });
  const remove = useMutation({
    mutationFn: () => o.remove(saved?.id ?? ""),
    onSuccess: () => saved && back(o.removed?.(saved) ?? `${saved.name} is removed.`),
    onError: failed,
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setShown(true);
    if (Object.keys(errors).length > 0) {
      setNotice({ text: "Some fields need another look.", error: true });
      return;
    }
    save.mutate();
  };
  const err = (key: keyof P) => (shown ? (errors[key] as string | undefined) : undefined);
  return { saved, form, set, errors, shown, err, notice, submit, save, reload, remove };
}

/** A card that removes the saved document, once asked (`children` say what follows). */
export function RemoveCard({ id, label, name, onRemove, children }: { id: string; label: string; name: string; onRemove: () => void; children: ReactNode }) {
  return (
    <section className="card" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>Remove</h3>
      <ConfirmButton label={label} className="secondary danger" title={`Remove ${name}?`} description={children} confirm="Remove" onConfirm={onRemove} />
    </section>
  );
}

/** The form's title, its notice, Reload after a 409, and the submit button. */
export function DocumentHead({ title, submit, doc }: {
  title: string;
  submit: string;
  doc: Pick<ReturnType<typeof useDocumentForm>, "notice" | "save" | "reload">;
}) {
  const { notice, save, reload } = doc;
  return (
    <div className="store-head product-editor-head">
      <h2>{title}</h2>
      <div className="actions store-save">
        {notice && <p role={notice.error ? "alert" : "status"} className={notice.error ? "error" : "ok"}>{notice.text}</p>}
        {notice?.stale && (
          <button type="button" className="secondary" onClick={() => reload.mutate()} disabled={reload.isPending}>
            {reload.isPending ? "Reloading…" : "Reload"}
          </button>
        )}
        <button type="submit" disabled={save.isPending || notice?.stale === true}>{save.isPending ? "Saving…" : submit}</button>
      </div>
    </div>
  );
}
