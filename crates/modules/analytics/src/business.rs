//! Business figures of a time range, read from the other modules' records through the
//! store's traits (modules never import each other): store orders and their lines, bookings,
//! plan orders, abandoned checkouts. Form submissions and new members are the platform's
//! events, counted as they happen (`lib.rs`, `Module::event`) and summed with the hits.
//!
//! Sales are orders placed in the range and not canceled, at their total (before refunds,
//! as Wix's "total sales"); bookings' and plans' revenue is that of their lines in those
//! orders (told apart by the line's catalog app id, which each module names).

use std::collections::HashMap;

use tessera_core::{
    Millis, bookings::BookingFilter, commerce::OrderFilter, ids::SiteId, plans::PlanOrderFilter,
};
use tessera_platform::Platform;

/// Cents of a decimal amount as orders store it ("12.5" → 1250).
pub fn cents(v: &serde_json::Value) -> i64 {
    let s = match v {
        serde_json::Value::String(s) => s.as_str(),
        _ => return 0,
    };
    let negative = s.starts_with('-');
    let s = s.trim_start_matches('-');
    let (whole, frac) = s.split_once('.').unwrap_or((s, ""));
    let frac: String = frac.chars().chain("00".chars()).take(2).collect();
    let c = whole.parse::<i64>().unwrap_or(0) * 100 + frac.parse::<i64>().unwrap_or(0);
    if negative { -c } else { c }
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Product {
    pub name: String,
    pub quantity: i64,
    pub revenue: i64,
}

#[derive(Clone, Debug, Default)]
pub struct Sales {
    pub orders: i64,
    /// In cents of `currency`.
    pub revenue: i64,
    pub currency: String,
    /// Orders and revenue per day of the range (by the caller's day starts).
    pub days: Vec<(i64, i64)>,
    pub products: Vec<Product>,
    pub bookings_revenue: i64,
    pub plans_revenue: i64,
}

/// The app id of a running module's catalog lines, by the module's name.
fn app_of(p: &Platform, module: &str) -> Option<&'static str> {
    p.modules()
        .iter()
        .find(|m| m.name() == module)
        .and_then(|m| m.catalog_app_id())
}

/// The store's sales of `from..to`; `days` are the starts of the range's days (each day's
/// orders are those from its start to the next's, or `to`).
pub async fn sales(
    p: &Platform,
    site: SiteId,
    from: Millis,
    to: Millis,
    days: &[Millis],
) -> tessera_core::Result<Sales> {
    let filter = OrderFilter {
        created_from: Some(from),
        created_to: Some(to - 1),
        ..Default::default()
    };
    let bookings_app = app_of(p, "bookings");
    let plans_app = app_of(p, "plans");
    let mut s = Sales {
        days: vec![(0, 0); days.len()],
        ..Default::default()
    };
    let mut products: HashMap<String, Product> = HashMap::new();
    let mut offset = 0;
    loop {
        let (page, total) = p.store().orders(site, &filter, false, offset, 100).await?;
        offset += page.len() as u64;
        for o in &page {
            if o.status == "CANCELED" || o.created_at < from || o.created_at >= to {
                continue;
            }
            let total = cents(&o.doc["priceSummary"]["total"]["amount"]);
            s.orders += 1;
            s.revenue += total;
            if s.currency.is_empty() {
                s.currency = o.doc["currency"].as_str().unwrap_or_default().to_string();
            }
            let day = days
                .partition_point(|d| *d <= o.created_at)
                .saturating_sub(1);
            if let Some(d) = s.days.get_mut(day) {
                d.0 += 1;
                d.1 += total;
            }
            for l in o.doc["lineItems"].as_array().into_iter().flatten() {
                let quantity = l["quantity"].as_i64().unwrap_or(1);
                let line = cents(&l["price"]["amount"]) * quantity;
                let app = l["catalogReference"]["appId"].as_str();
                if app.is_some() && app == bookings_app {
                    s.bookings_revenue += line;
                } else if app.is_some() && app == plans_app {
                    s.plans_revenue += line;
                }
                let name = l["productName"]["original"].as_str().unwrap_or_default();
                let p = products.entry(name.to_string()).or_insert_with(|| Product {
                    name: name.to_string(),
                    ..Default::default()
                });
                p.quantity += quantity;
                p.revenue += line;
            }
        }
        if page.is_empty() || offset >= total {
            break;
        }
    }
    s.products = products.into_values().collect();
    s.products
        .sort_by(|a, b| b.revenue.cmp(&a.revenue).then(a.name.cmp(&b.name)));
    s.products.truncate(10);
    Ok(s)
}

/// Bookings that start in `from..to` and are not canceled or declined.
pub async fn bookings(
    p: &Platform,
    site: SiteId,
    from: Millis,
    to: Millis,
) -> tessera_core::Result<i64> {
    let filter = BookingFilter {
        from: Some(from),
        to: Some(to),
        statuses: vec!["CONFIRMED".into(), "PENDING".into()],
        ..Default::default()
    };
    let mut n = 0;
    let mut offset = 0;
    loop {
        let (page, total) = p.store().bookings(site, &filter, offset, 500).await?;
        offset += page.len() as u64;
        // The filter takes those overlapping the range: count those starting in it.
        n += page
            .iter()
            .filter(|b| b.start >= from && b.start < to)
            .count() as i64;
        if page.is_empty() || offset >= total {
            return Ok(n);
        }
    }
}

/// Plan orders made in `from..to` (newest first, so reading stops at the first older one).
pub async fn plan_sales(
    p: &Platform,
    site: SiteId,
    from: Millis,
    to: Millis,
) -> tessera_core::Result<i64> {
    let mut n = 0;
    let mut offset = 0;
    loop {
        let (page, _) = p
            .store()
            .plan_orders(site, &PlanOrderFilter::default(), offset, 100)
            .await?;
        offset += page.len() as u64;
        for o in &page {
            if o.created_at < from {
                return Ok(n);
            }
            if o.created_at < to && o.status != "CANCELED" {
                n += 1;
            }
        }
        if page.len() < 100 {
            return Ok(n);
        }
    }
}

/// Checkouts found abandoned (all the store keeps).
pub async fn abandoned(p: &Platform, site: SiteId) -> tessera_core::Result<u64> {
    Ok(p.store().abandoned_checkouts(site, 0, 1).await?.1)
}

#[cfg(test)]
mod tests {
    #[test]
    fn cents() {
        use serde_json::json;
        assert_eq!(super::cents(&json!("12.5")), 1250);
        assert_eq!(super::cents(&json!("12")), 1200);
        assert_eq!(super::cents(&json!("0.07")), 7);
        assert_eq!(super::cents(&json!("-3.10")), -310);
        assert_eq!(super::cents(&json!(null)), 0);
    }
}
