// Automations as the dashboard sees them: the automations module's routes
// (`/_automations/v1`), the shapes they answer, the builder's draft and how it becomes the
// document the server checks (`parse()` in crates/modules/automations/src/automations.rs),
// and the words for them. Pure but for `automationsApi()`.

import { api } from "../api";

/** A call of the site's automations or webhooks API, as the signed-in collaborator. */
export function automationsApi<T>(slug: string, method: string, path: string, body?: Record<string, unknown>): Promise<T> {
  return api<T>(method, path, body, { "wix-site-id": slug });
}

export type FieldType = "text" | "date" | "number" | "boolean" | "list" | "object";

/** A field of a trigger's payload: what rules, delays and `{{event.…}}` variables name. */
export interface PayloadField {
  path: string;
  type: FieldType;
  title: string;
}

/** A trigger from the catalogue (`GET /_automations/v1/triggers`): an event type, or a kind. */
export interface Trigger {
  name: string;
  title: string;
  /** Not an event type: the custom trigger (`custom:<key>`), `schedule` or `inbound`. */
  kind?: boolean;
  sample: Record<string, unknown>;
  fields: PayloadField[];
}

export const CUSTOM_PREFIX = "custom:";
export const SCHEDULE = "schedule";
export const INBOUND = "inbound";

export const OPERATORS = ["EQUALS", "NOT_EQUALS", "CONTAINS", "GREATER_THAN", "LESS_THAN", "IS_SET", "IS_NOT_SET", "IN"] as const;
export type Operator = (typeof OPERATORS)[number];

export const OPERATOR_WORDS: Record<Operator, string> = {
  EQUALS: "is",
  NOT_EQUALS: "is not",
  CONTAINS: "contains",
  GREATER_THAN: "is greater than",
  LESS_THAN: "is less than",
  IS_SET: "is set",
  IS_NOT_SET: "is not set",
  IN: "is one of",
};

/** Operators that compare with no value. */
export function takesValue(op: Operator): boolean {
  return op !== "IS_SET" && op !== "IS_NOT_SET";
}

export interface Rule {
  field: string;
  operator: Operator;
  value?: unknown;
}

export type Action =
  | { type: "SEND_EMAIL"; to: string; subject: string; body: string }
  | { type: "SEND_SMS"; to: string; body: string }
  | { type: "WEBHOOK"; url: string }
  | { type: "CREATE_ITEM"; collectionId: string; data: Record<string, unknown> }
  | { type: "ADD_LABEL"; email: string; labelKey: string }
  | { type: "ADD_NOTE"; email: string; text: string }
  | { type: "ASSIGN_ROLE" | "REMOVE_ROLE"; member: string; role: string }
  | { type: "NOTIFY_OWNER"; title?: string; body: string }
  | { type: "RUN_FUNCTION"; function: string };
export type ActionType = Action["type"];

export const ACTION_WORDS: Record<ActionType, { title: string; hint: string }> = {
  SEND_EMAIL: { title: "Send an email", hint: "Through the site's outbox" },
  SEND_SMS: { title: "Send a text message", hint: "Kept in the outbox (no SMS gateway)" },
  WEBHOOK: { title: "Call a webhook", hint: "POST the event and earlier steps as JSON" },
  CREATE_ITEM: { title: "Create a CMS item", hint: "In a collection of the site" },
  ADD_LABEL: { title: "Label a contact", hint: "The contact of an email, made if new" },
  ADD_NOTE: { title: "Add a note to a contact", hint: "On the contact's timeline" },
  ASSIGN_ROLE: { title: "Give a member a role", hint: "By the member's email or ID" },
  REMOVE_ROLE: { title: "Take a role from a member", hint: "By the member's email or ID" },
  NOTIFY_OWNER: { title: "Notify the owner", hint: "In the dashboard's notifications" },
  RUN_FUNCTION: { title: "Run a backend function", hint: "Exported by backend/automations.js" },
};

