// Asking before acting: Radix's alert dialog (focus moves into it and stays there, Esc or
// Cancel closes it and gives focus back, the page behind is inert), in the dashboard's look
// (styles.css, `.dialog`).

import * as AlertDialog from "@radix-ui/react-alert-dialog";
import type { ReactNode } from "react";

interface Question {
  /** The question, e.g. "Delete ada@example.com and all their data?". */
  title: string;
  /** What follows if the answer is yes. */
  description: ReactNode;
  /** The button that does it, e.g. "Delete". */
  confirm: string;
  onConfirm: () => void;
}

/** A button that asks before it acts. */
export function ConfirmButton({ label, className, ...question }: Question & { label: ReactNode; className?: string }) {
  return (
    <AlertDialog.Root>
      <AlertDialog.Trigger asChild>
        <button type="button" className={className}>{label}</button>
      </AlertDialog.Trigger>
      <QuestionContent {...question} />
    </AlertDialog.Root>
  );
}

/** The question asked while `open`, for a moment the page picks (e.g. after loading something). */
export function ConfirmDialog({ open, onOpenChange, ...question }: Question & { open: boolean; onOpenChange: (open: boolean) => void }) {
  return (
    <AlertDialog.Root open={open} onOpenChange={onOpenChange}>
      <QuestionContent {...question} />
    </AlertDialog.Root>
  );
}

function QuestionContent({ title, description, confirm, onConfirm }: Question) {
  return (
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
  );
}
