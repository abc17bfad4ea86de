// The Coupons tab: the store's coupons with what each gives, how often it was used and whether
// buyers can use it now; a switch turns one on or off, and deleting one asks first. A coupon's
// form is at store/coupons/<id> (store/coupons/new for a new one).

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { TicketPlus } from "lucide-react";
import { useState } from "react";
import { Link, useLocation } from "react-router";
import { ConfirmButton } from "../../ui/confirm";
import { Switch } from "../../ui/switch";
import { refreshStore, useCoupons, useNames, useStoreSettings } from "../queries";
import { store } from "../store";
import { type Coupon, discountLabel, minimumLabel, scopeLabel, STATE_LABELS, stateOf, usesLabel } from "./coupons";

export function CouponsTab({ slug }: { slug: string }) {
  const client = useQueryClient();
  const location = useLocation();
  const coupons = useCoupons(slug);
  const currency = useStoreSettings(slug).data?.currency ?? "USD";
  const names = useNames(slug);
  // What the form said on its way back here ("… is created.").
  const [notice, setNotice] = useState<{ text: string; error?: boolean } | null>((location.state as { notice?: string } | null)?.notice ? { text: (location.state as { notice: string }).notice } : null);
  const toggle = useMutation({
    mutationFn: ({ coupon, active }: { coupon: Coupon; active: boolean }) =>
      store(slug, "PATCH", `/stores/v2/coupons/${encodeURIComponent(coupon.id)}`, { specification: { active } }),
    onSuccess: (_, { coupon, active }) => setNotice({ text: `${coupon.specification.code} is ${active ? "on" : "off"}.` }),
    onError: (e) => setNotice({ text: e.message, error: true }),
    onSettled: () => refreshStore(client, slug),
  });
  const remove = useMutation({
    mutationFn: (c: Coupon) => store(slug, "DELETE", `/stores/v2/coupons/${encodeURIComponent(c.id)}`),
    onSuccess: (_, c) => setNotice({ text: `${c.specification.code} is deleted.` }),
    onError: (e) => setNotice({ text: e.message, error: true }),
    onSettled: () => refreshStore(client, slug),
  });
  const list = coupons.data?.pages.flatMap((p) => p.coupons) ?? [];
  const total = coupons.data?.pages[0]?.totalResults;
  const newLink = `/sites/${slug}/store/coupons/new`;
  return (
    <section aria-labelledby="coupons-title">
      <div className="store-head">
        <h2 id="coupons-title">Coupons</h2>
        {total !== undefined && <span className="muted">{total === 1 ? "1 coupon" : `${total} coupons`}</span>}
        <Link to={newLink} className="button-link store-new">
          <TicketPlus size={16} aria-hidden="true" /> New coupon
        </Link>
      </div>
      {notice && <p role={notice.error ? "alert" : "status"} className={`store-notice ${notice.error ? "error" : "ok"}`}>{notice.text}</p>}
      {coupons.isError && <p role="alert" className="error">{coupons.error.message}</p>}
      {coupons.isPending && <p className="loading">Loading…</p>}
      {coupons.isSuccess && list.length === 0 && (
        <div className="store-empty">
          <p>No coupons yet. A coupon is a code buyers enter at checkout for a discount.</p>
          <Link to={newLink} className="button-link">New coupon</Link>
        </div>
      )}
      {list.length > 0 && (
        <div className="table-wrap">
          <table className="store-table coupons-table">
            <thead>
              <tr>
                <th scope="col">Code</th>
                <th scope="col">Name</th>
                <th scope="col">Discount</th>
                <th scope="col" className="num">Uses</th>
                <th scope="col">Status</th>
                <th scope="col">Active</th>
                <th scope="col"><span className="sr-only">Actions</span></th>
              </tr>
            </thead>
            <tbody>
              {list.map((c) => {
                const s = c.specification;
                const state = stateOf(c);
                const edit = `/sites/${slug}/store/coupons/${encodeURIComponent(c.id)}`;
                return (
                  <tr key={c.id}>
                    <th scope="row"><Link to={edit} className="store-code">{s.code}</Link></th>
                    <td>{s.name}</td>
                    <td>
                      <div>{discountLabel(s, currency)}</div>
                      <div className="muted store-sub">
                        {scopeLabel(s, names)}
                        {s.minimumSubtotal != null && `, ${minimumLabel(s.minimumSubtotal, currency)}`}
                      </div>
                    </td>
                    <td className="num">{usesLabel(c)}</td>
                    <td><span className={`badge store-status ${state === "active" ? "live" : state === "scheduled" ? "store-badge-low" : ""}`}>{STATE_LABELS[state]}</span></td>
                    <td>
                      <Switch
                        aria-label={`${s.code} is active`}
                        checked={s.active !== false}
                        disabled={toggle.isPending && toggle.variables?.coupon.id === c.id}
                        onChange={(e) => toggle.mutate({ coupon: c, active: e.target.checked })}
                      />
                    </td>
                    <td>
                      <div className="actions store-row-actions">
                        <Link to={edit} aria-label={`Edit ${s.code}`}>Edit</Link>
                        <ConfirmButton
                          label="Delete"
                          className="quiet danger"
                          title={`Delete coupon ${s.code}?`}
                          description="Buyers can no longer use the code. Orders that used it keep their discount."
                          confirm="Delete"
                          onConfirm={() => remove.mutate(c)}
                        />
                      </div>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      {coupons.hasNextPage && (
        <div className="pager">
          <button type="button" className="secondary" onClick={() => coupons.fetchNextPage()} disabled={coupons.isFetchingNextPage}>
            {coupons.isFetchingNextPage ? "Loading…" : "Show more"}
          </button>
        </div>
      )}
    </section>
  );
}
