// A coupon's form at store/coupons/<id> (store/coupons/new for a new one): its name and code,
// the discount it gives and on what, the minimum subtotal, the days it holds, its limits, and
// whether it is on. A new coupon goes back to the list; an edit sends only what changed. The
// server's refusal is said next to the Save button and marks the field it names.

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { ArrowLeft } from "lucide-react";
import { type FormEvent, useState } from "react";
import { Link, useNavigate, useParams } from "react-router";
import { Switch } from "../../ui/switch";
import { dayOf } from "../dates";
import { Field } from "../field";
import { refreshStore, useCollections, useCoupon, useProducts, useStoreSettings } from "../queries";
import { ALL_PRODUCTS, store } from "../store";
import { type Coupon, type CouponForm, type CouponKind, createBody, emptyCoupon, formOf, KINDS, patchBody, problems, refusedField } from "./coupons";

export function CouponEditor({ slug }: { slug: string }) {
  const { couponId } = useParams();
  const coupon = useCoupon(slug, couponId);
  const currency = useStoreSettings(slug).data?.currency ?? "USD";
  const back = (
    <Link to={`/sites/${slug}/store/coupons`} className="store-back">
      <ArrowLeft size={16} aria-hidden="true" /> All coupons
    </Link>
  );
  if (couponId === undefined) {
    return (
      <>
        {back}
        <Editor slug={slug} currency={currency} />
      </>
    );
  }
  if (coupon.isError) {
    return (
      <>
        {back}
        <p role="alert" className="error">{coupon.error.message}</p>
      </>
    );
  }
  if (!coupon.data) return <p className="loading">Loading…</p>;
  return (
    <>
      {back}
      <Editor key={coupon.data.id} slug={slug} currency={currency} coupon={coupon.data} />
    </>
  );
}

