// A dialog of the dashboard for work rather than a question (a form, the media picker): Radix's
// dialog (focus moves in and stays, Esc or the close button closes it and gives focus back,
// the page behind is inert), in the dashboard's look (styles.css, `.dialog`).

import * as RadixDialog from "@radix-ui/react-dialog";
import { X } from "lucide-react";
import type { ReactNode } from "react";

export function Dialog({ open, onOpenChange, title, description, className, returnFocus, children }: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  title: string;
  /** Said to screen readers when it opens; shown under the title. */
  description?: ReactNode;
  /** e.g. `dialog-wide`. */
  className?: string;
  /** Where focus goes on closing, when the element that opened it is gone (a menu's item). */
  returnFocus?: () => HTMLElement | null | undefined;
  children: ReactNode;
}) {
  return (
    <RadixDialog.Root open={open} onOpenChange={onOpenChange}>
      <RadixDialog.Portal>
        <RadixDialog.Overlay className="dialog-overlay" />
        <RadixDialog.Content
          className={`dialog ${className ?? ""}`}
          {...(description ? {} : { "aria-describedby": undefined })}
          onCloseAutoFocus={(event) => {
            const target = returnFocus?.();
            if (target) {
              event.preventDefault();
              target.focus();
            }
          }}
        >
          <div className="dialog-head">
            <RadixDialog.Title className="dialog-title">{title}</RadixDialog.Title>
            <RadixDialog.Close asChild>
              <button type="button" className="quiet icon-button" aria-label="Close">
                <X size={18} aria-hidden="true" />
              </button>
            </RadixDialog.Close>
          </div>
          {description && <RadixDialog.Description className="dialog-text">{description}</RadixDialog.Description>}
          {children}
        </RadixDialog.Content>
      </RadixDialog.Portal>
    </RadixDialog.Root>
  );
}
