//! eCommerce service plugins in site code, on every backend: Velo's `___spi___` files change
//! a checkout (custom discount triggers by member role, shipping rates beside the store's,
//! additional fees, tax in place of the store's regions, validations in the cart and at
//! checkout), the owner turns them off, and a plugin that throws, answers wrongly, loops or
//! is slow blocks the order with a clear message and a line in the site's log.

use reqwest::Method;
use serde_json::{Value, json};
use tessera_testkit::{TestApp, backends, call};

mod shop;
use shop::{Shop, Visitor, code};

const CONFIG: &str = "export function getConfig() { return {}; }";

const FEES: &str = r#"
export const calculateAdditionalFees = async (options, context) => ({
  currency: context.currency,
  additionalFees: options.lineItems.length
    ? [{ code: 'gift-wrap', name: 'Gift wrapping', price: '2.50', taxDetails: { taxable: true } }]
    : [],
});
"#;

const LIMIT: &str = r#"
export const getValidationViolations = async (options) => {
  const violations = [];
  for (const line of options.validationInfo.lineItems) {
    if (line.quantity > 2) {
      violations.push({
        severity: 'ERROR',
        target: { lineItem: { name: 'LINE_ITEM_DEFAULT', _id: line._id } },
        description: `No more than 2 of ${line.productName.original} per customer`,
      });
    }
  }
  if (options.sourceInfo.source === 'CHECKOUT') {
    violations.push({ severity: 'WARNING', target: { other: { name: 'OTHER_DEFAULT' } }, description: 'Orders ship within 2 days' });
  }
  return { violations };
};
"#;

const COURIER: &str = r#"
export const getShippingRates = async (options, context) => ({
  shippingRates: options.shippingDestination.address.country === 'US' && options.lineItems[0].price === '20.00' ? [{
    code: 'courier-express',
    title: 'Courier express',
    logistics: { deliveryTime: 'Tomorrow' },
    cost: { price: '7.25', currency: context.currency, additionalCharges: [{ price: '0.75', type: 'HANDLING_FEE' }] },
  }] : [],
});
"#;

const FLAT_TAX: &str = r#"
export const calculateTax = async (options) => ({
  currency: options.currency,
  lineItemTaxDetails: options.lineItems.map((l) => ({
    _id: l._id,
    taxBreakdown: [{ jurisdiction: 'Everywhere', rate: '0.1', taxName: 'Flat', taxAmount: (Math.round(Number(l.price) * 10) / 100).toFixed(2) }],
  })),
});
"#;

/// Wholesale members are the ones whose roles (`wix-members-backend`) say so.
const WHOLESALE: &str = r#"
import { currentMember } from 'wix-members-backend';

export const listTriggers = async () => ({ customTriggers: [{ _id: 'wholesale', name: 'Wholesale customers' }] });

export const getEligibleTriggers = async (options, context) => {
  if (context.identity.identityType !== 'MEMBER') return { eligibleTriggers: [] };
  const roles = await currentMember.getRoles();
  if (!roles.some((r) => r._id === 'wholesale')) return { eligibleTriggers: [] };
  return {
    eligibleTriggers: options.triggers
      .filter((t) => t.customTrigger._id === 'wholesale')
      .map((t) => ({ customTriggerId: t.customTrigger._id, identifier: t.identifier })),
  };
};
"#;

fn plugin(
    files: &mut serde_json::Map<String, Value>,
    kind: &str,
    name: &str,
    code: &str,
    config: &str,
) {
    let folder = format!("backend/___spi___/{kind}/{name}");
    files.insert(format!("{folder}/{name}.js"), json!(code));
    files.insert(format!("{folder}/{name}-config.js"), json!(config));
}

fn amounts(sum: &Value) -> [String; 6] {
    [
        "subtotal",
        "discount",
        "shipping",
        "additionalFees",
        "tax",
        "total",
    ]
    .map(|k| sum[k]["amount"].as_str().unwrap_or("-").to_string())
}

