//! The plans on the published site, as pages of its own theme (`pages::themed`): the plans
//! list (`/plans-pricing`, also where a visitor is sent from a page that a plan's role locks,
//! `?roles=` naming those plans and `from=` the page), one plan's page
//! (`/plans-pricing/{id}`, where the editor's plans list links), buying one (a free plan
//! starts at once, another is a store checkout for the signed-in member), and "My plans"
//! (`/account/my-plans`: the member's orders, with cancel where the plan lets its buyer
//! cancel).

use futures::FutureExt;
use serde_json::{Value, json};
use tessera_core::{data::DataCaller, plans::PlanOrderFilter, sites::Site};
use tessera_platform::{
    Platform, WixCode, WixError, WixResult,
    module::{CodeCaller, Method, RawCall, RawReply, RawRoute},
    pages::{SystemPage, escape_attr as at, escape_text as esc, plan_action, plan_price, themed},
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
        // "My plans" needs a member's session, so a crawler never gets it: nothing to keep
        // out of an index.
        no_index: false,
        body,
        script: false,
    };
    let html = themed(p, &site, &raw.base_url, path, &page)
        .await?
        .ok_or_else(|| WixError::new(WixCode::ItemNotFound, "the site is not published"))?;
    Ok(RawReply::html(html))
}

/// The login page, coming back to `path` (percent-encoded) after.
fn login_to(path: &str) -> String {
    let back: String = path
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect();
    format!("/login?returnUrl={back}")
}

/// One plan as a card: name, price in words, trial, description, perks, and its button
/// (a form that buys it).
fn card(body: &mut String, id: &str, d: &Value, heading: &str) {
    let plan = d.as_object().cloned().unwrap_or_default();
    body.push_str(&format!(
        "<li class=\"t-plan\"><{heading}>{}</{heading}><p class=\"t-price\">{}</p>",
        esc(d["name"].as_str().unwrap_or_default()),
        esc(&plan_price(&d["pricing"]))
    ));
    if let Some(days) = d["pricing"]["freeTrialDays"].as_i64().filter(|d| *d > 0) {
        body.push_str(&format!("<p>{days}-day free trial</p>"));
    }
    if let Some(fee) = d["pricing"]["setupFee"]["value"]
        .as_str()
        .filter(|v| v.parse::<f64>().is_ok_and(|v| v > 0.0))
    {
        body.push_str(&format!(
            "<p>Setup fee {} {}</p>",
            esc(fee),
            esc(d["pricing"]["price"]["currency"].as_str().unwrap_or(""))
        ));
    }
    if let Some(t) = d["description"].as_str().filter(|t| !t.is_empty()) {
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
        "<form method=\"post\" action=\"/plans-pricing/{}\"><button class=\"t-button\" type=\"submit\">{}</button></form></li>",
        at(id),
        plan_action(&plan)
    ));
}

/// A path on this site to come back to (`/club`), or None.
fn local_path(v: Option<&str>) -> Option<&str> {
    v.filter(|p| p.starts_with('/') && !p.starts_with("//") && !p.contains('\\'))
}

/// `GET /plans-pricing[?roles=plan-a,plan-b&from=/club]`: with `roles`, the "get a plan"
/// prompt of a page those plans unlock.
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
        // A visitor may hold the plan already: signing in opens the page.
        if let (None, Some(from)) = (member(&raw), local_path(raw.query.one("from"))) {
            body.push_str(&format!(
                "<p>Have one of these plans? <a href=\"{}\">Log in</a>.</p>",
                at(&login_to(from))
            ));
        }
    }
    if shown.is_empty() {
        body.push_str("<p class=\"t-empty\">No plans are offered yet.</p>");
    }
    body.push_str("<ul class=\"t-plan-list\">");
    for i in shown {
        card(&mut body, &i.id, &Value::Object(i.data.clone()), "h2");
    }
    body.push_str("</ul></div></section>");
    page(&p, &raw, "/plans-pricing", "Plans & pricing", &body).await
}

/// `GET /plans-pricing/{id}`: one plan and its button (where the editor's plans list links);
/// a hidden plan too, which is sold by its link only.
async fn one(p: Platform, raw: RawCall) -> WixResult<RawReply> {
    let id = raw.path_param("id").to_string();
    let site = site_of(&raw)?;
    let plan = plans::get(&p, &site, &id).await?;
    if plan.data.get("archived") == Some(&json!(true)) {
        return Err(plans::not_found(&id));
    }
    let d = Value::Object(plan.data.clone());
    let name = d["name"].as_str().unwrap_or_default().to_string();
    let mut body = String::from(
        "<section class=\"t-section t-plans\"><div class=\"inner\"><ul class=\"t-plan-list\">",
    );
    card(&mut body, &plan.id, &d, "h1");
    body.push_str("</ul>");
    if let Some(terms) = d["termsAndConditions"].as_str().filter(|t| !t.is_empty()) {
        body.push_str(&format!("<h2>Terms</h2><p>{}</p>", esc(terms)));
    }
    body.push_str("<p><a href=\"/plans-pricing\">All plans</a></p></div></section>");
    page(&p, &raw, &format!("/plans-pricing/{id}"), &name, &body).await
}

/// `POST /plans-pricing/{id}`: a free plan starts at once; another is a store checkout for
/// the signed-in member.
async fn buy(p: Platform, raw: RawCall) -> WixResult<RawReply> {
    let site = site_of(&raw)?;
    let id = raw.path_param("id").to_string();
    let Some(member) = member(&raw) else {
        return Ok(RawReply::see_other(&login_to(&format!(
            "/plans-pricing/{id}"
        ))));
    };
    let plan = plans::get(&p, &site, &id).await?;
    if plan_action(&plan.data) == "Get it free" {
        orders::take_free(&p, &site, &plan, &member).await?;
        return Ok(RawReply::see_other("/account/my-plans"));
    }
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
    Ok(RawReply::see_other(&format!(
        "/checkout?checkoutId={checkout}"
    )))
}

/// `GET /account/my-plans`.
async fn mine(p: Platform, raw: RawCall) -> WixResult<RawReply> {
    let site = site_of(&raw)?;
    let Some(member) = member(&raw) else {
        return Ok(RawReply::see_other(
            "/login?returnUrl=%2Faccount%2Fmy-plans",
        ));
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
        return Ok(RawReply::see_other(
            "/login?returnUrl=%2Faccount%2Fmy-plans",
        ));
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
    Ok(RawReply::see_other("/account/my-plans"))
}

pub fn routes() -> Vec<RawRoute> {
    let route = |method, path: &str, handler| {
        RawRoute::new(method, path, 16 * 1024, handler).for_visitors()
    };
    vec![
        route(Method::Get, "/plans-pricing", |p, c| list(p, c).boxed()),
        route(Method::Get, "/plans-pricing/{id}", |p, c| one(p, c).boxed()),
        route(Method::Post, "/plans-pricing/{id}", |p, c| {
            buy(p, c).boxed()
        }),
        route(Method::Get, "/account/my-plans", |p, c| mine(p, c).boxed()),
        route(Method::Post, "/account/my-plans/{id}/cancel", |p, c| {
            cancel(p, c).boxed()
        }),
    ]
}
