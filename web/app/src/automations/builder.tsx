// The automation builder at automations/new (a recipe's draft with ?recipe=<id>) and
// automations/<id>: a flow read top to bottom — when (a trigger of the catalogue), only if
// (rules on the payload's fields, all or any), wait (a fixed time, or before or after a time
// of the event), then (up to 10 actions, their texts with the variable picker) — with the
// name, on/off and Save above, and beside it what the trigger's sample holds and "Test",
// which saves and runs the automation on that sample (edited, if the owner likes).

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { ArrowDown, ArrowLeft, ArrowUp, Bell, Clock, Code2, Copy, Database, Filter, FlaskConical, Mail, MessageSquare, NotebookPen, Plus, Tag, Trash2, UserCheck, UserMinus, Webhook, X, Zap } from "lucide-react";
import { type FormEvent, type ReactNode, useId, useMemo, useState } from "react";
import { Link, useLocation, useNavigate, useParams, useSearchParams } from "react-router";
import { api, type CollectionView } from "../api";
import { useSites } from "../sites-page";
import { Menu, MenuContent, MenuItem, MenuTrigger } from "../ui/menu";
import { Notice, type NoticeText } from "../ui/notice";
import { Switch } from "../ui/switch";
import {
  type Action,
  ACTION_OUTPUTS,
  ACTION_WORDS,
  type ActionType,
  type Automation,
  automationsApi,
  CUSTOM_PREFIX,
  type DelayMode,
  type Draft,
  delayWords,
  documentOf,
  draftOf,
  EMPTY_DRAFT,
  INBOUND,
  isItemEvent,
  leafFields,
  newAction,
  OPERATOR_WORDS,
  OPERATORS,
  type Operator,
  type PayloadField,
  problems,
  renderOnSample,
  type Run,
  sampleAt,
  SCHEDULE,
  takesValue,
  type Trigger,
  type Unit,
} from "./automations";
import { refreshAutomations, useAutomation, useTriggers } from "./queries";
import { RECIPES } from "./recipes";
import { TextWithVariables, type VariableGroup } from "./variable-picker";
import { byApp } from "./webhooks";

const ACTION_ICONS: Record<ActionType, typeof Mail> = {
  SEND_EMAIL: Mail,
  SEND_SMS: MessageSquare,
  WEBHOOK: Webhook,
  CREATE_ITEM: Database,
  ADD_LABEL: Tag,
  ADD_NOTE: NotebookPen,
  ASSIGN_ROLE: UserCheck,
  REMOVE_ROLE: UserMinus,
  NOTIFY_OWNER: Bell,
  RUN_FUNCTION: Code2,
};

/** The builder's page: a stored automation once loaded, or a new one (from a recipe). */
export function BuilderPage({ slug }: { slug: string }) {
  const { automationId } = useParams();
  const [search] = useSearchParams();
  const triggers = useTriggers(slug);
  const stored = useAutomation(slug, automationId);
  const base = `/sites/${slug}/automations`;
  const back = (
    <Link to={base} className="store-back">
      <ArrowLeft size={16} aria-hidden="true" /> Automations
    </Link>
  );
  const error = triggers.error ?? stored.error;
  if (error) return <>{back}<p role="alert" className="error">{error.message}</p></>;
  if (!triggers.data || (automationId && !stored.data)) return <p className="loading">Loading…</p>;
  const recipe = RECIPES.find((r) => r.id === search.get("recipe"));
  const initial = stored.data ? draftOf(stored.data) : recipe ? recipe.draft() : EMPTY_DRAFT;
  return (
    <>
      {back}
      <Builder key={automationId ?? recipe?.id ?? "new"} slug={slug} triggers={triggers.data} saved={stored.data} initial={initial} />
    </>
  );
}

