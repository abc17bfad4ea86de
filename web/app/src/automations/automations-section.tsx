// The Automations section at /sites/<slug>/automations (mirroring crates/modules/automations):
// the automations and recipes, the builder at automations/new (?recipe=<id>) and
// automations/<id>, the run history at automations/runs, and the site's outbound webhooks
// at automations/webhooks.

import { Navigate, Route, Routes, useParams } from "react-router";
import type { SectionPlace } from "../sections";
import { SectionTabs, tabAt } from "../ui/section-tabs";
import "../stores/stores.css";
import "./automations.css";
import { AutomationsList } from "./automations-list";
import { BuilderPage } from "./builder";
import { useAutomation } from "./queries";
import { RunHistory } from "./run-history";
import { WebhooksTab } from "./webhooks-tab";

const TABS = [
  { id: "automations", label: "Automations", path: "" },
  { id: "runs", label: "Run history", path: "runs" },
  { id: "webhooks", label: "Webhooks", path: "webhooks" },
] as const;

/** The breadcrumb's item: the tab past the list, a new automation, or the open one's name. */
export function automationsCrumb({ slug, rest }: SectionPlace) {
  if (rest === "") return null;
  if (rest === "new") return "New automation";
  const tab = tabAt(TABS, rest);
  if (tab) return tab.label;
  return <AutomationName slug={slug} id={rest} />;
}

function AutomationName({ slug, id }: { slug: string; id: string }) {
  return <>{useAutomation(slug, id).data?.name ?? "Automation"}</>;
}

export function AutomationsSection() {
  const { slug = "", "*": rest = "" } = useParams();
  // An automation's builder (new, or its id) is in the first tab.
  const tab = tabAt(TABS, rest) ?? TABS[0];
  const base = `/sites/${slug}/automations`;
  return (
    <div className="store-page automations-page">
      <SectionTabs title="Automations" base={base} tabs={TABS} current={tab} rest={rest}>
        <Routes>
          <Route index element={<AutomationsList slug={slug} />} />
          <Route path="runs" element={<RunHistory slug={slug} />} />
          <Route path="webhooks" element={<WebhooksTab slug={slug} />} />
          <Route path="new" element={<BuilderPage slug={slug} />} />
          <Route path=":automationId" element={<BuilderPage slug={slug} />} />
          <Route path="*" element={<Navigate to={base} replace />} />
        </Routes>
      </SectionTabs>
    </div>
  );
}
