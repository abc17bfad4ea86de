// A product's editor at store/products/<id> (store/products/new for a new one): its name,
// description, price and discount, visibility, options and their choices, images from the
// media library, and once it is saved its variants' prices and its collections. Saving sends
// only what changed.

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { ArrowLeft, ImagePlus, Plus, Trash2, X } from "lucide-react";
import { type FormEvent, useState } from "react";
import { Link, useLocation, useNavigate, useParams } from "react-router";
import { PickMediaButton } from "../../media/media-picker";
import { mediaPath } from "../../media/media";
import { Field } from "../field";
import { refreshStore, useCollections, useProduct, useStoreSettings } from "../queries";
import { ALL_PRODUCTS, formatMoney, type Product, store } from "../store";
import {
  type ChoiceForm,
  createBody,
  EMPTY_PRODUCT,
  formOf,
  type OptionForm,
  patchBody,
  problems,
  type ProductForm,
  variantCount,
  variantForms,
  variantsBody,
  type VariantForm,
} from "./products";
import { thumbUrl } from "./product-thumb";

export function ProductEditor({ slug }: { slug: string }) {
  const { productId } = useParams();
  const product = useProduct(slug, productId);
  const settings = useStoreSettings(slug);
  const currency = settings.data?.currency ?? "USD";
  const back = (
    <Link to={`/sites/${slug}/store/products`} className="store-back">
      <ArrowLeft size={16} aria-hidden="true" /> All products
    </Link>
  );
  if (productId === undefined) {
    return (
      <>
        {back}
        <Editor slug={slug} currency={currency} />
      </>
    );
  }
  if (product.isError) {
    return (
      <>
        {back}
        <p role="alert" className="error">{product.error.message}</p>
      </>
    );
  }
  if (!product.data) return <p className="loading">Loading…</p>;
  return (
    <>
      {back}
      {/* A fresh form for each product; a save gives the editor the product as stored. */}
      <Editor key={product.data.id} slug={slug} currency={currency} product={product.data} />
    </>
  );
}

