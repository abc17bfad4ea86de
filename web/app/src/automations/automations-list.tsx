// The automations of a site (at automations): recipes to start from, and each automation
// with its trigger, what it does, a switch that pauses or resumes it, and delete.

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Bell, CalendarClock, Mail, Plus, ShoppingCart, UserPlus, Workflow } from "lucide-react";
import { useState } from "react";
import { Link } from "react-router";
import { ConfirmButton } from "../ui/confirm";
import { Notice, type NoticeText } from "../ui/notice";
import { Switch } from "../ui/switch";
import { ACTION_WORDS, type Automation, automationsApi, CUSTOM_PREFIX, draftOf, delayWords, SCHEDULE } from "./automations";
import { refreshAutomations, useAutomations, useTriggers } from "./queries";
import { RECIPES } from "./recipes";

const RECIPE_ICONS: Record<string, typeof Mail> = {
  "thank-form-sender": Mail,
  "booking-reminder": CalendarClock,
  "abandoned-cart": ShoppingCart,
  "welcome-member": UserPlus,
};

export function AutomationsList({ slug }: { slug: string }) {
  const client = useQueryClient();
  const automations = useAutomations(slug);
  const triggers = useTriggers(slug);
  const [notice, setNotice] = useState<NoticeText | null>(null);
  const base = `/sites/${slug}/automations`;
  const titleOf = (a: Automation) => {
    const e = a.trigger.eventType;
    if (e.startsWith(CUSTOM_PREFIX)) return `Custom trigger “${e.slice(CUSTOM_PREFIX.length)}”`;
    if (e === SCHEDULE) return `On a schedule (${a.trigger.cron ?? ""}, ${a.trigger.timeZone ?? "UTC"})`;
    return triggers.data?.find((t) => t.name === e)?.title ?? e;
  };
  const toggle = useMutation({
    mutationFn: (a: Automation) =>
      automationsApi(slug, "PATCH", `/_automations/v1/automations/${encodeURIComponent(a.id)}`, {
        automation: { status: a.status === "ACTIVE" ? "INACTIVE" : "ACTIVE" },
      }),
    onSuccess: (_, a) => {
      setNotice({ text: `${a.name} is ${a.status === "ACTIVE" ? "paused: its waiting runs stop" : "on again"}.` });
      void refreshAutomations(client, slug);
    },
    onError: (e) => setNotice({ text: e.message, error: true }),
  });
  const remove = useMutation({
    mutationFn: (a: Automation) => automationsApi(slug, "DELETE", `/_automations/v1/automations/${encodeURIComponent(a.id)}`),
    onSuccess: (_, a) => {
      setNotice({ text: `${a.name} is deleted.` });
      void refreshAutomations(client, slug);
    },
    onError: (e) => setNotice({ text: e.message, error: true }),
  });
  const offered = RECIPES.filter((r) => triggers.data?.some((t) => t.name === r.eventType));
  const list = automations.data ?? [];
  return (
    <>
      <Notice notice={notice} />
      <section aria-labelledby="recipes-title" className="recipes-block">
        <div className="store-head">
          <h2 id="recipes-title">Start from a recipe</h2>
          <Link to={`${base}/new`} className="button-link store-new">
            <Plus size={16} aria-hidden="true" /> New automation
          </Link>
        </div>
        <ul className="recipes">
          {offered.map((r) => {
            const Icon = RECIPE_ICONS[r.id] ?? Workflow;
            return (
              <li key={r.id}>
                <Link to={`${base}/new?recipe=${r.id}`} className="recipe">
                  <span className="recipe-icon" aria-hidden="true"><Icon size={20} /></span>
                  <span className="recipe-title">{r.title}</span>
                  <span className="recipe-text">{r.description}</span>
                </Link>
              </li>
            );
          })}
        </ul>
      </section>

      <h2 className="automations-title">Your automations</h2>
      {automations.isError && <p role="alert" className="error">{automations.error.message}</p>}
      {automations.isSuccess && list.length === 0 ? (
        <div className="store-empty">
          <Workflow size={28} aria-hidden="true" />
          <p>No automations yet. Start from a recipe above, or build one: when something happens on the site, wait if you like, then email, call a webhook, add a CMS item or tell yourself.</p>
        </div>
      ) : (
        <table className="store-table automations-table">
          <thead>
            <tr>
              <th scope="col">Automation</th>
              <th scope="col">When</th>
              <th scope="col">Then</th>
              <th scope="col">On</th>
              <th scope="col"><span className="sr-only">Actions</span></th>
            </tr>
          </thead>
          <tbody>
            {list.map((a) => (
              <tr key={a.id}>
                <th scope="row">
                  <Link to={`${base}/${encodeURIComponent(a.id)}`} className="store-name">{a.name}</Link>
                  {a.stoppedReason && a.status === "INACTIVE" && <div className="error store-sub">Stopped: {a.stoppedReason}</div>}
                </th>
                <td>
                  {titleOf(a)}
                  <div className="muted store-sub">
                    {(a.conditions?.rules?.length ?? 0) > 0 && `${a.conditions?.rules?.length} condition${a.conditions?.rules?.length === 1 ? "" : "s"}, `}
                    {delayWords(draftOf(a).delay, triggers.data?.find((t) => t.name === a.trigger.eventType)?.fields ?? [])}
                  </div>
                </td>
                <td>
                  <ul className="action-chips">
                    {a.actions.map((x, i) => (
                      <li key={i}>{x.type === "NOTIFY_OWNER" ? <Bell size={12} aria-hidden="true" /> : null}{ACTION_WORDS[x.type].title}</li>
                    ))}
                  </ul>
                </td>
                <td>
                  <Switch aria-label={`${a.name} is on`} checked={a.status === "ACTIVE"} disabled={toggle.isPending} onChange={() => toggle.mutate(a)} />
                </td>
                <td>
                  <div className="store-row store-row-actions">
                    <Link to={`${base}/runs?automation=${encodeURIComponent(a.id)}`} className="button-link quiet">Runs</Link>
                    <Link to={`${base}/${encodeURIComponent(a.id)}`} className="button-link quiet">Edit</Link>
                    <ConfirmButton
                      label="Delete"
                      className="quiet danger"
                      title={`Delete ${a.name}?`}
                      description="Its waiting runs stop, and its run history stays until it is forgotten after 30 days."
                      confirm="Delete"
                      onConfirm={() => remove.mutate(a)}
                    />
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