/** What a step answers, for `{{steps.<n>.…}}` in later steps. */
export const ACTION_OUTPUTS: Record<ActionType, PayloadField[]> = {
  SEND_EMAIL: [{ path: "to", type: "text", title: "Sent to" }],
  SEND_SMS: [{ path: "to", type: "text", title: "Sent to" }],
  ADD_LABEL: [{ path: "contactId", type: "text", title: "Contact's ID" }],
  ADD_NOTE: [{ path: "contactId", type: "text", title: "Contact's ID" }],
  ASSIGN_ROLE: [{ path: "memberId", type: "text", title: "Member's ID" }, { path: "roles", type: "list", title: "Member's roles" }],
  REMOVE_ROLE: [{ path: "memberId", type: "text", title: "Member's ID" }, { path: "roles", type: "list", title: "Member's roles" }],
  WEBHOOK: [
    { path: "status", type: "number", title: "Answer status" },
    { path: "body", type: "object", title: "Answer body" },
  ],
  CREATE_ITEM: [
    { path: "_id", type: "text", title: "New item's ID" },
    { path: "data", type: "object", title: "New item's fields" },
  ],
  NOTIFY_OWNER: [],
  RUN_FUNCTION: [],
};

export interface Automation {
  id: string;
  name: string;
  status: "ACTIVE" | "INACTIVE";
  /** `cron` and `timeZone` for a schedule; `key`, the secret of an inbound address. */
  trigger: { eventType: string; collectionId?: string; cron?: string; timeZone?: string; key?: string };
  conditions?: { match?: "ALL" | "ANY"; rules?: Rule[] };
  delay?: { minutes: number; field?: string };
  actions: Action[];
  stoppedReason?: string;
  createdDate: string;
  updatedDate: string;
}

export interface StepRecord {
  type: ActionType;
  input: Record<string, unknown>;
  output?: unknown;
  error?: string;
  attempt: number;
  startedDate: string;
  endedDate: string;
}

export type RunStatus = "PENDING" | "DONE" | "FAILED" | "CANCELED";

export interface Run {
  id: string;
  automationId: string;
  status: RunStatus;
  eventType: string;
  event: unknown;
  test: boolean;
  steps: StepRecord[] | null;
  nextStep: number;
  nextAttemptDate: string | null;
  error: string | null;
  createdDate: string;
  updatedDate: string;
}

// The builder's draft: what the owner edits, in the words of the form.

export type DelayMode = "NOW" | "WAIT" | "BEFORE" | "AFTER";
export type Unit = "MINUTES" | "HOURS" | "DAYS";
const UNIT_MINUTES: Record<Unit, number> = { MINUTES: 1, HOURS: 60, DAYS: 1440 };

export interface DraftRule {
  field: string;
  operator: Operator;
  /** As typed; for "is one of", comma-separated. */
  value: string;
}

export interface Draft {
  name: string;
  active: boolean;
  eventType: string;
  /** The key of a custom trigger (`custom:<key>`). */
  customKey: string;
  /** A CMS item event's collection, "" for any. */
  collectionId: string;
  /** A schedule's cron expression (5 fields) and IANA time zone. */
  cron: string;
  timeZone: string;
  match: "ALL" | "ANY";
  rules: DraftRule[];
  delay: { mode: DelayMode; amount: number; unit: Unit; field: string };
  actions: Action[];
}

export const EMPTY_DRAFT: Draft = {
  name: "",
  active: true,
  eventType: "",
  customKey: "",
  collectionId: "",
  cron: "0 9 * * 1",
  timeZone: "UTC",
  match: "ALL",
  rules: [],
  delay: { mode: "NOW", amount: 1, unit: "HOURS", field: "" },
  actions: [],
};

export function newAction(type: ActionType): Action {
  switch (type) {
    case "SEND_EMAIL":
      return { type, to: "", subject: "", body: "" };
    case "SEND_SMS":
      return { type, to: "", body: "" };
    case "ADD_LABEL":
      return { type, email: "", labelKey: "" };
    case "ADD_NOTE":
      return { type, email: "", text: "" };
    case "ASSIGN_ROLE":
    case "REMOVE_ROLE":
      return { type, member: "", role: "" };
    case "WEBHOOK":
      return { type, url: "https://" };
    case "CREATE_ITEM":
      return { type, collectionId: "", data: {} };
    case "NOTIFY_OWNER":
      return { type, title: "", body: "" };
    case "RUN_FUNCTION":
      return { type, function: "" };
  }
}