function Editor({ slug, currency, product }: { slug: string; currency: string; product?: Product }) {
  const client = useQueryClient();
  const navigate = useNavigate();
  const location = useLocation();
  const [saved, setSaved] = useState<Product | undefined>(product);
  const [base, setBase] = useState<ProductForm>(product ? formOf(product) : EMPTY_PRODUCT);
  const [form, setForm] = useState<ProductForm>(base);
  const [shown, setShown] = useState(false);
  const [notice, setNotice] = useState<{ text: string; error?: boolean } | null>(
    (location.state as { created?: string } | null)?.created ? { text: `“${(location.state as { created: string }).created}” is created.` } : null,
  );
  const errors = problems(form, currency);
  const invalid = Object.keys(errors).length > 0;
  const change = patchBody(base, form);
  const set = (patch: Partial<ProductForm>) => {
    setForm((f) => ({ ...f, ...patch }));
    // What was said of the last save is not true of the form any more.
    if (!notice?.error) setNotice(null);
  };

  const save = useMutation({
    mutationFn: async () => {
      if (!saved) return (await store<{ product: Product }>(slug, "POST", "/stores/v1/products", createBody(form))).product;
      if (!change) return saved;
      return (await store<{ product: Product }>(slug, "PATCH", `/stores/v1/products/${encodeURIComponent(saved.id)}`, change)).product;
    },
    onSuccess: (p) => {
      client.setQueryData(["store-product", slug, p.id], p);
      void refreshStore(client, slug);
      if (!saved) {
        navigate(`/sites/${slug}/store/products/${encodeURIComponent(p.id)}`, { replace: true, state: { created: p.name } });
        return;
      }
      setSaved(p);
      setBase(formOf(p));
      setForm(formOf(p));
      setShown(false);
      setNotice({ text: "Saved." });
    },
    onError: (e) => setNotice({ text: e.message, error: true }),
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setShown(true);
    if (invalid) {
      setNotice({ text: "Some fields need another look.", error: true });
      return;
    }
    save.mutate();
  };
  const err = (key: string) => (shown ? errors[key] : undefined);

  return (
    <div className="product-editor">
      <form onSubmit={submit} aria-label={saved ? `Edit ${saved.name}` : "New product"} noValidate>
        <div className="store-head product-editor-head">
          <h2>{saved ? saved.name : "New product"}</h2>
          {saved && !saved.visible && <span className="badge">Hidden</span>}
          <div className="actions store-save">
            {notice && <p role={notice.error ? "alert" : "status"} className={notice.error ? "error" : "ok"}>{notice.text}</p>}
            {saved && change === null && !notice && <span className="muted">No unsaved changes</span>}
            <button type="submit" disabled={save.isPending || (saved !== undefined && change === null)}>
              {save.isPending ? "Saving…" : saved ? "Save" : "Create product"}
            </button>
          </div>
        </div>
        <div className="product-layout">
          <div className="product-main">
            <section className="card" aria-labelledby="basics-title">
              <h3 id="basics-title">Basics</h3>
              <Field label="Name" error={err("name")}>
                {(props) => <input {...props} value={form.name} onChange={(e) => set({ name: e.target.value })} maxLength={80} />}
              </Field>
              <Field label="Description">
                {(props) => <textarea {...props} rows={4} value={form.description} onChange={(e) => set({ description: e.target.value })} />}
              </Field>
            </section>
            <section className="card" aria-labelledby="pricing-title">
              <h3 id="pricing-title">Pricing</h3>
              <div className="store-row">
                <Field label={`Price (${currency})`} error={err("price")}>
                  {(props) => <input {...props} inputMode="decimal" value={form.price} onChange={(e) => set({ price: e.target.value })} placeholder="0.00" />}
                </Field>
                <Field label="Discount">
                  {(props) => (
                    <select {...props} value={form.discountType} onChange={(e) => set({ discountType: e.target.value as ProductForm["discountType"] })}>
                      <option value="NONE">None</option>
                      <option value="AMOUNT">Amount off</option>
                      <option value="PERCENT">Percent off</option>
                    </select>
                  )}
                </Field>
                {form.discountType !== "NONE" && (
                  <Field label={form.discountType === "PERCENT" ? "Percent off" : `Amount off (${currency})`} error={err("discountValue")}>
                    {(props) => <input {...props} inputMode="decimal" value={form.discountValue} onChange={(e) => set({ discountValue: e.target.value })} />}
                  </Field>
                )}
              </div>
              <SalePrice form={form} currency={currency} />
            </section>
            <OptionsEditor form={form} set={set} err={err} />
            {/* A new set of variants (the options changed) starts a new table; a save of the same keeps its notice. */}
            {saved && <VariantsCard key={(saved.variants ?? []).map((v) => v.id).join(",")} slug={slug} product={saved} currency={currency} stale={JSON.stringify(base.options) !== JSON.stringify(form.options) || base.manageVariants !== form.manageVariants} onSaved={(p) => setSaved(p)} />}
          </div>
          <div className="product-side">
            <section className="card" aria-labelledby="visibility-title">
              <h3 id="visibility-title">Visibility</h3>
              <label className="check">
                <input type="checkbox" checked={form.visible} onChange={(e) => set({ visible: e.target.checked })} />
                Show in the store
              </label>
              <fieldset className="store-radios">
                <legend>Product type</legend>
                <label className="check">
                  <input type="radio" name="productType" checked={form.productType === "physical"} onChange={() => set({ productType: "physical" })} />
                  Physical (shipped)
                </label>
                <label className="check">
                  <input type="radio" name="productType" checked={form.productType === "digital"} onChange={() => set({ productType: "digital" })} />
                  Digital
                </label>
              </fieldset>
            </section>
            <ImagesCard slug={slug} form={form} set={set} />
            <section className="card" aria-labelledby="shipping-title">
              <h3 id="shipping-title">Shipping and stock keeping</h3>
              <Field label="SKU">
                {(props) => <input {...props} value={form.sku} onChange={(e) => set({ sku: e.target.value })} maxLength={40} />}
              </Field>
              {form.productType === "physical" && (
                <Field label="Weight" error={err("weight")}>
                  {(props) => <input {...props} inputMode="decimal" value={form.weight} onChange={(e) => set({ weight: e.target.value })} />}
                </Field>
              )}
            </section>
            {saved && <CollectionsCard slug={slug} product={saved} onChanged={(p) => setSaved(p)} />}
          </div>
        </div>
      </form>
    </div>
  );
}

function SalePrice({ form, currency }: { form: ProductForm; currency: string }) {
  const price = Number(form.price);
  const value = Number(form.discountValue);
  if (form.discountType === "NONE" || !Number.isFinite(price) || !Number.isFinite(value) || form.discountValue === "") return null;
  const sale = Math.max(0, form.discountType === "PERCENT" ? price - (price * value) / 100 : price - value);
  return <p className="muted store-sale">Buyers pay {formatMoney(sale.toFixed(6), currency)} (was {formatMoney(form.price || "0", currency)}).</p>;
}

function OptionsEditor({ form, set, err }: { form: ProductForm; set: (p: Partial<ProductForm>) => void; err: (key: string) => string | undefined }) {
  const setOption = (i: number, patch: Partial<OptionForm>) => set({ options: form.options.map((o, j) => (j === i ? { ...o, ...patch } : o)) });
  const count = variantCount(form);
  return (
    <section className="card" aria-labelledby="options-title">
      <h3 id="options-title">Options</h3>
      <p className="muted store-hint">Options such as size or colour make the product’s variants: one for each mix of choices.</p>
      {form.options.map((o, i) => (
        <fieldset key={i} className="store-option">
          <legend>Option {i + 1}{o.name.trim() ? `: ${o.name.trim()}` : ""}</legend>
          <div className="store-row">
            <Field label="Option name" error={err(`options.${i}.name`)}>
              {(props) => <input {...props} value={o.name} onChange={(e) => setOption(i, { name: e.target.value })} placeholder="Size" maxLength={50} />}
            </Field>
            <Field label="Shown as">
              {(props) => (
                <select {...props} value={o.optionType} onChange={(e) => setOption(i, { optionType: e.target.value as OptionForm["optionType"] })}>
                  <option value="drop_down">A list</option>
                  <option value="color">Colour swatches</option>
                </select>
              )}
            </Field>
            <button type="button" className="quiet danger store-remove-option" onClick={() => set({ options: form.options.filter((_, j) => j !== i) })}>
              <Trash2 size={16} aria-hidden="true" /> Remove option
            </button>
          </div>
          <ChoicesEditor option={o} index={i} change={(choices) => setOption(i, { choices })} err={err} />
        </fieldset>
      ))}
      {form.options.length < 6 && (
        <button type="button" className="secondary" onClick={() => set({ options: [...form.options, { name: "", optionType: "drop_down", choices: [] }] })}>
          <Plus size={16} aria-hidden="true" /> Add option
        </button>
      )}
      {form.options.length > 0 && (
        <>
          <label className="check store-manage">
            <input type="checkbox" checked={form.manageVariants} onChange={(e) => set({ manageVariants: e.target.checked })} />
            Set a price, SKU and visibility for each variant
          </label>
          <p className="muted store-hint">{count === 1 ? "1 variant" : `${count} variants`}{count > 300 ? ": at most 300 are allowed." : "."}</p>
        </>
      )}
    </section>
  );
}

function ChoicesEditor({ option, index, change, err }: {
  option: OptionForm;
  index: number;
  change: (choices: ChoiceForm[]) => void;
  err: (key: string) => string | undefined;
}) {
  const [draft, setDraft] = useState("");
  const [color, setColor] = useState("#3451b2");
  const name = option.name.trim() || `option ${index + 1}`;
  const add = () => {
    const description = draft.trim();
    if (description === "") return;
    change([...option.choices, { description, value: option.optionType === "color" ? color : description }]);
    setDraft("");
  };
  const problem = err(`options.${index}.choices`) ?? option.choices.map((_, j) => err(`options.${index}.choices.${j}`)).find(Boolean);
  return (
    <div className="store-choices">
      <ul className="store-chips" aria-label={`Choices of ${name}`}>
        {option.choices.map((c, j) => (
          <li key={j} className="store-chip">
            {option.optionType === "color" && <span className="store-swatch" style={{ background: c.value }} aria-hidden="true" />}
            {c.description}
            <button type="button" className="quiet icon-button" aria-label={`Remove choice ${c.description}`} onClick={() => change(option.choices.filter((_, k) => k !== j))}>
              <X size={14} aria-hidden="true" />
            </button>
          </li>
        ))}
        {option.choices.length === 0 && <li className="muted">No choices yet.</li>}
      </ul>
      <div className="store-add-choice">
        <input
          aria-label={`New choice for ${name}`}
          value={draft}
          placeholder={option.optionType === "color" ? "Colour name" : "e.g. Small"}
          maxLength={50}
          onChange={(e) => setDraft(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === "Enter") {
              e.preventDefault();
              add();
            }
          }}
        />
        {option.optionType === "color" && <input type="color" aria-label={`Colour of the new choice for ${name}`} value={color} onChange={(e) => setColor(e.target.value)} />}
        <button type="button" className="secondary" onClick={add} disabled={draft.trim() === ""}>Add choice</button>
      </div>
      {problem && <p className="error store-field-error">{problem}</p>}
    </div>
  );
}