/// The total is the sum of its parts, to the cent.
fn adds_up(sum: &Value) {
    let n = |k: &str| -> i64 {
        let a = sum[k]["amount"].as_str().unwrap();
        (a.parse::<f64>().unwrap() * 100.0).round() as i64
    };
    let fees = if sum["additionalFees"].is_null() {
        n("totalAdditionalFees")
    } else {
        n("additionalFees")
    };
    assert_eq!(
        n("subtotal") - n("discount") + n("shipping") + fees + n("tax"),
        n("total"),
        "{sum}"
    );
}

async fn checkout(buyer: &Visitor, id: &str) -> Value {
    let b = buyer
        .ok(
            Method::GET,
            &format!("/ecom/v1/checkouts/{id}"),
            json!(null),
        )
        .await;
    b["checkout"].clone()
}

#[tokio::test]
async fn plugins_change_prices_eligibility_and_what_may_be_bought() {
    for backend in backends() {
        let shop = Shop::new(TestApp::spawn(backend).await).await;
        shop.ok(
            Method::PATCH,
            "/stores/v1/settings",
            json!({"settings": {
                "taxRegions": [{"country": "US", "rate": "0.05"}],
                "taxShipping": true,
                "shippingRules": [{"code": "std", "title": "Standard", "rate": {"type": "FLAT", "amount": "5"}}],
            }}),
        )
        .await;
        let (product, _, vm) = shop.tee(10, 10).await;
        let (s, b) = call(
            shop.app
                .req_as(
                    Method::PUT,
                    "/api/v1/sites/shop/member-roles/wholesale",
                    &shop.owner,
                )
                .json(&json!({"kind": "role", "title": "Wholesale"})),
        )
        .await;
        assert_eq!(s, 200, "{b}");
        shop.ok(
            Method::POST,
            "/ecom/v1/discount-rules",
            json!({"discountRule": {
                "name": "Wholesale 20 % off", "active": true,
                "trigger": {"triggerType": "CUSTOM", "customTrigger": {"id": "wholesale"}},
                "discounts": {"values": [{"targetType": "SPECIFIC_ITEMS", "discountType": "PERCENTAGE", "percentage": 20,
                    "specificItemsInfo": {"scopes": [{"type": "CATALOG_ITEM", "catalogItemFilter": {"catalogAppId": "215238eb-22a5-4c36-9e7b-e7c08025e04e"}}]}}]},
            }}),
        )
        .await;
        let mut files = serde_json::Map::new();
        plugin(
            &mut files,
            "ecom-additional-fees",
            "gift-wrap",
            FEES,
            CONFIG,
        );
        plugin(
            &mut files,
            "ecom-validations",
            "limit-two",
            LIMIT,
            "export const getConfig = async () => ({ validateInCart: true });",
        );
        plugin(
            &mut files,
            "ecom-shipping-rates",
            "courier",
            COURIER,
            "export function getConfig() { return { name: 'Courier', description: 'Next day' }; }",
        );
        plugin(
            &mut files,
            "billing-tax-calculation",
            "flat-tax",
            FLAT_TAX,
            CONFIG,
        );
        plugin(
            &mut files,
            "ecom-discounts-trigger",
            "wholesale",
            WHOLESALE,
            CONFIG,
        );
        let pushed = shop.publish_code(Value::Object(files)).await;
        assert_eq!(pushed["problems"], json!([]), "{pushed}");

        // The owner sees them, each on, and the custom triggers.
        let b = shop
            .ok(Method::GET, "/ecom/v1/service-plugins", json!(null))
            .await;
        let list = b["servicePlugins"].as_array().unwrap();
        assert_eq!(list.len(), 5, "{b}");
        assert!(list.iter().all(|p| p["enabled"] == true), "{b}");
        let triggers = list
            .iter()
            .find(|p| p["type"] == "ecom-discounts-trigger")
            .unwrap();
        assert_eq!(
            triggers["customTriggers"][0]["name"], "Wholesale customers",
            "{b}"
        );
        let limit = list.iter().find(|p| p["name"] == "limit-two").unwrap();
        assert_eq!(limit["config"]["validateInCart"], true, "{b}");

        // A visitor: no wholesale price; the courier beside the store's rate; the fee; tax
        // by the plugin (10 % of 40.00, of 5.00 shipping and of the 2.50 fee).
        let ann = Visitor::new(&shop.app);
        let id = ann.checkout_of(2, &product, &vm).await;
        let c = checkout(&ann, &id).await;
        assert_eq!(
            amounts(&c["priceSummary"]),
            ["40.00", "0.00", "5.00", "2.50", "4.75", "52.25"].map(String::from),
            "{c}"
        );
        adds_up(&c["priceSummary"]);
        let carriers: Vec<(&str, &str, &str)> = c["shippingInfo"]["carrierServiceOptions"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|k| {
                k["shippingOptions"].as_array().unwrap().iter().map(|o| {
                    (
                        k["carrierId"].as_str().unwrap(),
                        o["code"].as_str().unwrap(),
                        o["cost"]["price"]["amount"].as_str().unwrap(),
                    )
                })
            })
            .collect();
        assert_eq!(
            carriers,
            [
                ("tessera", "std", "5.00"),
                ("Courier", "courier-express", "8.00")
            ]
        );
        assert_eq!(c["additionalFees"][0]["code"], "gift-wrap");
        assert_eq!(
            c["additionalFees"][0]["taxDetails"]["totalTax"]["amount"],
            "0.25"
        );
        assert_eq!(c["violations"][0]["severity"], "WARNING", "{c}");
        assert_eq!(c["calculationErrors"], json!({}), "{c}");

        // The courier chosen: 8.00 and its tax.
        let b = ann
            .ok(
                Method::PATCH,
                &format!("/ecom/v1/checkouts/{id}"),
                json!({"checkout": {"shippingInfo": {"selectedCarrierServiceOption": {"code": "courier-express"}}}}),
            )
            .await;
        assert_eq!(
            amounts(&b["checkout"]["priceSummary"]),
            ["40.00", "0.00", "8.00", "2.50", "5.05", "55.55"].map(String::from),
            "{b}"
        );
        let b = ann
            .ok(
                Method::POST,
                &format!("/ecom/v1/checkouts/{id}/create-order"),
                json!({}),
            )
            .await;
        let order = &b["order"];
        assert_eq!(order["priceSummary"]["total"]["amount"], "55.55", "{order}");
        assert_eq!(
            order["priceSummary"]["totalAdditionalFees"]["amount"],
            "2.50"
        );
        assert_eq!(order["additionalFees"][0]["name"], "Gift wrapping");
        assert_eq!(order["shippingInfo"]["code"], "courier-express");
        adds_up(&order["priceSummary"]);

        // A wholesale member: 20 % off, and the tax on what is paid.
        let bob = Visitor::member(&shop.app, "bob", &["wholesale"]).await;
        let id = bob.checkout_of(2, &product, &vm).await;
        let c = checkout(&bob, &id).await;
        assert_eq!(
            amounts(&c["priceSummary"]),
            ["40.00", "8.00", "5.00", "2.50", "3.95", "43.45"].map(String::from),
            "{c}"
        );
        assert_eq!(
            c["appliedDiscounts"][0]["discountRule"]["name"]["original"],
            "Wholesale 20 % off"
        );
        adds_up(&c["priceSummary"]);

        // A third one of the limited item: the cart says so, and the order is refused.
        let id = bob.checkout_of(1, &product, &vm).await;
        let b = bob
            .ok(Method::GET, "/ecom/v1/carts/current", json!(null))
            .await;
        let violation = &b["cart"]["violations"][0];
        assert_eq!(violation["severity"], "ERROR", "{b}");
        assert_eq!(
            violation["target"]["lineItem"]["_id"],
            b["cart"]["lineItems"][0]["id"]
        );
        let (s, b) = bob
            .call(
                Method::POST,
                &format!("/ecom/v1/checkouts/{id}/create-order"),
                json!({}),
            )
            .await;
        assert_eq!(s, 400, "{b}");
        assert!(
            b["message"]
                .as_str()
                .unwrap()
                .contains("No more than 2 of Tee per customer"),
            "{b}"
        );

        // The owner turns the fee off: it is gone from the next price.
        let b = shop
            .ok(
                Method::PATCH,
                "/ecom/v1/service-plugins/ecom-additional-fees/gift-wrap",
                json!({"enabled": false}),
            )
            .await;
        let fees = b["servicePlugins"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["name"] == "gift-wrap")
            .unwrap();
        assert_eq!(fees["enabled"], false);
        let c = checkout(&bob, &id).await;
        assert_eq!(c["priceSummary"]["additionalFees"]["amount"], "0.00", "{c}");
        assert_eq!(c["additionalFees"], json!([]));
        let (s, _) = shop
            .wix(
                Method::PATCH,
                "/ecom/v1/service-plugins/ecom-additional-fees/gift-wrap",
                json!({}),
            )
            .await;
        assert_eq!(s, 400);
    }
}

