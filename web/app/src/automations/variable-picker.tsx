// A text of an action (an email's subject, a webhook's address…) with its variable picker:
// the braces button lists the trigger's fields and the earlier steps' outputs, and the one
// chosen goes in at the caret as `{{event.…}}` or `{{steps.<n>.…}}`, which the server
// fills in when the step runs.

import { Braces } from "lucide-react";
import { type RefObject, useRef } from "react";
import { Menu, MenuContent, MenuItem, MenuLabel, MenuSeparator, MenuTrigger } from "../ui/menu";
import { insertAt, type PayloadField, variable } from "./automations";

/** Values a text may name: the event's fields, or step `scope`'s output. */
export interface VariableGroup {
  label: string;
  scope: "event" | number;
  fields: PayloadField[];
}

type TextControl = HTMLInputElement | HTMLTextAreaElement;

export function TextWithVariables({ id, label, value, onChange, groups, multiline, placeholder, describedBy, invalid }: {
  id: string;
  /** The field's name, for the picker's button ("Insert a variable into Subject"). */
  label: string;
  value: string;
  onChange: (value: string) => void;
  groups: VariableGroup[];
  multiline?: boolean;
  placeholder?: string;
  describedBy?: string;
  invalid?: boolean;
}) {
  const control = useRef<TextControl>(null);
  // Where the caret was when the picker took the focus; the end of the text until then.
  const selection = useRef<[number, number] | null>(null);
  const remember = (e: { currentTarget: TextControl }) => {
    selection.current = [e.currentTarget.selectionStart ?? value.length, e.currentTarget.selectionEnd ?? value.length];
  };
  const insert = (text: string) => {
    const [start, end] = selection.current ?? [value.length, value.length];
    const next = insertAt(value, start, end, text);
    onChange(next.text);
    selection.current = [next.caret, next.caret];
    // Back to the text, the caret after what went in, once the menu has given the focus back.
    requestAnimationFrame(() => {
      control.current?.focus();
      control.current?.setSelectionRange(next.caret, next.caret);
    });
  };
  const props = {
    id,
    value,
    placeholder,
    "aria-describedby": describedBy,
    "aria-invalid": invalid || undefined,
    onChange: (e: { currentTarget: TextControl }) => {
      onChange(e.currentTarget.value);
      remember(e);
    },
    onSelect: remember,
    onBlur: remember,
  };
  const offered = groups.filter((g) => g.fields.length > 0);
  return (
    <div className={`var-field ${multiline ? "var-field-multiline" : ""}`}>
      {multiline ? (
        <textarea ref={control as RefObject<HTMLTextAreaElement>} rows={5} {...props} />
      ) : (
        <input ref={control as RefObject<HTMLInputElement>} {...props} />
      )}
      <Menu modal={false}>
        <MenuTrigger asChild>
          <button type="button" className="var-button" aria-label={`Insert a variable into ${label}`} title="Insert a variable" disabled={offered.length === 0}>
            <Braces size={15} aria-hidden="true" />
          </button>
        </MenuTrigger>
        <MenuContent align="end" className="var-menu">
          {offered.map((g, i) => (
            <div key={g.label} role="group" aria-label={g.label}>
              {i > 0 && <MenuSeparator />}
              <MenuLabel>{g.label}</MenuLabel>
              {g.fields.map((f) => (
                <MenuItem key={f.path} onSelect={() => insert(variable(g.scope, f.path))}>
                  <span className="var-title">{f.title}</span>
                  <code className="var-path">{f.path}</code>
                </MenuItem>
              ))}
            </div>
          ))}
        </MenuContent>
      </Menu>
    </div>
  );
}