function ImagesCard({ slug, form, set }: { slug: string; form: ProductForm; set: (p: Partial<ProductForm>) => void }) {
  return (
    <section className="card" aria-labelledby="images-title">
      <h3 id="images-title">Images</h3>
      {form.images.length === 0 && <p className="muted store-hint">No images yet.</p>}
      {form.images.length > 0 && (
        <ul className="store-images" aria-label="Product images">
          {form.images.map((img, i) => (
            <li key={`${img.url}-${i}`}>
              <img src={thumbUrl(img.url, 72)} alt={i === 0 ? "Main image" : `Image ${i + 1}`} width={72} height={72} />
              <div className="store-image-actions">
                {i > 0 && (
                  <button type="button" className="quiet" onClick={() => set({ images: [img, ...form.images.filter((_, j) => j !== i)] })}>Make main</button>
                )}
                <button type="button" className="quiet danger" aria-label={`Remove image ${i + 1}`} onClick={() => set({ images: form.images.filter((_, j) => j !== i) })}>
                  Remove
                </button>
              </div>
            </li>
          ))}
        </ul>
      )}
      <PickMediaButton
        slug={slug}
        imagesOnly
        title="Choose a product image"
        label={<><ImagePlus size={16} aria-hidden="true" /> Add image</>}
        onPick={(file) => set({ images: [...form.images, { url: mediaPath(file.id), mediaId: file.id }] })}
      />
    </section>
  );
}

