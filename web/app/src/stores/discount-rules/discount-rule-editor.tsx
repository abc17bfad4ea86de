// An automatic discount's form at store/discounts/<id> (store/discounts/new for a new one): its
// name, what it gives, on which items, its condition, its days, and whether it is on. A new one
// goes back to the list; an edit sends what changed with the revision it was read at, and when
// someone changed the rule meanwhile says so and offers to reload it. The server's refusal is
// said next to the Save button and marks the field it names.

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { ArrowLeft } from "lucide-react";
import { type FormEvent, useId, useState } from "react";
import { Link, useNavigate, useParams } from "react-router";
import { ApiError } from "../../api";
import { Switch } from "../../ui/switch";
import { dayOf } from "../dates";
import { Field } from "../field";
import { refreshStore, useCollections, useDiscountRule, useNames, useProducts, useStoreSettings } from "../queries";
import { ALL_PRODUCTS, store } from "../store";
import {
  conditionLabel,
  createBody,
  type DiscountRule,
  emptyRule,
  formOf,
  type Gives,
  GIVES,
  givesLabel,
  type Items,
  itemsLabel,
  patchBody,
  problems,
  refusedField,
  type RuleForm,
  statusLabel,
} from "./discount-rules";

export function DiscountRuleEditor({ slug }: { slug: string }) {
  const { ruleId } = useParams();
  const rule = useDiscountRule(slug, ruleId);
  const currency = useStoreSettings(slug).data?.currency ?? "USD";
  const back = (
    <Link to={`/sites/${slug}/store/discounts`} className="store-back">
      <ArrowLeft size={16} aria-hidden="true" /> All discounts
    </Link>
  );
  if (ruleId === undefined) {
    return (
      <>
        {back}
        <Editor slug={slug} currency={currency} />
      </>
    );
  }
  if (rule.isError) {
    return (
      <>
        {back}
        <p role="alert" className="error">{rule.error.message}</p>
      </>
    );
  }
  if (!rule.data) return <p className="loading">Loading…</p>;
  return (
    <>
      {back}
      <Editor key={rule.data.id} slug={slug} currency={currency} rule={rule.data} />
    </>
  );
}

/** What the form says next to Save: a result, a refusal, or (`check`) that fields are wrong, said while they are. */
type Notice = { text: string; error?: boolean; stale?: boolean; check?: boolean };

