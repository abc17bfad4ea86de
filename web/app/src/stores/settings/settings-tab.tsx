// The store's Settings tab: currency and weight unit, who is told of new orders, tax (whether
// prices include it, and the rate of each region), shipping rules, and the payment providers
// buyers may use. Saving sends the keys that changed; the server checks the whole and names
// the field it refuses.

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Plus, Trash2 } from "lucide-react";
import { type FormEvent, useState } from "react";
import { refreshStore, useStoreSettings } from "../queries";
import { type StoreSettings, store } from "../store";
import {
  CURRENCIES,
  formOf,
  newRuleCode,
  PROVIDERS,
  refusedField,
  type SettingsForm,
  settingsPatch,
  type ShippingRuleForm,
  type TaxRegionForm,
} from "./settings";

export function SettingsTab({ slug }: { slug: string }) {
  const settings = useStoreSettings(slug);
  if (settings.isError) return <p role="alert" className="error">{settings.error.message}</p>;
  if (!settings.data) return <p className="loading">Loading…</p>;
  return <SettingsEditor slug={slug} initial={settings.data} />;
}

function SettingsEditor({ slug, initial }: { slug: string; initial: StoreSettings }) {
  const client = useQueryClient();
  const [base, setBase] = useState(() => formOf(initial));
  const [form, setForm] = useState(base);
  const [notice, setNotice] = useState<{ text: string; error?: boolean } | null>(null);
  const patch = settingsPatch(base, form);
  const set = (p: Partial<SettingsForm>) => {
    setForm((f) => ({ ...f, ...p }));
    setNotice(null);
  };
  const save = useMutation({
    mutationFn: () => store<{ settings: StoreSettings }>(slug, "PATCH", "/stores/v1/settings", patch ?? { settings: {} }),
    onSuccess: ({ settings }) => {
      const saved = formOf(settings);
      setBase(saved);
      setForm(saved);
      client.setQueryData(["store-settings", slug], settings);
      void refreshStore(client, slug);
      setNotice({ text: "Settings saved." });
    },
    onError: (e) => setNotice({ text: e.message, error: true }),
  });
  // The input of the field the server refused is marked as such.
  const refused = notice?.error ? refusedField(notice.text) : undefined;
  const bad = (field: string) => (refused !== undefined && (refused === field || refused.startsWith(`${field}[`)) ? true : undefined);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (patch) save.mutate();
  };
  const setRegion = (i: number, p: Partial<TaxRegionForm>) => set({ taxRegions: form.taxRegions.map((r, j) => (j === i ? { ...r, ...p } : r)) });
  const setRule = (i: number, p: Partial<ShippingRuleForm>) => set({ shippingRules: form.shippingRules.map((r, j) => (j === i ? { ...r, ...p } : r)) });

  return (
    <form className="store-settings" onSubmit={submit} aria-label="Store settings">
      <section className="card" aria-labelledby="general-title">
        <h2 id="general-title">General</h2>
        <div className="store-row">
          <label>
            Currency
            <select value={form.currency} aria-invalid={bad("currency")} onChange={(e) => set({ currency: e.target.value })}>
              {CURRENCIES.map((c) => (
                <option key={c} value={c}>{c}</option>
              ))}
            </select>
          </label>
          <label>
            Weight unit
            <select value={form.weightUnit} onChange={(e) => set({ weightUnit: e.target.value as SettingsForm["weightUnit"] })}>
              <option value="KG">Kilograms</option>
              <option value="LB">Pounds</option>
            </select>
          </label>
          <label className="store-grow">
            Email new orders to
            <input type="email" value={form.notifyEmail} aria-invalid={bad("notifyEmail")} placeholder="Nobody" onChange={(e) => set({ notifyEmail: e.target.value })} />
          </label>
        </div>
        <p className="muted store-hint">Prices are kept as numbers: changing the currency does not convert them.</p>
      </section>

      <section className="card" aria-labelledby="tax-title">
        <h2 id="tax-title">Tax</h2>
        <label className="check">
          <input type="checkbox" checked={form.taxIncludedInPrices} onChange={(e) => set({ taxIncludedInPrices: e.target.checked })} />
          Prices include tax
        </label>
        <label className="check">
          <input type="checkbox" checked={form.taxShipping} onChange={(e) => set({ taxShipping: e.target.checked })} />
          Charge tax on shipping
        </label>
        {form.taxRegions.length === 0 ? (
          <p className="muted store-hint">No tax regions: no tax is charged.</p>
        ) : (
          <table className="store-table store-settings-table">
            <thead>
              <tr>
                <th scope="col">Country</th>
                <th scope="col">State or province</th>
                <th scope="col">Rate (%)</th>
                <th scope="col">Name</th>
                <th scope="col"><span className="sr-only">Remove</span></th>
              </tr>
            </thead>
            <tbody>
              {form.taxRegions.map((r, i) => (
                <tr key={i}>
                  <td><input aria-label={`Country of tax region ${i + 1}`} value={r.country} aria-invalid={bad(`taxRegions[${i}].country`)} maxLength={2} size={3} placeholder="US" onChange={(e) => setRegion(i, { country: e.target.value })} /></td>
                  <td><input aria-label={`State of tax region ${i + 1}`} value={r.subdivision} aria-invalid={bad(`taxRegions[${i}].subdivision`)} maxLength={10} size={6} placeholder="All" onChange={(e) => setRegion(i, { subdivision: e.target.value })} /></td>
                  <td><input aria-label={`Rate of tax region ${i + 1} in percent`} value={r.percent} aria-invalid={bad(`taxRegions[${i}].rate`)} inputMode="decimal" size={6} onChange={(e) => setRegion(i, { percent: e.target.value })} /></td>
                  <td><input aria-label={`Name of tax region ${i + 1}`} value={r.name} aria-invalid={bad(`taxRegions[${i}].name`)} maxLength={50} placeholder="Sales tax" onChange={(e) => setRegion(i, { name: e.target.value })} /></td>
                  <td>
                    <button type="button" className="quiet danger icon-button" aria-label={`Remove tax region ${i + 1}`} onClick={() => set({ taxRegions: form.taxRegions.filter((_, j) => j !== i) })}>
                      <Trash2 size={16} aria-hidden="true" />
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <button type="button" className="secondary" onClick={() => set({ taxRegions: [...form.taxRegions, { country: "", subdivision: "", percent: "", name: "" }] })}>
          <Plus size={16} aria-hidden="true" /> Add tax region
        </button>
      </section>

      <section className="card" aria-labelledby="shipping-rules-title">
        <h2 id="shipping-rules-title">Shipping</h2>
        {form.shippingRules.length === 0 && <p className="muted store-hint">No shipping rules: nothing physical can be ordered, since no option delivers.</p>}
        {form.shippingRules.map((r, i) => (
          <fieldset key={i} className="store-rule">
            <legend>{r.title.trim() || `Rule ${i + 1}`}</legend>
            <div className="store-row">
              <label className="store-grow">
                Title
                <input value={r.title} aria-invalid={bad(`shippingRules[${i}].title`)} maxLength={100} onChange={(e) => setRule(i, { title: e.target.value })} placeholder="Standard shipping" />
              </label>
              <label>
                Rate
                <select value={r.type} onChange={(e) => setRule(i, { type: e.target.value as ShippingRuleForm["type"] })}>
                  <option value="FLAT">Flat rate</option>
                  <option value="BY_WEIGHT">By weight</option>
                  <option value="PICKUP">Pickup</option>
                </select>
              </label>
              {r.type === "FLAT" && (
                <label>
                  Cost ({form.currency})
                  <input value={r.amount} aria-invalid={bad(`shippingRules[${i}].rate.amount`)} inputMode="decimal" size={8} onChange={(e) => setRule(i, { amount: e.target.value })} />
                </label>
              )}
              {r.type === "BY_WEIGHT" && (
                <>
                  <label>
                    Base ({form.currency})
                    <input value={r.base} aria-invalid={bad(`shippingRules[${i}].rate.base`)} inputMode="decimal" size={8} onChange={(e) => setRule(i, { base: e.target.value })} />
                  </label>
                  <label>
                    Per {form.weightUnit === "LB" ? "lb" : "kg"}
                    <input value={r.perUnit} aria-invalid={bad(`shippingRules[${i}].rate.perUnit`)} inputMode="decimal" size={8} onChange={(e) => setRule(i, { perUnit: e.target.value })} />
                  </label>
                </>
              )}
              {r.type === "PICKUP" && (
                <label className="store-grow">
                  Pickup address
                  <input value={r.address} aria-invalid={bad(`shippingRules[${i}].rate.address`)} maxLength={300} onChange={(e) => setRule(i, { address: e.target.value })} />
                </label>
              )}
            </div>
            <div className="store-row">
              <label className="store-grow">
                Countries
                <input value={r.countries} aria-invalid={bad(`shippingRules[${i}].countries`)} placeholder="Everywhere (or e.g. US, CA)" onChange={(e) => setRule(i, { countries: e.target.value })} />
              </label>
              {r.type !== "PICKUP" && (
                <label>
                  Free over ({form.currency})
                  <input value={r.freeOver} aria-invalid={bad(`shippingRules[${i}].freeOver`)} inputMode="decimal" size={8} placeholder="Never" onChange={(e) => setRule(i, { freeOver: e.target.value })} />
                </label>
              )}
              <label>
                Delivery time
                <input value={r.deliveryTime} aria-invalid={bad(`shippingRules[${i}].deliveryTime`)} maxLength={100} placeholder="3-5 business days" onChange={(e) => setRule(i, { deliveryTime: e.target.value })} />
              </label>
              <button type="button" className="quiet danger store-remove-option" onClick={() => set({ shippingRules: form.shippingRules.filter((_, j) => j !== i) })}>
                <Trash2 size={16} aria-hidden="true" /> Remove rule
              </button>
            </div>
          </fieldset>
        ))}
        <button
          type="button"
          className="secondary"
          onClick={() =>
            set({
              shippingRules: [
                ...form.shippingRules,
                { code: newRuleCode(form.shippingRules), title: "", countries: "", type: "FLAT", amount: "", base: "", perUnit: "", address: "", freeOver: "", deliveryTime: "" },
              ],
            })
          }
        >
          <Plus size={16} aria-hidden="true" /> Add shipping rule
        </button>
      </section>

      <section className="card" aria-labelledby="payments-title">
        <h2 id="payments-title">Payments</h2>
        <fieldset className="store-providers">
          <legend className="sr-only">Payment providers buyers may use</legend>
          {PROVIDERS.map((p) => (
            <label key={p.id} className="check store-provider">
              <input
                type="checkbox"
                checked={form.paymentProviders.includes(p.id)}
                onChange={(e) =>
                  set({ paymentProviders: e.target.checked ? [...form.paymentProviders, p.id] : form.paymentProviders.filter((x) => x !== p.id) })
                }
              />
              <span>
                {p.label}
                <small>{p.hint}</small>
              </span>
            </label>
          ))}
        </fieldset>
        {form.paymentProviders.includes("offline") && (
          <label>
            Instructions for offline payment
            <textarea rows={3} maxLength={1000} value={form.offlineInstructions} onChange={(e) => set({ offlineInstructions: e.target.value })} />
          </label>
        )}
      </section>

      <div className="store-savebar">
        {notice && <p role={notice.error ? "alert" : "status"} className={notice.error ? "error" : "ok"}>{notice.text}</p>}
        {!notice && patch && <span className="muted">Unsaved changes</span>}
        {patch && (
          <button type="button" className="quiet" onClick={() => setForm(base)} disabled={save.isPending}>Discard</button>
        )}
        <button type="submit" disabled={!patch || save.isPending}>{save.isPending ? "Saving…" : "Save settings"}</button>
      </div>
    </form>
  );
}