/** A saved product's variants: price, SKU and visibility of each, saved together. */
function VariantsCard({ slug, product, currency, stale, onSaved }: {
  slug: string;
  product: Product;
  currency: string;
  stale: boolean;
  onSaved: (p: Product) => void;
}) {
  const client = useQueryClient();
  const initial = variantForms(product);
  const [rows, setRows] = useState<VariantForm[]>(initial);
  const [notice, setNotice] = useState<{ text: string; error?: boolean } | null>(null);
  const body = variantsBody(initial, rows);
  const bad = rows.some((r) => !/^\d+(\.\d+)?$/.test(r.price.trim()));
  const save = useMutation({
    mutationFn: async () => {
      if (!body) return product;
      await store(slug, "PATCH", `/stores/v1/products/${encodeURIComponent(product.id)}/variants`, body);
      return (await store<{ product: Product }>(slug, "GET", `/stores/v1/products/${encodeURIComponent(product.id)}`)).product;
    },
    onSuccess: (p) => {
      client.setQueryData(["store-product", slug, p.id], p);
      void refreshStore(client, slug);
      onSaved(p);
      setNotice({ text: "Variants saved." });
    },
    onError: (e) => setNotice({ text: e.message, error: true }),
  });
  if (!product.manageVariants || (product.productOptions ?? []).length === 0) return null;
  const setRow = (id: string, patch: Partial<VariantForm>) => setRows((rs) => rs.map((r) => (r.id === id ? { ...r, ...patch } : r)));
  return (
    <section className="card" aria-labelledby="variants-title">
      <h3 id="variants-title">Variants</h3>
      {stale && <p className="muted store-hint">Save the product to see the variants its new options make.</p>}
      <table className="store-table store-variants">
        <thead>
          <tr>
            <th scope="col">Variant</th>
            <th scope="col">Price ({currency})</th>
            <th scope="col">SKU</th>
            <th scope="col">Visible</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.id}>
              <th scope="row">{r.label}</th>
              <td>
                <input aria-label={`Price of ${r.label}`} inputMode="decimal" value={r.price} onChange={(e) => setRow(r.id, { price: e.target.value })} aria-invalid={!/^\d+(\.\d+)?$/.test(r.price.trim()) || undefined} />
              </td>
              <td><input aria-label={`SKU of ${r.label}`} value={r.sku} maxLength={40} onChange={(e) => setRow(r.id, { sku: e.target.value })} /></td>
              <td><input type="checkbox" aria-label={`${r.label} is visible`} checked={r.visible} onChange={(e) => setRow(r.id, { visible: e.target.checked })} /></td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="actions store-card-actions">
        <button type="button" onClick={() => save.mutate()} disabled={!body || bad || save.isPending}>{save.isPending ? "Saving…" : "Save variants"}</button>
        {notice && <p role={notice.error ? "alert" : "status"} className={notice.error ? "error" : "ok"}>{notice.text}</p>}
      </div>
    </section>
  );
}

