// A section's page split into tabs that are addresses (…/<section>/<tab path>, the first tab
// at the section's own): Radix's tabs (ui/tabs.tsx) that navigate. A tab clicked again from
// a page inside it (an item's editor at …/<tab path>/<id>) goes back to the tab's own page.

import type { ReactNode } from "react";
import { useNavigate } from "react-router";
import { Tab, TabList, TabPanel, Tabs } from "./tabs";

export interface SectionTab {
  id: string;
  label: string;
  /** The first segment of the tab's addresses under the section's; "" for the first tab. */
  path: string;
}

/** The tab an address past the section (`rest`) is in, by its first segment. */
export function tabAt<T extends SectionTab>(tabs: readonly T[], rest: string): T | undefined {
  const first = rest.split("/")[0] ?? "";
  return tabs.find((t) => t.path === first);
}

/** The address of a tab of the section at `base`. */
export function tabPath(base: string, tab: SectionTab): string {
  return tab.path === "" ? base : `${base}/${tab.path}`;
}

/** The section's title, its tabs with `current` chosen, and the page (`children`) under them. */
export function SectionTabs({ title, base, tabs, current, rest, children }: {
  title: string;
  base: string;
  tabs: readonly SectionTab[];
  current: SectionTab;
  rest: string;
  children: ReactNode;
}) {
  const navigate = useNavigate();
  const go = (id: string) => {
    const tab = tabs.find((t) => t.id === id);
    if (tab) navigate(tabPath(base, tab));
  };
  return (
    <>
      <h1>{title}</h1>
      <Tabs value={current.id} onValueChange={go}>
        <TabList aria-label={title} className="store-tabs">
          {tabs.map((t) => (
            <Tab key={t.id} value={t.id} onClick={() => t.id === current.id && rest !== t.path && go(t.id)}>
              {t.label}
            </Tab>
          ))}
        </TabList>
        <TabPanel value={current.id}>{children}</TabPanel>
      </Tabs>
    </>
  );
}
