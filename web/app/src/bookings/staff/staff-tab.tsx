// The staff at bookings/staff: each member with their contact, their hours in a line (their
// own or the business's), and time off to come; a name opens their form.

import { Plus } from "lucide-react";
import { Link, useLocation } from "react-router";
import { summary } from "../hours/hours";
import { useBookingSettings, useStaff, useTimeZone } from "../queries";
import { formatInstant } from "../time";

export function StaffTab({ slug }: { slug: string }) {
  const staff = useStaff(slug);
  const settings = useBookingSettings(slug);
  const zone = useTimeZone(slug);
  const notice = (useLocation().state as { notice?: string } | null)?.notice;
  const now = Date.now();
  return (
    <section aria-labelledby="staff-title">
      <div className="store-head">
        <h2 id="staff-title">Staff</h2>
        <Link to={`/sites/${slug}/bookings/staff/new`} className="button-link store-new">
          <Plus size={16} aria-hidden="true" /> New staff member
        </Link>
      </div>
      {notice && <p role="status" className="ok store-notice">{notice}</p>}
      {staff.isError && <p role="alert" className="error">{staff.error.message}</p>}
      {staff.isPending && <p className="loading">Loading…</p>}
      {staff.isSuccess && staff.data.length === 0 && (
        <div className="store-empty">
          <p>No staff members yet. Appointments are booked with one of them.</p>
        </div>
      )}
      {staff.isSuccess && staff.data.length > 0 && (
        <div className="table-wrap">
          <table className="store-table">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Contact</th>
                <th scope="col">Working hours</th>
                <th scope="col">Time off</th>
              </tr>
            </thead>
            <tbody>
              {staff.data.map((s) => {
                const next = (s.timeOff ?? []).filter((t) => Date.parse(t.end) > now).sort((a, b) => a.start.localeCompare(b.start));
                return (
                  <tr key={s.id}>
                    <th scope="row">
                      <Link to={`/sites/${slug}/bookings/staff/${encodeURIComponent(s.id)}`} className="store-name">{s.name}</Link>
                    </th>
                    <td>
                      <div>{s.email || "—"}</div>
                      {s.phone && <div className="muted store-sub">{s.phone}</div>}
                    </td>
                    <td>{s.workingHours == null ? <>Business hours <span className="muted store-sub">({summary(settings.data?.businessHours ?? [])})</span></> : summary(s.workingHours)}</td>
                    <td>
                      {next.length === 0 ? <span className="muted">None planned</span> : (
                        <>
                          {formatInstant(next[0]?.start ?? "", zone)} – {formatInstant(next[0]?.end ?? "", zone)}
                          {next.length > 1 && <span className="muted store-sub"> and {next.length - 1} more</span>}
                        </>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
