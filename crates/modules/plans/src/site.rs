//! The plans on the published site, as pages of its own theme (`pages::themed`): the plans
//! list (`/plans-pricing`, also where a member is sent from a page that a plan's role locks,
//! `?roles=` naming those plans), buying one (a store checkout for the signed-in member),
//! and "My plans" (`/account/my-plans`: the member's orders, with cancel where the plan lets
//! its buyer cancel).

use futures::FutureExt;
use serde_json::{Value, json};
use tessera_core::{data::DataCaller, plans::PlanOrderFilter, sites::Site};
use tessera_platform::{
    Platform, WixCode, WixError, WixResult,
    module::{CodeCaller, Method, RawCall, RawReply, RawRoute},
    pages::{SystemPage, escape_attr as at, escape_text as esc, themed},
};

use crate::{PLANS_APP_ID, orders, plans};

fn site_of(raw: &RawCall) -> WixResult<Site> {
    raw.ctx.as_ref().map(|c| c.site.clone()).ok_or_else(|| {
        WixError::new(
            WixCode::NoRoute,
            "the plans' pages are on a site's own address",
        )
    })
}

fn member(raw: &RawCall) -> Option<String> {
    match raw.ctx.as_ref().map(|c| &c.caller) {
        Some(DataCaller::Member { id, .. }) => Some(id.clone()),
        _ => None,
    }
}

fn redirect(to: &str) -> RawReply {
    RawReply {
        status: 303,
        headers: vec![
            ("location", to.to_string()),
            ("cache-control", "private, no-store".into()),
        ],
        body: Default::default(),
    }
}

async fn page(
    p: &Platform,
    raw: &RawCall,
    path: &str,
    title: &str,
    body: &str,
) -> WixResult<RawReply> {
    let site = site_of(raw)?;
    let page = SystemPage {
        title,
        description: None,
        image: None,
        no_index: path != "/plans-pricing",
        body,
        script: false,
    };
    let html = themed(p, &site, &raw.base_url, path, &page)
        .await?
        .ok_or_else(|| WixError::new(WixCode::ItemNotFound, "the site is not published"))?;
    Ok(RawReply {
        status: 200,
        headers: vec![
            ("content-type", "text/html; charset=utf-8".into()),
            ("cache-control", "private, no-store".into()),
        ],
        body: html.into(),
    })
}

