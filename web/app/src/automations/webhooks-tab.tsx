// Webhooks (at automations/webhooks): the site's subscriptions — an address and the event
// types of the catalogue it wants — with on/off, a test message and delete; a new one's
// signing secret shown once to copy; and the delivery log with each answer and a replay.

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { ChevronDown, ChevronRight, Copy, Plus, RotateCcw, Send } from "lucide-react";
import { type FormEvent, Fragment, useState } from "react";
import { Dialog } from "../ui/dialog";
import { ConfirmButton } from "../ui/confirm";
import { Notice, type NoticeText } from "../ui/notice";
import { Switch } from "../ui/switch";
import { automationsApi } from "./automations";
import { refreshAutomations, useDeliveries, useSubscriptions, useTriggers } from "./queries";
import { byApp, type Delivery, eventsWords, type Subscription } from "./webhooks";

export function WebhooksTab({ slug }: { slug: string }) {
  const client = useQueryClient();
  const subscriptions = useSubscriptions(slug);
  const triggers = useTriggers(slug);
  const [adding, setAdding] = useState(false);
  const [secret, setSecret] = useState<{ url: string; secret: string } | null>(null);
  const [notice, setNotice] = useState<NoticeText | null>(null);
  const [shownFor, setShownFor] = useState("");
  const titleOf = (name: string) => triggers.data?.find((t) => t.name === name)?.title ?? name;
  const done = (text: string) => {
    setNotice({ text });
    void refreshAutomations(client, slug);
  };
  const failed = (e: Error) => setNotice({ text: e.message, error: true });
  const toggle = useMutation({
    mutationFn: (s: Subscription) => automationsApi(slug, "PATCH", `/_webhooks/v1/subscriptions/${encodeURIComponent(s.id)}`, { subscription: { enabled: !s.enabled } }),
    onSuccess: (_, s) => done(`The webhook to ${s.url} is ${s.enabled ? "off" : "on"}.`),
    onError: failed,
  });
  const test = useMutation({
    mutationFn: (s: Subscription) => automationsApi(slug, "POST", `/_webhooks/v1/subscriptions/${encodeURIComponent(s.id)}/test`, {}),
    onSuccess: (_, s) => {
      setShownFor(s.id);
      done(`A test message to ${s.url} is on its way: see it in the delivery log.`);
    },
    onError: failed,
  });
  const remove = useMutation({
    mutationFn: (s: Subscription) => automationsApi(slug, "DELETE", `/_webhooks/v1/subscriptions/${encodeURIComponent(s.id)}`),
    onSuccess: (_, s) => done(`The webhook to ${s.url} is deleted.`),
    onError: failed,
  });
  const list = subscriptions.data ?? [];
  return (
    <>
      <Notice notice={notice} />
      {secret && (
        <div className="secret-once" role="region" aria-label="Signing secret">
          <p>
            <strong>The signing secret of the webhook to {secret.url}.</strong> Copy it now: receivers check each message's <code>webhook-signature</code> with it (Standard Webhooks), and it is not shown again.
          </p>
          <div className="secret-row">
            <code data-testid="webhook-secret">{secret.secret}</code>
            <button type="button" className="secondary" onClick={() => void navigator.clipboard?.writeText(secret.secret).then(() => setNotice({ text: "The secret is copied." }))}>
              <Copy size={16} aria-hidden="true" /> Copy
            </button>
            <button type="button" className="quiet" onClick={() => setSecret(null)}>Done</button>
          </div>
        </div>
      )}
      <section className="card" aria-labelledby="subscriptions-title">
        <div className="store-head">
          <h2 id="subscriptions-title">Webhooks</h2>
          <button type="button" className="store-new" onClick={() => setAdding(true)}>
            <Plus size={16} aria-hidden="true" /> New webhook
          </button>
        </div>
        <p className="muted store-sub">Outside systems get the site's events as signed POSTs, retried for three days; a receiver that keeps failing is turned off and you are told.</p>
        {subscriptions.isError && <p role="alert" className="error">{subscriptions.error.message}</p>}
        {subscriptions.isSuccess && list.length === 0 ? (
          <p className="muted">No webhooks yet.</p>
        ) : (
          <table className="store-table">
            <thead>
              <tr>
                <th scope="col">URL</th>
                <th scope="col">Events</th>
                <th scope="col">On</th>
                <th scope="col"><span className="sr-only">Actions</span></th>
              </tr>
            </thead>
            <tbody>
              {list.map((s) => (
                <tr key={s.id}>
                  <th scope="row">
                    <span className="webhook-url">{s.url}</span>
                    {s.description && <div className="muted store-sub">{s.description}</div>}
                    {!s.enabled && s.disabledReason && <div className="error store-sub">Turned off: {s.disabledReason}</div>}
                  </th>
                  <td title={s.eventTypes.map(titleOf).join(", ")}>{eventsWords(s.eventTypes, titleOf)}</td>
                  <td><Switch aria-label={`The webhook to ${s.url} is on`} checked={s.enabled} onChange={() => toggle.mutate(s)} /></td>
                  <td>
                    <div className="store-row store-row-actions">
                      <button type="button" className="quiet" onClick={() => test.mutate(s)} disabled={!s.enabled}>
                        <Send size={14} aria-hidden="true" /> Send test
                      </button>
                      <ConfirmButton
                        label="Delete"
                        className="quiet danger"
                        title={`Delete the webhook to ${s.url}?`}
                        description="It gets no more events; deliveries still waiting are given up."
                        confirm="Delete"
                        onConfirm={() => remove.mutate(s)}
                      />
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <DeliveryLog slug={slug} subscriptions={list} titleOf={titleOf} subscriptionId={shownFor} setSubscriptionId={setShownFor} />
      <NewWebhookDialog
        slug={slug}
        open={adding}
        onOpenChange={setAdding}
        onCreated={(s) => {
          setAdding(false);
          setSecret({ url: s.url, secret: s.secret ?? "" });
          done(`The webhook to ${s.url} is created.`);
        }}
      />
    </>
  );
}

function NewWebhookDialog({ slug, open, onOpenChange, onCreated }: { slug: string; open: boolean; onOpenChange: (o: boolean) => void; onCreated: (s: Subscription) => void }) {
  const triggers = useTriggers(slug);
  const [url, setUrl] = useState("https://");
  const [description, setDescription] = useState("");
  const [all, setAll] = useState(false);
  const [chosen, setChosen] = useState<string[]>([]);
  const [error, setError] = useState<string | null>(null);
  const create = useMutation({
    mutationFn: async () =>
      (await automationsApi<{ subscription: Subscription }>(slug, "POST", "/_webhooks/v1/subscriptions", {
        subscription: { url: url.trim(), description, eventTypes: all ? ["*"] : chosen },
      })).subscription,
    onSuccess: (s) => {
      setUrl("https://");
      setDescription("");
      setChosen([]);
      setAll(false);
      setError(null);
      onCreated(s);
    },
    onError: (e) => setError(e.message),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!all && chosen.length === 0) return setError("Choose the events it gets, or all of them.");
    create.mutate();
  };
  const types = (triggers.data ?? []).filter((t) => !t.kind);
  const flip = (name: string) => setChosen((c) => (c.includes(name) ? c.filter((x) => x !== name) : [...c, name]));
  return (
    <Dialog open={open} onOpenChange={onOpenChange} title="New webhook" className="dialog-wide webhook-dialog">
      <form onSubmit={submit} noValidate>
        <div className="store-field">
          <label htmlFor="webhook-url">Receiver URL</label>
          <input id="webhook-url" type="url" value={url} onChange={(e) => setUrl(e.target.value)} />
        </div>
        <div className="store-field">
          <label htmlFor="webhook-description">Description <small>optional</small></label>
          <input id="webhook-description" value={description} onChange={(e) => setDescription(e.target.value)} />
        </div>
        <fieldset className="webhook-events">
          <legend>Events</legend>
          <label className="check">
            <input type="checkbox" checked={all} onChange={(e) => setAll(e.target.checked)} /> All events, and those added later
          </label>
          {!all && (
            <div className="webhook-event-groups">
              {byApp(types).map(([app, list]) => (
                <div key={app} role="group" aria-label={app}>
                  <h4>{app}</h4>
                  {list.map((t) => (
                    <label key={t.name} className="check">
                      <input type="checkbox" checked={chosen.includes(t.name)} onChange={() => flip(t.name)} /> {t.title}
                    </label>
                  ))}
                </div>
              ))}
            </div>
          )}
        </fieldset>
        {error && <p className="error" role="alert">{error}</p>}
        <div className="dialog-actions">
          <button type="button" className="secondary" onClick={() => onOpenChange(false)}>Cancel</button>
          <button type="submit" disabled={create.isPending}>{create.isPending ? "Creating…" : "Create webhook"}</button>
        </div>
      </form>
    </Dialog>
  );
}

function DeliveryLog({ slug, subscriptions, titleOf, subscriptionId, setSubscriptionId }: {
  slug: string;
  subscriptions: Subscription[];
  titleOf: (name: string) => string;
  subscriptionId: string;
  setSubscriptionId: (id: string) => void;
}) {
  const client = useQueryClient();
  const deliveries = useDeliveries(slug, subscriptionId);
  const [open, setOpen] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const replay = useMutation({
    mutationFn: (d: Delivery) => automationsApi(slug, "POST", `/_webhooks/v1/deliveries/${encodeURIComponent(d.id)}/replay`, {}),
    onSuccess: () => {
      setError(null);
      void refreshAutomations(client, slug);
    },
    onError: (e) => setError(e.message),
  });
  const urlOf = (id: string) => subscriptions.find((s) => s.id === id)?.url ?? "a deleted webhook";
  const list = deliveries.data ?? [];
  return (
    <section className="card" aria-labelledby="deliveries-title">
      <div className="store-head">
        <h2 id="deliveries-title">Delivery log</h2>
        <select aria-label="Webhook" value={subscriptionId} onChange={(e) => setSubscriptionId(e.target.value)} className="store-new">
          <option value="">All webhooks</option>
          {subscriptions.map((s) => <option key={s.id} value={s.id}>{s.url}</option>)}
        </select>
      </div>
      {error && <p className="error" role="alert">{error}</p>}
      {deliveries.isError && <p role="alert" className="error">{deliveries.error.message}</p>}
      {deliveries.isSuccess && list.length === 0 ? (
        <p className="muted">Nothing sent yet.</p>
      ) : (
        <table className="store-table deliveries-table">
          <thead>
            <tr>
              <th scope="col">Event</th>
              <th scope="col">To</th>
              <th scope="col">Status</th>
              <th scope="col">Answer</th>
              <th scope="col">Sent</th>
              <th scope="col"><span className="sr-only">Actions</span></th>
            </tr>
          </thead>
          <tbody>
            {list.map((d) => (
              <Fragment key={d.id}>
                <tr>
                  <th scope="row">
                    <button type="button" className="quiet run-toggle" aria-expanded={open === d.id} onClick={() => setOpen(open === d.id ? null : d.id)}>
                      {open === d.id ? <ChevronDown size={16} aria-hidden="true" /> : <ChevronRight size={16} aria-hidden="true" />}
                      {d.eventType === "webhook.test" ? "Test message" : titleOf(d.eventType)}
                    </button>
                  </th>
                  <td className="webhook-url">{urlOf(d.subscriptionId)}</td>
                  <td>
                    <span className={d.status === "DELIVERED" ? "badge live" : d.status === "FAILED" ? "badge run-failed" : "badge"}>{d.status.toLowerCase()}</span>
                    <div className="muted store-sub">{d.attempts} attempt{d.attempts === 1 ? "" : "s"}</div>
                  </td>
                  <td>{d.response ? <code>{d.response.status}</code> : d.error ? <span className="error store-sub">{d.error}</span> : "—"}</td>
                  <td>{new Date(d.updatedDate).toLocaleString()}</td>
                  <td>
                    {d.status !== "PENDING" && (
                      <button type="button" className="quiet" onClick={() => replay.mutate(d)} aria-label={`Replay ${d.id}`}>
                        <RotateCcw size={14} aria-hidden="true" /> Replay
                      </button>
                    )}
                  </td>
                </tr>
                {open === d.id && (
                  <tr className="run-details">
                    <td colSpan={6}>
                      <div className="run-io">
                        <div>
                          <h4>Sent <small><code>webhook-id: {d.id}</code></small></h4>
                          <pre className="json">{JSON.stringify(d.body, null, 2)}</pre>
                        </div>
                        <div>
                          <h4>Answer</h4>
                          <pre className="json">{d.response ? `${d.response.status}\n\n${d.response.body}` : d.error ?? "No answer yet."}</pre>
                        </div>
                      </div>
                    </td>
                  </tr>
                )}
              </Fragment>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
