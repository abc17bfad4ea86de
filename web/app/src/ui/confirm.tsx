// A button that asks before it acts: Radix's alert dialog (focus moves into it and stays there,
// Esc or Cancel closes it and gives focus back, the page behind is inert), in the dashboard's
// look (styles.css, `.dialog`).

import * as AlertDialog from "@radix-ui/react-alert-dialog";
import type { ReactNode } from "react";

export function ConfirmButton({ label, className, title, description, confirm, onConfirm }: {
  /** The button's text. */
  label: ReactNode;
  className?: string;
  /** The question, e.g. "Delete ada@example.com?". */
  title: string;
  /** What follows if the answer is yes. */
  description: ReactNode;
  /** The button that does it, e.g. "Delete". */
  confirm: string;
  onConfirm: () => void;
}) {
  return (
    <AlertDialog.Root>
      <AlertDialog.Trigger asChild>
        <button type="button" className={className}>{label}</button>
      </AlertDialog.Trigger>
      <AlertDialog.Portal>
        <AlertDialog.Overlay className="dialog-overlay" />
        <AlertDialog.Content className="dialog">
          <AlertDialog.Title className="dialog-title">{title}</AlertDialog.Title>
          <AlertDialog.Description className="dialog-text">{description}</AlertDialog.Description>
          <div className="dialog-actions">
            <AlertDialog.Cancel asChild>
              <button type="button" className="secondary">Cancel</button>
            </AlertDialog.Cancel>
            <AlertDialog.Action asChild>
              <button type="button" className="danger-solid" onClick={onConfirm}>{confirm}</button>
            </AlertDialog.Action>
          </div>
        </AlertDialog.Content>
      </AlertDialog.Portal>
    </AlertDialog.Root>
  );
}
