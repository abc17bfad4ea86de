// Inputs and the other elements page code drives (Velo's `$w('#input1').value`, …): what the
// add panel makes and what the inspector edits of them. The renderer writes them
// (`crates/render/src/page/inputs.rs`); they submit nothing by themselves.

import { type Doc, type Element, findElement, parentOf } from "./doc-ops";

/** The add panel's "Inputs" group, in its order. */
export const INPUTS = [
  "textInput",
  "textBox",
  "dropdown",
  "checkbox",
  "checkboxGroup",
  "radioGroup",
  "switch",
  "slider",
  "datePicker",
  "multiStateBox",
  "progressBar",
  "rating",
  "pagination",
  "embed",
];

/** Their names in the add panel, where the type does not read as words. */
export const INPUT_NAMES: Record<string, string> = {
  textInput: "text input",
  textBox: "text box",
  checkboxGroup: "checkbox group",
  radioGroup: "radio group",
  datePicker: "date picker",
  multiStateBox: "multi-state box",
  progressBar: "progress bar",
  embed: "HTML component",
};

const CHOICES = [
  { label: "Option 1", value: "option1" },
  { label: "Option 2", value: "option2" },
];

/** A new element of one of these types, or undefined for other types. */
export function inputElement(id: string, type: string, newId: (type: string) => string): Element | undefined {
  const props: Record<string, Record<string, unknown>> = {
    textInput: { label: "Name", placeholder: "Your name" },
    textBox: { label: "Message", placeholder: "Write here" },
    dropdown: { label: "Choose one", placeholder: "Choose", options: CHOICES },
    checkbox: { label: "I agree" },
    checkboxGroup: { label: "Choose any", options: CHOICES },
    radioGroup: { label: "Choose one", options: CHOICES },
    switch: { label: "Turn on" },
    slider: { label: "Amount", min: 0, max: 100, step: 1, value: 50 },
    datePicker: { label: "Date" },
    progressBar: { label: "Progress", value: 40, targetValue: 100 },
    rating: { rating: 4, numRatings: 10 },
    pagination: { totalPages: 5, currentPage: 1 },
    embed: { title: "HTML component", html: "<p>Hello from the HTML component.</p>", height: 200 },
  };
  if (type === "multiStateBox") return { id, type, children: [newState(newId, "First state"), newState(newId, "Second state")] };
  const p = props[type];
  return p && { id, type, props: structuredClone(p) };
}

/** A state of a multi-state box, with a text saying which it is. */
export function newState(newId: (type: string) => string, text: string): Element {
  return { id: newId("state"), type: "state", children: [{ id: newId("text"), type: "text", props: { html: `<p>${text}</p>` } }] };
}

/** A content property the inspector edits. */
export interface Field {
  name: string;
  label: string;
  kind?: "textarea" | "number" | "level" | "link" | "image" | "background" | "check" | "options" | "date" | "choose";
  /** The choices of a `choose` field. */
  choices?: string[];
}

const label: Field = { name: "label", label: "Label" };
const placeholder: Field = { name: "placeholder", label: "Placeholder" };
const required: Field = { name: "required", label: "Required", kind: "check" };
const options: Field = { name: "options", label: "Options, one a line (Label or Label = value)", kind: "options" };

export const INPUT_CONTENT: Record<string, Field[]> = {
  textInput: [
    label,
    placeholder,
    { name: "inputType", label: "Type", kind: "choose", choices: ["text", "email", "number", "tel", "url", "password"] },
    { name: "value", label: "Default value" },
    { name: "maxLength", label: "Longest text (characters)", kind: "number" },
    required,
  ],
  textBox: [label, placeholder, { name: "value", label: "Default value", kind: "textarea" }, { name: "maxLength", label: "Longest text (characters)", kind: "number" }, required],
  dropdown: [label, placeholder, options, { name: "value", label: "Chosen value" }, required],
  checkbox: [label, { name: "value", label: "Value" }, { name: "checked", label: "Checked", kind: "check" }, required],
  checkboxGroup: [label, options],
  radioGroup: [label, options, { name: "value", label: "Chosen value" }, required],
  switch: [label, { name: "checked", label: "On", kind: "check" }],
  slider: [label, { name: "min", label: "Minimum", kind: "number" }, { name: "max", label: "Maximum", kind: "number" }, { name: "step", label: "Step", kind: "number" }, { name: "value", label: "Value", kind: "number" }],
  datePicker: [label, { name: "value", label: "Date", kind: "date" }, { name: "min", label: "Earliest", kind: "date" }, { name: "max", label: "Latest", kind: "date" }, required],
  progressBar: [label, { name: "value", label: "Value", kind: "number" }, { name: "targetValue", label: "Target (100 %)", kind: "number" }],
  rating: [{ name: "rating", label: "Rating (0 to 5)", kind: "number" }, { name: "numRatings", label: "Number of ratings", kind: "number" }],
  pagination: [{ name: "totalPages", label: "Pages", kind: "number" }, { name: "currentPage", label: "Current page", kind: "number" }],
  embed: [{ name: "title", label: "Title (announced)" }, { name: "html", label: "HTML", kind: "textarea" }, { name: "url", label: "Or an https:// address" }, { name: "height", label: "Height (px)", kind: "number" }],
};

export interface Choice {
  label: string;
  value?: string;
}

/** Options as the inspector shows them: `Label`, or `Label = value` when they differ. */
export function optionsText(choices: Choice[]): string {
  return choices.map((c) => (c.value === undefined || c.value === c.label ? c.label : `${c.label} = ${c.value}`)).join("\n");
}

/** The inspector's lines as options; blank lines are left out. */
export function parseOptions(text: string): Choice[] {
  return text
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line !== "")
    .map((line) => {
      const at = line.lastIndexOf("=");
      if (at < 0) return { label: line, value: line };
      return { label: line.slice(0, at).trim(), value: line.slice(at + 1).trim() };
    });
}

/** Where `child` may go: states only in a multi-state box, everything else anywhere else. */
export function fitsIn(parentType: string | undefined, childType: string): boolean {
  return (parentType === "multiStateBox") === (childType === "state");
}

/**
 * The states the canvas shows instead of their box's first: each one holding a selected
 * element (or selected itself), as [box id, state id], so what is selected can be seen.
 */
export function statesToShow(doc: Doc, selected: readonly string[]): [string, string][] {
  const shown: [string, string][] = [];
  for (const id of selected) {
    for (let at: string | undefined = id; at !== undefined; at = parentOf(doc, at)) {
      const box = findElement(doc, at)?.type === "state" ? parentOf(doc, at) : undefined;
      if (box) shown.push([box, at]);
    }
  }
  return shown;
}
