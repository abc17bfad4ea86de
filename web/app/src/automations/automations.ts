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

/** A kind of event from the catalogue (`GET /_automations/v1/triggers`). */
export interface Trigger {
  name: string;
  title: string;
  /** The custom trigger: `custom:<key>`, reported by site code. */
  custom?: boolean;
  sample: Record<string, unknown>;
  fields: PayloadField[];
}

export const CUSTOM_PREFIX = "custom:";

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
  | { type: "WEBHOOK"; url: string }
  | { type: "CREATE_ITEM"; collectionId: string; data: Record<string, unknown> }
  | { type: "NOTIFY_OWNER"; title?: string; body: string }
  | { type: "RUN_FUNCTION"; function: string };
export type ActionType = Action["type"];

export const ACTION_WORDS: Record<ActionType, { title: string; hint: string }> = {
  SEND_EMAIL: { title: "Send an email", hint: "Through the site's outbox" },
  WEBHOOK: { title: "Call a webhook", hint: "POST the event and earlier steps as JSON" },
  CREATE_ITEM: { title: "Create a CMS item", hint: "In a collection of the site" },
  NOTIFY_OWNER: { title: "Notify the owner", hint: "In the dashboard's notifications" },
  RUN_FUNCTION: { title: "Run a backend function", hint: "Exported by backend/automations.js" },
};

/** What a step answers, for `{{steps.<n>.…}}` in later steps. */
export const ACTION_OUTPUTS: Record<ActionType, PayloadField[]> = {
  SEND_EMAIL: [{ path: "to", type: "text", title: "Sent to" }],
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
  trigger: { eventType: string; collectionId?: string };
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
  match: "ALL",
  rules: [],
  delay: { mode: "NOW", amount: 1, unit: "HOURS", field: "" },
  actions: [],
};

export function newAction(type: ActionType): Action {
  switch (type) {
    case "SEND_EMAIL":
      return { type, to: "", subject: "", body: "" };
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
    trigger: d.collectionId && isItemEvent(eventType) ? { eventType, collectionId: d.collectionId } : { eventType },
    conditions: { match: d.match, rules: d.rules.map((r) => ({ field: `event.${r.field}`, operator: r.operator, value: ruleValue(r) })) },
    delay,
    actions: d.actions,
  };
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