/// One fee plugin that fails a different way for each quantity bought.
const FAILING: &str = r#"
export const calculateAdditionalFees = async (options) => {
  const n = options.lineItems[0].quantity;
  if (n === 1) throw new Error('the fee service is down');
  if (n === 2) return { additionalFees: [{ code: 'x', name: 'X', price: 'two dollars' }] };
  if (n === 3) for (;;) {}
  await new Promise((resolve) => setTimeout(resolve, 60000));
  return { additionalFees: [] };
};
"#;

#[tokio::test]
async fn failing_plugins_block_the_order_and_are_logged() {
    for backend in backends() {
        let shop = Shop::new(TestApp::spawn(backend).await).await;
        let (product, vs, _) = shop.tee(10, 10).await;
        let mut files = serde_json::Map::new();
        plugin(&mut files, "ecom-additional-fees", "flaky", FAILING, CONFIG);
        shop.publish_code(Value::Object(files)).await;
        for (quantity, said) in [
            (1, "calculateAdditionalFees threw: the fee service is down"),
            (2, "additionalFees[0].price: a price as a decimal string"),
            // A busy machine may stop the loop at the wall-time limit first.
            (3, "quota of 5000 ms exceeded"),
            // A pending timer counts against both quotas, which are both 5 s here: whichever
            // is noticed first ends the call.
            (4, "quota of 5000 ms exceeded"),
        ] {
            let ann = Visitor::new(&shop.app);
            let id = ann.checkout_of(quantity, &product, &vs).await;
            let (s, b) = ann
                .call(
                    Method::POST,
                    &format!("/ecom/v1/checkouts/{id}/create-order"),
                    json!({}),
                )
                .await;
            assert_eq!(s, 400, "{quantity}: {b}");
            let message = b["message"].as_str().unwrap();
            assert!(
                message.contains("the ecom-additional-fees plugin flaky") && message.contains(said),
                "{quantity}: {message}"
            );
        }
        // The owner reads each failure with the plugin and its input.
        let (s, b) = call(shop.app.req_as(
            Method::GET,
            "/api/v1/sites/shop/logs?latest=true&level=error",
            &shop.owner,
        ))
        .await;
        assert_eq!(s, 200, "{b}");
        let logs = b["logs"].as_array().unwrap();
        assert!(
            logs.iter()
                .all(|l| l["source"] == "service plugin ecom-additional-fees/flaky"),
            "{b}"
        );
        let texts: Vec<&str> = logs
            .iter()
            .map(|l| l["message"].as_str().unwrap())
            .collect();
        for said in [
            "the fee service is down",
            "a price as a decimal string",
            "quota of 5000 ms",
            "wall-time quota",
        ] {
            assert!(
                texts
                    .iter()
                    .any(|t| t.contains(said) && t.contains("\ninput: [{\"currency\":\"USD\"")),
                "{said}: {texts:?}"
            );
        }
    }
}