/** The collections a saved product is in: a box each, and a new one. Each change is saved at once. */
function CollectionsCard({ slug, product, onChanged }: { slug: string; product: Product; onChanged: (p: Product) => void }) {
  const client = useQueryClient();
  const collections = useCollections(slug);
  const [name, setName] = useState("");
  const [error, setError] = useState<string | null>(null);
  const reload = async () => {
    const p = (await store<{ product: Product }>(slug, "GET", `/stores/v1/products/${encodeURIComponent(product.id)}`)).product;
    client.setQueryData(["store-product", slug, p.id], p);
    onChanged(p);
    await refreshStore(client, slug);
  };
  const toggle = useMutation({
    mutationFn: ({ id, add }: { id: string; add: boolean }) =>
      store(slug, "POST", `/stores/v1/collections/${encodeURIComponent(id)}/productIds${add ? "" : "/delete"}`, { productIds: [product.id] }),
    onSuccess: reload,
    onError: (e) => setError(e.message),
  });
  const create = useMutation({
    mutationFn: async (collection: string) => {
      const made = await store<{ collection: { id: string } }>(slug, "POST", "/stores/v1/collections", { collection: { name: collection } });
      await store(slug, "POST", `/stores/v1/collections/${encodeURIComponent(made.collection.id)}/productIds`, { productIds: [product.id] });
    },
    onSuccess: async () => {
      setName("");
      await reload();
    },
    onError: (e) => setError(e.message),
  });
  const list = (collections.data ?? []).filter((c) => c.id !== ALL_PRODUCTS);
  return (
    <section className="card" aria-labelledby="collections-title">
      <h3 id="collections-title">Collections</h3>
      {collections.isError && <p role="alert" className="error">{collections.error.message}</p>}
      {collections.isSuccess && list.length === 0 && <p className="muted store-hint">No collections yet: they group products, such as “Summer” or “Mugs”.</p>}
      <ul className="plain">
        {list.map((c) => (
          <li key={c.id}>
            <label className="check">
              <input
                type="checkbox"
                checked={(product.collectionIds ?? []).includes(c.id)}
                disabled={toggle.isPending}
                onChange={(e) => {
                  setError(null);
                  toggle.mutate({ id: c.id, add: e.target.checked });
                }}
              />
              {c.name} <span className="muted">({c.numberOfProducts})</span>
            </label>
          </li>
        ))}
      </ul>
      <div className="store-add-collection">
        <input aria-label="New collection name" placeholder="New collection" value={name} maxLength={50} onChange={(e) => setName(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === "Enter") {
              e.preventDefault();
              if (name.trim()) create.mutate(name.trim());
            }
          }}
        />
        <button type="button" className="secondary" disabled={name.trim() === "" || create.isPending} onClick={() => create.mutate(name.trim())}>Create and add</button>
      </div>
      {error && <p role="alert" className="error">{error}</p>}
    </section>
  );
}
