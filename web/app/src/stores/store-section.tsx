// The Store section at /sites/<slug>/store: the overview, then a tab each for the stores
// module's parts, each at its own address (store/products, store/inventory, store/orders,
// store/coupons, store/discounts, store/plugins, store/settings), with a product's editor at
// store/products/<id> (store/products/new for a new one), an order's page at
// store/orders/<id>, a coupon's form at store/coupons/<id> and an automatic discount's at
// store/discounts/<id> (each with /new for a new one).

import { Navigate, Route, Routes, useParams } from "react-router";
import type { SectionPlace } from "../sections";
import { SectionTabs, tabAt } from "../ui/section-tabs";
import { CouponEditor } from "./coupons/coupon-editor";
import { CouponsTab } from "./coupons/coupons-tab";
import { DiscountRuleEditor } from "./discount-rules/discount-rule-editor";
import { DiscountRulesTab } from "./discount-rules/discount-rules-tab";
import { Inventory } from "./inventory/inventory-tab";
import { OrderPage } from "./orders/order-page";
import { OrdersTab } from "./orders/orders-tab";
import { Overview } from "./overview";
import { ProductEditor } from "./products/product-editor";
import { PluginsTab } from "./plugins/plugins-tab";
import { ProductsTab } from "./products/products-tab";
import { useCoupon, useDiscountRule, useOrder, useProduct } from "./queries";
import { SettingsTab } from "./settings/settings-tab";
import "./stores.css";

const TABS = [
  { id: "overview", label: "Overview", path: "" },
  { id: "products", label: "Products", path: "products" },
  { id: "inventory", label: "Inventory", path: "inventory" },
  { id: "orders", label: "Orders", path: "orders" },
  { id: "coupons", label: "Coupons", path: "coupons" },
  { id: "discounts", label: "Discounts", path: "discounts" },
  { id: "plugins", label: "Service plugins", path: "plugins" },
  { id: "settings", label: "Settings", path: "settings" },
] as const;

/** The breadcrumb's item in the Store: the tab past the overview, or the open product, order, coupon or discount. */
export function storeCrumb({ slug, rest }: SectionPlace) {
  const [first = "", id] = rest.split("/");
  if (first === "products" && id === "new") return "New product";
  if (first === "products" && id) return <ProductName slug={slug} id={id} />;
  if (first === "orders" && id) return <OrderNumber slug={slug} id={id} />;
  if (first === "coupons" && id === "new") return "New coupon";
  if (first === "coupons" && id) return <CouponCode slug={slug} id={id} />;
  if (first === "discounts" && id === "new") return "New discount";
  if (first === "discounts" && id) return <RuleName slug={slug} id={id} />;
  return rest === "" ? null : tabAt(TABS, rest)?.label;
}

function ProductName({ slug, id }: { slug: string; id: string }) {
  const product = useProduct(slug, id);
  return <>{product.data?.name ?? "Product"}</>;
}

function OrderNumber({ slug, id }: { slug: string; id: string }) {
  const order = useOrder(slug, id);
  return <>{order.data ? `Order #${order.data.number}` : "Order"}</>;
}

function CouponCode({ slug, id }: { slug: string; id: string }) {
  const coupon = useCoupon(slug, id);
  return <>{coupon.data ? `Coupon ${coupon.data.specification.code}` : "Coupon"}</>;
}

function RuleName({ slug, id }: { slug: string; id: string }) {
  const rule = useDiscountRule(slug, id);
  return <>{rule.data?.name ?? "Discount"}</>;
}

export function StoreSection() {
  const { slug = "", "*": rest = "" } = useParams();
  const tab = tabAt(TABS, rest);
  const base = `/sites/${slug}/store`;
  if (!tab) return <Navigate to={base} replace />;
  return (
    <div className="store-page">
      <SectionTabs title="Store" base={base} tabs={TABS} current={tab} rest={rest}>
        <Routes>
          <Route index element={<Overview slug={slug} />} />
          <Route path="products" element={<ProductsTab slug={slug} />} />
          <Route path="products/new" element={<ProductEditor slug={slug} />} />
          <Route path="products/:productId" element={<ProductEditor slug={slug} />} />
          <Route path="inventory" element={<Inventory slug={slug} />} />
          <Route path="orders" element={<OrdersTab slug={slug} />} />
          <Route path="orders/:orderId" element={<OrderPage slug={slug} />} />
          <Route path="coupons" element={<CouponsTab slug={slug} />} />
          <Route path="coupons/new" element={<CouponEditor slug={slug} />} />
          <Route path="coupons/:couponId" element={<CouponEditor slug={slug} />} />
          <Route path="discounts" element={<DiscountRulesTab slug={slug} />} />
          <Route path="discounts/new" element={<DiscountRuleEditor slug={slug} />} />
          <Route path="discounts/:ruleId" element={<DiscountRuleEditor slug={slug} />} />
          <Route path="plugins" element={<PluginsTab slug={slug} />} />
          <Route path="settings" element={<SettingsTab slug={slug} />} />
          <Route path="*" element={<Navigate to={base} replace />} />
        </Routes>
      </SectionTabs>
    </div>
  );
}
