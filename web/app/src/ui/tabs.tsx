// Tabs of the dashboard: Radix's tabs (arrow keys move between tabs, Home and End jump, each
// panel is labelled by its tab), in the dashboard's segmented look (styles.css, `.tabs`).

import * as RadixTabs from "@radix-ui/react-tabs";
import type { ComponentPropsWithoutRef } from "react";

export const Tabs = RadixTabs.Root;

export function TabList({ className, ...props }: ComponentPropsWithoutRef<typeof RadixTabs.List>) {
  return <RadixTabs.List className={`tabs ${className ?? ""}`} {...props} />;
}

export function Tab({ className, ...props }: ComponentPropsWithoutRef<typeof RadixTabs.Trigger>) {
  return <RadixTabs.Trigger className={`tab ${className ?? ""}`} {...props} />;
}

export function TabPanel({ className, ...props }: ComponentPropsWithoutRef<typeof RadixTabs.Content>) {
  return <RadixTabs.Content className={`tab-panel ${className ?? ""}`} {...props} />;
}