const ACME_PAY: &str = r#"
export const connectAccount = async (options) =>
  options.credentials.key === 'k-123'
    ? { credentials: { key: options.credentials.key, merchant: 'm-1' }, accountName: 'Acme test account' }
    : { errorCode: 'INVALID_CREDENTIALS', errorMessage: 'unknown key' };

export const createTransaction = async (options) => {
  if (options.merchantCredentials.merchant !== 'm-1') return { pluginTransactionId: 'x', errorCode: 'NOT_CONNECTED' };
  const tx = `acme-${options.wixTransactionId}`;
  const total = options.order.description.totalAmount;
  if (total >= 10000) return { pluginTransactionId: tx, errorCode: 'CARD_DECLINED', errorMessage: 'over the limit' };
  if (total === 4000) return { pluginTransactionId: tx, reasonCode: 5005 };
  return { pluginTransactionId: tx };
};

export const refundTransaction = async (options) => ({ pluginRefundId: `r-${options.wixRefundId}` });
"#;

/// The provider's webhook: it tells the site what became of a pending payment.
const ACME_WEBHOOK: &str = r#"
import { ok } from 'wix-http-functions';
import { submitEvent } from 'wix-payment-provider-backend';
export async function post_acme(request) {
  const { order, tx } = await request.body.json();
  await submitEvent({ event: { transaction: { wixTransactionId: order, pluginTransactionId: tx } } });
  return ok({ body: {} });
}
"#;

