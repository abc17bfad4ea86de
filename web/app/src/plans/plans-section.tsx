// The Pricing plans section at /sites/<slug>/plans: the plans (new plan, hide or show,
// archive) and, at plans/subscribers, every order with its status and payments, where the
// owner grants a plan to a member by hand, marks an offline order paid, pauses, resumes or
// cancels (now or at the end of the cycle).

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { Navigate, Route, Routes, useNavigate, useParams } from "react-router";
import type { SectionPlace } from "../sections";
import { Tab, TabList, TabPanel, Tabs } from "../ui/tabs";
import "../stores/stores.css";
import "./plans.css";
import { EMPTY_FORM, type Order, type Plan, type PlanForm, planBody, plansApi, priceText, statusText, type Unit } from "./plans";

const TABS = [
  { id: "plans", label: "Plans", path: "" },
  { id: "subscribers", label: "Subscribers", path: "subscribers" },
] as const;

/** The breadcrumb's item: the tab past the plans. */
export function plansCrumb({ rest }: SectionPlace) {
  return rest === "subscribers" ? "Subscribers" : null;
}

function usePlans(slug: string) {
  return useQuery({
    queryKey: ["plans", slug],
    queryFn: async () => (await plansApi<{ plans: Plan[] }>(slug, "GET", "/pricing-plans/v2/plans?limit=100")).plans,
  });
}

function useOrders(slug: string) {
  return useQuery({
    queryKey: ["plans-orders", slug],
    queryFn: async () => (await plansApi<{ orders: Order[] }>(slug, "GET", "/pricing-plans/v2/orders?limit=100")).orders,
  });
}

export function PlansSection() {
  const { slug = "", "*": rest = "" } = useParams();
  const navigate = useNavigate();
  const tab = TABS.find((t) => t.path === rest);
  const base = `/sites/${slug}/plans`;
  if (!tab) return <Navigate to={base} replace />;
  return (
    <div className="store-page">
      <h1>Pricing plans</h1>
      <Tabs value={tab.id} onValueChange={(id) => navigate(id === "plans" ? base : `${base}/subscribers`)}>
        <TabList aria-label="Pricing plans" className="store-tabs">
          {TABS.map((t) => (
            <Tab key={t.id} value={t.id}>
              {t.label}
            </Tab>
          ))}
        </TabList>
        <TabPanel value={tab.id}>
          <Routes>
            <Route index element={<PlansTab slug={slug} />} />
            <Route path="subscribers" element={<SubscribersTab slug={slug} />} />
          </Routes>
        </TabPanel>
      </Tabs>
    </div>
  );
}