function Editor({ slug, currency, rule }: { slug: string; currency: string; rule?: DiscountRule }) {
  const client = useQueryClient();
  const navigate = useNavigate();
  const [saved, setSaved] = useState<DiscountRule | undefined>(rule);
  const [read] = useState(() => (rule ? formOf(rule) : { form: emptyRule(dayOf(new Date().toISOString())), fits: true }));
  const [fits, setFits] = useState(read.fits);
  const [base, setBase] = useState<RuleForm>(read.form);
  const [form, setForm] = useState<RuleForm>(read.form);
  const [shown, setShown] = useState(false);
  const [notice, setNotice] = useState<Notice | null>(null);
  const errors = problems(form, currency);
  const change = saved ? patchBody(base, form, saved.revision) : null;
  const set = (patch: Partial<RuleForm>) => {
    setForm((f) => ({ ...f, ...patch }));
    if (!notice?.error) setNotice(null);
  };
  const show = (r: DiscountRule, text: string) => {
    const { form: f, fits: all } = formOf(r);
    client.setQueryData(["store-discount-rule", slug, r.id], r);
    setSaved(r);
    setFits(all);
    setBase(f);
    setForm(f);
    setShown(false);
    setNotice({ text });
  };
  const save = useMutation({
    mutationFn: async () => {
      if (!saved) return (await store<{ discountRule: DiscountRule }>(slug, "POST", "/ecom/v1/discount-rules", createBody(form))).discountRule;
      if (!change) return saved;
      return (await store<{ discountRule: DiscountRule }>(slug, "PATCH", `/ecom/v1/discount-rules/${encodeURIComponent(saved.id)}`, change)).discountRule;
    },
    onSuccess: (r) => {
      void refreshStore(client, slug);
      if (!saved) {
        navigate(`/sites/${slug}/store/discounts`, { state: { notice: `“${r.name}” is created.` } });
        return;
      }
      show(r, "Saved.");
    },
    onError: (e) =>
      setNotice(
        e instanceof ApiError && e.status === 409
          ? { text: "Changed elsewhere since you opened it. Reload to see it (your edits here are dropped).", error: true, stale: true }
          : { text: e.message, error: true },
      ),
  });
  const reload = useMutation({
    mutationFn: async () => (await store<{ discountRule: DiscountRule }>(slug, "GET", `/ecom/v1/discount-rules/${encodeURIComponent(saved?.id ?? "")}`)).discountRule,
    onSuccess: (r) => {
      void refreshStore(client, slug);
      show(r, "Reloaded.");
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
  const err = (key: keyof RuleForm | "items") => (shown ? errors[key] : undefined);
  const said = notice?.check && Object.keys(errors).length === 0 ? null : notice;
  const refused = said?.error ? refusedField(said.text) : undefined;

  return (
    <form className="discount-editor" onSubmit={submit} aria-label={saved ? `Edit ${saved.name}` : "New discount"} noValidate>
      <div className="store-head product-editor-head">
        <h2>{saved ? saved.name : "New automatic discount"}</h2>
        <div className="actions store-save">
          {said && <p role={said.error ? "alert" : "status"} className={said.error ? "error" : "ok"}>{said.text}</p>}
          {said?.stale && (
            <button type="button" className="secondary" onClick={() => reload.mutate()} disabled={reload.isPending}>
              {reload.isPending ? "Reloading…" : "Reload"}
            </button>
          )}
          {saved && change === null && !said && <span className="muted">No unsaved changes</span>}
          <button type="submit" disabled={save.isPending || said?.stale === true || (saved !== undefined && change === null)}>
            {save.isPending ? "Saving…" : saved ? "Save" : "Create discount"}
          </button>
        </div>
      </div>
      <div className="product-layout">
        <div className="product-main">
          {!fits && saved && <AsStored rule={saved} currency={currency} slug={slug} />}
          <section className="card" aria-labelledby="rule-gives-title">
            <h3 id="rule-gives-title">Discount</h3>
            <Field label="Name" error={err("name")} invalid={refused === "name"} hint="Buyers see it in their cart and on the order.">
              {(props) => <input {...props} value={form.name} maxLength={50} onChange={(e) => set({ name: e.target.value })} placeholder="Two or more: 25% off" />}
            </Field>
            <fieldset className="store-plain-fieldset" disabled={!fits}>
              <legend className="sr-only">What it gives</legend>
              <div className="store-row">
                <Field label="What it gives" invalid={refused === "gives"}>
                  {(props) => (
                    <select {...props} value={form.gives} onChange={(e) => set({ gives: e.target.value as Gives })}>
                      {GIVES.map((g) => (
                        <option key={g.id} value={g.id}>{g.label}</option>
                      ))}
                    </select>
                  )}
                </Field>
                {form.gives === "QUANTITY_BASED" && (
                  <Field label="Number of items" error={err("groupSize")} invalid={refused === "groupSize"}>
                    {(props) => <input {...props} inputMode="numeric" value={form.groupSize} onChange={(e) => set({ groupSize: e.target.value })} />}
                  </Field>
                )}
                <Field label={valueLabel(form.gives, currency)} error={err("value")} invalid={refused === "value"}>
                  {(props) => <input {...props} inputMode="decimal" value={form.value} onChange={(e) => set({ value: e.target.value })} placeholder={form.gives === "PERCENTAGE" ? "25" : "10.00"} />}
                </Field>
              </div>
            </fieldset>
          </section>
          <ItemsCard slug={slug} form={form} set={set} disabled={!fits} error={err("items")} refused={refused === "items"} />
          <section className="card" aria-labelledby="rule-condition-title">
            <h3 id="rule-condition-title">Condition</h3>
            <p className="muted store-hint">
              Counted over the items above. With both, both must be met; with neither, the discount always applies.
            </p>
            <fieldset className="store-plain-fieldset" disabled={!fits}>
              <legend className="sr-only">Condition</legend>
              <div className="store-row">
                <Field label={`Minimum subtotal (${currency})`} error={err("minSubtotal")} invalid={refused === "minSubtotal"}>
                  {(props) => <input {...props} inputMode="decimal" value={form.minSubtotal} onChange={(e) => set({ minSubtotal: e.target.value })} placeholder="None" />}
                </Field>
                <Field label="Minimum quantity of items" error={err("minQuantity")} invalid={refused === "minQuantity"}>
                  {(props) => <input {...props} inputMode="numeric" value={form.minQuantity} onChange={(e) => set({ minQuantity: e.target.value })} placeholder="None" />}
                </Field>
              </div>
            </fieldset>
          </section>
        </div>
        <div className="product-side">
          <section className="card" aria-labelledby="rule-status-title">
            <h3 id="rule-status-title">Status</h3>
            <label className="check">
              <Switch checked={form.active} onChange={(e) => set({ active: e.target.checked })} />
              Active
            </label>
            {saved && (
              <p className="muted store-hint store-used">
                {statusLabel(saved)}; used by {saved.usageCount === 1 ? "1 order" : `${saved.usageCount} orders`}.
              </p>
            )}
          </section>
          <section className="card" aria-labelledby="rule-dates-title">
            <h3 id="rule-dates-title">Dates</h3>
            <Field label="Start date" error={err("start")} invalid={refused === "start"} hint="Leave empty to start now.">
              {(props) => <input {...props} type="date" value={form.start} onChange={(e) => set({ start: e.target.value })} />}
            </Field>
            <Field label="Last day" error={err("end")} invalid={refused === "end"} hint="Leave empty to never end.">
              {(props) => <input {...props} type="date" value={form.end} min={form.start || undefined} onChange={(e) => set({ end: e.target.value })} />}
            </Field>
          </section>
        </div>
      </div>
    </form>
  );
}

/** What a rule the form cannot show gives and when, in words, above the form's locked fields. */
function AsStored({ slug, rule, currency }: { slug: string; rule: DiscountRule; currency: string }) {
  const names = useNames(slug);
  return (
    <div className="store-note" role="note">
      <p>
        This discount was set up through the API in a way this form cannot show. Its name, days and whether it is on can be
        changed here; the rest stays as it is:
      </p>
      <ul>
        {(rule.discounts?.values ?? []).map((d, i) => (
          <li key={i}>{givesLabel(d, currency)} on {itemsLabel(d.specificItemsInfo?.scopes, names)}</li>
        ))}
        <li>Condition: {conditionLabel(rule.trigger, currency)}</li>
      </ul>
    </div>
  );
}

function valueLabel(gives: Gives, currency: string): string {
  switch (gives) {
    case "PERCENTAGE":
      return "Percent off";
    case "FIXED_AMOUNT":
      return `Amount off each item (${currency})`;
    case "FIXED_PRICE":
      return `Price of each item (${currency})`;
    default:
      return `Price for them (${currency})`;
  }
}

const ITEMS: { id: Items; label: string }[] = [
  { id: "ALL", label: "All products" },
  { id: "PRODUCTS", label: "Chosen products" },
  { id: "COLLECTIONS", label: "Chosen collections" },
];

/** Which items get the discount: all products, or those ticked in the store's products or collections. */
function ItemsCard({ slug, form, set, disabled, error, refused }: {
  slug: string;
  form: RuleForm;
  set: (p: Partial<RuleForm>) => void;
  disabled: boolean;
  error: string | undefined;
  refused: boolean;
}) {
  const products = useProducts(slug);
  const collections = useCollections(slug);
  const picking = form.items === "PRODUCTS" ? "productIds" : "collectionIds";
  const choices =
    form.items === "PRODUCTS"
      ? (products.data?.products ?? []).map((p) => ({ id: p.id, name: p.name }))
      : (collections.data ?? []).filter((c) => c.id !== ALL_PRODUCTS).map((c) => ({ id: c.id, name: c.name }));
  const chosen = form[picking];
  const loaded = form.items === "PRODUCTS" ? products.isSuccess : collections.isSuccess;
  const gone = loaded ? chosen.filter((id) => !choices.some((c) => c.id === id)).length : 0;
  const errorId = `${useId()}-error`;
  return (
    <section className="card" aria-labelledby="rule-items-title">
      <h3 id="rule-items-title">Items</h3>
      <fieldset className="store-plain-fieldset" disabled={disabled}>
        <legend className="sr-only">Which items get the discount</legend>
        <div className="store-radios-row">
          {ITEMS.map((i) => (
            <label key={i.id} className="check">
              <input type="radio" name="rule-items" checked={form.items === i.id} onChange={() => set({ items: i.id })} />
              {i.label}
            </label>
          ))}
        </div>
        {form.items !== "ALL" && (
          <fieldset className={`store-pick ${error || refused ? "store-pick-invalid" : ""}`} aria-describedby={error ? errorId : undefined}>
            <legend>{form.items === "PRODUCTS" ? "Products" : "Collections"}</legend>
            {!loaded && <p className="muted store-hint">Loading…</p>}
            {loaded && choices.length === 0 && <p className="muted store-hint">{form.items === "PRODUCTS" ? "The store has no products yet." : "The store has no collections yet."}</p>}
            {choices.map((c) => (
              <label key={c.id} className="check">
                <input
                  type="checkbox"
                  checked={chosen.includes(c.id)}
                  onChange={(e) => {
                    const next = e.target.checked ? [...chosen, c.id] : chosen.filter((id) => id !== c.id);
                    set(picking === "productIds" ? { productIds: next } : { collectionIds: next });
                  }}
                />
                {c.name}
              </label>
            ))}
            {/* Ids the rule holds that the store no longer has (deleted since). */}
            {gone > 0 && <p className="muted store-hint">And {gone} no longer in the store.</p>}
          </fieldset>
        )}
        {error && <p id={errorId} className="error store-field-error">{error}</p>}
      </fieldset>
    </section>
  );
}
