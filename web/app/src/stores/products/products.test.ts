import { describe, expect, test } from "vitest";
import type { Product } from "../store";
import { createBody, EMPTY_PRODUCT, formOf, patchBody, problems, type ProductForm, variantCount, variantForms, variantsBody } from "./products";

const tee: ProductForm = {
  ...EMPTY_PRODUCT,
  name: " Tee ",
  price: "20",
  options: [{ name: "Size", optionType: "drop_down", choices: [{ description: "S", value: "S" }, { description: "M", value: "M" }] }],
  manageVariants: true,
};

const stored = {
  id: "p1",
  name: "Tee",
  slug: "tee",
  visible: true,
  productType: "physical",
  description: "",
  sku: "",
  weight: 0,
  priceData: { price: 20, discountedPrice: 20, formatted: { price: "$20.00" } },
  stock: { trackInventory: false, inventoryStatus: "IN_STOCK" },
  media: { items: [{ id: "abc", image: { url: "/media/abc" } }] },
  productOptions: [{ name: "Size", optionType: "drop_down", choices: [{ value: "S", description: "S" }, { value: "M", description: "M" }] }],
  manageVariants: true,
  variants: [
    { id: "v1", choices: { Size: "S" }, variant: { priceData: { price: 20 }, sku: "", visible: true }, stock: { inStock: true } },
    { id: "v2", choices: { Size: "M" }, variant: { priceData: { price: 22.5 }, sku: "TM", visible: true }, stock: { inStock: true } },
  ],
  collectionIds: [],
  discount: { type: "NONE", value: 0 },
} as Product;

describe("a product's form", () => {
  test("makes the create body", () => {
    expect(createBody(tee)).toEqual({
      product: {
        name: "Tee",
        description: "",
        productType: "physical",
        priceData: { price: 20 },
        discount: { type: "NONE", value: 0 },
        visible: true,
        sku: "",
        weight: 0,
        manageVariants: true,
        productOptions: [{ name: "Size", optionType: "drop_down", choices: [{ description: "S", value: "S" }, { description: "M", value: "M" }] }],
        media: { items: [] },
      },
    });
  });

  test("colours keep their code; a picked library image is sent by its id, a kept one by its address", () => {
    const f: ProductForm = {
      ...tee,
      options: [{ name: "Colour", optionType: "color", choices: [{ description: "Navy", value: "#1d2b5a" }] }],
      images: [{ url: "/media/old" }, { url: "/media/new1", mediaId: "new1" }],
    };
    const body = createBody(f).product;
    expect(body["productOptions"]).toEqual([{ name: "Colour", optionType: "color", choices: [{ description: "Navy", value: "#1d2b5a" }] }]);
    expect(body["media"]).toEqual({ items: [{ image: { url: "/media/old" } }, { mediaId: "new1" }] });
  });

  test("is read back from the stored product", () => {
    const f = formOf(stored);
    expect(f).toMatchObject({ name: "Tee", price: "20", manageVariants: true, discountType: "NONE", discountValue: "", images: [{ url: "/media/abc" }] });
    expect(f.options[0]?.choices.map((c) => c.description)).toEqual(["S", "M"]);
  });

  test("an update sends only what changed", () => {
    const before = formOf(stored);
    expect(patchBody(before, before)).toBeNull();
    expect(patchBody(before, { ...before, price: "25", visible: false })).toEqual({ product: { priceData: { price: 25 }, visible: false } });
    expect(patchBody(before, { ...before, discountType: "PERCENT", discountValue: "10" })).toEqual({ product: { discount: { type: "PERCENT", value: 10 } } });
    const l = { ...before, options: [{ ...before.options[0]!, choices: [...before.options[0]!.choices, { description: "L", value: "L" }] }] };
    expect(Object.keys(patchBody(before, l)!.product)).toEqual(["productOptions"]);
  });

  test("says what is wrong, field by field", () => {
    expect(problems(tee)).toEqual({});
    expect(problems({ ...EMPTY_PRODUCT })).toEqual({ name: "A product needs a name.", price: "The price is an amount such as 19.99." });
    expect(problems({ ...tee, price: "19.999" })["price"]).toBeDefined();
    expect(problems({ ...tee, discountType: "PERCENT", discountValue: "120" })["discountValue"]).toBe("A percentage from 0 to 100.");
    expect(problems({ ...tee, discountType: "AMOUNT", discountValue: "" })["discountValue"]).toBeDefined();
    const twice = { ...tee, options: [{ name: "Size", optionType: "drop_down" as const, choices: [{ description: "S", value: "S" }, { description: "S", value: "S" }] }] };
    expect(problems(twice)["options.0.choices.1"]).toBe("Size has S twice.");
    expect(problems({ ...tee, options: [{ name: "", optionType: "drop_down", choices: [] }] })).toEqual({
      "options.0.name": "An option needs a name, such as Size.",
      "options.0.choices": "An option needs at least one choice.",
    });
  });

  test("counts the variants the options make", () => {
    expect(variantCount(EMPTY_PRODUCT)).toBe(1);
    expect(variantCount(tee)).toBe(2);
    expect(variantCount({ ...tee, options: [...tee.options, { name: "Colour", optionType: "color", choices: [{ description: "A", value: "#000" }, { description: "B", value: "#fff" }, { description: "C", value: "#f00" }] }] })).toBe(6);
  });
});

describe("the variants table", () => {
  test("sends the variants that changed, each by its id", () => {
    const rows = variantForms(stored);
    expect(rows).toEqual([
      { id: "v1", label: "S", price: "20", sku: "", visible: true },
      { id: "v2", label: "M", price: "22.5", sku: "TM", visible: true },
    ]);
    expect(variantsBody(rows, rows)).toBeNull();
    const edited = rows.map((r) => (r.id === "v2" ? { ...r, price: "24", visible: false } : r));
    expect(variantsBody(rows, edited)).toEqual({ variants: [{ variantIds: ["v2"], price: 24, visible: false }] });
  });
});
