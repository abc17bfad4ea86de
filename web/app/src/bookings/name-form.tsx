// A name typed in a line and saved: a new resource type or category, or one renamed in place.
// What is wrong, or the server's refusal, shows under the field.

import { useMutation } from "@tanstack/react-query";
import { type FormEvent, type ReactNode, useState } from "react";
import { Field } from "../stores/field";
import { nameProblem } from "./resources/resources";

export function NameForm({ label, initial = "", submit, max, placeholder, onSave, onCancel, className }: {
  label: string;
  initial?: string;
  submit: ReactNode;
  max: number;
  placeholder?: string;
  onSave: (name: string) => Promise<unknown>;
  /** Renaming: a Cancel button, and Escape, leave it as it was. */
  onCancel?: () => void;
  className?: string;
}) {
  const [name, setName] = useState(initial);
  const [shown, setShown] = useState(false);
  const save = useMutation({
    mutationFn: () => onSave(name.trim()),
    // A new one's line is cleared for the next; a renamed one's form is closed by its owner.
    onSuccess: () => {
      if (!onCancel) setName("");
      setShown(false);
    },
  });
  const problem = nameProblem(name, max);
  const send = (e: FormEvent) => {
    e.preventDefault();
    setShown(true);
    if (!problem) save.mutate();
  };
  const error = (shown ? problem : undefined) ?? save.error?.message;
  return (
    <form className={`inline-form name-form ${className ?? ""}`} onSubmit={send} onKeyDown={(e) => e.key === "Escape" && onCancel?.()} noValidate>
      <Field label={label} error={error} className="store-grow">
        {(props) => (
          <input {...props} value={name} maxLength={max} placeholder={placeholder} autoFocus={onCancel !== undefined}
            onChange={(e) => { setName(e.target.value); save.reset(); }} />
        )}
      </Field>
      <button type="submit" className={onCancel ? undefined : "secondary"} disabled={save.isPending}>{save.isPending ? "Saving…" : submit}</button>
      {onCancel && <button type="button" className="quiet" onClick={onCancel}>Cancel</button>}
    </form>
  );
}
