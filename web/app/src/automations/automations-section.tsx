// The Automations section at /sites/<slug>/automations (mirroring crates/modules/automations):
// the automations and recipes, the builder at automations/new (?recipe=<id>) and
// automations/<id>, the run history at automations/runs, and the site's outbound webhooks
// at automations/webhooks.

import { Navigate, Route, Routes, useNavigate, useParams } from "react-router";
import type { SectionPlace } from "../sections";
import { Tab, TabList, TabPanel, Tabs } from "../ui/tabs";
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

function tabPath(base: string, id: string): string {
  const path = TABS.find((t) => t.id === id)?.path ?? "";
  return path === "" ? base : `${base}/${path}`;
}

/** The tab an address is in: an automation's builder is in the first. */
function tabAt(rest: string) {
  const first = rest.split("/")[0] ?? "";
  return TABS.find((t) => t.path === first) ?? TABS[0];
}

/** The breadcrumb's item: the tab past the list, a new automation, or the open one's name. */
export function automationsCrumb({ slug, rest }: SectionPlace) {
  if (rest === "") return null;
  if (rest === "new") return "New automation";
  const tab = TABS.find((t) => t.path === rest);
  if (tab) return tab.label;
  return <AutomationName slug={slug} id={rest} />;
}

function AutomationName({ slug, id }: { slug: string; id: string }) {
  return <>{useAutomation(slug, id).data?.name ?? "Automation"}</>;
}

export function AutomationsSection() {
  const { slug = "", "*": rest = "" } = useParams();
  const navigate = useNavigate();
  const tab = tabAt(rest);
  const base = `/sites/${slug}/automations`;
  return (
    <div className="store-page automations-page">
      <h1>Automations</h1>
      <Tabs value={tab.id} onValueChange={(id) => navigate(tabPath(base, id))}>
        <TabList aria-label="Automations" className="store-tabs">
          {TABS.map((t) => (
            <Tab key={t.id} value={t.id} onClick={() => t.id === tab.id && rest !== t.path && navigate(tabPath(base, t.id))}>
              {t.label}
            </Tab>
          ))}
        </TabList>
        <TabPanel value={tab.id}>
          <Routes>
            <Route index element={<AutomationsList slug={slug} />} />
            <Route path="runs" element={<RunHistory slug={slug} />} />
            <Route path="webhooks" element={<WebhooksTab slug={slug} />} />
            <Route path="new" element={<BuilderPage slug={slug} />} />
            <Route path=":automationId" element={<BuilderPage slug={slug} />} />
            <Route path="*" element={<Navigate to={base} replace />} />
          </Routes>
        </TabPanel>
      </Tabs>
    </div>
  );
}