function Editor({ slug, currency, coupon }: { slug: string; currency: string; coupon?: Coupon }) {
  const client = useQueryClient();
  const navigate = useNavigate();
  const [saved, setSaved] = useState<Coupon | undefined>(coupon);
  const [base, setBase] = useState<CouponForm>(() => (coupon ? formOf(coupon) : emptyCoupon(dayOf(new Date().toISOString()))));
  const [form, setForm] = useState<CouponForm>(base);
  const [shown, setShown] = useState(false);
  // `check`: that fields are wrong, said while they are.
  const [notice, setNotice] = useState<{ text: string; error?: boolean; check?: boolean } | null>(null);
  const errors = problems(form, currency);
  const change = patchBody(base, form);
  const set = (patch: Partial<CouponForm>) => {
    setForm((f) => ({ ...f, ...patch }));
    if (!notice?.error) setNotice(null);
  };
  const save = useMutation({
    mutationFn: async () => {
      if (!saved) {
        await store<{ id: string }>(slug, "POST", "/stores/v2/coupons", createBody(form));
        return undefined;
      }
      return (await store<{ coupon: Coupon }>(slug, "PATCH", `/stores/v2/coupons/${encodeURIComponent(saved.id)}`, change ?? { specification: {} })).coupon;
    },
    onSuccess: (c) => {
      void refreshStore(client, slug);
      if (!c) {
        navigate(`/sites/${slug}/store/coupons`, { state: { notice: `Coupon ${form.code.trim().toUpperCase()} is created.` } });
        return;
      }
      client.setQueryData(["store-coupon", slug, c.id], c);
      setSaved(c);
      setBase(formOf(c));
      setForm(formOf(c));
      setShown(false);
      setNotice({ text: "Saved." });
    },
    onError: (e) => setNotice({ text: e.message, error: true }),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setShown(true);
    if (Object.keys(errors).length > 0) {
      setNotice({ text: "Some fields need another look.", error: true, check: true });
      return;
    }
    save.mutate();
  };
  const err = (key: keyof CouponForm) => (shown ? errors[key] : undefined);
  const said = notice?.check && Object.keys(errors).length === 0 ? null : notice;
  const refused = said?.error ? refusedField(said.text) : undefined;
  const title = saved ? saved.specification.code : "New coupon";

  return (
    <form className="coupon-editor" onSubmit={submit} aria-label={saved ? `Edit coupon ${saved.specification.code}` : "New coupon"} noValidate>
      <div className="store-head product-editor-head">
        <h2>{title}</h2>
        <div className="actions store-save">
          {said && <p role={said.error ? "alert" : "status"} className={said.error ? "error" : "ok"}>{said.text}</p>}
          {saved && change === null && !said && <span className="muted">No unsaved changes</span>}
          <button type="submit" disabled={save.isPending || (saved !== undefined && change === null)}>
            {save.isPending ? "Saving…" : saved ? "Save" : "Create coupon"}
          </button>
        </div>
      </div>
      <div className="product-layout">
        <div className="product-main">
          <section className="card" aria-labelledby="coupon-basics-title">
            <h3 id="coupon-basics-title">Coupon</h3>
            <div className="store-row">
              <Field label="Name" error={err("name")} invalid={refused === "name"} hint="For you; buyers see it with their discount.">
                {(props) => <input {...props} value={form.name} maxLength={50} onChange={(e) => set({ name: e.target.value })} placeholder="Summer sale" />}
              </Field>
              <Field label="Code" error={err("code")} invalid={refused === "code"} hint="What buyers enter at checkout.">
                {(props) => (
                  <input {...props} className="store-code" value={form.code} maxLength={20} autoCapitalize="characters" spellCheck={false}
                    onChange={(e) => set({ code: e.target.value.toUpperCase() })} placeholder="SUMMER10" />
                )}
              </Field>
            </div>
          </section>
          <section className="card" aria-labelledby="coupon-discount-title">
            <h3 id="coupon-discount-title">Discount</h3>
            <div className="store-row">
              <Field label="Type" invalid={refused === "kind"}>
                {(props) => (
                  <select {...props} value={form.kind} onChange={(e) => set({ kind: e.target.value as CouponKind })}>
                    {KINDS.map((k) => (
                      <option key={k.id} value={k.id}>{k.label}</option>
                    ))}
                  </select>
                )}
              </Field>
              <KindValue form={form} set={set} currency={currency} err={err} refused={refused} />
            </div>
            <div className="store-row">
              <Field label={`Minimum subtotal (${currency})`} error={err("minimumSubtotal")} invalid={refused === "minimumSubtotal"} hint="Leave empty for any order.">
                {(props) => <input {...props} inputMode="decimal" value={form.minimumSubtotal} onChange={(e) => set({ minimumSubtotal: e.target.value })} placeholder="None" />}
              </Field>
            </div>
            <AppliesTo slug={slug} form={form} set={set} error={err("scopeId")} refused={refused === "scopeId"} />
          </section>
        </div>
        <div className="product-side">
          <section className="card" aria-labelledby="coupon-status-title">
            <h3 id="coupon-status-title">Status</h3>
            <label className="check">
              <Switch checked={form.active} onChange={(e) => set({ active: e.target.checked })} />
              Active: buyers can use it
            </label>
            {saved && (
              <p className="muted store-hint store-used">
                Used {saved.numberOfUsages === 1 ? "once" : `${saved.numberOfUsages} times`}
                {saved.expired ? "; expired." : "."}
              </p>
            )}
          </section>
          <section className="card" aria-labelledby="coupon-dates-title">
            <h3 id="coupon-dates-title">Dates</h3>
            <Field label="Start date" error={err("start")} invalid={refused === "start"}>
              {(props) => <input {...props} type="date" value={form.start} onChange={(e) => set({ start: e.target.value })} />}
            </Field>
            <Field label="Last day" error={err("end")} invalid={refused === "end"} hint="Leave empty to never expire.">
              {(props) => <input {...props} type="date" value={form.end} min={form.start || undefined} onChange={(e) => set({ end: e.target.value })} />}
            </Field>
          </section>
          <section className="card" aria-labelledby="coupon-limits-title">
            <h3 id="coupon-limits-title">Limits</h3>
            <Field label="Uses in all" error={err("usageLimit")} invalid={refused === "usageLimit"} hint="Leave empty for no limit.">
              {(props) => <input {...props} inputMode="numeric" value={form.usageLimit} onChange={(e) => set({ usageLimit: e.target.value })} placeholder="No limit" />}
            </Field>
            <Field label="Uses per customer" error={err("limitPerCustomer")} invalid={refused === "limitPerCustomer"} hint="Counted by the buyer’s email.">
              {(props) => <input {...props} inputMode="numeric" value={form.limitPerCustomer} onChange={(e) => set({ limitPerCustomer: e.target.value })} placeholder="No limit" />}
            </Field>
          </section>
        </div>
      </div>
    </form>
  );
}

/** The value the chosen kind needs: a percentage, an amount, or the X and Y of "buy X get Y". */
function KindValue({ form, set, currency, err, refused }: {
  form: CouponForm;
  set: (p: Partial<CouponForm>) => void;
  currency: string;
  err: (key: keyof CouponForm) => string | undefined;
  refused: keyof CouponForm | undefined;
}) {
  if (form.kind === "freeShipping") return null;
  if (form.kind === "buyXGetY") {
    return (
      <>
        <Field label="Buy (items)" error={err("buyX")} invalid={refused === "buyX"}>
          {(props) => <input {...props} inputMode="numeric" value={form.buyX} onChange={(e) => set({ buyX: e.target.value })} />}
        </Field>
        <Field label="Get free (items)" error={err("getY")} invalid={refused === "buyX"}>
          {(props) => <input {...props} inputMode="numeric" value={form.getY} onChange={(e) => set({ getY: e.target.value })} />}
        </Field>
      </>
    );
  }
  const label = form.kind === "percentOff" ? "Percent off" : form.kind === "moneyOff" ? `Amount off (${currency})` : `Price of each item (${currency})`;
  return (
    <Field label={label} error={err("value")} invalid={refused === "value"}>
      {(props) => <input {...props} inputMode="decimal" value={form.value} onChange={(e) => set({ value: e.target.value })} placeholder={form.kind === "percentOff" ? "10" : "5.00"} />}
    </Field>
  );
}

/** All products, one product or one collection, picked from the store's. */
function AppliesTo({ slug, form, set, error, refused }: {
  slug: string;
  form: CouponForm;
  set: (p: Partial<CouponForm>) => void;
  error: string | undefined;
  refused: boolean;
}) {
  const products = useProducts(slug);
  const collections = useCollections(slug);
  const choices =
    form.scope === "product"
      ? (products.data?.products ?? []).map((p) => ({ id: p.id, name: p.name }))
      : (collections.data ?? []).filter((c) => c.id !== ALL_PRODUCTS).map((c) => ({ id: c.id, name: c.name }));
  const loaded = form.scope === "product" ? products.isSuccess : collections.isSuccess;
  return (
    <fieldset className="store-radios store-applies">
      <legend>Applies to</legend>
      {(["all", "product", "collection"] as const).map((scope) => (
        <label key={scope} className="check">
          <input type="radio" name="coupon-scope" checked={form.scope === scope} onChange={() => set({ scope, scopeId: "" })} />
          {scope === "all" ? "All products" : scope === "product" ? "One product" : "One collection"}
        </label>
      ))}
      {form.scope !== "all" && (
        <Field label={form.scope === "product" ? "Product" : "Collection"} error={error} invalid={refused}>
          {(props) => (
            <select {...props} value={form.scopeId} onChange={(e) => set({ scopeId: e.target.value })}>
              <option value="">Choose…</option>
              {choices.map((c) => (
                <option key={c.id} value={c.id}>{c.name}</option>
              ))}
              {/* A product or collection deleted since still shows as what the coupon holds. */}
              {form.scopeId !== "" && !choices.some((c) => c.id === form.scopeId) && <option value={form.scopeId}>{loaded ? "Not in the store any more" : "Loading…"}</option>}
            </select>
          )}
        </Field>
      )}
    </fieldset>
  );
}
