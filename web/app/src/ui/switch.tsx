// An on/off switch: a native checkbox with the switch role (Space toggles it, screen readers
// say "on" or "off"), drawn as a track and a knob (styles.css, `.switch`).

import type { ComponentPropsWithoutRef } from "react";

export function Switch({ className, ...props }: Omit<ComponentPropsWithoutRef<"input">, "type" | "role">) {
  return <input type="checkbox" role="switch" className={`switch ${className ?? ""}`} {...props} />;
}
