import { describe, expect, test } from "vitest";
import { type Automation, type Draft, delayWords, documentOf, draftOf, EMPTY_DRAFT, insertAt, problems, renderOnSample, sampleAt, variable } from "./automations";
import { RECIPES } from "./recipes";
import { byApp, eventsWords } from "./webhooks";

const formDraft: Draft = {
  ...EMPTY_DRAFT,
  name: "  Thank senders ",
  eventType: "wixForms_onFormSubmit",
  rules: [
    { field: "entity.submissionData.topic", operator: "IN", value: "Cake order, Allergens" },
    { field: "entity.submissionData.age", operator: "GREATER_THAN", value: "17" },
    { field: "entity.submissionData.email", operator: "IS_SET", value: "ignored" },
  ],
  match: "ANY",
  delay: { mode: "WAIT", amount: 1, unit: "MINUTES", field: "" },
  actions: [{ type: "SEND_EMAIL", to: "{{event.entity.submissionData.email}}", subject: "Thanks", body: "Hi" }],
};

describe("the builder's draft and the server's document", () => {
  test("a draft becomes the document parse() checks: rules and times name event fields", () => {
    expect(documentOf(formDraft)).toEqual({
      name: "Thank senders",
      status: "ACTIVE",
      trigger: { eventType: "wixForms_onFormSubmit" },
      conditions: {
        match: "ANY",
        rules: [
          { field: "event.entity.submissionData.topic", operator: "IN", value: ["Cake order", "Allergens"] },
          { field: "event.entity.submissionData.age", operator: "GREATER_THAN", value: 17 },
          { field: "event.entity.submissionData.email", operator: "IS_SET", value: undefined },
        ],
      },
      delay: { minutes: 1 },
      actions: formDraft.actions,
    });
  });

  test("before or after a time of the event is minutes from that field; right away is none", () => {
    const before = documentOf({ ...formDraft, delay: { mode: "BEFORE", amount: 24, unit: "HOURS", field: "booking.startDate" } });
    expect(before["delay"]).toEqual({ minutes: -1440, field: "event.booking.startDate" });
    const after = documentOf({ ...formDraft, delay: { mode: "AFTER", amount: 2, unit: "DAYS", field: "entity.endDate" } });
    expect(after["delay"]).toEqual({ minutes: 2880, field: "event.entity.endDate" });
    expect(documentOf({ ...formDraft, delay: { ...formDraft.delay, mode: "NOW" } })["delay"]).toBeNull();
  });

  test("a custom trigger is custom:<key>; a collection only for CMS item events", () => {
    expect(documentOf({ ...formDraft, eventType: "custom:", customKey: " quote " })["trigger"]).toEqual({ eventType: "custom:quote" });
    expect(documentOf({ ...formDraft, eventType: "wixData_onDataItemCreated", collectionId: "Posts" })["trigger"]).toEqual({ eventType: "wixData_onDataItemCreated", collectionId: "Posts" });
    expect(documentOf({ ...formDraft, collectionId: "Posts" })["trigger"]).toEqual({ eventType: "wixForms_onFormSubmit" });
    expect(documentOf({ ...formDraft, eventType: "schedule", cron: " 0 9 * * 1 ", timeZone: "Europe/Paris" })["trigger"]).toEqual({ eventType: "schedule", cron: "0 9 * * 1", timeZone: "Europe/Paris" });
    expect(problems({ ...formDraft, eventType: "schedule", cron: "daily" })["trigger"]).toMatch(/5 fields/);
  });

  test("a stored automation reads back as the draft it was made from", () => {
    const stored = { ...documentOf(formDraft), id: "a1", createdDate: "", updatedDate: "" } as unknown as Automation;
    expect(draftOf(stored)).toEqual({ ...formDraft, name: "Thank senders", rules: formDraft.rules.map((r) => (r.operator === "IS_SET" ? { ...r, value: "" } : r)) });
    const custom = { ...stored, trigger: { eventType: "custom:quote" }, delay: { minutes: -1440, field: "event.startDate" } } as Automation;
    expect(draftOf(custom)).toMatchObject({ eventType: "custom:", customKey: "quote", delay: { mode: "BEFORE", amount: 1, unit: "DAYS", field: "startDate" } });
  });

  test("what a draft lacks is said by place", () => {
    expect(problems(EMPTY_DRAFT)).toMatchObject({ name: expect.any(String), trigger: expect.any(String), actions: expect.any(String) });
    expect(problems(formDraft)).toEqual({});
    const broken = { ...formDraft, delay: { mode: "BEFORE" as const, amount: 1, unit: "HOURS" as const, field: "" }, actions: [{ type: "SEND_EMAIL" as const, to: "", subject: "s", body: "" }] };
    expect(problems(broken)).toEqual({ delay: expect.stringContaining("time"), "actions.0": "Fill in to, body." });
  });

  test("the delay in words", () => {
    expect(delayWords(formDraft.delay, [])).toBe("after 1 minute");
    expect(delayWords({ mode: "BEFORE", amount: 24, unit: "HOURS", field: "booking.startDate" }, [{ path: "booking.startDate", type: "date", title: "Booking › Start date" }])).toBe("24 hours before Booking › Start date");
    expect(delayWords({ ...formDraft.delay, mode: "NOW" }, [])).toBe("right away");
  });
});

describe("variables", () => {
  test("a variable goes in at the caret, over the selection", () => {
    expect(variable("event", "entity.email")).toBe("{{event.entity.email}}");
    expect(variable(1, "status")).toBe("{{steps.1.status}}");
    expect(insertAt("Hi !", 3, 3, "{{x}}")).toEqual({ text: "Hi {{x}}!", caret: 8 });
    expect(insertAt("Hi NAME!", 3, 7, "{{x}}")).toEqual({ text: "Hi {{x}}!", caret: 8 });
    expect(insertAt("", 5, 9, "{{x}}")).toEqual({ text: "{{x}}", caret: 5 });
  });

  test("a text on the sample, as the server fills it in", () => {
    const sample = { entity: { name: "Ann", n: 3 } };
    expect(renderOnSample("Thanks, {{event.entity.name}} ({{ event.entity.n }}){{event.nothing}}: {{steps.0.to}}", sample)).toBe("Thanks, Ann (3): …");
    expect(renderOnSample("No variables", sample)).toBeUndefined();
  });

  test("a sample's value at a path, through lists", () => {
    expect(sampleAt({ entity: { lines: [{ name: "Rye" }] } }, "entity.lines.0.name")).toBe("Rye");
    expect(sampleAt({}, "a.b")).toBeUndefined();
  });
});

describe("recipes and webhooks", () => {
  test("every recipe is a complete draft of its own trigger", () => {
    for (const r of RECIPES) {
      const d = r.draft();
      expect(d.eventType).toBe(r.eventType);
      expect(problems(d)).toEqual({});
    }
  });

  test("event types group by app; a subscription's events in words", () => {
    expect(byApp([{ name: "wixEcom_onOrderPaid" }, { name: "wixForms_onFormSubmit" }, { name: "wixEcom_onCartCreated" }]).map(([app, l]) => [app, l.length])).toEqual([["eCommerce", 2], ["Forms", 1]]);
    expect(eventsWords(["*"], String)).toBe("All events");
    expect(eventsWords(["wixForms_onFormSubmit"], () => "Form submitted")).toBe("Form submitted");
    expect(eventsWords(["a", "b"], String)).toBe("2 events");
  });
});
