// The sections of a site's dashboard: one list, read by the sidebar, the routes and the
// breadcrumb. A module adds its section here when its pages exist (Media, Store, Bookings,
// Plans, Automations and Analytics go between CMS and People, in that order); a section that
// is not listed has no link and no address, so nothing shows a page that is not there.

import { BadgeCheck, Braces, CalendarDays, ChartLine, CodeXml, Database, House, Image, type LucideIcon, PanelsTopLeft, Settings, ShoppingBag, Users, Workflow } from "lucide-react";
import { type ComponentType, lazy, type ReactNode } from "react";
import { analyticsCrumb, AnalyticsSection } from "./analytics/analytics-section";
import { automationsCrumb, AutomationsSection } from "./automations/automations-section";
import { bookingsCrumb, BookingsSection } from "./bookings/bookings-section";
import { CmsSection } from "./cms/cms-section";
import { collectionCrumb } from "./cms/collection-page";
import { codeFileCrumb, CodePage } from "./code/code-page";
import { mediaCrumb, MediaSection } from "./media/media-section";
import { PeoplePage, peopleTabCrumb } from "./people/people-page";
import { plansCrumb, PlansSection } from "./plans/plans-section";
import { SettingsPage } from "./settings/settings-page";
import { SitePage } from "./site-page";
import { storeCrumb, StoreSection } from "./stores/store-section";

/** Where in a section the dashboard is: what its breadcrumb item is made from. */
export interface SectionPlace {
  slug: string;
  /** The path after the section's, decoded, without its leading slash ("" at the section itself). */
  rest: string;
  search: URLSearchParams;
}

export interface Section {
  /** Stable and unique; names the section in code and tests. */
  id: string;
  /** The sidebar's link text and the breadcrumb's. */
  label: string;
  icon: LucideIcon;
  /** Under /sites/<slug>/: "" for the site's home. The first path segment of every page of it. */
  path: string;
  /** The section's pages: it is shown at the section's address and every address under it
   * (deep links such as cms/<collection>), which it routes itself with nested routes; the home
   * section at the site's own address only. */
  component: ComponentType;
  /** The breadcrumb's item after the section (e.g. the open collection), if the address names
   * one. A plain function of the address: it may return an element that loads a name. */
  crumb?: (place: SectionPlace) => ReactNode;
  /** The page uses the whole width (the editor): the sidebar shows its icons only. */
  wide?: boolean;
}

// The editor (with its drag and drop) loads when it is first opened, not with the dashboard.
const EditorPage = lazy(async () => ({ default: (await import("./editor/editor-page")).EditorPage }));
// GraphiQL (with its Monaco editor, megabytes) likewise.
const GraphqlPage = lazy(async () => ({ default: (await import("./graphql/graphql-page")).GraphqlPage }));

/** The site's overview, at /sites/<slug> itself. */
export const HOME_SECTION: Section = { id: "home", label: "Home", icon: House, path: "", component: SitePage };

export const SECTIONS: readonly Section[] = [
  HOME_SECTION,
  { id: "editor", label: "Editor", icon: PanelsTopLeft, path: "editor", component: EditorPage, wide: true },
  {
    id: "cms",
    label: "CMS",
    icon: Database,
    path: "cms",
    component: CmsSection,
    crumb: collectionCrumb,
  },
  { id: "media", label: "Media", icon: Image, path: "media", component: MediaSection, crumb: mediaCrumb },
  { id: "stores", label: "Store", icon: ShoppingBag, path: "store", component: StoreSection, crumb: storeCrumb },
  { id: "bookings", label: "Bookings", icon: CalendarDays, path: "bookings", component: BookingsSection, crumb: bookingsCrumb },
  { id: "plans", label: "Pricing plans", icon: BadgeCheck, path: "plans", component: PlansSection, crumb: plansCrumb },
  { id: "automations", label: "Automations", icon: Workflow, path: "automations", component: AutomationsSection, crumb: automationsCrumb },
  { id: "analytics", label: "Analytics", icon: ChartLine, path: "analytics", component: AnalyticsSection, crumb: analyticsCrumb },
  {
    id: "people",
    label: "People",
    icon: Users,
    path: "people",
    component: PeoplePage,
    crumb: peopleTabCrumb,
  },
  { id: "code", label: "Code", icon: CodeXml, path: "code", component: CodePage, crumb: codeFileCrumb },
  { id: "graphql", label: "GraphQL", icon: Braces, path: "graphql", component: GraphqlPage, wide: true },
  { id: "settings", label: "Settings", icon: Settings, path: "settings", component: SettingsPage },
];

/** The dashboard address of a section of a site, and of something in it (`rest`). */
export function sectionPath(slug: string, section: Pick<Section, "path">, rest = ""): string {
  return ["/sites", slug, section.path, rest].filter((part) => part !== "").join("/");
}

/** The section a dashboard path is in, and the path past it; `undefined` outside any site. */
export function sectionAt(pathname: string): { slug: string; section: Section; rest: string } | undefined {
  const [, sites, slug, first = "", ...rest] = pathname.split("/");
  if (sites !== "sites" || !slug) return undefined;
  const section = SECTIONS.find((s) => s.path === first && s.path !== "") ?? HOME_SECTION;
  // An address that no section owns belongs to the home section, which sends it home.
  const owned = section.path === first;
  return { slug: decoded(slug), section, rest: owned ? rest.map(decoded).join("/") : "" };
}

function decoded(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}
