// The services at bookings/services: each with its type, category, length, price and who gives
// it; a name opens its form, "New service" makes one. Under them, the categories.

import { Plus } from "lucide-react";
import { Link, useLocation } from "react-router";
import { formatMoney } from "../../stores/store";
import { type Service, TYPE_LABELS } from "../bookings";
import { useServices, useStaff } from "../queries";
import { CategoriesPanel } from "./categories-panel";

export function priceLabel(s: Service): string {
  const price = s.payment?.fixed?.price;
  if (s.payment?.rateType === "NO_FEE" || !price?.value) return "Free";
  return formatMoney(price.value, price.currency ?? "USD");
}

export function ServicesTab({ slug }: { slug: string }) {
  const services = useServices(slug);
  const staff = new Map((useStaff(slug).data ?? []).map((s) => [s.id, s.name]));
  const notice = (useLocation().state as { notice?: string } | null)?.notice;
  return (
    <section aria-labelledby="services-title">
      <div className="store-head">
        <h2 id="services-title">Services</h2>
        <Link to={`/sites/${slug}/bookings/services/new`} className="button-link store-new">
          <Plus size={16} aria-hidden="true" /> New service
        </Link>
      </div>
      {notice && <p role="status" className="ok store-notice">{notice}</p>}
      {services.isError && <p role="alert" className="error">{services.error.message}</p>}
      {services.isPending && <p className="loading">Loading…</p>}
      {services.isSuccess && services.data.length === 0 && (
        <div className="store-empty">
          <p>No services yet. Add the appointments, classes and courses clients can book.</p>
        </div>
      )}
      {services.isSuccess && services.data.length > 0 && (
        <div className="table-wrap">
          <table className="store-table">
            <thead>
              <tr>
                <th scope="col">Service</th>
                <th scope="col">Type</th>
                <th scope="col">Category</th>
                <th scope="col">Length</th>
                <th scope="col" className="num">Price</th>
                <th scope="col">Staff</th>
              </tr>
            </thead>
            <tbody>
              {services.data.map((s) => (
                <tr key={s.id}>
                  <th scope="row">
                    <Link to={`/sites/${slug}/bookings/services/${encodeURIComponent(s.id)}`} className="store-name">{s.name}</Link>
                    {s.hidden && <span className="badge">Hidden</span>}
                    {s.tagLine && <div className="muted store-sub">{s.tagLine}</div>}
                  </th>
                  <td>{TYPE_LABELS[s.type] ?? s.type}</td>
                  <td>{s.category?.name ?? <span className="muted">—</span>}</td>
                  <td>{(s.schedule?.availabilityConstraints?.sessionDurations ?? []).map((d) => `${d} min`).join(", ") || "—"}</td>
                  <td className="num">{priceLabel(s)}</td>
                  <td>{(s.staffMemberIds ?? []).map((id) => staff.get(id) ?? "Removed").join(", ") || "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {services.isSuccess && <CategoriesPanel slug={slug} services={services.data} />}
    </section>
  );
}