/** Whole minutes as the largest unit that holds them exactly. */
function inUnits(minutes: number): { amount: number; unit: Unit } {
  const m = Math.abs(minutes);
  if (m > 0 && m % 1440 === 0) return { amount: m / 1440, unit: "DAYS" };
  if (m > 0 && m % 60 === 0) return { amount: m / 60, unit: "HOURS" };
  return { amount: m, unit: "MINUTES" };
}

/** The builder's draft of a stored automation. */
export function draftOf(a: Automation): Draft {
  const event = a.trigger.eventType;
  const custom = event.startsWith(CUSTOM_PREFIX);
  const delay = a.delay;
  let mode: DelayMode = "NOW";
  if (delay?.field) mode = delay.minutes < 0 ? "BEFORE" : "AFTER";
  else if (delay && delay.minutes > 0) mode = "WAIT";
  return {
    name: a.name,
    active: a.status === "ACTIVE",
    eventType: custom ? CUSTOM_PREFIX : event,
    customKey: custom ? event.slice(CUSTOM_PREFIX.length) : "",
    collectionId: a.trigger.collectionId ?? "",
    cron: a.trigger.cron ?? EMPTY_DRAFT.cron,
    timeZone: a.trigger.timeZone ?? EMPTY_DRAFT.timeZone,
    match: a.conditions?.match ?? "ALL",
    rules: (a.conditions?.rules ?? []).map((r) => ({
      field: r.field.replace(/^event\./, ""),
      operator: r.operator,
      value: Array.isArray(r.value) ? r.value.join(", ") : r.value === undefined || r.value === null ? "" : String(r.value),
    })),
    delay: { mode, ...(delay ? inUnits(delay.minutes) : { amount: 1, unit: "HOURS" }), field: delay?.field?.replace(/^event\./, "") ?? "" },
    actions: a.actions,
  };
}

/** A rule's value as the server compares it: a list for "is one of", a number where it reads as one. */
function ruleValue(r: DraftRule): unknown {
  if (!takesValue(r.operator)) return undefined;
  if (r.operator === "IN") return r.value.split(",").map((v) => v.trim()).filter((v) => v !== "");
  if ((r.operator === "GREATER_THAN" || r.operator === "LESS_THAN") && r.value.trim() !== "" && Number.isFinite(Number(r.value))) return Number(r.value);
  return r.value;
}

/** The automation document the server checks, from the draft. Rules name `event.<path>`. */
export function documentOf(d: Draft): Record<string, unknown> {
  const eventType = d.eventType === CUSTOM_PREFIX ? `${CUSTOM_PREFIX}${d.customKey.trim()}` : d.eventType;
  const minutes = d.delay.amount * UNIT_MINUTES[d.delay.unit];
  const delay =
    d.delay.mode === "NOW"
      ? null
      : d.delay.mode === "WAIT"
        ? { minutes }
        : { minutes: d.delay.mode === "BEFORE" ? -minutes : minutes, field: `event.${d.delay.field}` };
  return {
    name: d.name.trim(),
    status: d.active ? "ACTIVE" : "INACTIVE",
    trigger: triggerOf(d, eventType),
    conditions: { match: d.match, rules: d.rules.map((r) => ({ field: `event.${r.field}`, operator: r.operator, value: ruleValue(r) })) },
    delay,
    actions: d.actions,
  };
}

function triggerOf(d: Draft, eventType: string): Automation["trigger"] {
  if (eventType === SCHEDULE) return { eventType, cron: d.cron.trim(), timeZone: d.timeZone.trim() };
  if (d.collectionId && isItemEvent(eventType)) return { eventType, collectionId: d.collectionId };
  return { eventType };
}

/** The CMS item events, which may name one collection. */
export function isItemEvent(eventType: string): boolean {
  return eventType.startsWith("wixData_onDataItem");
}

/** `{{event.<path>}}` or `{{steps.<n>.<path>}}`, as texts of actions name values. */
export function variable(scope: "event" | number, path: string): string {
  return scope === "event" ? `{{event.${path}}}` : `{{steps.${scope}.${path}}}`;
}