#[tokio::test]
async fn a_payment_provider_plugin_takes_payments_and_refunds() {
    for backend in backends() {
        let shop = Shop::new(TestApp::spawn(backend).await).await;
        let (product, vs, _) = shop.tee(10, 10).await;
        let mut files = serde_json::Map::new();
        plugin(
            &mut files,
            "payment-provider",
            "acme-pay",
            ACME_PAY,
            "export const getConfig = () => ({ title: 'Acme Pay', paymentMethods: [{ hostedPage: { title: 'Acme' } }] });",
        );
        files.insert("backend/http-functions.js".into(), json!(ACME_WEBHOOK));
        shop.publish_code(Value::Object(files)).await;
        let connect = "/ecom/v1/service-plugins/payment-provider/acme-pay/connect";
        let (s, b) = shop
            .wix(
                Method::POST,
                connect,
                json!({"credentials": {"key": "nope"}}),
            )
            .await;
        assert_eq!(s, 400, "{b}");
        assert!(
            b["message"].as_str().unwrap().contains("unknown key"),
            "{b}"
        );
        let b = shop
            .ok(
                Method::POST,
                connect,
                json!({"credentials": {"key": "k-123"}}),
            )
            .await;
        assert_eq!(b["accountName"], "Acme test account");

        let key = "payment-provider/acme-pay";
        let order_of = |quantity: i64| {
            let (product, vs) = (product.clone(), vs.clone());
            let app = &shop.app;
            async move {
                let ann = Visitor::new(app);
                let id = ann.checkout_of(quantity, &product, &vs).await;
                let c = checkout(&ann, &id).await;
                assert!(
                    c["paymentProviders"]
                        .as_array()
                        .unwrap()
                        .contains(&json!(key)),
                    "{c}"
                );
                let b = ann
                    .ok(
                        Method::POST,
                        &format!("/ecom/v1/checkouts/{id}/create-order"),
                        json!({"paymentProvider": key}),
                    )
                    .await;
                let order = b["orderId"].as_str().unwrap().to_string();
                let paid = ann
                    .call(
                        Method::POST,
                        &format!("/_stores/v1/orders/{order}/pay"),
                        json!({}),
                    )
                    .await;
                (order, paid)
            }
        };
        // 20.00: approved at once.
        let (first, (s, b)) = order_of(1).await;
        assert_eq!(
            (s, b["transactionStatus"].as_str()),
            (200, Some("APPROVED")),
            "{b}"
        );
        assert_eq!(b["order"]["paymentStatus"], "PAID");
        // 40.00: pending until the provider's webhook says it went through.
        let (second, (s, b)) = order_of(2).await;
        assert_eq!(
            (s, b["order"]["paymentStatus"].as_str()),
            (200, Some("PENDING")),
            "{b}"
        );
        let (s, b) = call(
            shop.app
                .req_host(
                    Method::POST,
                    &format!("shop.localhost:{}", shop.app.addr.port()),
                    "/_functions/acme",
                )
                .json(&json!({"order": second, "tx": format!("acme-{second}")})),
        )
        .await;
        assert_eq!(s, 200, "{b}");
        let b = shop
            .ok(
                Method::GET,
                &format!("/ecom/v1/orders/{second}"),
                json!(null),
            )
            .await;
        assert_eq!(b["order"]["paymentStatus"], "PAID", "{b}");
        // 100.00: declined.
        let (_, (s, b)) = order_of(5).await;
        assert_eq!((s, code(&b)), (402, "PAYMENT_DECLINED"), "{b}");
        // The owner refunds the first through the provider.
        let b = shop
            .ok(
                Method::POST,
                &format!("/ecom/v1/payments/orders/{first}/refund"),
                json!({}),
            )
            .await;
        let refund = &b["orderTransactions"]["refunds"][0];
        assert_eq!(
            refund["transactions"][0]["providerRefundId"],
            format!("r-{}", refund["id"].as_str().unwrap()),
            "{b}"
        );
    }
}