function PlansTab({ slug }: { slug: string }) {
  const client = useQueryClient();
  const plans = usePlans(slug);
  const [form, setForm] = useState<PlanForm>(EMPTY_FORM);
  const [notice, setNotice] = useState<{ text: string; error?: boolean } | null>(null);
  const refresh = () => client.invalidateQueries({ queryKey: ["plans", slug] });
  const create = useMutation({
    mutationFn: () => plansApi(slug, "POST", "/pricing-plans/v2/plans", planBody(form)),
    onSuccess: () => {
      setNotice({ text: `Plan ${form.name.trim()} is created.` });
      setForm(EMPTY_FORM);
      void refresh();
    },
    onError: (e) => setNotice({ text: e.message, error: true }),
  });
  const act = useMutation({
    mutationFn: ({ plan, action }: { plan: Plan; action: "archive" | "show" | "hide" }) =>
      action === "archive"
        ? plansApi(slug, "POST", `/pricing-plans/v2/plans/${encodeURIComponent(plan.id)}/archive`, {})
        : plansApi(slug, "PUT", `/pricing-plans/v2/plans/${encodeURIComponent(plan.id)}/visibility`, { visible: action === "show" }),
    onSuccess: () => void refresh(),
    onError: (e) => setNotice({ text: e.message, error: true }),
  });
  const set = (patch: Partial<PlanForm>) => setForm((f) => ({ ...f, ...patch }));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate();
  };
  const list = plans.data ?? [];
  return (
    <>
      {notice && (
        <p className={notice.error ? "store-notice error" : "store-notice"} role={notice.error ? "alert" : "status"}>
          {notice.text}
        </p>
      )}
      {plans.isError && <p role="alert">{plans.error.message}</p>}
      {list.length === 0 && plans.isSuccess ? (
        <div className="store-empty">
          <p>No plans yet. A plan's members get its role: limit pages and collections to it to lock them behind the plan.</p>
        </div>
      ) : (
        <table className="store-table">
          <thead>
            <tr>
              <th scope="col">Plan</th>
              <th scope="col">Price</th>
              <th scope="col">Role</th>
              <th scope="col">Shown</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {list.map((p) => (
              <tr key={p.id}>
                <td className="store-name">{p.name}</td>
                <td>{priceText(p.pricing)}</td>
                <td>
                  <code>{p.roleId}</code>
                </td>
                <td>{p.archived ? "Archived" : p.public ? "Public" : "Hidden"}</td>
                <td>
                  {!p.archived && (
                    <>
                      <button type="button" className="secondary" onClick={() => act.mutate({ plan: p, action: p.public ? "hide" : "show" })}>
                        {p.public ? "Hide" : "Show"}
                      </button>{" "}
                      <button type="button" className="secondary" onClick={() => act.mutate({ plan: p, action: "archive" })}>
                        Archive
                      </button>
                    </>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <form className="plans-form" onSubmit={submit} aria-label="New plan">
        <h3>New plan</h3>
        <label>
          Name <input required value={form.name} onChange={(e) => set({ name: e.target.value })} />
        </label>
        <label>
          Description <input value={form.description} onChange={(e) => set({ description: e.target.value })} />
        </label>
        <label>
          Pricing{" "}
          <select value={form.kind} onChange={(e) => set({ kind: e.target.value as PlanForm["kind"] })}>
            <option value="recurring">Recurring</option>
            <option value="once">One payment, for a time</option>
            <option value="unlimited">One payment, unlimited</option>
            <option value="free">Free</option>
          </select>
        </label>
        {form.kind !== "free" && (
          <label>
            Price <input inputMode="decimal" value={form.price} onChange={(e) => set({ price: e.target.value })} />
          </label>
        )}
        {(form.kind === "recurring" || form.kind === "once") && (
          <label>
            {form.kind === "recurring" ? "Every" : "For"} <input type="number" min={1} value={form.count} onChange={(e) => set({ count: e.target.value })} />
            <select value={form.unit} onChange={(e) => set({ unit: e.target.value as Unit })}>
              {(["DAY", "WEEK", "MONTH", "YEAR"] as const).map((u) => (
                <option key={u} value={u}>
                  {u.toLowerCase()}s
                </option>
              ))}
            </select>
          </label>
        )}
        {form.kind === "recurring" && (
          <>
            <label>
              Cycles (0: until canceled) <input type="number" min={0} value={form.cycles} onChange={(e) => set({ cycles: e.target.value })} />
            </label>
            <label>
              Free trial days <input type="number" min={0} value={form.trialDays} onChange={(e) => set({ trialDays: e.target.value })} />
            </label>
          </>
        )}
        <label>
          Perks, one a line <textarea value={form.perks} onChange={(e) => set({ perks: e.target.value })} />
        </label>
        <button type="submit" disabled={create.isPending}>
          Create plan
        </button>
      </form>
    </>
  );
}

function SubscribersTab({ slug }: { slug: string }) {
  const client = useQueryClient();
  const orders = useOrders(slug);
  const plans = usePlans(slug);
  const [grant, setGrant] = useState({ planId: "", memberId: "", paid: false });
  const [notice, setNotice] = useState<{ text: string; error?: boolean } | null>(null);
  const refresh = () => client.invalidateQueries({ queryKey: ["plans-orders", slug] });
  const act = useMutation({
    mutationFn: ({ order, action, body }: { order: Order; action: string; body?: Record<string, unknown> }) =>
      plansApi(slug, "POST", `/pricing-plans/v2/orders/${encodeURIComponent(order.id)}/${action}`, body ?? {}),
    onSuccess: () => void refresh(),
    onError: (e) => setNotice({ text: e.message, error: true }),
  });
  const give = useMutation({
    mutationFn: () => plansApi(slug, "POST", "/pricing-plans/v2/checkout/orders/offline", grant),
    onSuccess: () => {
      setNotice({ text: "The plan is granted." });
      void refresh();
    },
    onError: (e) => setNotice({ text: e.message, error: true }),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    give.mutate();
  };
  const list = orders.data ?? [];
  const live = (o: Order) => o.status === "ACTIVE" || o.status === "PAUSED" || o.status === "PENDING";
  return (
    <>
      {notice && (
        <p className={notice.error ? "store-notice error" : "store-notice"} role={notice.error ? "alert" : "status"}>
          {notice.text}
        </p>
      )}
      {orders.isError && <p role="alert">{orders.error.message}</p>}
      <table className="store-table">
        <thead>
          <tr>
            <th scope="col">Member</th>
            <th scope="col">Plan</th>
            <th scope="col">Status</th>
            <th scope="col">Payments</th>
            <th scope="col">Until</th>
            <th scope="col">Actions</th>
          </tr>
        </thead>
        <tbody>
          {list.map((o) => (
            <tr key={o.id}>
              <td>{o.buyer.memberId}</td>
              <td>{o.planName}</td>
              <td>{statusText(o)}</td>
              <td>
                {o.type === "OFFLINE" ? "Offline" : "Online"}, last {o.lastPaymentStatus.toLowerCase()} ({(o.payments ?? []).filter((p) => p.status === "PAID").length} paid)
              </td>
              <td>{(o.endDate ?? o.currentCycle?.endedDate ?? "").slice(0, 10)}</td>
              <td>
                {o.type === "OFFLINE" && live(o) && o.lastPaymentStatus !== "PAID" && (
                  <button type="button" className="secondary" onClick={() => act.mutate({ order: o, action: "mark-as-paid" })}>
                    Mark paid
                  </button>
                )}
                {o.status === "ACTIVE" && (
                  <button type="button" className="secondary" onClick={() => act.mutate({ order: o, action: "pause" })}>
                    Pause
                  </button>
                )}
                {o.status === "PAUSED" && (
                  <button type="button" className="secondary" onClick={() => act.mutate({ order: o, action: "resume" })}>
                    Resume
                  </button>
                )}
                {o.status === "ACTIVE" && !o.autoRenewCanceled && (
                  <button type="button" className="secondary" onClick={() => act.mutate({ order: o, action: "cancel", body: { effectiveAt: "NEXT_PAYMENT_DATE" } })}>
                    Cancel at cycle end
                  </button>
                )}
                {live(o) && (
                  <button type="button" className="secondary" onClick={() => act.mutate({ order: o, action: "cancel", body: { effectiveAt: "IMMEDIATELY" } })}>
                    Cancel now
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <form className="plans-form" onSubmit={submit} aria-label="Grant a plan">
        <h3>Grant a plan</h3>
        <label>
          Plan{" "}
          <select required value={grant.planId} onChange={(e) => setGrant({ ...grant, planId: e.target.value })}>
            <option value="">Choose a plan</option>
            {(plans.data ?? [])
              .filter((p) => !p.archived)
              .map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name}
                </option>
              ))}
          </select>
        </label>
        <label>
          Member id <input required value={grant.memberId} onChange={(e) => setGrant({ ...grant, memberId: e.target.value.trim() })} />
        </label>
        <label>
          <input type="checkbox" checked={grant.paid} onChange={(e) => setGrant({ ...grant, paid: e.target.checked })} /> Paid already
        </label>
        <button type="submit" disabled={give.isPending}>
          Grant
        </button>
      </form>
    </>
  );
}
