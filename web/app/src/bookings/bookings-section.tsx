// The Bookings section at /sites/<slug>/bookings: the calendar, then a tab each for the
// bookings module's parts, each at its own address (bookings/list, bookings/services,
// bookings/staff, bookings/resources, bookings/settings), with a service's form at
// bookings/services/<id>, a staff member's at bookings/staff/<id> and a resource's at
// bookings/resources/<id> (each with /new for a new one).

import { Navigate, Route, Routes, useParams } from "react-router";
import type { SectionPlace } from "../sections";
import { SectionTabs, tabAt } from "../ui/section-tabs";
import "../stores/stores.css";
import "./bookings.css";
import { CalendarTab } from "./calendar/calendar-tab";
import { BookingsList } from "./list/bookings-list";
import { useResource, useService, useStaffMember } from "./queries";
import { ResourceEditor } from "./resources/resource-editor";
import { ResourcesTab } from "./resources/resources-tab";
import { ServiceEditor } from "./services/service-editor";
import { ServicesTab } from "./services/services-tab";
import { BookingSettingsTab } from "./settings/settings-tab";
import { StaffEditor } from "./staff/staff-editor";
import { StaffTab } from "./staff/staff-tab";

const TABS = [
  { id: "calendar", label: "Calendar", path: "" },
  { id: "list", label: "All bookings", path: "list" },
  { id: "services", label: "Services", path: "services" },
  { id: "staff", label: "Staff", path: "staff" },
  { id: "resources", label: "Resources", path: "resources" },
  { id: "settings", label: "Settings", path: "settings" },
] as const;

/** The breadcrumb's item in Bookings: the tab past the calendar, or the open service, staff member or resource. */
export function bookingsCrumb({ slug, rest }: SectionPlace) {
  const [first = "", id] = rest.split("/");
  if (first === "services" && id === "new") return "New service";
  if (first === "services" && id) return <ServiceName slug={slug} id={id} />;
  if (first === "staff" && id === "new") return "New staff member";
  if (first === "staff" && id) return <StaffName slug={slug} id={id} />;
  if (first === "resources" && id === "new") return "New resource";
  if (first === "resources" && id) return <ResourceName slug={slug} id={id} />;
  return rest === "" ? null : tabAt(TABS, rest)?.label;
}

function ServiceName({ slug, id }: { slug: string; id: string }) {
  return <>{useService(slug, id).data?.name ?? "Service"}</>;
}

function StaffName({ slug, id }: { slug: string; id: string }) {
  return <>{useStaffMember(slug, id).data?.name ?? "Staff member"}</>;
}

function ResourceName({ slug, id }: { slug: string; id: string }) {
  return <>{useResource(slug, id).data?.name ?? "Resource"}</>;
}

export function BookingsSection() {
  const { slug = "", "*": rest = "" } = useParams();
  const tab = tabAt(TABS, rest);
  const base = `/sites/${slug}/bookings`;
  if (!tab) return <Navigate to={base} replace />;
  return (
    <div className="store-page bookings-page">
      <SectionTabs title="Bookings" base={base} tabs={TABS} current={tab} rest={rest}>
        <Routes>
          <Route index element={<CalendarTab slug={slug} />} />
          <Route path="list" element={<BookingsList slug={slug} />} />
          <Route path="services" element={<ServicesTab slug={slug} />} />
          <Route path="services/new" element={<ServiceEditor slug={slug} />} />
          <Route path="services/:serviceId" element={<ServiceEditor slug={slug} />} />
          <Route path="staff" element={<StaffTab slug={slug} />} />
          <Route path="staff/new" element={<StaffEditor slug={slug} />} />
          <Route path="staff/:staffId" element={<StaffEditor slug={slug} />} />
          <Route path="resources" element={<ResourcesTab slug={slug} />} />
          <Route path="resources/new" element={<ResourceEditor slug={slug} />} />
          <Route path="resources/:resourceId" element={<ResourceEditor slug={slug} />} />
          <Route path="settings" element={<BookingSettingsTab slug={slug} />} />
          <Route path="*" element={<Navigate to={base} replace />} />
        </Routes>
      </SectionTabs>
    </div>
  );
}
