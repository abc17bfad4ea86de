// A form's labelled control with its hint and error under it, as the store's editors lay them out.

import { type ReactNode, useId } from "react";

/**
 * A labelled control with its error under it; `children` gets the control's id and ARIA.
 * `invalid` marks it without a text of its own (the server's refusal is said next to the form).
 */
export function Field({ label, error, invalid, hint, className, children }: {
  label: ReactNode;
  error?: string;
  invalid?: boolean;
  hint?: ReactNode;
  className?: string;
  children: (props: { id: string; "aria-invalid"?: true; "aria-describedby"?: string }) => ReactNode;
}) {
  const id = useId();
  const describedBy = [error ? `${id}-error` : "", hint ? `${id}-hint` : ""].filter(Boolean).join(" ") || undefined;
  return (
    <div className={`store-field ${className ?? ""}`}>
      <label htmlFor={id}>{label}</label>
      {children({ id, ...(error || invalid ? { "aria-invalid": true as const } : {}), ...(describedBy ? { "aria-describedby": describedBy } : {}) })}
      {hint && <small id={`${id}-hint`}>{hint}</small>}
      {error && <p id={`${id}-error`} className="error store-field-error">{error}</p>}
    </div>
  );
}
