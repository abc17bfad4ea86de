// The Discounts tab: the store's automatic discounts (Wix's discount rules), with what each
// gives and on what, when it applies, whether it is live, and how many orders used it; a switch
// turns one on or off, and deleting one asks first. A discount's form is at
// store/discounts/<id> (store/discounts/new for a new one).

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { BadgePercent } from "lucide-react";
import { useState } from "react";
import { Link, useLocation } from "react-router";
import { ApiError } from "../../api";
import { ConfirmButton } from "../../ui/confirm";
import { Switch } from "../../ui/switch";
import { refreshStore, useDiscountRules, useNames, useStoreSettings } from "../queries";
import { store } from "../store";
import { conditionLabel, type DiscountRule, givesLabel, itemsLabel, statusLabel } from "./discount-rules";

export function DiscountRulesTab({ slug }: { slug: string }) {
  const client = useQueryClient();
  const location = useLocation();
  const rules = useDiscountRules(slug);
  const currency = useStoreSettings(slug).data?.currency ?? "USD";
  const names = useNames(slug);
  // What the form said on its way back here ("… is created.").
  const [notice, setNotice] = useState<{ text: string; error?: boolean } | null>((location.state as { notice?: string } | null)?.notice ? { text: (location.state as { notice: string }).notice } : null);
  const toggle = useMutation({
    // Only `active` changes, so the rule's revision is read just before: the list may be older.
    mutationFn: async ({ rule, active }: { rule: DiscountRule; active: boolean }) => {
      const path = `/ecom/v1/discount-rules/${encodeURIComponent(rule.id)}`;
      const { discountRule } = await store<{ discountRule: DiscountRule }>(slug, "GET", path);
      return store(slug, "PATCH", path, { discountRule: { revision: discountRule.revision, active } });
    },
    onSuccess: (_, { rule, active }) => setNotice({ text: `“${rule.name}” is ${active ? "on" : "off"}.` }),
    onError: (e, { rule }) =>
      setNotice({ text: e instanceof ApiError && e.status === 409 ? `“${rule.name}” was changed elsewhere; the list now shows it as it is. Try again.` : e.message, error: true }),
    onSettled: () => refreshStore(client, slug),
  });
  const remove = useMutation({
    mutationFn: (r: DiscountRule) => store(slug, "DELETE", `/ecom/v1/discount-rules/${encodeURIComponent(r.id)}`),
    onSuccess: (_, r) => setNotice({ text: `“${r.name}” is deleted.` }),
    onError: (e) => setNotice({ text: e.message, error: true }),
    onSettled: () => refreshStore(client, slug),
  });
  const list = rules.data?.pages.flatMap((p) => p.discountRules) ?? [];
  const newLink = `/sites/${slug}/store/discounts/new`;
  return (
    <section aria-labelledby="discounts-title">
      <div className="store-head">
        <h2 id="discounts-title">Automatic discounts</h2>
        <Link to={newLink} className="button-link store-new">
          <BadgePercent size={16} aria-hidden="true" /> New discount
        </Link>
      </div>
      <p className="muted store-hint">Applied in the cart without a code, whenever an order meets their condition.</p>
      {notice && <p role={notice.error ? "alert" : "status"} className={`store-notice ${notice.error ? "error" : "ok"}`}>{notice.text}</p>}
      {rules.isError && <p role="alert" className="error">{rules.error.message}</p>}
      {rules.isPending && <p className="loading">Loading…</p>}
      {rules.isSuccess && list.length === 0 && (
        <div className="store-empty">
          <p>No automatic discounts yet: a sale on a collection, or “buy two, get 25% off”.</p>
          <Link to={newLink} className="button-link">New discount</Link>
        </div>
      )}
      {list.length > 0 && (
        <div className="table-wrap">
          <table className="store-table discounts-table">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">What it gives</th>
                <th scope="col">Condition</th>
                <th scope="col">Status</th>
                <th scope="col" className="num">Orders</th>
                <th scope="col">Active</th>
                <th scope="col"><span className="sr-only">Actions</span></th>
              </tr>
            </thead>
            <tbody>
              {list.map((r) => {
                const edit = `/sites/${slug}/store/discounts/${encodeURIComponent(r.id)}`;
                return (
                  <tr key={r.id}>
                    <th scope="row"><Link to={edit} className="store-name">{r.name}</Link></th>
                    <td>
                      {(r.discounts?.values ?? []).map((d, i) => (
                        <div key={i}>
                          {givesLabel(d, currency)} <span className="muted store-sub">on {itemsLabel(d.specificItemsInfo?.scopes, names)}</span>
                        </div>
                      ))}
                    </td>
                    <td>{conditionLabel(r.trigger, currency)}</td>
                    <td>
                      <span className={`badge store-status ${r.status === "LIVE" && r.active ? "live" : r.status === "PENDING" && r.active ? "store-badge-low" : ""}`}>
                        {statusLabel(r)}
                      </span>
                      {r.status === "PENDING" && r.activeTimeInfo?.start && (
                        <div className="muted store-sub">from {new Date(r.activeTimeInfo.start).toLocaleDateString(undefined, { dateStyle: "medium" })}</div>
                      )}
                    </td>
                    <td className="num">{r.usageCount}</td>
                    <td>
                      <Switch
                        aria-label={`${r.name} is active`}
                        checked={r.active}
                        disabled={toggle.isPending && toggle.variables?.rule.id === r.id}
                        onChange={(e) => toggle.mutate({ rule: r, active: e.target.checked })}
                      />
                    </td>
                    <td>
                      <div className="actions store-row-actions">
                        <Link to={edit} aria-label={`Edit ${r.name}`}>Edit</Link>
                        <ConfirmButton
                          label="Delete"
                          className="quiet danger"
                          title={`Delete “${r.name}”?`}
                          description="Carts stop getting it. Orders that had it keep their discount."
                          confirm="Delete"
                          onConfirm={() => remove.mutate(r)}
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
      {rules.hasNextPage && (
        <div className="pager">
          <button type="button" className="secondary" onClick={() => rules.fetchNextPage()} disabled={rules.isFetchingNextPage}>
            {rules.isFetchingNextPage ? "Loading…" : "Show more"}
          </button>
        </div>
      )}
    </section>
  );
}