/// A plan's price in words: "10.00 USD every month", "Free".
fn price_text(pricing: &Value) -> String {
    let value = pricing["price"]["value"].as_str().unwrap_or("0");
    if value.parse::<f64>().unwrap_or(0.0) == 0.0 {
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
    if !pricing["subscription"].is_null() {
        format!(
            "{money} every {}",
            unit(&pricing["subscription"]["cycleDuration"])
        )
    } else if !pricing["singlePaymentForDuration"].is_null() {
        format!("{money} for {}", unit(&pricing["singlePaymentForDuration"]))
    } else {
        money
    }
}

/// `GET /plans-pricing[?roles=plan-a,plan-b]`.
async fn list(p: Platform, raw: RawCall) -> WixResult<RawReply> {
    let site = site_of(&raw)?;
    let roles = raw.query.all("roles");
    let all = plans::all_public(&p, &site).await?;
    let shown: Vec<&tessera_core::data::Item> = all
        .iter()
        .filter(|i| {
            roles.is_empty()
                || i.data
                    .get("roleId")
                    .and_then(Value::as_str)
                    .is_some_and(|r| roles.iter().any(|x| x == r))
        })
        .collect();
    let mut body = String::from(
        "<section class=\"t-section t-plans\"><div class=\"inner\"><h1>Plans &amp; pricing</h1>",
    );
    if !roles.is_empty() {
        body.push_str("<p class=\"t-form-status\" role=\"status\">That page is for members with one of these plans. Get a plan to open it.</p>");
    }
    if shown.is_empty() {
        body.push_str("<p class=\"t-empty\">No plans are offered yet.</p>");
    }
    body.push_str("<ul class=\"t-plan-list\">");
    for i in shown {
        let d = Value::Object(i.data.clone());
        body.push_str(&format!(
            "<li class=\"t-plan\"><h2>{}</h2><p class=\"t-price\">{}</p>",
            esc(d["name"].as_str().unwrap_or_default()),
            esc(&price_text(&d["pricing"]))
        ));
        if let Some(days) = d["pricing"]["freeTrialDays"].as_i64().filter(|d| *d > 0) {
            body.push_str(&format!("<p>{days}-day free trial</p>"));
        }
        if let Some(t) = d["description"].as_str() {
            body.push_str(&format!("<p>{}</p>", esc(t)));
        }
        let perks = d["perks"]["values"].as_array().cloned().unwrap_or_default();
        if !perks.is_empty() {
            body.push_str("<ul class=\"t-perks\">");
            for perk in perks {
                body.push_str(&format!(
                    "<li>{}</li>",
                    esc(perk.as_str().unwrap_or_default())
                ));
            }
            body.push_str("</ul>");
        }
        body.push_str(&format!(
            "<form method=\"post\" action=\"/plans-pricing/{}\"><button class=\"t-button\" type=\"submit\">Get this plan</button></form></li>",
            at(&i.id)
        ));
    }
    body.push_str("</ul></div></section>");
    page(&p, &raw, "/plans-pricing", "Plans & pricing", &body).await
}

/// `POST /plans-pricing/{id}`: a store checkout of the plan for the signed-in member.
async fn buy(p: Platform, raw: RawCall) -> WixResult<RawReply> {
    let site = site_of(&raw)?;
    let Some(member) = member(&raw) else {
        return Ok(redirect("/login?returnUrl=%2Fplans-pricing"));
    };
    let id = raw.path_param("id").to_string();
    plans::get(&p, &site, &id).await?;
    let Some(op) = p
        .modules()
        .iter()
        .flat_map(|m| m.host_ops())
        .find(|(n, _)| *n == "stores")
        .map(|(_, op)| op)
    else {
        return Err(WixError::new(
            WixCode::FailedPrecondition,
            "plans are bought through the store, which is not installed",
        ));
    };
    let who = CodeCaller {
        site,
        caller: DataCaller::Code {
            member: Some(member),
        },
        visitor: raw.visitor.clone(),
    };
    let made = op(
        p.clone(),
        who,
        json!({"method": "POST", "path": "/ecom/v1/checkouts", "body": {
            "lineItems": [{"quantity": 1, "catalogReference": {"appId": PLANS_APP_ID, "catalogItemId": id}}],
        }}),
    )
    .await
    .map_err(|e| WixError::new(WixCode::FailedPrecondition, e.message))?;
    let checkout = made["checkout"]["id"].as_str().unwrap_or_default();
    Ok(redirect(&format!("/checkout?checkoutId={checkout}")))
}

/// `GET /account/my-plans`.
async fn mine(p: Platform, raw: RawCall) -> WixResult<RawReply> {
    let site = site_of(&raw)?;
    let Some(member) = member(&raw) else {
        return Ok(redirect("/login?returnUrl=%2Faccount%2Fmy-plans"));
    };
    let (list, _) = p
        .store()
        .plan_orders(
            site.id,
            &PlanOrderFilter {
                member_id: Some(member),
                ..Default::default()
            },
            0,
            100,
        )
        .await?;
    let mut body =
        String::from("<section class=\"t-section t-plans\"><div class=\"inner\"><h1>My plans</h1>");
    if list.is_empty() {
        body.push_str("<p class=\"t-empty\">You have no plans yet. <a href=\"/plans-pricing\">See the plans</a>.</p>");
    } else {
        body.push_str("<table><thead><tr><th scope=\"col\">Plan</th><th scope=\"col\">Status</th><th scope=\"col\">Until</th><th scope=\"col\"></th></tr></thead><tbody>");
        for o in list.iter().filter(|o| o.status != "DRAFT") {
            let until = o.doc["endDate"]
                .as_str()
                .or(o.doc["currentCycle"]["endedDate"].as_str())
                .unwrap_or("")
                .get(..10)
                .unwrap_or("");
            let cancel = if matches!(o.status.as_str(), "ACTIVE" | "PAUSED")
                && o.doc["autoRenewCanceled"] != json!(true)
            {
                format!(
                    "<form method=\"post\" action=\"/account/my-plans/{}/cancel\"><button class=\"t-button secondary\" type=\"submit\">Cancel</button></form>",
                    at(&o.id)
                )
            } else {
                String::new()
            };
            body.push_str(&format!(
                "<tr><td>{}</td><td>{}</td><td>{}</td><td>{cancel}</td></tr>",
                esc(o.doc["planName"].as_str().unwrap_or_default()),
                esc(&o.status),
                esc(until)
            ));
        }
        body.push_str("</tbody></table>");
    }
    body.push_str("</div></section>");
    page(&p, &raw, "/account/my-plans", "My plans", &body).await
}

/// `POST /account/my-plans/{id}/cancel`: at the end of the period paid for, when the plan lets
/// its buyer cancel.
async fn cancel(p: Platform, raw: RawCall) -> WixResult<RawReply> {
    let site = site_of(&raw)?;
    let Some(member) = member(&raw) else {
        return Ok(redirect("/login?returnUrl=%2Faccount%2Fmy-plans"));
    };
    let id = raw.path_param("id");
    let o = p
        .store()
        .plan_order(site.id, id)
        .await?
        .filter(|o| o.member_id == member)
        .ok_or_else(|| orders::not_found(id))?;
    let plan = plans::get(&p, &site, &o.plan_id).await?;
    if plan.data.get("buyerCanCancel") == Some(&json!(true)) {
        orders::cancel(
            &p,
            &site,
            id,
            &json!({"effectiveAt": "NEXT_PAYMENT_DATE"}),
            "MEMBER_ACTION",
        )
        .await?;
    }
    Ok(redirect("/account/my-plans"))
}

pub fn routes() -> Vec<RawRoute> {
    let route = |method, path: &str, handler| {
        RawRoute::new(method, path, 16 * 1024, handler).for_visitors()
    };
    vec![
        route(Method::Get, "/plans-pricing", |p, c| list(p, c).boxed()),
        route(Method::Post, "/plans-pricing/{id}", |p, c| {
            buy(p, c).boxed()
        }),
        route(Method::Get, "/account/my-plans", |p, c| mine(p, c).boxed()),
        route(Method::Post, "/account/my-plans/{id}/cancel", |p, c| {
            cancel(p, c).boxed()
        }),
    ]
}
