// A product as the editor holds it (text fields as typed), and the request bodies made from
// it: the whole product to create one, only what changed to update one, and the variants'
// changes. Pure.

import { isAmount, type Discount, type Product, type ProductOption, type Variant, variantLabel } from "../store";

export interface ChoiceForm {
  /** The name buyers see (Wix's `description`); a variant's choices name it. */
  description: string;
  /** For a colour: its code ("#1d4ed8"); for a drop-down, the same as the name. */
  value: string;
}

export interface OptionForm {
  name: string;
  optionType: "drop_down" | "color";
  choices: ChoiceForm[];
}

export interface ImageForm {
  /** Where it is shown from: `/media/<id>` for a library file, or any image address. */
  url: string;
  /** A library file picked now (sent as `mediaId`). */
  mediaId?: string;
}

export interface ProductForm {
  name: string;
  description: string;
  productType: "physical" | "digital";
  price: string;
  discountType: Discount["type"];
  discountValue: string;
  visible: boolean;
  sku: string;
  weight: string;
  manageVariants: boolean;
  options: OptionForm[];
  images: ImageForm[];
}

export const EMPTY_PRODUCT: ProductForm = {
  name: "",
  description: "",
  productType: "physical",
  price: "",
  discountType: "NONE",
  discountValue: "",
  visible: true,
  sku: "",
  weight: "",
  manageVariants: false,
  options: [],
  images: [],
};

/** The editor's copy of a stored product. */
export function formOf(p: Product): ProductForm {
  return {
    name: p.name,
    description: p.description ?? "",
    productType: p.productType === "digital" ? "digital" : "physical",
    price: String(p.priceData?.price ?? ""),
    discountType: p.discount?.type ?? "NONE",
    discountValue: p.discount && p.discount.type !== "NONE" ? String(p.discount.value) : "",
    visible: p.visible !== false,
    sku: p.sku ?? "",
    weight: p.weight ? String(p.weight) : "",
    manageVariants: p.manageVariants === true,
    options: (p.productOptions ?? []).map((o) => ({
      name: o.name,
      optionType: o.optionType === "color" ? "color" : "drop_down",
      choices: o.choices.map((c) => ({ description: c.description, value: c.value })),
    })),
    images: (p.media?.items ?? []).map((m) => ({ url: m.image.url })),
  };
}

/** What is wrong with the form, by field ("name", "price", "options.0.name", …); empty when nothing. */
export function problems(f: ProductForm, currency = "USD"): Record<string, string> {
  const out: Record<string, string> = {};
  if (f.name.trim() === "") out["name"] = "A product needs a name.";
  if (!isAmount(f.price, currency)) out["price"] = "The price is an amount such as 19.99.";
  if (f.discountType !== "NONE") {
    if (!isAmount(f.discountValue, f.discountType === "PERCENT" ? "USD" : currency)) out["discountValue"] = "The discount is an amount such as 5 or 2.50.";
    else if (f.discountType === "PERCENT" && Number(f.discountValue) > 100) out["discountValue"] = "A percentage from 0 to 100.";
  }
  if (f.weight.trim() !== "" && !/^\d+(\.\d+)?$/.test(f.weight.trim())) out["weight"] = "The weight is a number such as 0.5.";
  const names = new Set<string>();
  f.options.forEach((o, i) => {
    const name = o.name.trim();
    if (name === "") out[`options.${i}.name`] = "An option needs a name, such as Size.";
    else if (names.has(name)) out[`options.${i}.name`] = `There are two options named ${name}.`;
    names.add(name);
    const seen = new Set<string>();
    if (o.choices.length === 0) out[`options.${i}.choices`] = "An option needs at least one choice.";
    o.choices.forEach((c, j) => {
      const d = c.description.trim();
      if (d === "") out[`options.${i}.choices.${j}`] = "A choice needs a name.";
      else if (seen.has(d)) out[`options.${i}.choices.${j}`] = `${name || "The option"} has ${d} twice.`;
      seen.add(d);
    });
  });
  return out;
}

function options(f: ProductForm): ProductOption[] {
  return f.options.map((o) => ({
    name: o.name.trim(),
    optionType: o.optionType,
    choices: o.choices.map((c) => {
      const description = c.description.trim();
      return { description, value: o.optionType === "color" ? c.value || description : description };
    }),
  }));
}

function discount(f: ProductForm): Discount {
  return f.discountType === "NONE" ? { type: "NONE", value: 0 } : { type: f.discountType, value: Number(f.discountValue) };
}

function media(f: ProductForm) {
  return { items: f.images.map((i) => (i.mediaId ? { mediaId: i.mediaId } : { image: { url: i.url } })) };
}

/** The product's fields as the API takes them. */
function fields(f: ProductForm): Record<string, unknown> {
  return {
    name: f.name.trim(),
    description: f.description,
    productType: f.productType,
    priceData: { price: Number(f.price) },
    discount: discount(f),
    visible: f.visible,
    sku: f.sku.trim(),
    weight: f.weight.trim() === "" ? 0 : Number(f.weight),
    manageVariants: f.manageVariants,
    productOptions: options(f),
    media: media(f),
  };
}

/** `POST /stores/v1/products`'s body. */
export function createBody(f: ProductForm): { product: Record<string, unknown> } {
  return { product: fields(f) };
}

/** `PATCH /stores/v1/products/{id}`'s body: the fields that differ from `before`; null when none do. */
export function patchBody(before: ProductForm, after: ProductForm): { product: Record<string, unknown> } | null {
  const old = fields(before);
  const now = fields(after);
  const changed: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(now)) {
    if (JSON.stringify(value) !== JSON.stringify(old[key])) changed[key] = value;
  }
  // A new image list is sent whole, with the images kept as they were.
  return Object.keys(changed).length === 0 ? null : { product: changed };
}

export interface VariantForm {
  id: string;
  label: string;
  /** Empty: the product's price. */
  price: string;
  sku: string;
  visible: boolean;
}

/** The variants table's rows for a product that manages its variants. */
export function variantForms(p: Product): VariantForm[] {
  return (p.variants ?? []).map((v: Variant) => ({
    id: v.id,
    label: variantLabel(v.choices),
    price: String(v.variant.priceData.price),
    sku: v.variant.sku ?? "",
    visible: v.variant.visible !== false,
  }));
}

/** `PATCH /stores/v1/products/{id}/variants`'s body: one entry per changed variant; null when none changed. */
export function variantsBody(before: VariantForm[], after: VariantForm[]): { variants: Record<string, unknown>[] } | null {
  const out: Record<string, unknown>[] = [];
  for (const v of after) {
    const old = before.find((b) => b.id === v.id);
    const change: Record<string, unknown> = {};
    if (!old || old.price !== v.price) change["price"] = Number(v.price);
    if (!old || old.sku !== v.sku) change["sku"] = v.sku.trim();
    if (!old || old.visible !== v.visible) change["visible"] = v.visible;
    if (Object.keys(change).length > 0) out.push({ variantIds: [v.id], ...change });
  }
  return out.length === 0 ? null : { variants: out };
}

/** How many variants the options make (each choice of each option with each of the others). */
export function variantCount(f: ProductForm): number {
  return f.options.reduce((n, o) => n * Math.max(o.choices.length, 1), 1);
}