/// Classes sold from a CMS collection: price and seats from the item.
const CLASSES: &str = r#"
import wixData from 'wix-data';
export const getCatalogItems = async (options) => {
  const catalogItems = [];
  for (const { catalogReference } of options.catalogReferences) {
    const c = await wixData.get('Classes', catalogReference.catalogItemId);
    if (!c) continue;
    catalogItems.push({
      catalogReference,
      data: {
        productName: { original: c.title },
        itemType: { preset: 'SERVICE' },
        price: c.price,
        quantityAvailable: c.seats,
        physicalProperties: { shippable: false },
        url: `/classes/${c._id}`,
      },
    });
  }
  return { catalogItems };
};
"#;

#[tokio::test]
async fn a_catalog_plugin_sells_items_of_a_collection() {
    for backend in backends() {
        let shop = Shop::new(TestApp::spawn(backend).await).await;
        shop.ok(
            Method::POST,
            "/wix-data/v2/collections",
            json!({"collection": {"id": "Classes"}}),
        )
        .await;
        let b = shop
            .ok(
                Method::POST,
                "/wix-data/v2/items",
                json!({"dataCollectionId": "Classes", "dataItem": {"data": {"title": "Pottery class", "price": "35.00", "seats": 2}}}),
            )
            .await;
        let class = b["dataItem"]["id"].as_str().unwrap().to_string();
        let mut files = serde_json::Map::new();
        plugin(&mut files, "ecom-catalog", "classes", CLASSES, CONFIG);
        shop.publish_code(Value::Object(files)).await;
        let reference = |id: &str, quantity: i64| json!({"lineItems": [{"catalogReference": {"appId": "classes", "catalogItemId": id}, "quantity": quantity}]});
        let ann = Visitor::new(&shop.app);
        let b = ann
            .ok(
                Method::POST,
                "/ecom/v1/carts/current/add-to-cart",
                reference(&class, 1),
            )
            .await;
        let l = &b["cart"]["lineItems"][0];
        assert_eq!(
            (
                l["productName"]["original"].as_str(),
                l["price"]["amount"].as_str(),
                l["url"].as_str()
            ),
            (
                Some("Pottery class"),
                Some("35.00"),
                Some(format!("/classes/{class}").as_str())
            ),
            "{b}"
        );
        // Two seats: a third is refused; an item the plugin does not sell is not found.
        let (s, b) = ann
            .call(
                Method::POST,
                "/ecom/v1/carts/current/add-to-cart",
                reference(&class, 2),
            )
            .await;
        assert_eq!((s, code(&b)), (409, "INSUFFICIENT_INVENTORY"), "{b}");
        let (s, _) = ann
            .call(
                Method::POST,
                "/ecom/v1/carts/current/add-to-cart",
                reference("no-such-class", 1),
            )
            .await;
        assert_eq!(s, 404);
        let b = ann
            .ok(
                Method::POST,
                "/ecom/v1/carts/current/create-checkout",
                json!({"email": "ann@example.com", "billingAddress": {"country": "US", "addressLine": "1 Main St"}}),
            )
            .await;
        let id = b["checkoutId"].as_str().unwrap();
        let b = ann
            .ok(
                Method::POST,
                &format!("/ecom/v1/checkouts/{id}/create-order"),
                json!({}),
            )
            .await;
        assert_eq!(
            b["order"]["priceSummary"]["total"]["amount"], "35.00",
            "{b}"
        );
        let order = b["orderId"].as_str().unwrap();
        let b = ann
            .ok(
                Method::POST,
                &format!("/_stores/v1/orders/{order}/pay"),
                json!({"cardNumber": "4242424242424242"}),
            )
            .await;
        assert_eq!(b["order"]["paymentStatus"], "PAID", "{b}");
    }
}