/** `text` with `insert` put in place of its selection `[start, end)`; and where the caret goes. */
export function insertAt(text: string, start: number, end: number, insert: string): { text: string; caret: number } {
  const s = Math.max(0, Math.min(start, text.length));
  const e = Math.max(s, Math.min(end, text.length));
  return { text: text.slice(0, s) + insert + text.slice(e), caret: s + insert.length };
}

/** The value at a dotted path of a sample (`entity.lines.0.name`), for showing an example. */
export function sampleAt(sample: unknown, path: string): unknown {
  return path.split(".").reduce<unknown>((v, k) => {
    if (Array.isArray(v)) return v[Number(k)];
    if (v && typeof v === "object") return (v as Record<string, unknown>)[k];
    return undefined;
  }, sample);
}

/** `text` as the server would render it on `sample`: `{{event.…}}` filled from the sample,
 * an earlier step's output (unknown before the run) as "…". Undefined when it names nothing. */
export function renderOnSample(text: string, sample: unknown): string | undefined {
  if (!text.includes("{{")) return undefined;
  return text.replace(/\{\{\s*([^}]*?)\s*\}\}/g, (_, path: string) => {
    if (path.startsWith("steps.")) return "…";
    const v = path.startsWith("event.") ? sampleAt(sample, path.slice(6)) : undefined;
    if (v === undefined || v === null) return "";
    return typeof v === "string" ? v : JSON.stringify(v);
  });
}

/** Fields a rule or text may name: values, not the objects that hold them. */
export function leafFields(fields: PayloadField[]): PayloadField[] {
  return fields.filter((f) => f.type !== "object");
}

/** "after 1 minute", "2 hours before Booking › Start date", "right away". */
export function delayWords(d: Draft["delay"], fields: PayloadField[]): string {
  if (d.mode === "NOW") return "right away";
  const unit = d.unit.toLowerCase().replace(/s$/, "");
  const amount = `${d.amount} ${unit}${d.amount === 1 ? "" : "s"}`;
  if (d.mode === "WAIT") return `after ${amount}`;
  const title = fields.find((f) => f.path === d.field)?.title ?? (d.field || "a time of the event");
  return `${amount} ${d.mode === "BEFORE" ? "before" : "after"} ${title}`;
}

/** What a draft lacks before it can be saved, as the server would say it, by place. */
export function problems(d: Draft): Record<string, string> {
  const out: Record<string, string> = {};
  if (!d.name.trim()) out["name"] = "Give the automation a name.";
  if (!d.eventType) out["trigger"] = "Choose what starts it.";
  if (d.eventType === CUSTOM_PREFIX && !/^[\w.:-]{1,100}$/.test(d.customKey.trim())) out["trigger"] = "Name the custom trigger's key (letters, digits, . : _ -).";
  if (d.eventType === SCHEDULE && d.cron.trim().split(/\s+/).length !== 5) out["trigger"] = "A schedule is 5 fields: minute hour day month weekday.";
  if ((d.delay.mode === "BEFORE" || d.delay.mode === "AFTER") && !d.delay.field) out["delay"] = "Choose the time of the event to wait for.";
  if (d.delay.mode !== "NOW" && !(Number.isInteger(d.delay.amount) && d.delay.amount >= 0)) out["delay"] = "Wait a whole number of minutes, hours or days.";
  d.rules.forEach((r, i) => {
    if (!r.field) out[`rules.${i}`] = "Choose a field.";
  });
  if (d.actions.length === 0) out["actions"] = "Add at least one action.";
  d.actions.forEach((a, i) => {
    const missing = (Object.entries(a) as [string, unknown][]).filter(([k, v]) => k !== "title" && typeof v === "string" && v.trim() === "");
    if (missing.length > 0) out[`actions.${i}`] = `Fill in ${missing.map(([k]) => k).join(", ")}.`;
  });
  return out;
}

export const STATUS_WORDS: Record<RunStatus, string> = { PENDING: "Waiting", DONE: "Done", FAILED: "Failed", CANCELED: "Canceled" };

/** How long a step took, "35 ms" or "1.2 s". */
export function took(step: Pick<StepRecord, "startedDate" | "endedDate">): string {
  const ms = Date.parse(step.endedDate) - Date.parse(step.startedDate);
  if (!Number.isFinite(ms)) return "";
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`;
}
