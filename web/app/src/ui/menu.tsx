// Menus of the dashboard: Radix's dropdown menu (keyboard, focus and ARIA roles), dressed in
// the dashboard's tokens (styles.css, `.menu`). Open with Enter, Space or the arrow keys;
// arrows move, typing a letter jumps, Esc closes and gives focus back to the trigger.

import * as DropdownMenu from "@radix-ui/react-dropdown-menu";
import { Check } from "lucide-react";
import type { ComponentPropsWithoutRef } from "react";

export const Menu = DropdownMenu.Root;
export const MenuTrigger = DropdownMenu.Trigger;
export const MenuRadioGroup = DropdownMenu.RadioGroup;

export function MenuContent({ className, ...props }: ComponentPropsWithoutRef<typeof DropdownMenu.Content>) {
  return (
    <DropdownMenu.Portal>
      <DropdownMenu.Content sideOffset={6} align="start" collisionPadding={8} className={`menu ${className ?? ""}`} {...props} />
    </DropdownMenu.Portal>
  );
}

export function MenuItem({ className, ...props }: ComponentPropsWithoutRef<typeof DropdownMenu.Item>) {
  return <DropdownMenu.Item className={`menu-item ${className ?? ""}`} {...props} />;
}

/** One choice of a radio group: checked is the current one. */
export function MenuRadioItem({ className, children, ...props }: ComponentPropsWithoutRef<typeof DropdownMenu.RadioItem>) {
  return (
    <DropdownMenu.RadioItem className={`menu-item ${className ?? ""}`} {...props}>
      <span className="menu-check">
        <DropdownMenu.ItemIndicator>
          <Check size={14} aria-hidden="true" />
        </DropdownMenu.ItemIndicator>
      </span>
      {children}
    </DropdownMenu.RadioItem>
  );
}

export function MenuLabel({ className, ...props }: ComponentPropsWithoutRef<typeof DropdownMenu.Label>) {
  return <DropdownMenu.Label className={`menu-label ${className ?? ""}`} {...props} />;
}

export function MenuSeparator() {
  return <DropdownMenu.Separator className="menu-separator" />;
}
