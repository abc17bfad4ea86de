//! Pricing plans (`PricingPlans/Plans`, Wix's v2 Plan shape) as words on a page: the price
//! ("10.00 USD every month", "Free") and what buying one is called. One wording for the
//! editor's plans list and the plans module's own pages.

use serde_json::{Map, Value};

/// The collection of the site's plans.
pub const PLANS: &str = "PricingPlans/Plans";

/// A plan's price in words: "10.00 USD every month", "5.00 USD for 7 days", "Free".
pub fn plan_price(pricing: &Value) -> String {
    let value = pricing["price"]["value"].as_str().unwrap_or("0");
    if is_zero(value) {
        return "Free".into();
    }
    let unit = |d: &Value| {
        let n = d["count"].as_i64().unwrap_or(1);
        let u = d["unit"].as_str().unwrap_or("MONTH").to_lowercase();
        if n == 1 { u } else { format!("{n} {u}s") }
    };
    let money = format!(
        "{value} {}",
        pricing["price"]["currency"].as_str().unwrap_or("")
    );
    let money = money.trim_end();
    if !pricing["subscription"].is_null() {
        format!(
            "{money} every {}",
            unit(&pricing["subscription"]["cycleDuration"])
        )
    } else if !pricing["singlePaymentForDuration"].is_null() {
        format!("{money} for {}", unit(&pricing["singlePaymentForDuration"]))
    } else {
        money.to_string()
    }
}

/// What the plan's button says: "Get it free" when nothing is ever paid for it, "Buy"
/// otherwise.
pub fn plan_action(plan: &Map<String, Value>) -> &'static str {
    let pricing = plan.get("pricing").unwrap_or(&Value::Null);
    let price = pricing["price"]["value"].as_str().unwrap_or("0");
    let fee = pricing["setupFee"]["value"].as_str().unwrap_or("0");
    if is_zero(price) && is_zero(fee) {
        "Get it free"
    } else {
        "Buy"
    }
}

fn is_zero(amount: &str) -> bool {
    amount.parse::<f64>().map_or(true, |v| v == 0.0)
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    #[test]
    fn prices_and_actions_in_words() {
        let monthly = json!({"subscription": {"cycleDuration": {"count": 1, "unit": "MONTH"}},
            "price": {"value": "10.00", "currency": "USD"}});
        assert_eq!(super::plan_price(&monthly), "10.00 USD every month");
        let week = json!({"singlePaymentForDuration": {"count": 7, "unit": "DAY"},
            "price": {"value": "3.00", "currency": "EUR"}});
        assert_eq!(super::plan_price(&week), "3.00 EUR for 7 days");
        let free = json!({"singlePaymentUnlimited": true, "price": {"value": "0"}});
        assert_eq!(super::plan_price(&free), "Free");
        let plan =
            |pricing: serde_json::Value| json!({ "pricing": pricing }).as_object().unwrap().clone();
        assert_eq!(super::plan_action(&plan(free.clone())), "Get it free");
        assert_eq!(super::plan_action(&plan(monthly)), "Buy");
        let mut fee = free;
        fee["setupFee"] = json!({"value": "2.00"});
        assert_eq!(super::plan_action(&plan(fee)), "Buy", "a setup fee is paid");
    }
}