function Builder({ slug, triggers, saved, initial }: { slug: string; triggers: Trigger[]; saved?: Automation; initial: Draft }) {
  const client = useQueryClient();
  const navigate = useNavigate();
  const justCreated = (useLocation().state as { created?: boolean } | null)?.created === true;
  const [draft, setDraft] = useState(initial);
  const [dirty, setDirty] = useState(!saved);
  const [shown, setShown] = useState(false);
  const [notice, setNotice] = useState<(NoticeText & { run?: Run }) | null>(null);
  const collections = useQuery({
    queryKey: ["collections", slug],
    queryFn: async () => (await api<{ collections: CollectionView[] }>("GET", "/wix-data/v2/collections", undefined, { "wix-site-id": slug })).collections,
    enabled: isItemEvent(draft.eventType),
  });
  const trigger = triggers.find((t) => t.name === draft.eventType);
  // A custom trigger's or an inbound address's payload is whatever is sent: fields are typed.
  const freeForm = draft.eventType === CUSTOM_PREFIX || draft.eventType === INBOUND;
  const fields = useMemo(() => payloadFields(trigger, collections.data?.find((c) => c.id === draft.collectionId)), [trigger, collections.data, draft.collectionId]);
  const [sample, setSample] = useState<string | null>(null);
  const sampleText = sample ?? JSON.stringify(trigger?.sample ?? {}, null, 2);
  const found = problems(draft);
  const show = (key: string) => (shown ? found[key] : undefined);
  const change = (patch: Partial<Draft>) => {
    setDraft((d) => ({ ...d, ...patch }));
    setDirty(true);
  };

  const save = useMutation({
    mutationFn: async () => {
      const body = { automation: documentOf(draft) };
      const answer = saved
        ? await automationsApi<{ automation: Automation }>(slug, "PATCH", `/_automations/v1/automations/${encodeURIComponent(saved.id)}`, body)
        : await automationsApi<{ automation: Automation }>(slug, "POST", "/_automations/v1/automations", body);
      return answer.automation;
    },
    onSuccess: async (a) => {
      setDirty(false);
      await refreshAutomations(client, slug);
      if (!saved) navigate(`/sites/${slug}/automations/${encodeURIComponent(a.id)}`, { replace: true, state: { created: true } });
      else setNotice({ text: "Saved." });
    },
    onError: (e) => setNotice({ text: e.message, error: true }),
  });
  const test = useMutation({
    mutationFn: async () => {
      let payload: unknown;
      try {
        payload = JSON.parse(sampleText);
      } catch {
        throw new Error("The test payload is not JSON: fix it or reset it to the sample.");
      }
      if (!saved) throw new Error("Save the automation before testing it.");
      if (dirty) await save.mutateAsync();
      return (await automationsApi<{ run: Run }>(slug, "POST", `/_automations/v1/automations/${encodeURIComponent(saved.id)}/test`, { payload })).run;
    },
    onSuccess: async (run) => {
      setNotice({ text: "A test run has started with the sample: it does every action, without the wait.", run });
      await refreshAutomations(client, slug);
    },
    onError: (e) => setNotice({ text: e.message, error: true }),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setShown(true);
    if (Object.keys(found).length === 0) save.mutate();
  };

  const eventGroup: VariableGroup = { label: `Event: ${trigger?.title ?? "the trigger"}`, scope: "event", fields: leafFields(fields) };
  const groupsFor = (index: number): VariableGroup[] => [
    eventGroup,
    ...draft.actions.slice(0, index).map((a, i) => ({ label: `Step ${i + 1}: ${ACTION_WORDS[a.type].title}`, scope: i, fields: ACTION_OUTPUTS[a.type] })),
  ];
  const setAction = (i: number, a: Action) => change({ actions: draft.actions.map((x, j) => (j === i ? a : x)) });
  const moveAction = (i: number, by: -1 | 1) => {
    const list = [...draft.actions];
    const [a] = list.splice(i, 1);
    if (a) list.splice(i + by, 0, a);
    change({ actions: list });
  };

  return (
    <form className="builder" onSubmit={submit} noValidate aria-label="Automation builder">
      <header className="builder-head">
        <div className="builder-name">
          <label htmlFor="automation-name" className="sr-only">Automation name</label>
          <input id="automation-name" value={draft.name} placeholder="Name this automation" onChange={(e) => change({ name: e.target.value })} aria-invalid={show("name") ? true : undefined} />
          {show("name") && <p className="error store-field-error">{show("name")}</p>}
        </div>
        <label className="builder-switch">
          <Switch checked={draft.active} onChange={(e) => change({ active: e.target.checked })} />
          {draft.active ? "Active" : "Paused"}
        </label>
        <button type="submit" disabled={save.isPending}>{save.isPending ? "Saving…" : saved ? "Save" : "Create automation"}</button>
      </header>
      {saved?.stoppedReason && saved.status === "INACTIVE" && <p className="store-notice error" role="alert">Stopped by the server: {saved.stoppedReason}</p>}
      {justCreated && !notice && !dirty && <p className="store-notice" role="status">The automation is created{draft.active ? " and on" : ""}.</p>}
      <Notice notice={notice}>
        {notice?.run && <> <Link to={`/sites/${slug}/automations/runs?automation=${encodeURIComponent(notice.run.automationId)}`}>See it in the run history</Link></>}
      </Notice>
      {shown && Object.keys(found).length > 0 && <p className="store-notice error" role="alert">The automation is not complete yet: see the marked steps.</p>}

      <div className="builder-layout">
        <ol className="flow">
          <Step icon={<Zap size={18} />} kicker="When" title={trigger ? trigger.title : "Choose a trigger"} error={show("trigger")}>
            <TriggerPicker triggers={triggers} draft={draft} change={change} collections={collections.data} saved={saved} slug={slug} />
          </Step>

          <Step icon={<Filter size={18} />} kicker="Only if" title={draft.rules.length === 0 ? "Always" : `${draft.match === "ALL" ? "All" : "Any"} of ${draft.rules.length} condition${draft.rules.length === 1 ? "" : "s"}`}>
            <Conditions draft={draft} change={change} fields={fields} sample={trigger?.sample} custom={freeForm} show={show} />
          </Step>

          <Step icon={<Clock size={18} />} kicker="Wait" title={delayWords(draft.delay, fields)} error={show("delay")}>
            <DelayEditor draft={draft} change={change} fields={fields} custom={freeForm} />
          </Step>

          {draft.actions.map((a, i) => {
            const Icon = ACTION_ICONS[a.type];
            return (
              <Step
                key={i}
                icon={<Icon size={18} />}
                kicker={`Then, step ${i + 1}`}
                title={ACTION_WORDS[a.type].title}
                error={show(`actions.${i}`)}
                tools={
                  <>
                    <button type="button" className="quiet icon-button" aria-label={`Move step ${i + 1} up`} disabled={i === 0} onClick={() => moveAction(i, -1)}><ArrowUp size={16} aria-hidden="true" /></button>
                    <button type="button" className="quiet icon-button" aria-label={`Move step ${i + 1} down`} disabled={i === draft.actions.length - 1} onClick={() => moveAction(i, 1)}><ArrowDown size={16} aria-hidden="true" /></button>
                    <button type="button" className="quiet icon-button danger" aria-label={`Remove step ${i + 1}`} onClick={() => change({ actions: draft.actions.filter((_, j) => j !== i) })}><Trash2 size={16} aria-hidden="true" /></button>
                  </>
                }
              >
                <ActionEditor action={a} index={i} onChange={(x) => setAction(i, x)} groups={groupsFor(i)} slug={slug} sample={trigger?.sample} />
              </Step>
            );
          })}

          <li className="flow-add">
            <Menu>
              <MenuTrigger asChild>
                <button type="button" className="secondary" disabled={draft.actions.length >= 10}>
                  <Plus size={16} aria-hidden="true" /> Add an action
                </button>
              </MenuTrigger>
              <MenuContent>
                {(Object.keys(ACTION_WORDS) as ActionType[]).map((t) => {
                  const Icon = ACTION_ICONS[t];
                  return (
                    <MenuItem key={t} onSelect={() => change({ actions: [...draft.actions, newAction(t)] })}>
                      <Icon size={16} aria-hidden="true" />
                      <span className="menu-two-lines"><span>{ACTION_WORDS[t].title}</span><small>{ACTION_WORDS[t].hint}</small></span>
                    </MenuItem>
                  );
                })}
              </MenuContent>
            </Menu>
            {show("actions") && <p className="error">{show("actions")}</p>}
          </li>
        </ol>

        <aside className="builder-side" aria-label="Test and sample">
          <section className="card">
            <h2><FlaskConical size={18} aria-hidden="true" /> Test</h2>
            <p className="muted store-sub">
              Runs every action now on this payload{draft.delay.mode === "NOW" ? "" : ", without the wait"}; emails land in the outbox. {freeForm ? "This trigger's payload is whatever is sent to it: write one here." : "It starts as the trigger's sample."}
            </p>
            <label htmlFor="test-payload" className="sr-only">Test payload</label>
            <textarea id="test-payload" className="builder-sample" spellCheck={false} rows={14} value={sampleText} onChange={(e) => setSample(e.target.value)} />
            <div className="builder-side-actions">
              <button type="button" onClick={() => test.mutate()} disabled={!saved || test.isPending}>
                {test.isPending ? "Starting…" : dirty && saved ? "Save and test" : "Test"}
              </button>
              {sample !== null && <button type="button" className="quiet" onClick={() => setSample(null)}>Reset to the sample</button>}
            </div>
            {!saved && <small>Create the automation first, then test it.</small>}
          </section>
        </aside>
      </div>
    </form>
  );
}

/** The trigger's fields, with a chosen collection's fields as the item's data. */
function payloadFields(trigger: Trigger | undefined, collection: CollectionView | undefined): PayloadField[] {
  const own = trigger?.fields ?? [];
  if (!collection) return own;
  const data: PayloadField[] = collection.fields
    .filter((f) => !own.some((o) => o.path === `entity.data.${f.key}`))
    .map((f) => ({ path: `entity.data.${f.key}`, type: f.type === "NUMBER" ? "number" : f.type === "BOOLEAN" ? "boolean" : f.type.startsWith("DATE") ? "date" : "text", title: `Item › ${f.displayName ?? f.key}` }));
  return [...own, ...data];
}

function Step({ icon, kicker, title, error, tools, children }: { icon: ReactNode; kicker: string; title: string; error?: string; tools?: ReactNode; children: ReactNode }) {
  const id = useId();
  return (
    <li className={`flow-step ${error ? "flow-step-invalid" : ""}`} aria-labelledby={id}>
      <div className="flow-icon" aria-hidden="true">{icon}</div>
      <section className="flow-card">
        <header className="flow-card-head">
          <div>
            <div className="flow-kicker">{kicker}</div>
            <h2 id={id}>{title}</h2>
          </div>
          {tools && <div className="flow-tools">{tools}</div>}
        </header>
        {children}
        {error && <p className="error store-field-error" role="alert">{error}</p>}
      </section>
    </li>
  );
}

const SCHEDULES = [
  { label: "Every day at 9:00", cron: "0 9 * * *" },
  { label: "Mondays at 9:00", cron: "0 9 * * 1" },
  { label: "The 1st of each month", cron: "0 9 1 * *" },
];

function TriggerPicker({ triggers, draft, change, collections, saved, slug }: { triggers: Trigger[]; draft: Draft; change: (p: Partial<Draft>) => void; collections?: CollectionView[]; saved?: Automation; slug: string }) {
  const builtIn = triggers.filter((t) => !t.kind);
  const kinds = triggers.filter((t) => t.kind);
  const site = useSites().data?.find((s) => s.slug === slug);
  return (
    <div className="store-row">
      <div className="store-field store-grow">
        <label htmlFor="trigger">Trigger</label>
        <select id="trigger" value={draft.eventType} onChange={(e) => change({ eventType: e.target.value, collectionId: "", rules: [], delay: { ...draft.delay, field: "" } })}>
          <option value="" disabled>Choose what starts it…</option>
          {byApp(builtIn).map(([app, list]) => (
            <optgroup key={app} label={app}>
              {list.map((t) => <option key={t.name} value={t.name}>{t.title}</option>)}
            </optgroup>
          ))}
          <optgroup label="Other triggers">
            {kinds.map((t) => <option key={t.name} value={t.name}>{t.title}</option>)}
          </optgroup>
        </select>
      </div>
      {draft.eventType === CUSTOM_PREFIX && (
        <div className="store-field store-grow">
          <label htmlFor="trigger-key">Trigger key</label>
          <input id="trigger-key" value={draft.customKey} placeholder="e.g. quote-requested" onChange={(e) => change({ customKey: e.target.value })} />
          <small>Site code starts it with <code>report(&quot;{draft.customKey || "key"}&quot;, payload)</code> or <code>POST /automations/v1/events/report</code>.</small>
        </div>
      )}
      {draft.eventType === SCHEDULE && (
        <>
          <div className="store-field">
            <label htmlFor="trigger-cron">Schedule <small>cron: minute hour day month weekday</small></label>
            <input id="trigger-cron" value={draft.cron} spellCheck={false} onChange={(e) => change({ cron: e.target.value })} />
            <div className="schedule-presets">
              {SCHEDULES.map((p) => <button key={p.cron} type="button" className="quiet" aria-pressed={draft.cron === p.cron} onClick={() => change({ cron: p.cron })}>{p.label}</button>)}
            </div>
          </div>
          <div className="store-field">
            <label htmlFor="trigger-zone">Time zone</label>
            <input id="trigger-zone" value={draft.timeZone} placeholder="Europe/Paris" onChange={(e) => change({ timeZone: e.target.value })} />
          </div>
        </>
      )}
      {draft.eventType === INBOUND && (
        <div className="store-field store-grow">
          <span className="field-label">Address</span>
          {saved?.trigger.eventType === INBOUND && saved.trigger.key ? (
            <InboundAddress url={`${site?.url ?? ""}/_automations/v1/inbound/${saved.trigger.key}`} />
          ) : (
            <small>Saved, it gets a secret address: an outside system POSTs a JSON object to it to start a run.</small>
          )}
        </div>
      )}
      {isItemEvent(draft.eventType) && (
        <div className="store-field store-grow">
          <label htmlFor="trigger-collection">Collection</label>
          <select id="trigger-collection" value={draft.collectionId} onChange={(e) => change({ collectionId: e.target.value })}>
            <option value="">Any collection</option>
            {collections?.map((c) => <option key={c.id} value={c.id}>{c.displayName ?? c.id}</option>)}
          </select>
        </div>
      )}
    </div>
  );
}

function InboundAddress({ url }: { url: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <div className="secret-row">
      <code>{url}</code>
      <button type="button" className="secondary" onClick={() => void navigator.clipboard?.writeText(url).then(() => setCopied(true))}>
        <Copy size={14} aria-hidden="true" /> {copied ? "Copied" : "Copy"}
      </button>
    </div>
  );
}

function FieldSelect({ id, value, fields, onChange, custom, filter, label }: { id: string; value: string; fields: PayloadField[]; onChange: (v: string) => void; custom: boolean; filter?: (f: PayloadField) => boolean; label: string }) {
  if (custom) return <input id={id} aria-label={label} value={value} placeholder="payload path, e.g. email" onChange={(e) => onChange(e.target.value)} />;
  const offered = leafFields(fields).filter(filter ?? (() => true));
  return (
    <select id={id} aria-label={label} value={value} onChange={(e) => onChange(e.target.value)}>
      <option value="" disabled>Choose a field…</option>
      {offered.map((f) => <option key={f.path} value={f.path}>{f.title}</option>)}
      {value && !offered.some((f) => f.path === value) && <option value={value}>{value}</option>}
    </select>
  );
}

function Conditions({ draft, change, fields, sample, custom, show }: { draft: Draft; change: (p: Partial<Draft>) => void; fields: PayloadField[]; sample?: unknown; custom: boolean; show: (k: string) => string | undefined }) {
  const setRule = (i: number, patch: Partial<Draft["rules"][number]>) => change({ rules: draft.rules.map((r, j) => (j === i ? { ...r, ...patch } : r)) });
  return (
    <div className="rules">
      {draft.rules.length > 1 && (
        <div className="segmented" role="radiogroup" aria-label="Which conditions must hold">
          {(["ALL", "ANY"] as const).map((m) => (
            <button key={m} type="button" role="radio" aria-checked={draft.match === m} className={draft.match === m ? "on" : ""} onClick={() => change({ match: m })}>
              {m === "ALL" ? "All of these" : "Any of these"}
            </button>
          ))}
        </div>
      )}
      {draft.rules.length === 0 && <p className="muted store-sub">Every event of the trigger starts a run. Add a condition to start only some.</p>}
      {draft.rules.map((r, i) => {
        const example = sampleAt(sample, r.field);
        return (
          <div key={i} className="rule">
            <FieldSelect id={`rule-${i}-field`} label={`Condition ${i + 1} field`} value={r.field} fields={fields} custom={custom} onChange={(field) => setRule(i, { field })} />
            <select aria-label={`Condition ${i + 1} operator`} value={r.operator} onChange={(e) => setRule(i, { operator: e.target.value as Operator })}>
              {OPERATORS.map((o) => <option key={o} value={o}>{OPERATOR_WORDS[o]}</option>)}
            </select>
            {takesValue(r.operator) ? (
              <input aria-label={`Condition ${i + 1} value`} value={r.value} placeholder={r.operator === "IN" ? "a, b, c" : example !== undefined && typeof example !== "object" ? String(example) : "value"} onChange={(e) => setRule(i, { value: e.target.value })} />
            ) : (
              <span />
            )}
            <button type="button" className="quiet icon-button" aria-label={`Remove condition ${i + 1}`} onClick={() => change({ rules: draft.rules.filter((_, j) => j !== i) })}>
              <X size={16} aria-hidden="true" />
            </button>
            {show(`rules.${i}`) && <p className="error rule-error">{show(`rules.${i}`)}</p>}
          </div>
        );
      })}
      <button type="button" className="quiet" onClick={() => change({ rules: [...draft.rules, { field: "", operator: "EQUALS", value: "" }] })}>
        <Plus size={16} aria-hidden="true" /> Add a condition
      </button>
    </div>
  );
}

const DELAY_MODES: { mode: DelayMode; label: string }[] = [
  { mode: "NOW", label: "Right away" },
  { mode: "WAIT", label: "After a wait" },
  { mode: "BEFORE", label: "Before a time" },
  { mode: "AFTER", label: "After a time" },
];

function DelayEditor({ draft, change, fields, custom }: { draft: Draft; change: (p: Partial<Draft>) => void; fields: PayloadField[]; custom: boolean }) {
  const d = draft.delay;
  const set = (patch: Partial<Draft["delay"]>) => change({ delay: { ...d, ...patch } });
  return (
    <div className="delay">
      <div className="segmented" role="radiogroup" aria-label="When to act">
        {DELAY_MODES.map((m) => (
          <button key={m.mode} type="button" role="radio" aria-checked={d.mode === m.mode} className={d.mode === m.mode ? "on" : ""} onClick={() => set({ mode: m.mode })}>
            {m.label}
          </button>
        ))}
      </div>
      {d.mode !== "NOW" && (
        <div className="delay-row">
          <input type="number" min={0} aria-label="How long" value={Number.isFinite(d.amount) ? d.amount : ""} onChange={(e) => set({ amount: e.target.valueAsNumber })} className="delay-amount" />
          <select aria-label="Unit" value={d.unit} onChange={(e) => set({ unit: e.target.value as Unit })}>
            <option value="MINUTES">minutes</option>
            <option value="HOURS">hours</option>
            <option value="DAYS">days</option>
          </select>
          {d.mode !== "WAIT" && (
            <>
              <span className="muted">{d.mode === "BEFORE" ? "before" : "after"}</span>
              <FieldSelect id="delay-field" label="Time of the event" value={d.field} fields={fields} custom={custom} filter={(f) => f.type === "date"} onChange={(field) => set({ field })} />
            </>
          )}
        </div>
      )}
      {d.mode === "BEFORE" && <small>A time already too close starts the run at once. Canceled when the trigger is canceled (a custom trigger's cancel).</small>}
    </div>
  );
}

function ActionEditor({ action, index, onChange, groups, slug, sample }: { action: Action; index: number; onChange: (a: Action) => void; groups: VariableGroup[]; slug: string; sample?: unknown }) {
  const base = useId();
  const text = (key: string, label: string, opts: { multiline?: boolean; placeholder?: string; hint?: ReactNode } = {}) => {
    const id = `${base}-${key}`;
    const value = (action as unknown as Record<string, unknown>)[key];
    const preview = typeof value === "string" ? renderOnSample(value, sample) : undefined;
    return (
      <div className="store-field">
        <label htmlFor={id}>{label}</label>
        <TextWithVariables
          id={id}
          label={label}
          value={typeof value === "string" ? value : ""}
          onChange={(v) => onChange({ ...action, [key]: v } as Action)}
          groups={groups}
          multiline={opts.multiline}
          placeholder={opts.placeholder}
        />
        {preview !== undefined && <small className="var-preview"><span>With the sample:</span> {preview || "(empty)"}</small>}
        {opts.hint && <small>{opts.hint}</small>}
      </div>
    );
  };
  switch (action.type) {
    case "SEND_EMAIL":
      return (
        <>
          {text("to", "To", { placeholder: "{{event.…email}} or an address" })}
          {text("subject", "Subject")}
          {text("body", "Message", { multiline: true, hint: "A blank line starts a new paragraph." })}
        </>
      );
    case "SEND_SMS":
      return (
        <>
          {text("to", "Phone number", { placeholder: "+1 555 0100 or {{event.…phone}}" })}
          {text("body", "Message", { multiline: true, hint: "Kept in the outbox as a text message: Tessera has no SMS gateway." })}
        </>
      );
    case "ADD_LABEL":
      return (
        <>
          {text("email", "Contact's email")}
          {text("labelKey", "Label", { placeholder: "e.g. custom.vip" })}
        </>
      );
    case "ADD_NOTE":
      return (
        <>
          {text("email", "Contact's email")}
          {text("text", "Note", { multiline: true })}
        </>
      );
    case "ASSIGN_ROLE":
    case "REMOVE_ROLE":
      return (
        <>
          {text("member", "Member", { placeholder: "an email or a member ID" })}
          {text("role", "Role", { placeholder: "e.g. gold" })}
        </>
      );
    case "WEBHOOK":
      return text("url", "URL", { placeholder: "https://", hint: "Gets a POST of {event, steps} as JSON; its answer is this step's output." });
    case "NOTIFY_OWNER":
      return (
        <>
          {text("title", "Title", { placeholder: "Automation" })}
          {text("body", "Message", { multiline: true })}
        </>
      );
    case "RUN_FUNCTION":
      return (
        <div className="store-field">
          <label htmlFor={`${base}-fn`}>Function</label>
          <input id={`${base}-fn`} value={action.function} placeholder="e.g. sendToCrm" onChange={(e) => onChange({ ...action, function: e.target.value })} />
          <small>Exported by <code>backend/automations.js</code>; it gets <code>{"{event, steps}"}</code> and its answer is this step's output.</small>
        </div>
      );
    case "CREATE_ITEM":
      return <CreateItemEditor action={action} index={index} onChange={onChange} groups={groups} slug={slug} />;
  }
}

function CreateItemEditor({ action, index, onChange, groups, slug }: { action: Extract<Action, { type: "CREATE_ITEM" }>; index: number; onChange: (a: Action) => void; groups: VariableGroup[]; slug: string }) {
  const collections = useQuery({
    queryKey: ["collections", slug],
    queryFn: async () => (await api<{ collections: CollectionView[] }>("GET", "/wix-data/v2/collections", undefined, { "wix-site-id": slug })).collections,
  });
  const own = collections.data?.filter((c) => !c.id.includes("/")) ?? [];
  const collection = own.find((c) => c.id === action.collectionId);
  const setValue = (key: string, v: string) => {
    const data = { ...action.data };
    if (v === "") delete data[key];
    else data[key] = v;
    onChange({ ...action, data });
  };
  return (
    <>
      <div className="store-field">
        <label htmlFor={`create-${index}-collection`}>Collection</label>
        <select id={`create-${index}-collection`} value={action.collectionId} onChange={(e) => onChange({ ...action, collectionId: e.target.value, data: {} })}>
          <option value="" disabled>Choose a collection…</option>
          {own.map((c) => <option key={c.id} value={c.id}>{c.displayName ?? c.id}</option>)}
        </select>
      </div>
      {collection && (
        <div className="create-fields">
          {collection.fields.filter((f) => !f.key.startsWith("_")).map((f) => (
            <div key={f.key} className="store-field">
              <label htmlFor={`create-${index}-${f.key}`}>{f.displayName ?? f.key} <small>{f.type.toLowerCase()}</small></label>
              <TextWithVariables id={`create-${index}-${f.key}`} label={f.displayName ?? f.key} value={typeof action.data[f.key] === "string" ? (action.data[f.key] as string) : ""} onChange={(v) => setValue(f.key, v)} groups={groups} />
            </div>
          ))}
        </div>
      )}
    </>
  );
}
